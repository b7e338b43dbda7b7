"""Every package installed is pinned with its hashes, and the locks agree with the requirements people edit."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCKS = ("requirements.lock", "requirements-dev.lock")


def check_lock(folder):
    return subprocess.run(
        [sys.executable, str(ROOT / ".ci" / "check_lock.py"), str(folder)], capture_output=True, text=True
    )


def test_the_locks_pin_every_package_with_hashes_and_match_the_requirements():
    result = check_lock(ROOT)
    assert result.returncode == 0, result.stderr
    for lock in LOCKS:
        entries = re.findall(
            r"^(\S+)==(\S+)(?: ;[^\\\n]*)? \\\n((?:    --hash=sha256:[0-9a-f]{64}(?: \\)?\n)+)",
            (ROOT / lock).read_text(),
            flags=re.M,
        )
        names = [line for line in (ROOT / lock).read_text().splitlines() if line and line[0] not in " #"]
        assert len(entries) == len(names) > 20, lock


def test_the_dev_lock_holds_the_runtime_lock_unchanged():
    runtime = dict(re.findall(r"^(\S+)==(\S+)", (ROOT / "requirements.lock").read_text(), flags=re.M))
    dev = dict(re.findall(r"^(\S+)==(\S+)", (ROOT / "requirements-dev.lock").read_text(), flags=re.M))
    assert runtime.items() <= dev.items()
    assert {"django", "pytest", "asgiref", "botocore"} <= set(dev)


def test_a_requirement_added_without_running_make_lock_is_named(tmp_path):
    for name in ("requirements.txt", "requirements-dev.txt", *LOCKS):
        shutil.copy(ROOT / name, tmp_path / name)
    with open(tmp_path / "requirements.txt", "a") as requirements:
        requirements.write("# Background tasks.\ndjango-tasks==0.8.1\n")
    (tmp_path / "requirements-dev.txt").write_text(
        (tmp_path / "requirements-dev.txt").read_text().replace("pytest==9.2.0", "pytest==9.3.0")
    )
    result = check_lock(tmp_path)
    assert result.returncode == 1
    assert "requirements.txt asks for django-tasks, requirements.lock does not have it" in result.stderr
    assert "requirements-dev.txt pins pytest==9.3.0, requirements-dev.lock has 9.2.0" in result.stderr
    assert "run `make lock`" in result.stderr


def test_make_installs_from_the_locks_requiring_hashes():
    if not shutil.which("make"):
        return
    plan = subprocess.run(
        ["make", "-n", "-W", "requirements.lock", "-W", "requirements-dev.lock", ".venv/.installed-dev"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout
    assert "pip install --quiet --require-hashes -r requirements.lock" in plan
    assert "pip install --quiet --require-hashes -r requirements-dev.lock" in plan
    assert "check_lock.py" in plan
