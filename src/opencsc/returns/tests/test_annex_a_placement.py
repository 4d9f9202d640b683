"""Placement location and LA of placement, from the postcode area."""

import pytest

from opencsc.returns.annex_a.placement import country_code, location, postcode_area


@pytest.mark.parametrize(
    ("postcode", "area"),
    [("NR1 2AB", "NR"), ("nr12ab", "NR"), ("N1 9GU", "N"), ("IP4 2BB", "IP"), ("", ""), ("??", "")],
)
def test_the_area_is_the_postcodes_leading_letters(postcode, area):
    assert postcode_area(postcode) == area


def test_in_is_a_postcode_in_one_of_the_councils_areas():
    assert location("NR14 6AB", ["NR"]) == "in"
    assert location("IP4 2BB", ["NR"]) == "out"
    assert location("N1 9GU", ["NR"]) == "out"  # London N is not Norfolk's NR
    assert location("IP4 2BB", ["nr", "ip"]) == "in"
    assert location("", ["NR"]) is None


def test_the_country_is_known_only_for_areas_wholly_outside_england():
    assert country_code("BT1 1AA") == "NIR"
    assert country_code("EH1 1YZ") == "SCO"
    assert country_code("G2 1DY") == "SCO"
    assert country_code("CF10 1AA") == "WAL"
    assert country_code("TD15 1AA") is None  # Berwick-upon-Tweed: England, in a Scottish area
    assert country_code("IP4 2BB") is None
