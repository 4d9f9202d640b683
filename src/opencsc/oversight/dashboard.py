"""The indicators dashboard for analysts and leaders, and its drill-down to the children.

Every indicator for a collection year or any other period, grouped by outcome area, by ILACS
judgement area or by National Framework outcome, beside the DfE's published figures
(``benchmarks``); a CSV or XLSX download with small numbers suppressed (``disclosure``); and
for each indicator its trend by year and by month (``charts``) and the children counted in it.
"""

import csv
import io

from django import forms
from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET
from openpyxl import Workbook

from opencsc.accounts.rules import Rule, allows, view_rule
from opencsc.core.calendar import add_days, add_months
from opencsc.core.checks import FIRST_COLLECTION_YEAR, check_reporting_date
from opencsc.core.errors import ActionError
from opencsc.core.govuk import DateField
from opencsc.core.years import (
    collection_year,
    collection_year_label,
    collection_year_long_label,
    latest_complete_year,
)
from opencsc.people.access import visible_children
from opencsc.people.codes import Ethnicity, Sex
from opencsc.people.models import Person

from . import benchmarks, charts, disclosure, indicators, pseudonymised
from .indicators import workforce as workforce_indicators

# How the dashboard can group the indicators. ILACS: the judgement areas of Ofsted's inspection
# of local authority children's services (2023 framework). The National Framework: the DfE's
# Children's Social Care National Framework (2023), its outcomes and the workforce enabler.
# Both are mapped from the indicator's outcome area (docs/indicators.md "Overview by area").
GROUPINGS = {
    "area": "Outcome area",
    "ilacs": "ILACS judgement area",
    "framework": "National Framework outcome",
}
HELP = "The experiences and progress of children who need help and protection"
IN_CARE = "The experiences and progress of children in care"
LEADERS = "The impact of leaders on social work practice with children and families"
ILACS = {
    "Front door and help": HELP,
    "Child protection": HELP,
    "Children in care": IN_CARE,
    "Adoption and permanence": IN_CARE,
    "Care leavers": "The experiences and progress of care leavers",
    "Workforce": LEADERS,
}
HOMES = "Children in care and care leavers have stable, loving homes"
FRAMEWORK = {
    "Front door and help": "Children, young people and families stay together and get the help "
    "they need",
    "Child protection": "Children and young people are safe in and outside of their homes",
    "Children in care": HOMES,
    "Adoption and permanence": HOMES,
    "Care leavers": HOMES,
    "Workforce": "The workforce is equipped and effective (enabler)",
}


def group_of(entry: indicators.Indicator, grouping: str) -> str:
    if grouping == "ilacs":
        return ILACS[entry.area]
    if grouping == "framework":
        return FRAMEWORK[entry.area]
    return entry.area


def _years() -> list[tuple[int, str]]:
    latest = latest_complete_year(timezone.localdate())
    return [
        (y, collection_year_long_label(y)) for y in range(latest, FIRST_COLLECTION_YEAR - 1, -1)
    ]


class PeriodForm(forms.Form):
    """A collection year, or the first and last days of any other period."""

    year = forms.TypedChoiceField(
        label="Collection year", coerce=int, choices=_years, required=False, empty_value=None
    )
    first = DateField(
        label="First day of another period",
        required=False,
        help_text="Instead of a collection year. For example, 1 10 2025",
    )
    last = DateField(
        label="Last day of that period", required=False, help_text="For example, 31 3 2026"
    )
    group = forms.ChoiceField(
        label="Group the indicators by",
        choices=list(GROUPINGS.items()),
        required=False,
        widget=forms.RadioSelect,
    )

    def clean(self):
        data = super().clean()
        first, last = data.get("first"), data.get("last")
        if self.errors:
            return data
        if first or last:
            for field, day, what in (("first", first, "first day"), ("last", last, "last day")):
                try:
                    check_reporting_date(day, field=field, what=what)
                except ActionError as error:
                    self.add_error(field, error.text)
            if first and last and last < first:
                self.add_error("last", "The last day must be the same as or after the first day")
            if not self.errors:
                data["period"] = indicators.Period(first, last)
        else:
            data["period"] = indicators.Period.for_year(data.get("year") or _years()[0][0])
        data["group"] = data.get("group") or "area"
        return data


def _form(request) -> PeriodForm:
    asked = any(key.split("_")[0] in {"year", "first", "last"} for key in request.GET)
    return PeriodForm(request.GET if asked else None)


def _period_and_form(request) -> tuple[PeriodForm, indicators.Period | None, str]:
    form = _form(request)
    if not form.is_bound:
        period = indicators.Period.for_year(_years()[0][0])
        group = request.GET.get("group") if request.GET.get("group") in GROUPINGS else "area"
        return PeriodForm(initial={"year": period.year, "group": group}), period, group
    if not form.is_valid():
        return form, None, "area"
    return form, form.cleaned_data["period"], form.cleaned_data["group"]


def _published_year(entry: indicators.Indicator, period: indicators.Period) -> int:
    if entry.area == "Workforce":
        return workforce_indicators.census_date(period).year
    return period.year or collection_year(period.end)


def dashboard_rows(period: indicators.Period) -> list[dict]:
    """Every indicator for ``period`` (None for one defined over a collection year only, when
    the period is not one), with the DfE's published figures beside it."""
    la_code = str(settings.OPENCSC_LA_CODE)
    rows = []
    for entry in indicators.catalogue():
        count = entry.compute(period) if entry.allows(period) else None
        comparison, published_for = None, ""
        if entry.dfe_code:
            comparison = benchmarks.compare(entry.dfe_code, _published_year(entry, period), la_code)
        if comparison is not None:
            year = comparison.reporting_year
            published_for = (
                f"30 September {year}" if entry.area == "Workforce" else collection_year_label(year)
            )
        rows.append(
            {
                "entry": entry,
                "count": count,
                "value": indicators.value(entry, count) if count else None,
                "comparison": comparison,
                "published_for": published_for,
            }
        )
    return rows


@view_rule(Rule.AGGREGATES)
@require_GET
def dashboard(request):
    """Every indicator for a period, grouped, beside the DfE's published figures for the
    council, England, its region and its statistical neighbours. ``?format=csv`` or ``xlsx``
    downloads the same table, small numbers suppressed."""
    form, period, grouping = _period_and_form(request)
    if period is None:
        return render(request, "oversight/dashboard.html", {"form": form}, status=400)
    rows = dashboard_rows(period)
    if request.GET.get("format") in DOWNLOADS:
        return DOWNLOADS[request.GET["format"]](rows, period)
    names = list(dict.fromkeys(group_of(e, grouping) for e in indicators.catalogue()))
    groups = [(name, [r for r in rows if group_of(r["entry"], grouping) == name]) for name in names]
    query = _period_query(request, period)
    return render(
        request,
        "oversight/dashboard.html",
        {
            "form": form,
            "period": period,
            "period_label": period.label,
            "groups": groups,
            "grouping": GROUPINGS[grouping],
            "area": benchmarks.council(str(settings.OPENCSC_LA_CODE)),
            "period_query": query.urlencode(),
            "csv_query": _with(query, format="csv"),
            "xlsx_query": _with(query, format="xlsx"),
        },
    )


def _period_query(request, period: indicators.Period):
    """The query naming ``period`` (and the grouping), for links to the same view of it."""
    query = request.GET.copy()
    for key in ("format", "page"):
        query.pop(key, None)
    if period.year is not None and not any(k.startswith(("first", "last")) for k in query):
        query["year"] = period.year
    return query


def _with(query, **extra) -> str:
    out = query.copy()
    for key, value in extra.items():
        out[key] = value
    return out.urlencode()


DOWNLOAD_COLUMNS = [
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


def _download_rows(rows: list[dict]) -> list[list]:
    out = []
    for row in rows:
        entry, count, c = row["entry"], row["count"], row["comparison"]
        if count is None:
            value = numerator = denominator = ""
        else:
            # It leaves the service: counts of 1 to 5 suppressed (disclosure.py).
            value, numerator, denominator = disclosure.released(
                row["value"], count.numerator, count.denominator, is_count=entry.unit == "count"
            )
        out.append(
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
                "" if c is None or c.neighbours_average is None else str(c.neighbours_average),
            ]
        )
    return out


def _file_name(period: indicators.Period, extension: str) -> str:
    when = str(period.year) if period.year else f"{period.start}-to-{period.end}"
    return f"indicators-{when}.{extension}"


def _csv(rows: list[dict], period: indicators.Period) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_file_name(period, "csv")}"'
    writer = csv.writer(response, lineterminator="\n")
    writer.writerow(DOWNLOAD_COLUMNS)
    writer.writerows(_download_rows(rows))
    return response


def _xlsx(rows: list[dict], period: indicators.Period) -> HttpResponse:
    book = Workbook()
    sheet = book.active
    sheet.title = "Indicators"
    sheet.append([f"Indicators for {period.label}"])
    sheet.append(DOWNLOAD_COLUMNS)
    for row in _download_rows(rows):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_file_name(period, "xlsx")}"'
    return response


DOWNLOADS = {"csv": _csv, "xlsx": _xlsx}


# --- The drill-down -------------------------------------------------------------------------------


@view_rule(Rule.AGGREGATES)
@require_GET
def indicator_children(request, code):
    """The children counted in an indicator's numerator for a period. Leaders, who may open
    case records, see each child by name with a link to their record (only the children they
    may see); analysts see pseudonymised rows, restricted records counted, not listed."""
    entry = indicators.CATALOGUE.get(code)
    if entry is None:
        raise Http404("No such indicator.")
    form, period, _grouping = _period_and_form(request)
    context = {"form": form, "entry": entry}
    if period is None:
        return render(request, "oversight/indicator_children.html", context, status=400)
    context |= {"period": period, "period_label": period.label}
    context["period_query"] = _period_query(request, period).urlencode()
    if not entry.allows(period):
        context["not_for_period"] = True
        return render(request, "oversight/indicator_children.html", context)
    count = entry.compute(period)
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
        rows, unlisted = _pseudonymised(ids, period.end)
    by_year, by_month = _trends(entry, period)
    context |= {
        "by_year": by_year,
        "by_month": by_month,
        "year_chart": _chart(entry, by_year, "by collection year", "trend-years"),
        "month_chart": _chart(entry, by_month, f"by month, {period.label}", "trend-months")
        if by_month
        else None,
        "count": count,
        "value": indicators.value(entry, count),
        "children": len(ids),
        "named": named,
        "rows": rows,
        "unlisted": unlisted,
    }
    return render(request, "oversight/indicator_children.html", context)


def _pseudonymised(ids: list[int], on) -> tuple[list[dict], int]:
    """The children as pseudonymised rows (pseudonymised.py), and how many are restricted."""
    rows, restricted = [], 0
    for values in Person.objects.filter(pk__in=ids).values(
        "pk", "date_of_birth", "sex", "ethnicity", "restricted"
    ):
        if values["restricted"]:
            restricted += 1
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
    return rows, restricted


MAX_MONTHS = 24


def _trends(
    entry: indicators.Indicator, period: indicators.Period
) -> tuple[list[dict], list[dict]]:
    """The indicator in each collection year opencsc reports on, and in each month of
    ``period`` (up to the last 24; none for a measure defined over a collection year only)."""
    by_year = [
        _point(entry, indicators.Period.for_year(y), collection_year_label(y))
        for y in range(FIRST_COLLECTION_YEAR, _years()[0][0] + 1)
    ]
    by_month = []
    if entry.period != "year":
        start = period.start.replace(day=1)
        while start <= period.end:
            # Each calendar month, cut to the period at either end.
            month_end = min(add_days(add_months(start, 1), -1), period.end)
            month = indicators.Period(max(start, period.start), month_end)
            by_month.append(_point(entry, month, f"{start:%b %Y}"))
            start = add_months(start, 1)
    return by_year, by_month[-MAX_MONTHS:]


def _point(entry: indicators.Indicator, period: indicators.Period, label: str) -> dict:
    count = entry.compute(period)
    return {"label": label, "count": count, "value": indicators.value(entry, count)}


def _chart(entry: indicators.Indicator, rows: list[dict], when: str, ident: str):
    points = [charts.Point(r["label"].split(" ")[0], r["value"]) for r in rows]
    return charts.bars(
        points,
        title=f"{entry.name}, {when}",
        description=f"A bar chart of the {entry.unit_text} {when}; the table beside it gives "
        "the same figures.",
        ident=ident,
    )
