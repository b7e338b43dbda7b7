"""The task queue's bookkeeping: retries with backoff, tasks whose worker died, the admin's Retry.

The queue itself is django-tasks-db's DatabaseBackend: one row per task
(DBTaskResult) in the site's database, claimed by a worker in a short
transaction (SELECT ... FOR UPDATE SKIP LOCKED on PostgreSQL, an exclusive
transaction on SQLite) and run outside it. What it leaves to the site:

- Retries. A task marked `@retried(10, 60, 300)` (articles/tasks.py) that
  fails is put back in the queue, the same row, to run after the next delay;
  its error stays on the row meanwhile. The attempts are the workers that
  claimed it (`worker_ids`). After the last attempt it stays FAILED.
- Tasks whose worker died (killed, out of memory, machine gone) stay RUNNING
  forever in the library. A worker restarted with the same `--worker-id`
  takes its own back at start; any worker takes back a task running for
  longer than NEWSROOM_TASK_ABANDONED_SECONDS. Both count as an attempt.
- Retry from the admin: a failed (or abandoned) task runs again, same task,
  same arguments, with its attempts counted afresh.
"""

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.dispatch import receiver
from django.tasks import TaskResultStatus
from django.tasks.signals import task_finished, task_started
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

logger = logging.getLogger(__name__)

# How often a worker looks for tasks whose worker died, at most (seconds).
ABANDONED_SWEEP_SECONDS = 60
_last_sweep = 0.0


def retry_delays(db_result: DBTaskResult) -> tuple[float, ...]:
    try:
        return getattr(db_result.task.func, "retry_delays", ())
    except ImportError:  # the task's code is gone: nothing to retry with
        return ()


def task_attempts(db_result: DBTaskResult) -> int:
    """How many times a worker has started this task since it was queued (or retried by hand)."""
    return len(db_result.worker_ids or [])


@receiver(task_finished, dispatch_uid="task-queue-retry-with-backoff")
def retry_with_backoff(sender, task_result, **kwargs):
    """Queue a failed database task again after its next delay, if it has one left."""
    db_result = getattr(task_result, "db_result", None)
    if db_result is None or task_result.status != TaskResultStatus.FAILED:
        return
    delays = retry_delays(db_result)
    attempts = task_attempts(db_result)
    if attempts > len(delays):
        logger.error("Task %s (%s) failed for good after %d attempts", db_result.pk, db_result.task_path, attempts)
        return
    run_after = timezone.now() + timedelta(seconds=delays[attempts - 1])
    # The error stays on the row (exception_class_path, traceback) so the
    # admin shows why it is waiting; a success clears it.
    DBTaskResult.objects.filter(pk=db_result.pk, status=TaskResultStatus.FAILED).update(
        status=TaskResultStatus.READY, run_after=run_after, finished_at=None
    )
    logger.warning(
        "Task %s (%s) failed on attempt %d; trying again at %s",
        db_result.pk, db_result.task_path, attempts, run_after.isoformat(timespec="seconds"),
    )


def tasks_requeue_abandoned(*, worker_id: str | None = None, at=None) -> int:
    """Queue again the tasks left RUNNING by a worker that is gone; return how many.

    With `worker_id`: that worker's own (it is starting, so none of them can
    still be running). Always: any task started more than
    NEWSROOM_TASK_ABANDONED_SECONDS ago. A task out of attempts is marked
    FAILED instead, for the admin to retry.
    """
    at = at or timezone.now()
    stale_before = at - timedelta(seconds=settings.NEWSROOM_TASK_ABANDONED_SECONDS)
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
    candidates = running.filter(Q(started_at__lt=stale_before) | Q(started_at__isnull=True))
    found = list(candidates)
    if worker_id:
        # worker_ids is a JSON list: its last entry is read here rather than queried.
        found += [r for r in running.exclude(pk__in=[r.pk for r in found]) if (r.worker_ids or [None])[-1] == worker_id]
    requeued = 0
    for db_result in found:
        lost = (db_result.worker_ids or ["?"])[-1]
        note = (
            f"The worker running this task ({lost}) stopped before it finished "
            f"(started {db_result.started_at:%Y-%m-%d %H:%M:%S} UTC)."
            if db_result.started_at
            else f"The worker running this task ({lost}) stopped before it finished."
        )
        out_of_attempts = task_attempts(db_result) > len(retry_delays(db_result))
        fields = {"exception_class_path": "articles.task_queue.WorkerLost", "traceback": note}
        if out_of_attempts:
            fields.update(status=TaskResultStatus.FAILED, finished_at=at)
        else:
            fields.update(status=TaskResultStatus.READY, run_after=get_date_max(), finished_at=None)
        # Only if it is still the same run: its worker may have finished it a moment ago.
        changed = DBTaskResult.objects.filter(
            pk=db_result.pk, status=TaskResultStatus.RUNNING, started_at=db_result.started_at
        ).update(**fields)
        if changed:
            requeued += 1
            logger.warning("Task %s (%s): %s %s", db_result.pk, db_result.task_path, note,
                           "Failed for good." if out_of_attempts else "Queued again.")
    return requeued


class WorkerLost(Exception):
    """The worker running a task stopped before the task finished (recorded on the task's row)."""


@receiver(task_started, dispatch_uid="task-queue-sweep-abandoned")
def sweep_abandoned(sender, task_result, **kwargs):
    """While workers are busy, one of them takes back abandoned tasks about once a minute."""
    global _last_sweep
    if getattr(task_result, "db_result", None) is None:
        return
    now = time.monotonic()
    if now - _last_sweep < ABANDONED_SWEEP_SECONDS:
        return
    _last_sweep = now
    try:
        tasks_requeue_abandoned()
    except Exception:  # never let bookkeeping fail the task about to run
        logger.exception("Could not look for abandoned tasks")


def task_retry(*, db_result: DBTaskResult) -> bool:
    """Run a failed or abandoned task again, same task and arguments, attempts counted afresh.

    Return False (and change nothing) for a task that is queued, running
    normally or done.
    """
    stale_before = timezone.now() - timedelta(seconds=settings.NEWSROOM_TASK_ABANDONED_SECONDS)
    retryable = Q(status=TaskResultStatus.FAILED) | Q(status=TaskResultStatus.RUNNING, started_at__lt=stale_before)
    changed = DBTaskResult.objects.filter(retryable, pk=db_result.pk).update(
        status=TaskResultStatus.READY, run_after=get_date_max(), started_at=None, finished_at=None, worker_ids=[],
    )
    return bool(changed)
