"""Placement location (In / Out of the council's area) and LA of placement, from a postcode.

Annex A List 8 asks whether a child is placed inside or outside the council's area and in
which LA (docs/field-guide.md §1.5.12: "In / Out of the LA; LA of placement may be NIR, WAL, SCO, NUK,
CON"). opencsc has no postcode directory, so both are derived from the postcode *area* (the
leading letters: NR, IP, CB…): a council lists the areas it covers (Norfolk: NR). A council
whose boundary splits an area (most do, a little) should list only the areas wholly inside it;
the LA of an English out-of-area placement needs a postcode-to-LA lookup (the ONS Postcode
Directory) and is left blank.
"""

import re
from collections.abc import Iterable

# Norfolk, the demo council (settings.OPENCSC_LA_CODE 926).
DEFAULT_HOME_AREAS = ("NR",)

# Postcode areas wholly outside England. Areas that straddle a border (CA, CH, HR, LD, NP, SY,
# TD) are left out rather than guessed.
_COUNTRY_AREAS = {
    "NIR": {"BT"},
    "SCO": {
        "AB",
        "DD",
        "DG",
        "EH",
        "FK",
        "G",
        "HS",
        "IV",
        "KA",
        "KW",
        "KY",
        "ML",
        "PA",
        "PH",
        "ZE",
    },
    "WAL": {"CF", "LL", "SA"},
}

_AREA = re.compile(r"^\s*([A-Za-z]{1,2})[0-9]")


def postcode_area(postcode: str) -> str:
    """The postcode area: 'NR' for 'NR1 2AB', 'N' for 'N1 9GU'; '' when not a postcode."""
    match = _AREA.match(postcode or "")
    return match.group(1).upper() if match else ""


def location(postcode: str, home_areas: Iterable[str]) -> str | None:
    """'in' when the postcode's area is one of the council's, 'out' otherwise, None if unknown."""
    area = postcode_area(postcode)
    if not area:
        return None
    return "in" if area in {a.upper() for a in home_areas} else "out"


def country_code(postcode: str) -> str | None:
    """'NIR', 'SCO' or 'WAL' for a postcode area wholly in that country, else None."""
    area = postcode_area(postcode)
    return next((code for code, areas in _COUNTRY_AREAS.items() if area in areas), None)
