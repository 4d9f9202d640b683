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
from opencsc.core.checks import check_date, check_end
from opencsc.core.errors import ActionError
from opencsc.core.models import Span

from .log import record_change, record_event, snapshot

__all__ = [
    "check_span_end",
    "check_version",
    "create",
    "delete",
    "end_span",
    "record_event",
    "update",
]

M = TypeVar("M", bound=models.Model)


class _Versioned(Protocol):
    version: int


class _Recorded(Protocol):
    recorded_by_id: Any


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


def _span(obj: models.Model) -> Span:
    if not isinstance(obj, Span):
        raise TypeError(f"{obj._meta.label} is not a span (core.models.Span).")
    return obj


def check_span_end(
    span: models.Model,
    ended_on: dt.date,
    *,
    what: str,
    noun: str | None = None,
    field: str | None = None,
    strictly_after: bool = False,
) -> None:
    """The one rule for ending a span: it ends once, and not before it started (nor on the day
    it started, with ``strictly_after``: placements, legal statuses, periods of care and plans
    cannot start and end on one day).

    ``end_span`` checks it before it writes; an action that has more to check before any write
    (such as a new placement's details) may call it first, so the refusals come in order.
    ``what`` names the date in the message and ``noun`` the span (by default its model's name);
    ``field`` is the form field refused (by default the span's end, e.g. ``ended_on``; the
    start of the next span where ending this one is a handover).
    """
    dates = _span(span)
    noun = noun or str(span._meta.verbose_name)
    field = field or dates.span_end
    if getattr(dates, dates.span_end) is not None:
        raise ActionError(field, f"This {noun} has already ended.", "Nothing to end.")
    check_date(ended_on, field=field, what=what)
    check_end(
        ended_on,
        getattr(dates, dates.span_start),
        field=field,
        what=what,
        strictly_after=strictly_after,
        started=f"the {noun}",
    )


def end_span(
    span: M,
    *,
    by: Actor | None,
    action: str,
    ended_on: dt.date,
    what: str,
    noun: str | None = None,
    field: str | None = None,
    person: models.Model | None = None,
    strictly_after: bool = False,
    **changes: Any,
) -> M:
    """End the open ``span`` (a ``core.models.Span``) on ``ended_on``, refused as
    ``check_span_end`` says, and audit it.

    The end date is saved in the span's own end field (``span_end``: ``ended_on``, or e.g. a
    referral's ``closed_on``); ``changes`` are saved with it (such as the reason it ended) in
    the same audit event. ``person`` defaults to the span's own.
    """
    check_span_end(span, ended_on, what=what, noun=noun, field=field, strictly_after=strictly_after)
    if person is None:
        person = cast(models.Model | None, getattr(span, "person", None))
    changes[_span(span).span_end] = ended_on
    return update(span, by=by, action=action, person=person, **changes)


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
