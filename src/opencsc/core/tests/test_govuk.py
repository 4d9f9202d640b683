"""GOV.UK form markup from ``{% govuk_field %}``, ``{% govuk_error_summary %}`` and DateField."""

import datetime as dt

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.template import Context, Template

from opencsc.core.errors import ActionError
from opencsc.core.govuk import DateField, TimeField, add_action_error


class ExampleForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(
        label="Full name",
        help_text="As on their birth certificate",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea)
    team = forms.ChoiceField(label="Team", choices=[("", "Choose"), ("n", "North")])
    seen = forms.ChoiceField(
        label="Was the child seen?",
        widget=forms.RadioSelect,
        choices=[("", "---------"), ("Y", "Yes"), ("N", "No")],
    )
    needs = forms.MultipleChoiceField(
        label="Needs",
        widget=forms.CheckboxSelectMultiple,
        choices=[("a", "A"), ("b", "B")],
        required=False,
    )
    urgent = forms.BooleanField(label="This is urgent", required=False)
    started_on = DateField(label="Date of birth")


def render(form, source="{% govuk_error_summary form %}{% govuk_fields form %}") -> str:
    return Template("{% load govuk %}" + source).render(Context({"form": form}))


def test_an_unbound_form_has_labels_hints_and_no_errors():
    html = render(ExampleForm(initial={"started_on": dt.date(2024, 3, 27), "version": 3}))
    assert "There is a problem" not in html
    assert '<label class="govuk-label" for="id_name">Full name</label>' in html
    assert '<div id="id_name-hint" class="govuk-hint">As on their birth certificate</div>' in html
    assert 'class="govuk-input govuk-input--width-20"' in html
    assert 'aria-describedby="id_name-hint"' in html
    assert "Notes (optional)" in html
    assert 'class="govuk-textarea"' in html
    assert 'class="govuk-select"' in html
    assert 'type="hidden" name="version" value="3"' in html
    # the date is split into day, month and year boxes
    assert (
        'id="id_started_on_day" name="started_on_day" type="text" inputmode="numeric" value="27"'
        in html
    )
    assert 'name="started_on_year" type="text" inputmode="numeric" value="2024"' in html


def test_radios_and_checkboxes_are_fieldsets_without_the_blank_choice():
    html = render(ExampleForm())
    assert '<legend class="govuk-fieldset__legend">Was the child seen?</legend>' in html
    assert 'class="govuk-radios__input" id="id_seen_1" name="seen" type="radio" value="Y"' in html
    assert "---------" not in html
    assert (
        'class="govuk-checkboxes__input" id="id_needs_0" name="needs" type="checkbox" value="a"'
        in html
    )
    assert (
        '<label class="govuk-label govuk-checkboxes__label" for="id_urgent">This is urgent</label>'
        in html
    )


def test_errors_are_summarised_and_linked_to_the_first_input_of_each_field():
    form = ExampleForm({"version": "1", "name": "", "team": "n", "started_on_day": "3"})
    html = render(form)
    assert '<h2 class="govuk-error-summary__title">There is a problem</h2>' in html
    assert '<a href="#id_name">This field is required.</a>' in html
    assert '<a href="#id_seen_1">' in html  # the first real radio, not the blank choice
    # the link goes to the first date part in error
    assert '<a href="#id_started_on_month">Date of birth must include a month and year</a>' in html
    assert 'id="id_name-error" class="govuk-error-message"' in html
    assert 'aria-describedby="id_name-hint id_name-error"' in html
    assert "govuk-input govuk-input--width-20 govuk-input--error" in html


def test_only_the_date_part_in_error_is_marked():
    html = render(ExampleForm({"started_on_day": "3", "started_on_month": "4"}))
    assert 'govuk-input--width-2" id="id_started_on_day"' in html
    assert 'govuk-input--width-4 govuk-input--error" id="id_started_on_year"' in html


@pytest.mark.parametrize(
    ("day", "month", "year", "error"),
    [
        ("", "", "", "Enter the date of birth"),
        ("31", "2", "2024", "Date of birth must be a real date"),
        ("x", "2", "2024", "Date of birth must be a real date"),
        ("1", "2", "24", "Year must include 4 numbers"),
        ("1", "2", "9" * 20, "Year must include 4 numbers"),
        (
            "9" * 20,
            "2",
            "2024",
            "Date of birth must be a real date: the day must be a number from 1 to 31",
        ),
        (
            "0",
            "2",
            "2024",
            "Date of birth must be a real date: the day must be a number from 1 to 31",
        ),
        (
            "1",
            "9" * 20,
            "2024",
            "Date of birth must be a real date: the month must be a number from 1 to 12",
        ),
        (
            "1",
            "13",
            "2024",
            "Date of birth must be a real date: the month must be a number from 1 to 12",
        ),
        ("1", "²", "2024", "Date of birth must be a real date"),
        ("1", "2", "0000", "Date of birth must be a real date"),
        ("", "2", "2024", "Date of birth must include a day"),
    ],
)
def test_date_field_errors_use_the_design_system_wording(day, month, year, error):
    form = ExampleForm({"started_on_day": day, "started_on_month": month, "started_on_year": year})
    assert form.errors["started_on"] == [error]


def test_date_field_cleans_to_a_date():
    data = {"started_on_day": " 7 ", "started_on_month": "06", "started_on_year": "2015"}
    form = ExampleForm(data)
    form.is_valid()
    assert form.cleaned_data["started_on"] == dt.date(2015, 6, 7)


def test_a_page_heading_label_is_the_h1():
    html = render(ExampleForm(), "{% govuk_field form.name page_heading=True %}")
    assert '<h1 class="govuk-label-wrapper"><label class="govuk-label govuk-label--l"' in html


def test_an_action_error_lands_beside_its_field_or_above_the_form():
    form = ExampleForm({"name": "A"})
    form.is_valid()
    add_action_error(form, ActionError("name", "The name is taken.", "Choose another."))
    add_action_error(form, ActionError("version", "Someone else saved this first.", "Reload."))
    add_action_error(form, ActionError("nowhere", "Refused.", ""))
    assert "The name is taken. Choose another." in form.errors["name"]
    assert "Refused." in form.non_field_errors()
    html = render(form)
    # a hidden field's error links to the first visible field
    assert '<a href="#id_name">Someone else saved this first. Reload.</a>' in html


@pytest.mark.parametrize(
    ("typed", "time"),
    [
        ("14:30", (14, 30)),
        ("9:05", (9, 5)),
        ("09.05", (9, 5)),
        ("2:30pm", (14, 30)),
        ("12am", (0, 0)),
        ("7", (7, 0)),
        (" 23:59 ", (23, 59)),
    ],
)
def test_a_time_box_reads_the_ways_people_type_a_time(typed, time):
    assert TimeField(label="Time it happened").clean(typed) == dt.time(*time)


@pytest.mark.parametrize("typed", ["25:00", "14:3", "14:60", "13pm", "noon", "¹4:30", "9" * 40])
def test_a_time_box_refuses_what_is_not_a_time_in_govuk_words(typed):
    with pytest.raises(ValidationError) as refused:
        TimeField(label="Time it happened").clean(typed)
    assert refused.value.messages == ["Time it happened must be a real time, like 14:30"]


def test_an_empty_time_box_asks_for_the_time_by_its_label():
    with pytest.raises(ValidationError) as refused:
        TimeField(label="Time it happened").clean("")
    assert refused.value.messages == ["Enter the time it happened"]
    assert TimeField(label="Time it happened", required=False).clean("") is None
