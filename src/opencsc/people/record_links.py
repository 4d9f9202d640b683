"""The child's own recording pages on their record's "Record" list: their details, birth, the
people in their life, addresses, warning notes, and who holds them (allocation is ``workforce``'s action, but
``workforce`` sits below ``people`` and cannot register with this menu, so it is listed here)."""

from collections.abc import Iterator

from django.urls import reverse

from .record_menu import Link, record_menu


@record_menu
def person_links(child) -> Iterator[Link]:
    if child.is_unborn:
        yield "Record the birth", reverse("people:person-birth", args=[child.pk])
    yield "Change the child's details", reverse("people:person-edit", args=[child.pk])
    yield "Add someone in the child's life", reverse("people:relationship-create", args=[child.pk])
    yield "Add an address", reverse("people:address-create", args=[child.pk])
    yield "Allocate a worker", reverse("people:allocation-create", args=[child.pk])
    yield "Add a warning note", reverse("people:warning-create", args=[child.pk])
    for note in child.active_warning_notes:
        what = note.get_kind_display().lower()
        yield (
            f"Review the warning note ({what})",
            reverse("people:warning-review", args=[child.pk, note.pk]),
        )
        yield (
            f"End the warning note ({what})",
            reverse("people:warning-end", args=[child.pk, note.pk]),
        )
