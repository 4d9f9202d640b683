"""Code lists for the front door, assessments, child in need and child protection.

Stored values are the DfE CIN census codes (docs/field-guide.md §1.5.4–§1.5.8).
"""

from django.db import models


class ReferralSource(models.TextChoices):
    """CIN census ReferralSource; also the source of a contact (SSD CONT004A / CINE004A)."""

    S1A = "1A", "Individual – family member, relative or carer"
    S1B = "1B", "Individual – acquaintance (including neighbours and child minders)"
    S1C = "1C", "Individual – self"
    S1D = "1D", "Individual – other (including strangers, MPs)"
    S2A = "2A", "Schools"
    S2B = "2B", "Education services"
    S3A = "3A", "Health – GP"
    S3B = "3B", "Health – health visitor"
    S3C = "3C", "Health – school nurse"
    S3D = "3D", "Health – other primary health services"
    S3E = "3E", "Health – A&E"
    S3F = "3F", "Health – other (e.g. hospice)"
    S4 = "4", "Housing (LA housing or housing association)"
    S5A = "5A", "LA services – social care (e.g. adult social care)"
    S5B = "5B", "LA services – other internal"
    S5C = "5C", "LA services – external (another LA)"
    S5D = "5D", "LA services – early help"
    S6 = "6", "Police"
    S7 = "7", "Other legal agency (courts, probation, immigration, Cafcass, prison)"
    S8 = "8", "Other (children's centres, independent agencies, voluntary organisations)"
    S9 = "9", "Anonymous"
    S10 = "10", "Unknown"


class ContactOutcome(models.TextChoices):
    """Decision on a contact (SSD contact_outcome, future release)."""

    NFA = "NFA", "No further action"
    ADVICE = "ADVICE", "Information and advice"
    EARLY_HELP = "EH", "Referred to early help"
    REFERRAL = "REFERRAL", "Referral to children's social care"


class PrimaryNeed(models.TextChoices):
    """CIN census PrimaryNeedCode (903 CIN accepts N1–N8 only). Choose the highest in the table."""

    N1 = "N1", "Abuse, neglect and exploitation"
    N2 = "N2", "Child's disability"
    N3 = "N3", "Parental disability or illness"
    N4 = "N4", "Family in acute stress"
    N5 = "N5", "Family dysfunction"
    N6 = "N6", "Socially unacceptable behaviour"
    N7 = "N7", "Low income"
    N8 = "N8", "Absent parenting"
    N9 = "N9", "Cases other than children in need"
    N0 = "N0", "Not stated"


class ClosureReason(models.TextChoices):
    """CIN census ReasonForClosure."""

    RC1 = "RC1", "Adopted"
    RC2 = "RC2", "Died"
    RC3 = "RC3", "Child arrangements order"
    RC4 = "RC4", "Special guardianship order"
    RC5 = "RC5", "Transferred to services of another LA"
    RC6 = "RC6", "Transferred to adult social care"
    RC7 = "RC7", "Services ceased for any other reason, including child no longer in need"
    RC8 = "RC8", "Case closed after assessment, no further action"
    RC9 = "RC9", "Case closed after assessment, referred to early help"


class AssessmentFactor(models.TextChoices):
    """CIN census AssessmentFactors: factors identified at the end of assessment."""

    F1A = "1A", "Alcohol misuse: child"
    F1B = "1B", "Alcohol misuse: parent or carer"
    F1C = "1C", "Alcohol misuse: other person in the household"
    F2A = "2A", "Drug misuse: child"
    F2B = "2B", "Drug misuse: parent or carer"
    F2C = "2C", "Drug misuse: other person in the household"
    F3A = "3A", "Domestic violence: child subject"
    F3B = "3B", "Domestic violence: parent or carer subject"
    F3C = "3C", "Domestic violence: other person subject"
    F4A = "4A", "Mental health: child"
    F4B = "4B", "Mental health: parent or carer"
    F4C = "4C", "Mental health: other person in the household"
    F5A = "5A", "Learning disability: child"
    F5B = "5B", "Learning disability: parent or carer"
    F5C = "5C", "Learning disability: other person in the household"
    F6A = "6A", "Physical disability or illness: child"
    F6B = "6B", "Physical disability or illness: parent or carer"
    F6C = "6C", "Physical disability or illness: other person in the household"
    F7A = "7A", "Young carer"
    F8B = "8B", "Privately fostered – overseas, intend to return"
    F8C = "8C", "Privately fostered – overseas, intend to stay"
    F8D = "8D", "Privately fostered – UK, educational placements"
    F8E = "8E", "Privately fostered – UK, alternative family arrangements"
    F8F = "8F", "Privately fostered – other"
    F9A = "9A", "Unaccompanied asylum-seeking child"
    F10A = "10A", "Going or being missing"
    F11A = "11A", "Child sexual exploitation"
    F12A = "12A", "Trafficking"
    F13A = "13A", "Gangs"
    F14A = "14A", "Socially unacceptable behaviour"
    F15A = "15A", "Self-harm"
    F16A = "16A", "Neglect"
    F17A = "17A", "Emotional abuse"
    F18A = "18A", "Physical abuse (perpetrator not specified)"
    F18B = "18B", "Physical abuse: child on child"
    F18C = "18C", "Physical abuse: adult on child"
    F19A = "19A", "Sexual abuse (perpetrator not specified)"
    F19B = "19B", "Sexual abuse: child on child"
    F19C = "19C", "Sexual abuse: adult on child"
    F20 = "20", "Other"
    F21 = "21", "No factors identified"
    F22A = "22A", "Female genital mutilation"
    F23A = "23A", "Abuse linked to faith or belief"
    F24A = "24A", "Child criminal exploitation"


# 18A/19A are accepted on input but the DfE raises query 8945Q: prefer the B/C codes.
DISCOURAGED_FACTORS = {AssessmentFactor.F18A, AssessmentFactor.F19A}


class CategoryOfAbuse(models.TextChoices):
    """CIN census InitialCategoryOfAbuse / LatestCategoryOfAbuse."""

    NEG = "NEG", "Neglect"
    PHY = "PHY", "Physical abuse"
    SAB = "SAB", "Sexual abuse"
    EMO = "EMO", "Emotional abuse"
    MUL = "MUL", "Multiple/not recommended"


class EarlyHelpEndReason(models.TextChoices):
    OUTCOMES_MET = "outcomes_met", "Outcomes met"
    STEP_UP = "step_up", "Stepped up to children's social care"
    DISENGAGED = "disengaged", "Family disengaged"
    MOVED = "moved", "Moved away"
    NFA = "nfa", "No further action"


class ConferenceKind(models.TextChoices):
    INITIAL = "initial", "Initial child protection conference"
    REVIEW = "review", "Review child protection conference"
    TRANSFER_IN = "transfer_in", "Transfer-in conference"


class StrategyAgency(models.TextChoices):
    """Who took part in a strategy discussion. Working Together to Safeguard Children 2023 asks
    for children's social care, the police and health at least, with the referrer and education
    where relevant. A local list: the DfE collects none."""

    SOCIAL_CARE = "social_care", "Children's social care"
    POLICE = "police", "Police"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education (school, college or early years)"
    PROBATION = "probation", "Probation"
    YOUTH_JUSTICE = "youth_justice", "Youth justice"
    HOUSING = "housing", "Housing"
    ADULT_SERVICES = "adult_services", "Adult social care or adult mental health"
    OTHER = "other", "Another agency"


class ReviewParticipation(models.TextChoices):
    """How the child took part in a review: SSDA903 Reviews REVIEW_CODE for looked-after
    reviews, and the SSD's participation code for child protection conferences."""

    PN0 = "PN0", "Child under 4 at the time of the review"
    PN1 = "PN1", "Attends and speaks for self"
    PN2 = "PN2", "Attends, an advocate or IRO speaks"
    PN3 = "PN3", "Attends and conveys views symbolically"
    PN4 = "PN4", "Attends without contributing"
    PN5 = "PN5", "Does not attend, briefs an advocate or IRO"
    PN6 = "PN6", "Does not attend, conveys views by a facilitative medium"
    PN7 = "PN7", "Does not attend and views not conveyed"


class VisitKind(models.TextChoices):
    CIN = "cin", "Child in need visit"
    CP = "cp", "Child protection statutory visit"
    CLA = "cla", "Looked-after statutory visit"
    CARE_LEAVER = "care_leaver", "Care leaver contact"
    ASSESSMENT = "assessment", "Assessment visit"


class VisitMethod(models.TextChoices):
    """How a visit took place. An unsuccessful visit is one that did not happen (no one home,
    access refused): recorded all the same, and the child was not seen."""

    FACE_TO_FACE = "face_to_face", "Face to face"
    VIRTUAL = "virtual", "Virtual (a video call)"
    UNSUCCESSFUL = "unsuccessful", "Unsuccessful (the visit did not happen)"


class S47Outcome(models.TextChoices):
    """What the section 47 enquiry concluded (SSD s47e_s47_outcome_json flags)."""

    CP_CONFERENCE = "cp_conference", "Initial child protection conference"
    NFA = "nfa", "No further action"
    CIN_SERVICES = "cin_services", "Services as a child in need"
    MONITOR = "monitor", "Monitor"


class CaseNoteKind(models.TextChoices):
    """What a case note records. Management oversight and supervision notes are the manager's
    record of direction on the case; IRO oversight is the independent reviewing officer's."""

    VISIT = "visit", "Visit"
    PHONE_CALL = "phone_call", "Phone call"
    EMAIL_OR_LETTER = "email_or_letter", "Email or letter"
    MEETING = "meeting", "Meeting"
    MANAGEMENT_OVERSIGHT = "management_oversight", "Management oversight"
    SUPERVISION = "supervision", "Supervision"
    IRO_OVERSIGHT = "iro_oversight", "IRO oversight"
    OTHER = "other", "Other"
