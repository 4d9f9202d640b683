import signal
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
            # Python ends on SIGTERM or SIGHUP without running `finally`, which would leave the
            # worker running: they stop the server as Ctrl-C (SIGINT) does.
            for stop in STOP_SIGNALS:
                signal.signal(stop, _stop_serving)
            worker = subprocess.Popen([sys.executable, "-m", "opencsc.cli", "worker"])
            try:
                call_command("serve", host=host, port=port)
            finally:
                _stop(worker)


STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)
WORKER_GRACE_SECONDS = 10


def _stop_serving(signum, frame):
    # waitress takes SystemExit, like KeyboardInterrupt, as the sign to close and return.
    raise SystemExit(0)


def _stop(worker: subprocess.Popen) -> None:
    """Stop the worker: let it finish the task in hand for a few seconds, then kill it."""
    # A second signal must not cut this short and leave the worker behind.
    for sig in (*STOP_SIGNALS, signal.SIGINT):
        signal.signal(sig, signal.SIG_IGN)
    worker.terminate()
    try:
        worker.wait(timeout=WORKER_GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()
