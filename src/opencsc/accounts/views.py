"""Signing in and out, the second factor, "Your account", and user management for administrators.

Sign-in is Django's own LoginView (session handling, ``next`` checks, CSRF) behind django-axes'
lockout; the second factor is asked for afterwards (``twofactor``, ``middleware``).
"""

import django_otp
from axes.models import AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.forms.utils import ErrorDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from opencsc.accounts.rules import Rule, view_rule
from opencsc.audit.models import AuditEvent
from opencsc.core.errors import ActionError
from opencsc.core.govuk import add_action_error

from . import actions, twofactor
from .forms import CodeForm, LoginForm, RoleForm, UserCreateForm, UserSearchForm
from .lockout import locked_until, locked_usernames
from .middleware import SIGNED_OUT_REASON
from .models import User

PER_PAGE = 50
LOCKED_MESSAGE = (
    "This account is locked after too many failed sign-ins. Try again after {at:%H:%M} "
    "or ask a system administrator to unlock it."
)


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["signed_out_reason"] = self.request.session.pop(SIGNED_OUT_REASON, "")
        return context


# Django marks LoginView as needing no sign-in, so LoginRequiredMiddleware lets it through.
login = view_rule(Rule.PUBLIC)(SignInView.as_view())
# Sign-out only by POST (a form button in the header): a GET link could be triggered by any page.
logout = view_rule(Rule.SIGNED_IN)(auth_views.LogoutView.as_view())


def locked_out(request, original_response=None, credentials=None):
    """The sign-in page with the lockout error (django-axes' ``AXES_LOCKOUT_CALLABLE``).

    Shown alike for a username that exists and one that does not: both are counted and locked.
    """
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    until = locked_until(username) or timezone.now() + settings.AXES_COOLOFF_TIME
    form = LoginForm(request, data=request.POST)
    form.cleaned_data, form._errors = {}, ErrorDict()  # not re-validated: that is another try
    form.add_error(None, LOCKED_MESSAGE.format(at=timezone.localtime(until)))
    context = {"form": form, "next": request.POST.get("next", "")}
    return render(request, "accounts/login.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)


def _next_or_home(request, value: str) -> str:
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return reverse(settings.LOGIN_REDIRECT_URL)


@view_rule(Rule.SIGNED_IN)
def second_factor(request):
    """After the password: the code from the user's authenticator app."""
    next_url = request.POST.get("next") or request.GET.get("next", "")
    if request.session.get(twofactor.SESSION_KEY) != twofactor.VERIFY:
        return redirect(_next_or_home(request, next_url))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = twofactor.verify_sign_in(request.user, form.cleaned_data["token"])
        if isinstance(device, TOTPDevice):
            django_otp.login(request, device)
            del request.session[twofactor.SESSION_KEY]
            request.session.cycle_key()
            return redirect(_next_or_home(request, next_url))
        form.add_error("token", device)
    return render(request, "accounts/second_factor.html", {"form": form, "next": next_url})


# --- Your account -------------------------------------------------------------------------------


@view_rule(Rule.SIGNED_IN)
def account(request):
    user = request.user
    return render(
        request,
        "accounts/account.html",
        {
            "account": user,
            "device": twofactor.confirmed_device(user),
            "must_set_up": request.session.get(twofactor.SESSION_KEY) == twofactor.SET_UP,
            "role_requires_totp": twofactor.role_requires_totp(user),
        },
    )


@view_rule(Rule.SIGNED_IN)
def two_factor_set_up(request):
    """Start (POST ``start``), show the QR code and secret, and confirm with a code (POST)."""
    user = request.user
    if twofactor.confirmed_device(user) is not None:
        return redirect("accounts:account")
    if request.method == "POST" and "start" in request.POST:
        actions.start_totp_setup(by=user)
        return redirect("accounts:two-factor-set-up")
    device = twofactor.unconfirmed_device(user)
    if device is None:
        return redirect("accounts:account")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = actions.confirm_totp_setup(by=user, token=form.cleaned_data["token"])
        except ActionError as error:
            add_action_error(form, error)
        else:
            django_otp.login(request, device)
            request.session.pop(twofactor.SESSION_KEY, None)
            messages.success(request, "Two-factor authentication is set up.")
            return redirect("accounts:account")
    uri = device.config_url
    return render(
        request,
        "accounts/two_factor_set_up.html",
        {
            "form": form,
            "qr": twofactor.qr_svg(uri),
            "uri": uri,
            "secret": twofactor.secret_for_typing(device),
        },
    )


@view_rule(Rule.SIGNED_IN)
def two_factor_remove(request):
    if twofactor.confirmed_device(request.user) is None:
        return redirect("accounts:account")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.remove_totp(by=request.user, token=form.cleaned_data["token"])
        except ActionError as error:
            add_action_error(form, error)
        else:
            messages.success(request, "Two-factor authentication is removed.")
            return redirect("accounts:account")
    return render(request, "accounts/two_factor_remove.html", {"form": form})


@view_rule(Rule.SIGNED_IN)
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = actions.change_password(by=request.user, password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, user)  # stay signed in here; other sessions end
        messages.success(request, "Your password is changed.")
        return redirect("accounts:account")
    return render(request, "accounts/password_change.html", {"form": form})


# --- managing users (system administrators) -----------------------------------------------------


def _with_two_factor(users):
    confirmed = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    return users.annotate(has_two_factor=Exists(confirmed))


@view_rule(Rule.USER_ADMIN)
def user_list(request):
    form = UserSearchForm(request.GET or None)
    users = _with_two_factor(User.objects.order_by("last_name", "first_name", "username"))
    if form.is_valid():
        q = form.cleaned_data["q"].strip()
        if q:
            users = users.filter(
                Q(username__icontains=q) | Q(first_name__icontains=q) | Q(last_name__icontains=q)
            )
        if form.cleaned_data["role"]:
            users = users.filter(role=form.cleaned_data["role"])
        match form.cleaned_data["status"]:
            case "active":
                users = users.filter(is_active=True)
            case "inactive":
                users = users.filter(is_active=False)
            case "locked":
                users = users.filter(username__in=list(locked_usernames()))
    page = Paginator(users, PER_PAGE).get_page(request.GET.get("page"))
    locked = locked_usernames(u.username for u in page.object_list)
    for u in page.object_list:
        u.locked_until = locked.get(u.username)
    failures = AccessFailureLog.objects.order_by("-attempt_time")[:20]
    return render(
        request,
        "accounts/user_list.html",
        {"form": form, "page": page, "failures": failures, "query": request.GET.get("q", "")},
    )


@view_rule(Rule.USER_ADMIN)
def user_create(request):
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = actions.create_user(by=request.user, **form.cleaned_data)
        except ActionError as error:
            add_action_error(form, error)
        else:
            messages.success(request, f"Account created for {user}.")
            return redirect("accounts:user-detail", user_id=user.pk)
    return render(request, "accounts/user_create.html", {"form": form})


@view_rule(Rule.USER_ADMIN)
def user_detail(request, user_id: int):
    account = get_object_or_404(_with_two_factor(User.objects), pk=user_id)
    return render(
        request,
        "accounts/user_detail.html",
        {
            "account": account,
            "locked_until": locked_until(account.username),
            "sign_ins": AccessLog.objects.filter(username=account.username).order_by(
                "-attempt_time"
            )[:10],
            "failures": AccessFailureLog.objects.filter(username=account.username).order_by(
                "-attempt_time"
            )[:10],
            "changes": AuditEvent.objects.filter(
                model="accounts.User", object_id=str(account.pk)
            ).select_related("actor")[:20],
            "is_self": account.pk == request.user.pk,
        },
    )


@view_rule(Rule.USER_ADMIN)
def user_role_change(request, user_id: int):
    account = get_object_or_404(User, pk=user_id)
    initial = {"role": account.role}
    if account.access_expires:
        initial["access_expires"] = timezone.localdate(account.access_expires)
    form = RoleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.change_role(by=request.user, user=account, **form.cleaned_data)
        except ActionError as error:
            add_action_error(form, error)
        else:
            messages.success(request, f"{account}'s role is now {account.get_role_display()}.")
            return redirect("accounts:user-detail", user_id=account.pk)
    return render(request, "accounts/user_role_change.html", {"form": form, "account": account})


def _user_action(action, done: str):
    """A POST-only view running ``action`` on one user, then back to their page."""

    @view_rule(Rule.USER_ADMIN)
    @require_POST
    def view(request, user_id: int):
        account = get_object_or_404(User, pk=user_id)
        try:
            action(by=request.user, user=account)
        except ActionError as error:
            messages.error(request, error.text)
        else:
            messages.success(request, done.format(user=account))
        return redirect("accounts:user-detail", user_id=account.pk)

    view.__name__ = view.__qualname__ = f"user_{action.__name__}"
    return view


user_deactivate = _user_action(actions.deactivate_user, "{user}'s account is switched off.")
user_reactivate = _user_action(actions.reactivate_user, "{user}'s account is switched on.")
user_unlock = _user_action(actions.unlock_user, "{user}'s account is unlocked.")
user_reset_second_factor = _user_action(
    actions.reset_second_factor, "{user}'s two-factor authentication is reset."
)
