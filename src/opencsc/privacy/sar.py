"""A subject access request (SAR) export: everything held about one person, as data and HTML.

``build_document`` reads the person's own row, every row the registry walk finds about them
(``links.rows_about``: identifiers, addresses, relationships, every casework and care record,
a legal hold...), their chronology and the audit and access events about them. It only reads:
``actions.export_subject_access`` records the disclosure.

Third-party data is not silently included. Fields that can name other people (workers and
other staff, relatives and other people in the records, carers and adopters, free text) are
listed in ``third_party_fields`` with why, and each row marks the fields it holds such data in
(``_review``), so the disclosure officer can redact before release (UK GDPR Art. 15(4); Data
Protection Act 2018 Sch. 2 para 16: information about other individuals).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from opencsc.audit.models import AccessEvent, AuditEvent

from . import links as walk

FORMAT_VERSION = 1

STAFF = "A worker's or other staff member's name: third-party data (usually released; review)."
OTHER_PERSON = "Another person named in the record (when it is not the subject): review."
ADOPTERS = "Prospective or adoptive parents: third-party data, review before release."
FREE_TEXT = "Free text: may name or describe other people; read before release."
STAFF_SAFETY = (
    "A staff-safety warning: may describe other people, and releasing it may put staff or others "
    "at risk; review before release."
)

# Models whose rows are other people: a foreign key to one names a third party.
THIRD_PARTY_MODELS = {
    "accounts.User": STAFF,
    "workforce.Worker": STAFF,
    "people.Person": OTHER_PERSON,
    "care.AdopterHousehold": ADOPTERS,
    "care.ProspectiveAdopter": ADOPTERS,
}
# Plain fields that hold another person's details (the generic checks cannot tell).
THIRD_PARTY_FIELDS = {
    ("care.Placement", "carer_name"): "The carer's name: third-party data, review.",
    ("care.Placement", "postcode"): "Where the carers live: third-party data, review.",
    ("care.Placement", "urn"): "Identifies the carers' setting: review.",
    ("care.AdoptionCase", "family_id"): ADOPTERS,
    ("care.AdoptionCase", "number_of_adopters"): ADOPTERS,
    ("care.AdoptionCase", "adopter_sex"): ADOPTERS,
    ("care.AdoptionCase", "adopter_legal_status"): ADOPTERS,
    ("care.AdoptionCase", "adopted_by_foster_carer"): ADOPTERS,
    ("people.Address", "line1"): "A placement address is the carers' home: review.",
    ("people.Address", "town"): "A placement address is the carers' home: review.",
    ("people.Address", "postcode"): "A placement address is the carers' home: review.",
    ("people.RestrictedAccess", "reason"): FREE_TEXT,
    ("people.WarningNote", "details"): STAFF_SAFETY,
    ("people.WarningNote", "reason_not_told"): STAFF_SAFETY,
    ("privacy.LegalHold", "reason"): FREE_TEXT,
}
# Fields flagged only on some rows: an address is the carers' only when it is a placement.
ONLY_WHEN = {
    ("people.Address", "line1"): lambda row: row.kind == "placement",
    ("people.Address", "town"): lambda row: row.kind == "placement",
    ("people.Address", "postcode"): lambda row: row.kind == "placement",
}
# The sections that are not model rows.
EXTRA_THIRD_PARTY = [
    ("chronology", "title", "Entries name the worker allocated or the people involved: review."),
    ("chronology", "detail", FREE_TEXT),
    ("chronology", "worker", STAFF),
    ("audit_events", "actor", STAFF),
    ("audit_events", "changes", "Old and new values: may hold other people's ids or details."),
    ("access_events", "user", STAFF),
]


def third_party_note(model: type[models.Model], field: models.Field) -> str:
    """Why ``model.field`` may hold another person's data ("" when it does not)."""
    note = THIRD_PARTY_FIELDS.get((model._meta.label, field.name))
    if note:
        return note
    if field.is_relation and field.related_model is not None:
        return THIRD_PARTY_MODELS.get(field.related_model._meta.label, "")
    if isinstance(field, models.TextField | models.JSONField):
        return FREE_TEXT
    return ""


def _plain(value):
    if isinstance(value, dt.datetime):
        return (
            timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
        )
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _name(obj) -> str:
    full = getattr(obj, "get_full_name", None)
    return (full() if full else "") or str(obj)


def _fields(model) -> list[models.Field]:
    return list(model._meta.concrete_fields)


def _row(obj, model, subject_pk: int) -> dict:
    """One record as JSON: plain values; a code as {code, text}; a link as {id, text}.
    ``_review`` lists the fields of this row that hold third-party data."""
    Person = walk.person_model()
    out: dict = {}
    review = []
    for f in _fields(model):
        raw = getattr(obj, f.attname)
        if f.is_relation:
            if raw is None:
                value = None
            else:
                target = getattr(obj, f.name)
                value = {"id": raw, "text": _name(target)}
                if f.related_model is Person and raw == subject_pk:
                    value["text"] = "the subject"
        elif f.choices and raw not in (None, ""):
            value = {"code": raw, "text": str(dict(f.flatchoices).get(raw, raw))}
        else:
            value = _plain(raw)
        out[f.name] = value
        is_subject = f.is_relation and f.related_model is Person and raw == subject_pk
        applies = ONLY_WHEN.get((model._meta.label, f.name), lambda row: True)(obj)
        held = raw not in (None, "", [], {})
        if third_party_note(model, f) and held and applies and not is_subject:
            review.append(f.name)
    out["_review"] = review
    return out


def _section(model, queryset, subject_pk: int) -> dict:
    relations = [f.name for f in _fields(model) if f.is_relation]
    rows = [
        _row(obj, model, subject_pk) for obj in queryset.select_related(*relations).order_by("pk")
    ]
    return {
        "model": model._meta.label,
        "title": str(model._meta.verbose_name_plural).capitalize(),
        "fields": [f.name for f in _fields(model)],
        "labels": {f.name: str(f.verbose_name).capitalize() for f in _fields(model)},
        "rows": rows,
    }


def third_party_fields(linked) -> list[dict]:
    out = []
    Person = walk.person_model()
    for model in [Person, *linked]:
        for f in _fields(model):
            note = third_party_note(model, f)
            if model is Person and f.is_relation:
                continue
            if note:
                out.append({"section": model._meta.label, "field": f.name, "why": note})
    out += [{"section": s, "field": f, "why": why} for s, f, why in EXTRA_THIRD_PARTY]
    return out


def build_document(*, person, by=None, generated_at: dt.datetime | None = None) -> dict:
    """Everything held about ``person``, as a JSON-safe dict (see the module docstring)."""
    from opencsc.people.chronology import chronology_for

    Person = walk.person_model()
    linked = walk.linked_models()
    rows = walk.rows_about([person.pk], linked)
    sections = [_section(Person, Person._base_manager.filter(pk=person.pk), person.pk)]
    for model in linked:
        sections.append(
            _section(model, model._base_manager.filter(pk__in=sorted(rows[model])), person.pk)
        )
    chronology = [
        {
            "date": e.date.isoformat(),
            "category": e.category,
            "title": e.title,
            "detail": e.detail,
            "worker": e.worker,
        }
        for e in chronology_for(person)
    ]
    audit = AuditEvent.objects.filter(
        Q(person=person) | Q(model="people.Person", object_id=str(person.pk))
    ).select_related("actor")
    access = AccessEvent.objects.filter(person=person).select_related("user")
    return {
        "format": "opencsc subject access export",
        "format_version": FORMAT_VERSION,
        "generated_at": _plain(generated_at or timezone.now()),
        "generated_by": _name(by) if getattr(by, "pk", None) else "opencsc (command line)",
        "subject": {
            "id": person.pk,
            "la_child_id": person.la_child_id,
            "name": person.name,
            "date_of_birth": _plain(person.date_of_birth),
        },
        "notice": (
            "Everything opencsc holds about the subject. Before release, review every field "
            "listed in third_party_fields (and marked in each row's _review): they may identify "
            "other people, who have rights of their own. Nothing has been redacted."
        ),
        "third_party_fields": third_party_fields(linked),
        "sections": sections,
        "chronology": chronology,
        "audit_events": [
            {
                "at": _plain(e.at),
                "actor": _name(e.actor) if e.actor else "the system",
                "action": e.action,
                "record": e.model,
                "record_id": e.object_id,
                "changes": e.changes,
            }
            for e in audit.order_by("at", "id")
        ],
        "access_events": [
            {"at": _plain(e.at), "user": _name(e.user), "via": e.via, "path": e.path}
            for e in access.order_by("at", "id")
        ],
    }


def count_records(document: dict) -> int:
    return sum(len(s["rows"]) for s in document["sections"])


def _display(value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, dict) and "text" in value:
        return str(value["text"])
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


def render_html(document: dict) -> str:
    """A standalone, printable page of ``document`` (its own styles, no scripts, no links out)."""
    sections = []
    for s in document["sections"]:
        rows = []
        for row in s["rows"]:
            rows.append(
                [
                    {
                        "label": s["labels"][name],
                        "value": _display(row[name]),
                        "review": name in row["_review"],
                    }
                    for name in s["fields"]
                ]
            )
        sections.append({"model": s["model"], "title": s["title"], "rows": rows})
    return render_to_string("privacy/sar_document.html", {"doc": document, "sections": sections})
