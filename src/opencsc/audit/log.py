"""Writing audit events: called by actions, inside their transaction."""

import datetime as dt
from decimal import Decimal

from django.db import models

from .models import AccessEvent, AuditEvent


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
    return AuditEvent.objects.create(
        actor=by if getattr(by, "pk", None) else None,
        action=action,
        model=obj._meta.label,
        object_id=str(obj.pk),
        person=person,
        changes=changes,
    )


def record_access(*, user, person, via: str = AccessEvent.Via.PAGE, path: str = "") -> AccessEvent:
    return AccessEvent.objects.create(user=user, person=person, via=via, path=path[:300])
