"""What the tests share: ``refusal()``, the named personas, and the access world.

The named personas encode the access matrix and are built through the real actions
(``build_personas``, the ``personas`` fixture):

Sam    social worker, North Family Support   holds Lily
Tara   team manager of North Family Support  sees Lily (her team's child)
Imran  IRO, Independent Reviewing Service    sees children allocated to his service
Pat    personal adviser, Leaving Care        sees care leavers allocated to the team
Olly   social worker, South Family Support   must NOT see Lily
Alex   performance analyst                   no case records
Hana   head of service                       sees every child
Ines   inspector, access until next month    sees every child, read-only
Ada    system administrator                  manages users, no case records
Lily   a child (born 2015) with an open referral, allocated to Sam

``build_access_world`` (the ``access_world`` fixture) is a larger cast, one user for each edge of
the rules of who sees which child, with ``VISIBLE``: exactly the children each of them may see.
Scenario builders for one app's tests stay beside them and start from the personas
(``returns/tests/scenarios.py``, ``privacy/tests/world.py``).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone

from opencsc.accounts.models import Role, User
from opencsc.casework import actions as cw
from opencsc.core.errors import ActionError
from opencsc.people import actions as people
from opencsc.people.models import Person, RestrictedAccess
from opencsc.workforce import actions as wf
from opencsc.workforce.codes import AllocationRole, TeamKind
from opencsc.workforce.models import Allocation, Team, Worker

PASSWORD = "correct-horse-battery-staple-9"  # noqa: S105 - test personas only


def refusal(call: Callable[..., Any], *args: Any, **kwargs: Any) -> ActionError:
    """The ``ActionError`` that ``call(*args, **kwargs)`` raises; the test fails if it returns.

    The error is returned so the test can check the field it names and its message."""
    with pytest.raises(ActionError) as caught:
        call(*args, **kwargs)
    return caught.value


@dataclass
class Personas:
    sam: User
    tara: User
    imran: User
    pat: User
    olly: User
    alex: User
    hana: User
    ines: User
    ada: User
    lily: object
    lily_referral: object
    north: object
    south: object

    @property
    def all_users(self) -> dict[str, User]:
        return {
            n: getattr(self, n)
            for n in ("sam", "tara", "imran", "pat", "olly", "alex", "hana", "ines", "ada")
        }


def new_child(by: User, **overrides: Any) -> Person:
    """Noah Brackenridge, a white British boy born 11 February 2019 (LA child id TEST0100),
    registered through the real action by ``by``; ``overrides`` replace any of those details."""
    fields: dict[str, Any] = {
        "first_name": "Noah",
        "last_name": "Brackenridge",
        "sex": "M",
        "ethnicity": "WBRI",
        "date_of_birth": dt.date(2019, 2, 11),
        "la_child_id": "TEST0100",
    }
    fields.update(overrides)
    return people.register_person(by=by, **fields)


def make_user(username: str, role: str, first: str, last: str, **extra) -> User:
    user = User.objects.create_user(
        username=username, password=PASSWORD, role=role, first_name=first, last_name=last, **extra
    )
    return user


def build_personas() -> Personas:
    ada = make_user("ada", Role.SYSTEM_ADMIN, "Ada", "Kettlewick")
    by = ada
    start = dt.date(2020, 1, 6)
    service = wf.create_team(by=by, name="Children's services", kind=TeamKind.SERVICE)
    north = wf.create_team(
        by=by, name="North Family Support", kind=TeamKind.CHILD_IN_NEED, parent=service
    )
    south = wf.create_team(
        by=by, name="South Family Support", kind=TeamKind.CHILD_IN_NEED, parent=service
    )
    iro_team = wf.create_team(
        by=by, name="Independent Reviewing Service", kind=TeamKind.IRO, parent=service
    )
    lc_team = wf.create_team(by=by, name="Leaving Care", kind=TeamKind.LEAVING_CARE, parent=service)

    def worker_user(username, role, first, last, team, title):
        user = make_user(username, role, first, last)
        wf.create_worker(
            by=by,
            staff_id=username.upper(),
            first_name=first,
            last_name=last,
            job_title=title,
            team=team,
            started_on=start,
            user=user,
        )
        return user

    sam = worker_user("sam", Role.SOCIAL_WORKER, "Sam", "Quillfeather", north, "Social worker")
    tara = worker_user("tara", Role.TEAM_MANAGER, "Tara", "Brambleton", north, "Team manager")
    olly = worker_user("olly", Role.SOCIAL_WORKER, "Olly", "Fennelwick", south, "Social worker")
    imran = worker_user(
        "imran", Role.IRO, "Imran", "Nettlefold", iro_team, "Independent reviewing officer"
    )
    pat = worker_user(
        "pat", Role.PERSONAL_ADVISER, "Pat", "Thistlewood", lc_team, "Personal adviser"
    )
    alex = make_user("alex", Role.PERFORMANCE_ANALYST, "Alex", "Pebblecombe")
    hana = make_user("hana", Role.HEAD_OF_SERVICE, "Hana", "Mossbury")
    ines = make_user(
        "ines",
        Role.INSPECTOR,
        "Ines",
        "Puddlestone",
        access_expires=timezone.now() + dt.timedelta(days=30),
    )

    lily = people.register_person(
        by=sam,
        first_name="Lily",
        last_name="Puddlewhistle",
        sex="F",
        ethnicity="WBRI",
        date_of_birth=dt.date(2015, 5, 17),
        la_child_id="TEST0001",
        disabilities=["NONE"],
    )
    people.move_address(by=sam, person=lily, postcode="NR1 2AB", started_on=dt.date(2015, 5, 17))
    referral = cw.open_referral(
        by=sam,
        person=lily,
        received_on=dt.date(2025, 9, 1),
        source="2A",
        primary_need="N1",
        team=north,
    )
    wf.allocate(
        by=tara,
        person=lily,
        worker=sam.worker,
        started_on=dt.date(2025, 9, 1),
        change_reason="FCONTA",
    )
    return Personas(
        sam=sam,
        tara=tara,
        imran=imran,
        pat=pat,
        olly=olly,
        alex=alex,
        hana=hana,
        ines=ines,
        ada=ada,
        lily=lily,
        lily_referral=referral,
        north=north,
        south=south,
    )


# --- The access world ---------------------------------------------------------------------------
# A second, larger cast for the tests of who sees which child (the record page, the home page, the
# API): every role, each edge of the rules (another service, a worker who has left, a switched-off
# account, an expired inspector, a restricted child) and ``VISIBLE``, the children each may see.

ACCESS_START = dt.date(2024, 1, 8)

# persona -> (role, team key or None for no linked worker)
ACCESS_PERSONAS = {
    "sw": (Role.SOCIAL_WORKER, "north"),
    "sw_colleague": (Role.SOCIAL_WORKER, "north"),
    "sw_care": (Role.SOCIAL_WORKER, "care"),
    "sw_other_service": (Role.SOCIAL_WORKER, "south"),
    "manager": (Role.TEAM_MANAGER, "north"),
    "service_manager": (Role.TEAM_MANAGER, "service"),
    "other_manager": (Role.TEAM_MANAGER, "south"),
    "iro": (Role.IRO, "iro"),
    "pa": (Role.PERSONAL_ADVISER, "leaving"),
    "head": (Role.HEAD_OF_SERVICE, None),
    "director": (Role.DIRECTOR, None),
    "inspector": (Role.INSPECTOR, None),
    "inspector_no_end": (Role.INSPECTOR, None),
    "inspector_expired": (Role.INSPECTOR, None),
    # These two have workers in the north team: their role, not their team, keeps them out.
    "analyst": (Role.PERFORMANCE_ANALYST, "north"),
    "admin": (Role.SYSTEM_ADMIN, "north"),
    "sw_no_worker": (Role.SOCIAL_WORKER, None),
    "sw_left": (Role.SOCIAL_WORKER, "north"),
    "sw_inactive": (Role.SOCIAL_WORKER, "north"),
}

ALL = {"amy", "ben", "cal", "dan", "fay"}
# eve is restricted: only "manager" and "analyst" are named for her, and only manager's role and
# team also let him see her. dan's only allocation has ended.
VISIBLE = {
    "sw": {"amy", "ben"},
    "sw_colleague": {"amy", "ben"},
    "sw_care": {"fay"},
    "sw_other_service": {"cal"},
    "manager": {"amy", "ben", "eve"},
    "service_manager": {"amy", "ben", "fay"},
    "other_manager": {"cal"},
    "iro": {"amy"},
    "pa": {"fay"},
    "head": ALL,
    "director": ALL,
    "inspector": ALL,
    "inspector_no_end": ALL,
    "inspector_expired": set(),
    "analyst": set(),
    "admin": set(),
    "sw_no_worker": set(),
    "sw_left": set(),
    "sw_inactive": set(),
}


def build_access_world() -> SimpleNamespace:
    """Teams, one user per ``ACCESS_PERSONAS`` entry, and six children (plus a parent who is not
    a child), made directly (not through the actions) so that each exact state the access rules
    read (a worker who left today, an expired inspector, a closed allocation) is set as it is."""
    w = SimpleNamespace()
    service = Team.objects.create(name="Children's services", kind=TeamKind.SERVICE)
    w.teams = {
        "service": service,
        "north": Team.objects.create(
            name="Assessment North", kind=TeamKind.ASSESSMENT, parent=service
        ),
        "care": Team.objects.create(
            name="Children in care", kind=TeamKind.CHILDREN_IN_CARE, parent=service
        ),
        "iro": Team.objects.create(name="Reviewing", kind=TeamKind.IRO, parent=service),
        "leaving": Team.objects.create(
            name="Leaving care", kind=TeamKind.LEAVING_CARE, parent=service
        ),
    }
    other = Team.objects.create(name="Other service", kind=TeamKind.SERVICE)
    w.teams["south"] = Team.objects.create(
        name="Assessment South", kind=TeamKind.ASSESSMENT, parent=other
    )

    now = timezone.now()
    w.users, w.workers = {}, {}
    for n, (key, (role, team)) in enumerate(ACCESS_PERSONAS.items()):
        user = User.objects.create_user(
            username=key, first_name=key.replace("_", " ").title(), last_name="Tester", role=role
        )
        w.users[key] = user
        if team:
            w.workers[key] = Worker.objects.create(
                staff_id=f"S{n:03}",
                first_name=user.first_name,
                last_name="Tester",
                job_title=role.label,
                team=w.teams[team],
                started_on=dt.date(2020, 1, 1),
                user=user,
            )
    w.users["inspector"].access_expires = now + dt.timedelta(days=7)
    w.users["inspector_expired"].access_expires = now - dt.timedelta(minutes=1)
    w.users["sw_inactive"].is_active = False
    for key in ("inspector", "inspector_expired", "sw_inactive"):
        w.users[key].save()
    w.workers["sw_left"].left_on = timezone.localdate()
    w.workers["sw_left"].save()

    def child(key, first, last="Smith", **extra):
        return Person.objects.create(
            la_child_id=f"C{key.upper()}",
            first_name=first,
            last_name=last,
            date_of_birth=dt.date(2015, 6, 1),
            **extra,
        )

    def allocate(person, worker_key, role=AllocationRole.SOCIAL_WORKER, **extra):
        worker = w.workers[worker_key]
        return Allocation.objects.create(
            person=person,
            worker=worker,
            team=worker.team,
            role=role,
            started_on=ACCESS_START,
            **extra,
        )

    w.children = {
        "amy": child("amy", "Amy"),
        "ben": child("ben", "Ben"),
        "cal": child("cal", "Cal"),
        "dan": child("dan", "Dan", "Jones"),
        "eve": child("eve", "Eve", "Jones", restricted=True),
        "fay": child("fay", "Fay", "Jones"),
    }
    c = w.children
    allocate(c["amy"], "sw")
    allocate(c["amy"], "iro", AllocationRole.IRO)
    allocate(c["ben"], "sw_colleague")
    allocate(c["cal"], "sw_other_service")
    allocate(c["dan"], "sw", ended_on=dt.date(2024, 3, 1))
    allocate(c["eve"], "sw")
    allocate(c["fay"], "sw_care")
    allocate(c["fay"], "pa", AllocationRole.PERSONAL_ADVISER)
    for key in ("manager", "analyst"):
        RestrictedAccess.objects.create(
            person=c["eve"], user=w.users[key], granted_on=ACCESS_START, reason="Test"
        )
    # A parent, recorded as a person but not a child (no LA child id): never in a child list.
    w.mother = Person.objects.create(
        first_name="Mary", last_name="Smith", date_of_birth=dt.date(1990, 1, 1)
    )
    allocate(w.mother, "sw_colleague", AllocationRole.EARLY_HELP)
    return w


def posted_date(name: str, day: dt.date) -> dict[str, str]:
    """A date as a GOV.UK date input posts it: ``{name}_day``, ``{name}_month``, ``{name}_year``."""
    return {
        f"{name}_day": str(day.day),
        f"{name}_month": str(day.month),
        f"{name}_year": str(day.year),
    }


# --- The records a child's recording pages are about ---------------------------------------------
#
# A recording page under a child names the record it changes (``/children/<person_id>/contacts/
# <contact_id>/decision/``). ``RECORD_KWARGS`` maps each such URL keyword to the child's related
# name for it, and ``give_records`` gives a child one record of each kind, so that the access
# matrix and the every-form test can build every URL. A new kind of record page adds a line to
# each (the tests fail, naming the keyword, until it does).

RECORD_KWARGS: dict[str, str] = {
    "contact_id": "contacts",
    "early_help_id": "early_help_episodes",
    "referral_id": "referrals",
    "assessment_id": "assessments",
    "enquiry_id": "section47_enquiries",
    "cp_plan_id": "cp_plans",
    "cin_plan_id": "cin_plans",
    "warning_id": "warning_notes",
    "note_id": "case_notes",
}


def give_records(child: Person, *, by: User) -> None:
    """One of each record the child's pages change: an undecided contact, open early help, an open
    referral (the child's own, if they have one) with an open assessment, the protection
    records below, a warning note in force, and a case note."""
    cw.record_contact(by=by, person=child, received_on=dt.date(2025, 9, 1), source="1A")
    cw.start_early_help(by=by, person=child, started_on=dt.date(2025, 9, 1))
    referral = child.referrals.open().first() or cw.open_referral(
        by=by, person=child, received_on=dt.date(2025, 9, 1), source="1A"
    )
    cw.start_assessment(by=by, referral=referral, started_on=dt.date(2025, 9, 2))
    _give_protection_records(child, by=by)
    people.add_warning_note(
        by=by,
        person=child,
        kind="animals",
        details="Two large dogs in the garden: phone ahead so they are shut in.",
        started_on=dt.date(2025, 9, 1),
        review_on=dt.date(2026, 3, 1),
        person_told=True,
    )
    cw.add_case_note(
        by=by,
        children=[child],
        kind="phone_call",
        title="Call with the school",
        body="The head teacher rang about attendance.",
        happened_at=dt.datetime(2025, 9, 4, 10, 30, tzinfo=dt.UTC),
    )


def _give_protection_records(child: Person, *, by: User) -> None:
    """On the open referral, a child in need plan, then a section 47 enquiry whose initial
    conference makes a child protection plan (which ends the CIN plan)."""
    referral = child.referrals.open().get()
    cw.start_cin_plan(by=by, referral=referral, started_on=dt.date(2025, 9, 2))
    discussion = cw.hold_strategy_discussion(
        by=by, referral=referral, held_on=dt.date(2025, 9, 3), s47_initiated=True
    )
    cw.hold_initial_conference(
        by=by,
        enquiry=discussion.section47_enquiry,
        held_on=dt.date(2025, 9, 10),
        plan_decided=True,
        category="NEG",
    )


def record_kwarg(child: Person, kwarg: str) -> int:
    """The id for ``kwarg`` in a URL about ``child``: the child's first record of that kind."""
    if kwarg not in RECORD_KWARGS:
        raise LookupError(f"{kwarg!r}: add it to RECORD_KWARGS and give_records in {__name__}")
    record = getattr(child, RECORD_KWARGS[kwarg]).order_by("pk").first()
    if record is None:
        raise LookupError(f"{child} has no record for {kwarg!r}: give_records must make one")
    return int(record.pk)


# --- A child's history, for query counts ----------------------------------------------------------


def give_history(child: Person, *, by: User, rounds: int, first: int = 0) -> None:
    """``rounds`` more of everything a child's history grows by, through the actions: a child in
    need visit with the child's words and a child protection visit (the plan ``give_records``
    makes), a contact, a case note with an action, a correction of the child's first case note, an
    address, a sibling (a child ``by`` holds), a relative and a warning note. ``first`` numbers the rounds, so a second call adds new ones.
    A page whose query count differs between ``rounds=1`` and ``rounds=4`` does a query per row."""
    worker = by.worker
    for n in range(first, first + rounds):
        day = dt.date(2025, 10, 1) + dt.timedelta(days=n)
        for kind in ("cin", "cp"):
            cw.record_visit(
                by=by,
                person=child,
                kind=kind,
                visited_on=day,
                seen=True,
                seen_alone=True,
                bedroom_seen=True,
                wishes_and_feelings=f"I like my new school, visit {n}.",
                worker=worker,
            )
        cw.record_contact(by=by, person=child, received_on=day, source="1A")
        cw.add_case_note(
            by=by,
            children=[child],
            kind="meeting",
            title=f"Core group {n}",
            body="Everyone came; the plan is working.",
            happened_at=dt.datetime.combine(day, dt.time(11), tzinfo=dt.UTC),
            actions=[cw.NoteAction(what="Book the next one", owner=worker, due_on=day)],
        )
        people.move_address(by=by, person=child, postcode=f"NR{n % 9 + 1} 3CD", started_on=day)
        sibling = new_child(by, first_name=f"Sibling{n}", la_child_id=f"SIB{n:04}")
        wf.allocate(by=by, person=sibling, worker=worker, started_on=day)
        people.add_relationship(by=by, person=child, other=sibling, kind="sibling")
        people.add_relative(
            by=by,
            person=child,
            kind="grandparent",
            has_parental_responsibility=False,
            first_name="Gran",
            last_name=f"Number{n}",
            date_of_birth=dt.date(1960, 1, 1),
        )
        note = child.case_notes.order_by("pk").first()
        cw.correct_case_note(
            by=by,
            note=note,
            version=note.version,
            kind=note.kind,
            title=note.title,
            body=f"{note.body} Corrected {n}.",
            happened_at=note.happened_at,
            reason="A detail was missing.",
        )
        people.add_warning_note(
            by=by,
            person=child,
            kind="other",
            details=f"Risk {n}",
            started_on=day,
            review_on=day + dt.timedelta(days=90),
            person_told=True,
        )
