"""The registry walk finds every model about a person, so none can be left out of an export
or a deletion."""

from django.apps import apps

from opencsc.people.models import Person
from opencsc.privacy import links


def _pointing_at(targets) -> set:
    """Found independently of ``links``: each target's reverse relations in Django's meta API."""
    found = set()
    for target in targets:
        for rel in target._meta.related_objects:
            if rel.many_to_one or rel.one_to_one:
                found.add(rel.related_model)
    return found


def test_every_model_with_a_foreign_key_to_person_is_walked():
    walked = set(links.linked_models())
    pointing = _pointing_at([Person]) - {apps.get_model(label) for label in links.AUDIT_MODELS}
    missing = sorted(m._meta.label for m in pointing - walked)
    assert not missing, f"Left out of subject access exports and retention: {missing}"


def test_every_model_pointing_at_a_walked_model_is_walked_too():
    walked = set(links.linked_models())
    missing = sorted(m._meta.label for m in _pointing_at(walked) - walked)
    assert not missing, missing


def test_records_reached_through_another_record_carry_that_link():
    walked = links.linked_models()
    placement = apps.get_model("care", "Placement")
    assert {link.field.name for link in walked[placement]} == {"period", "person"}
    visit = apps.get_model("casework", "Visit")
    assert {"person", "cp_plan", "period"} <= {link.field.name for link in walked[visit]}


def test_audit_trail_and_staff_tables_are_not_walked():
    labels = {m._meta.label for m in links.linked_models()}
    assert not labels & (set(links.AUDIT_MODELS) | {"accounts.User", "workforce.Worker"})
    assert "people.Person" not in labels


def test_deletion_goes_from_children_to_parents_and_breaks_the_conference_plan_cycle():
    order = links.deletion_order()
    position = {m._meta.label: i for i, m in enumerate(order.models)}
    assert position["care.Placement"] < position["care.LookedAfterPeriod"]
    assert position["casework.Assessment"] < position["casework.Referral"]
    assert position["casework.Referral"] < position["casework.Contact"]
    assert [str(link) for link in order.clear_first] == [
        "casework.ChildProtectionConference.cp_plan -> casework.CPPlan"
    ]
    conference, plan = position["casework.ChildProtectionConference"], position["casework.CPPlan"]
    assert plan < conference  # once the conference's key to the plan is cleared
