"""Code lists for children looked after, care leavers and adoption (SSDA903; docs/field-guide.md §1.5.9–15).

Stored values are the DfE codes. Some lists change by collection year (a year is named by the
31 March it ends on: 2026 = 1 April 2025 – 31 March 2026); ``valid_placement_types`` says which.
"""

from django.db import models

# One participation list for looked-after reviews and child protection conferences; it lives with
# the conferences, the lower layer.
from opencsc.casework.codes import ReviewParticipation as ReviewParticipation


class LegalStatus(models.TextChoices):
    C1 = "C1", "Interim care order"
    C2 = "C2", "Full care order"
    D1 = "D1", "Freeing order granted"
    E1 = "E1", "Placement order granted"
    V2 = "V2", "Single period of accommodation under section 20"
    V3 = "V3", "Short-term breaks, individual episodes recorded"
    V4 = "V4", "Short-term breaks, agreements recorded"
    L1 = "L1", "Under police protection and in LA accommodation"
    L2 = "L2", "Emergency protection order"
    L3 = "L3", "Child assessment order and in LA accommodation"
    J1 = "J1", "Remanded to LA or youth detention accommodation"
    J2 = "J2", "Placed in LA accommodation under PACE 1984"
    J3 = "J3", "Youth rehabilitation order with residence or intensive fostering requirement"


SHORT_BREAK_STATUSES = {LegalStatus.V3, LegalStatus.V4}


class ReasonNewEpisode(models.TextChoices):
    """SSDA903 RNE: derived by opencsc from what changed between two episodes."""

    S = "S", "Started to be looked after"
    L = "L", "Change of legal status only"
    P = "P", "Change of placement and carer(s) only"
    T = "T", "Change of placement (same carer(s)) only"
    B = "B", "Change of legal status and placement and carer(s) at the same time"
    U = "U", "Change of legal status and change of placement (same carer(s)) at the same time"


class ReasonEpisodeCeased(models.TextChoices):
    """SSDA903 REC."""

    X1 = "X1", "Episode ceases and new episode begins on same day"
    E11 = "E11", "Adopted – application unopposed"
    E12 = "E12", "Adopted – consent dispensed with by the court"
    E2 = "E2", "Died"
    E3 = "E3", "Care taken over by another LA in the UK"
    E4A = "E4A", "Returned home to parents or person with PR, as part of care planning"
    E4B = "E4B", "Returned home to parents or person with PR, not part of care planning"
    E13 = "E13", "Left care to live with parents, relatives or others with no PR"
    E41 = "E41", "Residence order or child arrangements order granted"
    E45 = "E45", "SGO to former foster carers who are relatives or friends"
    E46 = "E46", "SGO to former foster carers other than relatives or friends"
    E47 = "E47", "SGO to carers other than former foster carers, who are relatives or friends"
    E48 = "E48", "SGO to carers other than former foster carers, other than relatives or friends"
    E5 = "E5", "Moved into independent living with supportive accommodation"
    E6 = "E6", "Moved into independent living with no formalised support"
    E7 = "E7", "Transferred to residential care funded by adult social care"
    E9 = "E9", "Sentenced to custody"
    E14 = "E14", "Accommodation on remand ended"
    E15 = "E15", "Age assessment determined child is 18 or over"
    E16 = "E16", "Child moved abroad"
    E17 = "E17", "Aged 18 or over and remained with current carers (including staying put)"
    E8 = "E8", "Period of being looked after ceased for any other reason"


ADOPTED = {ReasonEpisodeCeased.E11, ReasonEpisodeCeased.E12}
SGO = {
    ReasonEpisodeCeased.E45,
    ReasonEpisodeCeased.E46,
    ReasonEpisodeCeased.E47,
    ReasonEpisodeCeased.E48,
}


class PlacementType(models.TextChoices):
    """SSDA903 PLACE, every code any supported year accepts (see ``valid_placement_types``)."""

    A3 = "A3", "Placed for adoption with consent with current foster carer(s)"
    A4 = "A4", "Placed for adoption with consent, not with current foster carer(s)"
    A5 = "A5", "Placed for adoption with placement order with current foster carer(s)"
    A6 = "A6", "Placed for adoption with placement order, not with current foster carer(s)"
    H5 = "H5", "Semi-independent living not subject to children's homes regulations"
    K1 = "K1", "Secure children's home"
    K2 = "K2", "Children's home subject to Children's Homes Regulations"
    K3 = "K3", "Registered supported accommodation"
    P1 = "P1", "Placed with own parent(s) or other person(s) with PR"
    P2 = "P2", "Independent living"
    P3 = "P3", "Residential employment"
    R1 = "R1", "Residential care home"
    R2 = "R2", "NHS/health trust or other medical or nursing establishment"
    R3 = "R3", "Family centre or mother and baby unit"
    R5 = "R5", "Young offender institution"
    S1 = "S1", "Residential school (not dual-registered as a children's home)"
    T0 = "T0", "Temporary move of any type"
    T1 = "T1", "Temporary period in hospital"
    T2 = "T2", "Temporary absence of the child on holiday"
    T3 = "T3", "Temporary accommodation while normal foster carer(s) on holiday"
    T4 = "T4", "Temporary accommodation of seven days or less, not covered by T1–T3"
    U1 = "U1", "Foster placement with relative(s) or friend(s) – long-term fostering"
    U2 = "U2", "Fostering with relative(s) or friend(s) who are approved adopters – FFA/concurrent"
    U3 = "U3", "Fostering with relative(s) or friend(s) – not long-term or FFA"
    U4 = "U4", "Foster placement with other foster carer(s) – long-term fostering"
    U5 = "U5", "Foster placement with other carer(s) who are approved adopters – FFA/concurrent"
    U6 = "U6", "Foster placement with other foster carer(s) – not long-term or FFA"
    Z1 = "Z1", "Other placement (listed on a schedule sent to the DfE)"
    # Z11–Z14 replace Z1 from 2025-26. Their labels are UNVERIFIED (not in any public source read):
    # take them from the DfE SSDA903 2025-26 guide.
    Z11 = "Z11", "Other placement Z11 (label unverified)"
    Z12 = "Z12", "Other placement Z12 (label unverified)"
    Z13 = "Z13", "Other placement Z13 (label unverified)"
    Z14 = "Z14", "Other placement Z14 (label unverified)"


_P = PlacementType
_BASE_2023 = {
    _P.A3,
    _P.A4,
    _P.A5,
    _P.A6,
    _P.H5,
    _P.K1,
    _P.K2,
    _P.P1,
    _P.P2,
    _P.P3,
    _P.R1,
    _P.R2,
    _P.R3,
    _P.R5,
    _P.S1,
    _P.T0,
    _P.T1,
    _P.T2,
    _P.T3,
    _P.T4,
    _P.U1,
    _P.U2,
    _P.U3,
    _P.U4,
    _P.U5,
    _P.U6,
    _P.Z1,
}
_2025 = _BASE_2023 | {_P.K3}
_2026 = (_2025 - {_P.H5, _P.P2, _P.Z1}) | {_P.Z11, _P.Z12, _P.Z13, _P.Z14}

FOSTER_PLACEMENTS = {_P.U1, _P.U2, _P.U3, _P.U4, _P.U5, _P.U6}
ADOPTION_PLACEMENTS = {_P.A3, _P.A4, _P.A5, _P.A6}
# A stay away from the child's normal placement (a carer's holiday, hospital, a few days'
# respite) that the 903 records as its own episode, between two in the normal placement.
TEMPORARY_PLACEMENTS = {_P.T0, _P.T1, _P.T2, _P.T3, _P.T4}
# The longest a T4 placement may last, in days (V903 rule 379: DEC no later than DECOM + 7).
T4_MAX_DAYS = 7
# Placements in Ofsted-registered settings, which must carry the setting's Ofsted URN
# (V903 rule 218 exempts P1, P3, R1, R2, R5, T0–T4 and Z11–Z14; rule 242 lets foster and
# adoption placements use XXXXXXX).
URN_REQUIRED_PLACEMENTS = {_P.K1, _P.K2, _P.K3, _P.H5, _P.R3, _P.S1}
# Placements that take no provider code (V903 rule 178, 2025-26).
NO_PROVIDER_PLACEMENTS = {_P.T0, _P.T1, _P.T2, _P.T3, _P.T4, _P.Z11, _P.Z12, _P.Z13, _P.Z14}


def is_temporary(place: str) -> bool:
    """Whether ``place`` is a temporary placement (T0–T4)."""
    return place in TEMPORARY_PLACEMENTS


def change_reason_required(previous_place: str, new_place: str) -> bool:
    """Whether a move from ``previous_place`` to ``new_place`` within a period of care carries
    a reason for placement change (903 REASON_PLACE_CHANGE, on the placement that ends).

    Only when neither is temporary: V903 rule 225 asks for a reason only then, and rule 226
    refuses one on a temporary placement's episode and on the episode before it, so a move into
    or back from a T0–T4 placement has none.
    """
    return not (is_temporary(previous_place) or is_temporary(new_place))


def valid_placement_types(collection_year: int) -> frozenset[str]:
    """PLACE codes valid in the collection year ending 31 March ``collection_year``.

    V903 rules/lac2022_23, lac2024_25 and lac2025_26 rule_146.py: K3 from 2024-25; H5, P2 and Z1
    gone and Z11–Z14 in from 2025-26. Years after the last known use that year's list.
    """
    if collection_year <= 2024:
        return frozenset(_BASE_2023)
    if collection_year == 2025:
        return frozenset(_2025)
    return frozenset(_2026)


# A retired code's successor, for a placement that began under the old code and is still open
# when the code goes. The DfE's own year-on-year check allows exactly this change for an open
# episode (V903 rules/lac2025_26/rule_503D.py: "previous year H5 and current year K3"). P2 and Z1
# have no single successor (Z11–Z14 meanings are UNVERIFIED), so such a placement must be ended
# and a new one recorded: the export leaves the old code and the validator names the episode.
RETIRED_PLACEMENT_SUCCESSORS = {_P.H5: _P.K3}


def placement_code_for_year(place: str, collection_year: int) -> str:
    """The PLACE code a placement recorded as ``place`` carries in ``collection_year``'s return."""
    if place not in valid_placement_types(collection_year):
        return RETIRED_PLACEMENT_SUCCESSORS.get(place, place)
    return place


class PlacementProvider(models.TextChoices):
    PR0 = "PR0", "Parent(s) or other person(s) with PR"
    PR1 = "PR1", "Own provision by the LA"
    PR2 = "PR2", "Other LA provision"
    PR3 = "PR3", "Other public provision"
    PR4 = "PR4", "Private provision"
    PR5 = "PR5", "Voluntary or third sector provision"


class PlacementChangeReason(models.TextChoices):
    """SSDA903 REASON_PLACE_CHANGE, recorded on the placement that ends."""

    CARPL = "CARPL", "Change to or implementation of care plan"
    CLOSE = "CLOSE", "Resignation or closure of provision"
    ALLEG = "ALLEG", "Allegation (s47)"
    STAND = "STAND", "Standards of care concern"
    APPRR = "APPRR", "Approval removed"
    CREQB = "CREQB", "Carer(s) request placement end due to child's behaviour"
    CREQO = "CREQO", "Carer(s) request placement end other than child's behaviour"
    CHILD = "CHILD", "Child requests placement end"
    LAREQ = "LAREQ", "Responsible or area authority requests placement end"
    PLACE = "PLACE", "Change in the status of placement only"
    CUSTOD = "CUSTOD", "Custody arrangement"
    OTHER = "OTHER", "Other"


class MissingKind(models.TextChoices):
    MISSING = "M", "Missing"
    AWAY = "A", "Away from placement without authorisation"


class HealthCheckKind(models.TextChoices):
    INITIAL_HEALTH = "initial_health", "Initial health assessment"
    REVIEW_HEALTH = "review_health", "Review health assessment"
    DENTAL = "dental", "Dental check"


class HealthCheckStatus(models.TextChoices):
    COMPLETED = "completed", "Completed"
    REFUSED = "refused", "Refused"
    CANCELLED = "cancelled", "Cancelled"


class SDQReason(models.TextChoices):
    SDQ1 = "SDQ1", "Aged under 4 or over 16 at the date of the latest assessment"
    SDQ2 = "SDQ2", "Carer(s) refused to complete the questionnaire"
    SDQ3 = "SDQ3", "Not possible due to severity of the child's disability"
    SDQ4 = "SDQ4", "Other"
    SDQ5 = "SDQ5", "Child or young person refuses"


class PEPKind(models.TextChoices):
    INITIAL = "initial", "Initial personal education plan"
    REVIEW = "review", "Personal education plan review"


class CareLeaverEligibility(models.TextChoices):
    """Children (Leaving Care) Act 2000 categories (SSD CLEA003A)."""

    ELIGIBLE = "eligible", "Eligible"
    RELEVANT = "relevant", "Relevant"
    FORMER_RELEVANT = "former_relevant", "Former relevant"
    QUALIFYING = "qualifying", "Qualifying"
    NONE = "none", "No current eligibility"


class InTouch(models.TextChoices):
    """SSDA903 OC3 IN_TOUCH."""

    YES = "YES", "In touch"
    NO = "NO", "Not in touch"
    DIED = "DIED", "Died since leaving care"
    REFU = "REFU", "Young person refuses contact"
    NREQ = "NREQ", "No longer requires services"
    RHOM = "RHOM", "Returned home for a continuous 6 months or more"


class Activity(models.TextChoices):
    """SSDA903 OC3 ACTIV (F3/P3 superseded in 2022)."""

    F1 = "F1", "Full-time higher education"
    P1 = "P1", "Part-time higher education"
    F2 = "F2", "Full-time education other than higher education"
    P2 = "P2", "Part-time education other than higher education"
    F4 = "F4", "Full-time apprenticeship"
    P4 = "P4", "Part-time apprenticeship"
    F5 = "F5", "Full-time training or employment (not apprenticeship)"
    P5 = "P5", "Part-time training or employment (not apprenticeship)"
    G4 = "G4", "Not in education, employment or training – illness or disability"
    G5 = "G5", "Not in education, employment or training – other"
    G6 = "G6", "Not in education, employment or training – pregnancy or parenting"


NEET_ACTIVITIES = {Activity.G4, Activity.G5, Activity.G6}


class Accommodation(models.TextChoices):
    """SSDA903 OC3 ACCOM letter; suitability (1 suitable / 2 unsuitable) is kept separately."""

    B = "B", "With parents or relatives"
    C = "C", "Community home or other residential care"
    D = "D", "Semi-independent, transitional accommodation"
    E = "E", "Supported lodgings"
    G = "G", "Gone abroad"
    H = "H", "Deported"
    K = "K", "Ordinary lodgings without formal support"
    R = "R", "Residence not known"
    S = "S", "No fixed abode or homeless"
    T = "T", "Foyers and similar"
    U = "U", "Independent living"
    V = "V", "Emergency accommodation"
    W = "W", "Bed and breakfast"
    X = "X", "In custody"
    Y = "Y", "Other accommodation"
    Z = "Z", "With former foster carer(s)"


# S and X are only ever unsuitable (V903 rule 133).
ALWAYS_UNSUITABLE = {Accommodation.S, Accommodation.X}


class PermanencePlanKind(models.TextChoices):
    """The child's permanence plan, as Annex A List 8 asks (SSD lacp_cla_care_plan_json)."""

    RETURN_TO_FAMILY = "return_family", "Return to family"
    ADOPTION = "adoption", "Adoption"
    SGO_CAO = "sgo_cao", "Special guardianship or child arrangements order"
    SUPPORTED_LIVING = "supported_living", "Supported living in the community"
    LONG_TERM_RESIDENTIAL = "lt_residential", "Long-term residential placement"
    LONG_TERM_FOSTERING = "lt_fostering", "Long-term fostering"
    OTHER = "other", "Other"


class ReasonNoLongerPlaced(models.TextChoices):
    """SSDA903 PlacedAdoption REASON_PLACED_CEASED."""

    RD1 = "RD1", "Child's needs changed after the decision"
    RD2 = "RD2", "Court did not make a placement order"
    RD3 = "RD3", "Prospective adopters could not be found"
    RD4 = "RD4", "Any other reason"


class PreviousPermanenceOption(models.TextChoices):
    P1 = "P1", "Adoption"
    P2 = "P2", "Special guardianship order"
    P3 = "P3", "Residence order or child arrangements order"
    P4 = "P4", "Unknown"
    Z1 = "Z1", "No previous permanence option"


class AdopterSex(models.TextChoices):
    M1 = "M1", "Single male"
    F1 = "F1", "Single female"
    MM = "MM", "Male couple"
    FF = "FF", "Female couple"
    MF = "MF", "Male and female couple"


class AdopterLegalStatus(models.TextChoices):
    L0 = "L0", "Single adopter"
    L11 = "L11", "Different-gender married couple"
    L12 = "L12", "Same-gender married couple"
    L2 = "L2", "Civil partnership couple"
    L3 = "L3", "Different-gender unmarried couple"
    L4 = "L4", "Same-gender couple, not married or in civil partnership"


class LeftAdoptionProcess(models.TextChoices):
    """Why prospective adopters left the adoption process (Ofsted Annex A List 11, docs/field-guide.md
    §1.5.16, from the LIIA data map)."""

    WITHDREW = "1", "Adopter withdrew from process"
    ON_HOLD = "2", "Process put on hold"
    REFUSED = "3", "Application refused"
