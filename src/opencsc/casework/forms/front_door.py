"""Forms for the front door: contacts, early help, referrals, assessments."""

from typing import Any

from django import forms

from opencsc.core.forms import ActionForm, YesNoField
from opencsc.core.govuk import DateField
from opencsc.workforce.forms import WorkerChoiceField, current_workers
from opencsc.workforce.models import Team

from ..codes import (
    DISCOURAGED_FACTORS,
    AssessmentFactor,
    ClosureReason,
    ContactOutcome,
    EarlyHelpEndReason,
    PrimaryNeed,
    ReferralSource,
)
from ..models import Contact

SOURCE_CHOICES = [("", "Choose a source"), *ReferralSource.choices]


def worker_field(label: str) -> WorkerChoiceField:
    """An optional choice of the council's current workers (an action's ``worker=``)."""
    return WorkerChoiceField(
        label=label, queryset=current_workers(), required=False, empty_label="Choose a worker"
    )


def team_field(label: str = "Team") -> forms.ModelChoiceField:
    """An optional choice of the council's teams (an action's ``team=``)."""
    return forms.ModelChoiceField(
        label=label, queryset=Team.objects.all(), required=False, empty_label="Choose a team"
    )


class ContactForm(ActionForm):
    """``record_contact``: something received at the front door about this child."""

    received_on = DateField(label="Date the contact was received")
    source = forms.ChoiceField(
        label="Source of the contact",
        choices=SOURCE_CHOICES,
        help_text="Who got in touch, as the CIN census codes it",
    )
    summary = forms.CharField(
        label="What was said",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Who made contact and the concern, in their words where you can",
    )


class ContactDecisionForm(ActionForm):
    """``decide_contact``: the front door's decision on a contact."""

    outcome = forms.ChoiceField(
        label="Decision",
        choices=ContactOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the decision on the contact"},
    )
    decided_on = DateField(label="Date of the decision")


# --- Early help ---------------------------------------------------------------------------------


class EarlyHelpStartForm(ActionForm):
    """``start_early_help``: support offered before (or instead of) a statutory referral."""

    started_on = DateField(label="Date early help started")
    reason = forms.CharField(
        label="Reason for early help",
        required=False,
        max_length=200,
        help_text="What the family needs help with",
    )
    worker = worker_field("Early help worker")
    organisation = forms.CharField(
        label="Organisation leading the support",
        required=False,
        max_length=120,
        help_text="If the lead is outside the council, for example a school or a charity",
    )


class EarlyHelpEndForm(ActionForm):
    """``end_early_help``."""

    ended_on = DateField(label="Date early help ended")
    end_reason = forms.ChoiceField(
        label="Reason early help ended",
        choices=EarlyHelpEndReason.choices,
        widget=forms.RadioSelect,
    )
    assessment_completed_on = DateField(
        label="Date the early help assessment was completed",
        required=False,
        help_text="Leave blank if there was no early help assessment. For example, 27 3 2024",
    )


# --- Referrals ----------------------------------------------------------------------------------


class ContactChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Contact) -> str:
        return f"Contact received on {obj.received_on:%-d %B %Y} ({obj.get_source_display()})"


class ReferralForm(ActionForm):
    """``open_referral``: a referral to children's social care, which opens a CIN episode. It may
    come from one of the child's contacts (the form is given the child to list them)."""

    received_on = DateField(
        label="Referral date",
        help_text="The date the referral was received. For example, 27 3 2024",
    )
    source = forms.ChoiceField(
        label="Source of the referral",
        choices=SOURCE_CHOICES,
        help_text="Who made the referral, as the CIN census codes it",
    )
    primary_need = forms.ChoiceField(
        label="Primary need",
        choices=PrimaryNeed.choices,
        initial=PrimaryNeed.N0,
        help_text="The child's main need, if known: the highest in the list that applies",
    )
    contact = ContactChoiceField(
        label="Contact",
        queryset=Contact.objects.none(),
        required=False,
        empty_label="Not from a contact",
        help_text="If the referral came from one of the child's contacts",
    )
    team = team_field()
    worker = worker_field("Worker")

    def __init__(self, *args: Any, child: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if child is not None:
            self.fields["contact"].queryset = child.contacts.order_by("-received_on", "-pk")


class ReferralDecisionForm(ActionForm):
    """``decide_referral``: next steps decided. No further action closes the referral (RC8)."""

    decided_on = DateField(label="Date of the decision")
    nfa = YesNoField(
        label="Is the decision no further action?",
        help_text="No further action closes the referral on the date of the decision",
        required_message="Select yes if the decision is no further action, or no",
    )
    primary_need = forms.ChoiceField(
        label="Primary need",
        choices=PrimaryNeed.choices,
        help_text="The child's main need: the highest in the list that applies",
    )


class ReferralClosureForm(ActionForm):
    """``close_referral``: the end of the CIN episode, with the census reason for closure."""

    closed_on = DateField(label="Closure date")
    reason = forms.ChoiceField(
        label="Reason for closure",
        choices=ClosureReason.choices,
        widget=forms.RadioSelect,
    )


# --- Assessments --------------------------------------------------------------------------------


class AssessmentStartForm(ActionForm):
    """``start_assessment``: a child and family assessment on the open referral."""

    started_on = DateField(label="Date the assessment started")
    worker = worker_field("Worker doing the assessment")
    team = team_field()


class AssessmentCompletionForm(ActionForm):
    """``complete_assessment``: the assessment as authorised, with the factors identified at its
    end (CIN census AssessmentFactors). The authorisation date is its completion date."""

    authorised_on = DateField(label="Date the assessment was authorised")
    child_seen = YesNoField(
        label="Was the child seen during the assessment?",
        required_message="Select yes if the child was seen during the assessment, or no",
    )
    factors = forms.MultipleChoiceField(
        label="Factors identified at the end of the assessment",
        # The action refuses the two codes that do not say who the perpetrator was: not offered.
        choices=[c for c in AssessmentFactor.choices if c[0] not in DISCOURAGED_FACTORS],
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply, or 'No factors identified'",
    )
    services_required = YesNoField(
        label="Are services required?",
        help_text="Services from children's social care after the assessment",
        required_message="Select yes if services are required, or no",
    )
