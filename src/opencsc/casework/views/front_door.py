"""The front door: contacts and their decisions, early help, referrals, assessments."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path

from opencsc.accounts.rules import Rule, view_rule
from opencsc.core.forms import form_page, posted, recording_form, submit
from opencsc.people.access import get_child_for_user

from .. import actions
from ..forms.front_door import ContactDecisionForm, ContactForm


@view_rule(Rule.CASE_WRITE)
@recording_form(ContactForm)
def contact_create(request: HttpRequest, person_id: int) -> HttpResponse:
    child = get_child_for_user(request, person_id)
    form = ContactForm(posted(request))
    if submit(form, actions.record_contact, by=request.user, person=child):
        return redirect(child)
    return form_page(
        request,
        form,
        heading="Record a contact",
        button="Save the contact",
        caption=child.name,
        back_url=child.get_absolute_url(),
    )


@view_rule(Rule.CASE_WRITE)
@recording_form(ContactDecisionForm)
def contact_decide(request: HttpRequest, person_id: int, contact_id: int) -> HttpResponse:
    child = get_child_for_user(request, person_id)
    contact = get_object_or_404(child.contacts, pk=contact_id)
    form = ContactDecisionForm(posted(request))
    if submit(form, actions.decide_contact, by=request.user, contact=contact):
        return redirect(child)
    return form_page(
        request,
        form,
        heading="Decide on the contact",
        button="Save the decision",
        caption=child.name,
        back_url=child.get_absolute_url(),
        intro=f"Contact received on {contact.received_on:%-d %B %Y}.",
    )


urlpatterns = [
    path("contacts/new/", contact_create, name="contact-create"),
    path("contacts/<int:contact_id>/decision/", contact_decide, name="contact-decide"),
]
