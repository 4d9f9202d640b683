"""The one write path for teams, workers and allocations."""

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractUser
from django.db import transaction

from opencsc.audit.recording import create, end_span, update
from opencsc.core.actor import Actor
from opencsc.core.checks import check_date, require
from opencsc.core.errors import ActionError

from .codes import AllocationRole, TeamKind, WorkerChangeReason
from .models import Allocation, Team, Worker

if TYPE_CHECKING:
    # people is a layer above workforce: the child is named for the type checker only, as the
    # allocation's foreign key names it by label ("people.Person"); nothing is imported at run time.
    from opencsc.people.models import Person


@transaction.atomic
def create_team(
    *, by: Actor, name: str, kind: str, parent: Team | None = None, area: str = ""
) -> Team:
    require(name, "name", "team name")
    if kind not in TeamKind.values:
        raise ActionError(
            "kind", f"'{kind}' is not a kind of team.", f"Use one of: {', '.join(TeamKind.values)}."
        )
    if Team.objects.filter(name=name).exists():
        raise ActionError("name", f"A team called '{name}' already exists.", "Choose another name.")
    return create(Team, by=by, action="create_team", name=name, kind=kind, parent=parent, area=area)


@transaction.atomic
def create_worker(
    *,
    by: Actor,
    staff_id: str,
    first_name: str,
    last_name: str,
    job_title: str,
    team: Team,
    started_on: dt.date,
    swe_registration: str = "",
    is_agency: bool = False,
    fte: Decimal | int = 1,
    user: AbstractUser | None = None,
) -> Worker:
    require(staff_id, "staff_id", "staff ID")
    require(first_name, "first_name", "first name")
    require(last_name, "last_name", "last name")
    check_date(started_on, field="started_on", what="start date")
    if Worker.objects.filter(staff_id=staff_id).exists():
        raise ActionError("staff_id", f"Staff ID '{staff_id}' is already in use.", "Check the ID.")
    return create(
        Worker,
        by=by,
        action="create_worker",
        staff_id=staff_id,
        first_name=first_name,
        last_name=last_name,
        job_title=job_title,
        team=team,
        started_on=started_on,
        swe_registration=swe_registration,
        is_agency=is_agency,
        fte=fte,
        user=user,
    )


@transaction.atomic
def worker_leaves(*, by: Actor, worker: Worker, left_on: dt.date) -> Worker:
    if worker.allocations.open().exists():
        raise ActionError(
            "left_on",
            f"{worker} still holds children.",
            "Reallocate their children before recording that they have left.",
        )
    return end_span(
        worker,
        by=by,
        action="worker_leaves",
        ended_on=left_on,
        what="leaving date",
        noun="worker's employment",
    )


@transaction.atomic
def allocate(
    *,
    by: Actor,
    person: "Person",
    worker: Worker,
    started_on: dt.date,
    role: str = AllocationRole.SOCIAL_WORKER,
    change_reason: str = "",
    team: Team | None = None,
) -> Allocation:
    """Give ``person`` to ``worker`` in ``role`` from ``started_on``.

    The current holder of that role (if any) hands over the same day, so there is never a gap
    or an overlap between a child's social workers (903 SWEpisodes).
    """
    if role not in AllocationRole.values:
        raise ActionError(
            "role",
            f"'{role}' is not an allocation role.",
            f"Use one of: {', '.join(AllocationRole.values)}.",
        )
    if change_reason and change_reason not in WorkerChangeReason.values:
        raise ActionError(
            "change_reason",
            f"'{change_reason}' is not a reason for a change of worker.",
            f"Use one of: {', '.join(WorkerChangeReason.values)}.",
        )
    check_date(
        started_on,
        field="started_on",
        what="allocation date",
        # Pre-birth work is allocated before the expected date of birth, so only a birth bounds it.
        not_before=person.date_of_birth,
        not_before_what="the date of birth",
    )
    if worker.left_on is not None:
        raise ActionError(
            "worker", f"{worker} left on {worker.left_on:%d/%m/%Y}.", "Choose a current worker."
        )
    current = person.allocations.filter(role=role, ended_on__isnull=True).first()
    if current is not None:
        if current.worker_id == worker.pk:
            raise ActionError(
                "worker", f"{worker} already holds this child.", "Choose another worker."
            )
        end_span(
            current,
            by=by,
            action="allocate",
            person=person,
            ended_on=started_on,
            what="start of the new allocation",
            noun="current allocation",
            field="started_on",
            strictly_after=True,
        )
    return create(
        Allocation,
        by=by,
        action="allocate",
        person=person,
        worker=worker,
        team=team or worker.team,
        role=role,
        started_on=started_on,
        change_reason=change_reason,
    )


@transaction.atomic
def end_allocation(*, by: Actor, allocation: Allocation, ended_on: dt.date) -> Allocation:
    return end_span(
        allocation,
        by=by,
        action="end_allocation",
        ended_on=ended_on,
        what="end of the allocation",
        noun="allocation",
    )


@transaction.atomic
def link_user(*, by: Actor | None, worker: Worker, user: AbstractUser) -> Worker:
    """Give a worker their sign-in (the user then sees the worker's children and teams)."""
    if Worker.objects.filter(user_id=user.pk).exclude(pk=worker.pk).exists():
        raise ActionError(
            "user", f"{user} is already linked to another worker.", "Unlink them first."
        )
    return update(
        worker,
        by=by,
        action="link_user",
        user=user,
        first_name=user.first_name or worker.first_name,
        last_name=user.last_name or worker.last_name,
    )
