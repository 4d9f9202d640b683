"""An expected refusal (403) is one line in the log, without a traceback; a fault keeps its."""

import logging

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_refused_page_is_one_warning_line_without_traceback(client, personas, caplog):
    client.force_login(personas.sam)  # a social worker: no pseudonymised lists
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get(reverse("oversight:pseudonymised-list"))
    assert response.status_code == 403
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.levelno == logging.WARNING
    assert record.exc_info is None
    assert record.getMessage() == "Forbidden (Permission denied): /oversight/pseudonymised/"
    assert "Traceback" not in caplog.text
    assert len(caplog.text.strip().splitlines()) == 1


def test_a_failing_page_still_logs_its_traceback(settings, personas, caplog):
    settings.ROOT_URLCONF = "opencsc.core.tests.test_views_server_error"
    client = Client(raise_request_exception=False)
    client.force_login(personas.sam)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get("/broken/").status_code == 500
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.levelno == logging.ERROR
    assert "Traceback" in caplog.text and "the database went away" in caplog.text
