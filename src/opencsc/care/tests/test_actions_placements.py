"""Placements: which types a collection year accepts, provider and age rules, and moves."""

import datetime as dt

import pytest

from opencsc.care import actions as care
from opencsc.care.actions import PlacementDetails, collection_year
from opencsc.care.models import Placement
from opencsc.core.errors import ActionError
from opencsc.people import actions as people
from opencsc.testing import refusal

D = dt.date
START = D(2025, 9, 15)
URN = "SC123456"  # an Ofsted-registered setting


def young_person(w, born: dt.date, la_child_id: str = "TEST0300"):
    return people.register_person(
        by=w.sam,
        first_name="Kit",
        last_name="Marram",
        sex="M",
        date_of_birth=born,
        la_child_id=la_child_id,
    )


def look_after(w, person, started_on, placement):
    return care.start_looked_after(
        by=w.sam,
        person=person,
        started_on=started_on,
        legal_status="V2",
        primary_need="N4",
        placement=placement,
    )


def refused_placement(w, person, started_on, placement) -> ActionError:
    error = refusal(look_after, w, person, started_on, placement)
    assert not Placement.objects.exists()
    return error


def test_collection_years_run_from_april_to_march():
    assert collection_year(D(2025, 3, 31)) == 2025
    assert collection_year(D(2025, 4, 1)) == 2026


# --- placement types by collection year ---------------------------------------------------------


def test_h5_is_accepted_up_to_31_march_2025_and_refused_from_2025_26(personas):
    # 16 in both years, so only the year decides.
    kit = young_person(personas, D(2009, 1, 10))
    semi = PlacementDetails(place="H5", provider="PR4", urn=URN)

    error = refused_placement(personas, kit, D(2025, 4, 1), semi)
    assert error.field == "place"
    assert "not used in 2025-26" in error.text

    period = look_after(personas, kit, D(2025, 3, 31), semi)
    assert period.placements.get().place == "H5"


def test_k3_is_refused_in_2023_24(personas):
    kit = young_person(personas, D(2007, 1, 15))
    error = refused_placement(
        personas, kit, D(2023, 10, 2), PlacementDetails(place="K3", provider="PR4", urn=URN)
    )
    assert error.field == "place"
    assert "not used in 2023-24" in error.text


def test_k3_is_accepted_from_2024_25_for_a_young_person_of_16(personas):
    kit = young_person(personas, D(2007, 1, 15))
    period = look_after(
        personas, kit, D(2024, 10, 7), PlacementDetails(place="K3", provider="PR4", urn=URN)
    )
    assert period.placements.get().place == "K3"


def test_z1_gives_way_to_z11_to_z14_in_2025_26(personas):
    error = refused_placement(
        personas, personas.lily, START, PlacementDetails(place="Z1", provider="PR4")
    )
    assert error.field == "place"
    period = look_after(personas, personas.lily, START, PlacementDetails(place="Z12"))
    assert period.placements.get().place == "Z12"


def test_k3_is_refused_under_16(personas):
    error = refused_placement(
        personas, personas.lily, START, PlacementDetails(place="K3", provider="PR4", urn=URN)
    )
    assert error.field == "place"
    assert "aged 16 or over (the child is 10)" in error.text


def test_an_unknown_placement_type_is_refused(personas):
    error = refused_placement(
        personas, personas.lily, START, PlacementDetails(place="Q9", provider="PR1")
    )
    assert error.field == "place"


# --- providers ----------------------------------------------------------------------------------


@pytest.mark.parametrize("provider", ["PR1", ""])
def test_placement_with_parents_needs_provider_pr0(personas, provider):
    error = refused_placement(
        personas, personas.lily, START, PlacementDetails(place="P1", provider=provider)
    )
    assert error.field == "provider"


def test_placement_with_parents_with_pr0_is_accepted(personas):
    period = look_after(
        personas, personas.lily, START, PlacementDetails(place="P1", provider="PR0")
    )
    assert period.placements.get().provider == "PR0"


@pytest.mark.parametrize("place", ["T0", "T1", "T2", "T3", "T4"])
def test_temporary_placements_take_no_provider(personas, place):
    period = look_after(
        personas, personas.lily, START, PlacementDetails(place="U6", provider="PR1")
    )

    def move(provider):
        return care.change_placement(
            by=personas.sam,
            period=period,
            started_on=D(2025, 11, 3),
            placement=PlacementDetails(place=place, provider=provider, postcode="IP1 1AA"),
            change_reason="",
        )

    with pytest.raises(ActionError) as caught:
        move("PR1")
    assert caught.value.field == "provider"
    assert move("").provider == ""


def test_a_foster_placement_needs_a_provider(personas):
    error = refused_placement(personas, personas.lily, START, PlacementDetails(place="U6"))
    assert error.field == "provider"


def test_a_placement_postcode_must_be_a_uk_postcode(personas):
    error = refused_placement(
        personas,
        personas.lily,
        START,
        PlacementDetails(place="U6", provider="PR1", home_postcode="NOT A CODE"),
    )
    assert error.field == "home_postcode"


# --- change_placement ---------------------------------------------------------------------------


def test_change_placement_ends_the_current_placement_with_its_reason(personas):
    period = look_after(
        personas, personas.lily, START, PlacementDetails(place="U6", provider="PR1")
    )

    new = care.change_placement(
        by=personas.sam,
        period=period,
        started_on=D(2025, 11, 3),
        placement=PlacementDetails(place="U4", provider="PR4", postcode="ip1 1aa"),
        change_reason="STAND",
    )

    rows = [
        (p.place, p.started_on, p.ended_on, p.change_reason, p.same_carer_as_previous)
        for p in period.placements.all()
    ]
    assert rows == [
        ("U6", START, D(2025, 11, 3), "STAND", False),
        ("U4", D(2025, 11, 3), None, "", False),
    ]
    assert new.postcode == "IP1 1AA"
    assert period.placement_on(D(2025, 11, 2)).place == "U6"


def test_change_placement_on_the_day_the_placement_started_is_refused(personas):
    period = look_after(
        personas, personas.lily, START, PlacementDetails(place="U6", provider="PR1")
    )
    with pytest.raises(ActionError) as caught:
        care.change_placement(
            by=personas.sam,
            period=period,
            started_on=START,
            placement=PlacementDetails(place="U4", provider="PR4"),
            change_reason="CARPL",
        )
    assert caught.value.field == "started_on"
    assert period.placements.count() == 1


def test_change_placement_checks_the_new_placement_on_its_start_date(personas):
    period = look_after(
        personas, personas.lily, START, PlacementDetails(place="U6", provider="PR1")
    )
    with pytest.raises(ActionError) as caught:
        care.change_placement(
            by=personas.sam,
            period=period,
            started_on=D(2025, 11, 3),
            placement=PlacementDetails(place="K3", provider="PR4", urn=URN),
            change_reason="CARPL",
        )
    assert caught.value.field == "place"
    assert [(p.place, p.ended_on) for p in period.placements.all()] == [("U6", None)]


def test_change_placement_refuses_an_unknown_reason(personas):
    period = look_after(
        personas, personas.lily, START, PlacementDetails(place="U6", provider="PR1")
    )
    with pytest.raises(ActionError) as caught:
        care.change_placement(
            by=personas.sam,
            period=period,
            started_on=D(2025, 11, 3),
            placement=PlacementDetails(place="U4", provider="PR4"),
            change_reason="BORED",
        )
    assert caught.value.field == "change_reason"
