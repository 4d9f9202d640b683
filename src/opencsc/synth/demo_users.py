"""One demo sign-in per role, for trying the product on a synthetic council."""

from opencsc.accounts.models import Role, User
from opencsc.workforce.actions import link_user
from opencsc.workforce.codes import AllocationRole
from opencsc.workforce.models import Team, Worker

DEMO_PASSWORD = "opencsc-demo-2026"  # noqa: S105 - synthetic demo only; printed by `opencsc demo`

DEMO_USERS = [
    # username, role, first, last, team kind whose busiest worker they become
    ("social.worker", Role.SOCIAL_WORKER, "Sam", "Quillfeather", "child_in_need"),
    ("team.manager", Role.TEAM_MANAGER, "Tara", "Brambleton", "child_in_need"),
    ("iro", Role.IRO, "Imran", "Nettlefold", "iro"),
    ("personal.adviser", Role.PERSONAL_ADVISER, "Pat", "Thistlewood", "leaving_care"),
    ("analyst", Role.PERFORMANCE_ANALYST, "Alex", "Pebblecombe", None),
    ("head.of.service", Role.HEAD_OF_SERVICE, "Hana", "Mossbury", None),
    ("director", Role.DIRECTOR, "Dev", "Fernsworth", None),
    ("admin", Role.SYSTEM_ADMIN, "Ada", "Kettlewick", None),
    ("inspector", Role.INSPECTOR, "Ines", "Puddlestone", None),
]


def create_demo_users(council=None) -> list[User]:
    """Create (or reset) the demo users. Caseworkers take over a real synthetic worker's
    caseload, so the demo social worker opens to a list of children."""
    users = []
    for username, role, first, last, team_kind in DEMO_USERS:
        user, _ = User.objects.get_or_create(username=username)
        user.role, user.first_name, user.last_name = role, first, last
        user.is_active = True
        user.set_password(DEMO_PASSWORD)
        user.save()
        users.append(user)
        if team_kind:
            _link_worker(user, team_kind, manager=role == Role.TEAM_MANAGER)
    return users


def _link_worker(user: User, team_kind: str, *, manager: bool) -> None:
    if Worker.objects.filter(user=user).exists():
        return
    teams = Team.objects.filter(kind=team_kind).order_by("id")
    if not teams:
        return
    team = teams.first()
    workers = Worker.objects.filter(team=team, user__isnull=True).order_by("id")
    if manager:
        worker = workers.filter(job_title="Team manager").first()
    else:
        role = {"iro": AllocationRole.IRO, "leaving_care": AllocationRole.PERSONAL_ADVISER}.get(
            team_kind, AllocationRole.SOCIAL_WORKER
        )
        worker = max(
            workers.exclude(job_title="Team manager"),
            key=lambda w: w.allocations.filter(ended_on__isnull=True, role=role).count(),
            default=None,
        )
    if worker is not None:
        link_user(by=None, worker=worker, user=user)
