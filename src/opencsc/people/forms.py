"""Forms for a child's own record: registering them, their birth, their details, the people in
their life, where they live, and warning notes to staff. Field names are the keyword arguments of
``people.actions``."""

from typing import Any

from django import forms

from opencsc.core.checks import today
from opencsc.core.forms import ActionForm, VersionedForm, YesNoField
from opencsc.core.govuk import DateField
from opencsc.workforce.forms import WorkerChoiceField
from opencsc.workforce.models import Worker

from .codes import (
    AddressKind,
    Disability,
    Ethnicity,
    RelationshipKind,
    Sex,
    UPNUnknown,
    WarningKind,
)
from .timescales import warning_note_review_due, warning_note_review_months


def _choose(what: str, choices: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [("", f"Choose {what}"), *choices]


class _Identity(forms.Form):
    """What identifies a child, as ``register_person`` and ``update_person`` take it."""

    first_name = forms.CharField(label="First name", max_length=60)
    last_name = forms.CharField(label="Last name", max_length=60)
    la_child_id = forms.CharField(
        label="LA child ID",
        max_length=20,
        help_text="The council's ID for the child: up to 20 letters and digits",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"}),
    )
    date_of_birth = DateField(
        label="Date of birth",
        required=False,
        help_text="For example, 27 3 2019. Leave it blank if the child is not born yet",
    )
    expected_date_of_birth = DateField(
        label="Expected date of birth",
        required=False,
        help_text="For an unborn child. For example, 14 6 2027",
    )
    sex = forms.ChoiceField(
        label="Sex",
        choices=Sex.choices,
        widget=forms.RadioSelect,
        help_text="‘Not known’ for an unborn child",
    )
    ethnicity = forms.ChoiceField(
        label="Ethnicity", choices=_choose("an ethnicity", Ethnicity.choices)
    )
    upn = forms.CharField(
        label="UPN",
        max_length=13,
        required=False,
        help_text="The unique pupil number: a letter then 12 characters",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"}),
    )
    upn_unknown = forms.ChoiceField(
        label="Why the UPN is unknown",
        required=False,
        choices=_choose("a reason", UPNUnknown.choices),
    )
    nhs_number = forms.CharField(
        label="NHS number",
        max_length=10,
        required=False,
        help_text="10 digits, no spaces",
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-10", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        # Said with the other errors rather than after them: the action refuses it too.
        if (
            "date_of_birth" not in self.errors
            and "expected_date_of_birth" not in self.errors
            and not cleaned.get("date_of_birth")
            and not cleaned.get("expected_date_of_birth")
        ):
            self.add_error(
                "date_of_birth",
                "Enter the date of birth, or the expected date of birth if the child is not born yet",
            )
        return cleaned


class RegisterChildForm(_Identity, ActionForm):
    """``register_child``: a new child (or unborn child), allocated to a worker who may then see
    them (``people.access.workers_holding_for``)."""

    disabilities = forms.MultipleChoiceField(
        label="Disabilities",
        required=False,
        choices=Disability.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select ‘No disability’ if the child has none. Leave blank for an unborn child",
    )
    worker = WorkerChoiceField(
        label="Allocated social worker",
        queryset=Worker.objects.none(),
        empty_label="Choose a worker",
        help_text="The child's record can be opened by this worker's team",
    )
    allocated_on = DateField(label="Date the social worker was allocated")

    def __init__(self, *args: Any, workers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = workers


class BirthForm(ActionForm):
    """``record_birth``: an unborn child is born."""

    date_of_birth = DateField(label="Date of birth")
    sex = forms.ChoiceField(label="Sex", choices=Sex.choices, widget=forms.RadioSelect)
    disabilities = forms.MultipleChoiceField(
        label="Disabilities",
        choices=Disability.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the disabilities the child has, or ‘No disability’"},
    )


class PersonDetailsForm(_Identity, VersionedForm):
    """``update_person``: correct a child's details, refused if someone else saved first."""


class RelationshipForm(ActionForm):
    """``add_relative``: someone in the child's life, already recorded or new."""

    kind = forms.ChoiceField(
        label="Relationship to the child",
        choices=_choose("a relationship", RelationshipKind.choices),
        help_text="The person is the child's …",
    )
    has_parental_responsibility = YesNoField(
        label="Do they have parental responsibility for the child?",
        required_message="Select yes if they have parental responsibility for the child, or no",
    )
    other = forms.ModelChoiceField(
        label="Person already recorded",
        required=False,
        queryset=None,  # set per child and user in __init__
        empty_label="Someone new (enter their details below)",
    )
    first_name = forms.CharField(label="First name", max_length=60, required=False)
    last_name = forms.CharField(label="Last name", max_length=60, required=False)
    date_of_birth = DateField(label="Date of birth", required=False)

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["other"].queryset = people

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("other") is None and "other" not in self.errors:
            for name, message in (
                ("first_name", "Enter the first name of the new person"),
                ("last_name", "Enter the last name of the new person"),
                ("date_of_birth", "Enter the date of birth of the new person"),
            ):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, message)
        return cleaned


class AddressForm(ActionForm):
    """``move_address``: where the child lives (or another kind of address) from a date."""

    line1 = forms.CharField(label="Address line 1", max_length=120, required=False)
    town = forms.CharField(label="Town or city", max_length=60, required=False)
    postcode = forms.CharField(
        label="Postcode",
        max_length=8,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off"}),
    )
    kind = forms.ChoiceField(
        label="Kind of address",
        choices=AddressKind.choices,
        widget=forms.RadioSelect,
        initial=AddressKind.HOME,
    )
    started_on = DateField(
        label="Date the child started living here",
        help_text="The address it replaces, of the same kind, ends that day. For example, 27 3 2026",
    )


class WarningNoteForm(ActionForm):
    """``add_warning_note``: a warning to staff (staff safety), shown on every page of the record
    until it ends."""

    kind = forms.ChoiceField(
        label="Kind of warning", choices=WarningKind.choices, widget=forms.RadioSelect
    )
    details = forms.CharField(
        label="Details of the risk",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What staff need to know before they visit, and what to do",
    )
    started_on = DateField(label="Date the warning started")
    review_on = DateField(label="Review date")
    person_told = YesNoField(
        label="Has the child or family been told about the warning note?",
        required_message="Select yes if the child or family has been told about the warning "
        "note, or no",
    )
    reason_not_told = forms.CharField(
        label="Reason they have not been told",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only if they have not been told",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["review_on"].help_text = (
            f"After the date it started, and no more than {warning_note_review_months()} months "
            "after it. For example, 27 3 2027"
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        # Said with the other errors rather than after them: the action refuses it too.
        if (
            cleaned.get("person_told") is False
            and not (cleaned.get("reason_not_told") or "").strip()
        ):
            self.add_error(
                "reason_not_told", "Enter the reason the child or family has not been told"
            )
        return cleaned


class ReviewWarningNoteForm(VersionedForm):
    """``review_warning_note``: the note is reviewed today and stays until a new review date."""

    review_on = DateField(label="Next review date")
    details = forms.CharField(
        label="Details of the risk",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Bring them up to date if anything has changed",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        latest = warning_note_review_due(today())
        self.fields["review_on"].help_text = (
            f"After today, and no later than {latest:%-d %-m %Y} (the longest time allowed "
            "between reviews). For example, 27 3 2027"
        )


class EndWarningNoteForm(ActionForm):
    """``end_warning_note``: the risk has gone; the banner stops showing."""

    ended_on = DateField(label="Date the warning ended")
