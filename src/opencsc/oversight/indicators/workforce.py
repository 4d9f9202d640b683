"""The social work workforce at the census date (docs/indicators.md I27).

The DfE's workforce census counts at 30 September (care timescale T36). For a period, the
snapshot is the last 30 September on or before its last day: for the collection year 2025-26,
30 September 2025. "Social workers" are workers with a Social Work England registration
number; "employed" are those not from an agency. Vacancies are not recorded here, so the
vacancy rate is not among these.
"""

from decimal import Decimal

from opencsc.care.timescales import workforce_census_date
from opencsc.core.calendar import add_days, add_months
from opencsc.workforce.models import Allocation, Worker

from . import Count, Period, indicator

AREA = "Workforce"
CSWW = "DfE children's social work workforce census; DfE LAIT (docs/indicators.md)"


def census_date(period: Period):
    """The last 30 September on or before the period's last day."""
    this_year = workforce_census_date(period.end.year)
    return this_year if this_year <= period.end else workforce_census_date(period.end.year - 1)


def _social_workers(on):
    return Worker.objects.open(on).exclude(swe_registration="")


def _fte(rows) -> Decimal:
    return sum((fte for fte in rows), Decimal(0))


@indicator(
    code="sw_fte",
    ref="I27",
    name="Social workers in post (FTE) at the census date",
    area=AREA,
    unit="fte",
    period="snapshot",
    definition="Registered social workers employed by the council (not agency) in post at the "
    "census date, in full-time equivalents.",
    numerator="the FTE of employed registered social workers in post at the census date",
    denominator="",
    source=CSWW,
    published=True,
)
def sw_fte(period: Period) -> Count:
    """One query."""
    on = census_date(period)
    return Count(_fte(_social_workers(on).filter(is_agency=False).values_list("fte", flat=True)))


@indicator(
    code="sw_agency_pct",
    ref="I27",
    name="Agency social workers at the census date",
    area=AREA,
    unit="pct",
    period="snapshot",
    definition="Agency social workers' FTE at the census date ÷ (agency FTE + employed FTE).",
    numerator="the FTE of agency registered social workers in post at the census date",
    denominator="the FTE of all registered social workers in post at the census date",
    source=CSWW,
    published=True,
)
def sw_agency_pct(period: Period) -> Count:
    """One query."""
    rows = list(_social_workers(census_date(period)).values_list("fte", "is_agency"))
    agency = _fte(fte for fte, is_agency in rows if is_agency)
    return Count(agency, _fte(fte for fte, _a in rows))


@indicator(
    code="sw_turnover_pct",
    ref="I27",
    name="Social worker turnover in the year to the census date",
    area=AREA,
    unit="pct",
    period="snapshot",
    definition="The FTE of employed registered social workers who left in the 12 months to the "
    "census date (their first day gone from 1 October to 30 September) ÷ the FTE of those in "
    "post at the census date.",
    numerator="the FTE of employed registered social workers who left in the year",
    denominator="the FTE of employed registered social workers in post at the census date",
    source=CSWW,
    published=True,
)
def sw_turnover_pct(period: Period) -> Count:
    """Two queries."""
    on = census_date(period)
    leavers = (
        Worker.objects.filter(
            is_agency=False, left_on__range=(add_days(add_months(on, -12), 1), on)
        )
        .exclude(swe_registration="")
        .values_list("fte", flat=True)
    )
    in_post = _social_workers(on).filter(is_agency=False).values_list("fte", flat=True)
    return Count(_fte(leavers), _fte(in_post))


@indicator(
    code="sw_caseload_avg",
    ref="I27",
    name="Average caseload per case-holding social worker at the census date",
    area=AREA,
    unit="mean",
    period="snapshot",
    definition="Children allocated to a social worker at the census date ÷ the FTE of the "
    "workers (agency included) holding one or more of them.",
    numerator="allocations of a social worker open at the census date",
    denominator="the FTE of the workers holding them",
    source=CSWW,
    published=True,
)
def sw_caseload_avg(period: Period) -> Count:
    """One query."""
    rows = list(
        Allocation.objects.social_workers()
        .open(census_date(period))
        .values_list("person_id", "worker_id", "worker__fte")
    )
    holders = {worker: fte for _p, worker, fte in rows}
    return Count(len(rows), _fte(holders.values()), frozenset(p for p, _w, _f in rows))
