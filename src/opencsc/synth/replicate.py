"""Grow a generated council into a bigger one by bulk copying its case records (benchmarks only).

Generating England action by action (``opencsc synth --size england``) would take days, so the
benchmark generates Norfolk once and appends N-1 copies of every case-record row with
``INSERT ... SELECT``: copy ``c`` (2..N) gives each row the id ``id + (c - 1) * max_id`` of its
table, and every foreign key to a copied table is shifted by *that* table's offset, so each copy
is a self-contained council: its own children, teams, workers, allocations and history, on the
same dates. What must differ between copies to keep the DfE returns valid is rewritten:

- LA child id, staff id, adoptive family and adopter ids: a suffix ``R002``... (``SUFFIXED``); team names
  `` (copy 2)``. SWE registration (the 903 SW_ID): ``SWR`` and the worker's new id.
- UPN and former UPN: characters 2-4 (the LA code) become another recognised LA code, one per
  copy, and the check letter is recomputed (``people.identifiers.upn_check_letter``).
- NHS number: a fresh number from the NHS test range (999...) with a valid check digit.

Which tables are copied is decided from Django's model registry, not a list of tables: every
model of an app in ``COPIED_APPS`` is copied (a new model there is handled automatically); the
apps in ``NOT_COPIED`` and every non-opencsc app are left alone (users, the audit trail, the task
queue); an opencsc app in neither fails loudly, as does a unique field a copy would duplicate.
Both SQLite and PostgreSQL; one transaction per copy.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models.functions import Right

from opencsc.people.identifiers import nhs_number_is_valid, upn_check_letter, upn_is_valid

COPIED_APPS = ("workforce", "people", "casework", "care")

NOT_COPIED = {
    "accounts": "users and sign-ins: every copy is worked by the same accounts",
    "api": "API tokens are users' credentials, like their sign-ins",
    "audit": "the audit trail and access log record what really happened, so copies get none",
    "returns": "return runs are the background task queue's jobs, not case records",
    "core": "no case records (abstract bases only)",
    "synth": "no case records",
    "privacy": "legal holds are decisions about particular people; copies get none",
}
THIRD_PARTY = "Django's and third-party tables: sessions, permissions, the task queue"


class ReplicationError(Exception):
    """The database or the model registry is not something replicate knows how to copy."""


def copy_suffix(copy: int) -> str:
    """Appended to identifiers in copy ``copy`` (2..N): fixed width, so no two copies clash."""
    return f"R{copy:03d}"


def name_suffix(copy: int) -> str:
    return f" (copy {copy})"


# Text columns a copy must not duplicate, with the suffix they get. Blank stays blank (a relative
# has no LA child id; the unique constraint on it ignores blanks).
SUFFIXED: dict[tuple[str, str], Callable[[int], str]] = {
    ("people.Person", "la_child_id"): copy_suffix,
    ("workforce.Worker", "staff_id"): copy_suffix,
    ("workforce.Team", "name"): name_suffix,
    ("care.AdoptionCase", "family_id"): copy_suffix,
    ("care.AdopterHousehold", "family_id"): copy_suffix,
    ("care.ProspectiveAdopter", "adopter_id"): copy_suffix,
}
# Identifiers that cannot grow with every copy: a prefix and the copy's new id. The SWE
# registration is the 903 SW_ID, which must start "SW" (rule SW02STG1) and fits in 12 characters;
# generated and real registrations are SW and digits, so "SWR..." never meets one.
FROM_NEW_ID: dict[tuple[str, str], str] = {("workforce.Worker", "swe_registration"): "SWR"}
# Identifiers with a check character, rewritten in Python after the copy (``_PeopleRewriter``).
CHECKED = {
    ("people.Person", "upn"),
    ("people.Person", "former_upn"),
    ("people.Person", "nhs_number"),
}

# CIN rule 1530 (2023-24 onward): the LA codes (characters 2-4 of a UPN) the DfE recognises.
_LA_CODE_RANGES = [
    (1, 5), (201, 213), (301, 320), (330, 336), (340, 344), (350, 359), (370, 373), (380, 384),
    (390, 394), (420, 420), (660, 681), (701, 708), (800, 803), (805, 808), (810, 813),
    (815, 816), (820, 823), (825, 826), (830, 831), (835, 841), (845, 846), (850, 852),
    (855, 857), (860, 861), (865, 896), (908, 909), (916, 916), (919, 919), (921, 921),
    (925, 926), (928, 929), (931, 931), (933, 933), (935, 938), (940, 943),
]  # fmt: skip
# Councils' codes first, the pseudo-LA codes 001-005 last.
RECOGNISED_LA_CODES = sorted(
    (f"{n:03d}" for lo, hi in _LA_CODE_RANGES for n in range(lo, hi + 1)),
    key=lambda code: (code < "100", code),
)

# NHS numbers starting 999 are never issued to patients (the NHS test range).
NHS_TEST_RANGE_START = 999_000_000


@dataclass
class Column:
    name: str
    # (copy, run) -> the SQL selecting this column's value in that copy, and its params
    expression: Callable[[int, Run], tuple[str, list]]


@dataclass
class Run:
    """One replicate run: copy 2..N of the ``offsets`` rows already there."""

    offsets: dict  # model -> its largest id: copy c's ids are id + (c - 1) * offset
    base: int = 1  # the highest copy number already in the database (1: no copies yet)

    def shift(self, model: type[models.Model], copy: int) -> int:
        return (copy - 1) * self.offsets[model]

    def number(self, copy: int) -> int:
        """The copy number in identifiers: copy 2 of a first run is 2, of a second run base+1."""
        return self.base + copy - 1


@dataclass
class TablePlan:
    model: type[models.Model]
    columns: list[Column] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.model._meta.label

    @property
    def table(self) -> str:
        return self.model._meta.db_table


@dataclass
class Plan:
    tables: list[TablePlan]
    skipped: dict[str, str]  # db_table -> why it is not copied

    @property
    def models(self) -> list[type[models.Model]]:
        return [t.model for t in self.tables]


def _is_copied(model: type[models.Model]) -> bool:
    app = model._meta.app_config
    if not app.name.startswith("opencsc."):
        return False
    if app.label in COPIED_APPS:
        return True
    if app.label in NOT_COPIED:
        return False
    raise ReplicationError(
        f"{model._meta.label}: replicate does not know whether the '{app.label}' app holds case "
        "records. Add it to COPIED_APPS (copied with the council) or NOT_COPIED (left alone, with "
        "the reason) in opencsc/synth/replicate.py."
    )


def _unique_sets(model: type[models.Model]) -> Iterator[tuple[str, list[str]]]:
    opts = model._meta
    for f in opts.concrete_fields:
        if f.unique and not f.primary_key:
            yield f.name, [f.name]
    for together in opts.unique_together:
        yield "unique_together", list(together)
    for c in opts.constraints:
        if isinstance(c, models.UniqueConstraint):
            if c.expressions or not c.fields:
                raise ReplicationError(
                    f"{opts.label}: constraint {c.name} is unique on expressions, which "
                    "replicate cannot check. Teach opencsc/synth/replicate.py how copies stay distinct."
                )
            yield c.name, list(c.fields)


def build_plan() -> Plan:
    """Which tables are copied and how each column of a copy is computed (no database access)."""
    all_models = apps.get_models(include_auto_created=True)
    copied = {m for m in all_models if _is_copied(m)}
    tables, skipped = [], {}
    for model in all_models:
        opts = model._meta
        if model not in copied:
            label = opts.app_config.label
            skipped[opts.db_table] = NOT_COPIED.get(label, THIRD_PARTY)
            continue
        if not isinstance(opts.pk, models.fields.AutoFieldMixin):
            raise ReplicationError(
                f"{opts.label}: its primary key {opts.pk.name} is not an auto-increment integer, "
                "so replicate cannot give copies their own ids."
            )
        plan = TablePlan(model)
        distinct_fields = {opts.pk.name}
        for f in opts.concrete_fields:
            col = connection.ops.quote_name(f.column)
            key = (opts.label, f.name)
            if f.primary_key:
                plan.columns.append(Column(f.column, _shifted(col, model)))
            elif f.is_relation:
                target = f.related_model
                if target in copied:
                    if f.target_field != target._meta.pk:
                        raise ReplicationError(
                            f"{opts.label}.{f.name} points at {target._meta.label}."
                            f"{f.target_field.name}, not its id: replicate only shifts ids."
                        )
                    plan.columns.append(Column(f.column, _shifted(col, target)))
                    distinct_fields.add(f.name)
                elif f.unique:  # e.g. Worker.user: an account belongs to one worker, the original
                    if not f.null:
                        raise ReplicationError(
                            f"{opts.label}.{f.name} is unique and points at "
                            f"{target._meta.label}, which is not copied: copies cannot share it."
                        )
                    plan.columns.append(Column(f.column, lambda copy, run: ("NULL", [])))
                    distinct_fields.add(f.name)
                else:  # recorded_by and the like: the copy was recorded by the same user
                    plan.columns.append(Column(f.column, _same(col)))
            elif key in SUFFIXED:
                plan.columns.append(Column(f.column, _suffixed(col, SUFFIXED[key])))
                distinct_fields.add(f.name)
            elif key in FROM_NEW_ID:
                pk = connection.ops.quote_name(opts.pk.column)
                plan.columns.append(
                    Column(f.column, _from_new_id(col, pk, model, FROM_NEW_ID[key]))
                )
                distinct_fields.add(f.name)
            else:
                plan.columns.append(Column(f.column, _same(col)))
                if key in CHECKED:
                    distinct_fields.add(f.name)
        for name, fields in _unique_sets(model):
            if not distinct_fields.intersection(fields):
                raise ReplicationError(
                    f"{opts.label}.{'/'.join(fields)} ({name}) must be unique, and a copy would "
                    "repeat it. Add a rule for it to SUFFIXED in opencsc/synth/replicate.py."
                )
        tables.append(plan)
    return Plan(tables=tables, skipped=skipped)


def _same(col: str):
    return lambda copy, run: (col, [])


def _shifted(col: str, target: type[models.Model]):
    # Integers computed here, never user input.
    return lambda copy, run: (f"{col} + {run.shift(target, copy)}", [])


def _suffixed(col: str, suffix: Callable[[int], str]):
    return lambda copy, run: (
        f"CASE WHEN {col} = '' THEN {col} ELSE {col} || %s END",
        [suffix(run.number(copy))],
    )


_COPY_NUMBER = re.compile(r"\(copy ([0-9]+)\)")


def highest_copy() -> int:
    """The highest copy number earlier runs left in team names (1: none; every copy has teams
    when the council has any), else in LA child ids."""
    Team = apps.get_model("workforce", "Team")
    Person = apps.get_model("people", "Person")
    numbers = [
        int(n)
        for name in Team.objects.values_list("name", flat=True)
        for n in _COPY_NUMBER.findall(name)
    ]
    if not numbers and not Team.objects.exists():
        tails = Person.objects.filter(la_child_id__regex=r"R[0-9]{3}$").annotate(
            tail=Right("la_child_id", 3)
        )
        numbers = [int(t) for t in tails.values_list("tail", flat=True).distinct()]
    return max(numbers, default=1)


@dataclass
class CopyResult:
    copy: int  # 2..N in this run
    number: int  # in its identifiers (R002, "(copy 2)"): after the earlier runs' copies
    rows: int
    seconds: float


def _fetch(sql: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _from_new_id(col: str, pk: str, model: type[models.Model], prefix: str):
    return lambda copy, run: (
        f"CASE WHEN {col} = '' THEN {col} "
        f"ELSE %s || CAST({pk} + {run.shift(model, copy)} AS VARCHAR(20)) END",
        [prefix],
    )


def _check_lengths(plan: Plan, copies: int, run: Run) -> None:
    """PostgreSQL refuses a value longer than its column, SQLite stores it: refuse on both."""
    for t in plan.tables:
        for (label, name), prefix in FROM_NEW_ID.items():
            f = t.model._meta.get_field(name) if label == t.label else None
            longest = len(prefix) + len(str(copies * run.offsets[t.model]))
            if f is not None and f.max_length and longest > f.max_length:
                raise ReplicationError(
                    f"{label}.{name}: copies get '{prefix}' and their new id, {longest} characters "
                    f"at most, past the limit of {f.max_length}. Use fewer copies."
                )
        for (label, name), suffix in SUFFIXED.items():
            if label != t.label:
                continue
            f = t.model._meta.get_field(name)
            col = connection.ops.quote_name(f.column)
            table = connection.ops.quote_name(t.table)
            (longest,) = _fetch(f"SELECT MAX(LENGTH({col})) FROM {table}")[0]  # noqa: S608
            if (
                longest
                and f.max_length
                and longest + len(suffix(run.number(copies))) > f.max_length
            ):
                raise ReplicationError(
                    f"{label}.{name}: the longest value has {longest} characters, and with the "
                    f"copy suffix '{suffix(run.number(copies))}' it would pass the limit of {f.max_length}. "
                    "Use fewer copies, or shorten the suffix in opencsc/synth/replicate.py."
                )


class _PeopleRewriter:
    """New UPN, former UPN and NHS number for each copy of each person who has one.

    A UPN's characters 2-4 are the LA that issued it. Each (LA code in the source, copy) pair gets
    its own recognised LA code that no source UPN uses, so a copy's UPNs repeat the source's
    characters 5-13 under LA codes no other copy, and not the source, has: unique by construction,
    on a second run (``--force``) too.
    """

    def __init__(self, copies: int):
        self.Person = apps.get_model("people", "Person")
        self.rows = list(
            self.Person.objects.exclude(upn="", former_upn="", nhs_number="").values_list(
                "id", "upn", "former_upn", "nhs_number"
            )
        )
        source = sorted({u[1:4] for r in self.rows for u in r[1:3] if upn_is_valid(u)})
        free = iter(c for c in RECOGNISED_LA_CODES if c not in source)
        pairs = [(la, copy) for copy in range(2, copies + 1) for la in source]
        self.la_code = dict(zip(pairs, free, strict=False))
        if len(self.la_code) < len(pairs):
            raise ReplicationError(
                f"--copies: too many copies for the recognised LA codes (CIN rule 1530): each of "
                f"the {len(source)} LA codes in the UPNs needs one more per copy, and only "
                f"{len(RECOGNISED_LA_CODES) - len(source)} are free."
            )
        self.nhs_taken = {r[3] for r in self.rows if r[3]}
        self.next_nhs = NHS_TEST_RANGE_START

    def _upn(self, upn: str, copy: int) -> str:
        if not upn_is_valid(upn):
            return upn  # blank, or a malformed former UPN: copied as it is
        rest = self.la_code[upn[1:4], copy] + upn[4:]
        return upn_check_letter(rest) + rest

    def _nhs(self) -> str:
        while True:
            self.next_nhs += 1
            stem = f"{self.next_nhs:09d}"
            total = sum(int(d) * w for d, w in zip(stem, range(10, 1, -1), strict=True))
            number = f"{stem}{(11 - total % 11) % 11}"
            if nhs_number_is_valid(number) and number not in self.nhs_taken:  # no check digit 10
                return number

    def rewrite(self, copy: int, offset: int) -> int:
        updates = [
            (self._upn(upn, copy), self._upn(former, copy), self._nhs() if nhs else "", pk + offset)
            for pk, upn, former, nhs in self.rows
        ]
        q = connection.ops.quote_name
        opts = self.Person._meta
        columns = [q(opts.get_field(name).column) for name in ("upn", "former_upn", "nhs_number")]
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {q(opts.db_table)} SET {' = %s, '.join(columns)} = %s "  # noqa: S608
                f"WHERE {q(opts.pk.column)} = %s",
                updates,
            )
        return len(updates)


def replicate(
    *, copies: int, force: bool = False, progress: Callable[[CopyResult], None] | None = None
) -> tuple[Plan, list[CopyResult]]:
    """Make the database hold ``copies`` times what it holds: it and ``copies - 1`` copies.

    Refuses an empty database, and (unless ``force``) one that already holds copies. Each copy is
    one transaction; a failure leaves the copies made before it and nothing of its own.
    """
    if copies < 2:
        raise ReplicationError(
            "--copies: give 2 or more (the council already there counts as one)."
        )
    plan = build_plan()
    Person = apps.get_model("people", "Person")
    if not Person.objects.exists():
        raise ReplicationError(
            "The database holds no people. Generate a council first (opencsc synth --size norfolk)."
        )
    base = highest_copy()
    if base > 1 and not force:
        raise ReplicationError(
            f"The database already holds copies made by synth_replicate (up to copy {base}). Use "
            "--force to copy it again (every copy then includes the earlier ones)."
        )
    q = connection.ops.quote_name
    run = Run(offsets={}, base=base)
    for t in plan.tables:
        pk = q(t.model._meta.pk.column)
        (max_id,) = _fetch(f"SELECT COALESCE(MAX({pk}), 0) FROM {q(t.table)}")[0]  # noqa: S608
        run.offsets[t.model] = max_id
    _check_lengths(plan, copies, run)
    source_rows = {t.label: t.model._base_manager.count() for t in plan.tables}
    people = _PeopleRewriter(copies)
    results = []
    for copy in range(2, copies + 1):
        started = time.perf_counter()
        with transaction.atomic():
            added = sum(_copy_table(t, copy, run, source_rows[t.label]) for t in plan.tables)
            people.rewrite(copy, run.shift(Person, copy))
            with connection.cursor() as cursor:  # PostgreSQL: next ids after the copies
                for sql in connection.ops.sequence_reset_sql(no_style(), plan.models):
                    cursor.execute(sql)
        result = CopyResult(
            copy=copy, number=run.number(copy), rows=added, seconds=time.perf_counter() - started
        )
        results.append(result)
        if progress:
            progress(result)
    return plan, results


def _copy_table(t: TablePlan, copy: int, run: Run, expected: int) -> int:
    if not expected:
        return 0
    q = connection.ops.quote_name
    pk = q(t.model._meta.pk.column)
    selects, params = [], []
    for c in t.columns:
        sql, p = c.expression(copy, run)
        selects.append(sql)
        params.extend(p)
    sql = (
        f"INSERT INTO {q(t.table)} ({', '.join(q(c.name) for c in t.columns)}) "  # noqa: S608
        f"SELECT {', '.join(selects)} FROM {q(t.table)} WHERE {pk} <= %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, run.offsets[t.model]])
        inserted = cursor.rowcount
    if inserted != expected:
        raise ReplicationError(
            f"{t.label}: copy {copy} inserted {inserted} rows, expected {expected}."
        )
    return inserted


def england_copies() -> int:
    """How many Norfolks make England, by children looked after at 31 March (profiles.py)."""
    from opencsc.synth.profiles import ENGLAND, NORFOLK

    return round(ENGLAND.cla_at_31_march / NORFOLK.cla_at_31_march)
