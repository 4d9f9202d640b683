"""A request to produce (and check) a statutory return, and what became of it."""

from typing import Self

from django.conf import settings
from django.db import models

from opencsc.core.years import collection_year_label


class ReturnKind(models.TextChoices):
    SSDA903 = "ssda903", "SSDA903 (children looked after)"
    CIN = "cin", "Children in need census"
    ANNEX_A = "annex_a", "Ofsted Annex A"


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Running"
    DONE = "done", "Finished"
    FAILED = "failed", "Failed"


class ReturnRunQuerySet(models.QuerySet["ReturnRun"]):
    def active(self) -> Self:
        return self.filter(status__in=[RunStatus.QUEUED, RunStatus.RUNNING])


class ReturnRun(models.Model):
    kind = models.CharField(max_length=10, choices=ReturnKind.choices)
    year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Year ending 31 March."
    )
    as_of = models.DateField(null=True, blank=True, help_text="Annex A: the inspection date.")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    stage = models.CharField(max_length=120, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    output = models.CharField(max_length=300, blank=True, help_text="File under var/returns/.")
    counts = models.JSONField(default=dict, blank=True)
    report = models.JSONField(default=dict, blank=True, help_text="The validators' findings.")
    error_count = models.PositiveIntegerField(null=True, blank=True)
    message = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = ReturnRunQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        what = collection_year_label(self.year) if self.year else f"as of {self.as_of:%d/%m/%Y}"
        return f"{self.get_kind_display()} {what}"

    @property
    def is_finished(self) -> bool:
        return self.status in {RunStatus.DONE, RunStatus.FAILED}
