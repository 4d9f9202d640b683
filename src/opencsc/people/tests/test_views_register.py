"""Registering a child in the browser (born or unborn, allocated so they can be seen), and
recording an unborn child's birth."""

import datetime as dt

import pytest
from django.urls import reverse

from opencsc.audit.models import AuditEvent
from opencsc.people.models import Person
from opencsc.workforce.models import Allocation

pytestmark = pytest.mark.usefixtures("today")

REGISTER = reverse("people:person-create")


def date(name: str, day: dt.date) -> dict[str, str]:
    return {
        f"{name}_day": str(day.day),
        f"{name}_month": str(day.month),
        f"{name}_year": str(day.year),
    }


def details(worker, **overrides) -> dict[str, str]:
    data = {
        "first_name": "Poppy",
        "last_name": "Harrowgate",
        "la_child_id": "NEW0001",
        "sex": "F",
        "ethnicity": "WBRI",
        "disabilities": ["NONE"],
        "worker": str(worker.pk),
        **date("date_of_birth", dt.date(2021, 4, 9)),
        **date("allocated_on", dt.date(2026, 11, 2)),
    }
    data.update(overrides)
    return data


def test_sam_registers_a_child_who_is_allocated_to_him_and_he_can_open(client, personas):
    sam = personas.sam
    client.force_login(sam)
    assert REGISTER in client.get(reverse("people:person-search")).content.decode()
    page = client.get(REGISTER).content.decode()
    assert f'value="{sam.worker.pk}" selected' in page  # his own worker is offered first

    response = client.post(REGISTER, details(sam.worker))

    poppy = Person.objects.get(la_child_id="NEW0001")
    assert response.status_code == 302 and response["Location"] == poppy.get_absolute_url()
    assert (poppy.first_name, poppy.date_of_birth, poppy.sex) == ("Poppy", dt.date(2021, 4, 9), "F")
    assert list(poppy.disabilities.values_list("code", flat=True)) == ["NONE"]
    held = Allocation.objects.get(person=poppy)
    assert (held.worker, held.role, held.started_on, held.change_reason) == (
        sam.worker,
        "social_worker",
        dt.date(2026, 11, 2),
        "FCONTA",
    )
    assert {e.action for e in AuditEvent.objects.filter(person=poppy)} >= {
        "register_person",
        "allocate",
    }
    assert client.get(poppy.get_absolute_url()).status_code == 200


def test_an_unborn_child_is_registered_then_born(client, personas):
    client.force_login(personas.sam)
    response = client.post(
        REGISTER,
        details(
            personas.sam.worker,
            sex="U",
            disabilities=[],
            date_of_birth_day="",
            date_of_birth_month="",
            date_of_birth_year="",
            **date("expected_date_of_birth", dt.date(2027, 1, 20)),
        ),
    )
    assert response.status_code == 302
    baby = Person.objects.get(la_child_id="NEW0001")
    assert baby.is_unborn and baby.expected_date_of_birth == dt.date(2027, 1, 20)
    birth = reverse("people:person-birth", args=[baby.pk])
    record = client.get(baby.get_absolute_url()).content.decode()
    assert birth in record and "Unborn" in record

    response = client.post(
        birth, {**date("date_of_birth", dt.date(2026, 11, 28)), "sex": "M", "disabilities": "NONE"}
    )

    assert response.status_code == 302 and response["Location"] == baby.get_absolute_url()
    baby.refresh_from_db()
    assert (baby.date_of_birth, baby.sex) == (dt.date(2026, 11, 28), "M")
    assert list(baby.disabilities.values_list("code", flat=True)) == ["NONE"]
    assert AuditEvent.objects.filter(action="record_birth", person=baby).exists()
    assert birth not in client.get(baby.get_absolute_url()).content.decode()


def test_a_child_with_no_date_of_birth_nor_expected_date_is_refused_with_the_rest(client, personas):
    client.force_login(personas.sam)
    before = Person.objects.count()
    response = client.post(
        REGISTER,
        details(
            personas.sam.worker,
            first_name="",
            date_of_birth_day="",
            date_of_birth_month="",
            date_of_birth_year="",
        ),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter the first name" in page
    assert (
        "Enter the date of birth, or the expected date of birth if the child is not born yet"
        in page
    )
    assert Person.objects.count() == before


def test_a_taken_la_child_id_is_refused_beside_its_field_and_nothing_is_written(client, personas):
    client.force_login(personas.sam)
    before = (Person.objects.count(), Allocation.objects.count())
    response = client.post(REGISTER, details(personas.sam.worker, la_child_id="TEST0001"))
    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#id_la_child_id"' in page and "already has the LA child ID" in page
    assert (Person.objects.count(), Allocation.objects.count()) == before


def test_sam_may_allocate_only_to_his_own_team_so_he_still_sees_the_child(client, personas):
    """Olly works in the south team: a child given to him would vanish from Sam's sight."""
    client.force_login(personas.sam)
    page = client.get(REGISTER).content.decode()
    assert "Olly Fennelwick" not in page and "Tara Brambleton" in page
    response = client.post(REGISTER, details(personas.olly.worker))
    assert response.status_code == 400
    assert "Select the allocated social worker from the list" in response.content.decode()
    assert not Person.objects.filter(la_child_id="NEW0001").exists()


def test_the_inspector_and_the_analyst_cannot_register(client, personas):
    for user in (personas.ines, personas.alex):
        client.force_login(user)
        assert client.get(REGISTER).status_code == 403
        assert client.post(REGISTER, details(personas.sam.worker)).status_code == 403
    assert not Person.objects.filter(la_child_id="NEW0001").exists()
