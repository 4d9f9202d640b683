from django import forms
from django.utils import timezone

from opencsc.core.govuk import DateField
from opencsc.core.years import collection_year_long_label, latest_complete_year

from .actions import FIRST_YEAR
from .models import ReturnKind


def year_choices():
    latest = latest_complete_year(timezone.localdate())
    return [(y, collection_year_long_label(y)) for y in range(latest + 1, FIRST_YEAR - 1, -1)]


class ReturnRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label="Which return?", choices=ReturnKind.choices, widget=forms.RadioSelect
    )
    year = forms.TypedChoiceField(
        label="Collection year",
        coerce=int,
        required=False,
        help_text="For the SSDA903 and CIN census. The latest complete year is selected.",
    )
    as_of = DateField(
        label="Date of the Annex A extract",
        required=False,
        help_text="For Annex A: usually the day the inspection was announced. For example, 27 11 2026",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices()
        self.fields["year"].initial = latest_complete_year(timezone.localdate())
