"""The one write path for the front door, early help, children in need and child protection.

Each action is one transaction, validates before it writes, and refuses impossible sequences
with an ActionError naming the field and the fix (e.g. no CP plan without a conference).
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from opencsc.audit.models import AuditEvent
from opencsc.audit.recording import check_span_end, create, end_span, record_event, update
from opencsc.core.actor import Actor
from opencsc.core.checks import check_choice, check_date
from opencsc.core.errors import ActionError
from opencsc.people.access import visible_children
from opencsc.people.models import Person
from opencsc.workforce.models import Team, Worker

from . import timescales
from .codes import (
    DISCOURAGED_FACTORS,
    AssessmentFactor,
    CaseNoteKind,
    CategoryOfAbuse,
    ClosureReason,
    ConferenceKind,
    ContactOutcome,
    EarlyHelpEndReason,
    PrimaryNeed,
    ReferralSource,
    ReviewParticipation,
    S47Outcome,
    StrategyAgency,
    VisitKind,
    VisitMethod,
)
from .models import (
    Assessment,
    CaseNote,
    CaseNoteAction,
    ChildProtectionConference,
    CINPlan,
    Contact,
    CPPlan,
    EarlyHelpEpisode,
    Referral,
    Section47Enquiry,
    StrategyDiscussion,
    Visit,
)


def _after_birth(person: Person, on: dt.date, field: str, what: str) -> None:
    """Events happen after birth; for the unborn (pre-birth work) there is no lower bound."""
    check_date(
        on,
        field=field,
        what=what,
        not_before=person.date_of_birth,
        not_before_what="the child's date of birth",
    )
    if person.date_of_death and on > person.date_of_death:
        raise ActionError(
            field,
            f"The {what} is after the child's death ({person.date_of_death:%d/%m/%Y}).",
            "Check the date.",
        )


def _open_referral(referral: Referral, field: str = "referral") -> None:
    if referral.closed_on is not None:
        raise ActionError(
            field,
            f"The referral of {referral.received_on:%d/%m/%Y} is closed.",
            "Open a new referral first.",
        )


def check_participation(
    person: Person, on: dt.date, participation: str, *, blank_ok: bool = False
) -> None:
    """How the child took part in a review or conference on ``on`` (PN0–PN7): PN0 is for a child
    under 4 that day, and only for them (an unborn child counts as under 4)."""
    check_choice(
        participation,
        ReviewParticipation,
        "participation",
        "review participation code",
        blank_ok=blank_ok,
    )
    if not participation:
        return
    age = person.age_on(on)
    if (participation == ReviewParticipation.PN0) != (age is None or age < 4):
        raise ActionError(
            "participation",
            f"PN0 is for children under 4 at the review (the child is {age}).",
            "Use PN0 for under-4s only, PN1–PN7 otherwise.",
        )


# --- Early help ---------------------------------------------------------------------------------


@transaction.atomic
def start_early_help(
    *,
    by: Actor,
    person: Person,
    started_on: dt.date,
    reason: str = "",
    worker: Worker | None = None,
    organisation: str = "",
) -> EarlyHelpEpisode:
    _after_birth(person, started_on, "started_on", "early help start date")
    if person.early_help_episodes.filter(ended_on__isnull=True).exists():
        raise ActionError(
            "started_on",
            "This child already has an open early help episode.",
            "End it before starting another.",
        )
    return create(
        EarlyHelpEpisode,
        by=by,
        action="start_early_help",
        person=person,
        started_on=started_on,
        reason=reason,
        worker=worker,
        organisation=organisation,
    )


@transaction.atomic
def end_early_help(
    *,
    by: Actor,
    episode: EarlyHelpEpisode,
    ended_on: dt.date,
    end_reason: str,
    assessment_completed_on: dt.date | None = None,
) -> EarlyHelpEpisode:
    check_choice(end_reason, EarlyHelpEndReason, "end_reason", "reason early help ended")
    if assessment_completed_on is not None:
        check_date(
            assessment_completed_on,
            field="assessment_completed_on",
            what="early help assessment date",
            not_before=episode.started_on,
            not_before_what="the start of early help",
        )
    return end_span(
        episode,
        by=by,
        action="end_early_help",
        ended_on=ended_on,
        what="early help end date",
        noun="early help episode",
        end_reason=end_reason,
        assessment_completed_on=assessment_completed_on,
    )


# --- Front door ---------------------------------------------------------------------------------


@transaction.atomic
def record_contact(
    *, by: Actor, person: Person, received_on: dt.date, source: str, summary: str = ""
) -> Contact:
    check_choice(source, ReferralSource, "source", "contact source")
    _after_birth(person, received_on, "received_on", "date the contact was received")
    return create(
        Contact,
        by=by,
        action="record_contact",
        person=person,
        received_on=received_on,
        source=source,
        summary=summary,
    )


@transaction.atomic
def decide_contact(
    *,
    by: Actor,
    contact: Contact,
    outcome: str,
    decided_on: dt.date,
    decided_by: Worker | None = None,
) -> Contact:
    """Record the front door's decision on a contact (open a referral separately when it is one)."""
    if contact.outcome:
        raise ActionError(
            "outcome", "A decision is already recorded for this contact.", "Nothing to decide."
        )
    check_choice(outcome, ContactOutcome, "outcome", "contact outcome")
    check_date(
        decided_on,
        field="decided_on",
        what="decision date",
        not_before=contact.received_on,
        not_before_what="the date the contact was received",
    )
    return update(
        contact,
        by=by,
        action="decide_contact",
        person=contact.person,
        outcome=outcome,
        decided_on=decided_on,
        decided_by=decided_by,
    )


@transaction.atomic
def open_referral(
    *,
    by: Actor,
    person: Person,
    received_on: dt.date,
    source: str,
    primary_need: str = PrimaryNeed.N0,
    contact: Contact | None = None,
    team: Team | None = None,
    worker: Worker | None = None,
) -> Referral:
    """A referral opens a CIN episode. A child has at most one open referral at a time."""
    check_choice(source, ReferralSource, "source", "referral source")
    check_choice(primary_need, PrimaryNeed, "primary_need", "primary need code")
    _after_birth(person, received_on, "received_on", "referral date")
    if contact is not None and received_on < contact.received_on:
        raise ActionError(
            "received_on",
            "The referral is dated before the contact it came from.",
            f"Enter a date on or after {contact.received_on:%d/%m/%Y}.",
        )
    open_one = person.referrals.filter(closed_on__isnull=True).first()
    if open_one is not None:
        raise ActionError(
            "received_on",
            f"This child already has an open referral ({open_one.received_on:%d/%m/%Y}).",
            "Record the new information on the open referral, or close it first.",
        )
    last = person.referrals.order_by("-closed_on").first()
    if last is not None and last.closed_on and received_on < last.closed_on:
        raise ActionError(
            "received_on",
            f"The referral date is before the last CIN episode closed ({last.closed_on:%d/%m/%Y}).",
            "CIN episodes cannot overlap: check the date.",
        )
    return create(
        Referral,
        by=by,
        action="open_referral",
        person=person,
        received_on=received_on,
        source=source,
        primary_need=primary_need,
        contact=contact,
        team=team,
        worker=worker,
        decision_due_on=timescales.referral_decision_due(received_on),
    )


@transaction.atomic
def decide_referral(
    *,
    by: Actor,
    referral: Referral,
    decided_on: dt.date,
    nfa: bool = False,
    primary_need: str | None = None,
) -> Referral:
    """Next steps decided (T1). An NFA decision closes the episode the same day (RC8)."""
    _open_referral(referral)
    check_date(
        decided_on,
        field="decided_on",
        what="decision date",
        not_before=referral.received_on,
        not_before_what="the referral date",
    )
    changes: dict[str, Any] = {"decided_on": decided_on, "nfa": nfa}
    if primary_need is not None:
        check_choice(primary_need, PrimaryNeed, "primary_need", "primary need code")
        changes["primary_need"] = primary_need
    if nfa:
        if referral.assessments.exists() or referral.strategy_discussions.exists():
            raise ActionError(
                "nfa",
                "Work has started on this referral, so it is not 'no further action'.",
                "Close the referral with a reason instead.",
            )
        changes["closure_reason"] = ClosureReason.RC8
        return end_span(
            referral,
            by=by,
            action="decide_referral",
            ended_on=decided_on,
            what="decision date",
            field="decided_on",
            **changes,
        )
    return update(referral, by=by, action="decide_referral", person=referral.person, **changes)


@transaction.atomic
def close_referral(*, by: Actor, referral: Referral, closed_on: dt.date, reason: str) -> Referral:
    """Close the CIN episode. Everything opened under it must have ended by then."""
    _open_referral(referral)
    check_choice(reason, ClosureReason, "reason", "reason for closure")
    # The plans' end dates below are checked against a closure date that is itself possible.
    check_span_end(referral, closed_on, what="closure date")
    if reason in {ClosureReason.RC8, ClosureReason.RC9} and (
        referral.section47_enquiries.exists()
        or referral.cp_conferences.exists()
        or referral.cin_plans.exists()
        or referral.cp_plans.exists()
    ):
        raise ActionError(
            "reason",
            f"{reason} means closed after assessment, but this episode went further (a section 47, "
            "conference or plan) (CIN rule 2990).",
            "Choose the reason services ended, e.g. RC7.",
        )
    if referral.assessments.filter(authorised_on__isnull=True).exists():
        raise ActionError(
            "closed_on",
            "An assessment on this referral is still open.",
            "Complete (authorise) the assessment first.",
        )
    if referral.section47_enquiries.filter(ended_on__isnull=True).exists():
        raise ActionError(
            "closed_on",
            "A section 47 enquiry on this referral is still open.",
            "Complete the enquiry first.",
        )
    for plans, what in (
        (referral.cin_plans, "child in need plan"),
        (referral.cp_plans, "child protection plan"),
    ):
        if plans.filter(ended_on__isnull=True).exists():
            raise ActionError(
                "closed_on", f"A {what} on this referral is still open.", f"End the {what} first."
            )
        late = plans.filter(ended_on__gt=closed_on).first()
        if late:
            raise ActionError(
                "closed_on",
                f"The {what} ended after this closure date ({late.ended_on:%d/%m/%Y}).",
                f"Enter a closure date on or after {late.ended_on:%d/%m/%Y}.",
            )
    if referral.person.looked_after_periods.filter(ended_on__isnull=True).exists():
        raise ActionError(
            "closed_on",
            "The child is looked after.",
            "A looked-after child is a child in need: end the period of care first.",
        )
    return end_span(
        referral,
        by=by,
        action="close_referral",
        ended_on=closed_on,
        what="closure date",
        closure_reason=reason,
    )


# --- Assessment ---------------------------------------------------------------------------------


@transaction.atomic
def start_assessment(
    *,
    by: Actor,
    referral: Referral,
    started_on: dt.date,
    worker: Worker | None = None,
    team: Team | None = None,
) -> Assessment:
    _open_referral(referral)
    check_date(
        started_on,
        field="started_on",
        what="assessment start date",
        not_before=referral.received_on,
        not_before_what="the referral date",
    )
    if referral.assessments.filter(authorised_on__isnull=True).exists():
        raise ActionError(
            "started_on",
            "An assessment on this referral is already open.",
            "Complete it before starting another.",
        )
    return create(
        Assessment,
        by=by,
        action="start_assessment",
        person=referral.person,
        referral=referral,
        started_on=started_on,
        worker=worker,
        team=team,
        due_on=timescales.assessment_due_from_start(started_on),
        due_from_referral_on=timescales.assessment_due_from_referral(referral.received_on),
    )


@transaction.atomic
def complete_assessment(
    *,
    by: Actor,
    assessment: Assessment,
    authorised_on: dt.date,
    child_seen: bool,
    factors: list[str],
    services_required: bool,
) -> Assessment:
    """Authorise the assessment, with the factors identified at its end (CIN AssessmentFactors)."""
    if not factors:
        raise ActionError(
            "factors",
            "Record the factors identified at the end of the assessment.",
            "Choose at least one, or '21 No factors identified'.",
        )
    for code in factors:
        check_choice(code, AssessmentFactor, "factors", "assessment factor")
    if AssessmentFactor.F21 in factors and (len(factors) > 1 or services_required):
        raise ActionError(
            "factors",
            "'21 No factors identified' stands alone, and only when no services follow.",
            "Remove 21, or the other factors.",
        )
    if set(factors) & DISCOURAGED_FACTORS:
        raise ActionError(
            "factors",
            "18A and 19A do not say who the perpetrator was (DfE query 8945Q).",
            "Use 18B/18C or 19B/19C instead.",
        )
    return end_span(
        assessment,
        by=by,
        action="complete_assessment",
        ended_on=authorised_on,
        what="authorisation date",
        child_seen=child_seen,
        factors=list(factors),
        services_required=services_required,
    )


# --- Child protection ---------------------------------------------------------------------------


@transaction.atomic
def hold_strategy_discussion(
    *,
    by: Actor,
    referral: Referral,
    held_on: dt.date,
    s47_initiated: bool,
    summary: str = "",
    agencies: Sequence[str] = (),
    worker: Worker | None = None,
) -> StrategyDiscussion:
    """Record a strategy discussion and the agencies that took part (``StrategyAgency``); if it
    initiates a section 47 enquiry, the enquiry starts the same day, with its ICPC target 15
    working days later (T4)."""
    _open_referral(referral)
    for agency in agencies:
        check_choice(agency, StrategyAgency, "agencies", "agency")
    check_date(
        held_on,
        field="held_on",
        what="strategy discussion date",
        not_before=referral.received_on,
        not_before_what="the referral date",
    )
    if s47_initiated and referral.section47_enquiries.filter(ended_on__isnull=True).exists():
        raise ActionError(
            "s47_initiated",
            "A section 47 enquiry is already open on this referral.",
            "Complete it before starting another.",
        )
    discussion = create(
        StrategyDiscussion,
        by=by,
        action="hold_strategy_discussion",
        person=referral.person,
        referral=referral,
        held_on=held_on,
        s47_initiated=s47_initiated,
        summary=summary,
        agencies=list(dict.fromkeys(agencies)),
    )
    if s47_initiated:
        create(
            Section47Enquiry,
            by=by,
            action="hold_strategy_discussion",
            person=referral.person,
            referral=referral,
            strategy_discussion=discussion,
            started_on=held_on,
            icpc_target_on=timescales.icpc_due(held_on),
            worker=worker,
        )
    return discussion


@transaction.atomic
def complete_section47(
    *, by: Actor, enquiry: Section47Enquiry, ended_on: dt.date, outcome: str
) -> Section47Enquiry:
    """Conclude the enquiry; an outcome other than a conference means no ICPC is needed."""
    check_choice(outcome, S47Outcome, "outcome", "section 47 outcome")
    return end_span(
        enquiry,
        by=by,
        action="complete_section47",
        ended_on=ended_on,
        what="enquiry completion date",
        noun="enquiry",
        outcome=outcome,
        icpc_not_required=outcome != S47Outcome.CP_CONFERENCE,
    )


def _start_plan(by: Actor, conference: ChildProtectionConference, category: str) -> CPPlan:
    person = conference.person
    if person.cp_plans.filter(ended_on__isnull=True).exists():
        raise ActionError(
            "plan_decided",
            "This child already has an open child protection plan.",
            "Review the open plan instead.",
        )
    # A CP plan supersedes a CIN plan: the CIN plan ends the day the CP plan starts.
    for cin in person.cin_plans.filter(ended_on__isnull=True):
        end_span(
            cin,
            by=by,
            action="start_cp_plan",
            person=person,
            ended_on=conference.held_on,
            what="conference date",
            noun="child in need plan",
            field="held_on",
            strictly_after=True,
        )
    return create(
        CPPlan,
        by=by,
        action="start_cp_plan",
        person=person,
        referral=conference.referral,
        conference=conference,
        started_on=conference.held_on,
        initial_category=category,
        latest_category=category,
    )


@transaction.atomic
def hold_initial_conference(
    *,
    by: Actor,
    enquiry: Section47Enquiry,
    held_on: dt.date,
    plan_decided: bool,
    category: str = "",
    participation: str = "",
) -> ChildProtectionConference:
    """Initial child protection conference after a section 47 enquiry, with how the child took
    part (``participation``, optional). The only way (with a transfer-in conference) a child
    protection plan starts."""
    _open_referral(enquiry.referral, "enquiry")
    if enquiry.conferences.filter(kind=ConferenceKind.INITIAL).exists():
        raise ActionError(
            "enquiry",
            "An initial conference is already recorded for this enquiry.",
            "Record a review conference instead.",
        )
    if enquiry.ended_on is not None and enquiry.icpc_not_required:
        raise ActionError(
            "enquiry",
            "The enquiry concluded that no conference was needed.",
            "Start a new strategy discussion if concerns have changed.",
        )
    check_date(
        held_on,
        field="held_on",
        what="conference date",
        not_before=enquiry.started_on,
        not_before_what="the start of the section 47 enquiry",
    )
    if plan_decided:
        check_choice(category, CategoryOfAbuse, "category", "category of abuse")
    check_participation(enquiry.person, held_on, participation, blank_ok=True)
    conference = create(
        ChildProtectionConference,
        by=by,
        action="hold_initial_conference",
        person=enquiry.person,
        referral=enquiry.referral,
        kind=ConferenceKind.INITIAL,
        section47=enquiry,
        held_on=held_on,
        due_on=enquiry.icpc_target_on,
        plan_decided=plan_decided,
        participation=participation,
    )
    if enquiry.ended_on is None:
        end_span(
            enquiry,
            by=by,
            action="hold_initial_conference",
            ended_on=held_on,
            what="conference date",
            noun="enquiry",
            field="held_on",
            outcome=S47Outcome.CP_CONFERENCE,
        )
    if plan_decided:
        _start_plan(by, conference, category)
    return conference


@transaction.atomic
def hold_transfer_in_conference(
    *, by: Actor, referral: Referral, held_on: dt.date, category: str, participation: str = ""
) -> ChildProtectionConference:
    """A child arrives on another council's plan: a transfer-in conference starts ours."""
    _open_referral(referral)
    check_choice(category, CategoryOfAbuse, "category", "category of abuse")
    check_date(
        held_on,
        field="held_on",
        what="conference date",
        not_before=referral.received_on,
        not_before_what="the referral date",
    )
    check_participation(referral.person, held_on, participation, blank_ok=True)
    conference = create(
        ChildProtectionConference,
        by=by,
        action="hold_transfer_in_conference",
        person=referral.person,
        referral=referral,
        kind=ConferenceKind.TRANSFER_IN,
        held_on=held_on,
        plan_decided=True,
        participation=participation,
    )
    _start_plan(by, conference, category)
    return conference


@transaction.atomic
def hold_cp_review(
    *,
    by: Actor,
    plan: CPPlan,
    held_on: dt.date,
    plan_continues: bool,
    latest_category: str | None = None,
    quorate: bool = True,
    participation: str = "",
) -> ChildProtectionConference:
    """Review conference (T5: first within 3 months, T6: then every 6 months). If the plan does
    not continue it ends on the day of the review."""
    if plan.ended_on is not None:
        raise ActionError("plan", "This plan has ended.", "Only an open plan can be reviewed.")
    last = plan.reviews.order_by("-held_on").first()
    previous = last.held_on if last else plan.started_on
    check_date(
        held_on,
        field="held_on",
        what="review date",
        not_before=previous,
        not_before_what="the previous conference",
    )
    if held_on == plan.started_on:
        raise ActionError(
            "held_on", "A review cannot be on the day the plan started.", "Check the date."
        )
    check_participation(plan.person, held_on, participation, blank_ok=True)
    due = timescales.next_cp_review(
        icpc_on=plan.started_on, reviews_held=plan.reviews.values_list("held_on", flat=True)
    )
    review = create(
        ChildProtectionConference,
        by=by,
        action="hold_cp_review",
        person=plan.person,
        referral=plan.referral,
        kind=ConferenceKind.REVIEW,
        cp_plan=plan,
        held_on=held_on,
        due_on=due,
        plan_decided=plan_continues,
        quorate=quorate,
        participation=participation,
    )
    changes: dict[str, Any] = {}
    if latest_category:
        check_choice(latest_category, CategoryOfAbuse, "latest_category", "category of abuse")
        # The review page offers the category as it stands: the same one again is no change.
        if latest_category != plan.latest_category:
            changes["latest_category"] = latest_category
    if not plan_continues:
        end_span(
            plan,
            by=by,
            action="hold_cp_review",
            ended_on=held_on,
            what="review date",
            noun="plan",
            field="held_on",
            strictly_after=True,
            **changes,
        )
    elif changes:
        update(plan, by=by, action="hold_cp_review", person=plan.person, **changes)
    return review


@transaction.atomic
def end_cp_plan(*, by: Actor, plan: CPPlan, ended_on: dt.date) -> CPPlan:
    """End a plan outside a review (e.g. the child moved away or became looked after)."""
    return end_span(
        plan,
        by=by,
        action="end_cp_plan",
        ended_on=ended_on,
        what="plan end date",
        noun="plan",
        strictly_after=True,
    )


# --- Child in need plans ------------------------------------------------------------------------


@transaction.atomic
def start_cin_plan(*, by: Actor, referral: Referral, started_on: dt.date) -> CINPlan:
    _open_referral(referral)
    person = referral.person
    check_date(
        started_on,
        field="started_on",
        what="plan start date",
        not_before=referral.received_on,
        not_before_what="the referral date",
    )
    if person.cin_plans.filter(ended_on__isnull=True).exists():
        raise ActionError(
            "started_on", "This child already has an open child in need plan.", "End it first."
        )
    if person.cp_plans.filter(ended_on__isnull=True).exists():
        raise ActionError(
            "started_on",
            "This child has an open child protection plan.",
            "A CIN plan follows the end of the CP plan: end the CP plan first.",
        )
    last = person.cin_plans.order_by("-ended_on").first()
    if last and last.ended_on and started_on < last.ended_on:
        raise ActionError(
            "started_on",
            "Child in need plans cannot overlap.",
            f"Enter a date on or after {last.ended_on:%d/%m/%Y}.",
        )
    return create(
        CINPlan,
        by=by,
        action="start_cin_plan",
        person=person,
        referral=referral,
        started_on=started_on,
    )


@transaction.atomic
def end_cin_plan(*, by: Actor, plan: CINPlan, ended_on: dt.date) -> CINPlan:
    return end_span(
        plan,
        by=by,
        action="end_cin_plan",
        ended_on=ended_on,
        what="plan end date",
        noun="plan",
        strictly_after=True,
    )


# --- Visits -------------------------------------------------------------------------------------


@transaction.atomic
def record_visit(
    *,
    by: Actor,
    person: Person,
    kind: str,
    visited_on: dt.date,
    seen: bool,
    seen_alone: bool = False,
    bedroom_seen: bool | None = None,
    wishes_and_feelings: str = "",
    worker: Worker | None = None,
    method: str = VisitMethod.FACE_TO_FACE,
) -> Visit:
    """A visit to the child: face to face, virtual, or unsuccessful (it did not happen, so the
    child was not seen). Seen alone implies seen. CP and looked-after statutory visits need an
    open plan or period of care on the day."""
    check_choice(kind, VisitKind, "kind", "kind of visit")
    check_choice(method, VisitMethod, "method", "way the visit took place")
    _after_birth(person, visited_on, "visited_on", "visit date")
    if method == VisitMethod.UNSUCCESSFUL and seen:
        raise ActionError(
            "seen",
            "The child cannot have been seen on a visit that did not happen.",
            "Answer no to 'seen', or record how the visit took place.",
        )
    if method == VisitMethod.UNSUCCESSFUL and bedroom_seen:
        raise ActionError(
            "bedroom_seen",
            "The child's bedroom cannot have been seen on a visit that did not happen.",
            "Answer no to 'bedroom seen', or record how the visit took place.",
        )
    if person.is_unborn and seen:
        raise ActionError(
            "seen", "An unborn child cannot be seen.", "Record the visit as not seen."
        )
    if seen_alone and not seen:
        raise ActionError(
            "seen_alone",
            "A child seen alone was seen.",
            "Answer yes to 'seen' as well, or no to 'seen alone'.",
        )
    cp_plan = period = None
    if kind == VisitKind.CP:
        cp_plan = (
            person.cp_plans.open(visited_on).first()
            or person.cp_plans.filter(started_on=visited_on).first()
        )
        if cp_plan is None:
            raise ActionError(
                "kind",
                "The child was not on a child protection plan on that day.",
                "Record it as a child in need visit, or check the date.",
            )
    if kind == VisitKind.CLA:
        period = (
            person.looked_after_periods.open(visited_on).first()
            or person.looked_after_periods.filter(started_on=visited_on).first()
        )
        if period is None:
            raise ActionError(
                "kind",
                "The child was not looked after on that day.",
                "Record it as another kind of visit, or check the date.",
            )
    return create(
        Visit,
        by=by,
        action="record_visit",
        person=person,
        kind=kind,
        visited_on=visited_on,
        method=method,
        seen=seen,
        seen_alone=seen_alone,
        bedroom_seen=bedroom_seen,
        wishes_and_feelings=wishes_and_feelings,
        worker=worker,
        cp_plan=cp_plan,
        period=period,
    )


# --- Case notes ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class NoteAction:
    """Something to be done that a case note records: what, by whom, by when."""

    what: str
    owner: Worker
    due_on: dt.date


def _tell_the_other_children(note: CaseNote, *, by: Actor, action: str) -> None:
    """Copy the note's latest ``action`` event (written against ``note.person``) to each other
    child the note is filed for, so that each child's own history shows the change."""
    event = AuditEvent.objects.filter(
        model=note._meta.label, object_id=str(note.pk), action=action
    ).latest("pk")
    for child in note.children.exclude(pk=note.person_id).order_by("pk"):
        record_event(
            by=by,
            action=action,
            model=note._meta.label,
            object_id=str(note.pk),
            person=child,
            changes=event.changes,
        )


def _check_note_details(kind: str, title: str, body: str, happened_at: dt.datetime) -> None:
    check_choice(kind, CaseNoteKind, "kind", "kind of note")
    if not title.strip():
        raise ActionError("title", "The note has no title.", "Enter a title for the note.")
    if not body.strip():
        raise ActionError("body", "The note does not say what happened.", "Enter what happened.")
    if not isinstance(happened_at, dt.datetime) or timezone.is_naive(happened_at):
        raise ActionError(
            "happened_at",
            "The date and time the note is about have no time zone.",
            "Give the date and time as the council's local time.",
        )
    if happened_at > timezone.now():
        local = timezone.localtime(happened_at)
        raise ActionError(
            "happened_at",
            f"The date and time of the note ({local:%d/%m/%Y %H:%M}) are in the future.",
            "Record what happened once it has happened: enter the time now or earlier.",
        )


def _check_reason(reason: str, what: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ActionError(
            "reason", f"A note is {what} only with a reason.", f"Enter why the note is {what}."
        )
    return reason


def _check_not_deleted(note: CaseNote) -> None:
    if note.is_deleted:
        raise ActionError(
            "version", "This note has been deleted.", "A deleted note cannot be changed."
        )


@transaction.atomic
def add_case_note(
    *,
    by: Actor,
    children: Sequence[Person],
    kind: str,
    title: str,
    body: str,
    happened_at: dt.datetime,
    actions: Sequence[NoteAction] = (),
) -> CaseNote:
    """A case note by ``by``, filed for each of ``children`` (siblings may share one note), the
    first being the child whose record it was written on. ``by`` must be able to see every one of
    them. Each of ``actions`` is saved with the note (a refusal names it ``action_<n>_<detail>``,
    counting from 1). Each child's history gets its own audit event."""
    if not children:
        raise ActionError(
            "children", "The note is not filed for any child.", "Select at least one child."
        )
    ids = {child.pk for child in children}
    seen = set(visible_children(by).filter(pk__in=ids).values_list("pk", flat=True))
    if ids - seen:
        raise ActionError(
            "children",
            "The note is filed for a child whose record you cannot see.",
            "Select only children whose records you can see.",
        )
    _check_note_details(kind, title, body, happened_at)
    for n, item in enumerate(actions, start=1):
        if not item.what.strip():
            raise ActionError(
                f"action_{n}_what",
                f"Action {n} does not say what is to be done.",
                f"Enter what action {n} is.",
            )
        if item.owner.has_ended_by(timezone.localdate()):
            raise ActionError(
                f"action_{n}_owner",
                f"{item.owner.name}, who owns action {n}, has left.",
                "Choose a current worker.",
            )
        check_date(
            item.due_on,
            field=f"action_{n}_due_on",
            what=f"due date of action {n}",
            allow_future=True,
            not_before=timezone.localtime(happened_at).date(),
            not_before_what="the date of the note",
        )
    first = children[0]
    note = create(
        CaseNote,
        by=by,
        action="add_case_note",
        person=first,
        kind=kind,
        title=title.strip(),
        body=body,
        happened_at=happened_at,
    )
    note.children.set(children)
    _tell_the_other_children(note, by=by, action="add_case_note")
    for item in actions:
        create(
            CaseNoteAction,
            by=by,
            action="add_case_note_action",
            person=first,
            note=note,
            what=item.what.strip(),
            owner=item.owner,
            due_on=item.due_on,
        )
    return note


@transaction.atomic
def correct_case_note(
    *,
    by: Actor,
    note: CaseNote,
    version: int,
    kind: str,
    title: str,
    body: str,
    happened_at: dt.datetime,
    reason: str,
) -> CaseNote:
    """Correct a note: the new details are saved with the reason, and the audit event (one for
    each child the note is filed for) keeps what it said before. A stale ``version`` is
    refused."""
    _check_not_deleted(note)
    reason = _check_reason(reason, "corrected")
    _check_note_details(kind, title, body, happened_at)
    title = title.strip()
    if (kind, title, body, happened_at) == (note.kind, note.title, note.body, note.happened_at):
        raise ActionError(
            "body", "Nothing in the note was changed.", "Change what needs correcting."
        )
    note = update(
        note,
        by=by,
        action="correct_case_note",
        person=note.person,
        version=version,
        kind=kind,
        title=title,
        body=body,
        happened_at=happened_at,
        correction_reason=reason,
        corrected_at=timezone.now(),
    )
    _tell_the_other_children(note, by=by, action="correct_case_note")
    return note


@transaction.atomic
def delete_case_note(*, by: Actor, note: CaseNote, version: int, reason: str) -> CaseNote:
    """Delete a note with a reason. The note is kept, marked deleted (its history and the reason
    stay on the record); the chronology shows that it was deleted, not what it said."""
    _check_not_deleted(note)
    reason = _check_reason(reason, "deleted")
    note = update(
        note,
        by=by,
        action="delete_case_note",
        person=note.person,
        version=version,
        deleted_at=timezone.now(),
        deleted_by=by,
        deletion_reason=reason,
    )
    _tell_the_other_children(note, by=by, action="delete_case_note")
    return note
