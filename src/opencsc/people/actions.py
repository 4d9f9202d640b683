"""The one write path for people: register, correct, birth, death, relationships, addresses,
warning notes."""

import datetime as dt
import re
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from opencsc.audit.recording import create, delete, end_span, update
from opencsc.core.actor import Actor
from opencsc.core.checks import check_choice, check_date, check_end, require, today
from opencsc.core.errors import ActionError
from opencsc.workforce.actions import allocate
from opencsc.workforce.codes import WorkerChangeReason
from opencsc.workforce.models import Worker

from .codes import (
    Disability,
    Ethnicity,
    ImmigrationStatus,
    RelationshipKind,
    Sex,
    UPNUnknown,
    WarningKind,
)
from .identifiers import nhs_number_is_valid, normalise_postcode, postcode_is_valid, upn_is_valid
from .models import (
    Address,
    ImmigrationStatusSpan,
    Person,
    PersonDisability,
    Relationship,
    RestrictedAccess,
    WarningNote,
)
from .timescales import warning_note_review_due


def _check_identity(
    *,
    la_child_id: str,
    upn: str,
    nhs_number: str,
    upn_unknown: str,
    exclude: Person | None = None,
) -> None:
    if la_child_id:
        if not re.fullmatch(r"[A-Za-z0-9]{1,20}", la_child_id):
            raise ActionError(
                "la_child_id",
                f"The LA child ID '{la_child_id}' is not valid.",
                "Use up to 20 letters and digits, with no spaces or symbols.",
            )
        clash = Person.objects.filter(la_child_id=la_child_id)
        if exclude is not None:
            clash = clash.exclude(pk=exclude.pk)
        if clash.exists():
            raise ActionError(
                "la_child_id",
                f"Another child already has the LA child ID '{la_child_id}'.",
                "Search for the child: they may already be recorded. IDs are never reused.",
            )
    if upn and not upn_is_valid(upn):
        raise ActionError(
            "upn",
            f"The UPN '{upn}' is not valid.",
            "A UPN is 13 characters: a check letter then 12 digits (the last may be a letter).",
        )
    if upn and upn_unknown:
        raise ActionError(
            "upn_unknown",
            "Give a UPN or a reason it is unknown, not both.",
            "Clear the reason, or the UPN.",
        )
    check_choice(upn_unknown, UPNUnknown, "upn_unknown", "reason the UPN is unknown", blank_ok=True)
    if nhs_number and not nhs_number_is_valid(nhs_number):
        raise ActionError(
            "nhs_number",
            f"The NHS number '{nhs_number}' is not valid.",
            "An NHS number is 10 digits and its last digit is a check digit: check it was typed right.",
        )


def _check_dates(
    *,
    date_of_birth: dt.date | None,
    expected_date_of_birth: dt.date | None,
    date_of_death: dt.date | None = None,
) -> None:
    if date_of_birth is None and expected_date_of_birth is None:
        raise ActionError(
            "date_of_birth",
            "Enter the date of birth.",
            "For an unborn child, enter the expected date of birth instead.",
        )
    if date_of_birth is not None:
        check_date(date_of_birth, field="date_of_birth", what="date of birth")
    elif expected_date_of_birth is not None and not isinstance(expected_date_of_birth, dt.date):
        raise ActionError(
            "expected_date_of_birth",
            "The expected date of birth must be a date.",
            "Use the format DD/MM/YYYY.",
        )
    if date_of_death is not None:
        if date_of_birth is None:
            raise ActionError(
                "date_of_death",
                "An unborn child cannot have a date of death.",
                "Record the birth first.",
            )
        check_date(
            date_of_death,
            field="date_of_death",
            what="date of death",
            not_before=date_of_birth,
            not_before_what="the date of birth",
        )


@transaction.atomic
def register_person(
    *,
    by: Actor,
    first_name: str,
    last_name: str,
    sex: str = Sex.UNKNOWN,
    ethnicity: str = Ethnicity.NOBT,
    date_of_birth: dt.date | None = None,
    expected_date_of_birth: dt.date | None = None,
    la_child_id: str = "",
    upn: str = "",
    upn_unknown: str = "",
    nhs_number: str = "",
    disabilities: tuple[str, ...] | list[str] = (),
    restricted: bool = False,
) -> Person:
    """Record a child (with ``la_child_id``) or a connected adult (without)."""
    require(first_name, "first_name", "first name")
    require(last_name, "last_name", "last name")
    check_choice(sex, Sex, "sex", "sex")
    check_choice(ethnicity, Ethnicity, "ethnicity", "ethnicity")
    _check_dates(date_of_birth=date_of_birth, expected_date_of_birth=expected_date_of_birth)
    if date_of_birth is None and sex != Sex.UNKNOWN:
        raise ActionError(
            "sex",
            "An unborn child's sex is recorded as U (not known).",
            "Set sex to U until the birth is recorded.",
        )
    _check_identity(
        la_child_id=la_child_id, upn=upn, nhs_number=nhs_number, upn_unknown=upn_unknown
    )
    for code in disabilities:
        check_choice(code, Disability, "disabilities", "disability code")
    if "NONE" in disabilities and len(disabilities) > 1:
        raise ActionError(
            "disabilities",
            "'NONE' cannot be combined with a disability.",
            "Remove NONE, or the other codes.",
        )
    person = create(
        Person,
        by=by,
        action="register_person",
        person=None,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        sex=sex,
        ethnicity=ethnicity,
        date_of_birth=date_of_birth,
        expected_date_of_birth=expected_date_of_birth,
        la_child_id=la_child_id,
        upn=upn,
        upn_unknown=upn_unknown,
        nhs_number=nhs_number,
        restricted=restricted,
    )
    for code in disabilities:
        create(
            PersonDisability,
            by=by,
            action="register_person",
            person=person,
            code=code,
        )
    return person


@transaction.atomic
def register_child(
    *,
    by: Actor,
    first_name: str,
    last_name: str,
    la_child_id: str,
    worker: Worker,
    allocated_on: dt.date,
    sex: str = Sex.UNKNOWN,
    ethnicity: str = Ethnicity.NOBT,
    date_of_birth: dt.date | None = None,
    expected_date_of_birth: dt.date | None = None,
    upn: str = "",
    upn_unknown: str = "",
    nhs_number: str = "",
    disabilities: tuple[str, ...] | list[str] = (),
) -> Person:
    """Register a child (born, or unborn with an expected date of birth) and allocate them to
    ``worker`` as their social worker from ``allocated_on``, together or not at all.

    A child is seen through an open allocation to a team (``people.access``): a child registered
    unallocated would be seen by no team, not even by whoever registered them. Their first worker
    takes them on at first contact (903 SW_REASON FCONTA).
    """
    require(la_child_id, "la_child_id", "LA child ID")
    person = register_person(
        by=by,
        first_name=first_name,
        last_name=last_name,
        sex=sex,
        ethnicity=ethnicity,
        date_of_birth=date_of_birth,
        expected_date_of_birth=expected_date_of_birth,
        la_child_id=la_child_id,
        upn=upn,
        upn_unknown=upn_unknown,
        nhs_number=nhs_number,
        disabilities=disabilities,
    )
    allocate(
        by=by,
        person=person,
        worker=worker,
        started_on=allocated_on,
        change_reason=WorkerChangeReason.FCONTA,
    )
    return person


_EDITABLE = {
    "first_name",
    "last_name",
    "sex",
    "ethnicity",
    "la_child_id",
    "upn",
    "upn_unknown",
    "nhs_number",
    "date_of_birth",
    "expected_date_of_birth",
    "restricted",
    "former_upn",
}


@transaction.atomic
def update_person(*, by: Actor, person: Person, version: int, **changes: Any) -> Person:
    """Correct a person's details. ``version`` is the one the editor saw: stale edits are refused."""
    unknown = set(changes) - _EDITABLE
    if unknown:
        raise ActionError(
            sorted(unknown)[0],
            "This detail cannot be changed here.",
            f"Editable details: {', '.join(sorted(_EDITABLE))}.",
        )
    merged = {f: changes.get(f, getattr(person, f)) for f in _EDITABLE}
    check_choice(merged["sex"], Sex, "sex", "sex")
    check_choice(merged["ethnicity"], Ethnicity, "ethnicity", "ethnicity")
    _check_dates(
        date_of_birth=merged["date_of_birth"],
        expected_date_of_birth=merged["expected_date_of_birth"],
        date_of_death=person.date_of_death,
    )
    _check_identity(
        la_child_id=merged["la_child_id"],
        upn=merged["upn"],
        nhs_number=merged["nhs_number"],
        upn_unknown=merged["upn_unknown"],
        exclude=person,
    )
    changed = {k: v for k, v in changes.items() if getattr(person, k) != v}
    return update(person, by=by, action="update_person", person=person, version=version, **changed)


@transaction.atomic
def record_birth(
    *,
    by: Actor,
    person: Person,
    date_of_birth: dt.date,
    sex: str,
    disabilities: list[str] | None = None,
) -> Person:
    """An unborn child is born: the date of birth replaces the expected date. Disabilities
    (NONE when there are none) are recorded with it: the unborn have none recorded, the born
    must (CIN rule 8540)."""
    if not person.is_unborn:
        raise ActionError(
            "date_of_birth",
            "This child's birth is already recorded.",
            "Correct the date of birth with 'update details' instead.",
        )
    check_date(date_of_birth, field="date_of_birth", what="date of birth")
    check_choice(sex, Sex, "sex", "sex")
    person = update(
        person, by=by, action="record_birth", person=person, date_of_birth=date_of_birth, sex=sex
    )
    if disabilities is not None:
        set_disabilities(by=by, person=person, codes=list(disabilities))
    return person


@transaction.atomic
def record_death(*, by: Actor, person: Person, date_of_death: dt.date) -> Person:
    if person.date_of_death is not None:
        raise ActionError(
            "date_of_death",
            "A date of death is already recorded.",
            "Correct it with 'update details' instead.",
        )
    _check_dates(
        date_of_birth=person.date_of_birth,
        expected_date_of_birth=person.expected_date_of_birth,
        date_of_death=date_of_death,
    )
    return update(person, by=by, action="record_death", person=person, date_of_death=date_of_death)


@transaction.atomic
def set_disabilities(*, by: Actor, person: Person, codes: list[str]) -> Person:
    for code in codes:
        check_choice(code, Disability, "disabilities", "disability code")
    if "NONE" in codes and len(codes) > 1:
        raise ActionError(
            "disabilities",
            "'NONE' cannot be combined with a disability.",
            "Remove NONE, or the other codes.",
        )
    current = {d.code: d for d in person.disabilities.all()}
    for code, row in current.items():
        if code not in codes:
            delete(row, by=by, action="set_disabilities", person=person)
    for code in codes:
        if code not in current:
            create(
                PersonDisability,
                by=by,
                action="set_disabilities",
                person=person,
                code=code,
            )
    return person


@transaction.atomic
def add_relationship(
    *,
    by: Actor,
    person: Person,
    other: Person,
    kind: str,
    has_parental_responsibility: bool = False,
) -> Relationship:
    """Record that ``other`` is the ``kind`` (mother, father, sibling…) of ``person``."""
    check_choice(kind, RelationshipKind, "kind", "relationship")
    if person.pk == other.pk:
        raise ActionError(
            "other", "A person cannot be related to themselves.", "Choose someone else."
        )
    if Relationship.objects.filter(person=person, other=other, kind=kind).exists():
        raise ActionError("other", "This relationship is already recorded.", "Nothing to add.")
    return create(
        Relationship,
        by=by,
        action="add_relationship",
        person=person,
        other=other,
        kind=kind,
        has_parental_responsibility=has_parental_responsibility,
    )


@transaction.atomic
def add_relative(
    *,
    by: Actor,
    person: Person,
    kind: str,
    has_parental_responsibility: bool,
    other: Person | None = None,
    first_name: str = "",
    last_name: str = "",
    date_of_birth: dt.date | None = None,
) -> Relationship:
    """Record that someone is the ``kind`` of ``person``: ``other``, already recorded, or someone
    new, registered here from their name and date of birth (as a connected person: no LA child
    ID). One or the other, not both."""
    if other is None:
        other = register_person(
            by=by, first_name=first_name, last_name=last_name, date_of_birth=date_of_birth
        )
    elif first_name or last_name or date_of_birth:
        raise ActionError(
            "other",
            f"You chose {other} and entered a new person's details.",
            "Choose someone already recorded, or choose someone new and enter their details.",
        )
    return add_relationship(
        by=by,
        person=person,
        other=other,
        kind=kind,
        has_parental_responsibility=has_parental_responsibility,
    )


@transaction.atomic
def move_address(
    *,
    by: Actor,
    person: Person,
    postcode: str,
    started_on: dt.date,
    line1: str = "",
    town: str = "",
    kind: str = "home",
) -> Address:
    """A new address of ``kind``; the previous one of that kind ends the same day."""
    if not postcode_is_valid(postcode):
        raise ActionError(
            "postcode",
            f"'{postcode}' is not a UK postcode.",
            "Enter a full postcode such as NR1 2AB.",
        )
    check_date(
        started_on,
        field="started_on",
        what="date the address started",
        not_before=person.date_of_birth or person.expected_date_of_birth,
        not_before_what="the date of birth",
    )
    current = person.addresses.filter(kind=kind, ended_on__isnull=True).first()
    if current is not None:
        end_span(
            current,
            by=by,
            action="move_address",
            person=person,
            ended_on=started_on,
            what="date the new address started",
            noun="current address",
            field="started_on",
        )
    return create(
        Address,
        by=by,
        action="move_address",
        person=person,
        postcode=normalise_postcode(postcode),
        started_on=started_on,
        line1=line1,
        town=town,
        kind=kind,
    )


@transaction.atomic
def record_immigration_status(
    *, by: Actor, person: Person, status: str, started_on: dt.date, ended_on: dt.date | None = None
) -> ImmigrationStatusSpan:
    check_choice(status, ImmigrationStatus, "status", "immigration status")
    check_date(
        started_on,
        field="started_on",
        what="date the status started",
        not_before=person.date_of_birth,
        not_before_what="the date of birth",
    )
    check_end(ended_on, started_on, field="ended_on", what="date the status ended")
    if person.immigration_statuses.filter(status=status, ended_on__isnull=True).exists():
        raise ActionError(
            "status", "This status is already open for this person.", "End the open status first."
        )
    return create(
        ImmigrationStatusSpan,
        by=by,
        action="record_immigration_status",
        person=person,
        status=status,
        started_on=started_on,
        ended_on=ended_on,
    )


@transaction.atomic
def end_immigration_status(
    *, by: Actor, span: ImmigrationStatusSpan, ended_on: dt.date
) -> ImmigrationStatusSpan:
    return end_span(
        span,
        by=by,
        action="end_immigration_status",
        ended_on=ended_on,
        what="date the status ended",
        noun="status",
    )


@transaction.atomic
def grant_restricted_access(
    *, by: Actor, person: Person, user: AbstractBaseUser, reason: str, granted_on: dt.date
) -> RestrictedAccess:
    require(reason, "reason", "reason for the access")
    if not person.restricted:
        raise ActionError(
            "person",
            "This record is not restricted.",
            "Mark it restricted first; everyone in the team can already open it.",
        )
    return create(
        RestrictedAccess,
        by=by,
        action="grant_restricted_access",
        person=person,
        user=user,
        reason=reason,
        granted_on=granted_on,
    )


# --- Warning notes (staff safety) ------------------------------------------------------------


def _check_review_on(
    review_on: dt.date | None, *, after: dt.date, after_what: str, set_on: dt.date
) -> None:
    """A review date is after ``after`` and no later than T38 allows from ``set_on``."""
    if review_on is None:
        raise ActionError("review_on", "Enter the review date.", "This date is required.")
    check_date(review_on, field="review_on", what="review date", allow_future=True)
    if review_on <= after:
        raise ActionError(
            "review_on",
            f"The review date ({review_on:%d/%m/%Y}) must be after {after_what} "
            f"({after:%d/%m/%Y}).",
            f"Enter a date after {after:%d/%m/%Y}.",
        )
    latest = warning_note_review_due(set_on)
    if review_on > latest:
        raise ActionError(
            "review_on",
            f"The review date ({review_on:%d/%m/%Y}) is too far ahead: a warning note set on "
            f"{set_on:%d/%m/%Y} is reviewed by {latest:%d/%m/%Y} at the latest.",
            f"Enter a date on or before {latest:%d/%m/%Y}.",
        )


@transaction.atomic
def add_warning_note(
    *,
    by: Actor,
    person: Person,
    kind: str,
    details: str,
    started_on: dt.date,
    review_on: dt.date,
    person_told: bool,
    reason_not_told: str = "",
) -> WarningNote:
    """Warn staff of a risk in visiting ``person`` or their home, from ``started_on`` until it
    ends, to be reviewed by ``review_on`` (after the start, within T38). Whether the person was
    told of it is recorded, and if they were not, why."""
    check_choice(kind, WarningKind, "kind", "kind of warning")
    require((details or "").strip(), "details", "details of the risk")
    check_date(started_on, field="started_on", what="date the warning started")
    _check_review_on(
        review_on, after=started_on, after_what="the date the warning started", set_on=started_on
    )
    if person_told not in (True, False):
        raise ActionError(
            "person_told",
            "Say whether the person was told about the warning note.",
            "Select yes or no.",
        )
    reason = (reason_not_told or "").strip()
    if not person_told and not reason:
        raise ActionError(
            "reason_not_told",
            "Enter the reason the person was not told about the warning note.",
            "Say why they were not told (for example, telling them would put someone at risk).",
        )
    if person_told and reason:
        raise ActionError(
            "reason_not_told",
            "You said the person was told, and gave a reason they were not.",
            "Clear the reason, or answer no.",
        )
    return create(
        WarningNote,
        by=by,
        action="add_warning_note",
        person=person,
        kind=kind,
        details=details.strip(),
        started_on=started_on,
        review_on=review_on,
        person_told=person_told,
        reason_not_told=reason,
    )


@transaction.atomic
def review_warning_note(
    *,
    by: Actor,
    note: WarningNote,
    version: int,
    review_on: dt.date,
    details: str | None = None,
) -> WarningNote:
    """Review a warning note today: it stays in force until ``review_on`` (after today, within
    T38 of today), with its details brought up to date if given. ``version`` is the one the
    reviewer saw: a stale review is refused. An ended note is not reviewed."""
    if note.ended_on is not None:
        raise ActionError("review_on", "This warning note has ended.", "Add a new warning note.")
    reviewed_on = today()
    _check_review_on(review_on, after=reviewed_on, after_what="today", set_on=reviewed_on)
    changes: dict[str, Any] = {"review_on": review_on}
    if details is not None:
        require(details.strip(), "details", "details of the risk")
        changes["details"] = details.strip()
    changed = {k: v for k, v in changes.items() if getattr(note, k) != v}
    return update(
        note, by=by, action="review_warning_note", person=note.person, version=version, **changed
    )


@transaction.atomic
def end_warning_note(*, by: Actor, note: WarningNote, ended_on: dt.date) -> WarningNote:
    """The risk has gone: the note stops showing from ``ended_on`` (not in the future, not before
    it started)."""
    return end_span(
        note,
        by=by,
        action="end_warning_note",
        ended_on=ended_on,
        what="date the warning ended",
        noun="warning note",
    )
