"""Hand-built children for the indicator tests, recorded through the actions, whose counts for
the collection year 2023-24 (1 April 2023 to 31 March 2024) are known by hand."""

import datetime as dt
from types import SimpleNamespace

from opencsc.casework import actions as cw
from opencsc.testing import new_child

D = dt.date
YEAR = 2024  # 1 April 2023 to 31 March 2024


def child(by, n: int, **extra):
    return new_child(by, first_name=f"Child{n}", la_child_id=f"IND{n:04d}", **extra)


def referral(by, person, received_on, *, closed_on=None, nfa=False):
    r = cw.open_referral(by=by, person=person, received_on=received_on, source="1A")
    if nfa:
        return cw.decide_referral(by=by, referral=r, decided_on=received_on, nfa=True)
    if closed_on is not None:
        r = cw.close_referral(by=by, referral=r, closed_on=closed_on, reason="RC7")
    return r


def plan(by, person, icpc_on, *, category="NEG", received_on=None):
    """A referral, a strategy discussion starting a section 47 on the day before ``icpc_on``,
    and an initial conference on ``icpc_on`` that makes a plan; returns the plan."""
    r = person.referrals.open().first() or cw.open_referral(
        by=by, person=person, received_on=received_on or icpc_on - dt.timedelta(days=5), source="1A"
    )
    discussion = cw.hold_strategy_discussion(
        by=by, referral=r, held_on=icpc_on - dt.timedelta(days=1), s47_initiated=True
    )
    conference = cw.hold_initial_conference(
        by=by,
        enquiry=discussion.section47_enquiry,
        held_on=icpc_on,
        plan_decided=True,
        category=category,
    )
    return conference.plan_made


def front_door(by) -> SimpleNamespace:
    """Five referrals in 2023-24, two of them re-referrals.

    - a: referral 28 Feb 2023, then 29 Feb 2024: 366 days, NOT a re-referral (T30). Open at
      31 March 2024.
    - b: 1 June 2023, then 3 July 2023: a re-referral. Closed on 31 March 2024, so not open
      that day.
    - c: 15 April 2023, no further action (closed the same day).
    - d: 10 May 2022, then 10 May 2023: the anniversary, a re-referral. Open at 31 March.
    """
    a, b, c, d = (child(by, n) for n in range(1, 5))
    referral(by, a, D(2023, 2, 28), closed_on=D(2023, 3, 1))
    referral(by, a, D(2024, 2, 29))
    referral(by, b, D(2023, 6, 1), closed_on=D(2023, 6, 2))
    referral(by, b, D(2023, 7, 3), closed_on=D(2024, 3, 31))
    referral(by, c, D(2023, 4, 15), nfa=True)
    referral(by, d, D(2022, 5, 10), closed_on=D(2022, 5, 11))
    referral(by, d, D(2023, 5, 10))
    return SimpleNamespace(a=a, b=b, c=c, d=d)


def protection(by) -> SimpleNamespace:
    """Child protection plans about 2023-24.

    - e: a plan from 1 June 2021 to 10 January 2022, then a second from 1 June 2023, reviewed
      on its due day (1 September 2023) and again on 20 February 2024 (due 1 March): in time.
    - f: a plan from 15 May 2023 (physical abuse) whose first review was a day late.
    - g: a plan from 10 January 2024: under 3 months at 31 March, so not in the review measure.
    - h: a plan from 31 March 2022 ending 31 March 2024: exactly 2 years.
    - i: a plan from 1 April 2022 ending 31 March 2024: a day short of 2 years.
    """
    e, f, g, h, i = (child(by, n) for n in range(11, 16))
    first = plan(by, e, D(2021, 6, 1))
    cw.end_cp_plan(by=by, plan=first, ended_on=D(2022, 1, 10))
    cw.close_referral(by=by, referral=first.referral, closed_on=D(2022, 1, 10), reason="RC7")
    second = plan(by, e, D(2023, 6, 1))
    cw.hold_cp_review(by=by, plan=second, held_on=D(2023, 9, 1), plan_continues=True)
    cw.hold_cp_review(by=by, plan=second, held_on=D(2024, 2, 20), plan_continues=True)
    late = plan(by, f, D(2023, 5, 15), category="PHY")
    cw.hold_cp_review(by=by, plan=late, held_on=D(2023, 8, 16), plan_continues=True)
    plan(by, g, D(2024, 1, 10))
    cw.end_cp_plan(by=by, plan=plan(by, h, D(2022, 3, 31)), ended_on=D(2024, 3, 31))
    cw.end_cp_plan(by=by, plan=plan(by, i, D(2022, 4, 1)), ended_on=D(2024, 3, 31))
    return SimpleNamespace(e=e, f=f, g=g, h=h, i=i)


# --- Children in care, about the collection year 2025-26 ---------------------------------------

CARE_YEAR = 2026  # 1 April 2025 to 31 March 2026


def _placement(place="U6", **extra):
    from opencsc.care.actions import PlacementDetails

    return PlacementDetails(
        place=place, provider="PR1", postcode="NR1 1AF", home_postcode="NR1 1FN", **extra
    )


def _temporary():
    from opencsc.care.actions import PlacementDetails

    return PlacementDetails(place="T3", postcode="NR1 1JE", home_postcode="NR1 1FN")


def looked_after(by) -> SimpleNamespace:
    """Children looked after about 2025-26.

    - m: in care from 10 January 2025; moves to new carers on 1 June 2025, has a temporary
      stay (T3) in August and back, moves to the same carers as long-term foster care on
      1 October, then to new carers on 15 January 2026: 3 placements in the year (6 placement
      records). Three social workers in the year; missing once.
    - n: in care from 1 December 2024; a temporary stay and back in July 2025, a move to the
      same carers on 1 September: 1 placement in the year (4 records).
    - lt: in care since 1 January 2023 with the same carers throughout (a move to the same
      carers on 1 January 2025): long-term stability. A dental check in the year.
    - lt2: in care since 1 January 2023, moved to new carers on 1 June 2024: not stable. A review
      health assessment in the year.
    - sb: short breaks only (V3) from 1 May 2025 to 1 January 2026: left out of everything.
    - s2: in care (V2) from 1 September 2025 to 1 February 2026: a start and a ceasing.
    """
    from opencsc.care import actions as care
    from opencsc.workforce import actions as wf

    m, n, lt, lt2, sb, s2 = (child(by, n) for n in range(41, 47))

    def start(person, on, legal_status="C2", placement=None):
        return care.start_looked_after(
            by=by,
            person=person,
            started_on=on,
            legal_status=legal_status,
            primary_need="N1",
            placement=placement or _placement(),
        )

    def move(period, on, placement, reason="CARPL", same_carer=False):
        care.change_placement(
            by=by,
            period=period,
            started_on=on,
            placement=placement,
            change_reason=reason,
            same_carer=same_carer,
        )

    p = start(m, D(2025, 1, 10))
    move(p, D(2025, 6, 1), _placement("U4", carer_name="Ash"))
    move(p, D(2025, 8, 1), _temporary(), reason="")
    move(p, D(2025, 8, 6), _placement("U4", carer_name="Ash"), reason="")
    move(p, D(2025, 10, 1), _placement("U1", carer_name="Ash"), reason="PLACE", same_carer=True)
    move(p, D(2026, 1, 15), _placement("U6", carer_name="Birch"))

    p = start(n, D(2024, 12, 1))
    move(p, D(2025, 7, 1), _temporary(), reason="")
    move(p, D(2025, 7, 5), _placement(), reason="")
    move(p, D(2025, 9, 1), _placement("U4"), reason="PLACE", same_carer=True)

    p = start(lt, D(2023, 1, 1), placement=_placement("U4"))
    move(p, D(2025, 1, 1), _placement("U1"), reason="PLACE", same_carer=True)
    p = start(lt2, D(2023, 1, 1))
    move(p, D(2024, 6, 1), _placement("U4"))

    p = start(sb, D(2025, 5, 1), legal_status="V3")
    care.cease_looked_after(by=by, period=p, ended_on=D(2026, 1, 1), reason="E8")
    p = start(s2, D(2025, 9, 1), legal_status="V2")
    care.cease_looked_after(by=by, period=p, ended_on=D(2026, 2, 1), reason="E13")

    care.record_health_check(by=by, person=lt, kind="dental", done_on=D(2025, 10, 1))
    care.record_health_check(by=by, person=lt2, kind="review_health", done_on=D(2025, 10, 1))
    care.record_missing_episode(
        by=by, person=m, kind="M", started_on=D(2025, 11, 3), ended_on=D(2025, 11, 4)
    )
    return SimpleNamespace(m=m, n=n, lt=lt, lt2=lt2, sb=sb, s2=s2, wf=wf)


def care_leavers(by) -> SimpleNamespace:
    """Two care leavers with a birthday in 2025-26, both looked after from 14 to 18.

    - x: born 15 June 2006, 19 on 15 June 2025; in touch on 10 June 2025, in full-time
      education, in suitable accommodation.
    - y: born 20 January 2006, 20 on 20 January 2026; no contact near the birthday, so not in
      touch.
    """
    from opencsc.care import actions as care

    out = {}
    for key, n, born in (("x", 51, D(2006, 6, 15)), ("y", 52, D(2006, 1, 20))):
        person = child(by, n, date_of_birth=born)
        p = care.start_looked_after(
            by=by,
            person=person,
            started_on=born.replace(year=2020),
            legal_status="C2",
            primary_need="N1",
            placement=_placement(),
        )
        eighteen = born.replace(year=2024)
        care.cease_looked_after(by=by, period=p, ended_on=eighteen, reason="E17")
        care.become_care_leaver(by=by, person=person, eligibility="former_relevant", since=eighteen)
        out[key] = person
    care.record_care_leaver_contact(
        by=by,
        person=out["x"],
        contacted_on=D(2025, 6, 10),
        in_touch="YES",
        activity="F2",
        accommodation="U",
        accommodation_suitable=True,
    )
    return SimpleNamespace(**out)
