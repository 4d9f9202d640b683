"""Oversight pages for analysts and leaders: counts and pseudonymised lists, never case records."""

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from opencsc.accounts.rules import Rule, view_rule
from opencsc.core.checks import check_reporting_date
from opencsc.core.errors import ActionError
from opencsc.core.govuk import DateField

from . import indicators, pseudonymised

PSEUDONYMISED_PER_PAGE = 100


class CohortForm(forms.Form):
    cohort = forms.ChoiceField(
        label="Which children?",
        choices=list(pseudonymised.COHORTS.items()),
        widget=forms.RadioSelect,
    )
    on = DateField(
        label="On date",
        help_text="The list shows the children in the group on this day. For example, 31 3 2026",
    )

    def clean_on(self):
        on = self.cleaned_data["on"]
        try:
            check_reporting_date(on, field="on", what=self.fields["on"].label)
        except ActionError as error:
            raise forms.ValidationError(error.text, code="range") from None
        return on


@view_rule(Rule.AGGREGATES)
@require_GET
def pseudonymised_list(request):
    """A cohort of children on a date under stable pseudonyms, with counts: for analysts, who
    may not see case records. No names, dates of birth, addresses or identifiers."""
    asked = "cohort" in request.GET
    form = CohortForm(
        request.GET if asked else None,
        initial={"cohort": "cla", "on": timezone.localdate()},
    )
    cohort = page = None
    if asked and form.is_valid():
        cohort = pseudonymised.build(form.cleaned_data["cohort"], form.cleaned_data["on"])
        page = Paginator(cohort.rows, PSEUDONYMISED_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "oversight/pseudonymised_list.html",
        {
            "form": form,
            "cohort": cohort,
            "cohort_label": pseudonymised.COHORTS.get(cohort.cohort) if cohort else "",
            "page": page,
            "query_string": query.urlencode(),
        },
        status=400 if asked and not form.is_valid() else 200,
    )


@view_rule(Rule.AGGREGATES)
@require_GET
def indicator_catalogue(request):
    """Every indicator of the catalogue, generated from the code: what it counts, over which
    period, and where the DfE publishes it. Grouped by outcome area."""
    entries = indicators.catalogue()
    areas = [
        (area, f"area-{i}", [e for e in entries if e.area == area])
        for i, area in enumerate(indicators.AREAS, start=1)
    ]
    return render(
        request,
        "oversight/indicator_catalogue.html",
        {"areas": areas, "total": len(entries), "published": sum(1 for e in entries if e.dfe_code)},
    )
