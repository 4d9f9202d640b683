"""The two ways an action saves: create a record, or change one, each with its audit event.

Actions call these inside their own ``transaction.atomic`` so the record and its audit event
land together or not at all.
"""

from django.db import models

from opencsc.core.errors import ActionError

from .log import record_change, snapshot


def _user(by):
    return by if getattr(by, "pk", None) else None


def _has_person_field(model: type[models.Model]) -> bool:
    return any(f.name == "person" for f in model._meta.concrete_fields)


def create(model: type[models.Model], *, by, action: str, person=None, **fields) -> models.Model:
    """Save a new ``model`` from ``fields`` and audit it against ``person``.

    A model with a ``person`` foreign key gets ``person`` as its value unless ``fields`` set it,
    so a caller names the child once.
    """
    names_person = "person" in fields or "person_id" in fields
    if person is not None and not names_person and _has_person_field(model):
        fields["person"] = person
    obj = model(**fields)
    if hasattr(obj, "recorded_by_id"):
        obj.recorded_by = _user(by)
    obj.save()
    if person is None and obj._meta.label == "people.Person":
        person = obj  # a new person's record starts with their registration
    record_change(by=by, action=action, obj=obj, person=person)
    return obj


def check_version(obj: models.Model, version: int | None) -> None:
    """Refuse a change made from a stale copy of ``obj`` (someone else saved in between)."""
    if version is not None and version != obj.version:
        raise ActionError(
            "version",
            f"This {obj._meta.verbose_name} was changed by someone else while you were editing it.",
            "Reload the page to see their change, then make yours again.",
        )


def update(
    obj: models.Model, *, by, action: str, person=None, version: int | None = None, **changes
):
    """Apply ``changes`` to ``obj``, refusing a stale ``version``; saves only those fields.

    The version check is done again in the UPDATE itself (``WHERE version = …``) so two
    concurrent saves cannot both pass the check.
    """
    check_version(obj, version)
    before = snapshot(obj, changes)
    for name, value in changes.items():
        setattr(obj, name, value)
    fields = list(changes)
    if hasattr(obj, "version"):
        current = obj.version
        updated = (
            type(obj)
            ._base_manager.filter(pk=obj.pk, version=current)
            .update(
                version=current + 1,
                **{
                    obj._meta.get_field(f).attname: getattr(obj, obj._meta.get_field(f).attname)
                    for f in fields
                },
            )
        )
        if not updated:
            raise ActionError(
                "version",
                f"This {obj._meta.verbose_name} was changed by someone else at the same time.",
                "Reload the page to see their change, then make yours again.",
            )
        obj.version = current + 1
    else:
        obj.save(update_fields=fields)
    record_change(by=by, action=action, obj=obj, person=person, before=before, fields=fields)
    return obj
