from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "opencsc.casework"
    label = "casework"

    def ready(self):
        from . import (
            chronology,  # noqa: F401  (registers its chronology entries)
            record_menu,  # noqa: F401  (registers its recording pages for a child's record)
            status,  # noqa: F401  (registers its case statuses)
        )
