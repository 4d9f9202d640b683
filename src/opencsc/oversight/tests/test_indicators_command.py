"""`opencsc indicators`: one row per indicator, the CSV's exact columns, and one line for a
period that makes no sense."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from opencsc.oversight.indicators import catalogue

from . import indicator_scenarios as s

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("indicators", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_the_csv_has_exactly_these_columns_and_a_row_per_indicator(personas):
    s.front_door(personas.sam)
    out, _ = run("--year", str(s.YEAR), "--format", "csv")
    assert out.splitlines()[0] == "code,name,value,numerator,denominator"
    table = rows(out)
    assert [r["code"] for r in table] == [e.code for e in catalogue()]
    by_code = {r["code"]: r for r in table}
    assert by_code["rereferrals_12m_pct"] == {
        "code": "rereferrals_12m_pct",
        "name": "Re-referrals within 12 months",
        "value": "40.0",
        "numerator": "2",
        "denominator": "5",
    }
    assert by_code["referrals_count"]["value"] == "5"
    assert by_code["referrals_count"]["denominator"] == ""
    # Nothing assessed in the year: a blank value, not 0.
    assert by_code["assessments_45wd_pct"]["value"] == ""
    assert by_code["assessments_45wd_pct"]["denominator"] == "0"


def test_the_table_names_the_year(personas):
    out, _ = run("--year", str(s.YEAR))
    assert out.splitlines()[0] == "Indicators for 2023-24"
    assert "rereferrals_12m_pct" in out


def test_any_period_leaves_out_the_year_only_measures_and_says_so(personas):
    s.front_door(personas.sam)
    out, err = run("--from", "2023-06-01", "--to", "2023-07-03", "--format", "csv")
    by_code = {r["code"]: r for r in rows(out)}
    assert by_code["referrals_count"]["value"] == "2"
    assert "cla_3plus_placements_pct" not in by_code
    assert "cla_3plus_placements_pct" in err and "--year" in err


def test_a_period_that_is_a_collection_year_is_one(personas):
    out, err = run(
        "--from", "2023-04-01", "--to", "2024-03-31", "--code", "cla_3plus_placements_pct"
    )
    assert "cla_3plus_placements_pct" in out and not err


@pytest.mark.parametrize(
    "args, words",
    [
        (
            ["--code", "cla_3plus_placements_pct", "--from", "2025-01-01", "--to", "2025-06-30"],
            "collection year only",
        ),
        (["--from", "2020-01-01", "--to", "2020-06-30"], "1 April 2022"),
        (["--from", "2026-01-01", "--to", "2026-12-31"], "and today"),
        (["--year", "2027"], "has not ended"),
        (["--year", "2019"], "Choose a collection year"),
        (["--year", "2026", "--from", "2025-04-01"], "not both"),
        (["--from", "2025-04-01"], "both --from and --to"),
        (["--year", "2026", "--code", "no_such_thing"], "No indicator no_such_thing"),
    ],
)
def test_a_period_or_code_that_makes_no_sense_is_refused_in_one_line(personas, args, words):
    with pytest.raises(CommandError) as error:
        run(*args)
    assert words in str(error.value)
    assert "\n" not in str(error.value)
