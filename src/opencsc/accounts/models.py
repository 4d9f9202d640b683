"""Users and the roles that decide what each may see (see ``opencsc.people.access``)."""

from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    SOCIAL_WORKER = "social_worker", "Social worker"
    TEAM_MANAGER = "team_manager", "Team manager"
    IRO = "iro", "Independent reviewing officer"
    PERSONAL_ADVISER = "personal_adviser", "Personal adviser"
    PERFORMANCE_ANALYST = "performance_analyst", "Performance analyst"
    HEAD_OF_SERVICE = "head_of_service", "Head of service"
    DIRECTOR = "director", "Director of children's services"
    SYSTEM_ADMIN = "system_admin", "System administrator"
    INSPECTOR = "inspector", "Inspector (read-only)"


# Roles whose work is with individual children, and so who see case records of their teams.
CASEWORK_ROLES = {Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.IRO, Role.PERSONAL_ADVISER}
# Roles who see every child's record (read-only for inspectors).
ALL_CHILDREN_ROLES = {Role.HEAD_OF_SERVICE, Role.DIRECTOR, Role.INSPECTOR}


class User(AbstractUser):
    role = models.CharField(max_length=30, choices=Role.choices, default=Role.SOCIAL_WORKER)
    access_expires = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Time-limited accounts (inspectors) stop working after this.",
    )
    password_changed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the user last chose their own password; empty while they still have "
        "the initial one an administrator set.",
    )

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_read_only(self) -> bool:
        return self.role == Role.INSPECTOR
