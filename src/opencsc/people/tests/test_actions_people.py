"""Registering and correcting people: identifiers, dates of birth and death, addresses, versions."""

import datetime as dt

import pytest

from opencsc.audit.models import AuditEvent
from opencsc.people import actions as people
from opencsc.people.identifiers import nhs_number_is_valid, upn_check_letter
from opencsc.people.models import Address, Person, PersonDisability
from opencsc.testing import new_child, refusal

# The scenarios record events after April 2026: they need the pinned today, not the clock.
pytestmark = pytest.mark.usefixtures("today")

D = dt.date


def valid_upn(rest: str = "93820171500" + "1") -> str:
    return upn_check_letter(rest) + rest


def valid_nhs_number(first_nine: str = "943476591") -> str:
    return next(first_nine + str(d) for d in range(10) if nhs_number_is_valid(first_nine + str(d)))


# --- register_person ----------------------------------------------------------------------------


def test_it_registers_a_child_with_identifiers_and_disabilities(personas):
    upn, nhs = valid_upn(), valid_nhs_number()
    child = new_child(personas.sam, upn=upn, nhs_number=nhs, disabilities=["AUT", "COMM"])

    child = Person.objects.get(pk=child.pk)
    assert (child.first_name, child.last_name, child.la_child_id) == (
        "Noah",
        "Brackenridge",
        "TEST0100",
    )
    assert (child.upn, child.nhs_number, child.date_of_birth) == (upn, nhs, D(2019, 2, 11))
    assert sorted(child.disability_codes) == ["AUT", "COMM"]
    assert child.version == 1
    assert not child.is_unborn
    event = AuditEvent.objects.get(
        action="register_person", model="people.Person", object_id=str(child.pk)
    )
    assert event.actor == personas.sam
    assert event.changes["la_child_id"] == [None, "TEST0100"]


def test_it_registers_an_unborn_child_with_an_expected_date_and_sex_u(personas):
    unborn = new_child(
        personas.sam, sex="U", date_of_birth=None, expected_date_of_birth=D(2027, 1, 20)
    )

    unborn.refresh_from_db()
    assert unborn.is_unborn
    assert unborn.expected_date_of_birth == D(2027, 1, 20)
    assert unborn.sex == "U"
    assert unborn.age_on(D(2026, 6, 1)) is None


def test_it_refuses_an_unborn_child_with_a_known_sex(personas):
    error = refusal(
        new_child,
        by=personas.sam,
        sex="F",
        date_of_birth=None,
        expected_date_of_birth=D(2027, 1, 20),
    )
    assert error.field == "sex"
    assert not Person.objects.filter(la_child_id="TEST0100").exists()


def test_it_registers_an_adult_without_an_la_child_id(personas):
    mother = new_child(
        personas.sam, first_name="Rose", sex="F", date_of_birth=D(1990, 7, 4), la_child_id=""
    )

    assert mother.la_child_id == ""
    assert mother not in Person.objects.children()
    assert personas.lily in Person.objects.children()


def test_it_refuses_a_date_of_birth_in_the_future(personas, today):
    tomorrow = today + dt.timedelta(days=1)
    error = refusal(new_child, by=personas.sam, date_of_birth=tomorrow)
    assert error.field == "date_of_birth"
    assert "in the future" in error.text


def test_it_refuses_a_person_with_neither_date_of_birth_nor_expected_date(personas):
    error = refusal(new_child, by=personas.sam, sex="U", date_of_birth=None)
    assert error.field == "date_of_birth"
    assert "expected date of birth" in error.text


@pytest.mark.parametrize("la_child_id", ["TEST 0101", "TEST-0101", "A" * 21])
def test_it_refuses_a_malformed_la_child_id(personas, la_child_id):
    error = refusal(new_child, by=personas.sam, la_child_id=la_child_id)
    assert error.field == "la_child_id"
    assert "not valid" in error.text


def test_it_refuses_an_la_child_id_another_child_has(personas):
    error = refusal(new_child, by=personas.sam, la_child_id=personas.lily.la_child_id)
    assert error.field == "la_child_id"
    assert "already has" in error.text
    assert Person.objects.filter(la_child_id="TEST0001").count() == 1


def test_it_refuses_a_upn_with_the_wrong_check_letter(personas):
    upn = valid_upn()
    wrong = next(letter for letter in "ABCDEFGH" if letter != upn[0]) + upn[1:]
    error = refusal(new_child, by=personas.sam, upn=wrong)
    assert error.field == "upn"
    # The same UPN with its right check letter is accepted.
    assert new_child(personas.sam, upn=upn).upn == upn


def test_it_refuses_a_upn_and_a_reason_it_is_unknown_together(personas):
    error = refusal(new_child, by=personas.sam, upn=valid_upn(), upn_unknown="UN1")
    assert error.field == "upn_unknown"


def test_it_refuses_an_nhs_number_failing_the_modulus_11_check(personas):
    nhs = valid_nhs_number()
    wrong = nhs[:9] + str((int(nhs[9]) + 1) % 10)
    error = refusal(new_child, by=personas.sam, nhs_number=wrong)
    assert error.field == "nhs_number"
    assert new_child(personas.sam, nhs_number=nhs).nhs_number == nhs


def test_it_refuses_none_combined_with_a_disability(personas):
    error = refusal(new_child, by=personas.sam, disabilities=["NONE", "MOB"])
    assert error.field == "disabilities"
    assert not Person.objects.filter(la_child_id="TEST0100").exists()
    assert not PersonDisability.objects.filter(code="MOB").exists()


def test_set_disabilities_replaces_the_codes_and_audits_the_removal(personas):
    lily = personas.lily
    assert lily.disability_codes == ["NONE"]

    people.set_disabilities(by=personas.sam, person=lily, codes=["AUT"])

    assert lily.disability_codes == ["AUT"]
    events = AuditEvent.objects.filter(action="set_disabilities", person=lily)
    assert {tuple(e.changes["code"]) for e in events} == {("NONE", None), (None, "AUT")}


def test_set_disabilities_refuses_none_with_another_code(personas):
    error = refusal(
        people.set_disabilities, by=personas.sam, person=personas.lily, codes=["NONE", "VIS"]
    )
    assert error.field == "disabilities"
    assert personas.lily.disability_codes == ["NONE"]


# --- birth and death ----------------------------------------------------------------------------


def test_record_birth_replaces_the_unborn_state(personas):
    unborn = new_child(
        personas.sam, sex="U", date_of_birth=None, expected_date_of_birth=D(2026, 3, 1)
    )

    people.record_birth(by=personas.sam, person=unborn, date_of_birth=D(2026, 2, 24), sex="F")

    unborn.refresh_from_db()
    assert (unborn.date_of_birth, unborn.sex, unborn.is_unborn) == (D(2026, 2, 24), "F", False)
    assert unborn.version == 2


def test_record_birth_refuses_a_child_already_born(personas):
    error = refusal(
        people.record_birth,
        by=personas.sam,
        person=personas.lily,
        date_of_birth=D(2015, 5, 18),
        sex="F",
    )
    assert error.field == "date_of_birth"
    personas.lily.refresh_from_db()
    assert personas.lily.date_of_birth == D(2015, 5, 17)


def test_record_death_refuses_a_date_before_the_birth(personas):
    error = refusal(
        people.record_death, by=personas.sam, person=personas.lily, date_of_death=D(2015, 5, 16)
    )
    assert error.field == "date_of_death"
    personas.lily.refresh_from_db()
    assert personas.lily.date_of_death is None


def test_record_death_refuses_an_unborn_child(personas):
    unborn = new_child(
        personas.sam, sex="U", date_of_birth=None, expected_date_of_birth=D(2026, 3, 1)
    )
    error = refusal(
        people.record_death, by=personas.sam, person=unborn, date_of_death=D(2026, 1, 5)
    )
    assert error.field == "date_of_death"


def test_record_death_after_birth_is_recorded_once(personas):
    people.record_death(by=personas.sam, person=personas.lily, date_of_death=D(2025, 10, 1))

    assert Person.objects.get(pk=personas.lily.pk).date_of_death == D(2025, 10, 1)
    error = refusal(
        people.record_death, by=personas.sam, person=personas.lily, date_of_death=D(2025, 10, 2)
    )
    assert error.field == "date_of_death"
    assert "already recorded" in error.text


def test_update_person_refuses_moving_the_birth_after_the_death(personas):
    people.record_death(by=personas.sam, person=personas.lily, date_of_death=D(2025, 10, 1))
    lily = Person.objects.get(pk=personas.lily.pk)
    error = refusal(
        people.update_person,
        by=personas.sam,
        person=lily,
        version=lily.version,
        date_of_birth=D(2025, 11, 1),
    )
    assert error.field == "date_of_death"


# --- update_person ------------------------------------------------------------------------------


def test_update_person_audits_old_and_new_values(personas):
    lily = Person.objects.get(pk=personas.lily.pk)

    people.update_person(
        by=personas.tara, person=lily, version=lily.version, first_name="Lilly", ethnicity="WOTH"
    )

    lily.refresh_from_db()
    assert (lily.first_name, lily.ethnicity, lily.version) == ("Lilly", "WOTH", 2)
    event = AuditEvent.objects.get(action="update_person")
    assert event.actor == personas.tara
    assert event.person_id == lily.pk
    assert event.object_id == str(lily.pk)
    assert event.changes == {"first_name": ["Lily", "Lilly"], "ethnicity": ["WBRI", "WOTH"]}


def test_update_person_refuses_the_second_of_two_editors_holding_the_same_version(personas):
    # Two people open the edit page at once: each form carries version 1.
    first = Person.objects.get(pk=personas.lily.pk)
    second = Person.objects.get(pk=personas.lily.pk)

    people.update_person(by=personas.sam, person=first, version=first.version, first_name="Lilly")
    error = refusal(
        people.update_person,
        by=personas.tara,
        person=second,
        version=second.version,
        last_name="Overwritten",
    )

    assert error.field == "version"
    saved = Person.objects.get(pk=personas.lily.pk)
    assert (saved.first_name, saved.last_name, saved.version) == ("Lilly", "Puddlewhistle", 2)
    assert AuditEvent.objects.filter(action="update_person").count() == 1


def test_update_person_refuses_a_version_older_than_the_record(personas):
    lily = Person.objects.get(pk=personas.lily.pk)
    people.update_person(by=personas.sam, person=lily, version=1, first_name="Lilly")

    error = refusal(people.update_person, by=personas.tara, person=lily, version=1, sex="U")

    assert error.field == "version"
    lily.refresh_from_db()
    assert (lily.sex, lily.version) == ("F", 2)


def test_update_person_refuses_a_detail_it_does_not_edit(personas):
    lily = personas.lily
    error = refusal(
        people.update_person,
        by=personas.sam,
        person=lily,
        version=lily.version,
        date_of_death=D(2025, 1, 1),
    )
    assert error.field == "date_of_death"
    assert "cannot be changed here" in error.text


def test_update_person_refuses_taking_another_childs_la_child_id(personas):
    other = new_child(personas.sam)
    error = refusal(
        people.update_person,
        by=personas.sam,
        person=other,
        version=other.version,
        la_child_id="TEST0001",
    )
    assert error.field == "la_child_id"


# --- addresses ----------------------------------------------------------------------------------


def test_move_address_ends_the_previous_address_the_same_day(personas):
    lily = personas.lily

    new = people.move_address(
        by=personas.sam, person=lily, postcode="nr23cd", started_on=D(2025, 10, 6), town="Norwich"
    )

    spans = [(a.postcode, a.started_on, a.ended_on) for a in lily.addresses.order_by("started_on")]
    assert spans == [
        ("NR1 2AB", D(2015, 5, 17), D(2025, 10, 6)),
        ("NR2 3CD", D(2025, 10, 6), None),
    ]
    assert list(lily.addresses.open()) == [new]
    assert list(lily.addresses.open(D(2025, 10, 5)).values_list("postcode", flat=True)) == [
        "NR1 2AB"
    ]


def test_move_address_refuses_a_start_before_the_current_address(personas):
    error = refusal(
        people.move_address,
        by=personas.sam,
        person=personas.lily,
        postcode="NR2 3CD",
        started_on=D(2015, 5, 16),
    )
    assert error.field == "started_on"
    assert Address.objects.filter(person=personas.lily).count() == 1


def test_move_address_refuses_a_postcode_that_is_not_a_uk_postcode(personas):
    error = refusal(
        people.move_address,
        by=personas.sam,
        person=personas.lily,
        postcode="12345",
        started_on=D(2025, 10, 6),
    )
    assert error.field == "postcode"
    assert personas.lily.addresses.get().ended_on is None
