"""Subject access exports for the roles that answer them (head of service, director).

404, not 403, for a child the user may not open (``visible_children``: a restricted record
only for those named), like every other page about a child.
"""

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from opencsc.accounts.rules import Rule, view_rule
from opencsc.people.access import get_child_for_user, visible_children

from . import actions, sar
from .rules import RULES


class SubjectForm(forms.Form):
    la_child_id = forms.CharField(
        label="LA child ID",
        max_length=20,
        help_text="The council's id for the child, as on their record.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"}),
    )


@view_rule(Rule.SUBJECT_ACCESS)
@require_GET
def sar_start(request):
    """Find the child a subject access request is about; list the retention rules in force."""
    form = SubjectForm(request.GET if "la_child_id" in request.GET else None)
    if form.is_valid():
        wanted = form.cleaned_data["la_child_id"].strip()
        child = visible_children(request.user).filter(la_child_id__iexact=wanted).first()
        if child is not None:
            return redirect("privacy:sar-detail", person_id=child.pk)
        form.add_error(
            "la_child_id",
            f"No child with LA child ID {wanted} that you may open. Check the ID on their record.",
        )
    return render(request, "privacy/sar_start.html", {"form": form, "rules": RULES})


@view_rule(Rule.SUBJECT_ACCESS)
@require_GET
def sar_detail(request, person_id: int):
    """What an export for this child holds (counts per section) and the downloads."""
    person = get_child_for_user(request, person_id)
    document = sar.build_document(person=person, by=request.user)
    sections = [(s["title"], len(s["rows"])) for s in document["sections"] if s["rows"]] + [
        ("Chronology entries", len(document["chronology"])),
        ("Changes made to the record", len(document["audit_events"])),
        ("Times the record was seen", len(document["access_events"])),
    ]
    return render(
        request,
        "privacy/sar_detail.html",
        {
            "person": person,
            "sections": sections,
            "third_party": document["third_party_fields"],
            "empty": [s["title"] for s in document["sections"] if not s["rows"]],
        },
    )


@view_rule(Rule.SUBJECT_ACCESS)
@require_GET
def sar_download(request, person_id: int, fmt: str):
    """The export as a file (``sar.json`` or ``sar.html``); the disclosure is recorded by the
    action (an export access event and an audit event), not as a page read."""
    person = visible_children(request.user).filter(pk=person_id).first()
    if person is None:
        raise Http404("No child record found.")
    export = actions.export_subject_access(by=request.user, person=person, path=request.path)
    if fmt == "json":
        body, content_type = export.json_text, "application/json; charset=utf-8"
    else:
        body, content_type = export.html, "text/html; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    name = f"sar-{person.la_child_id or person.pk}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response
