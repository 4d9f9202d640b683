"""Audit and access records cannot be changed or deleted through the product, nor in the
database; the one removal is the retention purge, which leaves its own event."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from opencsc.audit import triggers
from opencsc.audit.log import purge_person_events, record_access
from opencsc.audit.models import AccessEvent, AuditEvent, AuditRecordImmutable
from opencsc.core.errors import ActionError
from opencsc.people import actions as people
from opencsc.people.models import Person
from opencsc.testing import build_personas

pytestmark = pytest.mark.django_db


def _raw(sql: str) -> None:
    """Run ``sql`` as another program would, in a savepoint so the test can carry on."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)


@pytest.fixture
def events(personas):
    """Lily's trail: her registration etc. (AuditEvents) and one page read (AccessEvent)."""
    record_access(user=personas.tara, person=personas.lily, path="/children/1/")
    return AuditEvent.objects.filter(person=personas.lily).first(), AccessEvent.objects.get()


@pytest.mark.parametrize("which", [0, 1])
def test_it_refuses_to_save_an_existing_event(events, which):
    event = events[which]
    event.path = event.action = "changed"
    with pytest.raises(AuditRecordImmutable, match="cannot be changed or deleted"):
        event.save()


@pytest.mark.parametrize("which", [0, 1])
def test_it_refuses_to_delete_an_event(events, which):
    with pytest.raises(AuditRecordImmutable):
        events[which].delete()


@pytest.mark.parametrize("model", [AuditEvent, AccessEvent])
def test_querysets_refuse_update_and_delete(events, model):
    before = model.objects.count()
    for manager in (model.objects, model._base_manager, model._default_manager):
        with pytest.raises(AuditRecordImmutable):
            manager.all().update(at=None)
        with pytest.raises(AuditRecordImmutable):
            manager.filter(pk__gt=0).delete()
    # bulk_update runs in a transaction without a savepoint: give it one to fail in.
    with pytest.raises(AuditRecordImmutable), transaction.atomic():
        model.objects.bulk_update(list(model.objects.all()), ["at"])
    assert model.objects.count() == before


def test_there_is_no_admin_for_audit_records():
    from django.apps import apps

    assert not apps.is_installed("django.contrib.admin")


@pytest.mark.parametrize("table", triggers.TABLES)
def test_the_database_refuses_update(events, table):
    with pytest.raises(DatabaseError, match="UPDATE refused"):
        _raw(f"UPDATE {table} SET at = at")  # noqa: S608


@pytest.mark.parametrize("table", triggers.TABLES)
def test_the_database_refuses_delete(events, table):
    with pytest.raises(DatabaseError, match="DELETE refused"):
        _raw(f"DELETE FROM {table}")  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - constant table names
        assert cursor.fetchone()[0] > 0


def test_the_permit_does_not_outlive_its_block(events):
    with transaction.atomic():
        with triggers.purge_permit():
            pass
        with pytest.raises(DatabaseError, match="DELETE refused"):
            _raw(f"DELETE FROM {triggers.TABLES[1]}")  # noqa: S608


def test_the_permit_is_undone_when_its_block_fails(events):
    with transaction.atomic():
        with pytest.raises(ValueError), triggers.purge_permit():
            raise ValueError("boom")
        with pytest.raises(DatabaseError, match="DELETE refused"):
            _raw(f"DELETE FROM {triggers.TABLES[1]}")  # noqa: S608


@pytest.mark.django_db(transaction=True)
def test_the_permit_needs_a_transaction():
    with pytest.raises(RuntimeError, match="inside a transaction"), triggers.purge_permit():
        pass


def test_purge_removes_a_persons_events_and_leaves_one_event_without_personal_data(
    events, personas
):
    lily, sam = personas.lily, personas.sam
    other = people.register_person(
        by=sam,
        first_name="Otto",
        last_name="Keepwell",
        sex="M",
        la_child_id="KEEP01",
        date_of_birth=dt.date(2016, 2, 3),
    )
    record_access(user=personas.hana, person=other, path="/children/x/")
    kept_audit = AuditEvent.objects.exclude(person=lily).exclude(
        model="people.Person", object_id=str(lily.pk)
    )
    kept_audit_ids = set(kept_audit.values_list("pk", flat=True))
    lily_audit = AuditEvent.objects.filter(person=lily).count()
    assert lily_audit > 0

    removed = purge_person_events(
        person_ids=[lily.pk], by=personas.ada, reason="Retention: 75th birthday passed"
    )

    assert removed == lily_audit + 1  # her audit events and her one read
    assert not AuditEvent.objects.filter(person=lily).exists()
    assert not AccessEvent.objects.filter(person=lily).exists()
    assert AccessEvent.objects.filter(person=other).count() == 1
    purge = AuditEvent.objects.get(action="retention_purge")
    assert set(AuditEvent.objects.exclude(pk=purge.pk).values_list("pk", flat=True)) == (
        kept_audit_ids
    )
    assert purge.actor == personas.ada and purge.person is None
    assert purge.changes["audit_events"] == [lily_audit, 0]
    assert purge.changes["access_events"] == [1, 0]
    text = str(purge.changes) + purge.object_id
    for personal in ("Lily", "Puddlewhistle", "TEST0001", "2015", "NR1"):
        assert personal not in text


def test_after_the_purge_the_person_can_be_deleted_in_the_same_transaction(events, personas):
    lily = personas.lily
    with transaction.atomic():
        purge_person_events(person_ids=[lily.pk], by=personas.ada, reason="Retention test")
        # The person's own records protect her too; remove them as a retention run would.
        for rel in Person._meta.related_objects:
            if rel.related_model._meta.app_label in {"people", "casework", "workforce", "care"}:
                rel.related_model._base_manager.filter(**{rel.field.name: lily}).delete()
        Person.objects.filter(pk=lily.pk).delete()
    assert not Person.objects.filter(pk=lily.pk).exists()


def test_purge_needs_a_reason(personas):
    with pytest.raises(ActionError) as error:
        purge_person_events(person_ids=[personas.lily.pk], by=personas.ada, reason="  ")
    assert error.value.field == "reason"
    assert AuditEvent.objects.filter(person=personas.lily).exists()


def test_a_failed_purge_removes_nothing(events, personas, monkeypatch):
    before = (AuditEvent.objects.count(), AccessEvent.objects.count())
    real_create = AuditEvent.objects.create

    def broken(**kwargs):
        if kwargs.get("action") == "retention_purge":
            raise DatabaseError("disk full")
        return real_create(**kwargs)

    monkeypatch.setattr(AuditEvent.objects, "create", broken)
    with pytest.raises(DatabaseError, match="disk full"):
        purge_person_events(person_ids=[personas.lily.pk], by=personas.ada, reason="Test")
    assert (AuditEvent.objects.count(), AccessEvent.objects.count()) == before


def test_purge_handles_more_people_than_one_statement_takes(personas):
    removed = purge_person_events(
        person_ids=range(1_000_000, 1_001_200), by=personas.ada, reason="Test"
    )
    assert removed == 0


@pytest.mark.django_db(transaction=True)
def test_flush_still_empties_the_database(personas):
    assert AuditEvent.objects.exists()
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEvent.objects.exists() and not AccessEvent.objects.exists()
    # ...and the triggers are still there afterwards.
    build_personas()
    with pytest.raises(AuditRecordImmutable):
        AuditEvent.objects.first().delete()
    with pytest.raises(DatabaseError, match="DELETE refused"):
        _raw(f"DELETE FROM {triggers.TABLES[0]}")  # noqa: S608


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE triggers: PostgreSQL")
@pytest.mark.parametrize("table", triggers.TABLES)
def test_postgres_refuses_truncate_without_the_permit(events, table):
    _raw("SET CONSTRAINTS ALL IMMEDIATE")  # the fixture's inserts: no pending FK checks
    with pytest.raises(DatabaseError, match="TRUNCATE refused"):
        _raw(f"TRUNCATE {table} CASCADE")
    with transaction.atomic(), triggers.purge_permit():
        _raw(f"TRUNCATE {table} CASCADE")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - constant table names
        assert cursor.fetchone()[0] == 0
