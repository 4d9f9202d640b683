"""The Annex A workbook's shape: sheet names, columns and header wording, by template version.

Each column has a stable key (what the list builders fill in) and the header the template
prints. Header wording changes between Ofsted template versions (docs/field-guide.md §2: the 2024
sample says "Age" and "Date of Referral"; LIIA reads headers by regex for that reason), so a
version is a column table plus renames, and a new version is a small change:

    SEX_2026 = JAN_2024.but(name="2026 (Sex)", renames={"sex": "Sex"})

The January 2024 wording is taken exactly, typos included, from the fake Annex A workbook in
SocialFinanceDigitalLabs/liia-tools-pipeline (LIIA-P)
``liiatools/annex_a_pipeline/spec/samples/Annex_A_2024_Jan.xlsx`` @4aff918 (MIT).

"Gender" stays "Gender": the 2026 rename to "Sex" is only in an unmerged LIIA-P commit and the
current Ofsted template was not found (docs/verification.md §7). When Ofsted confirms it, make the
version above the default.
"""

import dataclasses
from collections.abc import Mapping

from .labels import Labels

# Lists 1–9 share these five leading columns (List 10 puts "Family identifier" second).
_CHILD = (
    ("child_id", "Child Unique ID"),
    ("sex", "Gender"),
    ("ethnicity", "Ethnicity"),
    ("dob", "Date of Birth"),
    ("age", "Age"),
)
_DISABILITY = ("disability", "Does the Child have a Disability")
_ALLOCATED = (("team", "Allocated Team"), ("worker", "Allocated Worker"))

COLUMNS: Mapping[int, tuple[tuple[str, str], ...]] = {
    1: (
        *_CHILD,
        ("contact_on", "Date of Contact"),
        ("contact_source", "Contact Source"),
    ),
    2: (
        *_CHILD,
        ("started_on", "Assessment start date"),
        ("completed_on", "Assessment completion date"),
        ("organisation", "Organisation completing assessment"),
    ),
    3: (
        *_CHILD,
        ("referral_on", "Date of Referral"),
        ("referral_source", "Referral Source"),
        ("nfa", "Referral NFA?"),
        ("referrals_12m", "Number of Referrals in Last 12 Months"),
        *_ALLOCATED,
    ),
    4: (
        *_CHILD,
        _DISABILITY,
        ("started_on", "Continuous Assessment Start Date"),
        ("child_seen", "Child Seen During Continuous Assessment"),
        ("authorised_on", "Continuous Assessment Date of Authorisation"),
        (
            "services_required",
            "Was the child assessed as requiring LA children's social care support?",
        ),
        *_ALLOCATED,
    ),
    5: (
        *_CHILD,
        _DISABILITY,
        ("started_on", "Strategy discussion initiating Section 47 Enquiry Start Date"),
        ("icpc_unnecessary", "Was an Initial Child Protection Conference deemed unnecessary?"),
        ("icpc_on", "Date of Initial Child Protection Conference"),
        (
            "icpc_plan",
            "Did the Initial Child Protection Conference Result in a Child Protection Plan",
        ),
        ("s47s_12m", "Number of Section 47 Enquiries in the last 12 months"),
        ("icpcs_12m", "Number of ICPCs in the last 12 months"),
        *_ALLOCATED,
    ),
    6: (
        *_CHILD,
        _DISABILITY,
        ("cin_started_on", "CIN Start Date"),
        ("primary_need", "Primary Need Code"),
        ("last_seen_on", "Date Child Was Last Seen"),
        ("cin_closed_on", "CIN Closure Date"),
        ("closure_reason", "Reason for Closure"),
        ("case_status", "Case Status"),
        *_ALLOCATED,
    ),
    7: (
        *_CHILD,
        _DISABILITY,
        ("plan_started_on", "Child Protection Plan Start Date"),
        ("initial_category", "Initial Category of Abuse"),
        ("latest_category", "Latest Category of Abuse"),
        ("last_visit_on", "Date of the Last Statutory Visit"),
        ("seen_alone", "Was the Child Seen Alone?"),
        ("latest_review_on", "Date of latest review conference"),
        ("plan_ended_on", "Child Protection Plan End Date"),
        (
            "epo_or_police_6m",
            "Subject to Emergency Protection Order or Protected Under Police Powers in Last "
            "Six Months (Y/N)",
        ),
        ("previous_plans", "Number of Previous Child Protection Plans"),
        *_ALLOCATED,
    ),
    8: (
        *_CHILD,
        # sic: the template's doubled closing bracket.
        ("uasc_12m", "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N))"),
        _DISABILITY,
        ("started_on", "Date Started to be Looked After"),
        ("category_of_need", "Child's Category of Need"),
        (
            "subsequent_period_12m",
            "Is this a second or subsequent period of being a Looked After Child within the "
            "last 12 months (Y/N)",
        ),
        ("legal_status_on", "Start date of current legal status"),
        ("legal_status", "Child's Legal Status"),
        ("latest_review_on", "Date of Latest Statutory Review"),
        ("last_visit_on", "Date of Last Social Work Visit"),
        ("permanence_plan", "What is the permanence plan for this child?"),
        ("last_iro_contact_on", "Date of Last IRO Visit / Contact to the Child"),
        ("last_health_on", "Date of Last Health Assessment"),
        ("last_dental_on", "Date of Last Dental Check"),
        ("placements_12m", "Number of Placements in the Last 12 months"),
        ("ceased_on", "Date Ceased to be Looked After"),
        ("reason_ceased", "Reason Ceased to be Looked After"),
        ("placement_on", "Start Date of Most Recent Placement"),
        ("placement_type", "Placement Type"),
        ("placement_provider", "Placement Provider"),
        ("placement_postcode", "Placement postcode"),
        ("placement_urn", "URN of Placement"),
        ("placement_location", "Placement Location"),
        ("placement_la", "LA of Placement"),
        (
            "missing_12m",
            "Number of Episodes the Child has been ‘Missing’ from their Placement in the last "
            "12 months",
        ),
        (
            "absent_12m",
            "Number of Episodes the Child has been ‘Absent’ from their Placement in the last "
            "12 months",
        ),
        (
            "rhi_offered",
            "Was the child offered a Return Interview after their last missing episode (Y/N)?",
        ),
        (
            "rhi_accepted",
            "Did the child accept a Return Interview after their last missing episode (Y/N)?",
        ),
        *_ALLOCATED,
    ),
    9: (
        *_CHILD,
        ("uasc", "Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)"),
        _DISABILITY,
        *_ALLOCATED,
        ("personal_adviser", "Allocated Personal Advisor"),
        ("eligibility", "Eligibility Category"),
        ("pathway_plan_on", "Latest Pathway Plan Review Date"),
        ("in_touch", "LA in Touch"),
        ("contact_on", "Latest Date of Contact"),
        ("accommodation", "Type of Accommodation"),
        ("suitability", "Suitability of Accommodation"),
        ("activity", "Activity Status"),
    ),
    10: (
        ("child_id", "Child Unique ID"),
        ("family_id", "Family identifier"),
        ("sex", "Gender"),
        ("ethnicity", "Ethnicity"),
        ("dob", "Date of Birth"),
        ("age", "Age of Child (Years)"),
        _DISABILITY,
        ("entered_care_on", "Date the Child Entered Care"),
        ("decision_on", "Date of Decision that Child Should be Placed for Adoption"),
        ("placement_order_on", "Date of Placement Order"),
        ("matched_on", "Date of Matching Child and Prospective Adopters"),
        ("placed_on", "Date Placed for Adoption"),
        ("adoption_order_on", "Date of Adoption Order"),
        ("reversed_on", "Date of Decision that Child Should No Longer be Placed for Adoption"),
        ("reversed_reason", "Reason Why Child No Longer Placed for Adoption"),
        (
            "ffa_placed_on",
            "Date the child was placed for fostering in FFA or concurrent planning placement",
        ),
    ),
    11: (
        ("adopter_id", "Individual adopter identifier"),
        ("family_id", "Family identifier"),
        ("sex", "Gender"),
        ("ethnicity", "Ethnicity"),
        ("disability", "Disability"),
        ("fostering_for_adoption", "Is the (prospective) adopter fostering for adoption?"),
        ("enquiry_on", "Date enquiry received"),
        ("stage1_started_on", "Date Stage 1 started"),
        ("stage1_ended_on", "Date Stage 1 ended"),
        ("stage2_started_on", "Date Stage 2 started"),
        ("stage2_ended_on", "Date Stage 2 ended"),
        ("applied_on", "Date application submitted"),
        ("approved_on", "Date application approved"),
        ("matched_on", "Date adopter matched with child(ren)"),
        ("placed_on", "Date child/children placed with adopter(s)"),
        ("children_placed", "No. of children placed"),
        ("adoption_order_on", "Date of Adoption Order"),
        ("left_on", "Date of leaving adoption process"),
        ("left_reason", "Reason for leaving adoption process"),
    ),
}

# Titles of the lists (docs/field-guide.md §2, from the SSD Annex A script's report names).
TITLES: Mapping[int, str] = {
    1: "Contacts",
    2: "Early help",
    3: "Referrals",
    4: "Assessments",
    5: "Section 47 enquiries and ICPCs",
    6: "Children in need",
    7: "Child protection",
    8: "Children in care",
    9: "Care leavers",
    10: "Adoption",
    11: "Adopters",
}


@dataclasses.dataclass(frozen=True)
class TemplateVersion:
    """One Ofsted Annex A template: its sheets, columns, header wording and cell labels."""

    name: str
    columns: Mapping[int, tuple[tuple[str, str], ...]] = dataclasses.field(
        default_factory=lambda: COLUMNS
    )
    renames: Mapping[str, str] = dataclasses.field(default_factory=dict)
    labels: type[Labels] = Labels

    def sheet_name(self, list_no: int) -> str:
        return f"List {list_no}"

    def keys(self, list_no: int) -> list[str]:
        return [key for key, _ in self.columns[list_no]]

    def headers(self, list_no: int) -> list[str]:
        return [self.renames.get(key, header) for key, header in self.columns[list_no]]

    def but(self, **changes) -> "TemplateVersion":
        """A new version differing from this one only in ``changes``."""
        return dataclasses.replace(self, **changes)


JAN_2024 = TemplateVersion(name="2024-01 (LIIA sample)")
DEFAULT_TEMPLATE = JAN_2024
