"""Adding the people in a child's life (with parental responsibility) and their addresses in the
browser."""

import datetime as dt

import pytest
from django.urls import reverse

from opencsc.audit.models import AuditEvent
from opencsc.people.models import Person, Relationship
from opencsc.testing import new_child

pytestmark = pytest.mark.usefixtures("today")


def test_sam_adds_lilys_mother_with_parental_responsibility_then_as_her_carer(client, personas):
    lily = personas.lily
    client.force_login(personas.sam)
    url = reverse("people:relationship-create", args=[lily.pk])
    assert url in client.get(lily.get_absolute_url()).content.decode()

    response = client.post(
        url,
        {
            "kind": "mother",
            "has_parental_responsibility": "yes",
            "other": "",
            "first_name": "Marigold",
            "last_name": "Puddlewhistle",
            "date_of_birth_day": "3",
            "date_of_birth_month": "8",
            "date_of_birth_year": "1990",
        },
    )

    assert response.status_code == 302 and response["Location"] == lily.get_absolute_url()
    mother = Person.objects.get(first_name="Marigold")
    assert mother.la_child_id == ""  # a connected adult, never in a list of children
    link = Relationship.objects.get(person=lily)
    assert (link.other, link.kind, link.has_parental_responsibility) == (mother, "mother", True)
    assert AuditEvent.objects.filter(action="add_relationship", person=lily).exists()

    # Now recorded, she is offered by name.
    assert f'value="{mother.pk}">Marigold Puddlewhistle<' in client.get(url).content.decode()
    response = client.post(
        url, {"kind": "carer", "has_parental_responsibility": "no", "other": str(mother.pk)}
    )
    assert response.status_code == 302
    assert set(Relationship.objects.filter(person=lily).values_list("kind", flat=True)) == {
        "mother",
        "carer",
    }


def test_someone_new_needs_a_name_and_a_date_of_birth_and_a_stranger_cannot_be_picked(
    client, personas
):
    lily = personas.lily
    stranger = new_child(personas.olly)  # not connected to Lily, and not Sam's to see
    client.force_login(personas.sam)
    url = reverse("people:relationship-create", args=[lily.pk])
    assert stranger.last_name not in client.get(url).content.decode()
    before = Person.objects.count()

    response = client.post(url, {"kind": "father", "has_parental_responsibility": "no"})
    assert response.status_code == 400
    page = response.content.decode()
    for message in (
        "Enter the first name of the new person",
        "Enter the last name of the new person",
        "Enter the date of birth of the new person",
    ):
        assert message in page

    response = client.post(
        url, {"kind": "sibling", "has_parental_responsibility": "no", "other": str(stranger.pk)}
    )
    assert response.status_code == 400
    assert "Select the person already recorded from the list" in response.content.decode()
    assert Person.objects.count() == before and not Relationship.objects.exists()


def test_sam_records_lilys_move_and_her_old_address_ends_that_day(client, personas):
    lily = personas.lily
    client.force_login(personas.sam)
    url = reverse("people:address-create", args=[lily.pk])
    assert url in client.get(lily.get_absolute_url()).content.decode()

    response = client.post(
        url,
        {
            "line1": "4 Weaver's Row",
            "town": "Norwich",
            "postcode": "nr2 4tq",
            "kind": "home",
            "started_on_day": "9",
            "started_on_month": "11",
            "started_on_year": "2026",
        },
    )

    assert response.status_code == 302 and response["Location"] == lily.get_absolute_url()
    old, new = lily.addresses.order_by("started_on")
    assert (new.postcode, new.line1, new.ended_on) == ("NR2 4TQ", "4 Weaver's Row", None)
    assert old.ended_on == dt.date(2026, 11, 9)
    assert AuditEvent.objects.filter(action="move_address", object_id=str(new.pk)).exists()
    assert "NR2 4TQ" in client.get(lily.get_absolute_url()).content.decode()


def test_a_postcode_that_is_not_one_is_refused_beside_it(client, personas):
    lily = personas.lily
    client.force_login(personas.sam)
    response = client.post(
        reverse("people:address-create", args=[lily.pk]),
        {
            "postcode": "NR1 2",
            "kind": "home",
            "started_on_day": "9",
            "started_on_month": "11",
            "started_on_year": "2026",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#id_postcode"' in page and "is not a UK postcode" in page
    assert lily.addresses.count() == 1
