"""Every action writes its AuditEvent, in the same transaction as its change.

``CASES`` holds, for each public action of the ``actions`` modules, the label of the record
it writes and a builder that sets up the state (through other actions) and returns the call to
audit. The actions are found from the app registry: every installed app's ``actions`` module, and
each submodule of an ``actions`` package, so a new app, module or action without a case fails here.
"""

import datetime as dt
import importlib
import inspect
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.db import models, transaction
from django_otp.oath import totp

from opencsc.accounts import actions as accounts
from opencsc.api import actions as api
from opencsc.audit.models import AuditEvent
from opencsc.care import actions as care
from opencsc.care.actions import PlacementDetails, adopters
from opencsc.care.actions.adopters import AdopterDetails
from opencsc.casework import actions as cw
from opencsc.casework.models import Section47Enquiry
from opencsc.core.errors import ActionError
from opencsc.people import actions as people
from opencsc.people.models import Person
from opencsc.privacy import actions as privacy
from opencsc.returns import actions as returns
from opencsc.testing import build_personas
from opencsc.workforce import actions as wf
from opencsc.workforce.codes import TeamKind

D = dt.date
URN = "SC123456"  # an Ofsted-registered setting
# The apps whose tables an action may write; compared whole when a change must leave no trace.
APPS = {
    "accounts",
    "api",
    "audit",
    "people",
    "workforce",
    "casework",
    "care",
    "axes",
    "privacy",
    "returns",
}


def action_modules() -> list[ModuleType]:
    """Every installed app's ``<app>.actions`` module, and the submodules of one that is a
    package (``care/actions/``), found from the app registry rather than listed here."""
    found = []
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.actions")
        except ModuleNotFoundError as missing:
            if missing.name != f"{config.name}.actions":
                raise  # the module exists but imports something that does not
            continue
        found.append(module)
        for sub in pkgutil.walk_packages(getattr(module, "__path__", []), f"{module.__name__}."):
            found.append(importlib.import_module(sub.name))
    return found


def public_actions() -> dict[str, Callable]:
    """Public functions of the actions modules that take the acting user as keyword-only ``by``."""
    found = {}
    for module in action_modules():
        for name, func in inspect.getmembers(module, inspect.isfunction):
            if func.__module__ != module.__name__ or name.startswith("_"):
                continue
            by = inspect.signature(func).parameters.get("by")
            if by is not None and by.kind is inspect.Parameter.KEYWORD_ONLY:
                found[name] = func
    return found


# --- state builders -----------------------------------------------------------------------------
# Each builder takes the personas, builds what the action needs (as Sam), and returns the call,
# made by ACTOR, to audit. Fresh children keep the personas' own objects unchanged.

ACTOR = "tara"


def child(w, *, born=None, la_child_id="AUD0001", **extra) -> Person:
    return people.register_person(
        by=w.sam,
        first_name="Ava",
        last_name="Audit",
        sex="F",
        date_of_birth=born or D(2012, 3, 4),
        la_child_id=la_child_id,
        **extra,
    )


def period_for(w, person=None, started_on=None):
    return care.start_looked_after(
        by=w.sam,
        person=person or child(w),
        started_on=started_on or D(2025, 4, 7),
        legal_status="C2",
        primary_need="N1",
        placement=PlacementDetails(place="U6", provider="PR1"),
    )


def care_leaver(w):
    person = child(w, born=D(2008, 3, 10))
    period = period_for(w, person, started_on=D(2023, 6, 5))
    care.cease_looked_after(by=w.sam, period=period, ended_on=D(2025, 3, 10), reason="E5")
    return person


def s47(w) -> Section47Enquiry:
    discussion = cw.hold_strategy_discussion(
        by=w.sam, referral=w.lily_referral, held_on=D(2025, 9, 8), s47_initiated=True
    )
    return Section47Enquiry.objects.get(strategy_discussion=discussion)


def cp_plan(w):
    return cw.hold_initial_conference(
        by=w.sam, enquiry=s47(w), held_on=D(2025, 9, 22), plan_decided=True, category="NEG"
    ).plan_made


def adoption(w, *, order=False, matched=False, placed=False):
    case = care.record_adoption_decision(by=w.sam, period=period_for(w), decision_on=D(2025, 6, 2))
    if order:
        care.record_placement_order(by=w.sam, case=case, on=D(2025, 7, 1))
    if matched:
        care.record_adoption_match(
            by=w.sam,
            case=case,
            matched_on=D(2025, 8, 4),
            number_of_adopters=1,
            adopter_sex="F1",
            adopter_legal_status="L0",
            adopted_by_foster_carer=False,
        )
    if placed:
        care.place_for_adoption(
            by=w.sam,
            case=case,
            placed_on=D(2025, 9, 1),
            placement=PlacementDetails(place="A6", provider="PR1"),
        )
    return case


def household(w, *, approved=False):
    h = adopters.record_adopter_enquiry(
        by=w.sam,
        family_id="AUDF1",
        received_on=D(2025, 1, 6),
        adopters=[AdopterDetails(adopter_id="AUDA1", sex="F", ethnicity="WBRI")],
    )
    if approved:
        h = adopters.record_adoption_stages(
            by=w.sam, household=h, applied_on=D(2025, 2, 3), stage2_started_on=D(2025, 2, 3)
        )
        h = adopters.approve_adopters(by=w.sam, household=h, approved_on=D(2025, 6, 2))
    return h


def _record_adopter_enquiry(w, by):
    return lambda: adopters.record_adopter_enquiry(
        by=by,
        family_id="AUDF2",
        received_on=D(2025, 1, 6),
        adopters=[
            AdopterDetails(adopter_id="AUDA2", sex="F", ethnicity="WBRI"),
            AdopterDetails(adopter_id="AUDA3", sex="M", ethnicity="WBRI"),
        ],
    )


def _record_adoption_stages(w, by):
    h = household(w)
    return lambda: adopters.record_adoption_stages(
        by=by, household=h, stage1_started_on=D(2025, 2, 3)
    )


def _approve_adopters(w, by):
    h = household(w)
    adopters.record_adoption_stages(
        by=w.sam, household=h, applied_on=D(2025, 2, 3), stage2_started_on=D(2025, 2, 3)
    )
    return lambda: adopters.approve_adopters(by=by, household=h, approved_on=D(2025, 6, 2))


def _record_leaving_adoption_process(w, by):
    h = household(w)
    return lambda: adopters.record_leaving_adoption_process(
        by=by, household=h, left_on=D(2025, 2, 3), reason="1"
    )


def _link_adoption_match(w, by):
    h = household(w, approved=True)
    case = adoption(w, order=True, matched=True)
    return lambda: adopters.link_adoption_match(by=by, case=case, household=h)


def _export_subject_access(w, by):
    person = child(w)
    return lambda: privacy.export_subject_access(by=by, person=person)


def _place_legal_hold(w, by):
    person = child(w)
    return lambda: privacy.place_legal_hold(by=by, person=person, reason="Court proceedings")


def _lift_legal_hold(w, by):
    hold = privacy.place_legal_hold(by=w.sam, person=child(w), reason="Court proceedings")
    return lambda: privacy.lift_legal_hold(by=by, hold=hold)


def _apply_retention(w, by):
    child(w, born=D(1940, 1, 2))  # 75 in 2015: due for deletion
    return lambda: privacy.apply_retention(by=by, as_of=D(2026, 1, 1))


def _register_person(w, by):
    return lambda: people.register_person(
        by=by, first_name="Ben", last_name="Audit", date_of_birth=D(2020, 1, 2), la_child_id="AUD9"
    )


def _register_child(w, by):
    return lambda: people.register_child(
        by=by,
        first_name="Bo",
        last_name="Audit",
        la_child_id="AUD8",
        date_of_birth=D(2020, 1, 2),
        worker=w.sam.worker,
        allocated_on=D(2025, 1, 6),
    )


def _add_relative(w, by):
    p = child(w)
    return lambda: people.add_relative(
        by=by,
        person=p,
        kind="mother",
        has_parental_responsibility=True,
        first_name="Mia",
        last_name="Audit",
        date_of_birth=D(1990, 1, 1),
    )


def _update_person(w, by):
    p = child(w)
    return lambda: people.update_person(by=by, person=p, version=p.version, first_name="Eve")


def _record_birth(w, by):
    p = people.register_person(
        by=w.sam, first_name="Baby", last_name="Audit", expected_date_of_birth=D(2025, 10, 1)
    )
    return lambda: people.record_birth(by=by, person=p, date_of_birth=D(2025, 9, 28), sex="M")


def _record_death(w, by):
    p = child(w)
    return lambda: people.record_death(by=by, person=p, date_of_death=D(2025, 6, 1))


def _set_disabilities(w, by):
    p = child(w)
    return lambda: people.set_disabilities(by=by, person=p, codes=["AUT"])


def _add_relationship(w, by):
    p = child(w)
    mum = people.register_person(
        by=w.sam, first_name="Mia", last_name="Audit", date_of_birth=D(1990, 1, 1)
    )
    return lambda: people.add_relationship(
        by=by, person=p, other=mum, kind="mother", has_parental_responsibility=True
    )


def _move_address(w, by):
    p = child(w)
    return lambda: people.move_address(
        by=by, person=p, postcode="NR2 3CD", started_on=D(2025, 1, 6)
    )


def _record_immigration_status(w, by):
    p = child(w)
    return lambda: people.record_immigration_status(
        by=by, person=p, status="UASC", started_on=D(2024, 5, 1)
    )


def _end_immigration_status(w, by):
    span = people.record_immigration_status(
        by=w.sam, person=child(w), status="UASC", started_on=D(2024, 5, 1)
    )
    return lambda: people.end_immigration_status(by=by, span=span, ended_on=D(2025, 5, 1))


def _warning_note(w):
    return people.add_warning_note(
        by=w.sam,
        person=child(w),
        kind="animals",
        details="Dogs in the garden.",
        started_on=D(2025, 1, 6),
        review_on=D(2025, 7, 6),
        person_told=True,
    )


def _add_warning_note(w, by):
    p = child(w)
    return lambda: people.add_warning_note(
        by=by,
        person=p,
        kind="violence",
        details="Threats to staff: visit in pairs.",
        started_on=D(2025, 1, 6),
        review_on=D(2025, 7, 6),
        person_told=False,
        reason_not_told="Telling them would raise the risk.",
    )


def _review_warning_note(w, by):
    from opencsc.core.checks import today

    note = _warning_note(w)
    # A review sets the next date after the day it is held: valid whichever day the test runs.
    next_review = today() + dt.timedelta(days=90)
    return lambda: people.review_warning_note(
        by=by, note=note, version=note.version, review_on=next_review
    )


def _end_warning_note(w, by):
    note = _warning_note(w)
    return lambda: people.end_warning_note(by=by, note=note, ended_on=D(2025, 5, 1))


def _grant_restricted_access(w, by):
    p = child(w, restricted=True)
    return lambda: people.grant_restricted_access(
        by=by, person=p, user=w.olly, reason="Covering", granted_on=D(2025, 6, 1)
    )


def _create_team(w, by):
    return lambda: wf.create_team(by=by, name="East Family Support", kind=TeamKind.CHILD_IN_NEED)


def _new_worker(w, by, staff_id="AUD1"):
    return wf.create_worker(
        by=by,
        staff_id=staff_id,
        first_name="Wyn",
        last_name="Audit",
        job_title="Social worker",
        team=w.north,
        started_on=D(2024, 1, 8),
    )


def _create_worker(w, by):
    return lambda: _new_worker(w, by)


def _worker_leaves(w, by):
    worker = _new_worker(w, w.sam)
    return lambda: wf.worker_leaves(by=by, worker=worker, left_on=D(2025, 6, 30))


def _allocate(w, by):
    p = child(w)
    return lambda: wf.allocate(by=by, person=p, worker=w.olly.worker, started_on=D(2025, 1, 6))


def _end_allocation(w, by):
    a = wf.allocate(by=w.sam, person=child(w), worker=w.olly.worker, started_on=D(2025, 1, 6))
    return lambda: wf.end_allocation(by=by, allocation=a, ended_on=D(2025, 6, 2))


def _link_user(w, by):
    worker = _new_worker(w, w.sam)
    return lambda: wf.link_user(by=by, worker=worker, user=w.alex)


def _start_early_help(w, by):
    p = child(w)
    return lambda: cw.start_early_help(by=by, person=p, started_on=D(2025, 1, 6))


def _end_early_help(w, by):
    ep = cw.start_early_help(by=w.sam, person=child(w), started_on=D(2025, 1, 6))
    return lambda: cw.end_early_help(
        by=by, episode=ep, ended_on=D(2025, 4, 7), end_reason="outcomes_met"
    )


def _record_contact(w, by):
    return lambda: cw.record_contact(by=by, person=w.lily, received_on=D(2025, 8, 4), source="6")


def _decide_contact(w, by):
    c = cw.record_contact(by=w.sam, person=w.lily, received_on=D(2025, 8, 4), source="6")
    return lambda: cw.decide_contact(by=by, contact=c, outcome="NFA", decided_on=D(2025, 8, 5))


def _open_referral(w, by):
    p = child(w)
    return lambda: cw.open_referral(by=by, person=p, received_on=D(2025, 8, 4), source="6")


def _decide_referral(w, by):
    return lambda: cw.decide_referral(
        by=by, referral=w.lily_referral, decided_on=D(2025, 9, 2), nfa=True
    )


def _close_referral(w, by):
    return lambda: cw.close_referral(
        by=by, referral=w.lily_referral, closed_on=D(2025, 10, 1), reason="RC7"
    )


def _start_assessment(w, by):
    return lambda: cw.start_assessment(by=by, referral=w.lily_referral, started_on=D(2025, 9, 2))


def _complete_assessment(w, by):
    a = cw.start_assessment(by=w.sam, referral=w.lily_referral, started_on=D(2025, 9, 2))
    return lambda: cw.complete_assessment(
        by=by,
        assessment=a,
        authorised_on=D(2025, 10, 1),
        child_seen=True,
        factors=["16A"],
        services_required=True,
    )


def _hold_strategy_discussion(w, by):
    return lambda: cw.hold_strategy_discussion(
        by=by, referral=w.lily_referral, held_on=D(2025, 9, 8), s47_initiated=True
    )


def _complete_section47(w, by):
    enquiry = s47(w)
    return lambda: cw.complete_section47(
        by=by, enquiry=enquiry, ended_on=D(2025, 9, 19), outcome="nfa"
    )


def _hold_initial_conference(w, by):
    enquiry = s47(w)
    return lambda: cw.hold_initial_conference(
        by=by, enquiry=enquiry, held_on=D(2025, 9, 22), plan_decided=True, category="NEG"
    )


def _hold_transfer_in_conference(w, by):
    return lambda: cw.hold_transfer_in_conference(
        by=by, referral=w.lily_referral, held_on=D(2025, 9, 10), category="EMO"
    )


def _hold_cp_review(w, by):
    plan = cp_plan(w)
    return lambda: cw.hold_cp_review(
        by=by, plan=plan, held_on=D(2025, 12, 15), plan_continues=False, latest_category="EMO"
    )


def _end_cp_plan(w, by):
    plan = cp_plan(w)
    return lambda: cw.end_cp_plan(by=by, plan=plan, ended_on=D(2025, 12, 15))


def _start_cin_plan(w, by):
    return lambda: cw.start_cin_plan(by=by, referral=w.lily_referral, started_on=D(2025, 9, 8))


def _end_cin_plan(w, by):
    plan = cw.start_cin_plan(by=w.sam, referral=w.lily_referral, started_on=D(2025, 9, 8))
    return lambda: cw.end_cin_plan(by=by, plan=plan, ended_on=D(2025, 12, 1))


def _record_visit(w, by):
    cp_plan(w)
    return lambda: cw.record_visit(
        by=by, person=w.lily, kind="cp", visited_on=D(2025, 9, 29), seen=True, seen_alone=True
    )


def _note(w, by):
    return cw.add_case_note(
        by=by,
        children=[w.lily],
        kind="meeting",
        title="Core group",
        body="The core group met.",
        happened_at=dt.datetime(2025, 9, 29, 11, tzinfo=dt.UTC),
        actions=[cw.NoteAction(what="Ring the GP", owner=w.sam.worker, due_on=D(2025, 10, 6))],
    )


def _add_case_note(w, by):
    return lambda: _note(w, by)


def _correct_case_note(w, by):
    note = _note(w, w.sam)
    return lambda: cw.correct_case_note(
        by=by,
        note=note,
        version=note.version,
        kind="meeting",
        title="Core group meeting",
        body=note.body,
        happened_at=note.happened_at,
        reason="A clearer title",
    )


def _delete_case_note(w, by):
    note = _note(w, w.sam)
    return lambda: cw.delete_case_note(
        by=by, note=note, version=note.version, reason="Written on the wrong record"
    )


def _start_looked_after(w, by):
    p = child(w)
    return lambda: care.start_looked_after(
        by=by,
        person=p,
        started_on=D(2025, 9, 15),
        legal_status="V2",
        primary_need="N4",
        placement=PlacementDetails(place="U6", provider="PR1"),
    )


def _change_legal_status(w, by):
    period = period_for(w)
    return lambda: care.change_legal_status(
        by=by, period=period, code="C1", started_on=D(2025, 6, 2)
    )


def _change_placement(w, by):
    period = period_for(w)
    return lambda: care.change_placement(
        by=by,
        period=period,
        started_on=D(2025, 6, 2),
        placement=PlacementDetails(place="U4", provider="PR4"),
        change_reason="CARPL",
    )


def _cease_looked_after(w, by):
    period = period_for(w)
    return lambda: care.cease_looked_after(
        by=by, period=period, ended_on=D(2025, 6, 2), reason="E4A"
    )


def _record_cla_review(w, by):
    period = period_for(w)
    return lambda: care.record_cla_review(
        by=by, period=period, held_on=D(2025, 5, 5), participation="PN1"
    )


def _record_health_check(w, by):
    return lambda: care.record_health_check(
        by=by, person=w.lily, kind="initial_health", done_on=D(2025, 6, 2)
    )


def _record_immunisation_status(w, by):
    return lambda: care.record_immunisation_status(
        by=by, person=w.lily, recorded_on=D(2025, 6, 2), up_to_date=True
    )


def _record_sdq(w, by):
    return lambda: care.record_sdq(by=by, person=w.lily, completed_on=D(2025, 6, 2), score=14)


def _record_conviction(w, by):
    p = child(w)
    return lambda: care.record_conviction(by=by, person=p, convicted_on=D(2025, 6, 2))


def _record_substance_misuse(w, by):
    return lambda: care.record_substance_misuse(
        by=by, person=w.lily, identified_on=D(2025, 6, 2), intervention_offered=True
    )


def _record_pep(w, by):
    period = period_for(w)
    return lambda: care.record_pep(by=by, period=period, held_on=D(2025, 5, 5), kind="initial")


def _record_missing_episode(w, by):
    return lambda: care.record_missing_episode(
        by=by, person=w.lily, kind="M", started_on=D(2025, 6, 2)
    )


def _record_return(w, by):
    ep = care.record_missing_episode(by=w.sam, person=w.lily, kind="M", started_on=D(2025, 6, 2))
    return lambda: care.record_return(
        by=by,
        episode=ep,
        ended_on=D(2025, 6, 3),
        rhi_offered=True,
        rhi_accepted=True,
        rhi_held_on=D(2025, 6, 4),
    )


def _become_care_leaver(w, by):
    p = care_leaver(w)
    return lambda: care.become_care_leaver(
        by=by, person=p, eligibility="relevant", since=D(2025, 3, 10)
    )


def _change_care_leaver_eligibility(w, by):
    leaver = care.become_care_leaver(
        by=w.sam, person=care_leaver(w), eligibility="relevant", since=D(2025, 3, 10)
    )
    return lambda: care.change_care_leaver_eligibility(
        by=by, care_leaver=leaver, eligibility="former_relevant", version=leaver.version
    )


def _record_pathway_plan(w, by):
    p = care_leaver(w)
    return lambda: care.record_pathway_plan(
        by=by, person=p, held_on=D(2025, 3, 10), is_review=False
    )


def _record_care_leaver_contact(w, by):
    p = care_leaver(w)
    return lambda: care.record_care_leaver_contact(
        by=by,
        person=p,
        contacted_on=D(2025, 6, 2),
        in_touch="YES",
        activity="F5",
        accommodation="U",
        accommodation_suitable=True,
    )


def _set_permanence_plan(w, by):
    period = period_for(w)
    return lambda: care.set_permanence_plan(
        by=by, period=period, plan="adoption", decided_on=D(2025, 5, 5)
    )


def _record_adoption_decision(w, by):
    period = period_for(w)
    return lambda: care.record_adoption_decision(by=by, period=period, decision_on=D(2025, 6, 2))


def _record_early_permanence(w, by):
    case = adoption(w)
    care.change_placement(
        by=w.sam,
        period=case.period,
        started_on=D(2025, 6, 9),
        placement=PlacementDetails(place="U5", provider="PR1"),
        change_reason="CARPL",
    )
    return lambda: care.record_early_permanence(by=by, case=case, placed_on=D(2025, 6, 9))


def _record_placement_order(w, by):
    case = adoption(w)
    return lambda: care.record_placement_order(by=by, case=case, on=D(2025, 7, 1))


def _record_adoption_match(w, by):
    case = adoption(w, order=True)
    return lambda: care.record_adoption_match(
        by=by,
        case=case,
        matched_on=D(2025, 8, 4),
        number_of_adopters=2,
        adopter_sex="FF",
        adopter_legal_status="L12",
        adopted_by_foster_carer=False,
    )


def _place_for_adoption(w, by):
    case = adoption(w, order=True, matched=True)
    return lambda: care.place_for_adoption(
        by=by,
        case=case,
        placed_on=D(2025, 9, 1),
        placement=PlacementDetails(place="A6", provider="PR1"),
    )


def _record_adoption_order(w, by):
    case = adoption(w, order=True, matched=True, placed=True)
    return lambda: care.record_adoption_order(by=by, case=case, on=D(2026, 3, 2))


def _reverse_adoption_decision(w, by):
    case = adoption(w)
    return lambda: care.reverse_adoption_decision(by=by, case=case, on=D(2025, 7, 14), reason="RD1")


def _record_previous_permanence(w, by):
    return lambda: care.record_previous_permanence(
        by=by, person=w.lily, option="P2", recorded_on=D(2025, 9, 1), order_date="zz/05/2019"
    )


# accounts: managing users is a system administrator's (Ada's); a second factor is one's own.


def totp_code(device, drift: int = 0) -> str:
    """What the user's authenticator app shows now (``drift`` steps of 30 s on)."""
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift)
    return f"{value:06d}"


def with_app(user):
    device = accounts.start_totp_setup(by=user)
    return accounts.confirm_totp_setup(by=user, token=totp_code(device))


def _create_user(w, by):
    return lambda: accounts.create_user(
        by=by,
        username="auditee",
        first_name="Aud",
        last_name="Itee",
        role="iro",
        password="a-long-enough-audit-password",
    )


def _change_role(w, by):
    return lambda: accounts.change_role(by=by, user=w.alex, role="team_manager")


def _deactivate_user(w, by):
    return lambda: accounts.deactivate_user(by=by, user=w.olly)


def _reactivate_user(w, by):
    accounts.deactivate_user(by=by, user=w.olly)
    return lambda: accounts.reactivate_user(by=by, user=w.olly)


def _unlock_user(w, by):
    AccessAttempt.objects.create(
        username=w.olly.username,
        ip_address="127.0.0.1",
        user_agent="audit test",
        http_accept="*/*",
        path_info="/accounts/sign-in/",
        get_data="",
        post_data="",
        failures_since_start=5,
    )
    return lambda: accounts.unlock_user(by=by, user=w.olly)


def _reset_second_factor(w, by):
    with_app(w.olly)
    return lambda: accounts.reset_second_factor(by=by, user=w.olly)


def _change_password(w, by):
    return lambda: accounts.change_password(by=by, password="another-long-audit-password")


def _start_totp_setup(w, by):
    return lambda: accounts.start_totp_setup(by=by)


def _confirm_totp_setup(w, by):
    device = accounts.start_totp_setup(by=by)
    return lambda: accounts.confirm_totp_setup(by=by, token=totp_code(device))


def _remove_totp(w, by):
    device = with_app(by)
    return lambda: accounts.remove_totp(by=by, token=totp_code(device, drift=1))


def _issue_token(w, by):
    return lambda: api.issue_token(by=by, user=w.sam, name="Audit export")


def _revoke_token(w, by):
    token = api.issue_token(by=w.ada, user=w.sam, name="Audit export")
    return lambda: api.revoke_token(by=by, token=token)


def _request_return(w, by):
    return lambda: returns.request_return(by=by, kind="annex_a", as_of=D(2026, 3, 31))


def return_run(w):
    return returns.request_return(by=w.alex, kind="cin", year=2026)


def _record_progress(w, by):
    run = return_run(w)
    return lambda: returns.record_progress(by=by, run=run, stage="Reading the records")


def _finish_return(w, by):
    run = return_run(w)
    return lambda: returns.finish_return(
        by=by,
        run=run,
        output="cin_census_2026.xml",
        counts={"children": 0},
        report=None,
        error_count=0,
    )


def _fail_return(w, by):
    run = return_run(w)
    return lambda: returns.fail_return(by=by, run=run, message="The validators did not start.")


def _record_download(w, by):
    run = return_run(w)
    returns.finish_return(
        by=w.alex, run=run, output="cin_census_2026.xml", counts={}, report=None, error_count=0
    )
    return lambda: returns.record_download(by=by, run=run, path="/returns/1/download/")


@dataclass(frozen=True)
class Case:
    label: str  # app_label.ModelName of the record the action writes
    build: Callable  # (personas, acting user) -> the call to audit
    actor: str = ACTOR  # the persona making the call (user management is Ada's)
    event: str = ""  # the audit event's action, when it is not the function's name


CASES: dict[str, Case] = {
    # people
    "register_person": Case("people.Person", _register_person),
    "update_person": Case("people.Person", _update_person),
    "record_birth": Case("people.Person", _record_birth),
    "record_death": Case("people.Person", _record_death),
    "set_disabilities": Case("people.PersonDisability", _set_disabilities),
    "add_relationship": Case("people.Relationship", _add_relationship),
    # Composed actions: each writes its parts' events (the child, then their allocation).
    "register_child": Case("people.Person", _register_child, event="register_person"),
    "add_relative": Case("people.Relationship", _add_relative, event="add_relationship"),
    "move_address": Case("people.Address", _move_address),
    "record_immigration_status": Case("people.ImmigrationStatusSpan", _record_immigration_status),
    "end_immigration_status": Case("people.ImmigrationStatusSpan", _end_immigration_status),
    "grant_restricted_access": Case("people.RestrictedAccess", _grant_restricted_access),
    "add_warning_note": Case("people.WarningNote", _add_warning_note),
    "review_warning_note": Case("people.WarningNote", _review_warning_note),
    "end_warning_note": Case("people.WarningNote", _end_warning_note),
    # workforce
    "create_team": Case("workforce.Team", _create_team),
    "create_worker": Case("workforce.Worker", _create_worker),
    "worker_leaves": Case("workforce.Worker", _worker_leaves),
    "allocate": Case("workforce.Allocation", _allocate),
    "end_allocation": Case("workforce.Allocation", _end_allocation),
    "link_user": Case("workforce.Worker", _link_user),
    # casework
    "start_early_help": Case("casework.EarlyHelpEpisode", _start_early_help),
    "end_early_help": Case("casework.EarlyHelpEpisode", _end_early_help),
    "record_contact": Case("casework.Contact", _record_contact),
    "decide_contact": Case("casework.Contact", _decide_contact),
    "open_referral": Case("casework.Referral", _open_referral),
    "decide_referral": Case("casework.Referral", _decide_referral),
    "close_referral": Case("casework.Referral", _close_referral),
    "start_assessment": Case("casework.Assessment", _start_assessment),
    "complete_assessment": Case("casework.Assessment", _complete_assessment),
    "hold_strategy_discussion": Case("casework.StrategyDiscussion", _hold_strategy_discussion),
    "complete_section47": Case("casework.Section47Enquiry", _complete_section47),
    "hold_initial_conference": Case("casework.ChildProtectionConference", _hold_initial_conference),
    "hold_transfer_in_conference": Case(
        "casework.ChildProtectionConference", _hold_transfer_in_conference
    ),
    "hold_cp_review": Case("casework.ChildProtectionConference", _hold_cp_review),
    "end_cp_plan": Case("casework.CPPlan", _end_cp_plan),
    "start_cin_plan": Case("casework.CINPlan", _start_cin_plan),
    "end_cin_plan": Case("casework.CINPlan", _end_cin_plan),
    "record_visit": Case("casework.Visit", _record_visit),
    "add_case_note": Case("casework.CaseNote", _add_case_note),
    "correct_case_note": Case("casework.CaseNote", _correct_case_note),
    "delete_case_note": Case("casework.CaseNote", _delete_case_note),
    # care
    "start_looked_after": Case("care.LookedAfterPeriod", _start_looked_after),
    "change_legal_status": Case("care.LegalStatusSpan", _change_legal_status),
    "change_placement": Case("care.Placement", _change_placement),
    "cease_looked_after": Case("care.LookedAfterPeriod", _cease_looked_after),
    "record_cla_review": Case("care.LookedAfterReview", _record_cla_review),
    "record_health_check": Case("care.HealthCheck", _record_health_check),
    "record_immunisation_status": Case("care.ImmunisationStatus", _record_immunisation_status),
    "record_sdq": Case("care.SDQScore", _record_sdq),
    "record_conviction": Case("care.Conviction", _record_conviction),
    "record_substance_misuse": Case("care.SubstanceMisuse", _record_substance_misuse),
    "record_pep": Case("care.PersonalEducationPlan", _record_pep),
    "record_missing_episode": Case("care.MissingEpisode", _record_missing_episode),
    "record_return": Case("care.MissingEpisode", _record_return),
    "become_care_leaver": Case("care.CareLeaver", _become_care_leaver),
    "change_care_leaver_eligibility": Case("care.CareLeaver", _change_care_leaver_eligibility),
    "record_pathway_plan": Case("care.PathwayPlan", _record_pathway_plan),
    "record_care_leaver_contact": Case("care.CareLeaverContact", _record_care_leaver_contact),
    "set_permanence_plan": Case("care.PermanencePlan", _set_permanence_plan),
    "record_adoption_decision": Case("care.AdoptionCase", _record_adoption_decision),
    "record_early_permanence": Case("care.AdoptionCase", _record_early_permanence),
    "record_placement_order": Case("care.AdoptionCase", _record_placement_order),
    "record_adoption_match": Case("care.AdoptionCase", _record_adoption_match),
    "place_for_adoption": Case("care.AdoptionCase", _place_for_adoption),
    "record_adoption_order": Case("care.AdoptionCase", _record_adoption_order),
    "reverse_adoption_decision": Case("care.AdoptionCase", _reverse_adoption_decision),
    "record_previous_permanence": Case("care.PreviousPermanence", _record_previous_permanence),
    # prospective adopters
    "record_adopter_enquiry": Case("care.AdopterHousehold", _record_adopter_enquiry),
    "record_adoption_stages": Case("care.AdopterHousehold", _record_adoption_stages),
    "approve_adopters": Case("care.AdopterHousehold", _approve_adopters),
    "record_leaving_adoption_process": Case(
        "care.AdopterHousehold", _record_leaving_adoption_process
    ),
    "link_adoption_match": Case("care.AdoptionCase", _link_adoption_match),
    # privacy
    "export_subject_access": Case("people.Person", _export_subject_access),
    "place_legal_hold": Case("privacy.LegalHold", _place_legal_hold),
    "lift_legal_hold": Case("privacy.LegalHold", _lift_legal_hold),
    "apply_retention": Case("people.Person", _apply_retention),
    # accounts
    "create_user": Case("accounts.User", _create_user, actor="ada"),
    "change_role": Case("accounts.User", _change_role, actor="ada"),
    "deactivate_user": Case("accounts.User", _deactivate_user, actor="ada"),
    "reactivate_user": Case("accounts.User", _reactivate_user, actor="ada"),
    "unlock_user": Case("axes.AccessAttempt", _unlock_user, actor="ada"),
    "reset_second_factor": Case("otp_totp.TOTPDevice", _reset_second_factor, actor="ada"),
    "change_password": Case("accounts.User", _change_password),
    "start_totp_setup": Case("otp_totp.TOTPDevice", _start_totp_setup),
    "confirm_totp_setup": Case("otp_totp.TOTPDevice", _confirm_totp_setup),
    "remove_totp": Case("otp_totp.TOTPDevice", _remove_totp),
    # api
    "issue_token": Case("api.ApiToken", _issue_token, actor="ada"),
    "revoke_token": Case("api.ApiToken", _revoke_token, actor="ada"),
    # returns
    "request_return": Case("returns.ReturnRun", _request_return, actor="alex"),
    "record_progress": Case(
        "returns.ReturnRun", _record_progress, actor="alex", event="record_return_progress"
    ),
    "finish_return": Case("returns.ReturnRun", _finish_return, actor="alex"),
    "fail_return": Case("returns.ReturnRun", _fail_return, actor="alex"),
    "record_download": Case(
        "returns.ReturnRun", _record_download, actor="alex", event="download_return"
    ),
}

ACTIONS = sorted(public_actions())


def db_state() -> dict[str, list[dict]]:
    """Every row of every table an action may write, so a rolled-back change shows as none."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values())
        for model in apps.get_models()
        if model._meta.app_label in APPS
    }


def expected_person_id(result) -> int | None:
    if isinstance(result, Person):
        return result.pk
    return getattr(result, "person_id", None)


def test_the_actions_are_found_and_every_case_names_one():
    assert len(ACTIONS) > 50
    assert {"register_person", "allocate", "open_referral", "start_looked_after"} <= set(ACTIONS)
    # From apps the hand-kept list of modules once missed, and from a package's submodule.
    assert {"issue_token", "request_return", "record_adopter_enquiry"} <= set(ACTIONS)
    assert not set(CASES) - set(ACTIONS), "cases for actions that no longer exist"


@pytest.mark.parametrize("name", ACTIONS)
def test_the_action_writes_its_audit_event(personas, name):
    assert name in CASES, f"{name} is an action with no case here: add one to CASES"
    case = CASES[name]
    actor = getattr(personas, case.actor)
    call = case.build(personas, actor)
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    result = call()

    events = AuditEvent.objects.filter(pk__gt=last)
    assert events.exists(), f"{name} wrote no audit event"
    # Every write, including those of actions it calls (place_for_adoption moves the placement),
    # is the acting user's.
    assert set(events.values_list("actor", flat=True)) == {actor.pk}
    mine = events.filter(action=case.event or name, actor=actor, model=case.label)
    assert mine.exists(), f"{name}: no event for {case.label} by {actor}"
    if isinstance(result, models.Model) and result._meta.label == case.label:
        event = mine.get(object_id=str(result.pk))
        expected = expected_person_id(result)
        if name != "register_person":  # the person is created by the event's own change
            assert event.person_id == expected
        assert event.changes, f"{name} recorded no changes"


@pytest.mark.parametrize("name", ACTIONS)
def test_a_failed_audit_write_undoes_the_action(db, settings, name):
    if name not in CASES:
        pytest.fail(f"{name} is an action with no case here: add one to CASES")
    case = CASES[name]

    # Dry run, rolled back: how many audit events the call writes.
    savepoint = transaction.savepoint()
    w = build_personas()
    call = case.build(w, getattr(w, case.actor))
    before = AuditEvent.objects.count()
    call()
    writes = AuditEvent.objects.count() - before
    transaction.savepoint_rollback(savepoint)

    # Again, with the last audit write failing: nothing of the change may be left behind.
    w = build_personas()
    call = case.build(w, getattr(w, case.actor))
    state = db_state()
    # Fail the audit table itself, so an action writing its event some other way than
    # log.record_change (an export's or a retention run's counts) is held to it too.
    real = AuditEvent.save
    count = 0

    def failing_last(event, *args, **kwargs):
        nonlocal count
        count += 1
        if count == writes:
            raise RuntimeError("audit store unavailable")
        return real(event, *args, **kwargs)

    with (
        mock.patch.object(AuditEvent, "save", autospec=True, side_effect=failing_last),
        pytest.raises(RuntimeError),
    ):
        call()

    assert count == writes
    assert db_state() == state


# --- refusals write nothing ---------------------------------------------------------------------


def test_a_refusal_after_the_first_writes_leaves_no_record_and_no_event(personas):
    # The transfer-in plan is open, so the initial conference's plan is refused only after the
    # conference is created and the enquiry ended.
    cw.hold_transfer_in_conference(
        by=personas.sam, referral=personas.lily_referral, held_on=D(2025, 9, 3), category="EMO"
    )
    enquiry = s47(personas)
    state = db_state()

    with pytest.raises(ActionError) as caught:
        cw.hold_initial_conference(
            by=personas.tara,
            enquiry=enquiry,
            held_on=D(2025, 9, 22),
            plan_decided=True,
            category="NEG",
        )

    assert caught.value.field == "plan_decided"
    assert db_state() == state


def test_a_refused_adoption_order_undoes_the_order_it_saved(personas):
    case = adoption(personas, order=True, matched=True, placed=True)
    state = db_state()

    # The order is saved, then ending the period on the day of placement is refused.
    with pytest.raises(ActionError) as caught:
        care.record_adoption_order(by=personas.tara, case=case, on=D(2025, 9, 1))

    assert caught.value.field == "ended_on"
    assert db_state() == state


@pytest.mark.parametrize(
    "refused",
    [
        lambda w: people.register_person(
            by=w.tara, first_name="X", last_name="Y", date_of_birth=None
        ),
        lambda w: wf.allocate(
            by=w.tara, person=w.lily, worker=w.sam.worker, started_on=D(2025, 10, 1)
        ),
        lambda w: cw.open_referral(
            by=w.tara, person=w.lily, received_on=D(2025, 10, 1), source="6"
        ),
        lambda w: care.start_looked_after(
            by=w.tara,
            person=w.lily,
            started_on=D(2025, 9, 15),
            legal_status="C2",
            primary_need="N1",
            placement=PlacementDetails(place="K3", provider="PR4", urn=URN),
        ),
    ],
    ids=["people", "workforce", "casework", "care"],
)
def test_a_refused_action_writes_nothing(personas, refused):
    state = db_state()
    with pytest.raises(ActionError):
        refused(personas)
    assert db_state() == state
