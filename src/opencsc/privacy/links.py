"""Everything held about a person, found by walking the model registry rather than a list.

A model holds rows about a person when it has a foreign key to ``people.Person``, or to a model
that does (recursively: a placement hangs off a period of care as well as off the child). The
walk reads Django's registry each time, so a new model pointing at Person, or at any record
that does, is in every subject access export and every retention deletion without anyone
remembering to add it. The audit trail (``audit.AuditEvent``, ``audit.AccessEvent``) is the one
exception: it is exported in sections of its own and removed only through
``opencsc.audit.log.purge_person_events``.

Rows of ``people.Person`` itself are never reached through the walk: the people named in a
child's record (relatives, through ``people.Relationship.other``) are other data subjects.
"""

from __future__ import annotations

import graphlib
import itertools
from collections import defaultdict
from dataclasses import dataclass

from django.apps import apps
from django.db import models
from django.db.models import Q

# Handled on their own (exported as sections, removed by purge_person_events).
AUDIT_MODELS = frozenset({"audit.AuditEvent", "audit.AccessEvent"})

# SQLite limits the parameters of one statement; keep every IN (...) well under it.
CHUNK = 500


def person_model() -> type[models.Model]:
    return apps.get_model("people", "Person")


@dataclass(frozen=True)
class Link:
    """``model.field`` points at ``field.related_model`` (Person, or a model linked to one)."""

    model: type[models.Model]
    field: models.ForeignKey

    @property
    def target(self) -> type[models.Model]:
        return self.field.related_model  # type: ignore[return-value]  # resolved, never "self"

    def __str__(self) -> str:
        return f"{self.model._meta.label}.{self.field.name} -> {self.target._meta.label}"


def _pointers(model: type[models.Model]) -> list[models.ForeignKey]:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.ForeignKey) and f.related_model is not None
    ]  # OneToOneField is a ForeignKey too


def linked_models() -> dict[type[models.Model], list[Link]]:
    """Every model holding rows about a person, with the foreign keys that tie it to one.

    Ordered by app (``INSTALLED_APPS``) then model, as the registry lists them, so exports are
    stable. Excludes Person itself and the audit trail (``AUDIT_MODELS``).
    """
    Person = person_model()
    every = [
        m
        for m in apps.get_models(include_auto_created=True)
        if m is not Person and m._meta.label not in AUDIT_MODELS
    ]
    reached: set[type[models.Model]] = {Person}
    links: dict[type[models.Model], list[Link]] = {}
    changed = True
    while changed:
        changed = False
        for model in every:
            found = [Link(model, f) for f in _pointers(model) if f.related_model in reached]
            if found and len(found) != len(links.get(model, [])):
                links[model] = found
                reached.add(model)
                changed = True
    return {m: links[m] for m in every if m in links}


def rows_about(person_ids, links=None) -> dict[type[models.Model], set[int]]:
    """The primary keys, per linked model, of every row about the people ``person_ids``.

    Repeats until nothing new is found, so a row reached only through another record (and not
    through its own ``person`` field) is included too. People's own rows are not in the answer.
    """
    Person = person_model()
    links = linked_models() if links is None else links
    found: dict[type[models.Model], set[int]] = defaultdict(set)
    found[Person] = {int(pk) for pk in person_ids}
    changed = True
    while changed:
        changed = False
        for model, model_links in links.items():
            new: set[int] = set()
            for link in model_links:
                targets = sorted(found.get(link.target, ()))
                for start in range(0, len(targets), CHUNK):
                    chunk = targets[start : start + CHUNK]
                    new |= set(
                        model._base_manager.filter(
                            Q(**{f"{link.field.attname}__in": chunk})
                        ).values_list("pk", flat=True)
                    )
            new -= found[model]
            if new:
                found[model] |= new
                changed = True
    found.pop(Person)
    return {m: found.get(m, set()) for m in links}


class DeletionOrderError(Exception):
    pass


@dataclass
class DeletionOrder:
    """The order to delete linked models in (children before what they point at), and the
    nullable foreign keys to clear first to break a cycle (a conference points at the plan it
    decided on, the plan at its conference)."""

    models: list[type[models.Model]]
    clear_first: list[Link]


def deletion_order(links=None) -> DeletionOrder:
    Person = person_model()
    links = linked_models() if links is None else links
    edges = {(link.model, link.target, link) for ls in links.values() for link in ls}
    cleared: list[Link] = []
    while True:
        # Node -> the models that must go before it (those pointing at it).
        graph: dict = {m: set() for m in [*links, Person]}
        for source, target, _ in edges:
            if source is not target:
                graph[target].add(source)
        try:
            order = list(graphlib.TopologicalSorter(graph).static_order())
        except graphlib.CycleError as error:
            cycle = error.args[1]
            # Each node of the cycle is a predecessor of the next: (source, target) pairs.
            pairs = set(itertools.pairwise(cycle))
            breakable = [
                e for e in edges if (e[0], e[1]) in pairs and e[2].field.null and e[0] is not e[1]
            ]
            if not breakable:
                raise DeletionOrderError(
                    "These models point at each other with foreign keys none of which may be "
                    f"empty, so their rows cannot be deleted one table at a time: "
                    f"{', '.join(m._meta.label for m in cycle)}. Make one of the keys nullable."
                ) from error
            edge = sorted(breakable, key=lambda e: str(e[2]))[0]
            edges.discard(edge)
            cleared.append(edge[2])
            continue
        # Self-references (none today) are left to the collector within one table.
        return DeletionOrder(models=[m for m in order if m is not Person], clear_first=cleared)
