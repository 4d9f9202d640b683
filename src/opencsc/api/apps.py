from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "opencsc.api"
    label = "api"
    verbose_name = "REST API"

    def ready(self):
        # drf-spectacular finds the bearer scheme through this extension's import.
        from . import authentication  # noqa: F401
