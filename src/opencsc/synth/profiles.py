"""The published figures a synthetic council is calibrated on.

Every number here is a DfE figure for 2024-25 from the DfE's published statistics (the
explore-education-statistics releases and the LAIT data set; releases and indicator codes in
``docs/synthetic-council.md``), or is marked ASSUMPTION where no national figure was found. Rates are per 10,000 children aged 0–17, as the DfE publishes them.
"""

from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class Profile:
    name: str
    children_0_17: int  # ONS mid-2024 estimate used by the DfE (cla_31mar_rate denominator)
    referrals_per_year: float  # referrals_count
    rereferral_12m: float  # rereferrals_12m_pct / 100
    referral_nfa: float  # referrals_nfa_pct / 100
    assessed_not_in_need: float  # referrals_assessed_not_in_need_pct / 100
    assessment_in_45wd: float  # assessments_45wd_pct / 100 (LAIT)
    s47_per_year: float  # s47_rate × children / 10,000 (LAIT)
    icpc_per_year: float  # icpc_rate × children / 10,000 (LAIT)
    icpc_in_15wd: float  # icpc_15wd_pct / 100 (LAIT)
    cp_starts_per_year: float  # cpp_starts_count
    cp_at_31_march: float  # cpp_31mar_count
    cp_reviews_in_time: float  # cpp_reviewed_in_timescale_pct / 100 (LAIT)
    cin_at_31_march: float  # cin_31mar_count
    cla_at_31_march: float  # cla_31mar_count
    cla_starts_per_year: float  # cla_starts_count
    cla_ceased_adopted: float  # cla_ceased_adopted_pct / 100 (LAIT)
    cla_ceased_sgo: float  # cla_ceased_sgo_pct / 100 (LAIT)
    uasc_share_of_cla: float  # cla_uasc_31mar_count / cla_31mar_count (LAIT)
    cla_missing: float  # cla_missing_pct / 100 (LAIT)
    cla_3plus_placements: float  # cla_3plus_placements_pct / 100
    care_leavers_eet_19_21: float  # care_leavers_19_21_eet_pct / 100
    care_leavers_suitable_19_21: float  # care_leavers_19_21_suitable_accom_pct / 100
    social_worker_fte: float  # sw_fte (LAIT, 30 September 2025)
    agency_share: float  # sw_agency_pct / 100 (LAIT)
    # ASSUMPTION: contacts that do not become referrals, per referral. The DfE publishes no
    # national contact count; Annex A List 1 volumes in published inspection reports suggest
    # roughly one and a half non-referral contacts for each referral.
    other_contacts_per_referral: float = 1.5
    # ASSUMPTION: early help episodes started per referral (no national early help collection).
    early_help_per_referral: float = 0.6
    # ASSUMPTION: households enquiring about adopting, per year (no national count by stage;
    # synth/adopters.py explains the calibration: for Norfolk about 90 households with contact
    # in a year, a third of them approved). England is scaled by its children.
    adopter_enquiries_per_year: float = 50.0
    scale: float = 1.0
    extra: dict = field(default_factory=dict)

    def scaled(self, scale: float, name: str) -> "Profile":
        return replace(self, name=name, scale=scale)

    def per_year(self, value: float) -> float:
        return value * self.scale


# Norfolk (LA 926), 2024-25 (31 March 2025 snapshot; workforce 30 September 2025).
NORFOLK = Profile(
    name="norfolk",
    children_0_17=171_830,
    referrals_per_year=5_986,
    rereferral_12m=0.179,
    referral_nfa=0.013,
    assessed_not_in_need=0.155,
    assessment_in_45wd=0.773,
    s47_per_year=162.5 * 171_830 / 10_000,
    icpc_per_year=32.8 * 171_830 / 10_000,
    icpc_in_15wd=0.933,
    cp_starts_per_year=536,
    cp_at_31_march=454,
    cp_reviews_in_time=0.946,
    cin_at_31_march=4_643,
    cla_at_31_march=1_069,
    cla_starts_per_year=338,
    cla_ceased_adopted=0.16,
    cla_ceased_sgo=0.05,
    uasc_share_of_cla=119 / 1_069,
    cla_missing=0.10,
    cla_3plus_placements=0.11,
    care_leavers_eet_19_21=0.57,
    care_leavers_suitable_19_21=0.85,
    social_worker_fte=468.1,
    agency_share=0.013,
)

# England, 2024-25.
ENGLAND = Profile(
    name="england",
    children_0_17=12_183_016,
    referrals_per_year=632_830,
    rereferral_12m=0.226,
    referral_nfa=0.065,
    assessed_not_in_need=0.308,
    assessment_in_45wd=0.857,
    s47_per_year=189.3 * 12_183_016 / 10_000,
    icpc_per_year=59.2 * 12_183_016 / 10_000,
    icpc_in_15wd=0.814,
    cp_starts_per_year=61_840,
    cp_at_31_march=49_420,
    cp_reviews_in_time=0.906,
    cin_at_31_march=402_400,
    cla_at_31_march=81_770,
    cla_starts_per_year=32_270,
    cla_ceased_adopted=0.09,
    cla_ceased_sgo=0.12,
    uasc_share_of_cla=6_540 / 81_770,
    cla_missing=0.11,
    cla_3plus_placements=0.10,
    care_leavers_eet_19_21=0.54,
    care_leavers_suitable_19_21=0.89,
    social_worker_fte=36_186.3,
    agency_share=0.13,
    adopter_enquiries_per_year=50.0 * 12_183_016 / 171_830,
)

# ``small``: Norfolk's proportions at 1% of its size (about 1,700 children), for tests and the demo.
SIZES = {
    "small": NORFOLK.scaled(0.01, "small"),
    "norfolk": NORFOLK,
    "england": ENGLAND,
}
