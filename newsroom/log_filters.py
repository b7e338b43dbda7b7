"""Logging filters for the site's log configuration (settings.LOGGING)."""

import logging

from django.core.exceptions import PermissionDenied


class ForbiddenOnOneLine(logging.Filter):
    """A deliberate refusal (PermissionDenied, answered 403) is logged as one line, not a traceback.

    The refusal is the site working as meant; its reason, where the code gave
    one, ends the line. Every other record passes unchanged.
    """

    def filter(self, record):
        exception = record.exc_info[1] if record.exc_info else None
        if isinstance(exception, PermissionDenied):
            reason = " ".join(str(exception).split())
            record.msg = record.getMessage() + (f" ({reason})" if reason else "")
            record.args = ()
            record.exc_info = None
            record.exc_text = None
        return True
