"""The one error an action raises when it refuses a change.

Every refusal names the field at fault and says how to put it right, so a form can show it
beside the field, the CLI can print it, and an import can report file, row and column.
"""

from django.core.exceptions import ValidationError


class ActionError(ValidationError):
    """A change was refused. ``field`` is the name a form or file uses; ``fix`` says what to do."""

    def __init__(self, field: str, message: str, fix: str = "") -> None:
        self.field = field
        self.fix = fix
        text = f"{message} {fix}".strip() if fix else message
        super().__init__({field: [text]})
        self.text = text

    def __str__(self) -> str:
        return f"{self.field}: {self.text}"
