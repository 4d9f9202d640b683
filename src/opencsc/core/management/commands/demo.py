import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from opencsc.people.models import Person
from opencsc.synth.demo_users import DEMO_PASSWORD, DEMO_USERS


class Command(BaseCommand):
    help = "Set up the demo (migrate; a small synthetic council if the database is empty) and serve it."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--no-serve", action="store_true", help="Set up only.")

    def handle(self, *args, host, port, seed, no_serve, **options):
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        db = settings.DATABASES["default"]
        self.stdout.write(f"Database: {db['ENGINE'].rsplit('.', 1)[-1]} {db.get('NAME')}")
        call_command("migrate", interactive=False, verbosity=0)
        if not Person.objects.exists():
            self.stdout.write("Generating a small synthetic council (fictional children only)...")
            call_command("synth", size="small", seed=seed, no_progress=False)
        self.stdout.write(
            f"\nDemo sign-ins (synthetic data only), all with the password '{DEMO_PASSWORD}':"
        )
        for username, role, *_ in DEMO_USERS:
            self.stdout.write(f"  {username:<18} {role.label}")
        self.stdout.write("")
        if not no_serve:
            # The background worker (returns) runs beside the web server and stops with it.
            worker = subprocess.Popen([sys.executable, "-m", "opencsc.cli", "worker"])
            try:
                call_command("serve", host=host, port=port)
            finally:
                worker.terminate()
                worker.wait(timeout=10)
