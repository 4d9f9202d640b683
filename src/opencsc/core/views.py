"""The site's error pages, for every app (``handler404``, ``handler500`` in ``opencsc/urls.py``)."""

import logging

from django.conf import settings
from django.http import HttpResponseServerError, JsonResponse
from django.template import loader
from django.utils import timezone
from django.views import defaults

API_PREFIX = "/api/"


def not_found(request, exception):
    """The site's 404 (``handler404``): no URL pattern matched, or a view raised Http404."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse(
            {"detail": "Not found: no such path in this API (see /api/schema/)."}, status=404
        )
    return defaults.page_not_found(request, exception)


def server_error(request):
    """The site's 500 (``handler500``): a view failed. JSON under /api/, the GOV.UK page elsewhere.

    Rendered without the context processors and without the signed-in user: what failed may be
    the database they read. Must not fail itself, so a plain line stands in if the page does.
    """
    if request.path.startswith(API_PREFIX):
        return JsonResponse(
            {"detail": "Something went wrong on the server. Try again later."}, status=500
        )
    try:
        html = loader.get_template("500.html").render(
            {
                "council_name": settings.OPENCSC_LA_NAME,
                # The page's two inline scripts run under the Content-Security-Policy's nonce.
                "CSP_NONCE": str(getattr(request, "csp_nonce", "")),
                "happened_at": timezone.localtime(),
            }
        )
    except Exception:
        logging.getLogger(__name__).exception("The 500 page could not be rendered")
        html = "<h1>Sorry, there is a problem with the service</h1><p>Try again later.</p>"
    return HttpResponseServerError(html)
