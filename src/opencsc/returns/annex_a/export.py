"""Ofsted ILACS Annex A: the child-level workbook a council gives inspectors (docs/field-guide.md §2).

    from opencsc.returns.annex_a.export import export_annex_a
    export_annex_a(as_of=date(2026, 6, 30), out_file=Path("annex_a.xlsx"))

One sheet per list, ``List 1`` … ``List 11``, headed exactly as the template version says
(``template.py``), cells labelled as its labels say (``labels.py``), dates as dd/mm/yyyy.
Who is on each list and how each column is derived: ``lists.py``.
"""

import datetime as dt
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment

from opencsc.people.models import Person

from . import lists
from .context import People, Window
from .placement import DEFAULT_HOME_AREAS
from .template import DEFAULT_TEMPLATE, TITLES, TemplateVersion

DATE_FORMAT = "dd/mm/yyyy"


def export_annex_a(
    *,
    as_of: dt.date,
    out_file: Path,
    months: int = 6,
    template: TemplateVersion = DEFAULT_TEMPLATE,
    home_postcode_areas: Iterable[str] | None = None,
    la_name: str | None = None,
) -> dict:
    """Write the Annex A workbook for an inspection on ``as_of`` to ``out_file``.

    ``months`` is the reporting period of lists 1–8 (six months before the inspection); lists
    10 and 11 and the "last 12 months" columns always look back 12 months, and List 9 is at
    the point of inspection. ``home_postcode_areas`` are the postcode areas of the council
    (default: ``settings.OPENCSC_ANNEX_A_HOME_POSTCODE_AREAS`` if set, else Norfolk's NR), used
    for a placement's In/Out location; ``la_name`` is written as the LA of an in-area
    placement (default ``settings.OPENCSC_LA_NAME``).

    The file is written to a temporary file beside ``out_file`` and renamed over it, so a
    reader never sees half a workbook; it is created readable by its owner only, since it
    holds child-level data. Every list is read in one transaction, so the lists agree.

    Returns the path, the dates used, the template version, the number of rows per sheet and
    notes on what could not be filled in.
    """
    if months < 1:
        raise ValueError("months must be at least 1")
    window = Window.ending(as_of, months)
    home = tuple(
        home_postcode_areas
        if home_postcode_areas is not None
        else getattr(settings, "OPENCSC_ANNEX_A_HOME_POSTCODE_AREAS", DEFAULT_HOME_AREAS)
    )
    la = la_name if la_name is not None else getattr(settings, "OPENCSC_LA_NAME", "")
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost:
            _read_one_snapshot()
        on_any_list = Q()
        for cohort in lists.COHORTS.values():
            on_any_list |= Q(pk__in=cohort(window).values("person_id"))
        people = People(Person.objects.filter(on_any_list), window=window, labels=template.labels)
        ctx = lists.Context(
            window=window, labels=template.labels, people=people, home_areas=home, la_name=la
        )
        sheets = {
            number: list(lists.BUILDERS[number](ctx)) if number in lists.BUILDERS else []
            for number in template.columns
        }
    notes: dict[int, str] = {}  # a note on a sheet's first header, for what is not filled in
    _write_atomically(Path(out_file), template, sheets, notes)
    return {
        "path": Path(out_file),
        "as_of": as_of,
        "period_start": window.start,
        "year_start": window.year_start,
        "template": template.name,
        "rows": {template.sheet_name(n): len(rows) for n, rows in sheets.items()},
        "titles": {template.sheet_name(n): TITLES[n] for n in sheets if n in TITLES},
        "notes": {template.sheet_name(n): note for n, note in notes.items()},
    }


def _read_one_snapshot() -> None:
    """Postgres reads each statement afresh under READ COMMITTED; ask for one snapshot so the
    lists cannot disagree about a record saved mid-export. (SQLite's read transaction already
    is one snapshot.) Only possible as a transaction's first statement: inside a caller's
    transaction, the caller's isolation applies."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")


def _cell(ws, value):
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    if isinstance(value, str) and value.startswith("="):
        # A name or organisation typed as "=…" must stay text, never become a formula.
        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"
        return cell
    return value


def _write_atomically(
    path: Path, template: TemplateVersion, sheets: dict[int, list[dict]], notes: dict[int, str]
) -> None:
    wb = Workbook(write_only=True)
    for number, rows in sheets.items():
        ws = wb.create_sheet(title=template.sheet_name(number))
        headers: list = list(template.headers(number))
        if number in notes:
            first = WriteOnlyCell(ws, value=headers[0])
            first.comment = Comment(notes[number], "opencsc")
            headers[0] = first
        ws.append(headers)
        keys = template.keys(number)
        for row in rows:
            ws.append([_cell(ws, row.get(key)) for key in keys])
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        wb.save(tmp)
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
