"""The SSDA903 tables: columns, file names and the codes that change by collection year.

A collection year is named by the 31 March it ends on (2026 = 1 April 2025 – 31 March 2026).
Columns are those the DfE guide and the Data to Insight validator expect
(V903 ``lac_validator/config.py``); a file is recognised by its exact header row.
"""

import datetime as dt
from dataclasses import dataclass

from opencsc.care.codes import placement_code_for_year
from opencsc.core.years import collection_year_bounds, collection_year_label

TABLES: dict[str, list[str]] = {
    "Header": ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"],
    "Episodes": [
        "CHILD",
        "DECOM",
        "RNE",
        "LS",
        "CIN",
        "PLACE",
        "PLACE_PROVIDER",
        "DEC",
        "REC",
        "REASON_PLACE_CHANGE",
        "HOME_POST",
        "PL_POST",
        "URN",
    ],
    "Reviews": ["CHILD", "DOB", "REVIEW", "REVIEW_CODE"],
    "UASC": ["CHILD", "SEX", "DOB", "DUC"],
    "OC2": [
        "CHILD",
        "DOB",
        "SDQ_SCORE",
        "SDQ_REASON",
        "CONVICTED",
        "HEALTH_CHECK",
        "IMMUNISATIONS",
        "TEETH_CHECK",
        "HEALTH_ASSESSMENT",
        "SUBSTANCE_MISUSE",
        "INTERVENTION_RECEIVED",
        "INTERVENTION_OFFERED",
    ],
    "OC3": ["CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"],
    "AD1": [
        "CHILD",
        "DOB",
        "DATE_INT",
        "DATE_MATCH",
        "FOSTER_CARE",
        "NB_ADOPTR",
        "SEX_ADOPTR",
        "LS_ADOPTR",
    ],
    "PlacedAdoption": ["CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"],
    "PrevPerm": ["CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"],
    "Missing": ["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"],
    "SWEpisodes": ["CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"],
}

FILE_NAMES = {
    "Header": "header.csv",
    "Episodes": "episodes.csv",
    "Reviews": "reviews.csv",
    "UASC": "uasc.csv",
    "OC2": "oc2.csv",
    "OC3": "oc3.csv",
    "AD1": "ad1.csv",
    "PlacedAdoption": "placed_for_adoption.csv",
    "PrevPerm": "previous_permanence.csv",
    "Missing": "missing.csv",
    "SWEpisodes": "sw_episodes.csv",
}

DATE_FORMAT = "%d/%m/%Y"

# Written by our export beside the tables (not a DfE table; the validators read only CSVs): when
# each care leaver's care began, which two years' files cannot show (V903 rules 1001, 1002).
CARE_HISTORY_FILE = "care-history.json"


@dataclass(frozen=True)
class CollectionYear:
    year: int
    # The year whose codes the tables use. Last year's tables, sent beside this year's for the
    # year-on-year rules, are written in this year's codes so the rules compare like with like
    # (otherwise SEX 1/2 against M/F trips rule 202 in 2024-25).
    coding_year: int | None = None

    @property
    def start(self) -> dt.date:
        return collection_year_bounds(self.year)[0]

    @property
    def end(self) -> dt.date:
        return collection_year_bounds(self.year)[1]

    @property
    def label(self) -> str:
        return collection_year_label(self.year)

    def tables(self) -> list[str]:
        """SWEpisodes from 2023-24 (the year they were first collected)."""
        return [t for t in TABLES if t != "SWEpisodes" or self.year >= 2024]

    def placement_code(self, place: str) -> str:
        """An open H5 placement is returned as K3 once H5 is retired (care.codes)."""
        return placement_code_for_year(place, self.coding_year or self.year)

    def sex_code(self, sex: str) -> str:
        """SEX is 1/2 to 2023-24 and M/F from 2024-25 (V903 rule 101)."""
        if (self.coding_year or self.year) >= 2025:
            return sex
        return {"M": "1", "F": "2"}.get(sex, "")
