"""The indicators dashboard: every indicator for a year beside the DfE's published figures."""

import csv
import gzip
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from opencsc.oversight import benchmarks
from opencsc.oversight.indicators import catalogue

from . import indicator_scenarios as s

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]

PUBLISHED = Path(benchmarks.__file__).parent / "benchmarks.csv.gz"


def get(client, user, **params):
    client.force_login(user)
    return client.get(reverse("oversight:dashboard"), params)


@pytest.mark.parametrize(
    "name, status",
    [("alex", 200), ("hana", 200), ("sam", 403), ("tara", 403), ("ines", 403), ("ada", 403)],
)
def test_only_analysts_and_leaders_reach_it(client, personas, name, status):
    assert get(client, getattr(personas, name), year=2024).status_code == status


def published(code, year, level, where=""):
    with gzip.open(PUBLISHED, "rt") as f:
        for row in csv.DictReader(f):
            key = row["la_code"] if level == "local_authority" else row["region_code"]
            if (row["indicator_code"], row["reporting_year"], row["geography_level"]) == (
                code,
                str(year),
                level,
            ) and (level == "national" or key == where):
                return row["value"]
    return None


def test_the_councils_value_sits_beside_england_its_region_and_neighbours(client, personas):
    s.front_door(personas.sam)
    page = get(client, personas.alex, year=2024).content.decode()
    assert "Indicators for 2023-24" in page
    row = page[page.index("Re-referrals within 12 months") :]
    row = row[: row.index("</tr>")]
    assert ">40.0<" in row and "2023-24" in row
    assert "2 of 5" in re.sub(r"<[^>]+>", "", row)
    assert 'href="/oversight/dashboard/rereferrals_12m_pct/?year=2024">2</a>' in row
    # Norfolk (926, the default council), England and the East of England as published.
    assert published("rereferrals_12m_pct", 2024, "national") == "22.4"
    for figure in (
        published("rereferrals_12m_pct", 2024, "local_authority", "926"),
        "22.4",
        published("rereferrals_12m_pct", 2024, "regional", "E12000006"),
    ):
        assert f">{figure}<" in row, figure
    neighbours = ["935", "908", "878", "830", "929", "886", "933", "925", "891", "887"]
    values = [published("rereferrals_12m_pct", 2024, "local_authority", n) for n in neighbours]
    numbers = [Decimal(v) for v in values if v not in (None, "c", "x", "z", "k", "u", "-")]
    average = (sum(numbers) / len(numbers)).quantize(Decimal("0.1"))
    assert f"{average} " in row and f"({len(numbers)})" in row


def test_a_year_not_yet_published_shows_the_latest_published_and_names_it(client, personas):
    page = get(client, personas.alex, year=2026).content.decode()
    row = page[page.index("Re-referrals within 12 months") :]
    assert "2024-25" in row[: row.index("</tr>")]
    workforce = page[page.index("Average caseload per case-holding social worker") :]
    assert "30 September 2025" in workforce[: workforce.index("</tr>")]


def test_every_indicator_is_on_it_grouped_by_area(client, personas):
    page = get(client, personas.alex, year=2025).content.decode()
    for entry in catalogue():
        assert f'href="/oversight/indicators/#{entry.code}"' in page, entry.code


def test_the_download_is_the_same_table_as_csv(client, personas):
    s.front_door(personas.sam)
    response = get(client, personas.hana, year=2024, format="csv")
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="indicators-2024.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["code"] for r in rows] == [e.code for e in catalogue()]
    by_code = {r["code"]: r for r in rows}
    rereferrals = by_code["rereferrals_12m_pct"]
    # 2 of 5 leaves the service suppressed (disclosure.py); the published figures as published.
    assert (rereferrals["value"], rereferrals["numerator"], rereferrals["denominator"]) == (
        "c",
        "c",
        "c",
    )
    assert rereferrals["published_england"] == "22.4"
    assert rereferrals["published_year"] == "2023-24"
    nothing = by_code["assessments_45wd_pct"]
    assert (nothing["value"], nothing["numerator"], nothing["denominator"]) == ("", "0", "0")


def test_a_year_it_does_not_report_on_is_refused_with_the_fix(client, personas):
    response = get(client, personas.alex, year=2019)
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and "Collection year" in page


def period_query(first, last, **extra):
    return {
        "first_day": first.day,
        "first_month": first.month,
        "first_year": first.year,
        "last_day": last.day,
        "last_month": last.month,
        "last_year": last.year,
        **extra,
    }


def test_any_period_shows_what_it_allows_and_links_the_drill_down_to_it(client, personas):
    import datetime as dt

    s.front_door(personas.sam)
    params = period_query(dt.date(2023, 6, 1), dt.date(2023, 7, 3))
    page = get(client, personas.alex, **params).content.decode()
    assert "Indicators for 01/06/2023 to 03/07/2023" in page
    row = page[page.index(">Referrals</a>") :]
    row = row[: row.index("</tr>")]
    assert ">2</a>" in row  # b's two referrals, linked to them
    assert "first_day=1" in row and "last_year=2023" in row
    placements = page[page.index("Children looked after with 3 or more placements") :]
    assert "Collection year only" in placements[: placements.index("</tr>")]


def test_a_period_ending_before_it_starts_is_refused(client, personas):
    import datetime as dt

    response = get(client, personas.alex, **period_query(dt.date(2024, 5, 1), dt.date(2024, 4, 1)))
    assert response.status_code == 400
    assert "The last day must be the same as or after the first day" in response.content.decode()


def test_grouped_by_ilacs_judgement_and_national_framework(client, personas):
    page = get(client, personas.alex, year=2025, group="ilacs").content.decode()
    help_at = page.index("children who need help and protection</h2>")
    care_at = page.index("The experiences and progress of children in care</h2>")
    assert page.index(">Re-referrals within 12 months<") in range(help_at, care_at)
    assert page.index(">Second or subsequent child protection plans<") in range(help_at, care_at)
    framework = get(client, personas.alex, year=2025, group="framework").content.decode()
    assert "Children in care and care leavers have stable, loving homes</h2>" in framework


def test_the_excel_download_has_the_same_rows(client, personas):
    from openpyxl import load_workbook

    s.front_door(personas.sam)
    response = get(client, personas.hana, year=2024, format="xlsx")
    assert 'filename="indicators-2024.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][0] == "Indicators for 2023-24"
    assert list(values[1]) == [
        "code",
        "name",
        "value",
        "numerator",
        "denominator",
        "published_year",
        "published_council",
        "published_england",
        "published_region",
        "published_neighbours_average",
    ]
    codes = [row[0] for row in values[2:]]
    assert codes == [e.code for e in catalogue()]
    rereferrals = values[2 + codes.index("rereferrals_12m_pct")]
    assert rereferrals[2:5] == ("c", "c", "c")
