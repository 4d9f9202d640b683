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
