"""Checks shared by every app's actions: dates a statutory record can carry."""

import datetime as dt

from django.db import models
from django.utils import timezone

from .errors import ActionError
from .years import collection_year_bounds, collection_year_label, latest_complete_year

# The earliest collection year (named by the 31 March it ends on) whose DfE rules the validators
# carry. opencsc makes no return, list or extract about a day before that year began.
FIRST_COLLECTION_YEAR = 2023
FIRST_REPORTING_DAY = collection_year_bounds(FIRST_COLLECTION_YEAR)[0]


def today() -> dt.date:
    """The council's today (Europe/London), the latest date any recorded event may carry."""
    return timezone.localdate()


def check_choice(
    value: object,
    choices: type[models.Choices],
    field: str,
    what: str,
    *,
    blank_ok: bool = False,
) -> None:
    """Refuse a value that is not one of the code list ``choices`` (a TextChoices), naming
    ``field`` and listing the codes that are."""
    if blank_ok and value in ("", None):
        return
    if value not in choices.values:
        raise ActionError(
            field, f"'{value}' is not a valid {what}.", f"Use one of: {', '.join(choices.values)}."
        )


def require(value: object, field: str, what: str) -> None:
    if value in (None, ""):
        raise ActionError(field, f"Enter the {what}.", "This is required.")


def check_date(
    value: dt.date | None,
    *,
    field: str,
    what: str,
    required: bool = True,
    not_before: dt.date | None = None,
    not_before_what: str = "",
    allow_future: bool = False,
) -> None:
    """Refuse a missing, future, or too-early date, naming ``field``."""
    if value is None:
        if required:
            raise ActionError(field, f"Enter the {what}.", "This date is required.")
        return
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise ActionError(field, f"The {what} must be a date.", "Use the format DD/MM/YYYY.")
    if not allow_future and value > today():
        raise ActionError(
            field,
            f"The {what} ({value:%d/%m/%Y}) is in the future.",
            "Record events once they have happened: enter today's date or earlier.",
        )
    if not_before is not None and value < not_before:
        raise ActionError(
            field,
            f"The {what} ({value:%d/%m/%Y}) is before {not_before_what} ({not_before:%d/%m/%Y}).",
            f"Enter a date on or after {not_before:%d/%m/%Y}.",
        )


def check_end(
    end: dt.date | None,
    start: dt.date,
    *,
    field: str,
    what: str,
    strictly_after: bool = False,
    started: str = "it",
) -> None:
    """Refuse an end before its start (or on it, where a span cannot start and end on one day).

    ``started`` names what started on ``start`` in the message (by default "it")."""
    if end is None:
        return
    check_date(end, field=field, what=what)
    if end < start:
        rule = "after" if strictly_after else "on or after"
        raise ActionError(
            field,
            f"The {what} ({end:%d/%m/%Y}) is before {started} started ({start:%d/%m/%Y}).",
            f"Enter a date {rule} {start:%d/%m/%Y}.",
        )
    if strictly_after and end == start:
        raise ActionError(
            field,
            f"The {what} ({end:%d/%m/%Y}) is the day {started} started, and it cannot start and "
            "end on the same day.",
            # A handover on the day the current one started is most often a mistake in that one.
            f"Enter a date after {start:%d/%m/%Y}, or correct {started}.",
        )


def _long(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def check_reporting_date(value: dt.date | None, *, field: str, what: str) -> None:
    """Refuse a date to report on (the "as of" of a return, list or extract) that is missing, or
    outside the days opencsc reports on: from the first day of its first collection year
    (``FIRST_REPORTING_DAY``) to today. Before that there are no records to count; after today,
    none yet: either gives a return of noughts that looks real."""
    if value is None:
        raise ActionError(field, f"Enter the {what}.", "This date is required.")
    if not FIRST_REPORTING_DAY <= value <= today():
        raise ActionError(
            field,
            f"{what[0].upper()}{what[1:]} must be between {_long(FIRST_REPORTING_DAY)} "
            f"and today, {_long(today())}.",
        )


def check_collection_year(year: int | None, *, field: str) -> None:
    """Refuse a collection year opencsc does not report on: from ``FIRST_COLLECTION_YEAR`` to
    the year in progress."""
    latest = latest_complete_year(today())
    if year is None or not FIRST_COLLECTION_YEAR <= year <= latest + 1:
        raise ActionError(
            field,
            f"Choose a collection year from {FIRST_COLLECTION_YEAR} to {latest + 1}.",
            f"The year is named by the 31 March it ends on: {latest} = {collection_year_label(latest)}.",
        )
