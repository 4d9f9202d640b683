"""Filters for the ``LOGGING`` setting (settings.py)."""

import logging

from django.core.exceptions import PermissionDenied


class RefusalsWithoutTraceback(logging.Filter):
    """A page refused to a role that may not open it (PermissionDenied, 403) is expected, not a
    fault: it stays a one-line warning, and its traceback is dropped so the log shows faults."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if getattr(record, "status_code", None) == 403 and isinstance(exc, PermissionDenied):
            record.exc_info = None
            record.exc_text = None
        return True
