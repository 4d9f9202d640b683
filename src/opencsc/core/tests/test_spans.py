"""One rule for "open on a date", used by every record that runs from a start to an end."""

import datetime as dt

import pytest
from django.apps import apps

from opencsc.casework.models import Assessment, Referral, Section47Enquiry
from opencsc.core.calendar import live_between, open_on
from opencsc.core.models import Span, SpanQuerySet
from opencsc.people.models import Address, ImmigrationStatusSpan

D = dt.date

SPAN_MODELS = [m for m in apps.get_models() if issubclass(m, Span)]


@pytest.mark.parametrize(
    ("on", "is_open"),
    [
        (D(2026, 1, 9), False),  # before it starts
        (D(2026, 1, 10), True),  # its first day
        (D(2026, 1, 19), True),
        (D(2026, 1, 20), False),  # its end date is the first day off
    ],
)
def test_a_span_is_open_from_its_start_up_to_its_end_date(on, is_open):
    assert open_on(D(2026, 1, 10), D(2026, 1, 20), on) is is_open
    assert open_on(D(2026, 1, 10), None, on) is (on >= D(2026, 1, 10))


def test_a_span_is_live_in_a_window_on_its_end_date():
    assert live_between(D(2025, 1, 1), D(2025, 4, 1), D(2025, 4, 1), D(2026, 3, 31))
    assert not live_between(D(2025, 1, 1), D(2025, 3, 31), D(2025, 4, 1), D(2026, 3, 31))
    assert not live_between(D(2026, 4, 1), None, D(2025, 4, 1), D(2026, 3, 31))


def test_the_records_that_had_their_own_version_are_spans():
    for model in (Section47Enquiry, ImmigrationStatusSpan, Address, Referral, Assessment):
        assert model in SPAN_MODELS


@pytest.mark.parametrize("model", SPAN_MODELS, ids=lambda m: m._meta.label)
def test_every_span_model_queries_through_the_span_queryset(model):
    assert isinstance(model.objects.all(), SpanQuerySet)
    start = model._meta.get_field(model.span_start)
    end = model._meta.get_field(model.span_end)
    assert not start.null
    assert end.null


def test_a_model_names_its_own_dates():
    referral = Referral(received_on=D(2026, 1, 10), closed_on=D(2026, 2, 1))
    assert referral.is_open_on(D(2026, 1, 31))
    assert not referral.is_open_on(D(2026, 2, 1))
    where = str(Referral.objects.open(D(2026, 1, 31)).query).split("WHERE")[1]
    assert "received_on" in where
    assert "closed_on" in where
