"""Signing in and out, with Django's own views (session handling, ``next`` checks, CSRF)."""

from django.contrib.auth import views as auth_views

from opencsc.core.access import Rule, view_rule

from .forms import LoginForm

# Django marks LoginView as needing no sign-in, so LoginRequiredMiddleware lets it through.
login = view_rule(Rule.PUBLIC)(
    auth_views.LoginView.as_view(
        template_name="accounts/login.html",
        authentication_form=LoginForm,
        redirect_authenticated_user=True,
    )
)
# Sign-out only by POST (a form button in the header): a GET link could be triggered by any page.
logout = view_rule(Rule.SIGNED_IN)(auth_views.LogoutView.as_view())
