"""The accounts actions: who may call them, and what they refuse."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from opencsc.accounts import actions
from opencsc.accounts.models import Role
from opencsc.audit.models import AuditEvent
from opencsc.core.errors import ActionError
from opencsc.testing import PASSWORD

from .helpers import code, set_up_totp, sign_in

ADMIN_ONLY = [
    lambda w, by: actions.create_user(
        by=by, username="x1", first_name="X", last_name="Y", role="iro", password="p" * 20
    ),
    lambda w, by: actions.change_role(by=by, user=w.alex, role=Role.DIRECTOR),
    lambda w, by: actions.deactivate_user(by=by, user=w.olly),
    lambda w, by: actions.reactivate_user(by=by, user=w.olly),
    lambda w, by: actions.unlock_user(by=by, user=w.olly),
    lambda w, by: actions.reset_second_factor(by=by, user=w.olly),
]


@pytest.mark.django_db
@pytest.mark.parametrize("call", ADMIN_ONLY)
@pytest.mark.parametrize("who", ["sam", "tara", "alex", "hana", "ines"])
def test_only_an_administrator_manages_accounts(personas, call, who):
    events = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        call(personas, getattr(personas, who))
    assert AuditEvent.objects.count() == events


@pytest.mark.django_db
def test_a_role_must_be_one_of_the_roles(personas):
    with pytest.raises(ActionError) as refused:
        actions.change_role(by=personas.ada, user=personas.alex, role="superuser")
    assert refused.value.field == "role"
    assert "social_worker" in refused.value.text  # says what the roles are


@pytest.mark.django_db
def test_an_inspector_needs_an_end_date_in_the_future(personas):
    past = timezone.now() - dt.timedelta(days=1)
    for ends in (None, past):
        with pytest.raises(ActionError) as refused:
            actions.change_role(
                by=personas.ada, user=personas.alex, role=Role.INSPECTOR, access_expires=ends
            )
        assert refused.value.field == "access_expires"


@pytest.mark.django_db
def test_reactivating_an_expired_inspector_is_refused_until_their_date_moves(personas):
    actions.deactivate_user(by=personas.ada, user=personas.ines)
    type(personas.ines).objects.filter(pk=personas.ines.pk).update(
        access_expires=timezone.now() - dt.timedelta(days=1)
    )
    personas.ines.refresh_from_db()
    with pytest.raises(ActionError) as refused:
        actions.reactivate_user(by=personas.ada, user=personas.ines)
    assert refused.value.field == "access_expires"


@pytest.mark.django_db
def test_a_device_audit_never_holds_the_secret(personas):
    device = set_up_totp(personas.sam)
    for event in AuditEvent.objects.filter(model="otp_totp.TOTPDevice"):
        assert "key" not in event.changes
        assert device.key not in str(event.changes)


@pytest.mark.django_db
def test_starting_again_keeps_the_unconfirmed_device(personas):
    first = actions.start_totp_setup(by=personas.sam)
    assert actions.start_totp_setup(by=personas.sam).pk == first.pk
    actions.confirm_totp_setup(by=personas.sam, token=code(first))
    with pytest.raises(ActionError):
        actions.start_totp_setup(by=personas.sam)


@pytest.mark.django_db
def test_a_user_changes_their_own_password(client, personas):
    client.force_login(personas.sam)
    url = reverse("accounts:password-change")
    page = client.post(
        url, {"old_password": "nope", "new_password1": "x", "new_password2": "x"}
    ).content.decode()
    assert 'class="govuk-error-summary"' in page
    response = client.post(
        url,
        {
            "old_password": PASSWORD,
            "new_password1": "a-brand-new-long-password",
            "new_password2": "a-brand-new-long-password",
        },
    )
    assert response.url == reverse("accounts:account")
    assert client.get(reverse("home")).status_code == 200  # still signed in here
    personas.sam.refresh_from_db()
    assert personas.sam.password_changed_at is not None
    event = AuditEvent.objects.get(action="change_password")
    assert list(event.changes) == ["password_changed_at"]
    client.logout()
    assert sign_in(client, "sam", "a-brand-new-long-password").status_code == 302
