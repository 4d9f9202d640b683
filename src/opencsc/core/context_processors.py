from django.conf import settings


def council(request):
    """The council's name and codes, for the page header and returns pages."""
    from .access import can_produce_returns, sees_case_records

    user = getattr(request, "user", None)
    return {
        "council_name": settings.OPENCSC_LA_NAME,
        "council_la_code": settings.OPENCSC_LA_CODE,
        "sees_case_records": bool(user and user.is_authenticated and sees_case_records(user)),
        "can_produce_returns": bool(user and user.is_authenticated and can_produce_returns(user)),
    }
