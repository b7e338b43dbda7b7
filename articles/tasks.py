"""Background tasks (django.tasks): the work too heavy or too slow for a request.

Rules every task here keeps (docs/deploy.md, "Task workers"):

- It takes ids and plain values, never objects, and reads the rows afresh:
  it may run minutes after it was queued, and more than once.
- It is idempotent: running it twice, or again after a worker was killed
  half-way, leaves the same result as running it once.
- It never holds a row lock or an open transaction while it waits on the
  network or on a long computation; the worker runs it outside any
  transaction, and a task's own writes are short `atomic` blocks.
- It names its retries with `@retried(...)`: a failed attempt is queued again
  after each delay in turn, and only the last failure stays failed, shown in
  the admin under "Task results" with its error and a Retry button
  (articles/task_queue.py).
"""

from django.tasks import task

from articles.models import PhotoAsset, WireImport
from articles.services.photos import photo_create_renditions
from articles.services.wire import wire_import_run
from articles.task_retries import retried


@task()
@retried(10, 60, 300)
def make_renditions(photo_id: int) -> int:
    """Make every rendition of photo `photo_id` at its current focal point; return how many it has.

    Idempotent: a rendition already made is kept (rendition_get_or_create),
    so a second run, or a run after a killed one, only adds what is missing.
    A photo deleted or restricted since it was queued needs none.
    """
    photo = PhotoAsset.objects.filter(pk=photo_id).first()
    if photo is None or photo.is_restricted or not photo.image:
        return 0
    return len(photo_create_renditions(photo=photo))


@task()
@retried(10, 60, 300)
def import_wire_copy(wire_import_id: int) -> int:
    """Import an "Import wire copy" upload (WireImport) item by item; return how many lines its report has.

    Idempotent: it resumes after the last item reported (wire_import_run).
    """
    wire_import = WireImport.objects.filter(pk=wire_import_id).first()
    if wire_import is None:
        return 0
    return wire_import_run(wire_import=wire_import).lines.count()
