"""Casework's recording pages that apply to a child now (on their record's "Record" list)."""

from collections.abc import Iterator

from django.urls import reverse

from opencsc.people.record_menu import Link, record_menu


@record_menu
def front_door_links(child) -> Iterator[Link]:
    yield "Record a contact", reverse("casework:contact-create", args=[child.pk])
    for contact in child.contacts.filter(outcome=""):
        yield (
            f"Decide on the contact received on {contact.received_on:%-d %B %Y}",
            reverse("casework:contact-decide", args=[child.pk, contact.pk]),
        )
