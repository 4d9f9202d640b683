"""Child protection plans: at 31 March, starting, ending, second or subsequent, duration,
reviews in timescale, category of abuse (docs/indicators.md I8-I12).

Plans recorded as another council's (``other_la``) are left out throughout: the DfE counts the
plans of the council making the return, and "second or subsequent" means with this council.
"""

from collections import defaultdict

from opencsc.casework.codes import CategoryOfAbuse, ConferenceKind
from opencsc.casework.models import ChildProtectionConference, CPPlan
from opencsc.casework.timescales import (
    cp_plan_duration_band,
    is_second_or_subsequent_cp_plan,
    next_cp_review,
)
from opencsc.core.calendar import add_months

from . import POPULATION, Count, Period, counted, indicator, per_10000, register_rate

AREA = "Child protection"
CIN = "CIN census; EES 'Children in need' (docs/indicators.md)"
LAIT = "DfE LAIT, from the CIN census (docs/indicators.md)"
# cp_plan_duration_band's longest band (care timescale T32, EES dataset D7).
TWO_YEARS_OR_MORE = "2 years or more"


def _plans():
    return CPPlan.objects.filter(other_la=False)


@indicator(
    code="cpp_31mar_count",
    ref="I8",
    name="Children on a child protection plan on the last day",
    area=AREA,
    unit="count",
    period="snapshot",
    definition="Children on a child protection plan open on the last day of the period (started "
    "by then, not ended on or before it). With a collection year, at 31 March.",
    numerator="children with a plan open on the last day",
    denominator="",
    source=CIN,
    published=True,
)
def cpp_31mar_count(period: Period) -> Count:
    """One query."""
    return counted(_plans().open(period.end).values_list("person_id", flat=True))


register_rate(
    "cpp_31mar_count",
    code="cpp_31mar_rate",
    name="Children on a child protection plan per 10,000 children, on the last day",
    source=LAIT,
)


def _started(period: Period):
    return _plans().filter(started_on__range=(period.start, period.end))


@indicator(
    code="cpp_starts_count",
    ref="I8",
    name="Child protection plans starting",
    area=AREA,
    unit="count",
    period="events",
    definition="Child protection plans starting in the period.",
    numerator="plans starting in the period",
    denominator="",
    source=CIN,
    published=True,
)
def cpp_starts_count(period: Period) -> Count:
    """One query; each plan counts."""
    rows = list(_started(period).values_list("person_id", flat=True))
    return Count(len(rows), None, frozenset(rows))


register_rate(
    "cpp_starts_count",
    code="cpp_starts_rate",
    name="Child protection plans starting per 10,000 children",
    source=LAIT,
)


def _ended(period: Period):
    return _plans().filter(ended_on__range=(period.start, period.end))


@indicator(
    code="cpp_ended_rate",
    ref="I8",
    name="Child protection plans ending per 10,000 children",
    area=AREA,
    unit="rate",
    period="events",
    definition="Child protection plans ending in the period per 10,000 children aged 0 to 17.",
    numerator="plans ending in the period",
    denominator=POPULATION,
    source=LAIT,
    published=True,
)
def cpp_ended_rate(period: Period) -> Count:
    """One query; each plan counts."""
    rows = list(_ended(period).values_list("person_id", flat=True))
    return per_10000(Count(len(rows), None, frozenset(rows)))


@indicator(
    code="cpp_second_subsequent_pct",
    ref="I9",
    name="Second or subsequent child protection plans",
    area=AREA,
    unit="pct",
    period="events",
    definition="Plans starting in the period for a child who had been on a plan with this council "
    "before, however long ago (care timescale T31).",
    numerator="plans starting in the period that follow an earlier plan of the child's",
    denominator="plans starting in the period",
    source="id.esd.org.uk/metricType/100 (ex-NI 65); CIN table D3 (docs/indicators.md)",
    published=True,
)
def cpp_second_subsequent_pct(period: Period) -> Count:
    """One query: every plan, up to the period's end, of the children with one starting in it."""
    starts: dict[int, list] = defaultdict(list)
    for person_id, started_on in (
        _plans()
        .filter(person_id__in=_started(period).values("person_id"), started_on__lte=period.end)
        .values_list("person_id", "started_on")
    ):
        starts[person_id].append(started_on)
    total, again = 0, []
    for person_id, dates in starts.items():
        for started_on in dates:
            if started_on < period.start:
                continue
            total += 1
            if is_second_or_subsequent_cp_plan(plan_start=started_on, previous_plan_starts=dates):
                again.append(person_id)
    return Count(len(again), total, frozenset(again))


@indicator(
    code="cpp_ended_2yrs_plus_pct",
    ref="I10",
    name="Child protection plans ending that lasted 2 years or more",
    area=AREA,
    unit="pct",
    period="events",
    definition="Plans ending in the period whose duration (start to end) was 2 years or more: "
    "the end on or after the second anniversary of the start (care timescale T32).",
    numerator="plans ending in the period that had lasted 2 years or more",
    denominator="plans ending in the period",
    source="EES dataset D7; DfE LAIT (docs/indicators.md)",
    published=True,
)
def cpp_ended_2yrs_plus_pct(period: Period) -> Count:
    """One query over the plans ending in the period."""
    rows = list(_ended(period).values_list("person_id", "started_on", "ended_on"))
    long = [p for p, start, end in rows if cp_plan_duration_band(start, end) == TWO_YEARS_OR_MORE]
    return Count(len(long), len(rows), frozenset(long))


@indicator(
    code="cpp_31mar_2yrs_plus_pct",
    ref="I10",
    name="Child protection plans open on the last day that had lasted 2 years or more",
    area=AREA,
    unit="pct",
    period="snapshot",
    definition="Plans open on the last day of the period that had by then lasted 2 years or more "
    "(care timescale T32, with the last day as the end).",
    numerator="plans open on the last day, started on or before its date 2 years earlier",
    denominator="plans open on the last day",
    source="CIN table D5; DfE LAIT (docs/indicators.md)",
    published=True,
)
def cpp_31mar_2yrs_plus_pct(period: Period) -> Count:
    """One query over the plans open on the last day."""
    rows = list(_plans().open(period.end).values_list("person_id", "started_on"))
    long = [p for p, start in rows if cp_plan_duration_band(start, period.end) == TWO_YEARS_OR_MORE]
    return Count(len(long), len(rows), frozenset(long))


@indicator(
    code="cpp_reviewed_in_timescale_pct",
    ref="I11",
    name="Child protection plans reviewed within timescales",
    area=AREA,
    unit="pct",
    period="snapshot",
    definition="Children on a plan on the last day of the period who had been on it for at least "
    "3 months, whose every review conference was held by its due date (the first within 3 "
    "months of the initial conference, then at most 6 months apart: the clock next_cp_review, "
    "timescales T5 and T6) and whose next review was not overdue on the last day.",
    numerator="those children whose plan was reviewed within timescales",
    denominator="children on a plan on the last day that had started at least 3 months before",
    source="CIN COLLECT 'CPPs reviewed within timescales'; DfE LAIT (docs/indicators.md)",
    published=True,
)
def cpp_reviewed_in_timescale_pct(period: Period) -> Count:
    """Two queries: the plans, and their review conferences up to the last day."""
    plans = _plans().open(period.end).filter(started_on__lte=add_months(period.end, -3))
    reviews: dict[int, list] = defaultdict(list)
    for plan_id, held_on in (
        ChildProtectionConference.objects.filter(
            kind=ConferenceKind.REVIEW, cp_plan__in=plans, held_on__lte=period.end
        )
        .order_by("held_on")
        .values_list("cp_plan_id", "held_on")
    ):
        reviews[plan_id].append(held_on)
    children, on_time = set(), set()
    # A plan starts on the day of the conference that made it: the clock's start, as in
    # casework.actions.hold_cp_review.
    for plan_id, person_id, icpc_on in plans.values_list("pk", "person_id", "started_on"):
        children.add(person_id)
        held: list = []
        for held_on in reviews[plan_id]:
            if held_on > next_cp_review(icpc_on=icpc_on, reviews_held=held):
                break
            held.append(held_on)
        else:
            if next_cp_review(icpc_on=icpc_on, reviews_held=held) >= period.end:
                on_time.add(person_id)
    return Count(len(on_time), len(children), frozenset(on_time))


def _category_share(code: str, label: str) -> None:
    @indicator(
        code=f"cpp_31mar_category_{code.lower()}_pct",
        ref="I12",
        name=f"Child protection plans on the last day with latest category: {label.lower()}",
        area=AREA,
        unit="pct",
        period="snapshot",
        definition=f"Plans open on the last day of the period whose latest category of abuse is "
        f"{code} ({label.lower()}).",
        numerator=f"plans open on the last day with latest category {code}",
        denominator="plans open on the last day",
        source="CIN COLLECT 'CPP at 31 March by initial and latest category of abuse' "
        "(docs/indicators.md)",
    )
    def share(period: Period) -> Count:
        """One query over the plans open on the last day."""
        rows = list(_plans().open(period.end).values_list("person_id", "latest_category"))
        mine = [person_id for person_id, latest in rows if latest == code]
        return Count(len(mine), len(rows), frozenset(mine))


for _code, _label in CategoryOfAbuse.choices:
    _category_share(_code, _label)
