"""The one write path for return runs: request one, and record its progress and outcome."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from opencsc.audit.recording import create, record_event, update
from opencsc.core.actor import Actor
from opencsc.core.checks import (
    FIRST_COLLECTION_YEAR,
    check_collection_year,
    check_reporting_date,
)
from opencsc.core.errors import ActionError
from opencsc.core.years import collection_year_label

from .models import ReturnKind, ReturnRun, RunStatus

FIRST_YEAR = FIRST_COLLECTION_YEAR  # the earliest collection year whose rules the validators carry


def check_cin_year(year: int, *, field: str) -> None:
    """Refuse a CIN census year whose format opencsc does not know yet (the DfE publishes each
    year's specification; a year without one cannot be written or checked)."""
    from .cin_census.spec import SPECS

    if year not in SPECS:
        known = sorted(SPECS)
        raise ActionError(
            field,
            f"opencsc cannot yet write the CIN census for {collection_year_label(year)}: "
            "its format is not in this version.",
            f"Choose a year from {known[0]} to {known[-1]}.",
        )


@transaction.atomic
def request_return(
    *, by: Actor, kind: str, year: int | None = None, as_of: dt.date | None = None
) -> ReturnRun:
    """Queue a return to be produced (and checked) in the background."""
    if kind not in ReturnKind.values:
        raise ActionError(
            "kind",
            f"'{kind}' is not a return opencsc produces.",
            f"Choose one of: {', '.join(ReturnKind.values)}.",
        )
    if kind == ReturnKind.ANNEX_A:
        check_reporting_date(as_of, field="as_of", what="date of the extract")
        year = None
    else:
        check_collection_year(year, field="year")
        if kind == ReturnKind.CIN and year is not None:  # None was refused just above
            check_cin_year(year, field="year")
        as_of = None
    if ReturnRun.objects.active().filter(kind=kind, year=year, as_of=as_of).exists():
        raise ActionError(
            "kind", "This return is already being produced.", "Wait for it to finish, below."
        )
    run = create(
        ReturnRun,
        by=by,
        action="request_return",
        kind=kind,
        year=year,
        as_of=as_of,
        requested_by=by,
    )

    def enqueue() -> None:
        from .tasks import produce_return

        result = produce_return.enqueue(run.pk)
        ReturnRun.objects.filter(pk=run.pk, task_id="").update(task_id=str(result.id))

    transaction.on_commit(enqueue)
    return run


def record_progress(*, by: Actor, run: ReturnRun, stage: str) -> ReturnRun:
    changes: dict[str, Any] = {"stage": stage}
    if run.status == RunStatus.QUEUED:
        changes.update(status=RunStatus.RUNNING, started_at=timezone.now())
    with transaction.atomic():
        return update(run, by=by, action="record_return_progress", **changes)


@transaction.atomic
def finish_return(
    *,
    by: Actor,
    run: ReturnRun,
    output: str,
    counts: dict[str, Any],
    report: dict[str, Any] | None,
    error_count: int | None,
) -> ReturnRun:
    return update(
        run,
        by=by,
        action="finish_return",
        status=RunStatus.DONE,
        stage="Finished",
        output=output,
        counts=counts,
        report=report or {},
        error_count=error_count,
        finished_at=timezone.now(),
    )


@transaction.atomic
def fail_return(*, by: Actor, run: ReturnRun, message: str) -> ReturnRun:
    return update(
        run,
        by=by,
        action="fail_return",
        status=RunStatus.FAILED,
        stage="Failed",
        message=message[:5000],
        finished_at=timezone.now(),
    )


@transaction.atomic
def record_download(*, by: Actor, run: ReturnRun, path: str) -> int:
    """Record a download of ``run``'s file against the run (who took a copy, and when) and as
    a read of every child in it (``tasks.record_download``); returns how many children."""
    from .tasks import record_download as record_reads  # tasks imports this module

    record_event(
        by=by,
        action="download_return",
        model=run._meta.label,
        object_id=str(run.pk),
        changes={"output": [None, run.output]},
    )
    return record_reads(run=run, by=by, path=path)
