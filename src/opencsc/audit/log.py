"""Writing audit events: called by actions, inside their transaction.

Audit and access events are append-only (see ``opencsc.audit.models`` and ``triggers``): the
model, its querysets and the database (triggers on PostgreSQL and SQLite) refuse UPDATE and DELETE,
and TRUNCATE on PostgreSQL. The one removal of chosen events is ``purge_person_events``, for
retention. Emptying the whole database (``flush``) is not editing the trail; do it inside
``with transaction.atomic(), opencsc.audit.triggers.purge_permit():`` (our ``flush`` command
does). ``restore`` replaces the tables whole, triggers and all, and inserting rows
(``bulk_create``) needs no permit.
"""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.db.models import Q

from opencsc.core.actor import Actor
from opencsc.core.errors import ActionError

from .models import AccessEvent, AuditEvent
from .triggers import purge_permit


def _plain(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def snapshot(obj: models.Model, fields) -> dict:
    """The current values of ``fields`` on ``obj``, in JSON-safe form (foreign keys as ids)."""
    out = {}
    for name in fields:
        field = obj._meta.get_field(name)
        out[name] = _plain(getattr(obj, field.attname))
    return out


def record_change(*, by, action: str, obj: models.Model, person=None, before=None, fields=()):
    """Record that ``action`` by ``by`` created or changed ``obj``.

    ``before`` is a snapshot taken before the change (``None`` for a new record); only fields whose
    value differs are stored, as ``[old, new]``.
    """
    if not fields:
        # Every field but the id and write timestamps (the event has its own time).
        fields = [
            f.name
            for f in obj._meta.concrete_fields
            if f.name != "id"
            and not getattr(f, "auto_now", False)
            and not getattr(f, "auto_now_add", False)
        ]
    after = snapshot(obj, fields)
    before = before or {}
    changes = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
    return record_event(
        by=by,
        action=action,
        model=obj._meta.label,
        object_id=str(obj.pk),
        person=person,
        changes=changes,
    )


def record_event(
    *,
    by: Actor | None,
    action: str,
    model: str,
    object_id: str,
    changes: dict[str, list[Any]],
    person: models.Model | None = None,
) -> AuditEvent:
    """Record ``action`` by ``by`` on the record ``model`` (a label) ``object_id``.

    For an event that is not the saving of one row (an export, a retention run): ``changes``
    holds what it did as ``{name: [before, after]}``, with no personal data beyond ``person``.
    An unsaved or missing ``by`` is recorded as the system.
    """
    return AuditEvent.objects.create(
        actor_id=getattr(by, "pk", None),
        action=action,
        model=model,
        object_id=object_id,
        person_id=person.pk if person is not None else None,
        changes=changes,
    )


def record_access(*, user, person, via: str = AccessEvent.Via.PAGE, path: str = "") -> AccessEvent:
    return AccessEvent.objects.create(user=user, person=person, via=via, path=path[:300])


# SQLite limits the parameters of one statement; a retention run may remove thousands of people.
_CHUNK = 500


@transaction.atomic
def purge_person_events(*, person_ids: Iterable[int], by, reason: str) -> int:
    """Remove every audit and access event about the people ``person_ids``; return how many.

    The one sanctioned removal of audit records: retention (for example a child's record kept to
    their 75th birthday, an adoption record 100 years), run in the same transaction as deleting
    the people themselves, so their records and the trail about them go together or not at all.
    "About" means events linked to the person and events on their ``people.Person`` row.

    Writes one AuditEvent, action ``retention_purge``, with the counts and ``reason`` and no
    personal data (no names, no ids of the people removed). ``reason`` must not name anyone.
    """
    ids = sorted({int(pk) for pk in person_ids})
    if not (reason or "").strip():
        raise ActionError(
            "reason",
            "A retention purge needs a reason.",
            "Give the retention rule applied, e.g. 'Retention: 75th birthday passed'.",
        )
    audit_removed = access_removed = 0
    with purge_permit():
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            about = Q(person_id__in=chunk) | Q(
                model="people.Person", object_id__in=[str(pk) for pk in chunk]
            )
            audit_removed += AuditEvent.objects.filter(about)._purge()
            access_removed += AccessEvent.objects.filter(person_id__in=chunk)._purge()
    record_event(
        by=by,
        action="retention_purge",
        model="audit.AuditEvent",
        object_id="retention",
        changes={
            "people": [len(ids), 0],
            "audit_events": [audit_removed, 0],
            "access_events": [access_removed, 0],
            "reason": [None, reason.strip()[:200]],
        },
    )
    return audit_removed + access_removed
