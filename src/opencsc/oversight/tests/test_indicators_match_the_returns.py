"""For a synthetic council, every indicator that can be derived from the exported SSDA903 and
CIN census files equals a computation from those files alone.

The computations below read only the files (the csv module, lxml for the XML, the ``holidays`` package
for bank holidays): no product code and no shared helper, so a rule written wrongly in one
place shows up as a difference here rather than being copied into both.
"""

import csv
import datetime as dt
from collections import defaultdict

import holidays
import pytest
from django.core.management import call_command
from lxml import etree

from opencsc.oversight.indicators import CATALOGUE, Period
from opencsc.returns.cin_census.export import export_cin
from opencsc.returns.ssda903.export import export_903

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

YEARS = (2025, 2026)
SHORT_BREAKS = {"V3", "V4"}
TEMPORARY = {"T0", "T1", "T2", "T3", "T4"}
EET = {"F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5"}
BANK_HOLIDAYS = holidays.country_holidays("GB", subdiv="ENG", years=range(2020, 2028))


def day(text: str) -> dt.date | None:
    return dt.datetime.strptime(text, "%d/%m/%Y").date() if text else None


def iso(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def table(folder, name):
    with (folder / name).open(newline="") as f:
        return list(csv.DictReader(f))


def working_days(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end``."""
    count, d = 0, start
    while d < end:
        d += dt.timedelta(days=1)
        count += d.weekday() < 5 and d not in BANK_HOLIDAYS
    return count


def from_903(folder, year: int) -> dict[str, tuple[int, int | None]]:
    start, end = dt.date(year - 1, 4, 1), dt.date(year, 3, 31)
    episodes = sorted(table(folder, "episodes.csv"), key=lambda e: (e["CHILD"], day(e["DECOM"])))
    by_child = defaultdict(list)
    for e in episodes:
        by_child[e["CHILD"]].append(e)

    def periods(rows):
        """A child's episodes split into periods of care (each begins with RNE S, or is the
        first in the file)."""
        out = []
        for e in rows:
            if e["RNE"] == "S" or not out:
                out.append([])
            out[-1].append(e)
        return out

    def proper(period):
        return any(e["LS"] not in SHORT_BREAKS for e in period)

    at_end = {
        c
        for c, rows in by_child.items()
        if rows[-1]["DEC"] == "" and rows[-1]["LS"] not in SHORT_BREAKS
    }
    starts, ceased_last = set(), {}
    for child, rows in by_child.items():
        for period in periods(rows):
            if not proper(period):
                continue
            first, last = period[0], period[-1]
            if first["RNE"] == "S" and start <= day(first["DECOM"]) <= end:
                starts.add(child)
            if last["DEC"] and start <= day(last["DEC"]) <= end:
                ceased_last[child] = last["REC"]

    def placements(rows):
        n, previous = 0, None
        for e in rows:
            if previous is None or (
                e["RNE"] in {"S", "P", "B"}
                and e["PLACE"] not in TEMPORARY
                and previous["PLACE"] not in TEMPORARY
            ):
                n += 1
            previous = e
        return n

    three = {c for c in at_end if placements(by_child[c]) >= 3}
    in_year = {c for c, rows in by_child.items() if any(e["LS"] not in SHORT_BREAKS for e in rows)}
    missing = {m["CHILD"] for m in table(folder, "missing.csv") if m["MISSING"] == "M"}
    workers = defaultdict(set)
    for sw in table(folder, "sw_episodes.csv"):
        workers[sw["CHILD"]].add(sw["SW_ID"])
    uasc = {u["CHILD"] for u in table(folder, "uasc.csv") if day(u["DUC"]) > end}
    oc2 = table(folder, "oc2.csv")
    ten_plus = [r for r in oc2 if r["CONVICTED"] in {"0", "1"}]
    scores = [int(r["SDQ_SCORE"]) for r in oc2 if r["SDQ_SCORE"]]

    def ones(rows, column):
        return (sum(r[column] == "1" for r in rows), len(rows))

    out = {
        "cla_31mar_count": (len(at_end), None),
        "cla_starts_count": (len(starts), None),
        "cla_ceased_count": (len(ceased_last), None),
        "cla_adopted_count": (sum(r in {"E11", "E12"} for r in ceased_last.values()), None),
        "cla_ceased_adopted_pct": (
            sum(r in {"E11", "E12"} for r in ceased_last.values()),
            len(ceased_last),
        ),
        "cla_3plus_placements_pct": (len(three), len(at_end)),
        "cla_missing_pct": (len(missing & in_year), len(in_year)),
        "cla_3plus_social_workers_pct": (
            sum(len(workers[c]) >= 3 for c in at_end),
            len(at_end),
        ),
        "cla_uasc_31mar_count": (len(uasc & at_end), None),
        "cla_oc2_teeth_check_pct": ones(oc2, "TEETH_CHECK"),
        "cla_oc2_health_assessment_pct": ones(oc2, "HEALTH_ASSESSMENT"),
        "cla_oc2_immunisations_pct": ones(oc2, "IMMUNISATIONS"),
        "cla_oc2_substance_misuse_pct": ones(oc2, "SUBSTANCE_MISUSE"),
        "cla_oc2_convicted_pct": ones(ten_plus, "CONVICTED"),
        "cla_oc2_sdq_avg": (sum(scores), len(scores)),
    }
    oc3 = defaultdict(list)
    for r in table(folder, "oc3.csv"):
        if r["IN_TOUCH"] in {"DIED", "RHOM"}:
            continue
        born = day(r["DOB"])
        age = next(a for a in range(17, 22) if start <= born.replace(year=born.year + a) <= end)
        oc3["17_18" if age < 19 else "19_21"].append(r)
    for group, rows in oc3.items():
        out[f"care_leavers_{group}_in_touch_pct"] = (
            sum(r["IN_TOUCH"] == "YES" for r in rows),
            len(rows),
        )
        out[f"care_leavers_{group}_eet_pct"] = (sum(r["ACTIV"] in EET for r in rows), len(rows))
        out[f"care_leavers_{group}_suitable_accom_pct"] = (
            sum(r["ACCOM"].endswith("1") for r in rows),
            len(rows),
        )
    return out


def from_cin(path, year: int) -> dict[str, tuple[int, int | None]]:
    start, end = dt.date(year - 1, 4, 1), dt.date(year, 3, 31)
    root = etree.parse(str(path)).getroot()
    for el in root.iter():
        el.tag = etree.QName(el).localname

    def date_of(el, tag):
        found = el.find(tag)
        return iso(found.text) if found is not None else None

    referrals = nfa = 0
    open_at_end = set()
    assessed = on_time = 0
    icpcs = icpcs_on_time = 0
    plans_at_end = starts = second = ended = ended_long = 0
    for child in root.iter("Child"):
        who = child.find(".//LAchildID").text
        for details in child.iter("CINdetails"):
            received = date_of(details, "CINreferralDate")
            closed = date_of(details, "CINclosureDate")
            if start <= received <= end:
                referrals += 1
                nfa += details.find("ReferralNFA").text in {"true", "1"}
            if received <= end and (closed is None or closed > end):
                open_at_end.add(who)
            for a in details.iter("Assessments"):
                done = date_of(a, "AssessmentAuthorisationDate")
                if done and start <= done <= end:
                    assessed += 1
                    on_time += working_days(date_of(a, "AssessmentActualStartDate"), done) <= 45
            for s47 in details.iter("Section47"):
                held, began = date_of(s47, "DateOfInitialCPC"), date_of(s47, "S47ActualStartDate")
                if held and start <= held <= end and held >= began:
                    icpcs += 1
                    icpcs_on_time += working_days(began, held) <= 15
            for plan in details.iter("ChildProtectionPlans"):
                began, stopped = date_of(plan, "CPPstartDate"), date_of(plan, "CPPendDate")
                if began <= end and (stopped is None or stopped > end):
                    plans_at_end += 1
                if start <= began <= end:
                    starts += 1
                    second += int(plan.find("NumberOfPreviousCPP").text) > 0
                if stopped and start <= stopped <= end:
                    ended += 1
                    anniversary = (
                        began.replace(year=began.year + 2)
                        if (began.month, began.day) != (2, 29)
                        else dt.date(began.year + 2, 2, 28)
                    )
                    ended_long += stopped >= anniversary
    return {
        "referrals_count": (referrals, None),
        "referrals_nfa_pct": (nfa, referrals),
        "cin_31mar_count": (len(open_at_end), None),
        "assessments_45wd_pct": (on_time, assessed),
        "icpc_15wd_pct": (icpcs_on_time, icpcs),
        "cpp_31mar_count": (plans_at_end, None),
        "cpp_starts_count": (starts, None),
        "cpp_second_subsequent_pct": (second, starts),
        "cpp_ended_2yrs_plus_pct": (ended_long, ended),
    }


def test_the_indicators_equal_a_computation_from_the_exported_files(today, tmp_path):
    call_command("synth", size="small", seed=5, as_of=today, no_progress=True)
    differences = {}
    for year in YEARS:
        export_903(year=year, out_dir=tmp_path / f"903-{year}", include_previous=False)
        export_cin(year=year, out_file=tmp_path / f"cin-{year}.xml")
        expected = from_903(tmp_path / f"903-{year}", year) | from_cin(
            tmp_path / f"cin-{year}.xml", year
        )
        period = Period.for_year(year)
        for code, (numerator, denominator) in expected.items():
            count = CATALOGUE[code].compute(period)
            ours = (count.numerator, count.denominator if denominator is not None else None)
            if ours != (numerator, denominator):
                differences[f"{code} {year}"] = {"files": (numerator, denominator), "ours": ours}
        # The council is big enough for the comparison to mean something.
        assert expected["referrals_count"][0] > 20 and expected["cla_31mar_count"][0] > 5
    assert not differences, differences
