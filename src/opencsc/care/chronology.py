"""This app's entries in a child's chronology: periods of care, placements, reviews, health,
missing episodes, leaving care and adoption."""

from collections.abc import Iterator

from opencsc.people.chronology import ChronologyEntry, chronology_source, yes_no

from .models import (
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


@chronology_source
def looked_after_period_entries(person) -> Iterator[ChronologyEntry]:
    for p in LookedAfterPeriod.objects.filter(person=person):
        yield ChronologyEntry(
            p.started_on,
            "Looked after",
            "Started to be looked after",
            f"Category of need: {p.get_primary_need_display()}",
        )
        if p.ended_on:
            yield ChronologyEntry(
                p.ended_on,
                "Looked after",
                "Ceased to be looked after",
                p.get_reason_ceased_display(),
            )


@chronology_source
def legal_status_span_entries(person) -> Iterator[ChronologyEntry]:
    for s in LegalStatusSpan.objects.filter(person=person):
        yield ChronologyEntry(
            s.started_on, "Looked after", f"Legal status {s.code}", s.get_code_display()
        )


@chronology_source
def placement_entries(person) -> Iterator[ChronologyEntry]:
    for p in Placement.objects.filter(person=person):
        yield ChronologyEntry(
            p.started_on,
            "Placement",
            f"Placement {p.place}: {p.get_place_display()}",
            " ".join(x for x in (p.carer_name, p.postcode) if x),
        )


@chronology_source
def looked_after_review_entries(person) -> Iterator[ChronologyEntry]:
    for r in LookedAfterReview.objects.filter(person=person).select_related("iro"):
        yield ChronologyEntry(
            r.held_on,
            "Looked after",
            "Looked-after review",
            r.get_participation_display(),
            str(r.iro or ""),
        )


@chronology_source
def health_check_entries(person) -> Iterator[ChronologyEntry]:
    for h in HealthCheck.objects.filter(person=person):
        yield ChronologyEntry(h.done_on, "Health", h.get_kind_display(), h.get_status_display())


@chronology_source
def s_d_q_score_entries(person) -> Iterator[ChronologyEntry]:
    for s in SDQScore.objects.filter(person=person):
        yield ChronologyEntry(
            s.completed_on,
            "Health",
            "Strengths and difficulties questionnaire",
            f"Score {s.score}" if s.score is not None else s.get_reason_display(),
        )


@chronology_source
def personal_education_plan_entries(person) -> Iterator[ChronologyEntry]:
    for p in PersonalEducationPlan.objects.filter(person=person):
        yield ChronologyEntry(p.held_on, "Education", p.get_kind_display())


@chronology_source
def missing_episode_entries(person) -> Iterator[ChronologyEntry]:
    for m in MissingEpisode.objects.filter(person=person):
        yield ChronologyEntry(m.started_on, "Missing", m.get_kind_display())
        if m.ended_on:
            yield ChronologyEntry(
                m.ended_on,
                "Missing",
                "Returned",
                f"Return interview offered: {yes_no(m.rhi_offered)}; accepted: {yes_no(m.rhi_accepted)}",
            )


@chronology_source
def pathway_plan_entries(person) -> Iterator[ChronologyEntry]:
    for p in PathwayPlan.objects.filter(person=person):
        yield ChronologyEntry(
            p.held_on, "Leaving care", "Pathway plan review" if p.is_review else "Pathway plan"
        )


@chronology_source
def care_leaver_contact_entries(person) -> Iterator[ChronologyEntry]:
    for c in CareLeaverContact.objects.filter(person=person).select_related("worker"):
        detail = c.get_in_touch_display()
        if c.activity:
            detail += f"; {c.get_activity_display()}; {c.get_accommodation_display()}"
        yield ChronologyEntry(
            c.contacted_on, "Leaving care", "Keeping-in-touch contact", detail, str(c.worker or "")
        )


@chronology_source
def adoption_case_entries(person) -> Iterator[ChronologyEntry]:
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
                yield ChronologyEntry(on, "Adoption", title)
