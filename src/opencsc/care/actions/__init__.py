"""The one write path for children looked after, care leavers and adoption, by topic.

Every action is importable from here (``from opencsc.care import actions as care``); the
prospective adopters' actions stay in their own namespace, ``care.actions.adopters``.
"""

from opencsc.core.years import collection_year

from . import adopters
from ._common import period_floor
from .adoption import (
    place_for_adoption,
    record_adoption_decision,
    record_adoption_match,
    record_adoption_order,
    record_early_permanence,
    record_placement_order,
    record_previous_permanence,
    reverse_adoption_decision,
    set_permanence_plan,
)
from .health import (
    record_conviction,
    record_health_check,
    record_immunisation_status,
    record_pep,
    record_sdq,
    record_substance_misuse,
)
from .leavers import (
    become_care_leaver,
    change_care_leaver_eligibility,
    record_care_leaver_contact,
    record_pathway_plan,
)
from .missing import record_missing_episode, record_return
from .periods import (
    PlacementDetails,
    cease_looked_after,
    change_legal_status,
    change_placement,
    start_looked_after,
)
from .reviews import record_cla_review

__all__ = [
    "PlacementDetails",
    "adopters",
    "become_care_leaver",
    "cease_looked_after",
    "change_care_leaver_eligibility",
    "change_legal_status",
    "change_placement",
    "collection_year",
    "period_floor",
    "place_for_adoption",
    "record_adoption_decision",
    "record_adoption_match",
    "record_adoption_order",
    "record_care_leaver_contact",
    "record_cla_review",
    "record_conviction",
    "record_early_permanence",
    "record_health_check",
    "record_immunisation_status",
    "record_missing_episode",
    "record_pathway_plan",
    "record_pep",
    "record_placement_order",
    "record_previous_permanence",
    "record_return",
    "record_sdq",
    "record_substance_misuse",
    "reverse_adoption_decision",
    "set_permanence_plan",
    "start_looked_after",
]
