"""Run the site and a task worker together, and stop both together: `python -m newsroom.serve`.

What `make demo` runs (one machine, one command). Gunicorn serves the site;
`manage.py task_worker` runs the background tasks (renditions ...). Ctrl-C or
SIGTERM stops both: each gets one SIGTERM (gunicorn finishes its requests,
the worker its current task) and is killed if it has not stopped within
STOP_SECONDS; a task cut short so is taken back when the worker starts again
(same --worker-id). If either stops on its own, the other is stopped too and
the exit status is non-zero.

In production run them as separate services instead (docs/deploy.md).
"""

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STOP_SECONDS = 30


def commands(*, bind: str, python: str, worker_id: str) -> dict[str, list[str]]:
    gunicorn = str(Path(python).with_name("gunicorn"))
    return {
        "gunicorn": [gunicorn, "newsroom.wsgi:application", "-c", "gunicorn.conf.py", "--bind", bind],
        "worker": [python, "manage.py", "task_worker", "--worker-id", worker_id, "--no-reload"],
    }


def stop(children: dict[str, subprocess.Popen]) -> None:
    for child in children.values():
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + STOP_SECONDS
    for name, child in children.items():
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            print(f"{name} did not stop within {STOP_SECONDS} s; killing it.", file=sys.stderr, flush=True)
            child.kill()
            child.wait()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Run gunicorn and a task worker; stop both on Ctrl-C or SIGTERM.")
    parser.add_argument("--bind", default=f"127.0.0.1:{os.environ.get('PORT', '8000')}")
    parser.add_argument("--worker-id", default=f"{socket.gethostname()}-demo"[:64])
    options = parser.parse_args(argv)

    stopping = False

    def on_signal(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    children = {}
    # Own sessions: Ctrl-C reaches only this process, which then stops each
    # child once (a worker's second signal would cut its current task short).
    for name, command in commands(bind=options.bind, python=sys.executable, worker_id=options.worker_id).items():
        children[name] = subprocess.Popen(command, cwd=ROOT, start_new_session=True)
    print(" ".join(f"{name} pid {child.pid};" for name, child in children.items()), flush=True)
    status = 0
    while not stopping:
        exited = [name for name, child in children.items() if child.poll() is not None]
        if exited:
            print(f"{exited[0]} stopped (exit {children[exited[0]].returncode}); stopping the rest.",
                  file=sys.stderr, flush=True)
            status = 1
            break
        time.sleep(0.2)
    stop(children)
    return status


if __name__ == "__main__":
    sys.exit(main())
