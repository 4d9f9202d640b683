"""Forms for who holds a child. Field names are the keyword arguments of ``workforce.actions``.

The page that uses ``AllocationForm`` is in ``people`` (``people.views.allocation_create``): it
starts from the child, and only ``people`` (a layer above this one) may look a child up.
"""

from django import forms

from opencsc.core.forms import ActionForm
from opencsc.core.govuk import DateField

from .codes import AllocationRole, WorkerChangeReason
from .models import Worker


class WorkerChoiceField(forms.ModelChoiceField):
    """A current worker, named with their team (two workers may share a name)."""

    def label_from_instance(self, obj: Worker) -> str:
        return f"{obj.name} ({obj.team.name})"


def current_workers():
    return Worker.objects.open().select_related("team")


class AllocationForm(ActionForm):
    """``allocate``: a worker takes the child on in a role; whoever held that role hands over."""

    worker = WorkerChoiceField(
        label="Worker", queryset=current_workers(), empty_label="Choose a worker"
    )
    role = forms.ChoiceField(
        label="Role",
        choices=AllocationRole.choices,
        widget=forms.RadioSelect,
        initial=AllocationRole.SOCIAL_WORKER,
        error_messages={"required": "Select the role the worker takes for the child"},
    )
    started_on = DateField(
        label="Date the worker takes the child on",
        help_text="The worker who held this role hands over that day. For example, 27 3 2026",
    )
    change_reason = forms.ChoiceField(
        label="Reason for the change of worker",
        required=False,
        choices=[("", "Choose a reason"), *WorkerChangeReason.choices],
        help_text="For a social worker: why this worker takes the child on",
    )
