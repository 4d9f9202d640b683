"""Invariants over a generated Norfolk-shaped council (the `small` size: Norfolk at 1%).

The generator drives the real actions, so these are as much a test of the actions' rules as of
the generator: whatever a council records, these must hold.
"""

import datetime as dt
import itertools
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.db.models import F

from opencsc.care.codes import ReasonNewEpisode
from opencsc.care.episodes import episodes_for_period
from opencsc.care.models import (
    CareLeaver,
    LegalStatusSpan,
    LookedAfterPeriod,
    LookedAfterReview,
    Placement,
)
from opencsc.casework.codes import ConferenceKind
from opencsc.casework.models import (
    Assessment,
    ChildProtectionConference,
    CPPlan,
    Referral,
    Section47Enquiry,
    Visit,
)
from opencsc.people.models import Person
from opencsc.synth.profiles import SIZES

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture(scope="module", autouse=True)
def council(django_db_setup, django_db_blocker, today):
    with django_db_blocker.unblock():
        call_command("synth", size="small", seed=7, as_of=today, no_progress=True)
        yield
        call_command("flush", interactive=False)


def _overlaps(spans):
    """Pairs of [start, end) spans (end None = open) that share a day, per owner."""
    bad = []
    by_owner = defaultdict(list)
    for owner, start, end in spans:
        by_owner[owner].append((start, end or dt.date.max))
    for owner, rows in by_owner.items():
        rows.sort()
        for (s1, e1), (s2, _e2) in itertools.pairwise(rows):
            if s2 < e1:
                bad.append((owner, s1, e1, s2))
    return bad


def test_every_child_born_has_a_home_address():
    # Where they live is where a placement's distance is measured from (903 rules 392a/b).
    born = Person.objects.children().filter(date_of_birth__isnull=False)
    assert born.count() > 500
    assert list(born.filter(addresses__isnull=True).values_list("la_child_id", flat=True)) == []


def test_placements_are_away_from_home_and_measured_from_it():
    # Only placed with parents (P1) may share the home postcode (903 rule 392d); the distance
    # is measured wherever both postcodes are known (rules 392a/b).
    placements = Placement.objects.exclude(home_postcode="").exclude(postcode="")
    assert placements.count() > 20
    at_home = placements.exclude(place="P1").filter(postcode=F("home_postcode"))
    assert list(at_home.values_list("person__la_child_id", "place", "postcode")) == []
    unmeasured = placements.filter(distance_miles__isnull=True)
    assert list(unmeasured.values_list("postcode", "home_postcode")) == []


def test_periods_of_care_never_overlap():
    spans = LookedAfterPeriod.objects.values_list("person_id", "started_on", "ended_on")
    assert LookedAfterPeriod.objects.count() > 10
    assert _overlaps(spans) == []


def test_placements_and_legal_statuses_never_overlap():
    assert _overlaps(Placement.objects.values_list("person_id", "started_on", "ended_on")) == []
    assert (
        _overlaps(LegalStatusSpan.objects.values_list("person_id", "started_on", "ended_on")) == []
    )


def test_every_period_has_legal_status_and_placement_covering_it_exactly():
    for period in LookedAfterPeriod.objects.prefetch_related("legal_statuses", "placements"):
        for spans in (list(period.legal_statuses.all()), list(period.placements.all())):
            spans.sort(key=lambda s: s.started_on)
            assert spans, f"period {period.pk} has no spans"
            assert spans[0].started_on == period.started_on
            for a, b in itertools.pairwise(spans):
                assert a.ended_on == b.started_on, f"gap or overlap in period {period.pk}"
            assert spans[-1].ended_on == period.ended_on
            assert all(s.ended_on is None or s.ended_on > s.started_on for s in spans)


def test_derived_903_episodes_are_well_formed():
    for period in LookedAfterPeriod.objects.prefetch_related("legal_statuses", "placements"):
        episodes = episodes_for_period(period)
        assert episodes[0].rne == ReasonNewEpisode.S
        assert all(e.rne != ReasonNewEpisode.S for e in episodes[1:])
        for e in episodes:
            assert e.end is None or e.end > e.start
        if period.ended_on:
            assert episodes[-1].rec == period.reason_ceased


def test_every_cp_plan_follows_a_conference_that_made_it():
    plans = CPPlan.objects.select_related("conference", "conference__section47")
    assert plans.count() > 5
    for plan in plans:
        conf = plan.conference
        assert conf.plan_decided
        assert conf.kind in {ConferenceKind.INITIAL, ConferenceKind.TRANSFER_IN}
        assert conf.held_on == plan.started_on
        if conf.kind == ConferenceKind.INITIAL:
            assert conf.section47.started_on <= conf.held_on
        assert plan.ended_on is None or plan.ended_on > plan.started_on


def test_one_open_plan_and_referral_at_a_time():
    assert _overlaps(CPPlan.objects.values_list("person_id", "started_on", "ended_on")) == []
    assert _overlaps(Referral.objects.values_list("person_id", "received_on", "closed_on")) == []


def test_dates_are_ordered_and_none_in_the_future(today):
    now = today
    for r in Referral.objects.all():
        assert r.received_on <= now
        assert r.closed_on is None or r.received_on <= r.closed_on <= now
    for a in Assessment.objects.select_related("referral"):
        assert a.referral.received_on <= a.started_on <= now
        assert a.authorised_on is None or a.started_on <= a.authorised_on <= now
    for s in Section47Enquiry.objects.select_related("strategy_discussion"):
        assert s.started_on == s.strategy_discussion.held_on
    for c in ChildProtectionConference.objects.all():
        assert c.held_on <= now


def test_events_happen_while_the_child_is_alive_and_born():
    """Care happens after birth; pre-birth work (referral, assessment, visits to the mother)
    may come before it, but an unborn child is never 'seen'."""
    people = {p.pk: p for p in Person.objects.all()}
    for model, field in (
        (LookedAfterPeriod, "started_on"),
        (Placement, "started_on"),
        (LookedAfterReview, "held_on"),
    ):
        for person_id, on in model.objects.values_list("person_id", field):
            person = people[person_id]
            assert person.date_of_birth is not None and on >= person.date_of_birth, (
                model,
                person_id,
            )
    for model, field in (
        (Visit, "visited_on"),
        (Assessment, "started_on"),
        (Referral, "received_on"),
    ):
        for person_id, on in model.objects.values_list("person_id", field):
            person = people[person_id]
            assert person.date_of_death is None or on <= person.date_of_death
    for person_id, on in Visit.objects.filter(seen=True).values_list("person_id", "visited_on"):
        dob = people[person_id].date_of_birth
        assert dob is not None and on >= dob


def test_ages_are_consistent_with_the_records():
    for period in LookedAfterPeriod.objects.select_related("person"):
        assert period.person.age_on(period.started_on) < 18
    for p in Placement.objects.filter(place__in=["K3", "H5", "P2"]).select_related("person"):
        assert p.person.age_on(p.started_on) >= 16
    for r in LookedAfterReview.objects.select_related("person"):
        assert (r.participation == "PN0") == (r.person.age_on(r.held_on) < 4)
    for cl in CareLeaver.objects.select_related("person"):
        assert cl.person.age_on(cl.since) >= 16
    for v in Visit.objects.filter(seen=True).select_related("person"):
        assert not v.person.is_unborn


def test_the_council_is_norfolk_shaped(today):
    """At the last 31 March, stocks are near Norfolk's published figures scaled to 1%."""
    profile = SIZES["small"]
    now = today
    year_end = dt.date(now.year if now.month > 3 else now.year - 1, 3, 31)
    cla = LookedAfterPeriod.objects.open(year_end).count()
    cp = CPPlan.objects.open(year_end).count()
    cin = Referral.objects.filter(received_on__lte=year_end).exclude(closed_on__lt=year_end).count()
    # Small numbers vary a lot: a factor of two either way, around 10.7 CLA, 4.5 CP and 46 CIN.
    assert (
        profile.cla_at_31_march * profile.scale / 2
        <= cla
        <= profile.cla_at_31_march * profile.scale * 2
    )
    assert (
        profile.cp_at_31_march * profile.scale / 2.5
        <= cp
        <= profile.cp_at_31_march * profile.scale * 2.5
    )
    assert (
        profile.cin_at_31_march * profile.scale / 2
        <= cin
        <= profile.cin_at_31_march * profile.scale * 2
    )


def test_looked_after_reviews_are_scheduled_by_the_review_clock():
    """The generator holds every looked-after review by the day next_cla_review made it due."""
    assert LookedAfterReview.objects.filter(due_on__isnull=False).count() > 10
    late = LookedAfterReview.objects.filter(held_on__gt=F("due_on"))
    assert not late.exists(), list(late.values_list("person_id", "held_on", "due_on")[:5])


def test_most_new_placements_are_visited_within_a_week():
    """Reg 28(2)(a) through the visit clock: visits are on time at the generator's rate (95%)."""
    placements = Placement.objects.filter(ended_on__gt=F("first_visit_due_on"))
    visited = {
        (v.person_id, v.visited_on)
        for v in Visit.objects.filter(kind="cla").only("person_id", "visited_on")
    }
    on_time = [
        any(
            (p.person_id, p.started_on + dt.timedelta(days=n)) in visited
            for n in range((p.first_visit_due_on - p.started_on).days + 1)
        )
        for p in placements
    ]
    assert len(on_time) > 10
    assert sum(on_time) / len(on_time) >= 0.85


def test_some_children_held_have_warning_notes_within_their_review_timescale(today):
    from opencsc.people.models import WarningNote
    from opencsc.people.timescales import warning_note_review_due

    notes = list(WarningNote.objects.select_related("person"))
    assert len(notes) >= 3, len(notes)
    assert any(n.ended_on is None for n in notes), len(notes)
    for n in notes:
        assert n.started_on < n.review_on <= warning_note_review_due(n.started_on)
        assert n.started_on <= today and (n.ended_on is None or n.started_on <= n.ended_on <= today)
        assert n.person_told == (n.reason_not_told == "") and n.details
        assert n.person.date_of_death is None
