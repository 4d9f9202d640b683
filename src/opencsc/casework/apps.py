from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "opencsc.casework"
    label = "casework"

    def ready(self):
        from . import (
            chronology,  # noqa: F401  (registers its chronology entries)
            status,  # noqa: F401  (registers its case statuses)
        )
