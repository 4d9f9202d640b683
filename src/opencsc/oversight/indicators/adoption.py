"""Adoption and permanence: adoptions and special guardianship orders from care, the adoption
scorecard's timeliness (A1, A2, A3), children waiting and decisions reversed, adopters waiting
(docs/indicators.md I21-I24)."""

from django.db.models import Exists, OuterRef, Q

from opencsc.care.adopters import AdopterHousehold
from opencsc.care.codes import ADOPTED, SGO
from opencsc.care.models import AdoptionCase
from opencsc.care.timescales import a1_days, a2_days, a3_within_14_months
from opencsc.core.calendar import add_days, add_months

from . import Count, Period, counted, indicator
from .looked_after import NOT_SHORT_BREAKS, last_ceasing

AREA = "Adoption and permanence"
LAIT = "SSDA903; DfE LAIT (docs/indicators.md)"
SCORECARD = "DfE adoption scorecards (docs/indicators.md I21; docs/timescales.md T26-T29)"
SCORECARD_YEARS = 3


@indicator(
    code="cla_adopted_count",
    ref="I22",
    name="Children adopted from care",
    area=AREA,
    unit="count",
    period="events",
    definition="Children whose last period of care ending in the period ended in adoption "
    "(903 REC E11 or E12)." + NOT_SHORT_BREAKS,
    numerator="children adopted from care in the period",
    denominator="",
    source=LAIT,
    published=True,
)
def cla_adopted_count(period: Period) -> Count:
    """One query."""
    return counted(p for p, reason in last_ceasing(period).items() if reason in ADOPTED)


def _ceased_share(period: Period, reasons: set) -> Count:
    ceased = last_ceasing(period)
    return counted((p for p, reason in ceased.items() if reason in reasons), len(ceased))


@indicator(
    code="cla_ceased_adopted_pct",
    ref="I22",
    name="Children ceasing to be looked after who were adopted",
    area=AREA,
    unit="pct",
    period="events",
    definition="Children ceasing to be looked after in the period whose last ceasing was by "
    "adoption (REC E11, E12)." + NOT_SHORT_BREAKS,
    numerator="children adopted from care in the period",
    denominator="children ceasing to be looked after in the period",
    source=LAIT,
    published=True,
)
def cla_ceased_adopted_pct(period: Period) -> Count:
    """One query."""
    return _ceased_share(period, ADOPTED)


@indicator(
    code="cla_ceased_sgo_pct",
    ref="I22",
    name="Children ceasing to be looked after through a special guardianship order",
    area=AREA,
    unit="pct",
    period="events",
    definition="Children ceasing to be looked after in the period whose last ceasing was by a "
    "special guardianship order (REC E45-E48, which replaced E43 and E44)." + NOT_SHORT_BREAKS,
    numerator="children leaving care on a special guardianship order in the period",
    denominator="children ceasing to be looked after in the period",
    source=LAIT,
    published=True,
)
def cla_ceased_sgo_pct(period: Period) -> Count:
    """One query."""
    return _ceased_share(period, SGO)


def _adopted_in_scorecard_years(period: Period):
    """Adoption cases of the children adopted from care in the three years ending on the
    period's last day (the scorecard's window)."""
    first = add_days(add_months(period.end, -12 * SCORECARD_YEARS), 1)
    return AdoptionCase.objects.filter(
        period__reason_ceased__in=ADOPTED, period__ended_on__range=(first, period.end)
    )


SCORECARD_WINDOW = " Over the children adopted in the three years ending on the last day."


@indicator(
    code="adoption_a1_days",
    ref="I21",
    name="Adoption A1: average days from entering care to moving in with the adoptive family",
    area=AREA,
    unit="days",
    period="snapshot",
    definition="The average of A1 (care timescale T26: from the start of the period of care to "
    "the day placed for adoption)." + SCORECARD_WINDOW,
    numerator="the days of A1, summed over those children",
    denominator="children adopted in the three years with a date placed for adoption",
    source=SCORECARD,
)
def adoption_a1_days(period: Period) -> Count:
    """One query."""
    rows = [
        (person_id, a1_days(entered, placed))
        for person_id, entered, placed in _adopted_in_scorecard_years(period)
        .filter(placed_on__isnull=False)
        .values_list("person_id", "period__started_on", "placed_on")
    ]
    return Count(sum(d for _p, d in rows), len(rows), frozenset(p for p, _d in rows))


@indicator(
    code="adoption_a2_days",
    ref="I21",
    name="Adoption A2: average days from placement order to match",
    area=AREA,
    unit="days",
    period="snapshot",
    definition="The average of A2 (care timescale T27: from the placement order to the match, "
    "0 when matched before the order)." + SCORECARD_WINDOW,
    numerator="the days of A2, summed over those children",
    denominator="children adopted in the three years with a placement order and a match",
    source=SCORECARD,
)
def adoption_a2_days(period: Period) -> Count:
    """One query."""
    rows = [
        (person_id, a2_days(order, matched))
        for person_id, order, matched in _adopted_in_scorecard_years(period)
        .filter(placement_order_on__isnull=False, matched_on__isnull=False)
        .values_list("person_id", "placement_order_on", "matched_on")
    ]
    return Count(sum(d for _p, d in rows), len(rows), frozenset(p for p, _d in rows))


@indicator(
    code="adoption_a3_14m_pct",
    ref="I21",
    name="Adoption A3: children who moved in with their adoptive family within 14 months",
    area=AREA,
    unit="pct",
    period="snapshot",
    definition="Children who waited less than 14 months between entering care and moving in "
    "with their adoptive family (care timescale T29)." + SCORECARD_WINDOW,
    numerator="those children placed for adoption less than 14 months after entering care",
    denominator="children adopted in the three years with a date placed for adoption",
    source=SCORECARD,
)
def adoption_a3_14m_pct(period: Period) -> Count:
    """One query."""
    rows = list(
        _adopted_in_scorecard_years(period)
        .filter(placed_on__isnull=False)
        .values_list("person_id", "period__started_on", "placed_on")
    )
    quick = [p for p, entered, placed in rows if a3_within_14_months(entered, placed)]
    return counted(quick, len(rows))


def _cases_on(field: str, period: Period) -> Count:
    rows = list(
        AdoptionCase.objects.filter(**{f"{field}__range": (period.start, period.end)}).values_list(
            "person_id", flat=True
        )
    )
    return Count(len(rows), None, frozenset(rows))


@indicator(
    code="adoption_decisions_count",
    ref="I23",
    name="Decisions that a child should be placed for adoption",
    area=AREA,
    unit="count",
    period="events",
    definition="Agency decision maker's decisions in the period that a child should be placed "
    "for adoption (scorecard A14).",
    numerator="decisions made in the period",
    denominator="",
    source=SCORECARD,
)
def adoption_decisions_count(period: Period) -> Count:
    """One query."""
    return _cases_on("decision_on", period)


@indicator(
    code="adoption_placement_orders_count",
    ref="I23",
    name="Placement orders granted",
    area=AREA,
    unit="count",
    period="events",
    definition="Placement orders granted in the period (scorecard A15).",
    numerator="placement orders granted in the period",
    denominator="",
    source=SCORECARD,
)
def adoption_placement_orders_count(period: Period) -> Count:
    """One query."""
    return _cases_on("placement_order_on", period)


@indicator(
    code="adoption_decisions_reversed_count",
    ref="I23",
    name="Decisions to place for adoption reversed",
    area=AREA,
    unit="count",
    period="events",
    definition="Children whose plan changed away from adoption in the period: the decision "
    "that they should be placed for adoption ended (903 PlacedAdoption, scorecard A5/A16).",
    numerator="decisions reversed in the period",
    denominator="",
    source=SCORECARD,
)
def adoption_decisions_reversed_count(period: Period) -> Count:
    """One query."""
    return _cases_on("reversed_on", period)


@indicator(
    code="adoption_waiting_count",
    ref="I23",
    name="Children waiting to be placed for adoption on the last day",
    area=AREA,
    unit="count",
    period="snapshot",
    definition="Children with a decision that they should be placed for adoption made by the "
    "last day of the period, not reversed and not yet placed for adoption by then (A9).",
    numerator="children waiting on the last day",
    denominator="",
    source=SCORECARD,
)
def adoption_waiting_count(period: Period) -> Count:
    """One query."""
    end = period.end
    waiting = AdoptionCase.objects.filter(
        Q(reversed_on__isnull=True) | Q(reversed_on__gt=end),
        Q(placed_on__isnull=True) | Q(placed_on__gt=end),
        Q(adoption_order_on__isnull=True) | Q(adoption_order_on__gt=end),
        decision_on__lte=end,
    )
    return counted(waiting.values_list("person_id", flat=True))


def _households_in_process(end):
    return AdopterHousehold.objects.filter(Q(left_on__isnull=True) | Q(left_on__gt=end))


def _matches(end):
    return AdoptionCase.objects.filter(household=OuterRef("pk"), matched_on__lte=end)


@indicator(
    code="adopters_waiting_count",
    ref="I24",
    name="Approved adopter families waiting to be matched on the last day",
    area=AREA,
    unit="count",
    period="snapshot",
    definition="Adoptive households approved by the last day of the period, still in the "
    "process, and not matched with a child by then (A11).",
    numerator="households approved and not matched on the last day",
    denominator="",
    source=SCORECARD,
)
def adopters_waiting_count(period: Period) -> Count:
    """One query. Households are not children: nothing to drill down to."""
    end = period.end
    waiting = (
        _households_in_process(end)
        .filter(approved_on__lte=end)
        .exclude(Exists(_matches(end)))
        .count()
    )
    return Count(waiting)


@indicator(
    code="adopters_matched_after_3m_pct",
    ref="I24",
    name="Adopter families matched who had waited 3 months or more since approval",
    area=AREA,
    unit="pct",
    period="events",
    definition="Of the adoptive households first matched with a child in the period, those "
    "matched 3 months or more after their approval (A12).",
    numerator="households first matched in the period 3 months or more after approval",
    denominator="households first matched in the period",
    source=SCORECARD,
)
def adopters_matched_after_3m_pct(period: Period) -> Count:
    """One query: each approved household's approval and its matches' dates."""
    first_match: dict[int, tuple] = {}
    for household, approved_on, matched_on in (
        AdoptionCase.objects.filter(
            household__approved_on__isnull=False, matched_on__lte=period.end
        )
        .order_by("matched_on")
        .values_list("household_id", "household__approved_on", "matched_on")
    ):
        first_match.setdefault(household, (approved_on, matched_on))
    matched = [
        (approved_on, matched_on)
        for approved_on, matched_on in first_match.values()
        if period.start <= matched_on <= period.end
    ]
    waited = sum(1 for approved_on, on in matched if on >= add_months(approved_on, 3))
    return Count(waited, len(matched))


@indicator(
    code="adopter_applications_not_assessed_count",
    ref="I24",
    name="Adopter applications not yet assessed on the last day",
    area=AREA,
    unit="count",
    period="snapshot",
    definition="Adoptive households that had applied by the last day of the period, were still "
    "in the process, and whose assessment (Stage 2) had not ended and who were not approved "
    "by then (A13).",
    numerator="households with an application awaiting assessment on the last day",
    denominator="",
    source=SCORECARD,
)
def adopter_applications_not_assessed_count(period: Period) -> Count:
    """One query."""
    end = period.end
    waiting = (
        _households_in_process(end)
        .filter(applied_on__lte=end)
        .filter(Q(stage2_ended_on__isnull=True) | Q(stage2_ended_on__gt=end))
        .filter(Q(approved_on__isnull=True) | Q(approved_on__gt=end))
        .count()
    )
    return Count(waiting)
