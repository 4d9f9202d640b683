"""The SSDA903 return (children looked after) for a collection year, straight from the records.

``export_903(year=2026, out_dir=…)`` writes one CSV per table (``spec.TABLES``) and, by
default, the previous year's tables under ``out_dir/previous_year/`` for the rules that compare
years. Files are written to a temporary folder and moved into place at the end, so a failure
never leaves a half-written return behind.

Who is in each table (SSDA903 guide, as the Data to Insight validator applies it):
- Episodes: every 903 episode (``care.episodes``) open at any time in the year; DEC/REC blank
  for one still open at 31 March.
- Header: every child in Episodes or OC3.
- Reviews, Missing, SWEpisodes: those events in the year, for children in Episodes.
- UASC: children in Episodes who were unaccompanied asylum-seeking children; DUC is the date
  the status ceases, which the DfE takes as the 18th birthday (V903 rule 205B).
- OC2: children looked after continuously for 12 months at 31 March (not short breaks).
- OC3: care leavers whose 17th–21st birthday falls in the year, from the keeping-in-touch
  contact nearest the birthday within the window (care timescale T22), unless still looked after.
- AD1: children adopted in the year. PlacedAdoption: children with a decision that they should
  be placed for adoption, open in the year or reversed in it. PrevPerm: children who started to
  be looked after in the year.
"""

import csv
import datetime as dt
import functools
import json
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from django.db.models import Min, Q

from opencsc.care import outcomes
from opencsc.care import timescales as care_timescales
from opencsc.care.codes import (
    ADOPTED,
    NO_PROVIDER_PLACEMENTS,
    HealthCheckKind,
)
from opencsc.care.episodes import Episode, episodes_for_period
from opencsc.care.models import (
    AdoptionCase,
    CareLeaver,
    CareLeaverContact,
    Conviction,
    HealthCheck,
    ImmunisationStatus,
    LegalStatusSpan,
    LookedAfterPeriod,
    LookedAfterReview,
    MissingEpisode,
    Placement,
    PreviousPermanence,
    SDQScore,
    SubstanceMisuse,
)
from opencsc.core.calendar import live_between
from opencsc.people.codes import ImmigrationStatus, RelationshipKind
from opencsc.people.models import ImmigrationStatusSpan, Person, Relationship
from opencsc.workforce.codes import AllocationRole
from opencsc.workforce.models import Allocation

from .spec import CARE_HISTORY_FILE, FILE_NAMES, TABLES, CollectionYear

# Placements with no Ofsted URN of their own, where the 903 takes 'XXXXXXX' (V903 rule 242:
# adoption and foster placements); other placements without a URN leave it blank.
NO_URN_PLACEMENTS = {"A3", "A4", "A5", "A6", "U1", "U2", "U3", "U4", "U5", "U6"}


@functools.cache
def _d(value: dt.date | None) -> str:
    """A 903 date, dd/mm/YYYY (``spec.DATE_FORMAT``). Cached and without ``strftime``, which
    took a tenth of the export's time: the same dates of birth recur in every table."""
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}" if value else ""


def _flag(value: bool) -> str:
    return "1" if value else "0"


def _overlaps(start: dt.date, end: dt.date | None, year: CollectionYear) -> bool:
    return live_between(start, end, year.start, year.end)


# The export reads its records as plain rows, not model objects: at England's size (some
# 150,000 children, twice as many placements) building a Django model instance for each was
# most of the export's time. The rows carry the models' own field names, so the episode
# logic (care.episodes) takes them as it takes models.


class ChildRow(NamedTuple):
    pk: int
    la_child_id: str
    date_of_birth: dt.date | None
    sex: str
    ethnicity: str
    upn: str
    upn_unknown: str

    # The model's own rules, so the return and the record never disagree about a birthday.
    birthday = Person.birthday
    age_on = Person.age_on


CHILD_FIELDS = ("la_child_id", "date_of_birth", "sex", "ethnicity", "upn", "upn_unknown")


class PeriodRow(NamedTuple):
    pk: int
    person_id: int
    started_on: dt.date
    ended_on: dt.date | None
    primary_need: str
    first_episode_reason: str
    reason_ceased: str


class StatusRow(NamedTuple):
    pk: int
    period_id: int
    code: str
    started_on: dt.date
    ended_on: dt.date | None


class PlacementRow(NamedTuple):
    pk: int
    period_id: int
    started_on: dt.date
    ended_on: dt.date | None
    place: str
    provider: str
    urn: str
    postcode: str
    home_postcode: str
    same_carer_as_previous: bool
    change_reason: str


class LeaverRow(NamedTuple):
    person: ChildRow
    since: dt.date


class ContactRow(NamedTuple):
    contacted_on: dt.date
    in_touch: str
    activity: str
    accommodation: str
    accommodation_suitable: bool | None

    accom_code = CareLeaverContact.accom_code


def _rows(queryset, row: type) -> Iterator:
    """``queryset``'s rows as ``row`` tuples, its fields read in the tuple's own order."""
    return map(row._make, queryset.values_list(*row._fields))


@dataclass
class Records:
    """The care records every year's tables start from, read once for an export: the return
    and the previous year's file share them (``load_records`` over both years)."""

    periods: list[PeriodRow]  # overlapping the window, by child then start
    children: dict[int, ChildRow]  # everyone with a period in the window, by person id
    statuses: dict[int, list[StatusRow]]  # by period id
    episodes: dict[int, list[Episode]]  # by period id, derived once
    leavers: list[LeaverRow]
    contacts: dict[int, list[ContactRow]]  # by person id, in date order, near the window
    care_spans: dict[int, list[tuple[dt.date, dt.date | None]]]  # every period, by person id


def load_records(start: dt.date, end: dt.date) -> Records:
    """The records for every collection year within ``start``–``end``, in a few queries (grouped
    here rather than with ``prefetch_related``, whose per-object bookkeeping doubled the time)."""
    periods_in_window = LookedAfterPeriod.objects.live_between(start, end)
    periods = list(_rows(periods_in_window.order_by("person_id", "started_on"), PeriodRow))
    children = {
        row[0]: ChildRow._make(row)
        for row in Person.objects.filter(looked_after_periods__in=periods_in_window)
        .distinct()
        .values_list("pk", *CHILD_FIELDS)
    }
    of_periods = Q(period__in=periods_in_window)
    statuses: dict[int, list[StatusRow]] = defaultdict(list)
    for status in _rows(LegalStatusSpan.objects.filter(of_periods), StatusRow):
        statuses[status.period_id].append(status)
    placements: dict[int, list[PlacementRow]] = defaultdict(list)
    for placement in _rows(Placement.objects.filter(of_periods), PlacementRow):
        placements[placement.period_id].append(placement)
    episodes = {p.pk: episodes_for_period(p, statuses[p.pk], placements[p.pk]) for p in periods}

    leavers = [
        LeaverRow(ChildRow._make(row[:-1]), row[-1])
        for row in CareLeaver.objects.values_list(
            "person_id", *(f"person__{f}" for f in CHILD_FIELDS), "since"
        )
    ]
    # OC3 looks at the contacts in a window around each 17th-21st birthday in the years.
    first, last = care_timescales.oc3_window(start)[0], care_timescales.oc3_window(end)[1]
    contacts: dict[int, list[ContactRow]] = defaultdict(list)
    for pid, *contact in (
        CareLeaverContact.objects.filter(contacted_on__range=(first, last))
        .order_by("contacted_on", "pk")
        .values_list("person_id", *ContactRow._fields)
    ):
        contacts[pid].append(ContactRow._make(contact))
    care_spans: dict[int, list[tuple[dt.date, dt.date | None]]] = defaultdict(list)
    for pid, began, ended in LookedAfterPeriod.objects.values_list(
        "person_id", "started_on", "ended_on"
    ):
        care_spans[pid].append((began, ended))
    return Records(
        periods=periods,
        children=children,
        statuses=statuses,
        episodes=episodes,
        leavers=leavers,
        contacts=contacts,
        care_spans=care_spans,
    )


def _about_people_in(year: CollectionYear, field: str = "person_id") -> Q:
    """Rows about anyone the year's tables can name: a child looked after in the year or a care
    leaver. A subquery rather than a list of the year's children: at England's size Django took
    longer preparing a 150,000-value ``IN`` list than the database took to run the query.
    Callers keep the rows of the children they want (a superset comes back)."""
    looked_after = LookedAfterPeriod.objects.live_between(year.start, year.end)
    return Q(**{f"{field}__in": looked_after.values("person_id")}) | Q(
        **{f"{field}__in": CareLeaver.objects.values("person_id")}
    )


def build_tables(
    year: CollectionYear, records: Records | None = None
) -> dict[str, list[dict[str, str]]]:
    """Every table's rows for ``year``, as dicts keyed by column name. ``records`` must cover
    the year (``load_records``); without it they are read for this year alone."""
    if records is None:
        records = load_records(year.start, year.end)
    tables: dict[str, list[dict[str, str]]] = {name: [] for name in year.tables()}
    periods = [p for p in records.periods if _overlaps(p.started_on, p.ended_on, year)]
    episodes_by_child: dict[int, list[Episode]] = defaultdict(list)
    for period in periods:
        for e in records.episodes[period.pk]:
            if _overlaps(e.start, e.end, year):
                episodes_by_child[period.person_id].append(e)
    children: dict[int, ChildRow] = {pid: records.children[pid] for pid in episodes_by_child}

    # An unaccompanied asylum-seeking child's home is abroad: no home postcode, so no distance
    # (V903 rule 406 wants PL_DISTANCE blank for UASC and former UASC).
    uasc_spans = ImmigrationStatusSpan.objects.filter(status=ImmigrationStatus.UASC)
    uasc_ids = set(uasc_spans.values_list("person_id", flat=True)) & children.keys()
    for person_id, episodes in episodes_by_child.items():
        child = children[person_id].la_child_id
        for e in episodes:
            closed = e.end is not None and e.end <= year.end
            place = e.placement
            code = year.placement_code(place.place)
            tables["Episodes"].append(
                {
                    "CHILD": child,
                    "DECOM": _d(e.start),
                    "RNE": e.rne,
                    "LS": e.ls,
                    "CIN": e.period.primary_need,
                    "PLACE": code,
                    "PLACE_PROVIDER": "" if code in NO_PROVIDER_PLACEMENTS else place.provider,
                    "DEC": _d(e.end) if closed else "",
                    "REC": e.rec if closed else "",
                    "REASON_PLACE_CHANGE": e.reason_place_change if closed else "",
                    "HOME_POST": "" if person_id in uasc_ids else place.home_postcode,
                    "PL_POST": place.postcode,
                    "URN": place.urn or ("XXXXXXX" if code in NO_URN_PLACEMENTS else ""),
                }
            )

    _oc3(tables, year, children, records)
    _header(tables, year, children, in_episodes=set(episodes_by_child))
    ids = children.keys()
    about = _about_people_in(year)
    dob = {pid: _d(p.date_of_birth) for pid, p in children.items()}
    lac = {pid: p.la_child_id for pid, p in children.items()}

    for pid, held_on, participation in (
        LookedAfterReview.objects.filter(about, held_on__range=(year.start, year.end))
        .order_by("person_id", "held_on")
        .values_list("person_id", "held_on", "participation")
    ):
        if pid not in ids:
            continue
        tables["Reviews"].append(
            {
                "CHILD": lac[pid],
                "DOB": dob[pid],
                "REVIEW": _d(held_on),
                "REVIEW_CODE": participation,
            }
        )
    for m in (
        MissingEpisode.objects.filter(about)
        .live_between(year.start, year.end)
        .order_by("person_id", "started_on")
    ):
        if m.person_id not in ids:
            continue
        tables["Missing"].append(
            {
                "CHILD": lac[m.person_id],
                "DOB": dob[m.person_id],
                "MISSING": m.kind,
                "MIS_START": _d(m.started_on),
                "MIS_END": _d(m.ended_on) if m.ended_on and m.ended_on <= year.end else "",
            }
        )
    uasc = set(uasc_spans.filter(started_on__lte=year.end).values_list("person_id", flat=True))
    for pid in sorted(uasc & ids, key=lambda i: lac[i]):
        person = children[pid]
        if person.birthday(18) < year.start:  # status ceased before the year (V903 rule 104)
            continue
        tables["UASC"].append(
            {
                "CHILD": lac[pid],
                "SEX": year.sex_code(person.sex),
                "DOB": dob[pid],
                "DUC": _d(person.birthday(18)),
            }
        )
    if "SWEpisodes" in tables:
        _sw_episodes(tables, year, about, ids, lac, dob)
    _oc2(tables, year, about, periods, children, records)
    _adoption(tables, year, about, ids, lac, dob)
    _prev_perm(tables, year, about, periods, lac, dob)
    return tables


def _header(tables, year, children, in_episodes: set[int]) -> None:
    # A child is a mother when someone is recorded with her as their mother; MC_DOB is the
    # date of birth of her first child.
    first_child_dob: dict[int, dt.date] = {}
    for mother_id, child_dob in Relationship.objects.filter(
        _about_people_in(year, "other_id"), kind=RelationshipKind.MOTHER
    ).values_list("other_id", "person__date_of_birth"):
        if (
            mother_id in children
            and child_dob
            and (mother_id not in first_child_dob or child_dob < first_child_dob[mother_id])
        ):
            first_child_dob[mother_id] = child_dob
    for pid in sorted(children, key=lambda i: children[i].la_child_id):
        person = children[pid]
        is_mother = pid in first_child_dob
        tables["Header"].append(
            {
                "CHILD": person.la_child_id,
                "SEX": year.sex_code(person.sex),
                "DOB": _d(person.date_of_birth),
                "ETHNIC": person.ethnicity,
                "UPN": person.upn or person.upn_unknown or "UN4",
                # Motherhood is asked of girls looked after in the year only (V903 rule 628).
                "MOTHER": ("1" if is_mother else "0")
                if person.sex == "F" and pid in in_episodes
                else "",
                "MC_DOB": _d(first_child_dob.get(pid)) if is_mother and pid in in_episodes else "",
            }
        )


def sw_id(swe_registration: str, staff_id: str) -> str:
    """903 SW_ID: the Social Work England number (SW…), or an id starting XX where there is none
    (V903 rule SW02STG1)."""
    if swe_registration:
        return swe_registration
    return staff_id if staff_id.startswith("XX") else f"XX{staff_id}"


def _sw_episodes(tables, year, about, ids, lac, dob) -> None:
    allocations = (
        Allocation.objects.filter(about, role=AllocationRole.SOCIAL_WORKER)
        .live_between(year.start, year.end)
        .order_by("person_id", "started_on")
        .values_list(
            "person_id",
            "started_on",
            "ended_on",
            "change_reason",
            "worker__swe_registration",
            "worker__staff_id",
        )
    )
    # A social worker episode ends in the 903 only when another begins: the DfE counts the
    # latest one as open at 31 March even after the child has left care (V903 rule SW17STG2).
    allocations = [a for a in allocations if a[0] in ids]
    for i, (pid, started_on, ended_on, reason, swe, staff) in enumerate(allocations):
        followed = i + 1 < len(allocations) and allocations[i + 1][0] == pid
        tables["SWEpisodes"].append(
            {
                "CHILD": lac[pid],
                "DOB": dob[pid],
                "SW_ID": sw_id(swe, staff),
                "SW_DECOM": _d(started_on),
                "SW_DEC": _d(ended_on) if followed and ended_on and ended_on <= year.end else "",
                "SW_REASON": reason,
            }
        )


def _oc2(tables, year, about, periods, children, records: Records) -> None:
    # The queries below read a superset (``about``); only the cohort's rows are used.
    cohort = []
    for period in periods:
        if outcomes.short_breaks_only(s.code for s in records.statuses[period.pk]):
            continue
        if care_timescales.looked_after_continuously_12_months(
            period.started_on, year.end, period_end=period.ended_on
        ):
            cohort.append(period.person_id)
    if not cohort:
        return
    in_year = {"done_on__range": (year.start, year.end)}
    checks = defaultdict(set)
    for pid, kind in HealthCheck.objects.filter(about, status="completed", **in_year).values_list(
        "person_id", "kind"
    ):
        checks[pid].add(kind)
    latest_imm = {}
    for pid, up in (
        ImmunisationStatus.objects.filter(about, recorded_on__lte=year.end)
        .order_by("recorded_on")
        .values_list("person_id", "up_to_date")
    ):
        latest_imm[pid] = up
    convicted = set(
        Conviction.objects.filter(about, convicted_on__range=(year.start, year.end)).values_list(
            "person_id", flat=True
        )
    )
    misuse = {}
    for m in SubstanceMisuse.objects.filter(about, identified_on__range=(year.start, year.end)):
        prev = misuse.get(m.person_id, (False, False))
        misuse[m.person_id] = (
            prev[0] or m.intervention_offered,
            prev[1] or m.intervention_received,
        )
    sdq = {}  # the latest in the year: (score, reason)
    for pid, score, reason in (
        SDQScore.objects.filter(about, completed_on__range=(year.start, year.end))
        .order_by("completed_on")
        .values_list("person_id", "score", "reason")
    ):
        sdq[pid] = (score, reason)
    for pid in sorted(set(cohort), key=lambda i: children[i].la_child_id):
        person = children[pid]
        age = person.age_on(year.end)
        score = sdq.get(pid)
        if 4 <= age <= 16:
            sdq_score = "" if score is None or score[0] is None else str(score[0])
            sdq_reason = "" if score is None or score[0] is not None else score[1]
            if score is None:
                sdq_reason = "SDQ4"
        elif age < 4 or person.birthday(17) < year.start:
            # Under 4 at 31 March (V903 rule 188), or 17 before the year began (rule 189, a
            # child in care to the year's last day): neither score nor reason.
            sdq_score, sdq_reason = "", ""
        else:
            # 17 during the year: the reason, no score (rule 197B asks for one of them).
            sdq_score, sdq_reason = "", "SDQ1"
        offered, received = misuse.get(pid, (False, False))
        health_done = outcomes.health_assessment_done(checks[pid])
        tables["OC2"].append(
            {
                "CHILD": person.la_child_id,
                "DOB": _d(person.date_of_birth),
                "SDQ_SCORE": sdq_score,
                "SDQ_REASON": sdq_reason,
                "CONVICTED": _flag(pid in convicted) if age >= 10 else "",
                "HEALTH_CHECK": _flag(health_done) if age < 5 else "",
                "IMMUNISATIONS": _flag(latest_imm.get(pid, False)),
                "TEETH_CHECK": _flag(HealthCheckKind.DENTAL in checks[pid]),
                "HEALTH_ASSESSMENT": _flag(health_done),
                "SUBSTANCE_MISUSE": _flag(pid in misuse),
                "INTERVENTION_RECEIVED": _flag(received) if pid in misuse else "",
                # "Offered" is asked only where none was received (V903 rule 158).
                "INTERVENTION_OFFERED": _flag(offered) if pid in misuse and not received else "",
            }
        )


def _oc3(tables, year, children, records: Records) -> None:
    """Care leavers whose 17th–21st birthday falls in the year (added to ``children``)."""
    contacts, care_spans = records.contacts, records.care_spans
    for leaver in records.leavers:
        person = leaver.person
        if person.date_of_birth is None:
            continue
        for _age, birthday in outcomes.oc3_birthdays(
            date_of_birth=person.date_of_birth,
            leaver_since=leaver.since,
            care_spans=care_spans[person.pk],
            year_start=year.start,
            year_end=year.end,
        ):
            contact = outcomes.oc3_contact(contacts[person.pk], birthday)
            if contact is None:
                in_touch, activ, accom = "NO", "0", "0"
            else:
                in_touch = contact.in_touch
                activ = contact.activity or "0"
                accom = contact.accom_code
            tables["OC3"].append(
                {
                    "CHILD": person.la_child_id,
                    "DOB": _d(person.date_of_birth),
                    "IN_TOUCH": in_touch,
                    "ACTIV": activ,
                    "ACCOM": accom,
                }
            )
            children.setdefault(person.pk, person)


def _adoption(tables, year, about, ids, lac, dob) -> None:
    cases = (
        AdoptionCase.objects.filter(about)
        .select_related("period")
        .order_by("person_id", "decision_on")
    )
    for case in cases:
        if case.person_id not in ids:
            continue
        period = case.period
        if (
            period.reason_ceased in ADOPTED
            and period.ended_on
            and year.start <= period.ended_on <= year.end
        ):
            tables["AD1"].append(
                {
                    "CHILD": lac[case.person_id],
                    "DOB": dob[case.person_id],
                    "DATE_INT": _d(case.decision_on),
                    "DATE_MATCH": _d(case.matched_on),
                    "FOSTER_CARE": _flag(bool(case.adopted_by_foster_carer)),
                    "NB_ADOPTR": str(case.number_of_adopters or ""),
                    "SEX_ADOPTR": case.adopter_sex,
                    "LS_ADOPTR": case.adopter_legal_status,
                }
            )
        reversed_in_year = case.reversed_on and year.start <= case.reversed_on <= year.end
        open_in_year = (
            case.decision_on <= year.end
            and (case.reversed_on is None or case.reversed_on > year.end)
            and (case.adoption_order_on is None or case.adoption_order_on >= year.start)
        )
        if reversed_in_year or open_in_year:
            tables["PlacedAdoption"].append(
                {
                    "CHILD": lac[case.person_id],
                    "DOB": dob[case.person_id],
                    "DATE_PLACED": _d(case.decision_on),
                    "DATE_PLACED_CEASED": _d(case.reversed_on) if reversed_in_year else "",
                    "REASON_PLACED_CEASED": case.reversed_reason if reversed_in_year else "",
                }
            )


def _prev_perm(tables, year, about, periods, lac, dob) -> None:
    starters = sorted({p.person_id for p in periods if year.start <= p.started_on <= year.end})
    previous = {
        pp.person_id: pp for pp in PreviousPermanence.objects.filter(about).order_by("recorded_on")
    }
    for pid in starters:
        pp = previous.get(pid)
        tables["PrevPerm"].append(
            {
                "CHILD": lac[pid],
                "DOB": dob[pid],
                "PREV_PERM": pp.option if pp else "Z1",
                "LA_PERM": pp.la if pp else "",
                "DATE_PERM": pp.order_date if pp else "",
            }
        )


def write_tables(tables: dict[str, list[dict[str, str]]], directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        with (directory / FILE_NAMES[name]).open("w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=TABLES[name], lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)


def write_care_history(tables: dict[str, list[dict[str, str]]], directory: Path) -> None:
    """When each care leaver's care began, beside the tables (not a DfE table: the validators
    read only the CSVs). The validation report uses it to tell rules 1001 and 1002's blind spot
    (care before last year's file) from a real error; see validators.known_defects."""
    leavers = {row["CHILD"] for row in tables["OC3"]}
    began = (
        LookedAfterPeriod.objects.filter(person__la_child_id__in=leavers)
        .values("person__la_child_id")
        .annotate(first=Min("started_on"))
    )
    data = {"care_began": {b["person__la_child_id"]: _d(b["first"]) for b in began}}
    (directory / CARE_HISTORY_FILE).write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")


def export_903(*, year: int, out_dir: Path, include_previous: bool = True) -> dict[str, int]:
    """Write the return for the year ending 31 March ``year`` into ``out_dir``.

    Returns the number of rows per table. ``out_dir`` is replaced only once everything is
    written: a failure part-way leaves any earlier export there untouched.
    """
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".ssda903-", dir=out_dir.parent))
    try:
        this_year = CollectionYear(year)
        last_year = CollectionYear(year - 1, coding_year=year)
        records = load_records(
            last_year.start if include_previous else this_year.start, this_year.end
        )
        tables = build_tables(this_year, records)
        write_tables(tables, staging)
        write_care_history(tables, staging)
        if include_previous:
            write_tables(build_tables(last_year, records), staging / "previous_year")
        if out_dir.exists():
            shutil.rmtree(out_dir)
        staging.rename(out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return {name: len(rows) for name, rows in tables.items()}
