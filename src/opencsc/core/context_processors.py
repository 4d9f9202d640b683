from django.conf import settings


def council(request):
    """The council's name and codes, for the page header and returns pages."""
    return {
        "council_name": settings.OPENCSC_LA_NAME,
        "council_la_code": settings.OPENCSC_LA_CODE,
    }
