"""Workforce code lists. Stored values are the DfE codes."""

from django.db import models


class WorkerChangeReason(models.TextChoices):
    """SSDA903 SWEpisodes SW_REASON (from 2023-24); SSD invo_worker_change_reason (INVO004A)."""

    MANAGE = "MANAGE", "Managing caseloads"
    FCONTA = "FCONTA", "First contact or re-referral"
    LEFTRL = "LEFTRL", "Previous social worker left role"
    ORGRST = "ORGRST", "Organisational restructure"
    TSPROC = "TSPROC", "Child transferred by standard process"
    ABSENC = "ABSENC", "Absence cover or return from absence"
    CHCHAN = "CHCHAN", "Child requested change"
    PCCHAN = "PCCHAN", "Parent or carer requested change"
    SWDIED = "SWDIED", "Previous social worker died"
    OTHERS = "OTHERS", "Other reason"


class AllocationRole(models.TextChoices):
    """What a worker is to the child (SSD invo_professional_role_id)."""

    SOCIAL_WORKER = "social_worker", "Allocated social worker"
    PERSONAL_ADVISER = "personal_adviser", "Personal adviser"
    IRO = "iro", "Independent reviewing officer"
    EARLY_HELP = "early_help", "Early help practitioner"


class TeamKind(models.TextChoices):
    FRONT_DOOR = "front_door", "Front door (MASH)"
    ASSESSMENT = "assessment", "Assessment"
    CHILD_IN_NEED = "child_in_need", "Children in need and child protection"
    CHILDREN_IN_CARE = "children_in_care", "Children in care"
    LEAVING_CARE = "leaving_care", "Leaving care"
    ADOPTION = "adoption", "Adoption and permanence"
    IRO = "iro", "Independent reviewing service"
    EARLY_HELP = "early_help", "Early help"
    SERVICE = "service", "Service (parent of teams)"
