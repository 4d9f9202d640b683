from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running the service: the demo, the web server, the task worker, backup and restore.

    The top layer: it may use every other app; none may use it.
    """

    name = "opencsc.operations"
    label = "operations"
