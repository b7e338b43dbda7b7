"""Move the clock the site reads, instead of sleeping."""

from contextlib import contextmanager
from unittest import mock

from django.utils import timezone


@contextmanager
def clock_at(moment):
    """Every `timezone.now()` in the project returns `moment` inside this block."""
    with mock.patch.object(timezone, "now", return_value=moment):
        yield
