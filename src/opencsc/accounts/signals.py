"""What signing in records in the session: when it happened, and any second factor owed."""

import time

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from . import twofactor

SIGNED_IN_AT = "opencsc_signed_in_at"


@receiver(user_logged_in, dispatch_uid="opencsc.accounts.on_sign_in")
def on_sign_in(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    request.session[SIGNED_IN_AT] = time.time()
    owed = twofactor.owed_at_sign_in(user)
    if owed:
        request.session[twofactor.SESSION_KEY] = owed
    else:
        request.session.pop(twofactor.SESSION_KEY, None)
