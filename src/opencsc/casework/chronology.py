"""This app's entries in a child's chronology: early help, the front door, assessments, child
protection, plans and visits."""

from collections.abc import Iterator

from django.urls import reverse
from django.utils import timezone

from opencsc.people.chronology import ChronologyEntry, chronology_source, yes_no

from .codes import StrategyAgency, VisitMethod
from .models import (
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


@chronology_source
def early_help_episode_entries(person) -> Iterator[ChronologyEntry]:
    for e in EarlyHelpEpisode.objects.filter(person=person).select_related("worker"):
        yield ChronologyEntry(
            e.started_on, "Early help", "Early help started", e.reason, str(e.worker or "")
        )
        if e.ended_on:
            yield ChronologyEntry(
                e.ended_on, "Early help", "Early help ended", e.get_end_reason_display()
            )


@chronology_source
def contact_entries(person) -> Iterator[ChronologyEntry]:
    for c in Contact.objects.filter(person=person).select_related("decided_by"):
        yield ChronologyEntry(
            c.received_on, "Contact", "Contact received", f"Source: {c.get_source_display()}"
        )
        if c.decided_on:
            yield ChronologyEntry(
                c.decided_on,
                "Contact",
                f"Contact decision: {c.get_outcome_display()}",
                worker=str(c.decided_by or ""),
            )


@chronology_source
def referral_entries(person) -> Iterator[ChronologyEntry]:
    for r in Referral.objects.filter(person=person).select_related("worker"):
        yield ChronologyEntry(
            r.received_on,
            "Referral",
            "Referral received",
            f"Source: {r.get_source_display()}; primary need: {r.get_primary_need_display()}",
            str(r.worker or ""),
        )
        if r.decided_on:
            yield ChronologyEntry(
                r.decided_on,
                "Referral",
                "Referral decision",
                "No further action" if r.nfa else "Next steps decided: further work with the child",
            )
        if r.closed_on:
            yield ChronologyEntry(
                r.closed_on,
                "Referral",
                "Child in need episode closed",
                r.get_closure_reason_display(),
            )


@chronology_source
def assessment_entries(person) -> Iterator[ChronologyEntry]:
    for a in Assessment.objects.filter(person=person).select_related("worker"):
        yield ChronologyEntry(
            a.started_on, "Assessment", "Assessment started", worker=str(a.worker or "")
        )
        if a.authorised_on:
            yield ChronologyEntry(
                a.authorised_on,
                "Assessment",
                "Assessment authorised",
                f"Child seen: {yes_no(a.child_seen)}; factors: {', '.join(a.factors) or 'none'}; services needed: {yes_no(a.services_required)}",
                str(a.worker or ""),
            )


def _agency_names(codes: list[str]) -> list[str]:
    names = dict(StrategyAgency.choices)
    return [str(names.get(code, code)) for code in codes]


@chronology_source
def strategy_discussion_entries(person) -> Iterator[ChronologyEntry]:
    for s in StrategyDiscussion.objects.filter(person=person):
        yield ChronologyEntry(
            s.held_on,
            "Child protection",
            "Strategy discussion",
            ("Section 47 enquiry initiated" if s.s47_initiated else "No section 47 enquiry")
            + (f". Agencies: {', '.join(_agency_names(s.agencies))}" if s.agencies else ""),
        )


@chronology_source
def section47_enquiry_entries(person) -> Iterator[ChronologyEntry]:
    for s in Section47Enquiry.objects.filter(person=person):
        if s.ended_on:
            yield ChronologyEntry(
                s.ended_on,
                "Child protection",
                "Section 47 enquiry completed",
                s.get_outcome_display(),
            )


@chronology_source
def child_protection_conference_entries(person) -> Iterator[ChronologyEntry]:
    for c in ChildProtectionConference.objects.filter(person=person):
        if c.kind == "review":
            detail = "Plan continues" if c.plan_decided else "Plan ended"
        else:
            detail = "Child protection plan made" if c.plan_decided else "No plan"
        yield ChronologyEntry(c.held_on, "Child protection", c.get_kind_display(), detail)


@chronology_source
def c_p_plan_entries(person) -> Iterator[ChronologyEntry]:
    for p in CPPlan.objects.filter(person=person):
        yield ChronologyEntry(
            p.started_on,
            "Child protection",
            "Child protection plan started",
            f"Category: {p.get_initial_category_display()}",
        )
        if p.ended_on:
            yield ChronologyEntry(p.ended_on, "Child protection", "Child protection plan ended")


@chronology_source
def c_i_n_plan_entries(person) -> Iterator[ChronologyEntry]:
    for p in CINPlan.objects.filter(person=person):
        yield ChronologyEntry(p.started_on, "Child in need", "Child in need plan started")
        if p.ended_on:
            yield ChronologyEntry(p.ended_on, "Child in need", "Child in need plan ended")


@chronology_source
def visit_entries(person) -> Iterator[ChronologyEntry]:
    for v in Visit.objects.filter(person=person).select_related("worker"):
        seen = "seen alone" if v.seen_alone else "seen" if v.seen else "not seen"
        how = "" if v.method == VisitMethod.FACE_TO_FACE else f"{v.get_method_display()}. "
        detail = f"{how}Child {seen}." + (
            f" {v.wishes_and_feelings}" if v.wishes_and_feelings else ""
        )
        yield ChronologyEntry(
            v.visited_on, "Visit", v.get_kind_display(), detail, str(v.worker or "")
        )


@chronology_source
def case_note_entries(person) -> Iterator[ChronologyEntry]:
    """Each note filed for the child; a deleted one shows only that it was deleted, and why."""
    for note in person.case_notes.select_related("recorded_by"):
        on = timezone.localtime(note.happened_at).date()
        url = reverse("casework:note-detail", args=[person.pk, note.pk])
        author = note.recorded_by.get_full_name() if note.recorded_by else ""
        if note.is_deleted:
            yield ChronologyEntry(
                on, "Case note", "Case note deleted", f"Reason: {note.deletion_reason}", author, url
            )
            continue
        yield ChronologyEntry(
            on,
            "Case note",
            f"{note.get_kind_display()}: {note.title}",
            note.body[:300],
            author,
            url,
        )
