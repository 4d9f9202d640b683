"""Background work: producing a return and running the DfE rules over it.

Runs in the tasks worker (``opencsc worker``), never in a web request: a Norfolk-sized 903
export and its validation take a minute or more.
"""

import dataclasses
import shutil
from pathlib import Path

from django.conf import settings
from django_tasks import task

from . import actions
from .models import ReturnKind, ReturnRun


def output_dir(run: ReturnRun) -> Path:
    return settings.VAR_DIR / "returns" / str(run.pk)


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
        actions.finish_return(
            by=by,
            run=run,
            output=output,
            counts=counts,
            report=_report_dict(report) if report else None,
            error_count=report.error_count if report else None,
        )
    except Exception as e:  # the run records what went wrong for the analyst; the worker goes on
        actions.fail_return(
            by=by, run=ReturnRun.objects.get(pk=run_id), message=f"{type(e).__name__}: {e}"
        )
        raise
    return run_id
