"""Oversight pages for analysts and leaders: counts and pseudonymised lists, never case records."""

import csv

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from opencsc.accounts.rules import Rule, allows, view_rule
from opencsc.core.calendar import add_days, add_months
from opencsc.core.checks import FIRST_COLLECTION_YEAR, check_reporting_date
from opencsc.core.errors import ActionError
from opencsc.core.govuk import DateField
from opencsc.core.years import (
    collection_year_label,
    collection_year_long_label,
    latest_complete_year,
)
from opencsc.people.access import visible_children
from opencsc.people.codes import Ethnicity, Sex
from opencsc.people.models import Person

from . import benchmarks, charts, disclosure, indicators, pseudonymised
from .indicators import workforce as workforce_indicators

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


# --- The dashboard ------------------------------------------------------------------------------


def _years() -> list[tuple[int, str]]:
    latest = latest_complete_year(timezone.localdate())
    return [
        (y, collection_year_long_label(y)) for y in range(latest, FIRST_COLLECTION_YEAR - 1, -1)
    ]


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label="Collection year", coerce=int, choices=_years)


def dashboard_rows(period: indicators.Period) -> list[dict]:
    """Every indicator for ``period``, with the DfE's published figures beside it."""
    la_code = str(settings.OPENCSC_LA_CODE)
    rows = []
    for entry in indicators.catalogue():
        count = entry.compute(period)
        comparison, published_for = None, ""
        workforce = entry.area == "Workforce"
        if entry.dfe_code:
            year = workforce_indicators.census_date(period).year if workforce else period.year
            comparison = benchmarks.compare(entry.dfe_code, year, la_code)
        if comparison is not None:
            year = comparison.reporting_year
            published_for = f"30 September {year}" if workforce else collection_year_label(year)
        rows.append(
            {
                "entry": entry,
                "count": count,
                "value": indicators.value(entry, count),
                "comparison": comparison,
                "published_for": published_for,
            }
        )
    return rows


@view_rule(Rule.AGGREGATES)
@require_GET
def dashboard(request):
    """Every indicator for a collection year, grouped by outcome area, beside the DfE's
    published figures for the council, England, its region and its statistical neighbours.
    ``?format=csv`` downloads the same table."""
    form = YearForm(request.GET if "year" in request.GET else None)
    if form.is_bound and not form.is_valid():
        return render(request, "oversight/dashboard.html", {"form": form}, status=400)
    year = form.cleaned_data["year"] if form.is_bound else _years()[0][0]
    period = indicators.Period.for_year(year)
    rows = dashboard_rows(period)
    if request.GET.get("format") == "csv":
        return _dashboard_csv(rows, year)
    area = benchmarks.council(str(settings.OPENCSC_LA_CODE))
    groups = [(name, [r for r in rows if r["entry"].area == name]) for name in indicators.AREAS]
    query = request.GET.copy()
    query["year"] = year
    query["format"] = "csv"
    return render(
        request,
        "oversight/dashboard.html",
        {
            "form": form if form.is_bound else YearForm(initial={"year": year}),
            "year": year,
            "year_label": collection_year_label(year),
            "groups": groups,
            "area": area,
            "csv_query": query.urlencode(),
        },
    )


CSV_COLUMNS = [
    "code",
    "name",
    "value",
    "numerator",
    "denominator",
    "published_year",
    "published_council",
    "published_england",
    "published_region",
    "published_neighbours_average",
]


def _dashboard_csv(rows: list[dict], year: int) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="indicators-{year}.csv"'
    writer = csv.writer(response, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        entry, count, c = row["entry"], row["count"], row["comparison"]
        # It leaves the service: counts of 1 to 5 suppressed (disclosure.py).
        value, numerator, denominator = disclosure.released(
            row["value"], count.numerator, count.denominator, is_count=entry.unit == "count"
        )
        writer.writerow(
            [
                entry.code,
                entry.name,
                value,
                numerator,
                denominator,
                row["published_for"],
                c.council.value if c and c.council else "",
                c.england.value if c and c.england else "",
                c.region_figure.value if c and c.region_figure else "",
                "" if c is None or c.neighbours_average is None else c.neighbours_average,
            ]
        )
    return response


@view_rule(Rule.AGGREGATES)
@require_GET
def indicator_children(request, code):
    """The children counted in an indicator's numerator for a collection year. Leaders, who
    may open case records, see each child by name with a link to their record (only the
    children they may see); analysts see pseudonymised rows, restricted records counted, not
    listed."""
    entry = indicators.CATALOGUE.get(code)
    if entry is None:
        raise Http404("No such indicator.")
    form = YearForm(request.GET if "year" in request.GET else None)
    if form.is_bound and not form.is_valid():
        return render(
            request, "oversight/indicator_children.html", {"form": form, "entry": entry}, status=400
        )
    year = form.cleaned_data["year"] if form.is_bound else _years()[0][0]
    count = entry.compute(indicators.Period.for_year(year))
    ids = sorted(count.children)
    named, rows, unlisted = [], [], 0
    if allows(Rule.CASE_RECORDS, request.user):
        named = list(
            visible_children(request.user)
            .filter(pk__in=ids)
            .order_by("last_name", "first_name", "pk")
            .only("first_name", "last_name", "la_child_id")
        )
        unlisted = len(ids) - len(named)
    else:
        on = indicators.Period.for_year(year).end
        for values in Person.objects.filter(pk__in=ids).values(
            "pk", "date_of_birth", "sex", "ethnicity", "restricted"
        ):
            if values["restricted"]:
                unlisted += 1
                continue
            rows.append(
                {
                    "pseudonym": pseudonymised.pseudonym(values["pk"]),
                    "age_band": pseudonymised.age_band(values["date_of_birth"], on),
                    "sex": Sex(values["sex"]).label if values["sex"] in Sex.values else "",
                    "ethnicity": Ethnicity(values["ethnicity"]).label
                    if values["ethnicity"] in Ethnicity.values
                    else values["ethnicity"],
                }
            )
        rows.sort(key=lambda r: r["pseudonym"])
    by_year, by_month = _trends(entry, year)
    return render(
        request,
        "oversight/indicator_children.html",
        {
            "by_year": by_year,
            "by_month": by_month,
            "year_chart": _chart(entry, by_year, "by collection year", "trend-years"),
            "month_chart": _chart(
                entry, by_month, f"by month, {collection_year_label(year)}", "trend-months"
            )
            if by_month
            else None,
            "form": form if form.is_bound else YearForm(initial={"year": year}),
            "entry": entry,
            "count": count,
            "value": indicators.value(entry, count),
            "year": year,
            "year_label": collection_year_label(year),
            "children": len(ids),
            "named": named,
            "rows": rows,
            "unlisted": unlisted,
        },
    )


def _trends(entry: indicators.Indicator, year: int) -> tuple[list[dict], list[dict]]:
    """The indicator in each collection year opencsc reports on, and in each month of ``year``
    (none for a measure defined over a collection year only)."""
    by_year = []
    for each in range(FIRST_COLLECTION_YEAR, _years()[0][0] + 1):
        count = entry.compute(indicators.Period.for_year(each))
        label = collection_year_label(each)
        by_year.append({"label": label, "count": count, "value": indicators.value(entry, count)})
    by_month = []
    if entry.period != "year":
        first = indicators.Period.for_year(year).start
        for n in range(12):
            start = add_months(first, n)
            period = indicators.Period(start, add_days(add_months(start, 1), -1))
            count = entry.compute(period)
            label = f"{start:%b %Y}"
            by_month.append(
                {"label": label, "count": count, "value": indicators.value(entry, count)}
            )
    return by_year, by_month


def _chart(entry: indicators.Indicator, rows: list[dict], when: str, ident: str):
    points = [charts.Point(r["label"].split(" ")[0], r["value"]) for r in rows]
    return charts.bars(
        points,
        title=f"{entry.name}, {when}",
        description=f"A bar chart of the {entry.unit_text} {when}; the table beside it gives "
        "the same figures.",
        ident=ident,
    )
