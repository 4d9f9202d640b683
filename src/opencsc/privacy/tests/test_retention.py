"""Retention: the dry run lists the right people and changes nothing; --apply deletes them and
everything about them, all or nothing, and leaves everyone else as they were."""

import datetime as dt
import io

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from opencsc.audit.log import record_access
from opencsc.audit.models import AccessEvent, AuditEvent
from opencsc.care import actions as care
from opencsc.care.actions import PlacementDetails
from opencsc.core.errors import ActionError
from opencsc.people import actions as people
from opencsc.people.models import Person, Relationship
from opencsc.privacy import actions, links, retention
from opencsc.privacy.models import LegalHold
from opencsc.privacy.tests.world import full_record, plain_child, relative

D = dt.date
OLD_BORN = D(1949, 3, 1)  # 75th birthday 1 March 2024: past


def table_counts() -> dict[str, int]:
    return {
        m._meta.label: m._base_manager.count()
        for m in apps.get_models(include_auto_created=True)
        if m._meta.app_label in {"people", "casework", "care", "workforce", "audit", "privacy"}
    }


@pytest.fixture
def world(personas, today):
    p = personas
    p.today = today
    p.shared = relative(p, first="Sally", last="Sharewood")  # mother of Lily and of the old child
    people.add_relationship(by=p.sam, person=p.lily, other=p.shared, kind="mother")
    p.old = full_record(p, la_child_id="OLD0001", born=OLD_BORN, start=D(1955, 4, 4))
    people.add_relationship(by=p.sam, person=p.old.child, other=p.shared, kind="mother")
    p.sibling = plain_child(p, la_child_id="OLD0002", born=D(1949, 3, 2), first="Sid")
    people.add_relationship(by=p.sam, person=p.old.child, other=p.sibling, kind="sibling")
    p.held = plain_child(p, la_child_id="HOLD001", born=OLD_BORN, first="Hal")
    actions.place_legal_hold(by=p.hana, person=p.held, reason="Civil claim (synthetic)")
    p.secret = plain_child(p, la_child_id="REST001", born=OLD_BORN, first="Rue", restricted=True)
    p.unborn = people.register_person(
        by=p.sam,
        first_name="Baby",
        last_name="Nodate",
        expected_date_of_birth=today + dt.timedelta(days=30),
        la_child_id="UNB0001",
    )
    record_access(user=p.hana, person=p.old.child, via=AccessEvent.Via.PAGE, path="/x/")
    return p


def due_ids(plan):
    return {e.person_id for e in plan.due}


def test_the_dry_run_lists_who_is_due_and_changes_nothing(world):
    before = table_counts()
    events = AuditEvent.objects.count()
    plan = retention.plan_retention(as_of=world.today)
    assert due_ids(plan) == {world.old.child.pk, world.sibling.pk}
    assert {e.rule for e in plan.due} == {"cla-75", "csc-75"}
    old = next(e for e in plan.due if e.person_id == world.old.child.pk)
    assert old.keep_until == D(2024, 3, 1) and old.rule == "cla-75"
    # The old child's own mother (only theirs) goes with them; Lily's mother stays.
    assert plan.relatives == [world.old.mother.pk]
    assert {(e.person_id, e.held) for e in plan.held} == {
        (world.held.pk, "legal hold"),
        (world.secret.pk, "restricted record"),
    }
    assert world.unborn.pk in {e.person_id for e in plan.undecided}
    assert plan.rows["people.Person"] == 3
    assert plan.rows["casework.CPPlan"] == 1 and plan.rows["care.Placement"] == 1
    assert plan.rows["audit.AccessEvent"] == 1
    assert table_counts() == before and AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    "as_of, due", [(D(2090, 5, 16), False), (D(2090, 5, 17), False), (D(2090, 5, 18), True)]
)
def test_lily_is_due_only_after_her_75th_birthday(personas, as_of, due):
    assert (personas.lily.pk in due_ids(retention.plan_retention(as_of=as_of))) is due


def adopted_child(p):
    child = plain_child(p, la_child_id="ADOPT01", born=D(2014, 1, 20), first="Ada")
    period = care.start_looked_after(
        by=p.sam,
        person=child,
        started_on=D(2020, 1, 6),
        legal_status="C2",
        primary_need="N1",
        placement=PlacementDetails(place="U4", provider="PR1"),
    )
    case = care.record_adoption_decision(by=p.sam, period=period, decision_on=D(2020, 6, 1))
    care.record_placement_order(by=p.sam, case=case, on=D(2020, 7, 1))
    care.record_adoption_match(
        by=p.sam,
        case=case,
        matched_on=D(2020, 8, 3),
        number_of_adopters=2,
        adopter_sex="MF",
        adopter_legal_status="L2",
        adopted_by_foster_carer=False,
    )
    care.place_for_adoption(
        by=p.sam,
        case=case,
        placed_on=D(2020, 9, 1),
        placement=PlacementDetails(place="A5", provider="PR1"),
    )
    care.record_adoption_order(by=p.sam, case=case, on=D(2021, 3, 15))
    return child


def test_an_adoption_record_is_kept_100_years_from_the_order(personas):
    child = adopted_child(personas)
    assert child.pk not in due_ids(retention.plan_retention(as_of=D(2090, 1, 21)))  # past 75
    assert child.pk not in due_ids(retention.plan_retention(as_of=D(2121, 3, 15)))
    plan = retention.plan_retention(as_of=D(2121, 3, 16))
    (entry,) = [e for e in plan.due if e.person_id == child.pk]
    assert entry.rule == "adoption-100" and entry.keep_until == D(2121, 3, 15)


@pytest.mark.django_db(transaction=True)
def test_apply_deletes_them_and_everything_about_them_and_leaves_others_intact(world):
    gone_people = [world.old.child.pk, world.sibling.pk, world.old.mother.pk]
    gone_rows = links.rows_about(gone_people)
    kept_rows = links.rows_about([world.lily.pk, world.held.pk, world.secret.pk])
    assert any(gone_rows.values()) and any(kept_rows.values())
    plan = actions.apply_retention(by=world.hana, as_of=world.today)
    assert set(plan.person_ids) == set(gone_people)
    assert not Person.objects.filter(pk__in=gone_people).exists()
    for model, pks in gone_rows.items():
        assert not model._base_manager.filter(pk__in=pks).exists(), model._meta.label
    for model, pks in kept_rows.items():
        assert model._base_manager.filter(pk__in=pks).count() == len(pks), model._meta.label
    assert (
        Person.objects.filter(
            pk__in=[world.lily.pk, world.shared.pk, world.held.pk, world.secret.pk, world.unborn.pk]
        ).count()
        == 5
    )
    assert Relationship.objects.filter(person=world.lily, other=world.shared).exists()
    # Their audit trail went too; the deletion itself is recorded without personal data.
    assert not AuditEvent.objects.filter(person_id__in=gone_people).exists()
    assert not AccessEvent.objects.filter(person_id__in=gone_people).exists()
    applied = AuditEvent.objects.get(action="apply_retention")
    assert applied.person is None and applied.actor == world.hana
    assert applied.changes["children"] == [2, 0] and applied.changes["relatives"] == [1, 0]
    assert applied.changes["rows"][0]["casework.CPPlan"] == 1
    text = str(applied.changes) + str(AuditEvent.objects.get(action="retention_purge").changes)
    for personal in ("OLD0001", "OLD0002", "Hollowmere", "Sid", "Plainfield"):
        assert personal not in text
    # A second run finds no one.
    assert actions.apply_retention(by=world.hana, as_of=world.today).person_ids == []


def test_a_failure_in_the_middle_leaves_nothing_half_deleted(world, monkeypatch):
    before = table_counts()
    events = list(AuditEvent.objects.values_list("pk", flat=True))
    real = retention._delete
    calls = []

    def fail_after_some(model, pks, deleted):
        real(model, pks, deleted)  # really deletes, inside the transaction
        calls.append(model)
        if len(calls) == 6:
            raise RuntimeError("power cut")

    monkeypatch.setattr(retention, "_delete", fail_after_some)
    with pytest.raises(RuntimeError, match="power cut"):
        actions.apply_retention(by=world.hana, as_of=world.today)
    assert len(calls) == 6
    assert table_counts() == before
    assert list(AuditEvent.objects.values_list("pk", flat=True)) == events


def test_apply_refuses_a_future_date(world):
    with pytest.raises(ActionError, match="as_of"):
        actions.apply_retention(by=world.hana, as_of=world.today + dt.timedelta(days=1))


def test_a_lifted_hold_no_longer_protects(world):
    hold = LegalHold.objects.get(person=world.held)
    actions.lift_legal_hold(by=world.hana, hold=hold)
    assert world.held.pk in due_ids(retention.plan_retention(as_of=world.today))
    assert AuditEvent.objects.filter(action="lift_legal_hold", person=world.held).exists()
    assert AuditEvent.objects.filter(action="place_legal_hold", person=world.held).exists()
    with pytest.raises(ActionError, match="already lifted"):
        actions.lift_legal_hold(by=world.hana, hold=hold)


def test_a_hold_needs_a_reason(world):
    with pytest.raises(ActionError, match="reason"):
        actions.place_legal_hold(by=world.hana, person=world.lily, reason="  ")
    assert not LegalHold.objects.filter(person=world.lily).exists()


def run(*args) -> str:
    out = io.StringIO()
    call_command("retention", *args, stdout=out)
    return out.getvalue()


def test_the_command_is_a_dry_run_by_default(world):
    before = table_counts()
    report = run("--as-of", world.today.isoformat())
    assert "nothing deleted" in report and "OLD0001" in report and "cla-75" in report
    assert "HOLD001" in report and "legal hold" in report
    assert "Hollowmere" not in report  # ids, not names
    assert table_counts() == before


@pytest.mark.parametrize(
    "args, message",
    [
        (["--apply"], "--apply deletes records for good"),
        (["--yes"], "--yes confirms --apply"),
        (["--as-of", "31/12/2025"], "--as-of: '31/12/2025' is not a date"),
        (["--as-of", "2999-01-01", "--apply", "--yes"], "--as-of: .* is in the future"),
        (["--apply", "--yes", "--by", "sam"], "--by: sam"),
    ],
)
def test_the_command_refuses_what_it_should(world, args, message):
    before = table_counts()
    with pytest.raises(CommandError, match=message):
        run(*args)
    assert table_counts() == before


def test_the_command_applies_with_yes(world):
    report = run("--as-of", world.today.isoformat(), "--apply", "--yes", "--by", "hana")
    assert "Retention applied" in report and "OLD0001" in report
    assert not Person.objects.filter(la_child_id="OLD0001").exists()
    assert Person.objects.filter(pk=world.lily.pk).exists()


def test_legalhold_command_places_lists_and_lifts(world):
    out = io.StringIO()
    call_command("legalhold", "--person", str(world.lily.pk), "--reason", "Inquiry", stdout=out)
    call_command("legalhold", "--list", stdout=out)
    hold = LegalHold.objects.get(person=world.lily)
    assert f"person {world.lily.pk}" in out.getvalue()
    call_command("legalhold", "--lift", str(hold.pk), stdout=out)
    hold.refresh_from_db()
    assert hold.lifted_on == world.today
    with pytest.raises(CommandError, match="--reason"):
        call_command("legalhold", "--person", str(world.lily.pk))
