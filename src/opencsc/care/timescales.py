"""Timescales for children in care, care leavers and adoption.

Pure date functions and predicates, one per rule, registered in
``opencsc.core.timescales.CATALOGUE``. Codes and sources are those of ``docs/timescales.md``.
Working days, months and weeks follow ``opencsc.core.calendar`` (the day of the event is day 0;
months are calendar months clamped to the month end).

A due date is the last day on which the thing is still on time: it is late if done after it.
Abbreviations: WD working days; CPPCR the Care Planning, Placement and Case Review (England)
Regulations 2010 (SI 2010/959); LAC/CLA looked-after child; PEP personal education plan; IRO
independent reviewing officer; ICO interim care order; OC2/OC3 the SSDA903 outcome tables;
V903 the DfE SSDA903 validator (data-to-insight/csc-validator-be-903); SSD the Standard
Safeguarding Dataset (data-to-insight/ssd-data-model); EES explore-education-statistics.
"""

from collections.abc import Iterable
from datetime import date, datetime
from typing import Literal

from opencsc.casework.timescales import next_cin_visit, next_cp_visit
from opencsc.core.calendar import (
    add_days,
    add_elapsed_hours,
    add_months,
    add_weeks,
    add_working_days,
    live_between,
)
from opencsc.core.timescales import clock, local_setting, timescale

REG_33 = (
    "CPPCR 2010 reg 33, legislation.gov.uk/uksi/2010/959/part/6/made (docs/timescales.md notes §4)"
)
REG_28 = "CPPCR 2010 reg 28, legislation.gov.uk/uksi/2010/959/regulation/28/made"


def _has_lasted(since: date, at: date, months: int) -> bool:
    """True if something running from ``since`` has lasted ``months`` months by ``at``.

    Both days count, as in the 903 OC2 cohort: a child looked after from 1 April 2023 has been
    looked after for 12 months at 31 March 2024 (V903 ``add_col_to_tables_CONTINUOUSLY_LOOKED_
    AFTER`` treats a period starting on the collection start date as continuous).
    """
    return since <= add_days(add_months(at, -months), 1)


# --- Looked-after reviews (CPPCR reg 33) -------------------------------------------------


@timescale(
    code="T10",
    title="First looked-after review",
    status="S",
    source=REG_33,
    confidence="verified",
)
def first_cla_review_due(became_looked_after: date) -> date:
    """Return the day the first looked-after review is due: 20 WD after the child became looked
    after.

    CPPCR 2010 reg 33(1): "The responsible authority must first review C's case within 20 working
    days of the date on which C becomes looked after." Reg 33(3) can require an earlier review.
    """
    return add_working_days(became_looked_after, 20)


@timescale(
    code="T11",
    title="Second looked-after review",
    status="S",
    source=REG_33,
    confidence="verified",
)
def second_cla_review_due(first_review: date) -> date:
    """Return the day the second looked-after review is due: 3 months after the first review.

    CPPCR 2010 reg 33(2): "The second review must be carried out not more than three months after
    the first".
    """
    return add_months(first_review, 3)


@timescale(
    code="T12",
    title="Later looked-after reviews",
    status="S",
    source=REG_33,
    confidence="verified",
)
def next_cla_review_due(previous_review: date) -> date:
    """Return the day the third and later looked-after reviews are due: 6 months after the last.

    CPPCR 2010 reg 33(2): "…subsequent reviews must be carried out at intervals of not more than
    six months."
    """
    return add_months(previous_review, 6)


# --- Statutory visits (CPPCR reg 28) -----------------------------------------------------


@timescale(
    code="T13",
    title="Statutory visit after a new placement",
    status="S",
    source=REG_28,
    confidence="verified",
)
def first_placement_visit_due(placement_start: date) -> date:
    """Return the day the first visit in a placement is due: 1 week after it starts.

    CPPCR 2010 reg 28(2)(a): the child must be visited "within one week of the start of any
    placement".
    """
    return add_weeks(placement_start, 1)


@timescale(
    code="T14",
    title="Statutory visits after the first",
    status="S",
    source=REG_28,
    confidence="verified",
)
def next_statutory_visit_due(
    *, last_visit: date, placement_start: date, long_term_until_18: bool
) -> date:
    """Return the day the next statutory visit is due after the visit on ``last_visit``.

    CPPCR 2010 reg 28(2): visits "(b) at intervals of not more than six weeks for the first year
    … (c) thereafter … not more than three months" where the placement is intended to last until
    the child is 18, and "in any other case … not more than six weeks".

    The interval is chosen by the date of the last visit: a visit before the first anniversary
    of the placement start is in the first year, so the next is due 6 weeks later even if that
    is past the anniversary; from a visit on or after the anniversary a long-term placement gets
    3 months. (Reading the regulation the other way would let the 6-week rule lapse early.)
    """
    first_year_over = add_months(placement_start, 12)
    if long_term_until_18 and last_visit >= first_year_over:
        return add_months(last_visit, 3)
    return add_weeks(last_visit, 6)


VisitCase = Literal[
    "placed_with_parent_before_assessment",
    "connected_person_temporary_approval",
    "interim_care_order_with_parent",
    "care_order_with_parent",
]
# Weeks between visits once the weekly phase ends (after the first review, or at once for a care
# order with a parent, which has no weekly phase).
_SPECIAL_CASE_WEEKS: dict[str, int] = {
    "placed_with_parent_before_assessment": 6,  # reg 19 placement, reg 28(3)
    "connected_person_temporary_approval": 4,  # reg 24 placement, reg 28(4)
    "interim_care_order_with_parent": 4,  # reg 28(4)
    "care_order_with_parent": 6,  # reg 28(5)
}


@timescale(
    code="T15",
    title="Statutory visits in special cases",
    status="S",
    source=REG_28 + " (reg 28(3)-(5))",
    confidence="verified",
)
def special_case_visit_due(
    *, kind: VisitCase, start: date, last_visit: date | None, first_review: date | None
) -> date:
    """Return the day the next visit is due in one of the reg 28(3)-(5) special cases.

    - ``placed_with_parent_before_assessment`` (reg 19): weekly until the first review, then at
      most 6 weeks apart;
    - ``connected_person_temporary_approval`` (reg 24) and ``interim_care_order_with_parent``:
      weekly until the first review, then at most 4 weeks apart;
    - ``care_order_with_parent``: within 1 week of the order, then at most 6 weeks apart.

    ``start`` is the placement start (or the date of the order); ``last_visit`` is None before
    the first visit; ``first_review`` is the date of the first looked-after review if held.
    A visit on the day of the first review counts as after it. Source: CPPCR 2010 reg 28(3)-(5)
    (docs/timescales.md T15).
    """
    if kind not in _SPECIAL_CASE_WEEKS:
        raise ValueError(f"unknown special visiting case {kind!r}")
    if last_visit is None:
        return add_weeks(start, 1)
    weekly_phase_over = kind == "care_order_with_parent" or (
        first_review is not None and last_visit >= first_review
    )
    if weekly_phase_over:
        return add_weeks(last_visit, _SPECIAL_CASE_WEEKS[kind])
    return add_weeks(last_visit, 1)


@timescale(
    code="T16",
    title="Short breaks: modified regulations apply",
    status="S",
    source="CPPCR 2010 reg 48, legislation.gov.uk/uksi/2010/959/part/9/made",
    confidence="verified",
)
def short_breaks_modifications_apply(
    *, longest_placement_days: int, total_days_in_12_months: int
) -> bool:
    """True if a series of short breaks falls under the modified regulations (V3/V4 legal status).

    CPPCR 2010 reg 48: applies where no single placement is intended to last more than 17 days
    and the placements in total are not intended to exceed 75 days in any 12 months; visits are
    then at intervals agreed with the IRO. Pass the intended lengths, in days.
    """
    return longest_placement_days <= 17 and total_days_in_12_months <= 75


# --- Health ------------------------------------------------------------------------------


@timescale(
    code="T17",
    title="Initial health assessment",
    status="S",
    source="CPPCR reg 7 + Promoting the health and well-being of looked-after children (2015), "
    "via trixresources.proceduresonline.com/nat_key/keywords/health_care_assessment.html and "
    "cityoflondonchildren.proceduresonline.com/chapters/p_health_care.html",
    confidence="secondary",
)
def initial_health_assessment_due(became_looked_after: date) -> date:
    """Return the day the initial health assessment is due: 20 WD after becoming looked after.

    CPPCR reg 7 and the 2015 statutory guidance (secondary sources): before the first placement
    or, if that is not practicable, before the first review (unless one was done in the previous
    3 months), i.e. in practice within 20 working days, in time for the first review (T10).
    """
    return add_working_days(became_looked_after, 20)


@timescale(
    code="T18",
    title="Review health assessment",
    status="S",
    source="Promoting the health and well-being of looked-after children (2015), via "
    "coventrychildcare.proceduresonline.com/p_healthcare_assmt.htm and the City of London page",
    confidence="secondary",
)
def review_health_assessment_due(*, last_assessment: date, date_of_birth: date) -> date:
    """Return the day the next review health assessment is due.

    At least every 6 months under age 5, at least every 12 months from age 5
    (coventrychildcare.proceduresonline.com/p_healthcare_assmt.htm). The interval is set by the
    child's age at the last assessment: a child assessed at 4 years 10 months is due again at
    5 years 4 months, not at 5 years 10 months. That is the stricter reading, and it never
    leaves an under-5 more than 6 months without an assessment.
    """
    fifth_birthday = add_months(date_of_birth, 60)
    months = 6 if last_assessment < fifth_birthday else 12
    return add_months(last_assessment, months)


@timescale(
    code="T19",
    title="Looked after continuously for 12 months at year end (903 OC2 cohort)",
    status="D",
    source="V903:lac_validator/config.py OC2; SSD:ssd_sdq_scores.yml CSDQ005A",
    confidence="verified",
)
def looked_after_continuously_12_months(
    period_start: date, year_end: date, *, period_end: date | None = None
) -> bool:
    """True if a care period starting on ``period_start`` puts the child in the OC2 cohort.

    The 903 OC2 items (dental check, immunisations, health assessment, SDQ for ages 4-16) are
    for children "looked after continuously for at least 12 months at 31 March". As in the DfE
    validator, a period starting on or before the collection start (1 April, the day after
    ``year_end`` a year earlier) counts, and the period must still be open on ``year_end``: a
    child who ceased on 31 March itself is in the cohort, as the DfE validation rules define
    LOOKED_AFTER_CONTINUOUSLY (only a DEC before 31 March breaks it; V903 rule 191 wants OC2
    data for such a child). Short-break (V3/V4) periods do not count: the caller leaves them out.
    """
    still_looked_after = period_end is None or period_end >= year_end
    return still_looked_after and _has_lasted(period_start, year_end, 12)


# --- Education ---------------------------------------------------------------------------


@timescale(
    code="T20",
    title="Personal education plan in place",
    status="S",
    source="CPPCR reg 5(b)(ii), legislation.gov.uk/uksi/2010/959/regulation/5/made; "
    "oldham.gov.uk/info/200226/…/oldham_virtual_school/2 (docs/timescales.md notes §6)",
    confidence="secondary",
)
def pep_due(became_looked_after: date) -> date:
    """Return the day the PEP must be complete: 20 WD after becoming looked after.

    The PEP is part of the care plan (CPPCR reg 5(b)(ii)); "a PEP must be initiated by the Social
    Worker (within 10 working days) and completed within 20 working days to inform the first
    review meeting" (oldham.gov.uk virtual school; secondary).
    """
    return add_working_days(became_looked_after, 20)


PEP_REVIEW_MONTHS = 4


@timescale(
    code="T20-review",
    title="Personal education plan reviewed each term",
    status="L",
    source="oldham.gov.uk/info/200226/…/oldham_virtual_school/2 ('then reviewed termly'); "
    "termly review UNVERIFIED in the statutory guidance",
    confidence="unverified",
    configurable=True,
    default=PEP_REVIEW_MONTHS,
)
def next_pep_review_due(last: date) -> date:
    """Return the day the next PEP review is due: 4 months after the last one.

    UNVERIFIED: local and virtual-school guidance says the PEP is "reviewed termly"; the DfE 2018
    guidance text was not retrieved. Three terms a year is read as every 4 months. Configurable
    as ``OPENCSC_TIMESCALES["T20-review"]``, in months.
    """
    months = int(local_setting("T20-review", PEP_REVIEW_MONTHS))
    return add_months(last, months)


# --- Care leavers ------------------------------------------------------------------------


@timescale(
    code="T21",
    title="Pathway plan review",
    status="S",
    source="Care Leavers (England) Regulations 2010 reg 7 (not retrieved); predecessor "
    "legislation.gov.uk/wsi/2001/2189/regulation/9/made; norfolk.gov.uk/article/41535/"
    "Pathway-plan-review (docs/timescales.md notes §4)",
    confidence="secondary",
)
def next_pathway_plan_review_due(last_review: date) -> date:
    """Return the day the next pathway plan review is due: 6 months after the last.

    Reviews are held when the young person asks, when the council or personal adviser thinks
    one necessary, "and in any other case at intervals of not more than six months"
    (predecessor regulation wording; norfolk.gov.uk: "This is what the law requires"). For an
    eligible child still looked after, the plan is reviewed with the looked-after review instead.
    """
    return add_months(last_review, 6)


OC3_WINDOW_MONTHS = (3, 1)


@timescale(
    code="T22",
    title="Care leaver 'in touch' window around the birthday (903 OC3)",
    status="D",
    source="SSD:ssd_care_leavers.yml CLEA006A ('on or around their 17th … 21st birthday'); "
    "window UNVERIFIED (docs/timescales.md notes §1)",
    confidence="unverified",
    configurable=True,
    default=OC3_WINDOW_MONTHS,
)
def oc3_window(birthday: date) -> tuple[date, date]:
    """Return the first and last days of the window around a 17th-21st birthday for OC3 data.

    UNVERIFIED: sources only say information is collected "on or around" the birthday (SSD
    CLEA006A); the window of 3 months before to 1 month after is a hypothesis to check against
    the year's SSDA903 guide. Configurable as ``OPENCSC_TIMESCALES["T22"] = (months_before,
    months_after)``.
    """
    before, after = local_setting("T22", OC3_WINDOW_MONTHS)
    return add_months(birthday, -int(before)), add_months(birthday, int(after))


# --- Missing from care -------------------------------------------------------------------

RETURN_INTERVIEW_HOURS = 72


@timescale(
    code="T24",
    title="Return home interview after a missing episode",
    status="S",
    source="Children who run away or go missing from home or care (2014), via "
    "missingpeople.org.uk/the-delivery-of-return-interviews-across-england-2023-24",
    confidence="secondary",
)
def return_interview_due(returned_at: datetime) -> datetime:
    """Return the moment by which the return home interview is due: 72 hours after the return.

    "Statutory guidance states that RHIs should be completed within 72 hours of the child's
    return from being missing" (missingpeople.org.uk, 2023-24). The hours are real elapsed time,
    so across a clock change the wall-clock time moves by an hour. ``returned_at`` must be
    timezone-aware.
    """
    return add_elapsed_hours(returned_at, RETURN_INTERVIEW_HOURS)


@timescale(
    code="T25",
    title="Unresolved missing episode closes at 18",
    status="D",
    source="SSD:ssd_missing.yml MISS003A",
    confidence="verified",
)
def missing_episode_open_until(date_of_birth: date) -> date:
    """Return the 18th birthday: an unresolved missing episode stays open until then.

    SSD ``ssd_missing.yml`` MISS003A. A 29 February birthday falls on 28 February in a common
    year (see ``opencsc.core.calendar.age_on``).
    """
    return add_months(date_of_birth, 12 * 18)


# --- Adoption scorecard (T26-T29) --------------------------------------------------------

# DfE's final thresholds: 14 months (A1) and 4 months (A2) are confirmed (DfE press release,
# 11 May 2012). The day values are UNVERIFIED: they follow DfE's earlier pattern (months x 30.44,
# rounded down: 21 m -> 639, 7 m -> 213) but no source states them. See docs/timescales.md notes §5.
A1_THRESHOLD_MONTHS = 14
A2_THRESHOLD_MONTHS = 4
A1_THRESHOLD_DAYS = 426
A2_THRESHOLD_DAYS = 121
A3_MONTHS = 14


def _days(start: date, end: date, what: str) -> int:
    if end < start:
        raise ValueError(f"{what}: {end} is before {start}")
    return (end - start).days


@timescale(
    code="T26",
    title="Adoption A1: days from entering care to moving in with the adoptive family",
    status="D",
    source="LG Inform id.esd.org.uk/metricType/912; Wolverhampton scorecard analysis "
    "(docplayer.net/amp/20077661-analysis-of-adoption-scorecard-information-2011-2014.html)",
    confidence="secondary",
)
def a1_days(entered_care: date, moved_in: date) -> int:
    """Return the A1 days for one adopted child: from entering care to moving in with the
    adoptive family.

    The scorecard averages this over three years of adopted children; compare the average with
    ``A1_THRESHOLD_DAYS`` (426, UNVERIFIED; 14 months confirmed). A1 was dropped from the ASGLB
    quarterly data from Q1 2021-22 in favour of A10 (docs/timescales.md notes §5).
    """
    return _days(entered_care, moved_in, "A1")


@timescale(
    code="T27",
    title="Adoption A2: days from placement order to match",
    status="D",
    source="LG Inform id.esd.org.uk/metricType/912",
    confidence="secondary",
)
def a2_days(placement_order: date, matched: date) -> int:
    """Return the A2 days: from the court's authority to place (placement or freeing order) to
    the council deciding on a match; zero if the match was decided before the order.

    id.esd.org.uk/metricType/912. Compare the average with ``A2_THRESHOLD_DAYS`` (121,
    UNVERIFIED; 4 months confirmed).
    """
    return max(0, (matched - placement_order).days)


@timescale(
    code="T28",
    title="Adoption A10: A1 adjusted for foster carer adoptions",
    status="D",
    source="coram.org.uk/resource/local-level-asglb-data-q3-2020-21; Wolverhampton scorecard "
    "analysis §1.3 (docplayer.net/amp/20077661-…)",
    confidence="verified",
)
def a10_days(
    entered_care: date, moved_in: date, *, foster_placement_start: date | None = None
) -> int:
    """Return the A10 days: as A1, but for a child adopted by its foster carers counted to the
    day the foster placement with them began (pass it as ``foster_placement_start``).

    "Average time (in days) between a child entering care and moving in with its adoptive family
    adjusted for foster carer adoptions, for children who have been adopted"
    (coram.org.uk, local-level ASGLB data Q3 2020-21).
    """
    end = moved_in if foster_placement_start is None else foster_placement_start
    return _days(entered_care, end, "A10")


@timescale(
    code="T29",
    title="Adoption A3: moved in with the adoptive family within 14 months",
    status="D",
    source="DfE Adoption Scorecards: year ending March 2018 - Methodology and guidance, via "
    "vdocument.in/adoption-scorecards-year-ending-march-2018-…",
    confidence="verified",
)
def a3_within_14_months(entered_care: date, moved_in: date) -> bool:
    """True if the child waited less than 14 months between entering care and moving in with the
    adoptive family.

    DfE scorecard methodology: "A3. Percentage of children who wait less than 14 months between
    entering care and moving in with their adoptive family". "Less than" excludes exactly 14
    calendar months: entering care on 1 January 2023 and moving in on 1 March 2024 is not.
    """
    return moved_in < add_months(entered_care, A3_MONTHS)


# --- Placement stability (T35) -----------------------------------------------------------


@timescale(
    code="T35",
    title="Three or more placements in the year",
    status="D",
    source="EES 'Placement stability by local authority' (…/68c7a1f2-7dd9-42d4-9794-e94203e311f0)",
    confidence="verified",
)
def three_or_more_placements(
    placements: Iterable[tuple[date, date | None]], *, year_start: date, year_end: date
) -> bool:
    """True if three or more of the ``(start, end)`` placements were held during the year.

    A placement counts if it was open on any day from ``year_start`` to ``year_end`` (``end``
    None = still open). The DfE measure is for children looked after at 31 March; which episodes
    make a new placement (903 reason for new episode) is the caller's job.
    """
    held = sum(1 for start, end in placements if live_between(start, end, year_start, year_end))
    return held >= 3


@timescale(
    code="T35-cohort",
    title="Long-term stability cohort: under 16, looked after at least 2.5 years",
    status="D",
    source="EES 'Placement stability by local authority' (…/68c7a1f2-7dd9-42d4-9794-e94203e311f0)",
    confidence="verified",
)
def long_term_stability_cohort(
    *, date_of_birth: date, looked_after_since: date, year_end: date
) -> bool:
    """True if the child is in the long-term stability cohort at ``year_end`` (31 March).

    Children aged under 16 at 31 March who have been looked after continuously for at least
    2.5 years (EES placement stability). Both end days count, as for T19.
    """
    under_16 = year_end < add_months(date_of_birth, 12 * 16)
    return under_16 and _has_lasted(looked_after_since, year_end, 30)


@timescale(
    code="T35-same-carer",
    title="Long-term stability: living with the same carer for at least 2 years",
    status="D",
    source="EES 'Placement stability by local authority' (…/68c7a1f2-7dd9-42d4-9794-e94203e311f0); "
    "NI 63 wording, certificates.theodi.org/en/datasets/16660",
    confidence="verified",
)
def living_with_same_carer_two_years(*, same_carer_since: date, year_end: date) -> bool:
    """True if a child in the T35 cohort has lived with the same carer for at least 2 years.

    NI 63 wording: "same placement for at least 2 years, or placed for adoption and adoptive
    placement together with previous placement last ≥2 years": for a child placed for adoption
    with their carers, pass the start of the earlier placement with them. Both end days count.
    """
    return _has_lasted(same_carer_since, year_end, 24)


# --- Workforce ---------------------------------------------------------------------------


@timescale(
    code="T36",
    title="Workforce census caseload snapshot",
    status="D",
    source="SSD:ssd_professionals.yml PROF008A; SSD ssd_vw_current_time_windows.sql "
    "('last Sept 30')",
    confidence="verified",
)
def workforce_census_date(year: int) -> date:
    """Return the CSC workforce census snapshot date in ``year``: 30 September.

    Caseloads are counted at 30 September (SSD ``ssd_professionals.yml`` PROF008A).
    """
    return date(year, 9, 30)


# --- Which clock applies now -------------------------------------------------------------
# Pure functions from what has happened so far to the next due date, choosing between the rules
# above. Registered in ``opencsc.core.timescales.CLOCKS``; alerts are built on these.


def _since(dates: Iterable[date], start: date) -> list[date]:
    return sorted(d for d in dates if d >= start)


@clock(title="Next looked-after review", codes=("T10", "T11", "T12"))
def next_cla_review(*, became_looked_after: date, reviews_held: Iterable[date]) -> date:
    """Return the day the next looked-after review is due in a period of care.

    CPPCR 2010 reg 33 (docs/timescales.md notes §4): the first review "within 20 working days of
    the date on which C becomes looked after" (T10); "the second review … not more than three
    months after the first" (T11); "subsequent reviews … at intervals of not more than six
    months" (T12). ``reviews_held`` may hold every review of the child: those before
    ``became_looked_after`` belong to an earlier period and are ignored, so a new period starts
    the 20 WD clock again. Reg 33(3) earlier reviews (e.g. an IRO's request) are not clocks.
    """
    held = _since(reviews_held, became_looked_after)
    if not held:
        return first_cla_review_due(became_looked_after)
    if len(held) == 1:
        return second_cla_review_due(held[0])
    return next_cla_review_due(held[-1])


def special_visit_case(*, place: str, legal_status: str) -> VisitCase | None:
    """Return the reg 28 special visiting case a placement's codes show, or None.

    A child placed with a parent (903 placement P1) under an interim care order (C1) is visited
    as reg 28(4) says; under a full care order (C2), as reg 28(5) says. The other special cases
    (a reg 19 placement with a parent before assessment, a reg 24 temporary approval of a
    connected person) are not visible in the codes: the caller knows them and passes them to
    ``next_cla_visit``. Short breaks (V3/V4, T16) have visits at intervals agreed with the IRO
    and no clock here.
    """
    if place == "P1" and legal_status == "C1":
        return "interim_care_order_with_parent"
    if place == "P1" and legal_status == "C2":
        return "care_order_with_parent"
    return None


@clock(title="Next looked-after statutory visit", codes=("T13", "T14", "T15"))
def next_cla_visit(
    *,
    placement_started_on: date,
    last_visit: date | None,
    long_term_until_18: bool,
    special_case: VisitCase | None = None,
    first_review: date | None = None,
) -> date:
    """Return the day the next statutory visit to a looked-after child is due.

    CPPCR 2010 reg 28(2): "within one week of the start of any placement" (T13), then at most
    6 weeks apart in the placement's first year and afterwards at most 3 months apart if it is
    intended to last until the child is 18, else 6 weeks (T14). In the reg 28(3)-(5) special
    cases (``special_visit_case``) the weekly-then-4-or-6-weekly rules apply instead (T15;
    ``first_review`` is the date of the first looked-after review, if held). A visit before the
    placement started does not count for it: each new placement starts the clock again.
    """
    if last_visit is not None and last_visit < placement_started_on:
        last_visit = None
    if special_case is not None:
        return special_case_visit_due(
            kind=special_case,
            start=placement_started_on,
            last_visit=last_visit,
            first_review=first_review,
        )
    if last_visit is None:
        return first_placement_visit_due(placement_started_on)
    return next_statutory_visit_due(
        last_visit=last_visit,
        placement_start=placement_started_on,
        long_term_until_18=long_term_until_18,
    )


VisitStatus = Literal["cin", "cp", "cla"]


@clock(
    title="Next statutory visit, by the child's status",
    codes=("T8", "T9", "T13", "T14", "T15"),
)
def next_statutory_visit(
    *,
    status: VisitStatus,
    since: date,
    last_visit: date | None,
    long_term_until_18: bool = False,
    special_case: VisitCase | None = None,
    first_review: date | None = None,
) -> date:
    """Return the day the next statutory visit is due for a child with the given status.

    ``status`` is the kind of visit owed (the values of ``casework.codes.VisitKind``): ``"cla"``
    looked after (reg 28, ``next_cla_visit``; ``since`` is the current placement's start),
    ``"cp"`` on a child protection plan (T8, local) and ``"cin"`` on a child in need plan (T9,
    local), where ``since`` is the plan's start. A looked-after child is visited under reg 28
    even while a CP plan is open; the caller picks the status by that precedence.
    """
    if status == "cla":
        return next_cla_visit(
            placement_started_on=since,
            last_visit=last_visit,
            long_term_until_18=long_term_until_18,
            special_case=special_case,
            first_review=first_review,
        )
    if status == "cp":
        return next_cp_visit(plan_started_on=since, last_visit=last_visit)
    if status == "cin":
        return next_cin_visit(plan_started_on=since, last_visit=last_visit)
    raise ValueError(f"no statutory visit clock for status {status!r}")


@clock(title="Next health assessment of a looked-after child", codes=("T17", "T18"))
def next_health_assessment(
    *, became_looked_after: date, date_of_birth: date, assessments_done: Iterable[date]
) -> date:
    """Return the day the next health assessment is due in a period of care.

    No assessment yet: the initial one, 20 WD after becoming looked after (T17). CPPCR reg 7
    excuses it when one was done in the previous 3 months, so an assessment up to 3 months
    before the period counts. After an assessment: the review assessment 6 months later under
    age 5, 12 months from age 5 (T18).
    """
    done = _since(assessments_done, add_months(became_looked_after, -3))
    if not done:
        return initial_health_assessment_due(became_looked_after)
    return review_health_assessment_due(last_assessment=done[-1], date_of_birth=date_of_birth)


@clock(title="Next personal education plan", codes=("T20", "T20-review"))
def next_pep(*, became_looked_after: date, peps_held: Iterable[date]) -> date:
    """Return the day the next PEP (or PEP review) is due in a period of care.

    No PEP in this period: complete within 20 WD, for the first review (T20). After one: the
    termly review, by default 4 months after the latest (T20-review, UNVERIFIED, configurable).
    """
    held = _since(peps_held, became_looked_after)
    if not held:
        return pep_due(became_looked_after)
    return next_pep_review_due(held[-1])


@clock(title="Next pathway plan review", codes=("T21",))
def next_pathway_plan_review(*, plans_held: Iterable[date]) -> date | None:
    """Return the day the next pathway plan review is due: 6 months after the latest plan or
    review (T21), or None before the first pathway plan (which is made while the child is still
    looked after and reviewed with the looked-after review).
    """
    held = sorted(plans_held)
    return next_pathway_plan_review_due(held[-1]) if held else None


@clock(title="Return home interview due, when only the day of return is known", codes=("T24",))
def return_interview_due_on(returned_on: date) -> date:
    """Return the last day on which the return home interview is on time: 3 days after the day of
    return.

    T24: within 72 hours of the return. Records hold the day, not the time, of the return, and
    72 hours from any time on that day ends 3 days later (in the first hour of the 4th day only
    across the spring clock change, which this stricter reading ignores). With the moment known,
    use ``return_interview_due``.
    """
    return add_days(returned_on, 3)
