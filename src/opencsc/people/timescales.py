"""Timescales about a person's own record: the review of a warning note (staff safety).

Pure date functions registered in ``opencsc.core.timescales.CATALOGUE`` (codes and sources in
``docs/timescales.md``), on the conventions of ``opencsc.core.calendar``. A due date is the last
day on which the thing is still on time.
"""

from datetime import date

from opencsc.core.calendar import add_months
from opencsc.core.timescales import clock, local_setting, timescale

# Default for the local (L) standard; a council overrides it in OPENCSC_TIMESCALES.
WARNING_NOTE_REVIEW_MONTHS = 12


@timescale(
    code="T38",
    title="Warning note reviewed",
    status="L",
    source="No national rule: each council sets how often its warning notes (staff safety "
    "markers) are reviewed; Hackney's open-source case system gives each a review date "
    "(docs/timescales.md, T38)",
    confidence="unverified",
    configurable=True,
    default=WARNING_NOTE_REVIEW_MONTHS,
)
def warning_note_review_due(set_on: date) -> date:
    """Return the latest review date a warning note may be given on ``set_on`` (the day it
    starts, or the day it is reviewed): 12 months later by default.

    UNVERIFIED local standard: no statute or DfE rule sets it; a warning note that is never
    reviewed outlives the risk it records, so councils' lone-working and information policies
    review them at least yearly. Configurable as ``OPENCSC_TIMESCALES["T38"]``, in calendar
    months.
    """
    return add_months(set_on, warning_note_review_months())


def warning_note_review_months() -> int:
    """The longest time, in calendar months, between a warning note's start or review and its
    next review: T38's value in force (the council's setting, else 12)."""
    return int(local_setting("T38", WARNING_NOTE_REVIEW_MONTHS))


# --- Which clock applies now -------------------------------------------------------------


@clock(title="Next warning note review", codes=("T38",))
def next_warning_note_review(*, review_on: date, ended_on: date | None) -> date | None:
    """Return the day a warning note's review is due: its recorded review date (set within T38
    of its start or last review), or None once it has ended (an ended note is not reviewed)."""
    if ended_on is not None:
        return None
    return review_on
