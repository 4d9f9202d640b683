"""Who changed what (AuditEvent) and who looked at which child (AccessEvent).

Both are append-only: the product offers no path to edit or delete them. Actions write an
AuditEvent in the same transaction as the change it describes, so a change without its audit
record cannot exist.
"""

from django.conf import settings
from django.db import models


class AuditEventQuerySet(models.QuerySet):
    def for_person(self, person):
        return self.filter(person=person)


class AuditEvent(models.Model):
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=80, help_text="The action function, e.g. 'open_referral'.")
    model = models.CharField(max_length=80, help_text="app_label.ModelName of the changed record.")
    object_id = models.CharField(max_length=40)
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    changes = models.JSONField(
        default=dict, help_text="{field: [old, new]} for each changed field."
    )

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["model", "object_id"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.model}#{self.object_id}"


class AccessEvent(models.Model):
    class Via(models.TextChoices):
        PAGE = "page", "Web page"
        API = "api", "API"
        EXPORT = "export", "Export"
        DOWNLOAD = "download", "Download"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    via = models.CharField(max_length=10, choices=Via.choices, default=Via.PAGE)
    path = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} read person {self.person_id}"
