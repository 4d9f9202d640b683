"""The front door: contacts and their decisions, early help, referrals, assessments."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path

from opencsc.accounts.rules import Rule, view_rule
from opencsc.core.forms import form_page, posted, recording_form, submit
from opencsc.people.access import get_child_for_user
from opencsc.people.models import Person

from .. import actions
from ..forms.front_door import (
    AssessmentCompletionForm,
    AssessmentStartForm,
    ContactDecisionForm,
    ContactForm,
    EarlyHelpEndForm,
    EarlyHelpStartForm,
    ReferralClosureForm,
    ReferralDecisionForm,
    ReferralForm,
)


def _page(
    request: HttpRequest, child: Person, form, *, heading: str, button: str, intro: str = ""
) -> HttpResponse:
    """The recording page for ``child``: captioned with their name, back to their record."""
    return form_page(
        request,
        form,
        heading=heading,
        button=button,
        caption=child.name,
        back_url=child.get_absolute_url(),
        intro=intro,
    )


@view_rule(Rule.CASE_WRITE)
@recording_form(ContactForm)
def contact_create(request: HttpRequest, person_id: int) -> HttpResponse:
    child = get_child_for_user(request, person_id)
    form = ContactForm(posted(request))
    if submit(form, actions.record_contact, by=request.user, person=child):
        return redirect(child)
    return _page(request, child, form, heading="Record a contact", button="Save the contact")


@view_rule(Rule.CASE_WRITE)
@recording_form(ContactDecisionForm)
def contact_decide(request: HttpRequest, person_id: int, contact_id: int) -> HttpResponse:
    child = get_child_for_user(request, person_id)
    contact = get_object_or_404(child.contacts, pk=contact_id)
    form = ContactDecisionForm(posted(request))
    if submit(form, actions.decide_contact, by=request.user, contact=contact):
        return redirect(child)
    return _page(
        request,
        child,
        form,
        heading="Decide on the contact",
        button="Save the decision",
        intro=f"Contact received on {contact.received_on:%-d %B %Y}.",
    )


# --- Early help ---------------------------------------------------------------------------------


@view_rule(Rule.CASE_WRITE)
@recording_form(EarlyHelpStartForm)
def early_help_start(request: HttpRequest, person_id: int) -> HttpResponse:
    child = get_child_for_user(request, person_id)
    form = EarlyHelpStartForm(posted(request))
    if submit(form, actions.start_early_help, by=request.user, person=child):
        return redirect(child)
    return _page(request, child, form, heading="Start early help", button="Save early help")


@view_rule(Rule.CASE_WRITE)
@recording_form(EarlyHelpEndForm)
def early_help_end(request: HttpRequest, person_id: int, early_help_id: int) -> HttpResponse:
    child = get_child_for_user(request, person_id)
    episode = get_object_or_404(child.early_help_episodes, pk=early_help_id)
    form = EarlyHelpEndForm(posted(request))
    if submit(form, actions.end_early_help, by=request.user, episode=episode):
        return redirect(child)
    return _page(
        request,
        child,
        form,
        heading="End early help",
        button="Save the end of early help",
        intro=f"Early help started on {episode.started_on:%-d %B %Y}.",
    )


# --- Referrals ----------------------------------------------------------------------------------


@view_rule(Rule.CASE_WRITE)
@recording_form(ReferralForm)
def referral_create(request: HttpRequest, person_id: int) -> HttpResponse:
    """A referral; ``?contact=<id>`` (one of the child's contacts) starts it from that contact."""
    child = get_child_for_user(request, person_id)
    initial = {}
    asked = request.GET.get("contact", "")
    contact = (
        child.contacts.filter(pk=asked).first() if asked.isascii() and asked.isdigit() else None
    )
    if contact is not None:
        initial = {"contact": contact, "source": contact.source, "received_on": contact.received_on}
    form = ReferralForm(posted(request), child=child, initial=initial)
    if submit(form, actions.open_referral, by=request.user, person=child):
        return redirect(child)
    return _page(request, child, form, heading="Record a referral", button="Save the referral")


@view_rule(Rule.CASE_WRITE)
@recording_form(ReferralDecisionForm)
def referral_decide(request: HttpRequest, person_id: int, referral_id: int) -> HttpResponse:
    child = get_child_for_user(request, person_id)
    referral = get_object_or_404(child.referrals, pk=referral_id)
    form = ReferralDecisionForm(posted(request), initial={"primary_need": referral.primary_need})
    if submit(form, actions.decide_referral, by=request.user, referral=referral):
        return redirect(child)
    return _page(
        request,
        child,
        form,
        heading="Decide on the referral",
        button="Save the decision",
        intro=f"Referral received on {referral.received_on:%-d %B %Y}.",
    )


@view_rule(Rule.CASE_WRITE)
@recording_form(ReferralClosureForm)
def referral_close(request: HttpRequest, person_id: int, referral_id: int) -> HttpResponse:
    child = get_child_for_user(request, person_id)
    referral = get_object_or_404(child.referrals, pk=referral_id)
    form = ReferralClosureForm(posted(request))
    if submit(form, actions.close_referral, by=request.user, referral=referral):
        return redirect(child)
    return _page(
        request,
        child,
        form,
        heading="Close the case",
        button="Close the case",
        intro=f"The child in need episode that opened with the referral received on "
        f"{referral.received_on:%-d %B %Y}.",
    )


# --- Assessments --------------------------------------------------------------------------------


@view_rule(Rule.CASE_WRITE)
@recording_form(AssessmentStartForm)
def assessment_start(request: HttpRequest, person_id: int, referral_id: int) -> HttpResponse:
    child = get_child_for_user(request, person_id)
    referral = get_object_or_404(child.referrals, pk=referral_id)
    form = AssessmentStartForm(posted(request))
    if submit(form, actions.start_assessment, by=request.user, referral=referral):
        return redirect(child)
    return _page(
        request,
        child,
        form,
        heading="Start an assessment",
        button="Save the assessment",
        intro=f"On the referral received on {referral.received_on:%-d %B %Y}.",
    )


@view_rule(Rule.CASE_WRITE)
@recording_form(AssessmentCompletionForm)
def assessment_complete(request: HttpRequest, person_id: int, assessment_id: int) -> HttpResponse:
    """The assessment as authorised: its authorisation date is its completion date (CIN census
    AssessmentAuthorisationDate). The manager's sign-off workflow is a separate page."""
    child = get_child_for_user(request, person_id)
    assessment = get_object_or_404(child.assessments, pk=assessment_id)
    form = AssessmentCompletionForm(posted(request))
    if submit(form, actions.complete_assessment, by=request.user, assessment=assessment):
        return redirect(child)
    return _page(
        request,
        child,
        form,
        heading="Record the authorised assessment",
        button="Save the authorised assessment",
        intro=f"Assessment started on {assessment.started_on:%-d %B %Y}.",
    )


urlpatterns = [
    path("contacts/new/", contact_create, name="contact-create"),
    path("contacts/<int:contact_id>/decision/", contact_decide, name="contact-decide"),
    path("early-help/new/", early_help_start, name="early-help-start"),
    path("early-help/<int:early_help_id>/end/", early_help_end, name="early-help-end"),
    path("referrals/new/", referral_create, name="referral-create"),
    path("referrals/<int:referral_id>/decision/", referral_decide, name="referral-decide"),
    path("referrals/<int:referral_id>/closure/", referral_close, name="referral-close"),
    path("referrals/<int:referral_id>/assessments/new/", assessment_start, name="assessment-start"),
    path(
        "assessments/<int:assessment_id>/completion/",
        assessment_complete,
        name="assessment-complete",
    ),
]
