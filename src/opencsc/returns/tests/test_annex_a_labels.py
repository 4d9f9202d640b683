"""Every code opencsc can store has an Annex A label, so a new code cannot slip out unlabelled."""

import pytest

from opencsc.care import codes as care
from opencsc.casework import codes as casework
from opencsc.people import codes as people
from opencsc.returns.annex_a.labels import Labels, label

COVERED = [
    (Labels.sex, people.Sex, set()),
    (Labels.ethnicity, people.Ethnicity, set()),
    (Labels.source, casework.ReferralSource, set()),
    (Labels.primary_need, casework.PrimaryNeed, set()),
    (Labels.closure_reason, casework.ClosureReason, set()),
    (Labels.category_of_abuse, casework.CategoryOfAbuse, set()),
    (Labels.legal_status, care.LegalStatus, set()),
    (Labels.permanence_plan, care.PermanencePlanKind, set()),
    # X1 is a change within a period of care, never the reason it ceased.
    (Labels.reason_ceased, care.ReasonEpisodeCeased, {"X1"}),
    (Labels.placement_type, care.PlacementType, set()),
    (Labels.placement_provider, care.PlacementProvider, set()),
    # "No current eligibility" keeps a young person off List 9.
    (Labels.eligibility, care.CareLeaverEligibility, {"none"}),
    (Labels.in_touch, care.InTouch, set()),
    (Labels.accommodation, care.Accommodation, set()),
    (Labels.activity, care.Activity, set()),
    (Labels.reason_no_longer_placed, care.ReasonNoLongerPlaced, set()),
]


@pytest.mark.parametrize(
    ("labels", "codes", "unused"), COVERED, ids=[c.__name__ for _, c, _ in COVERED]
)
def test_every_stored_code_has_a_label(labels, codes, unused):
    assert set(codes.values) - unused == set(labels)


def test_the_labels_are_the_lettered_annex_a_ones():
    assert Labels.sex["M"] == "a) Male"
    assert Labels.ethnicity["NOBT"] == "s) NOBT"
    assert Labels.source["5D"] == "p1) 5D: LA services"
    assert Labels.yes_no[None] == "c) Unknown"


def test_a_code_without_a_label_is_written_as_itself_and_a_blank_stays_blank():
    assert label(Labels.legal_status, "ZZ") == "ZZ"
    assert label(Labels.legal_status, "") is None


def test_a_new_template_version_overrides_only_what_changed():
    class Labels2099(Labels):
        sex = {**Labels.sex, "U": "c) Not known"}

    assert Labels2099.sex["U"] == "c) Not known"
    assert Labels2099.ethnicity is Labels.ethnicity
