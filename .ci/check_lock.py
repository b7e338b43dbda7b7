#!/usr/bin/env python3
"""The lock files agree with the requirements people edit.

requirements.txt and requirements-dev.txt name what the project uses, pinned
by hand; requirements.lock and requirements-dev.lock (written by `make lock`)
pin everything those bring in, each file with its hashes, and are what the
Makefile installs (`pip install --require-hashes`). This check fails, naming
the package, when a requirement is missing from its lock or pinned at another
version there (someone edited requirements*.txt without running `make lock`),
when a locked package has no hash, or when the two locks disagree on a
version. No network, no third-party code: it runs before anything is installed.

Usage: python .ci/check_lock.py [FOLDER]   (default: this checkout)
"""

import re
import sys
from pathlib import Path

PAIRS = [("requirements.txt", "requirements.lock"), ("requirements-dev.txt", "requirements-dev.lock")]
REQUIREMENT = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*(?:==\s*([^\s;#\\]+))?")


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirements(path: Path) -> dict:
    """{name: pinned version or None} of a hand-edited file and the files it includes with -r."""
    found = {}
    for line in path.read_text().splitlines():
        line = line.split(" #")[0].strip()
        if line.startswith(("-r ", "--requirement ")):
            found.update(requirements(path.parent / line.split(maxsplit=1)[1]))
        elif line and not line.startswith(("#", "-")):
            match = REQUIREMENT.match(line)
            if match:
                found[normalize(match.group(1))] = match.group(3)
    return found


def locked(path: Path) -> tuple[dict, list]:
    """{name: version} of a lock file, and the names locked without a hash."""
    versions, hashed, current = {}, set(), None
    for line in path.read_text().splitlines():
        if line and not line[0].isspace() and not line.startswith("#"):
            match = REQUIREMENT.match(line)
            current = normalize(match.group(1))
            versions[current] = match.group(3)
        if current and "--hash=" in line:
            hashed.add(current)
    return versions, [name for name in versions if name not in hashed]


def problems(root: Path) -> list:
    found, locks = [], {}
    for wanted_file, lock_file in PAIRS:
        if not (root / lock_file).exists():
            found.append(f"{lock_file} is missing")
            continue
        versions, unhashed = locks[lock_file] = locked(root / lock_file)
        found += [f"{lock_file}: {name} has no hash" for name in unhashed]
        for name, version in requirements(root / wanted_file).items():
            if name not in versions:
                found.append(f"{wanted_file} asks for {name}, {lock_file} does not have it")
            elif version and versions[name] != version:
                found.append(f"{wanted_file} pins {name}=={version}, {lock_file} has {versions[name]}")
    if len(locks) == 2:
        runtime, dev = (versions for versions, _ in locks.values())
        found += [
            f"requirements.lock has {name}=={version}, requirements-dev.lock {dev[name]}"
            for name, version in runtime.items()
            if name in dev and dev[name] != version
        ]
    return found


if __name__ == "__main__":
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent
    found = problems(root)
    for problem in found:
        print(problem, file=sys.stderr)
    if found:
        print("The lock files are out of date: run `make lock` and commit requirements*.lock.", file=sys.stderr)
    sys.exit(1 if found else 0)
