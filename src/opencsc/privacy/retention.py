"""Applying the retention rules (``rules.RULES``): who is due, and deleting everything about them.

``plan_retention`` only reads: it is the dry run, and ``actions.apply_retention`` runs it again
inside its transaction and deletes exactly what it lists. What goes with a child:

- every row about them, found by the registry walk (``links.rows_about``), so a new model is
  deleted with the child without anyone listing it;
- their audit and access events, through ``opencsc.audit.log.purge_person_events``;
- connected people (relatives, with no LA child id) whose every relationship is with people
  being deleted: they are in the records only because of those children. A relative also
  connected to a child who stays is kept.

Never deleted, whatever the dates: a person under a legal hold that has not been lifted, or a
restricted record (``Person.restricted``). Those past their date are listed for review.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.apps import apps
from django.db import connection
from django.db.models import Max, Q

from opencsc.audit.models import AccessEvent, AuditEvent

from . import links as walk
from .models import LegalHold
from .rules import BY_CODE, Facts, decide


@dataclass(frozen=True)
class Entry:
    person_id: int
    la_child_id: str
    rule: str  # the governing rule's code ("" when none applies)
    keep_until: dt.date | None
    held: str = ""  # why a due child is kept: "legal hold", "restricted record"


@dataclass
class RetentionPlan:
    as_of: dt.date
    due: list[Entry] = field(default_factory=list)  # deleted by --apply
    held: list[Entry] = field(default_factory=list)  # past their date, but held: review
    undecided: list[Entry] = field(default_factory=list)  # a date cannot be worked out: review
    relatives: list[int] = field(default_factory=list)  # connected people deleted with them
    rows: dict[str, int] = field(default_factory=dict)  # model label -> rows to delete

    @property
    def person_ids(self) -> list[int]:
        return sorted({e.person_id for e in self.due} | set(self.relatives))

    def by_rule(self) -> dict[str, int]:
        return dict(sorted(Counter(e.rule for e in self.due).items()))


def facts() -> dict[int, tuple[dict, Facts]]:
    """Every child's row (id, LA child id, restricted) and the facts the rules read, in a
    handful of queries for the whole council."""
    Person = apps.get_model("people", "Person")
    LookedAfterPeriod = apps.get_model("care", "LookedAfterPeriod")
    AdoptionCase = apps.get_model("care", "AdoptionCase")
    looked_after = set(LookedAfterPeriod.objects.values_list("person_id", flat=True).distinct())
    orders = dict(
        AdoptionCase.objects.filter(adoption_order_on__isnull=False)
        .values("person_id")
        .annotate(latest=Max("adoption_order_on"))
        .values_list("person_id", "latest")
    )
    out = {}
    rows = Person.objects.children().values(
        "id", "la_child_id", "date_of_birth", "date_of_death", "restricted"
    )
    for row in rows.order_by("id"):
        out[row["id"]] = (
            row,
            Facts(
                date_of_birth=row["date_of_birth"],
                date_of_death=row["date_of_death"],
                looked_after=row["id"] in looked_after,
                adoption_order_on=orders.get(row["id"]),
            ),
        )
    return out


def plan_retention(*, as_of: dt.date) -> RetentionPlan:
    """Who the rules say is due for deletion on ``as_of``, who is held, and what would go."""
    plan = RetentionPlan(as_of=as_of)
    on_hold = set(LegalHold.objects.active().values_list("person_id", flat=True))  # type: ignore[attr-defined]
    for pk, (row, child_facts) in facts().items():
        outcome = decide(child_facts, as_of)
        entry = Entry(
            person_id=pk,
            la_child_id=row["la_child_id"],
            rule=outcome.rule.code if outcome.rule else "",
            keep_until=outcome.keep_until,
        )
        if outcome.rule is not None and outcome.keep_until is None:
            plan.undecided.append(entry)
        elif outcome.due:
            why = (
                "legal hold" if pk in on_hold else "restricted record" if row["restricted"] else ""
            )
            if why:
                plan.held.append(Entry(**{**entry.__dict__, "held": why}))
            else:
                plan.due.append(entry)
    plan.relatives = _relatives_going_with(
        {e.person_id for e in plan.due}, kept=on_hold | _restricted()
    )
    plan.rows = count_rows(plan.person_ids)
    return plan


def _restricted() -> set[int]:
    Person = apps.get_model("people", "Person")
    return set(Person.objects.filter(restricted=True).values_list("pk", flat=True))


def _relatives_going_with(going: set[int], *, kept: set[int]) -> list[int]:
    """Connected people (no LA child id) every one of whose relationships is with ``going``."""
    if not going:
        return []
    Person = apps.get_model("people", "Person")
    Relationship = apps.get_model("people", "Relationship")
    ids = sorted(going)
    pairs: list[tuple[int, int]] = []
    for start in range(0, len(ids), walk.CHUNK):
        chunk = ids[start : start + walk.CHUNK]
        pairs += Relationship.objects.filter(
            Q(person_id__in=chunk) | Q(other_id__in=chunk)
        ).values_list("person_id", "other_id")
    connected = ({a for a, _ in pairs} | {b for _, b in pairs}) - going - kept
    relatives = set(
        Person.objects.filter(pk__in=sorted(connected), la_child_id="").values_list("pk", flat=True)
    )
    if not relatives:
        return []
    # Every relationship of theirs, not only those with the children going.
    others: dict[int, set[int]] = {pk: set() for pk in relatives}
    listed = sorted(relatives)
    for start in range(0, len(listed), walk.CHUNK):
        chunk = listed[start : start + walk.CHUNK]
        for a, b in Relationship.objects.filter(
            Q(person_id__in=chunk) | Q(other_id__in=chunk)
        ).values_list("person_id", "other_id"):
            for me, them in ((a, b), (b, a)):
                if me in others:
                    others[me].add(them)
    return sorted(pk for pk, theirs in others.items() if theirs <= going)


def _about(ids: list[int]) -> Q:
    return Q(person_id__in=ids) | Q(model="people.Person", object_id__in=[str(pk) for pk in ids])


def count_rows(person_ids: list[int]) -> dict[str, int]:
    """Rows that deleting ``person_ids`` removes, per model label (people and audit included)."""
    if not person_ids:
        return {}
    counts: Counter[str] = Counter()
    links = walk.linked_models()
    for start in range(0, len(person_ids), walk.CHUNK):
        chunk = person_ids[start : start + walk.CHUNK]
        for model, pks in walk.rows_about(chunk, links).items():
            counts[model._meta.label] += len(pks)
        counts["people.Person"] += len(chunk)
        counts["audit.AuditEvent"] += AuditEvent.objects.filter(_about(chunk)).count()
        counts["audit.AccessEvent"] += AccessEvent.objects.filter(person_id__in=chunk).count()
    return {label: n for label, n in sorted(counts.items()) if n}


def delete_rows(person_ids: list[int]) -> dict[str, int]:
    """Delete every row about ``person_ids`` and the people themselves; per model label, how many.

    Call inside a transaction, after ``purge_person_events`` (audit events protect the people
    they are about). Children go before the records they point at; a nullable key in a cycle is
    cleared first. Django's delete collector refuses (ProtectedError) if a row outside the set
    still points at one being deleted, and the database's own foreign-key check runs at the
    end, so a half-consistent result raises instead of committing.
    """
    Person = apps.get_model("people", "Person")
    links = walk.linked_models()
    order = walk.deletion_order(links)
    deleted: Counter[str] = Counter()
    for start in range(0, len(person_ids), walk.CHUNK):
        chunk = person_ids[start : start + walk.CHUNK]
        rows = walk.rows_about(chunk, links)
        for link in order.clear_first:
            for pks in _chunks(rows[link.model]):
                link.model._base_manager.filter(pk__in=pks).update(**{link.field.attname: None})
        for model in order.models:
            for pks in _chunks(rows[model]):
                _delete(model, pks, deleted)
        _delete(Person, chunk, deleted)
    connection.check_constraints()
    return {label: n for label, n in sorted(deleted.items()) if n}


def _delete(model, pks, deleted: Counter) -> None:
    """One table's rows (and whatever cascades from them); a seam the failure test breaks."""
    _, per_model = model._base_manager.filter(pk__in=pks).delete()
    deleted.update(per_model)


def _chunks(pks: set[int]):
    listed = sorted(pks)
    for start in range(0, len(listed), walk.CHUNK):
        yield listed[start : start + walk.CHUNK]


def rule_title(code: str) -> str:
    rule = BY_CODE.get(code)
    return rule.title if rule else "no rule"
