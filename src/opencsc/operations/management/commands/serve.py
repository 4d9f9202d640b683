from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve opencsc with waitress, a production-grade pure-Python WSGI server."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args, host, port, threads, **options):
        from waitress import serve

        from opencsc.wsgi import application

        self.stdout.write(
            f"opencsc for {settings.OPENCSC_LA_NAME} on http://{host}:{port}/ (Ctrl-C stops)"
        )
        self.stdout.flush()
        serve(application, host=host, port=port, threads=threads, ident="opencsc")
