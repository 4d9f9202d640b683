"""Every recording form, found from the URL configuration (``core.forms.recording_views``), as Sam
on Lily: the blank page renders as the one pattern; an empty or nonsense submission is refused with
a GOV.UK error summary naming each field, in the Design System's words, and writes nothing."""

import re

import pytest
from django.apps import apps
from django.urls import reverse

from opencsc.core.forms import recording_views
from opencsc.core.govuk import DateField
from opencsc.testing import give_records, record_kwarg

VIEWS = sorted(recording_views(), key=lambda v: v[0])
FORMS = [(name, view) for name, view, _ in VIEWS]
CASE_APPS = {"people", "workforce", "casework", "care", "audit"}


def every_row() -> dict[str, int]:
    """Rows of every case table and of the change log (the read log records the visit itself)."""
    return {
        m._meta.label: m._base_manager.count()
        for m in apps.get_models()
        if m._meta.app_label in CASE_APPS and m._meta.label != "audit.AccessEvent"
    }


@pytest.fixture
def lily(personas, today):
    give_records(personas.lily, by=personas.sam)
    return personas.lily


def url_for(name: str, child) -> str:
    params = next(params for n, _, params in VIEWS if n == name)
    kwargs = {p: child.pk if p == "person_id" else record_kwarg(child, p) for p in params}
    return reverse(name, kwargs=kwargs)


def test_the_registry_finds_the_recording_forms():
    names = {name for name, _ in FORMS}
    assert {"casework:contact-create", "casework:contact-decide"} <= names


@pytest.mark.parametrize(("name", "view"), FORMS, ids=[name for name, _ in FORMS])
def test_a_blank_form_is_the_one_pattern(client, personas, lily, name, view):
    client.force_login(personas.sam)
    response = client.get(url_for(name, lily))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="govuk-back-link"' in page
    if "person_id" in next(params for n, _, params in VIEWS if n == name):
        assert f'<span class="govuk-caption-l">{lily}</span>' in page
    assert re.search(r'<button type="submit" class="govuk-button"[^>]*>\s*\S', page)
    assert "There is a problem" not in page


@pytest.mark.parametrize(("name", "view"), FORMS, ids=[name for name, _ in FORMS])
def test_an_empty_form_names_every_required_field_and_writes_nothing(
    client, personas, lily, name, view
):
    client.force_login(personas.sam)
    before = every_row()
    response = client.post(url_for(name, lily), {})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "This field is required" not in page
    form = response.context["form"]  # as the page built it (its choices may depend on the child)
    for field_name, field in form.fields.items():
        if field.required:
            message = str(field.error_messages["required"])
            if isinstance(field, DateField):
                message = message % field._params()
            assert message in page, f"{name}: no error for {field_name}"
    assert every_row() == before, f"{name} wrote something on a refused form"


@pytest.mark.parametrize(("name", "view"), FORMS, ids=[name for name, _ in FORMS])
def test_nonsense_is_refused_and_writes_nothing(client, personas, lily, name, view):
    client.force_login(personas.sam)
    form = client.get(url_for(name, lily)).context["form"]
    data = {}
    for field_name, field in form.fields.items():
        if isinstance(field, DateField):
            data |= {
                f"{field_name}_day": "99",
                f"{field_name}_month": "1",
                f"{field_name}_year": "2026",
            }
        else:
            data[field_name] = "\u00a7 not a choice " * 400
    before = every_row()
    response = client.post(url_for(name, lily), data)
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert every_row() == before


DATED = [
    (name, view)
    for name, view in FORMS
    if any(isinstance(f, DateField) for f in view.form_class.base_fields.values())
]


@pytest.mark.parametrize(("name", "view"), DATED, ids=[name for name, _ in DATED])
@pytest.mark.parametrize("part", ["day", "month", "year"])
def test_an_over_long_date_part_is_a_field_error(client, personas, lily, name, view, part):
    client.force_login(personas.sam)
    dates = [n for n, f in view.form_class.base_fields.items() if isinstance(f, DateField)]
    data = {}
    for date in dates:
        data |= {f"{date}_day": "1", f"{date}_month": "3", f"{date}_year": "2026"}
        data[f"{date}_{part}"] = "9" * 20
    before = every_row()
    response = client.post(url_for(name, lily), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    wanted = {"day": "the day must be a number", "month": "the month must be a number"}
    assert wanted.get(part, "Year must include 4 numbers") in page
    assert every_row() == before
