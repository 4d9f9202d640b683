"""``opencsc api-token USERNAME``: issue, list or revoke a user's API bearer tokens.

    opencsc api-token sam --name "case sync" [--days 90 | --no-expiry]   issue (printed once)
    opencsc api-token sam --list                                        the user's tokens
    opencsc api-token sam --revoke PREFIX                               revoke one
    opencsc api-token sam --revoke-all                                  revoke every live token

Run by the service's operators on the server; the audit trail records each issue and revocation
(as the system), never the token itself.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from opencsc.accounts.models import User
from opencsc.api import actions
from opencsc.api.models import ApiToken
from opencsc.core.errors import ActionError


class Command(BaseCommand):
    help = "Issue, list or revoke API bearer tokens for a user."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="api", help="What the token is for (default: api).")
        parser.add_argument("--days", type=int, default=90, help="Days it lasts (default 90).")
        parser.add_argument("--no-expiry", action="store_true", help="Lasts until revoked.")
        parser.add_argument("--list", action="store_true", help="List the user's tokens.")
        parser.add_argument("--revoke", metavar="PREFIX", help="Revoke the token with PREFIX.")
        parser.add_argument("--revoke-all", action="store_true", help="Revoke every live token.")

    def handle(self, *args, username, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user '{username}'. Check the username on the users page.")
        try:
            if options["list"]:
                self._list(user)
            elif options["revoke"]:
                self._revoke(user, options["revoke"])
            elif options["revoke_all"]:
                with transaction.atomic():
                    tokens = list(ApiToken.objects.filter(user=user, revoked_at__isnull=True))
                    for token in tokens:
                        actions.revoke_token(by=None, token=token)
                self.stdout.write(f"Revoked {len(tokens)} token(s) of {username}.")
            else:
                days = None if options["no_expiry"] else options["days"]
                token = actions.issue_token(by=None, user=user, name=options["name"], days=days)
                until = f"{token.expires_at:%Y-%m-%d %H:%M}" if token.expires_at else "revoked"
                self.stdout.write(
                    f"Token '{token.name}' for {username}, usable until {until}. "
                    "Shown this once; keep it secret:"
                )
                self.stdout.write(token.key)
        except ActionError as error:
            raise CommandError(str(error)) from None

    def _list(self, user):
        tokens = ApiToken.objects.filter(user=user)
        if not tokens:
            self.stdout.write(f"{user.username} has no API tokens.")
        for t in tokens:
            state = (
                f"revoked {t.revoked_at:%Y-%m-%d}"
                if t.revoked_at
                else ("live" if t.is_usable else "expired")
            )
            until = f"{t.expires_at:%Y-%m-%d}" if t.expires_at else "no expiry"
            self.stdout.write(f"{t.prefix}  {t.name:30}  {state:20}  until {until}")

    def _revoke(self, user, prefix):
        matches = list(
            ApiToken.objects.filter(user=user, prefix__startswith=prefix, revoked_at__isnull=True)
        )
        if len(matches) != 1:
            found = "no live token" if not matches else f"{len(matches)} live tokens"
            raise CommandError(
                f"{found} of {user.username} starts with '{prefix}'. "
                "See --list, and give more of the prefix."
            )
        actions.revoke_token(by=None, token=matches[0])
        self.stdout.write(f"Revoked {matches[0].prefix}… ({matches[0].name}) of {user.username}.")
