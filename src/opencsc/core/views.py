"""The home page: the children a worker holds, a manager's team's children, or a landing page."""

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import JsonResponse
from django.shortcuts import render
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
