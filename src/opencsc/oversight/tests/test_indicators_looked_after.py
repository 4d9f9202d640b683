"""Indicators of children looked after, care leavers and the workforce, on hand-built records
whose counts are known exactly."""

import datetime as dt
from decimal import Decimal

import pytest

from opencsc.oversight.indicators import CATALOGUE, Period, value
from opencsc.workforce import actions as wf

from . import indicator_scenarios as s

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]

D = dt.date
YEAR = Period.for_year(s.CARE_YEAR)


def run(code, period=YEAR):
    entry = CATALOGUE[code]
    count = entry.compute(period)
    return count.numerator, count.denominator, value(entry, count), count.children


@pytest.fixture
def kids(personas):
    return s.looked_after(personas.sam)


def test_short_breaks_are_left_out_of_children_looked_after(kids):
    numerator, _, shown, children = run("cla_31mar_count")
    assert children == {kids.m.pk, kids.n.pk, kids.lt.pk, kids.lt2.pk}
    assert (numerator, shown) == (4, 4)
    assert run("cla_starts_count")[3] == {kids.s2.pk}
    assert run("cla_ceased_count")[3] == {kids.s2.pk}


def test_temporary_stays_and_moves_to_the_same_carers_are_not_placement_changes(kids):
    numerator, denominator, shown, children = run("cla_3plus_placements_pct")
    assert (numerator, denominator, shown) == (1, 4, Decimal("25.0"))
    assert children == {kids.m.pk}


def test_long_term_stability_follows_the_carer_not_the_placement_record(kids):
    numerator, denominator, shown, children = run("cla_long_term_stability_pct")
    assert (numerator, denominator, shown) == (1, 2, Decimal("50.0"))
    assert children == {kids.lt.pk}


def test_missing_counts_children_looked_after_at_any_time_in_the_year(kids):
    numerator, denominator, shown, children = run("cla_missing_pct")
    # m, n, lt, lt2 and s2 were looked after in the year; sb (short breaks) is not counted.
    assert (numerator, denominator, shown) == (1, 5, Decimal("20.0"))
    assert children == {kids.m.pk}


def test_the_oc2_cohort_is_looked_after_for_12_months_at_31_march(kids):
    assert run("cla_oc2_teeth_check_pct")[:4] == (1, 4, Decimal("25.0"), {kids.lt.pk})
    assert run("cla_oc2_health_assessment_pct")[:4] == (1, 4, Decimal("25.0"), {kids.lt2.pk})


def test_three_social_workers_in_the_year(kids, personas):
    for worker, on in ((personas.sam, D(2025, 4, 10)), (personas.olly, D(2025, 6, 10))):
        wf.allocate(by=personas.tara, person=kids.m, worker=worker.worker, started_on=on)
    wf.allocate(by=personas.tara, person=kids.n, worker=personas.sam.worker, started_on=on)
    assert run("cla_3plus_social_workers_pct")[0] == 0
    wf.allocate(
        by=personas.tara, person=kids.m, worker=personas.tara.worker, started_on=D(2025, 9, 10)
    )
    assert run("cla_3plus_social_workers_pct")[:4] == (1, 4, Decimal("25.0"), {kids.m.pk})


def test_a_year_only_measure_refuses_another_period(kids):
    with pytest.raises(ValueError, match="collection year"):
        run("cla_3plus_placements_pct", Period(D(2025, 4, 1), D(2025, 12, 31)))


def test_care_leavers_are_reported_from_the_contact_nearest_the_birthday(personas):
    leavers = s.care_leavers(personas.sam)
    for code in (
        "care_leavers_19_21_in_touch_pct",
        "care_leavers_19_21_eet_pct",
        "care_leavers_19_21_suitable_accom_pct",
    ):
        assert run(code)[:4] == (1, 2, Decimal("50.0"), {leavers.x.pk}), code
    assert run("care_leavers_19_21_not_in_touch_pct")[3] == {leavers.y.pk}
    assert run("care_leavers_17_18_eet_pct")[:3] == (0, 0, None)


def test_the_workforce_is_counted_at_30_september(personas):
    by, team = personas.ada, personas.north
    start = D(2024, 1, 8)

    def worker(n, **extra):
        return wf.create_worker(
            by=by,
            staff_id=f"W{n}",
            first_name="W",
            last_name=str(n),
            job_title="Social worker",
            team=team,
            started_on=start,
            swe_registration=f"SW{n:06d}",
            **extra,
        )

    worker(1)
    worker(2, fte=Decimal("0.5"))
    worker(3, is_agency=True)
    wf.worker_leaves(by=by, worker=worker(4), left_on=D(2025, 6, 1))
    wf.worker_leaves(by=by, worker=worker(5), left_on=D(2025, 10, 1))  # in post on 30 September
    # The year 2025-26's census date is 30 September 2025.
    assert run("sw_fte")[2] == Decimal("2.5")  # 1 + 0.5 + the leaver of 1 October
    assert run("sw_agency_pct")[:3] == (1, Decimal("3.5"), Decimal("28.6"))
    assert run("sw_turnover_pct")[:3] == (1, Decimal("2.5"), Decimal("40.0"))
