from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "opencsc.core"
    label = "core"
