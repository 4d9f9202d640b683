"""Data protection actions: a subject access export, legal holds, applying retention.

Each is one transaction with its audit event; a failure anywhere leaves nothing written (no
events, no files, no deletions).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from opencsc.audit.log import purge_person_events, record_access
from opencsc.audit.models import AccessEvent
from opencsc.audit.recording import create, record_event, update
from opencsc.core.actor import Actor
from opencsc.core.checks import require, today
from opencsc.core.errors import ActionError
from opencsc.people.models import Person

from . import retention, sar
from .models import LegalHold

SAR_FILES = ("sar.json", "sar.html")


@dataclass
class SubjectAccessExport:
    document: dict[str, Any]
    json_text: str
    html: str
    files: list[Path]


@transaction.atomic
def export_subject_access(
    *, by: Actor, person: Person, path: str = "", out_dir: Path | None = None
) -> SubjectAccessExport:
    """Everything held about ``person`` (``sar.build_document``) as JSON and printable HTML.

    Records the disclosure as an access event (via export) for the person and an audit event
    (counts only, no content). With ``out_dir``, writes ``sar.json`` and ``sar.html`` there:
    refused if either exists; written under temporary names and renamed at the end, so a
    failure leaves neither file and no events.
    """
    if getattr(by, "pk", None) is None:
        raise ActionError("by", "A subject access export needs the user making it.", "Sign in.")
    targets = []
    if out_dir is not None:
        out_dir = Path(out_dir)
        if out_dir.exists() and not out_dir.is_dir():
            raise ActionError("out", f"{out_dir} is a file, not a folder.", "Give a folder.")
        targets = [out_dir / name for name in SAR_FILES]
        existing = [str(t) for t in targets if t.exists()]
        if existing:
            raise ActionError(
                "out",
                f"{', '.join(existing)} already {'exists' if len(existing) == 1 else 'exist'}.",
                "Give an empty folder: an export never overwrites another.",
            )
    document = sar.build_document(person=person, by=by)
    json_text = json.dumps(document, indent=2, ensure_ascii=False, sort_keys=False)
    html = sar.render_html(document)
    record_access(user=by, person=person, via=AccessEvent.Via.EXPORT, path=path or "opencsc sar")
    record_event(
        by=by,
        action="export_subject_access",
        model="people.Person",
        object_id=str(person.pk),
        person=person,
        changes={
            "records": [None, sar.count_records(document)],
            "audit_events": [None, len(document["audit_events"])],
            "access_events": [None, len(document["access_events"])],
            "formats": [None, "json, html"],
            "to": [None, "download" if out_dir is None else "files"],
        },
    )
    if out_dir is not None:
        _write_all(out_dir, dict(zip(targets, (json_text, html), strict=True)))
    return SubjectAccessExport(document=document, json_text=json_text, html=html, files=targets)


def _write_all(out_dir: Path, contents: dict[Path, str]) -> None:
    """Write every file or none: temporary names first, renamed once all are written; on any
    failure the temporary files and those already renamed are removed."""
    out_dir.mkdir(parents=True, exist_ok=True)
    temporary: list[Path] = []
    renamed: list[Path] = []
    try:
        for target, text in contents.items():
            fd, name = tempfile.mkstemp(prefix=f".{target.name}.", dir=out_dir)
            temporary.append(Path(name))
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
            os.chmod(name, 0o600)  # a child's whole record: readable by its owner only
        for tmp, target in zip(temporary, contents, strict=True):
            tmp.replace(target)
            renamed.append(target)
    except BaseException:
        for path in [*temporary, *renamed]:
            path.unlink(missing_ok=True)
        raise


@transaction.atomic
def place_legal_hold(
    *, by: Actor, person: Person, reason: str, placed_on: dt.date | None = None
) -> LegalHold:
    """Keep ``person``'s records whatever the retention rules say, until the hold is lifted."""
    require((reason or "").strip(), "reason", "reason for the hold")
    placed_on = placed_on or today()
    if placed_on > today():
        raise ActionError(
            "placed_on", "A hold cannot start in the future.", "Use today or earlier."
        )
    hold = create(
        LegalHold,
        by=by,
        action="place_legal_hold",
        person=person,
        reason=reason.strip()[:200],
        placed_on=placed_on,
        placed_by=by,
    )
    return hold


@transaction.atomic
def lift_legal_hold(*, by: Actor, hold: LegalHold, lifted_on: dt.date | None = None) -> LegalHold:
    """End a hold: the person's records fall under the retention rules again."""
    hold = LegalHold.objects.select_for_update().get(pk=hold.pk)
    if hold.lifted_on is not None:
        raise ActionError("hold", f"This hold was already lifted on {hold.lifted_on}.", "")
    lifted_on = lifted_on or today()
    if lifted_on < hold.placed_on or lifted_on > today():
        raise ActionError(
            "lifted_on",
            f"A hold placed on {hold.placed_on} cannot be lifted on {lifted_on}.",
            "Use a date from the day it was placed to today.",
        )
    return update(
        hold, by=by, action="lift_legal_hold", person=hold.person, lifted_on=lifted_on, lifted_by=by
    )


@transaction.atomic
def apply_retention(*, by: Actor, as_of: dt.date) -> retention.RetentionPlan:
    """Delete everyone the retention rules say is due on ``as_of``, and everything about them.

    Runs the dry run (``retention.plan_retention``) again inside the transaction and deletes
    exactly what it lists: their audit trail through ``purge_person_events``, every linked row,
    then the people. Writes one audit event, ``apply_retention``, with the date, counts per rule
    and per model and no personal data (no names, no ids). All or nothing.
    """
    if as_of > today():
        raise ActionError(
            "as_of",
            f"{as_of} is in the future: records are deleted only once their date has passed.",
            "Use today or an earlier date (a later date works for a dry run).",
        )
    plan = retention.plan_retention(as_of=as_of)
    ids = plan.person_ids
    deleted: dict[str, int] = {}
    if ids:
        purged = purge_person_events(
            person_ids=ids, by=by, reason=f"Retention rules applied as of {as_of.isoformat()}"
        )
        deleted = retention.delete_rows(ids)
        deleted["audit events and access events"] = purged
    plan.rows = deleted
    record_event(
        by=by,
        action="apply_retention",
        model="people.Person",
        object_id="retention",
        changes={
            "as_of": [None, as_of.isoformat()],
            "children": [len(plan.due), 0],
            "relatives": [len(plan.relatives), 0],
            "held_for_review": [None, len(plan.held)],
            "by_rule": [plan.by_rule(), None],
            "rows": [deleted, None],
        },
    )
    return plan
