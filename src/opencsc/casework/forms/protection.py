"""Forms for child protection, child in need plans and visits."""

from django import forms

from opencsc.core.forms import ActionForm, YesNoField
from opencsc.core.govuk import DateField
from opencsc.workforce.models import Worker

from ..codes import (
    CategoryOfAbuse,
    ReviewParticipation,
    S47Outcome,
    StrategyAgency,
    VisitKind,
    VisitMethod,
)


def _worker_field(label: str, help_text: str) -> forms.ModelChoiceField:
    """An optional choice of the council's workers in post today."""
    return forms.ModelChoiceField(
        label=label,
        queryset=Worker.objects.open().select_related("team"),
        required=False,
        empty_label="Choose a worker",
        help_text=help_text,
    )


def _participation_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="How the child took part",
        choices=[("", "Choose how the child took part"), *ReviewParticipation.choices],
        required=False,
        help_text="PN0 is only for a child under 4",
    )


def _category_field(label: str, *, required: bool, help_text: str = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=CategoryOfAbuse.choices,
        widget=forms.RadioSelect,
        required=required,
        help_text=help_text,
    )


class StrategyDiscussionForm(ActionForm):
    """``hold_strategy_discussion``: a strategy discussion on the child's referral."""

    held_on = DateField(label="Date of the strategy discussion")
    agencies = forms.MultipleChoiceField(
        label="Agencies that took part",
        choices=StrategyAgency.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
    )
    s47_initiated = YesNoField(
        label="Did the discussion start a section 47 enquiry?",
        required_message="Select yes if the discussion started a section 47 enquiry, or no",
    )
    worker = _worker_field(
        "Social worker leading the enquiry", "Only if the discussion started a section 47 enquiry"
    )
    summary = forms.CharField(
        label="What was discussed and decided",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class Section47OutcomeForm(ActionForm):
    """``complete_section47``: what the section 47 enquiry concluded."""

    outcome = forms.ChoiceField(
        label="Outcome of the enquiry",
        choices=S47Outcome.choices,
        widget=forms.RadioSelect,
    )
    ended_on = DateField(label="Date the enquiry was completed")


class InitialConferenceForm(ActionForm):
    """``hold_initial_conference``: the initial child protection conference after the enquiry."""

    held_on = DateField(label="Date of the conference")
    participation = _participation_field()
    plan_decided = YesNoField(
        label="Did the conference decide on a child protection plan?",
        required_message="Select yes if the conference decided on a child protection plan, or no",
    )
    category = _category_field(
        "Category of abuse", required=False, help_text="Only if the conference decided on a plan"
    )

    def clean(self):
        # The category is asked for only when a plan was decided (the action refuses a plan
        # without one, in its own words).
        cleaned = super().clean()
        if cleaned.get("plan_decided") and not cleaned.get("category"):
            self.add_error(
                "category", "Select the category of abuse, as the conference decided on a plan"
            )
        return cleaned


class TransferInConferenceForm(ActionForm):
    """``hold_transfer_in_conference``: the child arrived on another council's plan."""

    held_on = DateField(label="Date of the conference")
    participation = _participation_field()
    category = _category_field("Category of abuse", required=True)


class ReviewConferenceForm(ActionForm):
    """``hold_cp_review``: a review child protection conference of the open plan."""

    held_on = DateField(label="Date of the review conference")
    participation = _participation_field()
    quorate = YesNoField(
        label="Was the conference quorate?",
        required_message="Select yes if the conference was quorate, or no",
        help_text="Children's social care and at least two other agencies in contact with the child",
    )
    plan_continues = YesNoField(
        label="Does the child protection plan continue?",
        required_message="Select yes if the child protection plan continues, or no",
        help_text="If not, the plan ends on the day of the review",
    )
    latest_category = _category_field(
        "Category of abuse now", required=False, help_text="Change it only if it has changed"
    )


class EndCPPlanForm(ActionForm):
    """``end_cp_plan``: the plan ends outside a review (the child moved away or came into care)."""

    ended_on = DateField(label="Date the plan ended")


class StartCINPlanForm(ActionForm):
    """``start_cin_plan``: a child in need plan on the child's referral."""

    started_on = DateField(label="Date the plan started")


class EndCINPlanForm(ActionForm):
    """``end_cin_plan``."""

    ended_on = DateField(label="Date the plan ended")


class VisitForm(ActionForm):
    """``record_visit``: a visit to the child, and what the child said in their own words."""

    kind = forms.ChoiceField(
        label="Kind of visit", choices=VisitKind.choices, widget=forms.RadioSelect
    )
    visited_on = DateField(label="Date of the visit")
    method = forms.ChoiceField(
        label="How the visit took place",
        choices=VisitMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the visit took place"},
    )
    seen = YesNoField(
        label="Was the child seen?",
        required_message="Select yes if the child was seen, or no",
    )
    seen_alone = YesNoField(
        label="Was the child seen alone?",
        required_message="Select yes if the child was seen alone, or no",
    )
    bedroom_seen = YesNoField(
        label="Was the child's bedroom seen?",
        required=False,
        help_text="Leave it unanswered if the visit was not at the child's home",
    )
    wishes_and_feelings = forms.CharField(
        label="The child's wishes and feelings, in their own words",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Write down what the child said, as they said it",
    )
    worker = _worker_field("Who visited", "")
