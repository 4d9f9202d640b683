"""Code lists about a person. Stored values are the DfE codes (docs/field-guide.md §1.5)."""

from django.db import models


class Sex(models.TextChoices):
    """SSDA903 Header/UASC SEX and CIN census Sex (2024-25 on): M / F / U (U for the unborn)."""

    MALE = "M", "Male"
    FEMALE = "F", "Female"
    UNKNOWN = "U", "Not known (or unborn)"


class Ethnicity(models.TextChoices):
    """CIN census / SSDA903 ETHNIC / Annex A ethnicity (20 codes)."""

    WBRI = "WBRI", "White British"
    WIRI = "WIRI", "White Irish"
    WIRT = "WIRT", "Traveller of Irish heritage"
    WOTH = "WOTH", "Any other White background"
    WROM = "WROM", "Gypsy/Roma"
    MWBC = "MWBC", "White and Black Caribbean"
    MWBA = "MWBA", "White and Black African"
    MWAS = "MWAS", "White and Asian"
    MOTH = "MOTH", "Any other mixed background"
    AIND = "AIND", "Indian"
    APKN = "APKN", "Pakistani"
    ABAN = "ABAN", "Bangladeshi"
    AOTH = "AOTH", "Any other Asian background"
    BCRB = "BCRB", "Caribbean"
    BAFR = "BAFR", "African"
    BOTH = "BOTH", "Any other Black background"
    CHNE = "CHNE", "Chinese"
    OOTH = "OOTH", "Any other ethnic group"
    REFU = "REFU", "Refused"
    NOBT = "NOBT", "Information not yet obtained"


class Disability(models.TextChoices):
    """CIN census Disability (several per child; NONE rather than blank; blank for the unborn)."""

    NONE = "NONE", "No disability"
    MOB = "MOB", "Mobility"
    HAND = "HAND", "Hand function"
    PC = "PC", "Personal care"
    INC = "INC", "Incontinence"
    COMM = "COMM", "Communication"
    LD = "LD", "Learning"
    HEAR = "HEAR", "Hearing"
    VIS = "VIS", "Vision"
    BEH = "BEH", "Behaviour"
    CON = "CON", "Consciousness"
    AUT = "AUT", "Autism/Asperger syndrome (diagnosed)"
    DDA = "DDA", "Other DDA"


class UPNUnknown(models.TextChoices):
    """Why a UPN is not given (SSD PERS007A; the CIN schema allows UN1–UN7)."""

    UN1 = "UN1", "Child not of school age"
    UN2 = "UN2", "Never attended a maintained school in England"
    UN3 = "UN3", "Educated outside England"
    UN4 = "UN4", "Newly looked after, UPN not yet known"
    UN5 = "UN5", "Sources disagree"
    UN6 = "UN6", "Child is unborn"  # label UNVERIFIED: the CIN schema lists UN6/UN7 without labels
    UN7 = "UN7", "Referral with no further action"  # label from CIN rule 8772; UNVERIFIED


class ImmigrationStatus(models.TextChoices):
    """SSD immigration_status category list; UASC spans feed the 903 UASC table (DUC = end)."""

    UASC = "UASC", "Unaccompanied asylum-seeking child"
    REFUGEE = "REFUGEE", "Refugee status"
    ILR = "ILR", "Indefinite leave to remain"
    DLR = "DLR", "Discretionary leave to remain to 18"
    ADULT_ASYLUM = "ADULT_ASYLUM", "Adult asylum seeker"


class RelationshipKind(models.TextChoices):
    """How ``other`` is related to ``person`` (``other`` is the person's mother, …)."""

    MOTHER = "mother", "Mother"
    FATHER = "father", "Father"
    STEP_PARENT = "step_parent", "Step-parent"
    SIBLING = "sibling", "Sibling"
    GRANDPARENT = "grandparent", "Grandparent"
    OTHER_RELATIVE = "other_relative", "Other relative"
    CARER = "carer", "Carer (not parent)"
    CHILD = "child", "Child"


class AddressKind(models.TextChoices):
    HOME = "home", "Home"
    PLACEMENT = "placement", "Placement"
    OTHER = "other", "Other"


class WarningKind(models.TextChoices):
    """What a warning note warns staff of. UNVERIFIED-local: no DfE or national list exists;
    each council defines its own (these follow the common ones, as in Hackney's open-source case
    system), so a council may extend them."""

    VIOLENCE = "violence", "Violence or aggression towards staff"
    LONE_WORKING = "lone_working", "Risk to lone workers"
    ANIMALS = "animals", "Animals at the property"
    INFECTION = "infection", "Infection risk"
    OTHER = "other", "Other risk to staff"
