"""The ways an action saves: create a record, change it, end a span, delete a record, or note an
event about one; each with its audit event.

Actions call these inside their own ``transaction.atomic`` so the record and its audit event
land together or not at all.
"""

import datetime as dt
from collections.abc import Iterable
from typing import Any, Protocol, TypeVar, cast

from django.db import models

from opencsc.core.actor import Actor
from opencsc.core.checks import check_end
from opencsc.core.errors import ActionError

from .log import record_change, record_event, snapshot

__all__ = ["check_version", "create", "delete", "end_span", "record_event", "update"]

M = TypeVar("M", bound=models.Model)


class _Versioned(Protocol):
    version: int


class _Recorded(Protocol):
    recorded_by_id: Any


class _Span(Protocol):
    @property
    def started_on(self) -> dt.date: ...
    @property
    def ended_on(self) -> dt.date | None: ...


def _version(obj: models.Model) -> int | None:
    version: int | None = getattr(obj, "version", None)
    return version


def _has_field(model: type[models.Model], name: str) -> bool:
    return any(f.name == name for f in model._meta.concrete_fields)


def _column(obj: models.Model, name: str) -> str:
    field = obj._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"{name} is a relation of {obj._meta.label}, not one of its fields.")
    return field.attname


def create(
    model: type[M],
    *,
    by: Actor | None,
    action: str,
    person: models.Model | None = None,
    audit_fields: Iterable[str] = (),
    **fields: Any,
) -> M:
    """Save a new ``model`` from ``fields`` and audit it against ``person``.

    A model with a ``person`` foreign key gets ``person`` as its value unless ``fields`` set it,
    so a caller names the child once. ``audit_fields`` limits what the audit event copies (to
    keep a secret, such as a password hash, out of the trail); by default it is every field.
    """
    names_person = "person" in fields or "person_id" in fields
    if person is not None and not names_person and _has_field(model, "person"):
        fields["person"] = person
    obj = model(**fields)
    if _has_field(model, "recorded_by"):
        cast(_Recorded, obj).recorded_by_id = by.pk if by is not None else None
    obj.save()
    if person is None and obj._meta.label == "people.Person":
        person = obj  # a new person's record starts with their registration
    record_change(by=by, action=action, obj=obj, person=person, fields=tuple(audit_fields))
    return obj


def check_version(obj: models.Model, version: int | None) -> None:
    """Refuse a change made from a stale copy of ``obj`` (someone else saved in between)."""
    if version is not None and version != _version(obj):
        raise ActionError(
            "version",
            f"This {obj._meta.verbose_name} was changed by someone else while you were editing it.",
            "Reload the page to see their change, then make yours again.",
        )


def update(
    obj: M,
    *,
    by: Actor | None,
    action: str,
    person: models.Model | None = None,
    version: int | None = None,
    audit_fields: Iterable[str] | None = None,
    **changes: Any,
) -> M:
    """Apply ``changes`` to ``obj``, refusing a stale ``version``; saves only those fields.

    The version check is done again in the UPDATE itself (``WHERE version = …``) so two
    concurrent saves cannot both pass the check. ``audit_fields`` limits what the audit event
    copies (by default every changed field).
    """
    check_version(obj, version)
    fields = list(changes)
    audited = fields if audit_fields is None else list(audit_fields)
    before = snapshot(obj, audited)
    for name, value in changes.items():
        setattr(obj, name, value)
    current = _version(obj)
    if current is not None:
        columns = {_column(obj, f) for f in fields}
        updated = (
            type(obj)
            ._base_manager.filter(pk=obj.pk, version=current)
            .update(version=current + 1, **{c: getattr(obj, c) for c in columns})
        )
        if not updated:
            raise ActionError(
                "version",
                f"This {obj._meta.verbose_name} was changed by someone else at the same time.",
                "Reload the page to see their change, then make yours again.",
            )
        cast(_Versioned, obj).version = current + 1
    else:
        obj.save(update_fields=fields)
    record_change(by=by, action=action, obj=obj, person=person, before=before, fields=audited)
    return obj


def end_span(
    span: M,
    *,
    by: Actor | None,
    action: str,
    ended_on: dt.date,
    what: str,
    noun: str | None = None,
    person: models.Model | None = None,
    strictly_after: bool = False,
    **changes: Any,
) -> M:
    """End the open ``span`` (a record with ``started_on`` and ``ended_on``) on ``ended_on``.

    Refuses a span already ended (``noun`` names it in the message; by default its model's
    name) and an end before the start (``core.checks.check_end``; ``what`` names the date, and
    ``strictly_after`` refuses an end on the start day too). ``changes`` are saved with the end
    date (such as the reason it ended). ``person`` defaults to the span's own.
    """
    dates = cast(_Span, span)
    if dates.ended_on is not None:
        raise ActionError(
            "ended_on",
            f"This {noun or span._meta.verbose_name} has already ended.",
            "Nothing to end.",
        )
    check_end(
        ended_on, dates.started_on, field="ended_on", what=what, strictly_after=strictly_after
    )
    if person is None:
        person = cast(models.Model | None, getattr(span, "person", None))
    return update(span, by=by, action=action, person=person, ended_on=ended_on, **changes)


def delete(
    obj: models.Model, *, by: Actor | None, action: str, person: models.Model | None = None
) -> None:
    """Delete ``obj``; its audit event keeps what it held (every field, as ``[old, None]``)."""
    fields = [f.name for f in obj._meta.concrete_fields if f.name != "id"]
    values = snapshot(obj, fields)
    record_event(
        by=by,
        action=action,
        model=obj._meta.label,
        object_id=str(obj.pk),
        person=person,
        changes={name: [value, None] for name, value in values.items() if value is not None},
    )
    obj.delete()
