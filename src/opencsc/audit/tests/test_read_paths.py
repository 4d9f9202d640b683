"""Every read of a child's record leaves an AccessEvent: the record page, a return's export (one
per child in it) and the download of that return (again one per child)."""

import csv
import datetime as dt
import zipfile

import pytest
from django.test import override_settings
from django.urls import reverse
from lxml import etree
from openpyxl import load_workbook

from opencsc.audit.models import AccessEvent, AuditEvent
from opencsc.people import actions as people
from opencsc.people.models import Person
from opencsc.returns import actions as returns
from opencsc.returns import tasks
from opencsc.returns.models import ReturnRun, RunStatus
from opencsc.returns.tests import scenarios

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
AS_OF = dt.date(2026, 1, 15)  # Lily's referral (1 Sept 2025) is in Annex A's six months

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path


@pytest.fixture
def world(personas):
    personas.scenario = scenarios.build(personas)
    # A child with nothing to return: on no list, in no return.
    personas.quiet = people.register_person(
        by=personas.sam,
        first_name="Quentin",
        last_name="Stillwater",
        sex="M",
        date_of_birth=dt.date(2014, 4, 4),
        la_child_id="QUIET01",
    )
    return personas


def events(via):
    return AccessEvent.objects.filter(via=via)


def test_opening_a_record_writes_a_page_event(client, personas):
    client.force_login(personas.sam)
    url = reverse("people:person-detail", args=[personas.lily.pk])
    assert client.get(url).status_code == 200
    event = events(AccessEvent.Via.PAGE).get()
    assert (event.user, event.person, event.path) == (personas.sam, personas.lily, url)


def test_a_record_the_user_may_not_open_writes_nothing(client, personas):
    client.force_login(personas.olly)
    assert client.get(reverse("people:person-detail", args=[personas.lily.pk])).status_code == 404
    assert not AccessEvent.objects.exists()


def _workbook_child_ids(path) -> set[str]:
    """Read independently of the code under test: every 'Child Unique ID' cell under its header."""
    ids = set()
    for sheet in load_workbook(path).worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        for i, row in enumerate(rows):
            if "Child Unique ID" in row:
                col = row.index("Child Unique ID")
                ids |= {str(r[col]) for r in rows[i + 1 :] if r[col]}
                break
    return ids


def _produce_annex_a(world, django_capture_on_commit_callbacks) -> ReturnRun:
    with override_settings(TASKS=IMMEDIATE), django_capture_on_commit_callbacks(execute=True):
        run = returns.request_return(by=world.alex, kind="annex_a", as_of=AS_OF)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.message
    return run


def test_producing_a_return_writes_an_export_event_per_child_in_it(
    world, django_capture_on_commit_callbacks
):
    run = _produce_annex_a(world, django_capture_on_commit_callbacks)
    in_file = _workbook_child_ids(tasks.output_dir(run) / run.output)
    assert world.lily.la_child_id in in_file
    exported = events(AccessEvent.Via.EXPORT)
    assert sorted(exported.values_list("person__la_child_id", flat=True)) == sorted(in_file)
    assert {(e.user_id, e.path) for e in exported} == {
        (world.alex.pk, reverse("returns:return-detail", args=[run.pk]))
    }
    assert not exported.filter(person=world.quiet).exists()


def test_if_recording_the_export_fails_the_run_is_not_finished(
    world, django_capture_on_commit_callbacks, monkeypatch
):
    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(tasks, "record_export", broken)
    # The task fails (the immediate backend logs the error rather than raising it).
    with override_settings(TASKS=IMMEDIATE), django_capture_on_commit_callbacks(execute=True):
        returns.request_return(by=world.alex, kind="annex_a", as_of=AS_OF)
    run = ReturnRun.objects.get()
    assert run.status == RunStatus.FAILED and "disk full" in run.message
    assert not events(AccessEvent.Via.EXPORT).exists()
    # The completion went with it: never a finished run whose disclosures were not recorded.
    assert not AuditEvent.objects.filter(action="finish_return").exists()
    assert AuditEvent.objects.filter(action="fail_return").exists()


def test_downloading_a_return_writes_a_download_event_per_child_in_it(
    client, world, django_capture_on_commit_callbacks
):
    run = _produce_annex_a(world, django_capture_on_commit_callbacks)
    exported = set(events(AccessEvent.Via.EXPORT).values_list("person_id", flat=True))
    client.force_login(world.hana)
    url = reverse("returns:return-download", args=[run.pk])
    response = client.get(url)
    assert response.status_code == 200
    b"".join(response.streaming_content)
    downloaded = events(AccessEvent.Via.DOWNLOAD)
    assert set(downloaded.values_list("person_id", flat=True)) == exported
    assert downloaded.count() == len(exported) > 0
    assert {(e.user_id, e.path) for e in downloaded} == {(world.hana.pk, url)}


def test_a_refused_download_writes_nothing(client, world, django_capture_on_commit_callbacks):
    run = _produce_annex_a(world, django_capture_on_commit_callbacks)
    client.force_login(world.sam)
    assert client.get(reverse("returns:return-download", args=[run.pk])).status_code == 403
    assert not events(AccessEvent.Via.DOWNLOAD).exists()


def test_the_children_of_a_903_return_are_read_from_its_files(world, tmp_path):
    from opencsc.returns.ssda903.export import export_903

    target = tmp_path / "ssda903"
    export_903(year=2026, out_dir=target)
    with (target / "header.csv").open() as f:
        header = {row["CHILD"] for row in csv.DictReader(f)}
    assert {world.scenario.mia.la_child_id, world.scenario.omar.la_child_id} <= header
    assert tasks.child_ids_in(target) >= header
    archive = tmp_path / "ssda903.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for path in target.rglob("*.csv"):
            z.write(path, path.relative_to(target))
    assert tasks.child_ids_in(archive) == tasks.child_ids_in(target)
    assert world.quiet.la_child_id not in tasks.child_ids_in(archive)


def test_the_children_of_a_cin_census_are_read_from_its_xml(world, tmp_path):
    from opencsc.returns.cin_census.export import export_cin

    out = tmp_path / "cin.xml"
    export_cin(year=2026, out_file=out)
    in_xml = {
        el.text for el in etree.parse(str(out)).iter() if etree.QName(el).localname == "LAchildID"
    }
    assert world.lily.la_child_id in in_xml
    assert tasks.child_ids_in(out) == in_xml


def test_export_events_name_only_children(world, tmp_path, monkeypatch):
    # A parent who shares a child id by mistake is not a child: no export event for them.
    Person.objects.filter(pk=world.quiet.pk).update(la_child_id="")
    run = ReturnRun.objects.create(kind="cin", year=2026, requested_by=world.alex)
    monkeypatch.setattr(tasks, "child_ids_in", lambda path: {"", world.lily.la_child_id})
    assert tasks.record_export(run=run, by=world.alex, output=tmp_path) == 1
