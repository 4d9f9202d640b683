"""synth_replicate: a generated council copied in bulk SQL stays a set of valid councils.

The council is generated once for the module, outside the tests' transactions (as in
``returns/tests/test_cin_export_synth.py``); tests that change it run inside a transaction that
is rolled back. The empty-database test comes first, before the council exists.
"""

from collections import Counter
from io import StringIO
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Max

from opencsc.casework.models import Referral
from opencsc.people.identifiers import nhs_number_is_valid, upn_is_valid
from opencsc.people.models import Person
from opencsc.returns.cin_census.export import export_cin
from opencsc.returns.ssda903.export import export_903
from opencsc.synth import replicate as module
from opencsc.workforce.models import Team, Worker

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

CASE_RECORD_APPS = ("workforce", "people", "casework", "care")
COPIES = 3


def case_record_models():
    """Every model of the case-record apps, found here independently of replicate's own plan."""
    return [
        m
        for label in CASE_RECORD_APPS
        for m in apps.get_app_config(label).get_models(include_auto_created=True)
    ]


def row_counts(models) -> dict[str, int]:
    return {m._meta.label: m._base_manager.count() for m in models}


def return_year(on) -> int:
    return on.year if on.month > 3 else on.year - 1


def test_it_refuses_an_empty_database():
    assert not Person.objects.exists()
    with pytest.raises(CommandError, match="holds no people"):
        call_command("synth_replicate", copies=2, stdout=StringIO())


@pytest.fixture(scope="module")
def council(django_db_setup, django_db_blocker, tmp_path_factory, today):
    with django_db_blocker.unblock():
        call_command("synth", size="small", seed=5, as_of=today, no_progress=True)
        year = return_year(today)
        out = tmp_path_factory.mktemp("replicate")
        models = case_record_models()
        before = SimpleNamespace(
            counts=row_counts(models),
            max_ids={m: m._base_manager.aggregate(n=Max("pk"))["n"] for m in models},
            others=row_counts(
                [
                    apps.get_model(x)
                    for x in ("audit.AuditEvent", "accounts.User", "returns.ReturnRun")
                ]
            ),
            referral_dates=Counter(
                Referral.objects.values_list("received_on", "closed_on", "source")
            ),
            swe=set(
                Worker.objects.exclude(swe_registration="").values_list(
                    "swe_registration", flat=True
                )
            ),
            export_903=export_903(year=year, out_dir=out / "903-x1"),
            export_cin=export_cin(year=year, out_file=out / "cin-x1.xml"),
        )
        stdout = StringIO()
        call_command("synth_replicate", copies=COPIES, stdout=stdout)
        yield SimpleNamespace(
            year=year,
            out=out,
            models=models,
            before=before,
            stdout=stdout.getvalue(),
            export_903=export_903(year=year, out_dir=out / "903"),
            export_cin=export_cin(year=year, out_file=out / "cin.xml"),
        )
        call_command("flush", interactive=False)


def test_every_case_record_table_has_three_times_the_rows(council):
    after = row_counts(council.models)
    assert sum(council.before.counts.values()) > 5_000
    assert after == {label: COPIES * n for label, n in council.before.counts.items()}


def test_users_audit_and_the_task_queue_are_not_copied_and_the_output_says_so(council):
    others = row_counts(
        [apps.get_model(x) for x in ("audit.AuditEvent", "accounts.User", "returns.ReturnRun")]
    )
    assert others == council.before.others
    assert council.before.others["audit.AuditEvent"] > 0
    for table in ("accounts_user", "audit_auditevent", "audit_accessevent", "returns_returnrun"):
        assert table in council.stdout.split("Not copied:", 1)[1]
    assert f"copy {COPIES}/{COPIES}" in council.stdout


def foreign_keys(models):
    for model in models:
        for f in model._meta.concrete_fields:
            if f.is_relation:
                yield model, f


def test_every_foreign_key_points_at_an_existing_row(council):
    q = connection.ops.quote_name
    dangling = {}
    with connection.cursor() as cursor:
        for model, f in foreign_keys(apps.get_models(include_auto_created=True)):
            target = f.related_model._meta
            cursor.execute(
                f"SELECT COUNT(*) FROM {q(model._meta.db_table)} t LEFT JOIN {q(target.db_table)} r "  # noqa: S608
                f"ON t.{q(f.column)} = r.{q(f.target_field.column)} "
                f"WHERE t.{q(f.column)} IS NOT NULL AND r.{q(f.target_field.column)} IS NULL"
            )
            (n,) = cursor.fetchone()
            if n:
                dangling[f"{model._meta.label}.{f.name}"] = n
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA foreign_key_check")
            assert cursor.fetchall() == []
    assert dangling == {}


def test_no_copy_points_into_another_copy(council):
    """Copy c holds ids ((c-1)*max, c*max]: every reference stays inside its own copy."""
    q = connection.ops.quote_name
    max_ids = council.before.max_ids
    crossing = {}
    with connection.cursor() as cursor:
        for model, f in foreign_keys(council.models):
            target = f.related_model
            if not max_ids.get(target) or not max_ids.get(model):
                continue
            pk = q(model._meta.pk.column)
            cursor.execute(
                f"SELECT COUNT(*), COUNT(DISTINCT ({pk} - 1) / {max_ids[model]}) "  # noqa: S608
                f"FROM {q(model._meta.db_table)} "
                f"WHERE {q(f.column)} IS NOT NULL AND "
                f"({pk} - 1) / {max_ids[model]} <> ({q(f.column)} - 1) / {max_ids[target]}"
            )
            (n, _) = cursor.fetchone()
            if n:
                crossing[f"{model._meta.label}.{f.name}"] = n
    assert crossing == {}


def test_each_copy_keeps_the_dates(council):
    after = Counter(Referral.objects.values_list("received_on", "closed_on", "source"))
    assert after == Counter({k: COPIES * n for k, n in council.before.referral_dates.items()})


def test_person_and_worker_identifiers_are_unique_and_valid(council):
    children = Person.objects.exclude(la_child_id="")
    ids = list(children.values_list("la_child_id", flat=True))
    assert len(ids) == len(set(ids)) > 2_000
    assert all(len(i) <= 20 and i.startswith("SYN") and i.isalnum() for i in ids)
    upns = list(Person.objects.exclude(upn="").values_list("upn", flat=True))
    assert len(upns) > 500
    assert len(upns) == len(set(upns))
    assert all(upn_is_valid(u) for u in upns)
    assert len({u[1:4] for u in upns}) == COPIES
    former = Person.objects.exclude(former_upn="").values_list("former_upn", flat=True)
    assert all(upn_is_valid(u) for u in former)
    nhs = list(Person.objects.exclude(nhs_number="").values_list("nhs_number", flat=True))
    assert len(nhs) == len(set(nhs))
    assert all(nhs_number_is_valid(n) for n in nhs)
    staff = list(Worker.objects.values_list("staff_id", flat=True))
    assert len(staff) == len(set(staff))
    swe = set(
        Worker.objects.exclude(swe_registration="").values_list("swe_registration", flat=True)
    )
    assert len(swe) == COPIES * len(council.before.swe)
    assert all(s.startswith("SW") and len(s) <= 12 for s in swe)
    # Accounts are not copied: a sign-in stays with the original worker.
    signed_in = Worker.objects.filter(user__isnull=False)
    assert signed_in.exists()
    assert not signed_in.filter(pk__gt=council.before.max_ids[Worker]).exists()
    names = list(Team.objects.values_list("name", flat=True))
    assert len(names) == len(set(names))


def test_the_903_has_three_times_the_rows_and_passes_the_dfe_rules(council):
    from opencsc.returns.validators import validate_903
    from opencsc.returns.validators.report import format_report

    x1, x3 = council.before.export_903, council.export_903
    assert x1["Episodes"] > 10
    assert x3 == {table: COPIES * n for table, n in x1.items()}
    out = council.out / "903"
    report = validate_903(
        out, year=council.year, la_ons_code="E10000020", prev_directory=out / "previous_year"
    )
    assert report.rules_run > 250
    assert report.error_count == 0, format_report(report)


def test_the_cin_census_has_three_times_the_children_and_passes_the_dfe_rules(council):
    from opencsc.returns.validators import validate_cin
    from opencsc.returns.validators.report import format_report

    x1, x3 = council.before.export_cin, council.export_cin
    assert x1["Child"] > 50
    assert x3["Child"] == COPIES * x1["Child"]
    report = validate_cin(council.out / "cin.xml", year=council.year)
    assert report.errors == [], format_report(report)


def test_it_refuses_a_second_run_without_force(council):
    with pytest.raises(CommandError, match="already holds copies"):
        call_command("synth_replicate", copies=2, stdout=StringIO())
    with pytest.raises(CommandError, match="--copies"):
        call_command("synth_replicate", copies=1, force=True, stdout=StringIO())


def test_with_force_it_copies_the_copies_and_new_records_get_new_ids(council):
    call_command("synth_replicate", copies=2, force=True, stdout=StringIO())
    assert row_counts(council.models) == {
        label: 2 * COPIES * n for label, n in council.before.counts.items()
    }
    for field in ("la_child_id", "upn"):
        values = list(Person.objects.exclude(**{field: ""}).values_list(field, flat=True))
        assert len(values) == len(set(values)), field
    assert all(
        upn_is_valid(u) for u in Person.objects.exclude(upn="").values_list("upn", flat=True)
    )
    assert Team.objects.filter(name__endswith="(copy 2) (copy 4)").exists()
    highest = Team.objects.order_by("-pk").values_list("pk", flat=True)[0]
    team = Team.objects.create(name="A team made after copying", kind="service")
    assert team.pk > highest


def test_a_failed_copy_leaves_no_half_copy(council, monkeypatch):
    calls = []

    def fail_on_the_second(self, copy, offset):
        calls.append(copy)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return original(self, copy, offset)

    original = module._PeopleRewriter.rewrite
    monkeypatch.setattr(module._PeopleRewriter, "rewrite", fail_on_the_second)
    with pytest.raises(RuntimeError, match="disk full"):
        call_command("synth_replicate", copies=3, force=True, stdout=StringIO())
    # The first copy (of the three councils there) committed; the second left nothing.
    assert row_counts(council.models) == {
        label: 2 * COPIES * n for label, n in council.before.counts.items()
    }


def test_a_unique_field_without_a_rule_fails_loudly(monkeypatch):
    rules = {k: v for k, v in module.SUFFIXED.items() if k != ("workforce.Team", "name")}
    monkeypatch.setattr(module, "SUFFIXED", rules)
    with pytest.raises(module.ReplicationError, match=r"workforce\.Team\.name"):
        module.build_plan()


def test_an_opencsc_app_not_classified_fails_loudly(monkeypatch):
    monkeypatch.setattr(
        module, "NOT_COPIED", {k: v for k, v in module.NOT_COPIED.items() if k != "returns"}
    )
    with pytest.raises(module.ReplicationError, match=r"returns\.ReturnRun.*'returns' app"):
        module.build_plan()
