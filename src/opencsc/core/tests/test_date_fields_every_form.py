"""Every form with a GOV.UK date field refuses an over-long day, month or year with a field
error on its page: never a 500.

The forms are found, not listed by hand: every form class of every opencsc app that has a
``core.govuk.DateField`` must have a case below, or the first test fails.
"""

import importlib
import pkgutil
from dataclasses import dataclass, field
from html import unescape

import pytest
from django import forms
from django.apps import apps
from django.urls import reverse

from opencsc.accounts.forms import RoleForm, UserCreateForm
from opencsc.core.forms import recording_views
from opencsc.core.govuk import DateField
from opencsc.oversight.dashboard import PeriodForm
from opencsc.oversight.views import CohortForm
from opencsc.returns.forms import ReturnRequestForm

pytestmark = pytest.mark.django_db

TWENTY_DIGITS = "9" * 20


@dataclass
class Case:
    form: type[forms.Form]
    persona: str
    url: str  # a URL name; "{user}" in kwargs is a user's pk
    method: str
    date: str  # the date field's name
    data: dict = field(default_factory=dict)  # the form's other fields, valid
    kwargs: dict = field(default_factory=dict)


CASES = [
    Case(
        UserCreateForm,
        "ada",
        "accounts:user-create",
        "post",
        "access_expires",
        {
            "username": "newuser",
            "first_name": "New",
            "last_name": "User",
            "role": "inspector",
            "password": "a-long-enough-password-1",
        },
    ),
    Case(
        RoleForm,
        "ada",
        "accounts:user-role-change",
        "post",
        "access_expires",
        {"role": "inspector"},
        {"user_id": "{user}"},
    ),
    Case(CohortForm, "alex", "oversight:pseudonymised-list", "get", "on", {"cohort": "cla"}),
    Case(
        PeriodForm,
        "alex",
        "oversight:dashboard",
        "get",
        "first",
        {"last_day": "31", "last_month": "3", "last_year": "2026"},
    ),
    Case(ReturnRequestForm, "alex", "returns:return-create", "post", "as_of", {"kind": "annex_a"}),
]


def forms_with_a_date_field() -> set[type[forms.Form]]:
    for app in apps.get_app_configs():
        if not app.name.startswith("opencsc."):
            continue
        for module in pkgutil.walk_packages(app.module.__path__, f"{app.name}."):
            if ".tests" in module.name or ".migrations" in module.name:
                continue
            if module.name.rsplit(".", 1)[-1] in ("forms", "views"):
                importlib.import_module(module.name)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    return {
        form
        for form in subclasses(forms.BaseForm)
        if form.__module__.startswith("opencsc.")
        and ".tests" not in form.__module__
        # A private base (fields shared by two forms) is no page's form: its subclasses are.
        and not form.__name__.startswith("_")
        and any(isinstance(f, DateField) for f in getattr(form, "base_fields", {}).values())
    }


def test_every_form_with_a_date_field_has_a_case_here():
    # The recording forms under a child are driven, over-long dates too, by
    # test_every_recording_form from the URL configuration.
    # A base class shared by recording forms (people's identity fields) is covered through them.
    recording = {base for _, view, _ in recording_views() for base in view.form_class.__mro__}
    assert forms_with_a_date_field() - recording == {case.form for case in CASES}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.form.__name__)
@pytest.mark.parametrize(
    ("day", "month", "year", "part", "error"),
    [
        (
            TWENTY_DIGITS,
            "3",
            "2026",
            "day",
            "must be a real date: the day must be a number from 1 to 31",
        ),
        (
            "1",
            TWENTY_DIGITS,
            "2026",
            "month",
            "must be a real date: the month must be a number from 1 to 12",
        ),
        ("1", "3", TWENTY_DIGITS, "year", "Year must include 4 numbers"),
        (
            "9" * 5000,
            "3",
            "2026",
            "day",
            "must be a real date: the day must be a number from 1 to 31",
        ),
    ],
    ids=["day", "month", "year", "5000-digit day"],
)
def test_an_over_long_date_part_is_a_field_error(
    client, personas, case, day, month, year, part, error
):
    client.force_login(getattr(personas, case.persona))
    kwargs = {k: str(personas.sam.pk) if v == "{user}" else v for k, v in case.kwargs.items()}
    data = {
        **case.data,
        f"{case.date}_day": day,
        f"{case.date}_month": month,
        f"{case.date}_year": year,
    }
    response = getattr(client, case.method)(reverse(case.url, kwargs=kwargs), data)
    # The app answers a refused form with its page again: 200, or 400 where the view says so.
    assert response.status_code in (200, 400)
    html = unescape(response.content.decode())
    assert "There is a problem" in html
    label = case.form.base_fields[case.date].label
    expected = error if error.startswith("Year") else f"{label} {error}"
    # The summary links to the part in error, and only that box is marked.
    assert f'href="#id_{case.date}_{part}">{expected}</a>' in html
    assert f'govuk-input--error" id="id_{case.date}_{part}"' in html
    assert html.count("govuk-input--error") == 1
