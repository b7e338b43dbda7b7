"""The task queue's bookkeeping without a worker process: abandoned tasks, retries by hand, who may retry."""

from datetime import timedelta

import pytest
from django.tasks import TaskResultStatus
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles.task_queue import task_retry, tasks_requeue_abandoned
from tests.factories import make_photo_desk, make_superuser
from tests.worker_tasks import flaky

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def running(*, minutes_ago, workers):
    result = flaky.enqueue("/nonexistent", failures=0)
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now() - timedelta(minutes=minutes_ago), worker_ids=workers
    )
    return DBTaskResult.objects.get(pk=result.id)


def test_a_task_running_past_the_limit_is_queued_again_with_the_reason(settings):
    settings.NEWSROOM_TASK_ABANDONED_SECONDS = 600
    lost = running(minutes_ago=11, workers=["web2-1"])
    busy = running(minutes_ago=5, workers=["web1-1"])

    assert tasks_requeue_abandoned() == 1

    lost.refresh_from_db()
    assert lost.status == TaskResultStatus.READY
    assert "The worker running this task (web2-1) stopped before it finished" in lost.traceback
    busy.refresh_from_db()
    assert busy.status == TaskResultStatus.RUNNING


def test_a_worker_starting_again_takes_back_only_its_own_task_at_once():
    mine = running(minutes_ago=1, workers=["web1-1"])
    other = running(minutes_ago=1, workers=["web1-2"])

    assert tasks_requeue_abandoned(worker_id="web1-1") == 1

    assert DBTaskResult.objects.get(pk=mine.pk).status == TaskResultStatus.READY
    assert DBTaskResult.objects.get(pk=other.pk).status == TaskResultStatus.RUNNING


def test_an_abandoned_task_out_of_attempts_is_failed_for_the_admin_not_looped():
    lost = running(minutes_ago=1, workers=["a", "b", "web1-1"])  # flaky has 3 attempts

    tasks_requeue_abandoned(worker_id="web1-1")

    lost.refresh_from_db()
    assert lost.status == TaskResultStatus.FAILED
    assert lost.finished_at is not None
    assert "stopped before it finished" in lost.traceback


def test_retry_runs_only_a_failed_or_abandoned_task_and_counts_attempts_afresh(settings):
    settings.NEWSROOM_TASK_ABANDONED_SECONDS = 600
    failed = running(minutes_ago=1, workers=["a", "b", "c"])
    DBTaskResult.objects.filter(pk=failed.pk).update(status=TaskResultStatus.FAILED)
    busy = running(minutes_ago=1, workers=["a"])

    assert task_retry(db_result=failed) is True
    assert task_retry(db_result=busy) is False

    failed.refresh_from_db()
    assert (failed.status, failed.worker_ids, failed.started_at) == (TaskResultStatus.READY, [], None)
    assert DBTaskResult.objects.get(pk=busy.pk).status == TaskResultStatus.RUNNING


def test_only_administrators_may_retry_from_the_admin(client):
    failed = running(minutes_ago=1, workers=["a"])
    DBTaskResult.objects.filter(pk=failed.pk).update(status=TaskResultStatus.FAILED)
    url = reverse("admin:django_tasks_database_dbtaskresult_retry", args=[failed.pk])

    client.force_login(make_photo_desk())
    assert client.post(url).status_code == 403
    assert DBTaskResult.objects.get(pk=failed.pk).status == TaskResultStatus.FAILED

    client.force_login(make_superuser())
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert DBTaskResult.objects.get(pk=failed.pk).status == TaskResultStatus.READY
