"""The subject access export: everything about the child, nothing about anyone else, third-party
fields flagged, the disclosure recorded, all or nothing."""

import json
import os

import pytest
from django.core.management import CommandError, call_command

from opencsc.audit.models import AccessEvent, AuditEvent
from opencsc.core.errors import ActionError
from opencsc.privacy import actions, sar
from opencsc.privacy.tests.world import full_record, plain_child

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas):
    personas.wren = full_record(personas)
    personas.other = full_record(personas, la_child_id="SAR0002")  # a second child, same shape
    return personas


def section(doc, label):
    return next(s for s in doc["sections"] if s["model"] == label)


def ids(doc, label):
    return {row["id"] for row in section(doc, label)["rows"]}


def test_it_holds_the_childs_rows_from_every_part_of_the_record(world):
    w = world.wren
    doc = sar.build_document(person=w.child, by=world.hana)
    assert doc["subject"]["la_child_id"] == "SAR0001"
    assert section(doc, "people.Person")["rows"][0]["nhs_number"] == "9434765919"
    assert ids(doc, "casework.Referral") == {w.referral.pk}
    assert ids(doc, "casework.CPPlan") == {w.plan.pk}
    assert ids(doc, "casework.ChildProtectionConference") == {w.conference.pk}
    assert ids(doc, "care.LookedAfterPeriod") == {w.period.pk}
    assert len(section(doc, "care.Placement")["rows"]) == 1
    assert section(doc, "people.Address")["rows"][0]["postcode"] == "NR2 3CD"
    (rel,) = section(doc, "people.Relationship")["rows"]
    assert rel["other"] == {"id": w.mother.pk, "text": "Greta Hollowmere"}
    assert rel["person"]["text"] == "the subject"
    assert rel["kind"]["code"] == "mother"
    # Chronology and the audit trail about them (registration, each action).
    assert any(e["title"] for e in doc["chronology"])
    actions_done = {e["action"] for e in doc["audit_events"]}
    assert {"register_person", "open_referral", "start_looked_after"} <= actions_done
    # Every linked model has a section, empty or not, so "none held" is said, not implied.
    assert {s["model"] for s in doc["sections"]} >= {"care.AdoptionCase", "privacy.LegalHold"}


def test_it_holds_nothing_about_another_child(world):
    doc = sar.build_document(person=world.wren.child, by=world.hana)
    other = world.other
    for label, obj in [
        ("casework.Referral", other.referral),
        ("casework.CPPlan", other.plan),
        ("care.LookedAfterPeriod", other.period),
    ]:
        assert obj.pk not in ids(doc, label)
    text = json.dumps(doc)
    assert "SAR0002" not in text and "Lily" not in text and "Puddlewhistle" not in text
    assert not [e for e in doc["audit_events"] if e["record_id"] == str(other.child.pk)]


def test_third_party_fields_are_listed_and_marked_on_each_row(world):
    doc = sar.build_document(person=world.wren.child, by=world.hana)
    listed = {(f["section"], f["field"]) for f in doc["third_party_fields"]}
    assert {
        ("care.Placement", "carer_name"),
        ("people.Relationship", "other"),
        ("workforce.Allocation", "worker"),
        ("casework.Contact", "summary"),
        ("audit_events", "actor"),
        ("access_events", "user"),
    } <= listed
    (placement,) = section(doc, "care.Placement")["rows"]
    assert {"carer_name", "postcode"} <= set(placement["_review"])
    (rel,) = section(doc, "people.Relationship")["rows"]
    assert "other" in rel["_review"] and "person" not in rel["_review"]
    (home,) = section(doc, "people.Address")["rows"]
    assert "postcode" not in home["_review"]  # the child's own home, not a carer's


def test_the_html_is_a_printable_page_with_the_review_marks(world):
    html = sar.render_html(sar.build_document(person=world.wren.child, by=world.hana))
    assert html.startswith("<!DOCTYPE html>") and "@media print" in html
    assert "Wren Hollowmere" in html and "Orla Fernsby" in html
    assert "THIRD PARTY" in html and "Not yet reviewed for release" in html
    assert "<script" not in html


def test_an_export_records_an_access_event_and_an_audit_event(world):
    child = world.wren.child
    export = actions.export_subject_access(by=world.hana, person=child, path="/privacy/x")
    (event,) = AccessEvent.objects.filter(via=AccessEvent.Via.EXPORT)
    assert (event.user, event.person, event.path) == (world.hana, child, "/privacy/x")
    audit = AuditEvent.objects.get(action="export_subject_access")
    assert (audit.actor, audit.person, audit.object_id) == (world.hana, child, str(child.pk))
    assert audit.changes["records"] == [None, sar.count_records(export.document)]
    assert "Hollowmere" not in json.dumps(audit.changes)  # counts, not content


def test_the_command_writes_both_files_and_records_the_export(world, tmp_path):
    out = tmp_path / "sar"
    call_command("sar", "--person", str(world.wren.child.pk), "--out", str(out), "--by", "hana")
    doc = json.loads((out / "sar.json").read_text())
    assert doc["subject"]["id"] == world.wren.child.pk
    assert "Wren Hollowmere" in (out / "sar.html").read_text()
    assert oct((out / "sar.json").stat().st_mode & 0o777) == "0o600"
    assert sorted(os.listdir(out)) == ["sar.html", "sar.json"]
    assert AccessEvent.objects.filter(via="export", user=world.hana).count() == 1


def test_the_command_finds_a_child_by_la_child_id_and_refuses_to_overwrite(world, tmp_path):
    call_command("sar", "--la-child-id", "sar0001", "--out", str(tmp_path))
    with pytest.raises(CommandError, match=r"--out: .*sar\.json, .*sar\.html already exist"):
        call_command("sar", "--la-child-id", "SAR0001", "--out", str(tmp_path))
    assert AccessEvent.objects.filter(via="export").count() == 1


@pytest.mark.parametrize(
    "args, message",
    [
        (["--person", "999999"], "--person: no person with id 999999"),
        (["--la-child-id", "NOPE"], "--la-child-id: no child with LA child id NOPE"),
        (["--person", "{lily}", "--by", "sam"], "--by: sam .* Give an active head of service"),
        (["--person", "{lily}", "--by", "nobody"], "--by: no user 'nobody'"),
    ],
)
def test_the_command_names_what_is_wrong(world, tmp_path, args, message):
    args = [a.format(lily=world.lily.pk) for a in args]
    with pytest.raises(CommandError, match=message):
        call_command("sar", *args, "--out", str(tmp_path))
    assert not list(tmp_path.iterdir()) and not AccessEvent.objects.exists()


def test_a_restricted_record_is_not_exported_for_someone_not_named(world, tmp_path):
    hidden = plain_child(
        world, la_child_id="SARHIDE", born=world.lily.date_of_birth, restricted=True
    )
    with pytest.raises(CommandError, match="that hana may open"):
        call_command("sar", "--person", str(hidden.pk), "--out", str(tmp_path), "--by", "hana")


def test_a_failure_while_writing_leaves_no_files_and_no_events(world, tmp_path, monkeypatch):
    real = os.fdopen
    calls = []

    def fail_on_second(fd, *args, **kwargs):
        calls.append(fd)
        if len(calls) == 2:
            os.close(fd)
            raise OSError("disk full")
        return real(fd, *args, **kwargs)

    monkeypatch.setattr(os, "fdopen", fail_on_second)
    with pytest.raises(OSError, match="disk full"):
        actions.export_subject_access(by=world.hana, person=world.wren.child, out_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []
    assert not AccessEvent.objects.filter(via="export").exists()
    assert not AuditEvent.objects.filter(action="export_subject_access").exists()


def test_an_export_needs_a_user(world):
    with pytest.raises(ActionError, match="by"):
        actions.export_subject_access(by=None, person=world.wren.child)
