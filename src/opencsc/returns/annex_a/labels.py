"""Every Annex A cell label, keyed by the DfE code opencsc stores (docs/field-guide.md §1.5).

Ofsted's Annex A template wants lettered labels ("a) Male", "q) 6: Police") rather than codes.
The labels here are those of the LIIA Annex A data map (SocialFinanceDigitalLabs/liia-tools
``liiatools/spec/annex_a/data-map.yml`` @0dd821c, MIT), which the field guide lists in §1.5 and
§2; where that map has no entry (codes added since, such as 5D, RC9, F4/F5, the eligible-child
category) the label is the one the SSD Annex A script uses
(data-to-insight/ssd-data-model ``admin/tools-ssd_dfe_returns/AnnexA_sqlserver_v1.2.0_1_20240731.sql``,
cited, not copied). Labels neither source has are marked UNVERIFIED.

A template version whose labels differ subclasses ``Labels`` and overrides only the maps that
changed, e.g. ``class Labels2027(Labels): sex = {...}``; ``template.TemplateVersion`` says which
class a version uses. A code with no label is written as the code itself, never dropped.
"""

from collections.abc import Mapping


class Labels:
    """The label maps of the January 2024 template (LIIA data map)."""

    # "Gender" (to be "Sex" if Ofsted confirms the 2026 rename; docs/verification.md §7). The SSD's
    # "d) Neither" has no opencsc code: Sex is M / F / U.
    sex: Mapping[str, str] = {"M": "a) Male", "F": "b) Female", "U": "c) Not stated/recorded"}

    # REFU and NOBT share the letter s) in the LIIA map and the January 2024 sample; the SSD
    # script uses s) REFU, t) NOBT (docs/field-guide.md §1.5.2).
    ethnicity: Mapping[str, str] = {
        "WBRI": "a) WBRI",
        "WIRI": "b) WIRI",
        "WIRT": "c) WIRT",
        "WOTH": "d) WOTH",
        "WROM": "e) WROM",
        "MWBC": "f) MWBC",
        "MWBA": "g) MWBA",
        "MWAS": "h) MWAS",
        "MOTH": "i) MOTH",
        "AIND": "j) AIND",
        "APKN": "k) APKN",
        "ABAN": "l) ABAN",
        "AOTH": "m) AOTH",
        "BCRB": "n) BCRB",
        "BAFR": "o) BAFR",
        "BOTH": "p) BOTH",
        "CHNE": "q) CHNE",
        "OOTH": "r) OOTH",
        "REFU": "s) REFU",
        "NOBT": "s) NOBT",
    }

    # Yes/No items (LIIA anchor &bool): True / False / not recorded.
    yes_no: Mapping[bool | None, str] = {True: "a) Yes", False: "b) No", None: "c) Unknown"}

    # Contact and referral source (CIN ReferralSource); p1) 5D from the SSD script.
    source: Mapping[str, str] = {
        "1A": "a) 1A: Individual",
        "1B": "b) 1B: Individual",
        "1C": "c) 1C: Individual",
        "1D": "d) 1D: Individual",
        "2A": "e) 2A: Schools",
        "2B": "f) 2B: Education services",
        "3A": "g) 3A: Health services",
        "3B": "h) 3B: Health services",
        "3C": "i) 3C: Health services",
        "3D": "j) 3D: Health services",
        "3E": "k) 3E: Health services",
        "3F": "l) 3F: Health services",
        "4": "m) 4: Housing",
        "5A": "n) 5A: LA services",
        "5B": "o) 5B: LA services",
        "5C": "p) 5C: LA services",
        "5D": "p1) 5D: LA services",
        "6": "q) 6: Police",
        "7": "r) 7: Other legal agency",
        "8": "s) 8: Other",
        "9": "t) 9: Anonymous",
        "10": "u) 10: Unknown",
    }

    # CIN primary need (List 6) and a looked-after child's category of need (List 8).
    primary_need: Mapping[str, str] = {
        "N1": "N1 - Abuse or neglect",
        "N2": "N2 - Child's disability",
        "N3": "N3 - Parental disability or illness",
        "N4": "N4 - Family in acute stress",
        "N5": "N5 - Family dysfunction",
        "N6": "N6 - Socially unacceptable behaviour",
        "N7": "N7 - Low income",
        "N8": "N8 - Absent parenting",
        "N9": "N9 - Cases other than children in need",
        "N0": "N0 - Not stated",
    }

    # CIN reason for closure; RC9 from the SSD script (the LIIA map stops at RC8).
    closure_reason: Mapping[str, str] = {
        "RC1": "RC1 - Adopted",
        "RC2": "RC2 - Died",
        "RC3": "RC3 - Child arrangements order",
        "RC4": "RC4 - Special guardianship order",
        "RC5": "RC5 - Transferred to services of another local authority",
        "RC6": "RC6 - Transferred to adult social care services",
        "RC7": "RC7 - Services ceased for any other reason, including child no longer in need",
        "RC8": "RC8 - Case closed after assessment, no further action",
        "RC9": "RC9 - Case closed after assessment, referred to early help",
    }

    # List 6 case status (docs/field-guide.md §1.5.16), keyed by opencsc's own names for the states.
    case_status: Mapping[str, str] = {
        "looked_after": "a) Looked after child",
        "cp_plan": "b) Child Protection plan",
        "cin_plan": "c) Child in need plan",
        "open_assessment": "d) Open assessment",
        "closed": "e) Closed episode",
    }

    category_of_abuse: Mapping[str, str] = {
        "NEG": "a) Neglect",
        "PHY": "b) Physical abuse",
        "SAB": "c) Sexual abuse",
        "EMO": "d) Emotional abuse",
        "MUL": "e) Multiple/not recommended",
    }

    legal_status: Mapping[str, str] = {
        "C1": "C1: ICO",
        "C2": "C2: FCO",
        "D1": "D1: Freeing order",
        "E1": "E1: Placement order",
        "V2": "V2: Single period under S20",
        "V3": "V3: Short term breaks, episodes recorded",
        "V4": "V4: Short term breaks, agreements recorded",
        "L1": "L1: Police protection LA accommodation",
        "L2": "L2: EPO",
        "L3": "L3: Child assessment order LA accommodation",
        "J1": "J1: Remanded to LA or youth detention",
        "J2": "J2: LA accommodation under PACE",
        "J3": "J3: Youth rehabilitation order",
    }

    # Keyed by ``care.codes.PermanencePlanKind`` values.
    permanence_plan: Mapping[str, str] = {
        "return_family": "a) Return to family",
        "adoption": "b) Adoption",
        "sgo_cao": "c) SGO/CAO",
        "supported_living": "d) Supported living in the community",
        "lt_residential": "e) Long-term residential placement",
        "lt_fostering": "f) Long-term fostering",
        "other": "g) other",
    }

    reason_ceased: Mapping[str, str] = {
        "E11": "a) E11: Adopted - application unopposed",
        "E12": "b) E12: Adopted - consent dispensed",
        "E2": "c) E2: Died",
        "E3": "d) E3: Care taken by another LA",
        "E4A": "e) E4A: Returned home to live with parents or relatives - part of planning",
        "E4B": "f) E4B: Returned home to live with parents or relatives - not part of planning",
        "E13": "g) E13: Parents, relatives or other with no parental responsibility",
        "E41": "h) E41: Residence order granted",
        "E45": "i) E45: Special Guardianship Orders - former carer relative/friend",
        "E46": "j) E46: Special Guardianship Orders - former carer other",
        "E47": "k) E47: Special Guardianship Orders - relative/friend",
        "E48": "l) E48: Special Guardianship Orders - other",
        "E5": "m) E5: Moved into independent living - supported",
        "E6": "n) E6: Moved into independent living - no support",
        "E7": "o) E7: Transferred to residential care funded by adult social services",
        "E9": "p) E9: Sentenced to custody",
        "E14": "q) E14: Accommodation on remand ended",
        "E15": "r) E15: Age assessment determined child was 18 or over",
        "E16": "s) E16: Child moved abroad",
        "E8": "t) E8: Care ceased for any other reason",
        "E17": "v) E17: Aged 18+ and remained with current carers",
    }

    placement_type: Mapping[str, str] = {
        "U1": "a) U1: Foster placement - relatives - long term",
        "U2": "b) U2: Foster placement - relative - FFA",
        "U3": "c) U3: Foster placement - relative - not FFA",
        "U4": "d) U4: Foster placement - long term",
        "U5": "e) U5: Foster placement - FFA",
        "U6": "f) U6: Foster placement - not FFA",
        "A3": "g) A3: Placed for adoption - consent - current foster",
        "A4": "h) A4: Placed for adoption - consent - not foster",
        "A5": "i) A5: Placed for adoption - order - foster",
        "A6": "j) A6: Placed for adoption - order - not foster",
        "P1": "k) P1: Placed with parents",
        "P2": "l) P2: Independent living",
        "P3": "m) P3: Residential employment",
        "H5": "n) H5: Residential accommodation",
        "K1": "o) K1: Secure Children's Homes",
        "K2": "p) K2: Children's Homes",
        "R1": "q) R1: Residential Care Home",
        "R2": "r) R2: NHS/Health Trust",
        "R3": "s) R3: Family Centre or Mother and Baby Unit",
        "R5": "t) R5: Young Offender Institution",
        "S1": "u) S1: Residential school",
        "Z1": "v) Z1: Other placements",
        "T0": "w) T0: Temporary placement",
        "T1": "x) T1: Temporary placement - hospital",
        "T2": "y) T2: Temporary placement - holiday",
        "T3": "z) T3: Temporary placement - carer holiday",
        "T4": "zz) T4: Temporary placement - seven days or less",
        # UNVERIFIED: K3 (2024-25) and Z11–Z14 (2025-26) postdate every Annex A label list read;
        # no letter is invented for them.
        "K3": "K3: Registered supported accommodation",
        "Z11": "Z11: Other placements",
        "Z12": "Z12: Other placements",
        "Z13": "Z13: Other placements",
        "Z14": "Z14: Other placements",
    }

    placement_provider: Mapping[str, str] = {
        "PR0": "a) PR0: Parents/Parental responsibility",
        "PR1": "b) PR1: Own provision",
        "PR2": "c) PR2: Other LA provision",
        "PR3": "d) PR3: Other public provision",
        "PR4": "e) PR4: Private provision",
        "PR5": "f) PR5: Voluntary/third sector",
    }

    # Derived from the placement postcode (``placement.py``).
    placement_location: Mapping[str, str] = {"in": "a) In", "out": "b) Out"}
    la_of_placement: Mapping[str, str] = {
        "NIR": "NIR - Child placed in Northern Ireland",
        "WAL": "WAL - Child placed in Wales",
        "SCO": "SCO - Child placed in Scotland",
        "NUK": "NUK - Child placed outside the UK",
        "CON": "CON - Child placed in confidential placement",
    }

    # Keyed by ``care.codes.CareLeaverEligibility`` values; d) from the SSD script.
    eligibility: Mapping[str, str] = {
        "relevant": "a) Relevant child",
        "former_relevant": "b) Former relevant child",
        "qualifying": "c) Qualifying care leaver",
        "eligible": "d) Eligible child",
    }

    in_touch: Mapping[str, str] = {
        "YES": "a) Yes",
        "NO": "b) No",
        "DIED": "c) Died",
        "REFU": "d) Refu",
        "NREQ": "e) NREQ",
        "RHOM": "f) Rhom",
    }

    accommodation: Mapping[str, str] = {
        "B": "B: Parents/relatives",
        "C": "C: Community home/residential care",
        "D": "D: Semi-independent, transitional accommodation and self-contained accommodation",
        "E": "E: Supported lodgings",
        "G": "G: Abroad",
        "H": "H: Deported",
        "K": "K: Ordinary lodgings, without formal support",
        "R": "R: Residence not known",
        "S": "S: No fixed adobe/homeless",  # sic: the LIIA map's spelling, kept so it matches
        "T": "T: Foyers and similar supported accommodation",
        "U": "U: Independent living",
        "V": "V: Emergency accommodation",
        "W": "W: Bed and breakfast",
        "X": "X: In custody",
        "Y": "Y: Other accommodation",
        "Z": "Z: With former foster carers",
    }

    suitability: Mapping[bool, str] = {True: "a) Suitable", False: "b) Unsuitable"}

    # F4/P4/F5/P5 (2022 on) from the SSD script; the LIIA map still has the superseded F3/P3.
    activity: Mapping[str, str] = {
        "F1": "F1: Full time in higher education",
        "P1": "P1: Part time in higher education",
        "F2": "F2: Full time in education other than higher",
        "P2": "P2: Part time in education other than higher",
        "F4": "F4: Young person engaged full time in an apprenticeship",
        "P4": "P4: Young person engaged part time in an apprenticeship",
        "F5": "F5: Young person engaged full time in training or employment (not apprenticeship)",
        "P5": "P5: Young person engaged part time in training or employment (not apprenticeship)",
        "G4": "G4: Not in education, employment or training - illness or disability",
        "G5": "G5: Not in education, employment or training - other",
        "G6": "G6: Not in education, employment or training - pregnancy or parenting",
    }

    reason_no_longer_placed: Mapping[str, str] = {
        "RD1": "RD1 - The child’s needs changed subsequent to the decision",
        "RD2": "RD2 - The Court did not make a placement order",
        "RD3": "RD3 - Prospective adopters could not be found",
        "RD4": "RD4 - Any other reason",
    }

    # List 11, keyed by ``care.codes.LeftAdoptionProcess`` values (docs/field-guide.md §1.5.16).
    left_adoption_process: Mapping[str, str] = {
        "1": "1 - Adopter withdrew from process",
        "2": "2 - Process put on hold",
        "3": "3 - Application refused",
    }


def label(labels: Mapping, code) -> str | None:
    """The label for ``code``; the code itself when the map has none; None for a blank code."""
    if code is None or code == "":
        return None
    return labels.get(code, code)
