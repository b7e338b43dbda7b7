"""`manage.py task_worker`: run queued background tasks (django-tasks-db's worker, plus the site's bookkeeping).

Everything `db_worker` takes works here (--queue-name, --interval, --batch,
--max-tasks, --worker-id ...). Give each worker a stable, unique
--worker-id (e.g. `web1-1`): when a worker is killed and started again with
the same id, it first takes back the task it left unfinished. Any number
of workers may run, on any number of machines, against the same database.
SIGTERM or Ctrl-C lets the current task finish, then stops; a second one
stops at once (that task is taken back later, see articles/task_queue.py).
"""

from django_tasks_db.management.commands import db_worker

from articles.task_queue import tasks_requeue_abandoned


class Command(db_worker.Command):
    help = "Run queued background tasks (renditions, ...) until stopped."

    def handle(self, *args, worker_id, **options):
        requeued = tasks_requeue_abandoned(worker_id=worker_id)
        if requeued and options.get("verbosity", 1):
            self.stdout.write(f"Queued again {requeued} task(s) left unfinished by a stopped worker.")
        return super().handle(*args, worker_id=worker_id, **options)
