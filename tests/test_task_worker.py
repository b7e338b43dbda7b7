"""The real task worker: `manage.py task_worker` as its own process, on the test database.

These tests use the database backend (django-tasks-db) as production does,
on SQLite (a file: tests/settings.py) and on PostgreSQL alike; the rest of the
suite runs tasks inline (the immediate backend).
"""

import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.tasks import TaskResultStatus
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from PIL import Image

from articles.imaging import RENDITION_FORMATS, RENDITION_SPECS
from articles.models import Article, PhotoAsset, Rendition, WireImport
from articles.tasks import make_renditions
from tests.factories import make_editor, make_photo, make_photo_desk, make_section, make_superuser
from tests.worker_tasks import flaky, slow_the_first_time

ROOT = Path(__file__).resolve().parent.parent
RENDITIONS = len(RENDITION_SPECS) * len(RENDITION_FORMATS)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def worker_database_url() -> str:
    """The test database, as DATABASE_URL for another process."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    credentials = quote(db["USER"] or "", safe="") + (f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{quote(db['NAME'])}"


class Worker:
    """One `manage.py task_worker` process on the test database and media folder."""

    def __init__(self, worker_id, tmp_path):
        self.log = tmp_path / f"worker-{worker_id}-{time.monotonic_ns()}.log"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "DATABASE_URL": worker_database_url(),
            "NEWSROOM_TEST_MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "NEWSROOM_TEST_WORKER": "1",
        }
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "manage.py", "task_worker", "--worker-id", worker_id,
                 "--interval", "0.1", "--no-startup-delay", "--no-reload"],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            )

    def output(self):
        return self.log.read_text(errors="replace")

    def stop(self):
        """SIGTERM, as systemd and `make demo` stop a worker; return its exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise

    def kill(self):
        self.process.kill()
        self.process.wait()


@pytest.fixture
def start_worker(tmp_path):
    workers = []

    def start(worker_id="test-worker-1"):
        worker = Worker(worker_id, tmp_path)
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        if worker.process.poll() is None:
            worker.kill()


def wait_for(condition, *, timeout, worker=None, what="the worker"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        if worker is not None and worker.process.poll() is not None:
            pytest.fail(f"The worker exited ({worker.process.returncode}):\n{worker.output()}")
        time.sleep(0.1)
    pytest.fail(f"Timed out after {timeout} s waiting for {what}" + (f":\n{worker.output()}" if worker else ""))


def status_of(result_id):
    return DBTaskResult.objects.get(pk=result_id).status


def big_jpeg(width=10000, height=9900):
    """A 99-megapixel JPEG, quick to make: a gradient at low quality (about 1.5 MB)."""
    image = Image.linear_gradient("L").resize((width, height), Image.Resampling.NEAREST).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=30)
    return buffer.getvalue()


def test_a_saved_photo_queues_its_renditions_in_the_database_and_the_worker_makes_them(start_worker):
    photo = make_photo()
    queued = DBTaskResult.objects.get(task_path="articles.tasks.make_renditions")
    assert queued.args_kwargs == {"args": [photo.pk], "kwargs": {}}
    assert queued.status == TaskResultStatus.READY
    assert not Rendition.objects.filter(photo=photo).exists()
    again = make_renditions.enqueue(photo.pk)  # a second run only finds them made

    worker = start_worker()
    wait_for(lambda: status_of(queued.pk) == TaskResultStatus.SUCCESSFUL, timeout=60, worker=worker)
    wait_for(lambda: status_of(again.id) == TaskResultStatus.SUCCESSFUL, timeout=60, worker=worker)

    assert DBTaskResult.objects.get(pk=again.id).return_value == RENDITIONS
    assert Rendition.objects.filter(photo=photo, focal_key=photo.rendition_key).count() == RENDITIONS
    assert default_storage.exists(photo.rendition_name("card"))
    assert worker.stop() == 0


def test_a_99_megapixel_upload_answers_at_once_and_the_worker_makes_its_renditions(client, start_worker, capsys):
    client.force_login(make_photo_desk())
    data = big_jpeg()
    worker = start_worker()
    assert client.get(reverse("admin:articles_photoasset_upload")).status_code == 200  # a warm server

    started = time.monotonic()
    response = client.post(
        reverse("admin:articles_photoasset_upload"), {"image": SimpleUploadedFile("big.jpg", data)}
    )
    answered = time.monotonic() - started

    assert response.status_code == 200, response.content
    assert response.json()["ok"] is True
    assert response.json()["size"] == "10000×9900"
    assert answered < 5, f"the upload took {answered:.1f} s"
    photo = PhotoAsset.objects.get(pk=response.json()["id"])

    wait_for(
        lambda: photo.renditions.filter(focal_key=photo.rendition_key).count() == RENDITIONS,
        timeout=120, worker=worker, what="the renditions",
    )
    done = time.monotonic() - started
    task = DBTaskResult.objects.get(task_path="articles.tasks.make_renditions")
    wait_for(lambda: status_of(task.pk) == TaskResultStatus.SUCCESSFUL, timeout=10, worker=worker)
    with capsys.disabled():
        print(f"\n99-megapixel upload answered in {answered:.2f} s; its {RENDITIONS} renditions done {done:.1f} s "
              f"after the upload started ({connection.vendor})")

    page = client.get(photo.rendition_url("hero"))  # the desk's view (no story shows it to readers yet)
    assert page.status_code == 200
    assert page["Content-Type"] == "image/jpeg"
    assert b"".join(page.streaming_content)[:2] == b"\xff\xd8"
    assert worker.stop() == 0


def test_a_failing_task_is_retried_then_shown_failed_and_the_admin_retry_runs_it_again(
    client, start_worker, tmp_path
):
    counter = tmp_path / "attempts"
    result = flaky.enqueue(str(counter), failures=3)  # @retried(0.5, 0.5): three attempts, all failing
    worker = start_worker()
    wait_for(lambda: status_of(result.id) == TaskResultStatus.FAILED, timeout=60, worker=worker)
    time.sleep(1.5)  # longer than any retry delay: it must stay failed now
    failed = DBTaskResult.objects.get(pk=result.id)
    assert failed.status == TaskResultStatus.FAILED
    assert counter.read_text() == "3"
    assert len(failed.worker_ids) == 3
    assert "did not answer (attempt 3)" in failed.traceback

    client.force_login(make_superuser())
    listing = client.get(reverse("admin:django_tasks_database_dbtaskresult_changelist") + "?status__exact=FAILED")
    assert listing.status_code == 200
    text = listing.content.decode()
    assert "flaky" in text and "RuntimeError: the picture server did not answer (attempt 3)" in text

    page = client.get(reverse("admin:django_tasks_database_dbtaskresult_change", args=[result.id]))
    retry_url = reverse("admin:django_tasks_database_dbtaskresult_retry", args=[result.id])
    assert f'action="{retry_url}"' in page.content.decode()
    assert ">Retry</button>" in page.content.decode()

    response = client.post(retry_url)
    assert response.status_code == 302
    wait_for(lambda: status_of(result.id) == TaskResultStatus.SUCCESSFUL, timeout=30, worker=worker)
    done = DBTaskResult.objects.get(pk=result.id)
    assert done.return_value == 4
    assert done.traceback == ""
    assert worker.stop() == 0


def test_a_killed_worker_s_task_is_taken_back_when_the_worker_starts_again(start_worker, tmp_path):
    counter = tmp_path / "runs"
    result = slow_the_first_time.enqueue(str(counter))
    first = start_worker("test-worker-7")
    wait_for(lambda: counter.exists(), timeout=30, worker=first, what="the task to start")
    # The running task holds no lock: its row can be locked and written at once
    # (SQLite: the write transaction is free; PostgreSQL: NOWAIT does not fail).
    with transaction.atomic():
        row = DBTaskResult.objects.select_for_update(nowait=True).get(pk=result.id)
        assert row.status == TaskResultStatus.RUNNING
        DBTaskResult.objects.filter(pk=result.id).update(priority=row.priority)
    first.kill()  # SIGKILL: no chance to tidy up
    assert status_of(result.id) == TaskResultStatus.RUNNING

    second = start_worker("test-worker-7")
    wait_for(lambda: status_of(result.id) == TaskResultStatus.SUCCESSFUL, timeout=30, worker=second)
    assert counter.read_text() == "2"
    assert DBTaskResult.objects.get(pk=result.id).worker_ids == ["test-worker-7", "test-worker-7"]
    assert second.stop() == 0


# --- `make demo`: the site and a worker from one command, stopped together ---------------


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_make_demo_s_command_serves_the_site_with_a_worker_and_stops_both(tmp_path, stop_signal):
    port = free_port()
    log = tmp_path / "serve.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": worker_database_url(),
        "NEWSROOM_TEST_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "NEWSROOM_TEST_WORKER": "1",
        "WEB_CONCURRENCY": "1",
    }
    with log.open("wb") as out:
        serve = subprocess.Popen(
            [sys.executable, "-m", "newsroom.serve", "--bind", f"127.0.0.1:{port}", "--worker-id", "serve-test"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    try:
        def answers():
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                    return response.status == 200
            except OSError:
                return False

        wait_for(answers, timeout=60, what="the site to answer")
        pids = dict(re.findall(r"(\w+) pid (\d+);", log.read_text()))
        assert set(pids) == {"gunicorn", "worker"}

        photo = make_photo()  # its renditions are queued; the worker beside gunicorn makes them
        queued = DBTaskResult.objects.get(task_path="articles.tasks.make_renditions")
        wait_for(lambda: status_of(queued.pk) == TaskResultStatus.SUCCESSFUL, timeout=60, what="the worker")
        assert photo.renditions.count() == RENDITIONS

        serve.send_signal(stop_signal)
        assert serve.wait(timeout=40) == 0, log.read_text()
        assert not any(alive(int(pid)) for pid in pids.values()), log.read_text()
        assert not answers()
    finally:
        if serve.poll() is None:
            serve.kill()
            serve.wait()


# --- Import wire copy: answered at once, imported by the worker --------------------------


WIRE_ITEMS = 200


def test_a_wire_file_answers_at_once_and_the_worker_fills_in_its_report(client, start_worker, capsys):
    client.force_login(make_editor())
    section = make_section(name="World", slug="world")
    items = [
        {"uri": f"urn:wire:{n}", "version": "1", "type": "text", "headlines": [{"value": f"Story {n}"}],
         "bodies": [{"value": f"<p>MOSCOW, July 4 (UPI) -- Item {n}.</p>"}]}
        for n in range(1, WIRE_ITEMS + 1)
    ]
    worker = start_worker()
    assert client.get(reverse("admin:articles_wire_import")).status_code == 200

    started = time.monotonic()
    response = client.post(
        reverse("admin:articles_wire_import"),
        {"section": section.pk, "files": [SimpleUploadedFile("feed.json", json.dumps(items).encode())]},
    )
    answered = time.monotonic() - started
    assert response.status_code == 302
    assert answered < 3, f"the upload took {answered:.1f} s"

    wait_for(lambda: WireImport.objects.get().state == WireImport.State.DONE, timeout=600, worker=worker,
             what="the import")
    done = time.monotonic() - started
    with capsys.disabled():
        print(f"\n{WIRE_ITEMS}-item wire file answered in {answered:.2f} s; imported {done:.1f} s after the upload "
              f"started ({connection.vendor})")
    html = client.get(response["Location"]).content.decode()
    assert f"Report: {WIRE_ITEMS} items, 0 refused" in html
    assert Article.objects.count() == WIRE_ITEMS
    assert worker.stop() == 0
