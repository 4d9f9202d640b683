"""The Returns page: who may use it, producing a return in the background, the report."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.urls import reverse

from opencsc.returns.models import ReturnRun, RunStatus
from opencsc.testing import PASSWORD

from . import scenarios

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def signed_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.mark.parametrize(
    "name, allowed",
    [
        ("alex", True),
        ("hana", True),
        ("sam", False),
        ("tara", False),
        ("ines", False),
        ("ada", False),
    ],
)
def test_only_analysts_and_leaders_reach_the_returns_page(client, personas, name, allowed):
    response = signed_in(client, getattr(personas, name)).get(reverse("returns:return-list"))
    assert response.status_code == (200 if allowed else 403)
    if allowed:
        assert "Produce the return" in response.content.decode()


def test_a_bad_request_names_the_field(client, personas):
    response = signed_in(client, personas.alex).post(
        reverse("returns:return-create"), {"kind": "annex_a"}
    )
    assert response.status_code == 400
    assert "Enter the date of the extract" in response.content.decode()
    assert ReturnRun.objects.count() == 0


@pytest.mark.parametrize("year", ["1900", "2099"])
def test_an_annex_a_date_outside_the_years_opencsc_reports_on_is_refused(client, personas, year):
    response = signed_in(client, personas.alex).post(
        reverse("returns:return-create"),
        {"kind": "annex_a", "as_of_day": "30", "as_of_month": "11", "as_of_year": year},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert (
        '<a href="#id_as_of_day">Date of the extract must be between 1 April 2022 and today, '
        in page
    )
    assert ReturnRun.objects.count() == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["annex-a", "--as-of", "1900-01-01"],
            "--as-of: Date of the extract must be between 1 April 2022 and today, ",
        ),
        (
            ["annex-a", "--as-of", "2099-11-30"],
            "--as-of: Date of the extract must be between 1 April 2022 and today, ",
        ),
        (["ssda903", "--year", "1900"], "--year: Choose a collection year from 2023 to "),
        (["cin", "--year", "2099"], "--year: Choose a collection year from 2023 to "),
    ],
    ids=["annex-a 1900", "annex-a 2099", "ssda903 1900", "cin 2099"],
)
def test_the_command_refuses_a_year_or_date_outside_them(personas, tmp_path, args, message):
    out = tmp_path / "out"
    with pytest.raises(CommandError) as refused:
        call_command("returns", *args, "--out", str(out))
    assert str(refused.value).startswith(message)
    assert not out.exists()


@override_settings(TASKS=IMMEDIATE)
def test_producing_the_903_runs_the_export_and_the_dfe_rules(
    client, personas, django_capture_on_commit_callbacks
):
    scenarios.build(personas)
    client = signed_in(client, personas.alex)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("returns:return-create"), {"kind": "ssda903", "year": "2026"}
        )
    run = ReturnRun.objects.get()
    assert response.url == reverse("returns:return-detail", args=[run.pk])
    assert run.status == RunStatus.DONE, run.message
    assert run.counts["Episodes"] == 4  # Mia 2, Omar 1, Ava 1
    assert run.report["rules_run"] > 250
    page = client.get(response.url).content.decode()
    assert "Download ssda903_2026.zip" in page
    download = client.get(reverse("returns:return-download", args=[run.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith('attachment; filename="ssda903_2026.zip"')


@pytest.mark.django_db(transaction=True)
def test_the_background_worker_picks_up_a_queued_return(personas):
    """The real path: the database task backend, then the worker process's command."""
    from opencsc.returns import actions

    scenarios.build(personas)
    run = actions.request_return(by=personas.alex, kind="ssda903", year=2026)
    run.refresh_from_db()
    assert run.status == RunStatus.QUEUED and run.task_id
    call_command("worker", batch=True)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.message
    assert run.error_count is not None
