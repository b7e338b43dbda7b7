"""Tasks for tests/test_task_worker.py: importable by a worker process, as real tasks are."""

import time
from pathlib import Path

from django.tasks import task

from articles.tasks import retried


def _count(path: str) -> int:
    """Add one to the counter in file `path`; return the new count."""
    counter = Path(path)
    count = int(counter.read_text() or 0) + 1 if counter.exists() else 1
    counter.write_text(str(count))
    return count


@task()
@retried(0.5, 0.5)
def flaky(counter: str, failures: int) -> int:
    """Fail the first `failures` times it runs (counted in the file `counter`), then succeed."""
    count = _count(counter)
    if count <= failures:
        raise RuntimeError(f"the picture server did not answer (attempt {count})")
    return count


@task()
@retried(0.5)
def slow_the_first_time(counter: str) -> int:
    """Hang for a minute on its first run (for the worker to be killed in); return at once after."""
    count = _count(counter)
    if count == 1:
        time.sleep(60)
    return count
