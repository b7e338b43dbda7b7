"""`@retried(...)`: how a task names its retries. No imports, so any module may use it."""


def retried(*delays: float):
    """Retry a failed task after each of `delays` seconds in turn (so len(delays) + 1 attempts in all).

    Put it under `@task()`. The worker's bookkeeping is in articles/task_queue.py;
    under the immediate backend (tests) a failure is simply a failure.
    """

    def mark(func):
        func.retry_delays = tuple(delays)
        return func

    return mark
