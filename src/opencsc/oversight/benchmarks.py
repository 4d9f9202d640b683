"""The DfE's published figures for England, each region and every council, to set beside the
council's own (docs/benchmarks.md says where each file comes from).

- ``benchmarks.csv.gz``: one row per indicator, reporting year and area (the DfE's own values,
  symbols such as ``c`` for suppressed kept as published), for the indicators the catalogue
  says the DfE publishes (``Indicator.dfe_code``).
- ``benchmark_areas.csv``: each council's name and region, and each region's name.
- ``statistical_neighbours.csv``: each council's ten statistical neighbours (DfE May 2025 model).

A reporting year is the DfE's ``time_period``: 2025 is the year ending 31 March 2025 or, for
the workforce, the census at 30 September 2025.
"""

import csv
import gzip
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from pathlib import Path

HERE = Path(__file__).parent

SOURCES = {
    "dfe_ees_cin_2025": "DfE, Children in need, 2025 release",
    "dfe_ees_cla_2025": "DfE, Children looked after in England including adoptions, 2025 release",
    "dfe_ees_stability_2024": "DfE, Stability measures for children looked after, 2024 release",
    "dfe_ees_csww_2025": "DfE, Children's social work workforce, 2025 release",
    "dfe_lait_2026_04": "DfE, Local Authority Interactive Tool (LAIT), April 2026",
}


@dataclass(frozen=True)
class Figure:
    """One published figure: the value as published (a number, or a symbol such as ``c``)."""

    value: str
    numerator: str
    denominator: str
    source_id: str

    @property
    def number(self) -> Decimal | None:
        try:
            return Decimal(self.value)
        except InvalidOperation:
            return None

    @property
    def source(self) -> str:
        return SOURCES.get(self.source_id, self.source_id)


@dataclass(frozen=True)
class Area:
    la_code: str
    name: str
    region_code: str
    region_name: str


@dataclass(frozen=True)
class Comparison:
    """The published figures for one indicator and reporting year."""

    code: str
    reporting_year: int
    council: Figure | None
    england: Figure | None
    region: Area | None
    region_figure: Figure | None
    neighbours: list[tuple[Area, Figure | None]]

    @property
    def neighbours_average(self) -> Decimal | None:
        """The plain average of the neighbours' published values (those that are numbers), to
        1 decimal place rounded half up; None when none is."""
        values = [f.number for _a, f in self.neighbours if f is not None and f.number is not None]
        if not values:
            return None
        return (sum(values, Decimal(0)) / len(values)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )

    @property
    def neighbours_with_figures(self) -> int:
        return sum(1 for _a, f in self.neighbours if f is not None and f.number is not None)

    @property
    def sources(self) -> list[str]:
        figures = [self.council, self.england, self.region_figure] + [
            f for _a, f in self.neighbours
        ]
        return sorted({f.source for f in figures if f is not None})


Key = tuple[str, int, str, str]  # code, reporting year, geography level, la or region code


@cache
def _figures() -> dict[Key, Figure]:
    out = {}
    with gzip.open(HERE / "benchmarks.csv.gz", "rt", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            level = row["geography_level"]
            where = {"national": "", "regional": row["region_code"]}.get(level, row["la_code"])
            out[(row["indicator_code"], int(row["reporting_year"]), level, where)] = Figure(
                row["value"], row["numerator"], row["denominator"], row["source_id"]
            )
    return out


@cache
def _areas() -> tuple[dict[str, Area], dict[str, str]]:
    councils, regions = {}, {}
    with (HERE / "benchmark_areas.csv").open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            regions[row["region_code"]] = row["region_name"]
            if row["la_code"]:
                councils[row["la_code"]] = Area(
                    row["la_code"], row["area_name"], row["region_code"], row["region_name"]
                )
    return councils, regions


@cache
def _neighbours() -> dict[str, list[str]]:
    out: dict[str, list[tuple[int, str]]] = {}
    with (HERE / "statistical_neighbours.csv").open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            out.setdefault(row["la_code"], []).append((int(row["sn_rank"]), row["sn_la_code"]))
    return {la: [code for _rank, code in sorted(ranked)] for la, ranked in out.items()}


def council(la_code: str) -> Area | None:
    return _areas()[0].get(la_code)


def published_years(code: str) -> list[int]:
    """The reporting years with a figure for England, oldest first."""
    return sorted(
        {year for (c, year, level, _w) in _figures() if c == code and level == "national"}
    )


def compare(code: str, reporting_year: int, la_code: str) -> Comparison | None:
    """The published figures for ``code`` in the latest reporting year up to ``reporting_year``
    with a figure for England; None when the DfE publishes none that early."""
    years = [y for y in published_years(code) if y <= reporting_year]
    if not years:
        return None
    year = years[-1]
    figures = _figures()
    area = council(la_code)
    councils = _areas()[0]
    neighbours = [
        (councils[sn], figures.get((code, year, "local_authority", sn)))
        for sn in _neighbours().get(la_code, [])
        if sn in councils
    ]
    return Comparison(
        code=code,
        reporting_year=year,
        council=figures.get((code, year, "local_authority", la_code)),
        england=figures.get((code, year, "national", "")),
        region=area,
        region_figure=figures.get((code, year, "regional", area.region_code)) if area else None,
        neighbours=neighbours,
    )
