"""The year-by-year CIN census formats agree with the schemas they are checked against."""

import re

import pytest

from opencsc.returns.cin_census.spec import SPECS, spec_for

# Element in our spec -> its simpleType in the DfE/LIIA schema.
SCHEMA_TYPES = {
    "UPNunknown": "unknownupntype",
    "Ethnicity": "ethnicitytype",
    "Disability": "disabilitytype",
    "ReferralSource": "referralsourcetype",
    "PrimaryNeedCode": "primaryneedcodetype",
    "ReasonForClosure": "reasonforclosuretype",
    "AssessmentFactors": "assessmentfactorstype",
    "InitialCategoryOfAbuse": "categoryofabusetype",
    "LatestCategoryOfAbuse": "categoryofabusetype",
}


def enumerations(xsd_text: str, type_name: str) -> set[str]:
    body = re.search(rf'<xs:simpleType name="{type_name}">(.*?)</xs:simpleType>', xsd_text, re.S)
    return set(re.findall(r'<xs:enumeration value="([^"]+)"', body.group(1)))


@pytest.mark.parametrize("year", [y for y, s in SPECS.items() if s.xsd])
def test_the_code_lists_are_the_schemas(year):
    spec = SPECS[year]
    xsd = spec.xsd_path.read_text(encoding="utf-8")
    for element, type_name in SCHEMA_TYPES.items():
        assert spec.codes[element] == enumerations(xsd, type_name), element
    assert set(spec.sex_codes.values()) | {spec.unborn_sex} == enumerations(xsd, "sextype")
    assert {spec.yes, spec.no} == enumerations(xsd, "yesnotype")
    assert f'<xs:element name="{spec.sex_element}"' in xsd


def test_sex_is_sex_from_2024_25_and_gender_current_before():
    assert spec_for(2026).sex_element == spec_for(2025).sex_element == "Sex"
    assert spec_for(2024).sex_element == "GenderCurrent"
    assert spec_for(2026).unborn_sex == "U"


def test_every_stored_code_is_in_the_2026_lists():
    from opencsc.casework.codes import (
        AssessmentFactor,
        CategoryOfAbuse,
        ClosureReason,
        PrimaryNeed,
        ReferralSource,
    )
    from opencsc.people.codes import Disability, Ethnicity, UPNUnknown

    codes = spec_for(2026).codes
    assert set(Ethnicity.values) == codes["Ethnicity"]
    assert set(Disability.values) == codes["Disability"]
    assert set(UPNUnknown.values) == codes["UPNunknown"]
    assert set(ReferralSource.values) == codes["ReferralSource"]
    assert set(PrimaryNeed.values) == codes["PrimaryNeedCode"]
    assert set(ClosureReason.values) == codes["ReasonForClosure"]
    assert set(AssessmentFactor.values) == codes["AssessmentFactors"]
    assert set(CategoryOfAbuse.values) == codes["InitialCategoryOfAbuse"]
