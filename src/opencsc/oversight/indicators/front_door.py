"""The front door: referrals, re-referrals, children in need, assessments, section 47 enquiries
and initial child protection conferences (docs/indicators.md I1-I7)."""

from collections import defaultdict

from opencsc.casework.codes import ConferenceKind
from opencsc.casework.models import (
    Assessment,
    ChildProtectionConference,
    Referral,
    Section47Enquiry,
)
from opencsc.casework.timescales import assessment_due_from_start, icpc_due, is_re_referral
from opencsc.core.calendar import add_months

from . import POPULATION, Count, Period, counted, indicator, per_10000, register_rate

AREA = "Front door and help"
CIN = "CIN census; EES 'Children in need' (docs/indicators.md)"
LAIT = "DfE LAIT, from the CIN census (docs/indicators.md)"


def _received(period: Period):
    return Referral.objects.filter(received_on__range=(period.start, period.end))


@indicator(
    code="referrals_count",
    ref="I1",
    name="Referrals",
    area=AREA,
    unit="count",
    period="events",
    definition="Referrals to children's social care received in the period.",
    numerator="referrals received in the period (each referral, so a child may count twice)",
    denominator="",
    source=CIN,
    published=True,
)
def referrals_count(period: Period) -> Count:
    """Referrals received from the first day of the period to the last. One query."""
    rows = list(_received(period).values_list("person_id", flat=True))
    return Count(len(rows), None, frozenset(rows))


register_rate(
    "referrals_count", code="referrals_rate", name="Referrals per 10,000 children", source=LAIT
)


@indicator(
    code="rereferrals_12m_pct",
    ref="I2",
    name="Re-referrals within 12 months",
    area=AREA,
    unit="pct",
    period="events",
    definition="Referrals in the period that were within 12 months of a previous referral of the "
    "same child (care timescale T30, is_re_referral: the anniversary counts, and the 12 months "
    "run forward from the earlier referral).",
    numerator="referrals in the period within 12 months of the child's previous referral",
    denominator="referrals received in the period",
    source="EES methodology 'Children in need: a focus on re-referrals' (docs/indicators.md)",
    published=True,
)
def rereferrals_12m_pct(period: Period) -> Count:
    """Each referral in the period against the child's referral before it (only the latest
    earlier one can be the nearest). One query: the children's referrals from 13 months before
    the period (room for any 12-month window) to its end."""
    people = _received(period).values("person_id")
    rows = (
        Referral.objects.filter(
            person_id__in=people,
            received_on__range=(add_months(period.start, -13), period.end),
        )
        .order_by("person_id", "received_on", "pk")
        .values_list("person_id", "received_on")
    )
    by_child: dict[int, list] = defaultdict(list)
    for person_id, received_on in rows:
        by_child[person_id].append(received_on)
    referrals = again = 0
    children = set()
    for person_id, dates in by_child.items():
        for i, received_on in enumerate(dates):
            if received_on < period.start:
                continue
            referrals += 1
            if i and is_re_referral(dates[i - 1], received_on):
                again += 1
                children.add(person_id)
    return Count(again, referrals, frozenset(children))


@indicator(
    code="referrals_nfa_pct",
    ref="I3",
    name="Referrals with no further action",
    area=AREA,
    unit="pct",
    period="events",
    definition="Referrals in the period where the decision was no further action (CIN census "
    "ReferralNFA).",
    numerator="referrals received in the period marked no further action",
    denominator="referrals received in the period",
    source=CIN,
    published=True,
)
def referrals_nfa_pct(period: Period) -> Count:
    """One query over the period's referrals."""
    rows = list(_received(period).values_list("person_id", "nfa"))
    nfa = [person_id for person_id, no_further_action in rows if no_further_action]
    return Count(len(nfa), len(rows), frozenset(nfa))


@indicator(
    code="cin_31mar_count",
    ref="I4",
    name="Children in need on the last day",
    area=AREA,
    unit="count",
    period="snapshot",
    definition="Children with a CIN episode (a referral) open on the last day of the period: "
    "received by then and not closed on or before it (core.models.Span). With a collection "
    "year, children in need at 31 March.",
    numerator="children with a referral open on the last day",
    denominator="",
    source=CIN,
    published=True,
)
def cin_31mar_count(period: Period) -> Count:
    """One query: the people with a referral open on the period's last day."""
    return counted(Referral.objects.open(period.end).values_list("person_id", flat=True))


register_rate(
    "cin_31mar_count",
    code="cin_31mar_rate",
    name="Children in need per 10,000 children, on the last day",
    source=LAIT,
)


@indicator(
    code="assessments_45wd_pct",
    ref="I5",
    name="Assessments completed within 45 working days",
    area=AREA,
    unit="pct",
    period="events",
    definition="Assessments completed (authorised) in the period that were authorised within 45 "
    "working days of their start (care timescale T2-start, the DfE's clock), on the England "
    "and Wales working-day calendar.",
    numerator="assessments authorised in the period on or before their 45th working day",
    denominator="assessments authorised in the period",
    source="EES dataset C2; DfE LAIT (docs/indicators.md)",
    published=True,
)
def assessments_45wd_pct(period: Period) -> Count:
    """One query over the assessments authorised in the period."""
    rows = Assessment.objects.filter(authorised_on__range=(period.start, period.end)).values_list(
        "person_id", "started_on", "authorised_on"
    )
    total, on_time = 0, []
    for person_id, started_on, authorised_on in rows:
        total += 1
        if authorised_on <= assessment_due_from_start(started_on):
            on_time.append(person_id)
    return Count(len(on_time), total, frozenset(on_time))


def _s47s(period: Period) -> Count:
    rows = list(
        Section47Enquiry.objects.filter(started_on__range=(period.start, period.end)).values_list(
            "person_id", flat=True
        )
    )
    return Count(len(rows), None, frozenset(rows))


@indicator(
    code="s47_rate",
    ref="I6",
    name="Section 47 enquiries per 10,000 children",
    area=AREA,
    unit="rate",
    period="events",
    definition="Section 47 enquiries starting in the period per 10,000 children aged 0 to 17.",
    numerator="section 47 enquiries starting in the period",
    denominator=POPULATION,
    source="EES dataset C4 / A2; DfE LAIT (docs/indicators.md)",
    published=True,
)
def s47_rate(period: Period) -> Count:
    """Each enquiry starting in the period counts (a child may have two). One query."""
    return per_10000(_s47s(period))


ICPC_KINDS = (ConferenceKind.INITIAL, ConferenceKind.TRANSFER_IN)


@indicator(
    code="icpc_rate",
    ref="I6",
    name="Initial child protection conferences per 10,000 children",
    area=AREA,
    unit="rate",
    period="events",
    definition="Initial child protection conferences held in the period, including transfer-in "
    "conferences, per 10,000 children aged 0 to 17.",
    numerator="initial and transfer-in conferences held in the period",
    denominator=POPULATION,
    source="EES dataset C4; DfE LAIT, which counts transfer-in ICPCs (docs/indicators.md)",
    published=True,
)
def icpc_rate(period: Period) -> Count:
    """One query over the period's initial and transfer-in conferences."""
    rows = list(
        ChildProtectionConference.objects.filter(
            kind__in=ICPC_KINDS, held_on__range=(period.start, period.end)
        ).values_list("person_id", flat=True)
    )
    return per_10000(Count(len(rows), None, frozenset(rows)))


@indicator(
    code="icpc_15wd_pct",
    ref="I7",
    name="Initial conferences within 15 working days of the section 47 start",
    area=AREA,
    unit="pct",
    period="events",
    definition="Initial child protection conferences held in the period on or before the 15th "
    "working day after the strategy discussion that started the section 47 enquiry (care "
    "timescale T4). Conferences without an enquiry (transfer-in) and those recorded before "
    "the enquiry started have no duration and are left out, as the DfE leaves them out.",
    numerator="initial conferences in the period held by their T4 date",
    denominator="initial conferences in the period held on or after their enquiry's start",
    source="EES dataset C4; DfE LAIT (docs/indicators.md)",
    published=True,
)
def icpc_15wd_pct(period: Period) -> Count:
    """One query: each initial conference in the period with its enquiry's start."""
    rows = ChildProtectionConference.objects.filter(
        kind=ConferenceKind.INITIAL,
        held_on__range=(period.start, period.end),
        section47__isnull=False,
    ).values_list("person_id", "held_on", "section47__started_on")
    total, on_time = 0, []
    for person_id, held_on, s47_started_on in rows:
        if held_on < s47_started_on:
            continue
        total += 1
        if held_on <= icpc_due(s47_started_on):
            on_time.append(person_id)
    return Count(len(on_time), total, frozenset(on_time))
