"""The Returns page: produce, check and download the statutory returns."""

from collections import defaultdict

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from opencsc.accounts.rules import Rule, view_rule
from opencsc.core.errors import ActionError
from opencsc.core.govuk import add_action_error
from opencsc.people.access import visible_children

from . import actions
from .forms import ReturnRequestForm
from .models import ReturnRun
from .tasks import output_dir


@view_rule(Rule.RETURNS)
@require_GET
def return_list(request):
    return render(
        request,
        "returns/return_list.html",
        {
            "form": ReturnRequestForm(),
            "runs": ReturnRun.objects.select_related("requested_by")[:30],
        },
    )


@view_rule(Rule.RETURNS)
@require_POST
def return_create(request):
    form = ReturnRequestForm(request.POST)
    if form.is_valid():
        try:
            run = actions.request_return(
                by=request.user,
                kind=form.cleaned_data["kind"],
                year=form.cleaned_data["year"],
                as_of=form.cleaned_data["as_of"],
            )
        except ActionError as error:
            add_action_error(form, error)
        else:
            return redirect("returns:return-detail", run_id=run.pk)
    runs = ReturnRun.objects.select_related("requested_by")[:30]
    return render(request, "returns/return_list.html", {"form": form, "runs": runs}, status=400)


@view_rule(Rule.RETURNS)
@require_GET
def return_detail(request, run_id: int):
    run = get_object_or_404(ReturnRun, pk=run_id)
    issues = run.report.get("issues", []) if run.report else []
    # Link each child to their record where this user may open it (deny by default).
    ids = {i["child_id"] for i in issues if i.get("child_id")}
    linkable = dict(
        visible_children(request.user).filter(la_child_id__in=ids).values_list("la_child_id", "pk")
    )
    groups: dict[str, dict] = {}
    for kind in ("error", "query", "known"):
        groups[kind] = defaultdict(list)
    for issue in issues:
        kind = (
            "known"
            if issue.get("known_defect")
            else ("query" if issue.get("rule_type") == "query" else "error")
        )
        issue = {**issue, "person_id": linkable.get(issue.get("child_id"))}
        groups[kind][issue["rule_code"]].append(issue)
    return render(
        request,
        "returns/return_detail.html",
        {
            "run": run,
            "errors": dict(groups["error"]),
            "queries": dict(groups["query"]),
            "known": dict(groups["known"]),
            "refresh": not run.is_finished,
        },
    )


@view_rule(Rule.RETURNS)
@require_GET
def return_download(request, run_id: int):
    run = get_object_or_404(ReturnRun, pk=run_id)
    path = output_dir(run) / run.output if run.output else None
    if path is None or not path.is_file():
        raise Http404("This return has no file to download.")
    actions.record_download(by=request.user, run=run, path=request.path)
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)
