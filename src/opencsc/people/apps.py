from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "opencsc.people"
    label = "people"

    def ready(self):
        from . import record_links  # noqa: F401  (registers the child's own recording pages)
