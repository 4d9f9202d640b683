"""Timescales for help and protection: referrals, assessments, S47, child protection, visits.

Pure date functions, one per rule, registered in ``opencsc.core.timescales.CATALOGUE``. Codes
and sources are those of ``docs/timescales.md``. Working days, months and weeks follow the
conventions in ``opencsc.core.calendar`` (the day of the event is day 0; months are calendar
months clamped to the month end).

A due date is the last day on which the thing is still on time: it is late if done after it.
Abbreviations: WD working days; WT Working Together to Safeguard Children (2023); ICPC initial
child protection conference; CP child protection; CIN child in need; EHC education, health and
care; VCIN the DfE CIN census validator (data-to-insight/csc-validator-be-cin); SSD the Standard
Safeguarding Dataset (data-to-insight/ssd-data-model); EES explore-education-statistics.
"""

from collections.abc import Iterable
from datetime import date, datetime

from opencsc.core.calendar import (
    add_days,
    add_elapsed_hours,
    add_months,
    add_weeks,
    add_working_days,
)
from opencsc.core.timescales import clock, local_setting, timescale

# Defaults for the local (L) standards; a council overrides them in OPENCSC_TIMESCALES.
CONTACT_DECISION_HOURS = 24
STRATEGY_DISCUSSION_WORKING_DAYS = 1
UNBORN_REVIEW_WORKING_DAYS_AFTER_BIRTH = 10
CP_VISIT_WORKING_DAYS = 10
CIN_VISIT_WEEKS = 4
ALLOCATION_WORKING_DAYS = 0

ASSESSMENT_WORKING_DAYS = 45
ICPC_WORKING_DAYS = 15


@timescale(
    code="T1",
    title="Referral acknowledged and next steps decided",
    status="S",
    source="Working Together 2023, via millbrookprimary.org.uk/the-role-of-the-local-authority "
    "and sussexchildprotection.procedures.org.uk/…/action-on-receipt-of-referrals "
    "(docs/timescales.md notes §3)",
    confidence="secondary",
)
def referral_decision_due(received: date) -> date:
    """Return the day by which a referral received on ``received`` must be decided: 1 WD later.

    Working Together 2023 (wording via secondary sources, docs/timescales.md notes §3): "Within
    one working day of a referral being received, a local authority social worker should acknowledge
    receipt to the referrer and make a decision about next steps and the type of response
    required." This applies to referrals; the 24-hour decision on a contact is local (T1-contact).
    """
    return add_working_days(received, 1)


@timescale(
    code="T1-contact",
    title="Decision on a contact",
    status="L",
    source="seftonscp.procedures.org.uk/…/what-happens-next-following-a-referral "
    "(cites WT 2023; local standard)",
    confidence="secondary",
    configurable=True,
    default=CONTACT_DECISION_HOURS,
)
def contact_decision_due(received_at: datetime) -> datetime:
    """Return the moment by which a decision on a contact is due: 24 hours after receipt.

    Local standard, e.g. Sefton and Tower Hamlets: "a decision on the outcome of the contact will
    be reached within 24 hours" (seftonscp.procedures.org.uk/…/what-happens-next-following-a-
    referral). Configurable as ``OPENCSC_TIMESCALES["T1-contact"]``, in hours of elapsed time.
    ``received_at`` must be timezone-aware.
    """
    hours = int(local_setting("T1-contact", CONTACT_DECISION_HOURS))
    return add_elapsed_hours(received_at, hours)


@timescale(
    code="T2",
    title="Assessment completed: 45 working days from the referral",
    status="S",
    source="Working Together, via proceduresonline.com/toolkit/glossary/a/cs-assessment and "
    "trixresources.proceduresonline.com/nat_key/keywords/assessment.html "
    "(docs/timescales.md notes §3)",
    confidence="secondary",
)
def assessment_due_from_referral(referral_date: date) -> date:
    """Return the day an assessment must be authorised by: 45 WD after the referral date.

    Working Together (via secondary sources, docs/timescales.md notes §3): "The maximum timeframe
    for the assessment to conclude … should be no longer than 45 working days from the point of
    referral." This is the statutory clock; DfE statistics use the start date (T2-start).
    """
    return add_working_days(referral_date, ASSESSMENT_WORKING_DAYS)


@timescale(
    code="T2-start",
    title="Assessment completed: 45 working days from the assessment start",
    status="D",
    source="VCIN:cin_validator/rules/cin2022_23/rule_8670Q.py; EES dataset 'C2 Completed "
    "assessments by duration of assessment' (data-set/3fb5a93d-1eb3-4f3a-bdd0-5caea4556ce6)",
    confidence="verified",
)
def assessment_due_from_start(start: date) -> date:
    """Return the day an assessment must be authorised by: 45 WD after its actual start date.

    The clock DfE statistics and the CIN census use (``AssessmentActualStartDate``). CIN query
    8670Q: "Please check: Assessment started more than 45 working days before the end of the
    census year. However, there is no Assessment end date." The validator counts the start day
    as day 1, so it queries an assessment still open on the due date returned here
    (see ``opencsc.core.calendar``).
    """
    return add_working_days(start, ASSESSMENT_WORKING_DAYS)


@timescale(
    code="T3",
    title="Strategy discussion held",
    status="L",
    source="knowsleychildcare.proceduresonline.com/p_cp_business.htm",
    confidence="secondary",
    configurable=True,
    default=STRATEGY_DISCUSSION_WORKING_DAYS,
)
def strategy_discussion_due(decided: date) -> date:
    """Return the day a strategy discussion must be held by: 1 WD after the decision to hold it.

    No national figure; a common local standard is "within 24 hours of the decision to hold it"
    (knowsleychildcare.proceduresonline.com/p_cp_business.htm), read here as one working day.
    Configurable as ``OPENCSC_TIMESCALES["T3"]``, in working days.
    """
    days = int(local_setting("T3", STRATEGY_DISCUSSION_WORKING_DAYS))
    return add_working_days(decided, days)


@timescale(
    code="T4",
    title="Initial child protection conference held",
    status="S",
    source="SSD:ssd_initial_cp_conference.yml ICPC004A; EES dataset A2 footnote "
    "(…/6be19822-a151-4cb5-aefc-4e4054e767c8); VCIN queries 8675Q and 8870Q; "
    "devon.gov.uk/…/no-23-initial-case-conferences (docs/timescales.md notes §3)",
    confidence="verified",
)
def icpc_due(strategy_discussion_date: date) -> date:
    """Return the ICPC target date: 15 WD after the strategy discussion (always a working day).

    "…within 15 working days of the strategy discussion, or, where more than one has been held,
    of the strategy discussion at which section 47 enquiries were initiated" (devon.gov.uk/…/no-
    23-initial-case-conferences; EES footnote "an initial child protection conference should be
    convened within 15 working days"). Pass the date of the discussion that initiated the S47.
    The result is the CIN ``InitialCPCtarget``, which query 8870Q says must not be a weekend.
    """
    return add_working_days(strategy_discussion_date, ICPC_WORKING_DAYS)


@timescale(
    code="T5",
    title="First child protection review conference",
    status="S",
    source="studylib.net/doc/6806749/review-child-protection-conferences…; "
    "teescpp.org.uk/child-protection-review-conference (docs/timescales.md notes §3)",
    confidence="secondary",
)
def first_cp_review_due(icpc_date: date) -> date:
    """Return the day the first CP review conference is due: 3 calendar months after the ICPC.

    "The first Review Conference should be held within 3 months of the Initial Child Protection
    Conference and further reviews should be held at not more than 6 monthly intervals"
    (studylib.net/doc/6806749; teescpp.org.uk/child-protection-review-conference).
    """
    return add_months(icpc_date, 3)


@timescale(
    code="T6",
    title="Subsequent child protection review conferences",
    status="S",
    source="studylib.net/doc/6806749/review-child-protection-conferences…; "
    "trixresources.proceduresonline.com/nat_key/keywords/rev_chi_prot_conf.html",
    confidence="secondary",
)
def next_cp_review_due(previous_review: date) -> date:
    """Return the day the next CP review conference is due: 6 calendar months after the last.

    "…then at intervals of not more than six months"
    (trixresources.proceduresonline.com/nat_key/keywords/rev_chi_prot_conf.html).
    """
    return add_months(previous_review, 6)


@timescale(
    code="T7",
    title="Unborn baby: first review conference",
    status="L",
    source="teescpp.org.uk/child-protection-review-conference",
    confidence="secondary",
    configurable=True,
    default=UNBORN_REVIEW_WORKING_DAYS_AFTER_BIRTH,
)
def unborn_first_review_due(*, icpc_date: date, birth_date: date | None) -> date:
    """Return the first review date for a pre-birth plan: the sooner of 10 WD after the birth and
    3 months after the ICPC (T5). Before the birth (``birth_date`` None) it is the T5 date.

    Local standard (Tees, teescpp.org.uk/child-protection-review-conference). The working days
    after birth are configurable as ``OPENCSC_TIMESCALES["T7"]``.
    """
    by_icpc = first_cp_review_due(icpc_date)
    if birth_date is None:
        return by_icpc
    days = int(local_setting("T7", UNBORN_REVIEW_WORKING_DAYS_AFTER_BIRTH))
    return min(by_icpc, add_working_days(birth_date, days))


@timescale(
    code="T8",
    title="Child protection statutory visit",
    status="L",
    source="no national source found (Annex A List 7 reports 'Date of the Last Statutory Visit' "
    "and 'Seen Alone')",
    confidence="unverified",
    configurable=True,
    default=CP_VISIT_WORKING_DAYS,
)
def cp_visit_due(last_visit: date) -> date:
    """Return the day the next visit to a child on a CP plan is due: 10 WD after the last one.

    UNVERIFIED local standard: no national source was found; "every 10 working days /
    fortnightly" is the common practice. Configurable as ``OPENCSC_TIMESCALES["T8"]``, in working
    days.
    """
    days = int(local_setting("T8", CP_VISIT_WORKING_DAYS))
    return add_working_days(last_visit, days)


@timescale(
    code="T9",
    title="Child in need visit",
    status="L",
    source="none found",
    confidence="unverified",
    configurable=True,
    default=CIN_VISIT_WEEKS,
)
def cin_visit_due(last_visit: date) -> date:
    """Return the day the next visit to a child on a CIN plan is due: 4 weeks after the last.

    UNVERIFIED local standard: no source found; councils use 4 to 6 weeks. The default is the
    stricter end of that range, so a council on 6 weeks relaxes it knowingly. Configurable as
    ``OPENCSC_TIMESCALES["T9"]``, in weeks.
    """
    weeks = int(local_setting("T9", CIN_VISIT_WEEKS))
    return add_weeks(last_visit, weeks)


@timescale(
    code="T30",
    title="Re-referral within 12 months",
    status="D",
    source="EES methodology 'Children in need: A focus on re-referrals' "
    "(explore-education-statistics.service.gov.uk/methodology/children-in-need-a-focus-on-re-referrals)",
    confidence="verified",
)
def is_re_referral(previous_referral_date: date, referral_date: date) -> bool:
    """True if ``referral_date`` is within 12 months of ``previous_referral_date``.

    DfE: a re-referral is a referral within 12 months of a previous referral for the same child
    (EES methodology "Children in need: A focus on re-referrals"). "Within 12 months" includes the
    anniversary itself (10 May 2023 → 10 May 2024 counts; 11 May does not), as "within 3 months"
    does for due dates. A previous referral dated after this one is not previous: False.

    The 12 months run forward from the previous referral, as the definition reads ("within 12
    months *of a previous referral*") and as every other "within N months of" clock here does,
    on the calendar's month arithmetic. So after a referral on 28 February 2023 the window ends
    on 28 February 2024, and a referral on 29 February 2024 (366 days later) is not a re-referral.
    Counting back 12 months from 29 February 2024 instead would clamp to 28 February 2023 and
    let it in: Annex A's "referrals in the last 12 months" once did, and now calls this function.
    """
    return previous_referral_date <= referral_date <= add_months(previous_referral_date, 12)


@timescale(
    code="T31",
    title="Second or subsequent child protection plan",
    status="D",
    source="id.esd.org.uk/metricType/100 (formerly NI 65)",
    confidence="verified",
)
def is_second_or_subsequent_cp_plan(
    *, plan_start: date, previous_plan_starts: Iterable[date]
) -> bool:
    """True if a CP plan starting on ``plan_start`` follows an earlier plan with this council.

    "Regardless of how long ago" (id.esd.org.uk/metricType/100, formerly NI 65): any earlier
    plan start counts.
    """
    return any(start < plan_start for start in previous_plan_starts)


# Lower bounds in months, longest first; the band labels follow the EES D7 groupings.
_CP_PLAN_BANDS = (
    (24, "2 years or more"),
    (12, "1 year to under 2 years"),
    (6, "6 months to under 1 year"),
    (3, "3 months to under 6 months"),
    (0, "under 3 months"),
)


@timescale(
    code="T32",
    title="Child protection plan duration band",
    status="D",
    source="EES dataset 'D7 Child Protection Plans ending during the year by duration' "
    "(…/04a78d29-2196-4bea-bf95-7a2eced5d0d5); "
    "COLLECT report 'KI Children - CPP - 2 Years or more'",
    confidence="verified",
)
def cp_plan_duration_band(start: date, end: date) -> str:
    """Return the duration band of a CP plan that ran from ``start`` to ``end``.

    Bands from EES dataset D7: under 3 months, 3-6 months, 6-12 months, 1-2 years, 2 years or
    more. Each band includes its lower bound in calendar months: a plan from 1 March 2023 ending
    1 March 2025 is "2 years or more"; one ending 28 February 2025 is "1 year to under 2 years".
    The exact DfE treatment of the boundary day is not stated in the source.
    """
    for months, label in _CP_PLAN_BANDS:
        if end >= add_months(start, months):
            return label
    raise ValueError(f"plan ends ({end}) before it starts ({start})")


@timescale(
    code="T33",
    title="Care proceedings concluded",
    status="S",
    source="Children Act 1989 s32(1)(a)(ii), legislation.gov.uk/ukpga/1989/41/section/32 "
    "(inserted by Children and Families Act 2014 s14)",
    confidence="verified",
)
def care_proceedings_due(issued: date) -> date:
    """Return the last day of the 26 weeks for care proceedings issued on ``issued``.

    Children Act 1989 s32(1)(a)(ii): "in any event within twenty-six weeks beginning with the day
    on which the application was issued" (extendable under s32(5)). "Beginning with" counts the
    issue day as the first day, so the 26 weeks end the day before the 26-week anniversary.
    """
    return add_days(add_weeks(issued, 26), -1)


@timescale(
    code="T34",
    title="EHC plan issued",
    status="S",
    source="SSD:ssd_ehcp_assessment.yml EHCA005A ('20-week time limit exceptions')",
    confidence="verified",
)
def ehcp_due(request: date) -> date:
    """Return the day a final EHC plan is due: 20 weeks after the request for an assessment.

    The SEND 20-week time limit (SSD:``ssd_ehcp_assessment.yml`` EHCA005A, "20-week time limit
    exceptions"). "Within 20 weeks of" a request excludes the request day, like working days.
    """
    return add_weeks(request, 20)


@timescale(
    code="T37",
    title="Open case allocated to a worker",
    status="L",
    source="no numeric standard found (ILACS judges leaders on workforce and allocation)",
    confidence="unverified",
    configurable=True,
    default=ALLOCATION_WORKING_DAYS,
)
def allocation_due(unallocated_since: date) -> date:
    """Return the day an open case without an allocated worker becomes an alert.

    UNVERIFIED local standard: no numeric standard was found, so the default is 0 working days
    (alert on the day the case is open without a worker). Configurable as
    ``OPENCSC_TIMESCALES["T37"]``, in working days.
    """
    days = int(local_setting("T37", ALLOCATION_WORKING_DAYS))
    return add_working_days(unallocated_since, days)


# --- Which clock applies now -------------------------------------------------------------
# Pure functions from what has happened so far to the next due date, choosing between the rules
# above. Registered in ``opencsc.core.timescales.CLOCKS``; alerts are built on these.


def _latest_since(dates: Iterable[date], since: date) -> date | None:
    return max((d for d in dates if d >= since), default=None)


@clock(title="Next child protection review conference", codes=("T5", "T6", "T7"))
def next_cp_review(
    *, icpc_on: date, reviews_held: Iterable[date], born_on: date | None = None
) -> date:
    """Return the day the next CP review conference is due for a plan made at ``icpc_on``.

    No review held yet: 3 months after the ICPC (T5). After that: 6 months after the latest
    review (T6). "The first Review Conference should be held within 3 months of the Initial
    Child Protection Conference and further reviews should be held at not more than 6 monthly
    intervals" (docs/timescales.md notes §3). Reviews dated before the ICPC are not this plan's
    and are ignored. For a pre-birth plan pass the birth date once known as ``born_on``: the
    first review is then the sooner of T5 and 10 WD after the birth (T7, local).
    """
    latest = _latest_since(reviews_held, icpc_on)
    if latest is not None:
        return next_cp_review_due(latest)
    if born_on is not None and born_on >= icpc_on:
        return unborn_first_review_due(icpc_date=icpc_on, birth_date=born_on)
    return first_cp_review_due(icpc_on)


@clock(title="Next child protection statutory visit", codes=("T8",))
def next_cp_visit(*, plan_started_on: date, last_visit: date | None) -> date:
    """Return the day the next visit to a child on a CP plan is due.

    T8 (UNVERIFIED local standard, default every 10 WD): counted from the last visit during the
    plan, or from the plan's start before the first one (a visit before the plan began does not
    count for it).
    """
    if last_visit is None or last_visit < plan_started_on:
        return cp_visit_due(plan_started_on)
    return cp_visit_due(last_visit)


@clock(title="Next child in need visit", codes=("T9",))
def next_cin_visit(*, plan_started_on: date, last_visit: date | None) -> date:
    """Return the day the next visit to a child on a CIN plan is due.

    T9 (UNVERIFIED local standard, default every 4 weeks): counted from the last visit during
    the plan, or from the plan's start before the first one.
    """
    if last_visit is None or last_visit < plan_started_on:
        return cin_visit_due(plan_started_on)
    return cin_visit_due(last_visit)
