"""Signing in and out, and that nothing else is reachable without signing in."""

import datetime as dt

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from opencsc.accounts.models import Role, User

PASSWORD = "correct horse battery staple"
LOGIN = reverse("accounts:login")

# Pages an anonymous visitor may reach: only the sign-in page.
PUBLIC = {"accounts:login"}


@pytest.fixture
def user(db):
    return User.objects.create_user(
        username="jsmith",
        password=PASSWORD,
        first_name="Jo",
        last_name="Smith",
        role=Role.SOCIAL_WORKER,
    )


def sign_in(client, username="jsmith", password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password, **extra})


@pytest.mark.django_db
def test_the_sign_in_page_shows_the_form_without_errors(client):
    response = client.get(LOGIN)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Sign in to opencsc" in page
    assert 'autocomplete="username"' in page
    assert 'data-module="govuk-password-input"' in page
    assert "There is a problem" not in page
    assert "<title>Sign in" in page


@pytest.mark.django_db
def test_signing_in_goes_to_the_home_page(client, user):
    response = sign_in(client)
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert "Signed in as <strong>Jo Smith</strong>" in client.get(response.url).content.decode()


@pytest.mark.django_db
def test_a_wrong_password_shows_the_error_summary(client, user):
    response = sign_in(client, password="not the password")
    page = response.content.decode()
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert '<h2 class="govuk-error-summary__title">There is a problem</h2>' in page
    assert (
        '<a href="#id_username">Enter a correct username and password. '
        "Both are case-sensitive.</a>" in page
    )
    assert "<title>Error: Sign in" in page
    assert 'value="jsmith"' in page  # the username is kept; the password is not
    assert PASSWORD not in page


@pytest.mark.django_db
def test_an_unknown_user_gets_the_same_message_as_a_wrong_password(client, user):
    wrong_password = sign_in(client, password="nope").content.decode()
    unknown_user = sign_in(client, username="nobody").content.decode()
    message = "Enter a correct username and password."
    assert message in wrong_password
    assert message in unknown_user


@pytest.mark.django_db
def test_empty_fields_are_named_in_the_summary_and_beside_each_field(client, user):
    page = sign_in(client, username="", password="").content.decode()
    assert '<a href="#id_username">Enter your username</a>' in page
    assert '<a href="#id_password">Enter your password</a>' in page
    assert 'id="id_username-error"' in page
    assert 'aria-describedby="id_username-error"' in page
    assert "govuk-form-group--error" in page
    assert "govuk-input--error" in page


@pytest.mark.django_db
def test_an_inactive_user_cannot_sign_in(client, user):
    user.is_active = False
    user.save()
    response = sign_in(client)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_an_inspector_cannot_sign_in_after_their_access_ends(client, user):
    user.role = Role.INSPECTOR
    user.access_expires = timezone.now() - dt.timedelta(hours=1)
    user.save()
    page = sign_in(client).content.decode()
    assert "This account&#x27;s access has ended" in page
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_signing_in_returns_to_the_page_asked_for(client, user):
    target = reverse("people:person-search")
    response = sign_in(client, next=target)
    assert response.url == target


@pytest.mark.django_db
def test_signing_in_ignores_a_next_page_on_another_site(client, user):
    response = sign_in(client, next="https://evil.example/")
    assert response.url == reverse("home")


@pytest.mark.django_db
def test_a_signed_in_user_visiting_sign_in_goes_home(client, user):
    client.force_login(user)
    assert client.get(LOGIN).url == reverse("home")


@pytest.mark.django_db
def test_sign_out_is_post_only(client, user):
    client.force_login(user)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert "_auth_user_id" in client.session
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response.url == LOGIN
    assert "_auth_user_id" not in client.session


def _every_page(resolver=None, prefix="", namespace="", converters=None):
    """(name, path) for every URL pattern in the site, arguments filled with sample values (the
    include's own, such as a child's ``person_id``, with the pattern's)."""
    resolver = resolver or get_resolver()
    converters = converters or {}
    for pattern in resolver.url_patterns:
        here = {**converters, **pattern.pattern.converters}
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or namespace
            full_ns = f"{namespace}:{ns}" if namespace and pattern.namespace else ns
            yield from _every_page(pattern, prefix + str(pattern.pattern), full_ns, here)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            kwargs = {k: 1 if c.regex == "[0-9]+" else "x" for k, c in here.items()}
            yield name, reverse(name, kwargs=kwargs)


PAGES = sorted(_every_page())
# The API's schema and docs need no sign-in, as the sign-in page does.
PUBLIC |= {"api:schema", "api:docs"}


def test_the_site_has_pages_to_check():
    names = {name for name, _ in PAGES}
    assert {"home", "people:person-search", "people:person-detail"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "path"), [p for p in PAGES if p[0] not in PUBLIC])
def test_an_anonymous_visitor_is_sent_to_sign_in_from_every_page(client, name, path):
    for response in (client.get(path), client.post(path)):
        if path.startswith("/api/"):  # an API client gets 401, not a sign-in page
            assert response.status_code == 401, name
            continue
        assert response.status_code == 302, name
        assert response.url == f"{LOGIN}?next={path}", name
