"""Pseudonymised lists: analysts see a cohort under stable pseudonyms, never who the children are."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opencsc.audit.models import AccessEvent
from opencsc.oversight.pseudonymised import age_band, build, pseudonym
from opencsc.people import actions as people
from opencsc.people.models import Person
from opencsc.returns.tests import scenarios

pytestmark = pytest.mark.django_db

ON = dt.date(2026, 1, 15)


def query(cohort, on=ON):
    return {"cohort": cohort, "on_day": on.day, "on_month": on.month, "on_year": on.year}


def get(client, user, **params):
    client.force_login(user)
    return client.get(reverse("oversight:pseudonymised-list"), params)


def identifying(person) -> list[str]:
    """What must never appear: names, ids, date of birth in any usual form, postcodes."""
    dob = person.date_of_birth
    out = [person.first_name, person.last_name, person.la_child_id]
    out += [f"{dob:%d/%m/%Y}", f"{dob:%Y-%m-%d}", f"{dob.day} {dob:%B %Y}", f"{dob:%d %b %Y}"]
    out += [a.postcode for a in person.addresses.all()]
    out += [x for x in (person.upn, person.nhs_number) if x]
    return [x for x in out if x]


@pytest.mark.parametrize(
    "name, status",
    [("alex", 200), ("hana", 200), ("sam", 403), ("tara", 403), ("ines", 403), ("ada", 403)],
)
def test_only_analysts_and_leaders_reach_it(client, personas, name, status):
    assert get(client, getattr(personas, name)).status_code == status


def test_children_in_need_are_listed_without_anything_identifying(client, personas):
    lily = personas.lily
    page = get(client, personas.alex, **query("cin")).content.decode()
    assert pseudonym(lily.pk) in page
    assert "10 to 15" in page and "Female" in page and "White British" in page
    assert "North Family Support" in page
    for text in identifying(lily):
        assert text not in page, text
    # No child's record was opened: the list is not a read of anyone's record.
    assert not AccessEvent.objects.exists()


def test_looked_after_children_show_legal_status_and_placement(client, personas):
    s = scenarios.build(personas)
    page = get(client, personas.alex, **query("cla")).content.decode()
    in_care = build("cla", ON)
    assert pseudonym(s.mia.pk) in page and pseudonym(s.omar.pk) in page
    assert pseudonym(s.leo.pk) not in page  # left care in 2024
    assert in_care.total == len(in_care.rows) >= 2
    for person in (s.mia, s.omar, s.ava, s.leo, personas.lily):
        for text in identifying(person):
            assert text not in page, text
    mia = next(r for r in in_care.rows if r.pseudonym == pseudonym(s.mia.pk))
    assert re.match(r"C[12] .+ / [A-Z]\d", mia.detail), mia.detail


def test_the_pseudonym_is_stable_and_keyed(personas, settings):
    lily = personas.lily.pk
    assert pseudonym(lily) == pseudonym(lily)
    assert re.fullmatch(r"P-[0-9A-F]{12}", pseudonym(lily))
    assert pseudonym(lily) != pseudonym(lily + 1)
    before = pseudonym(lily)
    settings.SECRET_KEY = "another-key-for-another-council-0123456789-abcdefghijklmnop"
    assert pseudonym(lily) != before


def test_a_restricted_child_is_counted_not_listed(client, personas):
    Person.objects.filter(pk=personas.lily.pk).update(restricted=True)
    cohort = build("cin", ON)
    assert cohort.total == 1 and cohort.restricted == 1 and cohort.rows == []
    page = get(client, personas.alex, **query("cin")).content.decode()
    assert pseudonym(personas.lily.pk) not in page
    assert "1 restricted record counted, not listed" in page


def test_a_child_outside_the_cohort_on_that_date_is_not_in_it(personas):
    assert build("cin", dt.date(2025, 8, 31)).total == 0  # Lily's referral is from 1 Sept 2025
    assert build("cin", ON).total == 1
    assert build("cp", ON).total == 0


def test_a_bad_date_names_the_field(client, personas):
    response = get(client, personas.alex, cohort="cin", on_day="31", on_month="2", on_year="2026")
    assert response.status_code == 400
    assert "On date must be a real date" in response.content.decode()


@pytest.mark.parametrize("year", ["1900", "2099"])
def test_a_date_outside_the_years_opencsc_reports_on_is_refused(client, personas, year):
    response = get(client, personas.alex, cohort="cla", on_day="1", on_month="6", on_year=year)
    assert response.status_code == 400
    page = response.content.decode()
    assert '<a href="#id_on_day">On date must be between 1 April 2022 and today, ' in page
    assert response.context["cohort"] is None  # no list of noughts under the form


def test_the_page_costs_the_same_queries_however_many_children(client, personas):
    client.force_login(personas.alex)
    address = reverse("oversight:pseudonymised-list")

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(address, query("cin")).status_code == 200
        return len(ctx.captured_queries)

    few = queries()
    from opencsc.casework import actions as cw

    for n in range(15):
        child = people.register_person(
            by=personas.sam,
            first_name="Kit",
            last_name=f"Number{n}",
            sex="M",
            date_of_birth=dt.date(2010, 1, 1),
            la_child_id=f"KIT{n:03}",
        )
        cw.open_referral(
            by=personas.sam,
            person=child,
            received_on=dt.date(2025, 10, 1),
            source="2A",
            primary_need="N2",
            team=personas.north,
        )
    assert build("cin", ON).total == 16
    assert queries() == few


@pytest.mark.parametrize(
    "born, band",
    [
        (dt.date(2025, 6, 1), "Under 1"),
        (dt.date(2024, 1, 15), "1 to 4"),
        (dt.date(2016, 1, 16), "5 to 9"),
        (dt.date(2010, 1, 15), "16 and over"),
        (None, "Unborn"),
    ],
)
def test_age_bands(born, band):
    assert age_band(born, ON) == band


def test_a_29_february_birthday_is_reached_on_28_february_in_a_common_year():
    # The project's one age rule (core.calendar.age_on): born 29 February 2016, ten on
    # 28 February 2026, so in the 10 to 15 band that day, not 5 to 9.
    born = dt.date(2016, 2, 29)
    assert age_band(born, dt.date(2026, 2, 27)) == "5 to 9"
    assert age_band(born, dt.date(2026, 2, 28)) == "10 to 15"
