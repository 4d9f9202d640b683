"""Named test personas that encode the access matrix, built through the real actions.

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
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from opencsc.accounts.models import Role, User
from opencsc.casework import actions as cw
from opencsc.core.errors import ActionError
from opencsc.people import actions as people
from opencsc.workforce import actions as wf
from opencsc.workforce.codes import TeamKind

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
