"""User management pages: system administrators only; every change through the actions."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from opencsc.accounts.models import Role, User
from opencsc.audit.models import AuditEvent

from .helpers import set_up_totp, sign_in
from .test_lockout import fail

NOT_ADMINS = ["sam", "tara", "imran", "pat", "olly", "alex", "hana", "ines"]


def pages(w):
    """(url, method) of every user management page."""
    sam = w.sam.pk
    return [
        (reverse("accounts:user-list"), "get"),
        (reverse("accounts:user-create"), "get"),
        (reverse("accounts:user-detail", args=[sam]), "get"),
        (reverse("accounts:user-role-change", args=[sam]), "get"),
        (reverse("accounts:user-deactivate", args=[sam]), "post"),
        (reverse("accounts:user-reactivate", args=[sam]), "post"),
        (reverse("accounts:user-unlock", args=[sam]), "post"),
        (reverse("accounts:user-reset-second-factor", args=[sam]), "post"),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("who", NOT_ADMINS)
def test_no_one_but_an_administrator_reaches_the_user_pages(client, personas, who):
    client.force_login(getattr(personas, who))
    for url, method in pages(personas):
        assert getattr(client, method)(url).status_code == 403, (who, url)
    assert personas.sam.is_active  # the POSTs changed nothing


@pytest.mark.django_db
def test_an_administrator_reaches_every_user_page(client, personas):
    client.force_login(personas.ada)
    for url, method in pages(personas):
        if method == "get":
            assert client.get(url).status_code == 200, url
        else:
            assert client.get(url).status_code == 405, url  # changes are POST only


@pytest.mark.django_db
def test_the_header_links_users_for_administrators_only(client, personas):
    client.force_login(personas.ada)
    page = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("accounts:user-list")}"' in page
    assert f'href="{reverse("accounts:account")}">Your account</a>' in page
    client.force_login(personas.tara)
    page = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("accounts:user-list")}"' not in page
    assert "Your account</a>" in page


@pytest.mark.django_db
def test_an_administrator_cannot_open_any_childs_record(client, personas):
    client.force_login(personas.ada)
    assert client.get(reverse("people:person-detail", args=[personas.lily.pk])).status_code in (
        403,
        404,
    )
    assert client.get(reverse("people:person-search"), {"q": "Lily"}).status_code == 403
    assert "Lily" not in client.get(reverse("accounts:user-list")).content.decode()


@pytest.mark.django_db
def test_the_list_shows_role_status_locks_two_factor_and_last_sign_in(client, personas):
    set_up_totp(personas.tara)
    fail(client, "olly", 5)
    sign_in(client, "alex", "correct-horse-battery-staple-9")
    client.logout()
    client.force_login(personas.ada)
    page = client.get(reverse("accounts:user-list")).content.decode()
    rows = {
        name: page.split(f">{name}</a>", 1)[1].split("</tr>", 1)[0]
        for name in ("Tara Brambleton", "Olly Fennelwick", "Alex Pebblecombe", "Sam Quillfeather")
    }
    assert "Team manager" in rows["Tara Brambleton"]
    assert '<td class="govuk-table__cell">On</td>' in rows["Tara Brambleton"]
    assert "Locked" in rows["Olly Fennelwick"]
    assert "Never" not in rows["Alex Pebblecombe"]
    assert "Never" in rows["Sam Quillfeather"]
    assert "Active" in rows["Sam Quillfeather"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({"q": "quill"}, ["Sam Quillfeather"], ["Tara Brambleton"]),
        ({"role": Role.INSPECTOR}, ["Ines Puddlestone"], ["Sam Quillfeather"]),
        ({"status": "locked"}, ["Olly Fennelwick"], ["Sam Quillfeather"]),
        ({"status": "inactive"}, [], ["Sam Quillfeather", "Olly Fennelwick"]),
    ],
)
def test_the_list_searches_and_filters(client, personas, query, shown, hidden):
    fail(client, "olly", 5)
    client.force_login(personas.ada)
    page = client.get(reverse("accounts:user-list"), query).content.decode()
    for name in shown:
        assert f">{name}</a>" in page
    for name in hidden:
        assert f">{name}</a>" not in page


def create_form(**overrides):
    data = {
        "username": "nkale",
        "first_name": "Nia",
        "last_name": "Kale",
        "email": "nia.kale@example.org",
        "role": Role.SOCIAL_WORKER,
        "password": "a-long-enough-test-password",
    }
    return {**data, **overrides}


def date_parts(day: dt.date) -> dict:
    return {
        "access_expires_day": day.day,
        "access_expires_month": day.month,
        "access_expires_year": day.year,
    }


@pytest.mark.django_db
def test_an_administrator_creates_a_user_who_can_then_sign_in(client, personas):
    client.force_login(personas.ada)
    response = client.post(reverse("accounts:user-create"), create_form())
    user = User.objects.get(username="nkale")
    assert response.url == reverse("accounts:user-detail", args=[user.pk])
    assert user.role == Role.SOCIAL_WORKER and user.get_full_name() == "Nia Kale"
    assert user.password_changed_at is None
    event = AuditEvent.objects.get(action="create_user", object_id=str(user.pk))
    assert event.actor == personas.ada
    assert "password" not in event.changes
    client.logout()
    assert sign_in(client, "nkale", "a-long-enough-test-password").status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"username": ""}, "username", "Enter a username"),
        ({"username": "sam"}, "username", "The username &#x27;sam&#x27; is taken."),
        ({"username": "has space"}, "username", "A username can only have letters"),
        ({"email": "not-an-email"}, "email", "Enter an email address in the correct format."),
        ({"password": "short"}, "password", "This password is too short."),
        ({"role": Role.INSPECTOR}, "access_expires", "Enter the date an inspector"),
        ({"role": "wizard"}, "role", "Select a valid choice."),
    ],
)
def test_a_bad_new_user_is_refused_naming_the_field(client, personas, overrides, field, message):
    client.force_login(personas.ada)
    response = client.post(reverse("accounts:user-create"), create_form(**overrides))
    page = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_{field}' in page and message in page
    assert 'class="govuk-error-summary"' in page
    assert not User.objects.filter(username="nkale").exists()


@pytest.mark.django_db
def test_an_inspectors_access_is_at_most_90_days(client, personas, today):
    client.force_login(personas.ada)
    too_far = create_form(role=Role.INSPECTOR, **date_parts(today + dt.timedelta(days=91)))
    page = client.post(reverse("accounts:user-create"), too_far).content.decode()
    assert "An inspector&#x27;s access can last at most 90 days." in page
    ok = create_form(role=Role.INSPECTOR, **date_parts(today + dt.timedelta(days=90)))
    assert client.post(reverse("accounts:user-create"), ok).status_code == 302
    ends = User.objects.get(username="nkale").access_expires
    assert timezone.localtime(ends).date() == today + dt.timedelta(days=91)  # end of day 90


@pytest.mark.django_db
def test_an_administrator_changes_someone_elses_role(client, personas):
    client.force_login(personas.ada)
    url = reverse("accounts:user-role-change", args=[personas.alex.pk])
    response = client.post(url, {"role": Role.TEAM_MANAGER})
    assert response.status_code == 302
    personas.alex.refresh_from_db()
    assert personas.alex.role == Role.TEAM_MANAGER
    event = AuditEvent.objects.get(action="change_role", object_id=str(personas.alex.pk))
    assert event.changes == {"role": [Role.PERFORMANCE_ANALYST, Role.TEAM_MANAGER]}
    history = client.get(reverse("accounts:user-detail", args=[personas.alex.pk]))
    assert "change_role" in history.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.HEAD_OF_SERVICE, Role.INSPECTOR])
def test_an_administrator_cannot_give_themselves_a_role(client, personas, role, today):
    client.force_login(personas.ada)
    detail = client.get(reverse("accounts:user-detail", args=[personas.ada.pk])).content.decode()
    assert reverse("accounts:user-role-change", args=[personas.ada.pk]) not in detail
    data = {"role": role, **date_parts(today + dt.timedelta(days=10))}
    page = client.post(reverse("accounts:user-role-change", args=[personas.ada.pk]), data)
    assert "You cannot change your own role." in page.content.decode()
    personas.ada.refresh_from_db()
    assert personas.ada.role == Role.SYSTEM_ADMIN


@pytest.mark.django_db
def test_switching_off_and_on_again(client, personas):
    client.force_login(personas.ada)
    detail = reverse("accounts:user-detail", args=[personas.sam.pk])
    assert client.post(reverse("accounts:user-deactivate", args=[personas.sam.pk])).url == detail
    personas.sam.refresh_from_db()
    assert not personas.sam.is_active
    assert "switched off" in client.get(detail).content.decode()
    client.post(reverse("accounts:user-reactivate", args=[personas.sam.pk]))
    personas.sam.refresh_from_db()
    assert personas.sam.is_active


@pytest.mark.django_db
def test_an_administrator_cannot_switch_off_their_own_account(client, personas):
    client.force_login(personas.ada)
    response = client.post(reverse("accounts:user-deactivate", args=[personas.ada.pk]), follow=True)
    assert "You cannot switch off your own account." in response.content.decode()
    personas.ada.refresh_from_db()
    assert personas.ada.is_active


@pytest.mark.django_db
def test_unlocking_from_the_users_page(client, personas):
    fail(client, "sam", 5)
    client.force_login(personas.ada)
    detail = reverse("accounts:user-detail", args=[personas.sam.pk])
    assert "Locked until" in client.get(detail).content.decode()
    client.post(reverse("accounts:user-unlock", args=[personas.sam.pk]))
    assert "Locked until" not in client.get(detail).content.decode()
    again = client.post(reverse("accounts:user-unlock", args=[personas.sam.pk]), follow=True)
    assert "account is not locked" in again.content.decode()
