"""The home page: the children a worker holds, a manager's team's children, or a landing page."""

import logging

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django.views import defaults
from django.views.decorators.http import require_GET

from opencsc.accounts.models import Role
from opencsc.people.views import list_rows, open_social_worker
from opencsc.workforce.models import Allocation

from .access import TEAM_ROLES, Rule, sees_case_records, view_rule, visible_children

PER_PAGE = 50
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


@view_rule(Rule.SIGNED_IN)
@require_GET
def home(request):
    user = request.user
    if user.role in TEAM_ROLES:
        mine = Allocation.objects.open().filter(person=OuterRef("pk"), worker__user=user)
        children, heading = visible_children(user).filter(Exists(mine)), "My children"
    elif user.role == Role.TEAM_MANAGER:
        children, heading = visible_children(user), "Your team's children"
    else:
        children, heading = None, ""
    page = None
    if children is not None:
        page = Paginator(children.prefetch_related(open_social_worker()), PER_PAGE).get_page(
            request.GET.get("page")
        )
        page.object_list = list_rows(page.object_list)
    return render(
        request,
        "core/home.html",
        {"heading": heading, "page": page, "can_search": sees_case_records(user)},
    )
