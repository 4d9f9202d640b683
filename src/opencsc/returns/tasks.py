"""Background work: producing a return and running the DfE rules over it.

Runs in the tasks worker (``opencsc worker``), never in a web request: a Norfolk-sized 903
export and its validation take a minute or more.
"""

import csv
import dataclasses
import shutil
import zipfile
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django_tasks import task

from opencsc.audit.models import AccessEvent
from opencsc.people.models import Person

from . import actions
from .models import ReturnKind, ReturnRun

_CHUNK = 500  # ids per query: SQLite limits the parameters of one statement
_BATCH = 2000  # access events per INSERT


def output_dir(run: ReturnRun) -> Path:
    return settings.VAR_DIR / "returns" / str(run.pk)


def export_path(run: ReturnRun) -> str:
    """The ``path`` of a return's export access events: the run's page."""
    return reverse("returns:return-detail", kwargs={"run_id": run.pk})


def child_ids_in(path: Path) -> set[str]:
    """The LA child ids of every child in a return's output file (903 zip or directory of CSVs,
    CIN census XML, Annex A workbook): who the return discloses, read from what it wrote."""
    path = Path(path)
    ids: set[str] = set()
    if path.is_dir():
        for table in path.rglob("*.csv"):
            with table.open(newline="") as f:
                ids.update(_csv_child_ids(f))
    elif path.suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if name.endswith(".csv"):
                    with archive.open(name) as raw:
                        ids.update(_csv_child_ids(line.decode("utf-8-sig") for line in raw))
    elif path.suffix == ".xml":
        from lxml import etree

        for _, element in etree.iterparse(str(path), tag="{*}LAchildID"):
            if element.text:
                ids.add(element.text.strip())
            element.clear()
    elif path.suffix == ".xlsx":
        from openpyxl import load_workbook

        workbook = load_workbook(path, read_only=True)
        try:
            for sheet in workbook.worksheets:
                column = None
                for row in sheet.iter_rows(values_only=True):
                    if column is None:
                        if "Child Unique ID" in row:
                            column = row.index("Child Unique ID")
                    elif column < len(row) and row[column] not in (None, ""):
                        ids.add(str(row[column]).strip())
        finally:
            workbook.close()
    ids.discard("")
    return ids


def _csv_child_ids(lines: Iterable[str]) -> Iterable[str]:
    for row in csv.DictReader(lines):
        if "CHILD" not in row:
            return
        yield (row["CHILD"] or "").strip()


def _record_reads(*, user, person_ids: Iterable[int], via: str, path: str) -> int:
    events = (AccessEvent(user=user, person_id=pk, via=via, path=path) for pk in person_ids)
    created = 0
    batch: list[AccessEvent] = []
    for event in events:
        batch.append(event)
        if len(batch) == _BATCH:
            created += len(AccessEvent.objects.bulk_create(batch))
            batch = []
    if batch:
        created += len(AccessEvent.objects.bulk_create(batch))
    return created


def record_export(*, run: ReturnRun, by, output: Path) -> int:
    """One AccessEvent (via export) per child in ``output``, for the run's requester."""
    ids = sorted(child_ids_in(output))
    person_ids: list[int] = []
    for start in range(0, len(ids), _CHUNK):
        person_ids += (
            Person.objects.children()
            .filter(la_child_id__in=ids[start : start + _CHUNK])
            .values_list("pk", flat=True)
        )
    return _record_reads(
        user=by,
        person_ids=sorted(set(person_ids)),
        via=AccessEvent.Via.EXPORT,
        path=export_path(run),
    )


def record_download(*, run: ReturnRun, by, path: str) -> int:
    """One AccessEvent (via download) per child the run exported: a download discloses them."""
    person_ids = (
        AccessEvent.objects.filter(via=AccessEvent.Via.EXPORT, path=export_path(run))
        .order_by("person_id")
        .values_list("person_id", flat=True)
        .distinct()
    )
    return _record_reads(
        user=by, person_ids=person_ids.iterator(), via=AccessEvent.Via.DOWNLOAD, path=path
    )


def _report_dict(report) -> dict:
    return {
        "issues": [dataclasses.asdict(i) for i in report.issues],
        "rules_run": report.rules_run,
        "skipped": list(report.skipped),
        "crashed": list(report.crashed),
        "seconds": report.seconds,
        "versions": report.versions,
        "error_count": report.error_count,
    }


@task()
def produce_return(run_id: int) -> int:
    run = ReturnRun.objects.get(pk=run_id)
    by = run.requested_by
    out = output_dir(run)
    try:
        out.mkdir(parents=True, exist_ok=True)
        report = None
        if run.kind == ReturnKind.SSDA903:
            from .ssda903.export import export_903
            from .validators import validate_903

            run = actions.record_progress(by=by, run=run, stage="Exporting the SSDA903 tables")
            target = out / f"ssda903_{run.year}"
            counts = export_903(year=run.year, out_dir=target)
            run = actions.record_progress(by=by, run=run, stage="Checking against the DfE rules")
            report = validate_903(
                target,
                year=run.year,
                la_ons_code=settings.OPENCSC_LA_ONS_CODE,
                prev_directory=target / "previous_year",
            )
            archive = shutil.make_archive(str(out / f"ssda903_{run.year}"), "zip", root_dir=target)
            output = Path(archive).name
        elif run.kind == ReturnKind.CIN:
            from .cin_census.export import export_cin
            from .validators import validate_cin

            run = actions.record_progress(by=by, run=run, stage="Writing the CIN census XML")
            target = out / f"cin_census_{run.year}.xml"
            counts = export_cin(year=run.year, out_file=target)
            run = actions.record_progress(by=by, run=run, stage="Checking against the DfE rules")
            report = validate_cin(target, year=run.year)
            output = target.name
        else:
            from .annex_a.export import export_annex_a

            run = actions.record_progress(by=by, run=run, stage="Writing the Annex A lists")
            target = out / f"annex_a_{run.as_of:%Y-%m-%d}.xlsx"
            counts = export_annex_a(as_of=run.as_of, out_file=target)["rows"]
            output = target.name
        # Who the return discloses is recorded with its completion, or neither happens.
        with transaction.atomic():
            run = actions.finish_return(
                by=by,
                run=run,
                output=output,
                counts=counts,
                report=_report_dict(report) if report else None,
                error_count=report.error_count if report else None,
            )
            record_export(run=run, by=by, output=out / output)
    except Exception as e:  # the run records what went wrong for the analyst; the worker goes on
        actions.fail_return(
            by=by, run=ReturnRun.objects.get(pk=run_id), message=f"{type(e).__name__}: {e}"
        )
        raise
    return run_id
