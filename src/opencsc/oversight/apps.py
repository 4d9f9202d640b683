from django.apps import AppConfig


class OversightConfig(AppConfig):
    """What leaders and analysts see across children: pseudonymised lists (and, next, the
    timescale alerts, indicators and dashboards), never a child's case record."""

    name = "opencsc.oversight"
    label = "oversight"
