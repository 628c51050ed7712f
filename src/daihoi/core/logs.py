"""Logging: a refused request is one line in the server log, not a traceback."""

from __future__ import annotations

import logging


class ClientErrorsOneLine(logging.Filter):
    """Drops the traceback from django.request / django.security records of 4xx answers.

    Django logs every PermissionDenied (403) and SuspiciousOperation (400) with the
    exception attached: forty lines per refused click would bury the errors that matter
    (5xx, which keep theirs)."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if record.name.startswith("django.security."):
            status = status or 400
        if status is not None and 400 <= int(status) < 500:
            record.exc_info = None
            record.exc_text = None
            record.stack_info = None
        return True
