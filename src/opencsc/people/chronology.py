"""A child's chronology: every recorded event, in one list, newest first.

Built from the records themselves (not a separate log), so it cannot disagree with them.
"""

import datetime as dt
from dataclasses import dataclass

from opencsc.core.checks import today


@dataclass(frozen=True)
class ChronologyEntry:
    date: dt.date
    category: str
    title: str
    detail: str = ""
    worker: str = ""


def _yn(value) -> str:
    return {True: "yes", False: "no", None: "not recorded"}[value]


def chronology_for(person) -> list[ChronologyEntry]:
    from opencsc.care.models import (
        AdoptionCase,
        CareLeaverContact,
        HealthCheck,
        LegalStatusSpan,
        LookedAfterPeriod,
        LookedAfterReview,
        MissingEpisode,
        PathwayPlan,
        PersonalEducationPlan,
        Placement,
        SDQScore,
    )
    from opencsc.casework.models import (
        Assessment,
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
    from opencsc.workforce.models import Allocation

    out: list[ChronologyEntry] = []
    add = out.append
    if person.date_of_birth:
        add(ChronologyEntry(person.date_of_birth, "Person", "Born"))
    if person.date_of_death:
        add(ChronologyEntry(person.date_of_death, "Person", "Died"))

    for a in Allocation.objects.filter(person=person).select_related("worker", "team"):
        add(
            ChronologyEntry(
                a.started_on,
                "Allocation",
                f"{a.get_role_display()}: {a.worker}",
                f"{a.team}" + (f" ({a.get_change_reason_display()})" if a.change_reason else ""),
                str(a.worker),
            )
        )
    for e in EarlyHelpEpisode.objects.filter(person=person).select_related("worker"):
        add(
            ChronologyEntry(
                e.started_on, "Early help", "Early help started", e.reason, str(e.worker or "")
            )
        )
        if e.ended_on:
            add(
                ChronologyEntry(
                    e.ended_on, "Early help", "Early help ended", e.get_end_reason_display()
                )
            )
    for c in Contact.objects.filter(person=person).select_related("decided_by"):
        add(
            ChronologyEntry(
                c.received_on, "Contact", "Contact received", f"Source: {c.get_source_display()}"
            )
        )
        if c.decided_on:
            add(
                ChronologyEntry(
                    c.decided_on,
                    "Contact",
                    f"Contact decision: {c.get_outcome_display()}",
                    worker=str(c.decided_by or ""),
                )
            )
    for r in Referral.objects.filter(person=person).select_related("worker"):
        add(
            ChronologyEntry(
                r.received_on,
                "Referral",
                "Referral received",
                f"Source: {r.get_source_display()}; primary need: {r.get_primary_need_display()}",
                str(r.worker or ""),
            )
        )
        if r.closed_on:
            add(
                ChronologyEntry(
                    r.closed_on,
                    "Referral",
                    "Child in need episode closed",
                    r.get_closure_reason_display(),
                )
            )
    for a in Assessment.objects.filter(person=person).select_related("worker"):
        add(
            ChronologyEntry(
                a.started_on, "Assessment", "Assessment started", worker=str(a.worker or "")
            )
        )
        if a.authorised_on:
            add(
                ChronologyEntry(
                    a.authorised_on,
                    "Assessment",
                    "Assessment authorised",
                    f"Child seen: {_yn(a.child_seen)}; factors: {', '.join(a.factors) or 'none'}; "
                    f"services needed: {_yn(a.services_required)}",
                    str(a.worker or ""),
                )
            )
    for s in StrategyDiscussion.objects.filter(person=person):
        add(
            ChronologyEntry(
                s.held_on,
                "Child protection",
                "Strategy discussion",
                "Section 47 enquiry initiated" if s.s47_initiated else "No section 47 enquiry",
            )
        )
    for s in Section47Enquiry.objects.filter(person=person):
        if s.ended_on:
            add(
                ChronologyEntry(
                    s.ended_on,
                    "Child protection",
                    "Section 47 enquiry completed",
                    s.get_outcome_display(),
                )
            )
    for c in ChildProtectionConference.objects.filter(person=person):
        if c.kind == "review":
            detail = "Plan continues" if c.plan_decided else "Plan ended"
        else:
            detail = "Child protection plan made" if c.plan_decided else "No plan"
        add(ChronologyEntry(c.held_on, "Child protection", c.get_kind_display(), detail))
    for p in CPPlan.objects.filter(person=person):
        add(
            ChronologyEntry(
                p.started_on,
                "Child protection",
                "Child protection plan started",
                f"Category: {p.get_initial_category_display()}",
            )
        )
        if p.ended_on:
            add(ChronologyEntry(p.ended_on, "Child protection", "Child protection plan ended"))
    for p in CINPlan.objects.filter(person=person):
        add(ChronologyEntry(p.started_on, "Child in need", "Child in need plan started"))
        if p.ended_on:
            add(ChronologyEntry(p.ended_on, "Child in need", "Child in need plan ended"))
    for v in Visit.objects.filter(person=person).select_related("worker"):
        seen = "seen alone" if v.seen_alone else ("seen" if v.seen else "not seen")
        detail = f"Child {seen}." + (f" {v.wishes_and_feelings}" if v.wishes_and_feelings else "")
        add(
            ChronologyEntry(
                v.visited_on, "Visit", v.get_kind_display(), detail, str(v.worker or "")
            )
        )
    for p in LookedAfterPeriod.objects.filter(person=person):
        add(
            ChronologyEntry(
                p.started_on,
                "Looked after",
                "Started to be looked after",
                f"Category of need: {p.get_primary_need_display()}",
            )
        )
        if p.ended_on:
            add(
                ChronologyEntry(
                    p.ended_on,
                    "Looked after",
                    "Ceased to be looked after",
                    p.get_reason_ceased_display(),
                )
            )
    for s in LegalStatusSpan.objects.filter(person=person):
        add(
            ChronologyEntry(
                s.started_on, "Looked after", f"Legal status {s.code}", s.get_code_display()
            )
        )
    for p in Placement.objects.filter(person=person):
        add(
            ChronologyEntry(
                p.started_on,
                "Placement",
                f"Placement {p.place}: {p.get_place_display()}",
                " ".join(x for x in (p.carer_name, p.postcode) if x),
            )
        )
    for r in LookedAfterReview.objects.filter(person=person).select_related("iro"):
        add(
            ChronologyEntry(
                r.held_on,
                "Looked after",
                "Looked-after review",
                r.get_participation_display(),
                str(r.iro or ""),
            )
        )
    for h in HealthCheck.objects.filter(person=person):
        add(ChronologyEntry(h.done_on, "Health", h.get_kind_display(), h.get_status_display()))
    for s in SDQScore.objects.filter(person=person):
        add(
            ChronologyEntry(
                s.completed_on,
                "Health",
                "Strengths and difficulties questionnaire",
                f"Score {s.score}" if s.score is not None else s.get_reason_display(),
            )
        )
    for p in PersonalEducationPlan.objects.filter(person=person):
        add(ChronologyEntry(p.held_on, "Education", p.get_kind_display()))
    for m in MissingEpisode.objects.filter(person=person):
        add(ChronologyEntry(m.started_on, "Missing", m.get_kind_display()))
        if m.ended_on:
            add(
                ChronologyEntry(
                    m.ended_on,
                    "Missing",
                    "Returned",
                    f"Return interview offered: {_yn(m.rhi_offered)}; accepted: {_yn(m.rhi_accepted)}",
                )
            )
    for p in PathwayPlan.objects.filter(person=person):
        add(
            ChronologyEntry(
                p.held_on, "Leaving care", "Pathway plan review" if p.is_review else "Pathway plan"
            )
        )
    for c in CareLeaverContact.objects.filter(person=person).select_related("worker"):
        detail = c.get_in_touch_display()
        if c.activity:
            detail += f"; {c.get_activity_display()}; {c.get_accommodation_display()}"
        add(
            ChronologyEntry(
                c.contacted_on,
                "Leaving care",
                "Keeping-in-touch contact",
                detail,
                str(c.worker or ""),
            )
        )
    for a in AdoptionCase.objects.filter(person=person):
        steps = [
            (a.decision_on, "Decision: should be placed for adoption"),
            (a.placement_order_on, "Placement order granted"),
            (a.matched_on, "Matched with prospective adopters"),
            (a.placed_on, "Placed for adoption"),
            (a.adoption_order_on, "Adoption order"),
            (
                a.reversed_on,
                f"No longer to be placed for adoption ({a.get_reversed_reason_display()})",
            ),
        ]
        for on, title in steps:
            if on:
                add(ChronologyEntry(on, "Adoption", title))
    # Newest first; on the same day, what was built later (a decision after its contact) first.
    order = sorted(range(len(out)), key=lambda i: (out[i].date, i), reverse=True)
    return [out[i] for i in order]


def case_status(person, on: dt.date | None = None) -> str:
    """Annex A List 6 case status precedence: looked after > CP plan > CIN plan > open
    assessment > (opencsc adds: open referral, early help) > closed."""
    on = on or today()
    if person.looked_after_periods.open(on).exists():
        return "Child looked after"
    if person.cp_plans.open(on).exists():
        return "Child protection plan"
    if person.cin_plans.open(on).exists():
        return "Child in need plan"
    if person.assessments.filter(started_on__lte=on, authorised_on__isnull=True).exists():
        return "Open assessment"
    if person.referrals.filter(received_on__lte=on, closed_on__isnull=True).exists():
        return "Open referral"
    if hasattr(person, "care_leaver") and person.care_leaver.services_ended_on is None:
        return "Care leaver"
    if person.early_help_episodes.open(on).exists():
        return "Early help"
    return "Closed"


def case_statuses(people, on: dt.date | None = None) -> dict[int, str]:
    """``case_status`` for many people at once, in a fixed number of queries (for lists)."""
    from opencsc.care.models import CareLeaver, LookedAfterPeriod
    from opencsc.casework.models import Assessment, CINPlan, CPPlan, EarlyHelpEpisode, Referral

    on = on or today()
    ids = [p.pk if hasattr(p, "pk") else p for p in people]
    out = dict.fromkeys(ids, "Closed")
    ranked = [
        ("Early help", EarlyHelpEpisode.objects.open(on)),
        ("Care leaver", CareLeaver.objects.filter(services_ended_on__isnull=True)),
        ("Open referral", Referral.objects.filter(received_on__lte=on, closed_on__isnull=True)),
        (
            "Open assessment",
            Assessment.objects.filter(started_on__lte=on, authorised_on__isnull=True),
        ),
        ("Child in need plan", CINPlan.objects.open(on)),
        ("Child protection plan", CPPlan.objects.open(on)),
        ("Child looked after", LookedAfterPeriod.objects.open(on)),
    ]
    # Lowest precedence first, so a higher status overwrites it.
    for label, qs in ranked:
        for person_id in qs.filter(person_id__in=ids).values_list("person_id", flat=True):
            out[person_id] = label
    return out
