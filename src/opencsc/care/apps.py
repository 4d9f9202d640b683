from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "opencsc.care"
    label = "care"

    def ready(self):
        from . import (
            chronology,  # noqa: F401  (registers its chronology entries)
            status,  # noqa: F401  (registers its case statuses)
        )
