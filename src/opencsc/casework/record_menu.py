"""Casework's recording pages that apply to a child now (on their record's "Record" list)."""

from collections.abc import Iterator

from django.urls import reverse

from opencsc.people.record_menu import Link, record_menu

from .codes import ConferenceKind, ContactOutcome


@record_menu
def front_door_links(child) -> Iterator[Link]:
    yield "Record a contact", reverse("casework:contact-create", args=[child.pk])
    for contact in child.contacts.filter(outcome=""):
        yield (
            f"Decide on the contact received on {contact.received_on:%-d %B %Y}",
            reverse("casework:contact-decide", args=[child.pk, contact.pk]),
        )

    episode = child.early_help_episodes.open().first()
    if episode is None:
        yield "Start early help", reverse("casework:early-help-start", args=[child.pk])
    else:
        yield (
            f"End early help (started on {episode.started_on:%-d %B %Y})",
            reverse("casework:early-help-end", args=[child.pk, episode.pk]),
        )

    referral = child.referrals.open().first()
    if referral is None:
        # A child has one open referral at a time (open_referral refuses a second).
        create = reverse("casework:referral-create", args=[child.pk])
        yield "Record a referral", create
        referred = child.contacts.filter(outcome=ContactOutcome.REFERRAL).exclude(
            pk__in=child.referrals.filter(contact__isnull=False).values("contact_id")
        )
        for contact in referred:
            yield (
                f"Record the referral from the contact received on {contact.received_on:%-d %B %Y}",
                f"{create}?contact={contact.pk}",
            )
        return
    received = f"{referral.received_on:%-d %B %Y}"
    if referral.decided_on is None:
        yield (
            f"Decide on the referral received on {received}",
            reverse("casework:referral-decide", args=[child.pk, referral.pk]),
        )
    assessment = referral.assessments.open().first()
    if assessment is not None:
        yield (
            f"Record the authorised assessment started on {assessment.started_on:%-d %B %Y}",
            reverse("casework:assessment-complete", args=[child.pk, assessment.pk]),
        )
        return
    yield "Start an assessment", reverse("casework:assessment-start", args=[child.pk, referral.pk])
    if referral.decided_on is not None:
        yield (
            f"Close the case (referral received on {received})",
            reverse("casework:referral-close", args=[child.pk, referral.pk]),
        )


@record_menu
def protection_links(child) -> Iterator[Link]:
    """Visits always; the rest only where the child's records now call for them."""
    yield "Record a visit", reverse("casework:visit-create", args=[child.pk])
    referral = child.referrals.filter(closed_on__isnull=True).first()
    cp_plan = child.cp_plans.filter(ended_on__isnull=True).first()
    cin_plan = child.cin_plans.filter(ended_on__isnull=True).first()
    if referral is not None:
        args = [child.pk, referral.pk]
        yield (
            "Record a strategy discussion",
            reverse("casework:strategy-discussion-create", args=args),
        )
    # Enquiries still open, or concluded as needing a conference, with no initial conference yet.
    awaiting = child.section47_enquiries.filter(icpc_not_required=False).exclude(
        conferences__kind=ConferenceKind.INITIAL
    )
    for enquiry in awaiting:
        args = [child.pk, enquiry.pk]
        if enquiry.ended_on is None:
            yield "Record the section 47 outcome", reverse("casework:section47-complete", args=args)
        yield (
            "Record the initial child protection conference",
            reverse("casework:initial-conference-create", args=args),
        )
    if cp_plan is not None:
        args = [child.pk, cp_plan.pk]
        yield "Hold a review conference", reverse("casework:review-conference-create", args=args)
        yield "End the child protection plan", reverse("casework:cp-plan-end", args=args)
    elif referral is not None:
        args = [child.pk, referral.pk]
        yield (
            "Record a transfer-in conference",
            reverse("casework:transfer-in-conference-create", args=args),
        )
        if cin_plan is None:
            yield "Start a child in need plan", reverse("casework:cin-plan-create", args=args)
    if cin_plan is not None:
        args = [child.pk, cin_plan.pk]
        yield "End the child in need plan", reverse("casework:cin-plan-end", args=args)


@record_menu
def note_links(child) -> Iterator[Link]:
    yield "Add a case note", reverse("casework:note-create", args=[child.pk])
