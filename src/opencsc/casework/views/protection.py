"""Child protection, child in need plans and visits: strategy discussions, section 47 enquiries,
conferences, CP and CIN plans, visits."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone

from opencsc.accounts.rules import Rule, view_rule
from opencsc.core.forms import form_page, posted, recording_form, submit
from opencsc.people.access import get_child_for_user
from opencsc.workforce.models import Worker

from .. import actions
from ..forms.protection import (
    EndCINPlanForm,
    EndCPPlanForm,
    InitialConferenceForm,
    ReviewConferenceForm,
    Section47OutcomeForm,
    StartCINPlanForm,
    StrategyDiscussionForm,
    TransferInConferenceForm,
    VisitForm,
)


def _on(day) -> str:
    return f"{day:%-d %B %Y}"


# --- Strategy discussions and section 47 enquiries ----------------------------------------------


@view_rule(Rule.CASE_WRITE)
@recording_form(StrategyDiscussionForm)
def strategy_discussion_create(
    request: HttpRequest, person_id: int, referral_id: int
) -> HttpResponse:
    child = get_child_for_user(request, person_id)
    referral = get_object_or_404(child.referrals, pk=referral_id)
    form = StrategyDiscussionForm(posted(request))
    if submit(form, actions.hold_strategy_discussion, by=request.user, referral=referral):
        return redirect(child)
    return form_page(
        request,
        form,
        heading="Record a strategy discussion",
        button="Save the strategy discussion",
        caption=child.name,
        back_url=child.get_absolute_url(),
        intro=f"On the referral received on {_on(referral.received_on)}.",
    )


@view_rule(Rule.CASE_WRITE)
@recording_form(Section47OutcomeForm)
def section47_complete(request: HttpRequest, person_id: int, enquiry_id: int) -> HttpResponse:
    child = get_child_for_user(request, person_id)
    enquiry = get_object_or_404(child.section47_enquiries, pk=enquiry_id)
    form = Section47OutcomeForm(posted(request))
    if submit(form, actions.complete_section47, by=request.user, enquiry=enquiry):
        return redirect(child)
    return form_page(
        request,
        form,
        heading="Record the section 47 outcome",
        button="Save the outcome",
        caption=child.name,
        back_url=child.get_absolute_url(),
        intro=f"Section 47 enquiry started on {_on(enquiry.started_on)}.",
    )


# --- Conferences --------------------------------------------------------------------------------


@view_rule(Rule.CASE_WRITE)
@recording_form(InitialConferenceForm)
def initial_conference_create(
    request: HttpRequest, person_id: int, enquiry_id: int
) -> HttpResponse:
    child = get_child_for_user(request, person_id)
    enquiry = get_object_or_404(child.section47_enquiries, pk=enquiry_id)
    form = InitialConferenceForm(posted(request))
    if submit(form, actions.hold_initial_conference, by=request.user, enquiry=enquiry):
        return redirect(child)
    return form_page(
        request,
        form,
        heading="Record the initial child protection conference",
        button="Save the conference",
        caption=child.name,
        back_url=child.get_absolute_url(),
        intro=(
            f"After the section 47 enquiry started on {_on(enquiry.started_on)}; "
            f"the conference was due by {_on(enquiry.icpc_target_on)}."
        ),
    )


@view_rule(Rule.CASE_WRITE)
@recording_form(TransferInConferenceForm)
def transfer_in_conference_create(
    request: HttpRequest, person_id: int, referral_id: int
) -> HttpResponse:
    child = get_child_for_user(request, person_id)
    referral = get_object_or_404(child.referrals, pk=referral_id)
    form = TransferInConferenceForm(posted(request))
    if submit(form, actions.hold_transfer_in_conference, by=request.user, referral=referral):
        return redirect(child)
    return form_page(
        request,
        form,
        heading="Record a transfer-in conference",
        button="Save the conference",
        caption=child.name,
        back_url=child.get_absolute_url(),
        intro="The child arrived on another council's child protection plan; this starts ours.",
    )


@view_rule(Rule.CASE_WRITE)
@recording_form(ReviewConferenceForm)
def review_conference_create(request: HttpRequest, person_id: int, cp_plan_id: int) -> HttpResponse:
    child = get_child_for_user(request, person_id)
    plan = get_object_or_404(child.cp_plans, pk=cp_plan_id)
    form = ReviewConferenceForm(posted(request), initial={"latest_category": plan.latest_category})
    if submit(form, actions.hold_cp_review, by=request.user, plan=plan):
        return redirect(child)
    return form_page(
        request,
        form,
        heading="Record a review child protection conference",
        button="Save the review",
        caption=child.name,
        back_url=child.get_absolute_url(),
        intro=f"Of the child protection plan that started on {_on(plan.started_on)}.",
    )


# --- Plans --------------------------------------------------------------------------------------


@view_rule(Rule.CASE_WRITE)
@recording_form(EndCPPlanForm)
def cp_plan_end(request: HttpRequest, person_id: int, cp_plan_id: int) -> HttpResponse:
    child = get_child_for_user(request, person_id)
    plan = get_object_or_404(child.cp_plans, pk=cp_plan_id)
    form = EndCPPlanForm(posted(request))
    if submit(form, actions.end_cp_plan, by=request.user, plan=plan):
        return redirect(child)
    return form_page(
        request,
        form,
        heading="End the child protection plan",
        button="End the plan",
        caption=child.name,
        back_url=child.get_absolute_url(),
        intro=(
            f"The plan started on {_on(plan.started_on)}. A plan that ends at a review "
            "conference is ended by recording the review."
        ),
    )


@view_rule(Rule.CASE_WRITE)
@recording_form(StartCINPlanForm)
def cin_plan_create(request: HttpRequest, person_id: int, referral_id: int) -> HttpResponse:
    child = get_child_for_user(request, person_id)
    referral = get_object_or_404(child.referrals, pk=referral_id)
    form = StartCINPlanForm(posted(request))
    if submit(form, actions.start_cin_plan, by=request.user, referral=referral):
        return redirect(child)
    return form_page(
        request,
        form,
        heading="Start a child in need plan",
        button="Start the plan",
        caption=child.name,
        back_url=child.get_absolute_url(),
        intro=f"On the referral received on {_on(referral.received_on)}.",
    )


@view_rule(Rule.CASE_WRITE)
@recording_form(EndCINPlanForm)
def cin_plan_end(request: HttpRequest, person_id: int, cin_plan_id: int) -> HttpResponse:
    child = get_child_for_user(request, person_id)
    plan = get_object_or_404(child.cin_plans, pk=cin_plan_id)
    form = EndCINPlanForm(posted(request))
    if submit(form, actions.end_cin_plan, by=request.user, plan=plan):
        return redirect(child)
    return form_page(
        request,
        form,
        heading="End the child in need plan",
        button="End the plan",
        caption=child.name,
        back_url=child.get_absolute_url(),
        intro=f"The plan started on {_on(plan.started_on)}.",
    )


# --- Visits -------------------------------------------------------------------------------------


@view_rule(Rule.CASE_WRITE)
@recording_form(VisitForm)
def visit_create(request: HttpRequest, person_id: int) -> HttpResponse:
    child = get_child_for_user(request, person_id)
    me = Worker.objects.current_for(request.user, timezone.localdate())
    form = VisitForm(posted(request), initial={"worker": me})
    if submit(form, actions.record_visit, by=request.user, person=child):
        return redirect(child)
    return form_page(
        request,
        form,
        heading="Record a visit",
        button="Save the visit",
        caption=child.name,
        back_url=child.get_absolute_url(),
    )


urlpatterns = [
    path(
        "referrals/<int:referral_id>/strategy-discussions/new/",
        strategy_discussion_create,
        name="strategy-discussion-create",
    ),
    path("enquiries/<int:enquiry_id>/outcome/", section47_complete, name="section47-complete"),
    path(
        "enquiries/<int:enquiry_id>/initial-conference/",
        initial_conference_create,
        name="initial-conference-create",
    ),
    path(
        "referrals/<int:referral_id>/transfer-in-conference/",
        transfer_in_conference_create,
        name="transfer-in-conference-create",
    ),
    path(
        "cp-plans/<int:cp_plan_id>/reviews/new/",
        review_conference_create,
        name="review-conference-create",
    ),
    path("cp-plans/<int:cp_plan_id>/end/", cp_plan_end, name="cp-plan-end"),
    path("referrals/<int:referral_id>/cin-plans/new/", cin_plan_create, name="cin-plan-create"),
    path("cin-plans/<int:cin_plan_id>/end/", cin_plan_end, name="cin-plan-end"),
    path("visits/new/", visit_create, name="visit-create"),
]
