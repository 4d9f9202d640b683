"""What changes from one CIN census year to the next, kept in one place.

A collection year is named by the 31 March it ends on: ``2026`` is the 2025-26 census, 1 April
2025 to 31 March 2026, header ``<Year>2026</Year>``, ReferenceDate 2026-03-31
(docs/verification.md §8; the validator's rule 100 and ``get_year_ruleset``).

To support a new year, add a :class:`CensusSpec` to ``SPECS`` (usually ``replace(previous,
year=...)`` plus what changed) and, when the DfE publishes one, its schema in ``schemas/``.
What the export *includes* (which assessments, plans, enquiries) has not changed since 2013;
it lives in ``export.py``.

The schema in ``schemas/cin_census_2026.xsd`` is LIIA's copy of the DfE format
(SocialFinanceDigitalLabs/liia-tools-pipeline ``liiatools/cin_census_pipeline/spec/
CIN_schema_2026.xsd`` @4aff918, MIT), kept byte-for-byte so that a newer upstream copy can be
diffed against it. Its 2025 and 2026 versions differ only in N1's label, so it checks 2025 too.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from opencsc.core.years import collection_year_label

SCHEMAS = Path(__file__).parent / "schemas"

# Code lists (docs/field-guide.md §1.5). 18A/19A stay valid: the DfE validator only queries them
# (8945Q/8950Q) and LIIA's schemas accept them from 2021 on (docs/verification.md §8).
# fmt: off
ETHNICITY = frozenset([
    "WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN",
    "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT",
])
DISABILITY = frozenset([
    "NONE", "MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS", "BEH", "CON", "AUT", "DDA",
])
REFERRAL_SOURCE = frozenset([
    "1A", "1B", "1C", "1D", "2A", "2B", "3A", "3B", "3C", "3D", "3E", "3F", "4", "5A", "5B",
    "5C", "5D", "6", "7", "8", "9", "10",
])
PRIMARY_NEED = frozenset(f"N{n}" for n in range(10))
REASON_FOR_CLOSURE = frozenset(f"RC{n}" for n in range(1, 10))
ASSESSMENT_FACTORS = frozenset([
    "1A", "1B", "1C", "2A", "2B", "2C", "3A", "3B", "3C", "4A", "4B", "4C", "5A", "5B", "5C",
    "6A", "6B", "6C", "7A", "8B", "8C", "8D", "8E", "8F", "9A", "10A", "11A", "12A", "13A",
    "14A", "15A", "16A", "17A", "18A", "18B", "18C", "19A", "19B", "19C", "20", "21", "22A",
    "23A", "24A",
])
# fmt: on
CATEGORY_OF_ABUSE = frozenset(["NEG", "PHY", "SAB", "EMO", "MUL"])
UPN_UNKNOWN = frozenset(f"UN{n}" for n in range(1, 8))


@dataclass(frozen=True)
class CensusSpec:
    """The format of one year's census file."""

    year: int
    # The child's sex: <Sex> M/F/U from 2024-25 (rule 4180, U for the unborn: rule 8750);
    # before that <GenderCurrent> 1 male, 2 female, 0 not recorded or unborn.
    sex_element: str
    sex_codes: Mapping[str, str]
    unborn_sex: str
    # yesnotype (ReferralNFA, ICPCnotRequired): 0/1 only in the 2026 schema; true/false before.
    yes: str
    no: str
    # The schema the file must pass before it is written; None when we hold none for the year.
    xsd: str | None
    # Element name -> the values the year allows (checked on every coded value we write).
    codes: Mapping[str, frozenset[str]] = field(
        default_factory=lambda: {
            "UPNunknown": UPN_UNKNOWN,
            "Ethnicity": ETHNICITY,
            "Disability": DISABILITY,
            "ReferralSource": REFERRAL_SOURCE,
            "PrimaryNeedCode": PRIMARY_NEED,
            "ReasonForClosure": REASON_FOR_CLOSURE,
            "AssessmentFactors": ASSESSMENT_FACTORS,
            "InitialCategoryOfAbuse": CATEGORY_OF_ABUSE,
            "LatestCategoryOfAbuse": CATEGORY_OF_ABUSE,
        }
    )

    @property
    def xsd_path(self) -> Path | None:
        return SCHEMAS / self.xsd if self.xsd else None


_GENDER_CURRENT = CensusSpec(
    year=2024,
    sex_element="GenderCurrent",
    sex_codes={"M": "1", "F": "2", "U": "0"},
    unborn_sex="0",
    yes="true",
    no="false",
    xsd=None,
)
_SEX = replace(
    _GENDER_CURRENT,
    year=2025,
    sex_element="Sex",
    sex_codes={"M": "M", "F": "F", "U": "U"},
    unborn_sex="U",
    yes="1",
    no="0",
    xsd="cin_census_2026.xsd",
)

SPECS: dict[int, CensusSpec] = {
    2023: replace(_GENDER_CURRENT, year=2023),
    2024: _GENDER_CURRENT,
    2025: _SEX,
    2026: replace(_SEX, year=2026),
}


def spec_for(year: int) -> CensusSpec:
    """The census format for the collection year ending 31 March ``year``."""
    try:
        return SPECS[year]
    except KeyError:
        raise ValueError(
            f"No CIN census format for {collection_year_label(year)}: "
            f"add a CensusSpec to opencsc.returns.cin_census.spec.SPECS "
            f"(known years: {', '.join(map(str, sorted(SPECS)))})."
        ) from None
