"""Load an existing SSDA903 return into the records, so a council can migrate from its old system.

    load_903(directory, year=2026, by=user) -> ImportSummary

Files are recognised by their exact header row (as the DfE validator does), so names do not
matter. Everything is checked first (codes, dates) and then recorded through the actions, in
one transaction: any problem, reported with its file, row and column, leaves nothing imported.

What the 903 does not hold is not invented: a child's name is not in the return, so an imported
child is named "Imported child" with their LA child id as surname until someone corrects it;
dates that the 903 only implies (when an OC2 health check happened) are recorded as the 31 March
of the year. A period of care already under way when the return's first episode begins keeps
that episode's reason (RNE), so re-exporting reproduces the return.
"""

import csv
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from opencsc.care import actions as care
from opencsc.care.codes import ADOPTED, ADOPTION_PLACEMENTS
from opencsc.core.errors import ActionError
from opencsc.people import actions as people
from opencsc.people.models import Person
from opencsc.workforce import actions as wf
from opencsc.workforce.codes import TeamKind
from opencsc.workforce.models import Team, Worker

from .spec import DATE_FORMAT, TABLES, CollectionYear

REQUIRED = ("Header", "Episodes")


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None  # 1 = the header row; data rows from 2, as a spreadsheet numbers them
    column: str | None
    message: str

    def __str__(self) -> str:
        where = (
            self.file
            + (f", row {self.row}" if self.row else "")
            + (f", column {self.column}" if self.column else "")
        )
        return f"{where}: {self.message}"


class ImportFailed(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        more = f" (and {len(problems) - 20} more)" if len(problems) > 20 else ""
        super().__init__(
            "Nothing was imported:\n" + "\n".join(f"  {p}" for p in problems[:20]) + more
        )


@dataclass
class Row:
    file: str
    number: int
    values: dict[str, str]

    def __getitem__(self, key: str) -> str:
        return self.values.get(key, "")

    def problem(self, column: str | None, message: str) -> Problem:
        return Problem(self.file, self.number, column, message)


@dataclass
class ImportSummary:
    children: int = 0
    rows: dict[str, int] = field(default_factory=dict)


def read_tables(directory: Path) -> dict[str, list[Row]]:
    """Each CSV in ``directory`` matched to its table by header; refuses unknowns and gaps."""
    directory = Path(directory)
    if not directory.is_dir():
        raise ImportFailed(
            [
                Problem(
                    str(directory),
                    None,
                    None,
                    "No such folder. Give the folder holding the return's CSV files.",
                )
            ]
        )
    by_header = {frozenset(cols): name for name, cols in TABLES.items()}
    tables: dict[str, list[Row]] = {}
    problems = []
    for path in sorted(directory.glob("*.csv")):
        with path.open(newline="", encoding="utf-8-sig") as f:
            reader = csv.reader(f)
            header = [h.strip().upper() for h in next(reader, [])]
            name = by_header.get(frozenset(header))
            if name is None:
                problems.append(
                    Problem(
                        path.name,
                        1,
                        None,
                        f"The header ({', '.join(header) or 'empty'}) matches no SSDA903 table. "
                        "Use the column names of the DfE specification, e.g. Episodes: "
                        + ", ".join(TABLES["Episodes"])
                        + ".",
                    )
                )
                continue
            if name in tables:
                problems.append(
                    Problem(
                        path.name,
                        1,
                        None,
                        f"A second file for the {name} table. Give one file per table.",
                    )
                )
                continue
            tables[name] = [
                Row(
                    path.name,
                    n,
                    {h: (v or "").strip().upper() for h, v in zip(header, values, strict=False)},
                )
                for n, values in enumerate(reader, start=2)
                if any(v.strip() for v in values)
            ]
    for name in REQUIRED:
        if name not in tables and not any(p.file for p in problems if name in p.message):
            problems.append(
                Problem(
                    str(directory),
                    None,
                    None,
                    f"No {name} file. A 903 return needs a {name} table ({', '.join(TABLES[name])}).",
                )
            )
    if problems:
        raise ImportFailed(problems)
    return tables


def _date(
    row: Row, column: str, problems: list[Problem], *, required: bool = True
) -> dt.date | None:
    value = row[column]
    if not value:
        if required:
            problems.append(row.problem(column, "A date is needed here (DD/MM/YYYY)."))
        return None
    try:
        return dt.datetime.strptime(value, DATE_FORMAT).date()  # noqa: DTZ007 - a date, no time
    except ValueError:
        problems.append(
            row.problem(
                column, f"'{value}' is not a date. Write dates as DD/MM/YYYY, e.g. 31/03/2026."
            )
        )
        return None


def _sex(row: Row, problems) -> str:
    value = {"1": "M", "2": "F"}.get(row["SEX"], row["SEX"])
    if value not in {"M", "F", "U"}:
        problems.append(
            row.problem(
                "SEX", f"'{row['SEX']}' is not a sex code. Use M or F (1 or 2 before 2024-25)."
            )
        )
    return value


class _Loader:
    def __init__(self, tables: dict[str, list[Row]], year: CollectionYear, by):
        self.t = tables
        self.year = year
        self.by = by
        self.problems: list[Problem] = []
        self.people: dict[str, Person] = {}
        self.dob: dict[str, dt.date] = {}

    def check(self, row: Row, fn, *args, rows_for: dict[str, Row] | None = None, **kwargs):
        """Call an action for ``row``; its refusal becomes a problem at that row and column, or
        at the row ``rows_for`` gives for the refused field."""
        try:
            return fn(*args, **kwargs)
        except ActionError as e:
            column = {
                "started_on": "DECOM",
                "ended_on": "DEC",
                "place": "PLACE",
                "provider": "PLACE_PROVIDER",
                "urn": "URN",
                "postcode": "PL_POST",
                "home_postcode": "HOME_POST",
                "code": "LS",
                "legal_status": "LS",
                "primary_need": "CIN",
                "reason": "REC",
                "change_reason": "REASON_PLACE_CHANGE",
                "same_carer": "RNE",
                "first_episode_reason": "RNE",
                "held_on": "REVIEW",
                "participation": "REVIEW_CODE",
                "date_of_birth": "DOB",
                "sex": "SEX",
                "ethnicity": "ETHNIC",
                "upn": "UPN",
                "upn_unknown": "UPN",
            }.get(e.field, e.field.upper())
            at = (rows_for or {}).get(e.field, row)
            raise ImportFailed([at.problem(column, e.text)]) from e

    def header(self) -> None:
        for row in self.t["Header"]:
            child = row["CHILD"]
            if not child:
                self.problems.append(
                    row.problem("CHILD", "Every row needs the child's LA child id.")
                )
                continue
            if child in self.people:
                self.problems.append(
                    row.problem("CHILD", f"{child} appears twice in the Header table.")
                )
                continue
            dob = _date(row, "DOB", self.problems)
            sex = _sex(row, self.problems)
            if dob is None:
                continue
            if Person.objects.filter(la_child_id=child).exists():
                self.problems.append(
                    row.problem(
                        "CHILD", f"{child} is already recorded: this import adds new children only."
                    )
                )
                continue
            upn = row["UPN"]
            unknown = upn if upn.startswith("UN") else ""
            person = self.check(
                row,
                people.register_person,
                by=self.by,
                first_name="Imported child",
                last_name=child,
                la_child_id=child,
                sex=sex,
                ethnicity=row["ETHNIC"],
                date_of_birth=dob,
                upn="" if unknown else upn,
                upn_unknown=unknown,
            )
            self.people[child], self.dob[child] = person, dob
            if row["MOTHER"] == "1" and row["MC_DOB"]:
                first = _date(row, "MC_DOB", self.problems)
                if first:
                    baby = self.check(
                        row,
                        people.register_person,
                        by=self.by,
                        first_name="Imported child of",
                        last_name=child,
                        date_of_birth=first,
                        sex="U",
                    )
                    self.check(
                        row,
                        people.add_relationship,
                        by=self.by,
                        person=baby,
                        other=person,
                        kind="mother",
                        has_parental_responsibility=True,
                    )

    def person_for(self, row: Row) -> Person | None:
        person = self.people.get(row["CHILD"])
        if person is None:
            self.problems.append(
                row.problem(
                    "CHILD",
                    f"{row['CHILD'] or 'A blank id'} is not in the Header table. Add the child to Header.",
                )
            )
        return person

    def episodes(self) -> None:
        rows = defaultdict(list)
        for row in self.t["Episodes"]:
            person = self.person_for(row)
            start = _date(row, "DECOM", self.problems)
            end = _date(row, "DEC", self.problems, required=False)
            if person and start:
                rows[row["CHILD"]].append((start, end, row))
        if self.problems:
            return
        adoption = self._adoption_facts()
        for child, episodes in rows.items():
            episodes.sort(key=lambda e: e[0])
            person = self.people[child]
            period = None
            previous = None
            for start, end, row in episodes:
                details = care.PlacementDetails(
                    place=row["PLACE"],
                    provider=row["PLACE_PROVIDER"],
                    urn="" if row["URN"] == "XXXXXXX" else row["URN"],
                    postcode=row["PL_POST"],
                    home_postcode=row["HOME_POST"],
                )
                continues = (
                    previous is not None and previous[1] == start and previous[2]["REC"] == "X1"
                )
                if not continues:
                    if previous is not None and previous[1] is None:
                        raise ImportFailed(
                            [
                                row.problem(
                                    "DECOM",
                                    "This episode starts while the previous one is still open. "
                                    "Give the previous episode its DEC and REC.",
                                )
                            ]
                        )
                    period = self.check(
                        row,
                        care.start_looked_after,
                        by=self.by,
                        person=person,
                        started_on=start,
                        legal_status=row["LS"],
                        primary_need=row["CIN"],
                        placement=details,
                        first_episode_reason=row["RNE"] or "S",
                    )
                    case = self._open_adoption_case(row, period, adoption.get(child))
                else:
                    case = self._apply_change(
                        row, period, previous[2], start, details, case, adoption.get(child)
                    )
                previous = (start, end, row)
                if end is not None and row["REC"] != "X1":
                    self._cease(row, period, end, case)
            if previous is not None and previous[1] is not None and previous[2]["REC"] == "X1":
                raise ImportFailed(
                    [
                        previous[2].problem(
                            "REC",
                            "X1 says a new episode begins the same day, but none does. "
                            "Add the next episode or give the reason the child left care.",
                        )
                    ]
                )

    def _apply_change(self, row, period, prev_row, start, details, case, facts):
        rne = row["RNE"]
        same_carer = rne in {"T", "U"}
        ls_changes = rne in {"L", "B", "U"}
        placement_changes = rne in {"P", "T", "B", "U"}
        if not (ls_changes or placement_changes):
            raise ImportFailed(
                [
                    row.problem(
                        "RNE",
                        f"'{rne}' is not a reason for a new episode within a period of care. Use L, P, T, B or U.",
                    )
                ]
            )
        if ls_changes:
            if row["LS"] == "E1" and case is not None and case.placement_order_on is None:
                self.check(row, care.record_placement_order, by=self.by, case=case, on=start)
                case.refresh_from_db()
            else:
                self.check(
                    row,
                    care.change_legal_status,
                    by=self.by,
                    period=period,
                    code=row["LS"],
                    started_on=start,
                )
        if placement_changes:
            if (
                details.place in ADOPTION_PLACEMENTS
                and case is not None
                and case.matched_on is not None
                # Back in the adoptive placement after a temporary one: placed already.
                and case.placed_on is None
            ):
                self.check(
                    row,
                    care.place_for_adoption,
                    by=self.by,
                    case=case,
                    placed_on=start,
                    placement=details,
                    change_reason=prev_row["REASON_PLACE_CHANGE"],
                    same_carer=same_carer,
                    rows_for={"change_reason": prev_row},
                )
                case.refresh_from_db()
            else:
                self.check(
                    row,
                    care.change_placement,
                    by=self.by,
                    period=period,
                    started_on=start,
                    placement=details,
                    change_reason=prev_row["REASON_PLACE_CHANGE"],
                    same_carer=same_carer,
                    rows_for={"change_reason": prev_row},
                )
        elif prev_row["REASON_PLACE_CHANGE"]:
            raise ImportFailed(
                [
                    prev_row.problem(
                        "REASON_PLACE_CHANGE",
                        "A reason for a placement change is given, but the "
                        "next episode does not change the placement. Clear it, or correct the RNE.",
                    )
                ]
            )
        return case

    def _adoption_facts(self) -> dict[str, dict]:
        facts: dict[str, dict] = defaultdict(dict)
        for row in self.t.get("PlacedAdoption", []):
            if self.person_for(row):
                facts[row["CHILD"]].update(
                    decision=_date(row, "DATE_PLACED", self.problems),
                    reversed=_date(row, "DATE_PLACED_CEASED", self.problems, required=False),
                    reversed_reason=row["REASON_PLACED_CEASED"],
                    row=row,
                )
        for row in self.t.get("AD1", []):
            if self.person_for(row):
                facts[row["CHILD"]].update(
                    decision=facts[row["CHILD"]].get("decision")
                    or _date(row, "DATE_INT", self.problems),
                    matched=_date(row, "DATE_MATCH", self.problems, required=False),
                    ad1=row,
                    row=facts[row["CHILD"]].get("row", row),
                )
        if self.problems:
            raise ImportFailed(self.problems)
        return facts

    def _open_adoption_case(self, row, period, facts):
        """The adoption case behind a period, from PlacedAdoption and AD1. When the return's
        first episode is already under a placement order (E1) or in the adoptive placement,
        the order and placement are dated from that episode: the 903 holds nothing earlier."""
        if not facts or not facts.get("decision"):
            return None
        case = self.check(
            facts["row"],
            care.record_adoption_decision,
            by=self.by,
            period=period,
            decision_on=facts["decision"],
        )
        if row["LS"] == "E1":
            self.check(
                row, care.record_placement_order, by=self.by, case=case, on=period.started_on
            )
        ad1 = facts.get("ad1")
        if ad1 is not None and facts.get("matched"):
            self.check(
                ad1,
                care.record_adoption_match,
                by=self.by,
                case=case,
                matched_on=facts["matched"],
                number_of_adopters=int(ad1["NB_ADOPTR"] or 0),
                adopter_sex=ad1["SEX_ADOPTR"],
                adopter_legal_status=ad1["LS_ADOPTR"],
                adopted_by_foster_carer=ad1["FOSTER_CARE"] == "1",
            )
            if row["PLACE"] in ADOPTION_PLACEMENTS:
                case.refresh_from_db()
                self.check(
                    row,
                    care.place_for_adoption,
                    by=self.by,
                    case=case,
                    placed_on=period.started_on,
                    placement=care.PlacementDetails(
                        place=row["PLACE"],
                        provider=row["PLACE_PROVIDER"],
                        postcode=row["PL_POST"],
                        home_postcode=row["HOME_POST"],
                        urn="" if row["URN"] == "XXXXXXX" else row["URN"],
                    ),
                )
        if facts.get("reversed"):
            self.check(
                facts["row"],
                care.reverse_adoption_decision,
                by=self.by,
                case=case,
                on=facts["reversed"],
                reason=facts["reversed_reason"],
            )
        case.refresh_from_db()
        return case

    def _cease(self, row, period, end, case) -> None:
        rec = row["REC"]
        if rec in ADOPTED and case is not None:
            self.check(row, care.record_adoption_order, by=self.by, case=case, on=end, reason=rec)
            return
        if rec == "E2" and period.person.date_of_death is None:
            self.check(
                row, people.record_death, by=self.by, person=period.person, date_of_death=end
            )
            period.person.refresh_from_db()
        self.check(
            row,
            care.cease_looked_after,
            by=self.by,
            period=period,
            ended_on=end,
            reason=rec,
            change_reason=row["REASON_PLACE_CHANGE"] or "CARPL",
        )

    def reviews(self) -> None:
        for row in self.t.get("Reviews", []):
            person = self.person_for(row)
            on = _date(row, "REVIEW", self.problems)
            if person is None or on is None:
                continue
            period = (
                person.looked_after_periods.filter(started_on__lte=on)
                .order_by("-started_on")
                .first()
            )
            if period is None:
                self.problems.append(
                    row.problem("REVIEW", "The review is before the child was looked after.")
                )
                continue
            self.check(
                row,
                care.record_cla_review,
                by=self.by,
                period=period,
                held_on=on,
                participation=row["REVIEW_CODE"],
            )

    def uasc(self) -> None:
        for row in self.t.get("UASC", []):
            person = self.person_for(row)
            if person is None:
                continue
            first = person.looked_after_periods.order_by("started_on").first()
            since = first.started_on if first else self.year.start
            self.check(
                row,
                people.record_immigration_status,
                by=self.by,
                person=person,
                status="UASC",
                started_on=since,
            )

    def oc2(self) -> None:
        on = self.year.end
        for row in self.t.get("OC2", []):
            person = self.person_for(row)
            if person is None:
                continue
            if row["SDQ_SCORE"] or row["SDQ_REASON"] not in ("", "SDQ1"):
                score = int(row["SDQ_SCORE"]) if row["SDQ_SCORE"].isdigit() else None
                if row["SDQ_SCORE"] and score is None:
                    self.problems.append(
                        row.problem(
                            "SDQ_SCORE", f"'{row['SDQ_SCORE']}' is not a score from 0 to 40."
                        )
                    )
                    continue
                if not (
                    row["SDQ_REASON"] == "SDQ4" and score is None
                ):  # SDQ4 with no score is what the export writes for "none"
                    self.check(
                        row,
                        care.record_sdq,
                        by=self.by,
                        person=person,
                        completed_on=on,
                        score=score,
                        reason="" if score is not None else row["SDQ_REASON"],
                    )
            if row["CONVICTED"] == "1":
                self.check(row, care.record_conviction, by=self.by, person=person, convicted_on=on)
            if row["HEALTH_ASSESSMENT"] == "1" or row["HEALTH_CHECK"] == "1":
                self.check(
                    row,
                    care.record_health_check,
                    by=self.by,
                    person=person,
                    kind="review_health",
                    done_on=on,
                )
            if row["TEETH_CHECK"] == "1":
                self.check(
                    row,
                    care.record_health_check,
                    by=self.by,
                    person=person,
                    kind="dental",
                    done_on=on,
                )
            if row["IMMUNISATIONS"] in ("0", "1"):
                self.check(
                    row,
                    care.record_immunisation_status,
                    by=self.by,
                    person=person,
                    recorded_on=on,
                    up_to_date=row["IMMUNISATIONS"] == "1",
                )
            if row["SUBSTANCE_MISUSE"] == "1":
                self.check(
                    row,
                    care.record_substance_misuse,
                    by=self.by,
                    person=person,
                    identified_on=on,
                    intervention_offered=row["INTERVENTION_OFFERED"] == "1",
                    intervention_received=row["INTERVENTION_RECEIVED"] == "1",
                )

    def oc3(self) -> None:
        for row in self.t.get("OC3", []):
            person = self.person_for(row)
            if person is None:
                continue
            birthday = next(
                (
                    person.birthday(a)
                    for a in (17, 18, 19, 20, 21)
                    if self.year.start <= person.birthday(a) <= self.year.end
                ),
                None,
            )
            if birthday is None:
                self.problems.append(
                    row.problem(
                        "DOB",
                        "No 17th to 21st birthday falls in the year, so no care leaver row is due.",
                    )
                )
                continue
            last = (
                person.looked_after_periods.exclude(ended_on__isnull=True)
                .order_by("-ended_on")
                .first()
            )
            since = last.ended_on if last else person.birthday(18)
            if not hasattr(person, "care_leaver"):
                self.check(
                    row,
                    care.become_care_leaver,
                    by=self.by,
                    person=person,
                    eligibility="former_relevant" if person.age_on(birthday) >= 18 else "relevant",
                    since=min(since, birthday),
                    care_history_elsewhere=last is None,
                )
            accom = row["ACCOM"]
            self.check(
                row,
                care.record_care_leaver_contact,
                by=self.by,
                person=person,
                contacted_on=birthday,
                in_touch=row["IN_TOUCH"],
                activity="" if row["ACTIV"] == "0" else row["ACTIV"],
                accommodation="" if accom == "0" else accom[:1],
                accommodation_suitable=None if accom == "0" else accom[1:] == "1",
            )

    def prev_perm(self) -> None:
        for row in self.t.get("PrevPerm", []):
            person = self.person_for(row)
            if person is None or (
                row["PREV_PERM"] == "Z1" and not row["LA_PERM"] and not row["DATE_PERM"]
            ):
                continue  # Z1 with nothing else is what the export writes when nothing is recorded
            self.check(
                row,
                care.record_previous_permanence,
                by=self.by,
                person=person,
                option=row["PREV_PERM"],
                la=row["LA_PERM"],
                order_date=row["DATE_PERM"].lower()
                if "Z" in row["DATE_PERM"]
                else row["DATE_PERM"],
                recorded_on=self.year.end,
            )

    def missing(self) -> None:
        for row in self.t.get("Missing", []):
            person = self.person_for(row)
            start = _date(row, "MIS_START", self.problems)
            end = _date(row, "MIS_END", self.problems, required=False)
            if person and start:
                self.check(
                    row,
                    care.record_missing_episode,
                    by=self.by,
                    person=person,
                    kind=row["MISSING"],
                    started_on=start,
                    ended_on=end,
                )

    def sw_episodes(self) -> None:
        team = None
        for row in sorted(
            self.t.get("SWEpisodes", []),
            key=lambda r: (r["CHILD"], r["SW_DECOM"][6:], r["SW_DECOM"][3:5], r["SW_DECOM"][:2]),
        ):
            person = self.person_for(row)
            start = _date(row, "SW_DECOM", self.problems)
            end = _date(row, "SW_DEC", self.problems, required=False)
            if person is None or start is None:
                continue
            if team is None:
                team = Team.objects.filter(
                    name="Imported social workers"
                ).first() or wf.create_team(
                    by=self.by, name="Imported social workers", kind=TeamKind.CHILDREN_IN_CARE
                )
            sw_id = row["SW_ID"]
            worker = Worker.objects.filter(staff_id=sw_id).first() or self.check(
                row,
                wf.create_worker,
                by=self.by,
                staff_id=sw_id,
                first_name="Imported",
                last_name=f"worker {sw_id}",
                job_title="Social worker",
                team=team,
                started_on=min(start, self.year.start),
                swe_registration=sw_id if sw_id.startswith("SW") else "",
            )
            allocation = self.check(
                row,
                wf.allocate,
                by=self.by,
                person=person,
                worker=worker,
                started_on=start,
                change_reason=row["SW_REASON"],
            )
            if end is not None:
                self.check(row, wf.end_allocation, by=self.by, allocation=allocation, ended_on=end)


def load_903(directory: Path, *, year: int, by) -> ImportSummary:
    """Import the return in ``directory`` for the year ending 31 March ``year`` (all or nothing)."""
    tables = read_tables(directory)
    loader = _Loader(tables, CollectionYear(year), by)
    with transaction.atomic():
        for step in (
            loader.header,
            loader.episodes,
            loader.reviews,
            loader.uasc,
            loader.oc2,
            loader.oc3,
            loader.prev_perm,
            loader.missing,
            loader.sw_episodes,
        ):
            step()
            if loader.problems:
                raise ImportFailed(loader.problems)
    return ImportSummary(
        children=len(loader.people), rows={name: len(rows) for name, rows in tables.items()}
    )
