"""Forms for the front door: contacts, early help, referrals, assessments."""

from django import forms

from opencsc.core.forms import ActionForm
from opencsc.core.govuk import DateField

from ..codes import ContactOutcome, ReferralSource


class ContactForm(ActionForm):
    """``record_contact``: something received at the front door about this child."""

    received_on = DateField(label="Date the contact was received")
    source = forms.ChoiceField(
        label="Source of the contact",
        choices=[("", "Choose a source"), *ReferralSource.choices],
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
