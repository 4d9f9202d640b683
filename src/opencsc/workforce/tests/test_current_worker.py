"""The worker a user signs in as: one answer, used by access (whose children they see) and the
API (who recorded a visit)."""

import datetime as dt

import pytest

from opencsc.workforce import actions as wf
from opencsc.workforce.models import Worker

D = dt.date

pytestmark = pytest.mark.django_db


def test_a_user_s_worker_is_current_until_the_day_they_leave(personas):
    p = personas
    pat = p.pat.worker
    wf.worker_leaves(by=p.ada, worker=pat, left_on=D(2026, 3, 1))

    assert Worker.objects.current_for(p.pat, D(2026, 2, 28)) == pat
    assert Worker.objects.current_for(p.pat, D(2026, 3, 1)) is None
    assert Worker.objects.current_for(p.tara, D(2026, 3, 1)) == p.tara.worker


def test_a_user_with_no_worker_has_none(personas):
    assert Worker.objects.current_for(personas.ada, D(2026, 3, 1)) is None
