#!/usr/bin/env python3
"""Landed migrations only move forward.

A database made by any release must migrate to the newest code, so a migration
that has landed is never edited or deleted. This script checks that:

1. Every migration listed in .ci/landed-migrations.sha256 still exists, with
   the same SHA-256 as when it landed. Needs nothing but this checkout, so it
   works in a shallow CI clone without tags.
2. When the newest release tag (v*) is in the clone: each migration of that
   release is listed in the manifest with the content it had at the tag, and a
   SQLite database made by the release (its own code, run in a temporary
   folder) migrates forward to this checkout and ends with the same tables,
   columns and indexes as a database made fresh here. Without the tag this
   part is skipped with a note (fetch it with `git fetch --tags`).

Usage:
    python .ci/check_migrations.py               # both checks
    python .ci/check_migrations.py --no-forward  # the manifest only (no Django)
    python .ci/check_migrations.py --record      # at a release: list every migration now in the tree
"""

import argparse
import hashlib
import io
import os
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = Path(".ci/landed-migrations.sha256")
MIGRATION_GLOB = "*/migrations/[0-9]*.py"
HEADER = "# Landed migrations: never edited or deleted (checked by .ci/check_migrations.py; see README)."


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def read_manifest(root):
    """{path: sha256} from lines in `sha256sum` format ("<hash>  <path>")."""
    if not (root / MANIFEST).exists():
        sys.exit(f"✗ {MANIFEST} is missing: it lists the landed migrations (see README).")
    listed = {}
    for line in (root / MANIFEST).read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            digest, path = line.split(maxsplit=1)
            listed[path.strip()] = digest
    return listed


def manifest_problems(root):
    problems = []
    for path, digest in sorted(read_manifest(root).items()):
        file = root / path
        if not file.exists():
            problems.append(f"{path}: a landed migration was deleted")
        elif sha256(file.read_bytes()) != digest:
            problems.append(f"{path}: a landed migration was edited (add a new migration instead)")
    return problems


def record(root):
    """Write the manifest listing every migration in the tree (run when tagging a release)."""
    paths = sorted(p.relative_to(root).as_posix() for p in root.glob(MIGRATION_GLOB))
    lines = [HEADER] + [f"{sha256((root / p).read_bytes())}  {p}" for p in paths]
    (root / MANIFEST).write_text("\n".join(lines) + "\n")
    lines.pop(0)
    print(f"{MANIFEST}: {len(lines)} landed migrations")


def git(root, *args, binary=False):
    result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
    if result.returncode:
        return None
    return result.stdout if binary else result.stdout.decode().strip()


def newest_release(root):
    tags = git(root, "tag", "--list", "v*", "--sort=-v:refname")
    return tags.splitlines()[0] if tags else None


def release_problems(root, tag):
    """Each migration of the release is in the manifest, with the content it had at the tag."""
    listed = read_manifest(root)
    names = git(root, "ls-tree", "-r", "--name-only", tag) or ""
    problems = []
    for path in names.splitlines():
        if not Path(path).match(MIGRATION_GLOB):
            continue
        if path not in listed:
            problems.append(f"{path}: in release {tag} but not in {MANIFEST}")
        elif sha256(git(root, "show", f"{tag}:{path}", binary=True)) != listed[path]:
            problems.append(f"{path}: {MANIFEST} does not match its content at {tag}")
    return problems


def migrate(code_dir, database, work):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{database}",
        "NEWSROOM_CACHE_DIR": str(work / "cache"),
        "DJANGO_MEDIA_ROOT": str(work / "media"),
    }
    env.pop("REDIS_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "--verbosity", "0"],
        cwd=code_dir,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode, result.stdout + result.stderr


def schema(database):
    """Tables with their columns, and the named indexes, of a SQLite database."""
    with sqlite3.connect(database) as db:
        tables = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        shape = {
            table: sorted((row[1], row[2], row[3], row[5]) for row in db.execute(f'PRAGMA table_info("{table}")'))
            for table in tables
            if not table.startswith("sqlite_")
        }
        indexes = {
            name
            for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
            if not name.startswith("sqlite_autoindex")
        }
    return shape, indexes


def forward_problems(root, tag):
    with tempfile.TemporaryDirectory(prefix="migrate-forward-") as tmp:
        work = Path(tmp)
        release = work / "release"
        release.mkdir()
        with tarfile.open(fileobj=io.BytesIO(git(root, "archive", tag, binary=True))) as archive:
            archive.extractall(release, filter="data")
        old, fresh = work / "from-release.sqlite3", work / "fresh.sqlite3"
        for code_dir, database, what in [
            (release, old, f"making a database at {tag}"),
            (root, old, f"migrating the {tag} database forward"),
            (root, fresh, "making a fresh database"),
        ]:
            code, output = migrate(code_dir, database, work)
            if code:
                return [f"{what} failed:\n{output}"]
        return schema_differences(schema(old), schema(fresh), tag)


def schema_differences(migrated, fresh, tag):
    (old_tables, old_indexes), (new_tables, new_indexes) = migrated, fresh
    problems = []
    for table in sorted(old_tables.keys() | new_tables.keys()):
        if old_tables.get(table) != new_tables.get(table):
            problems.append(
                f"table {table}: migrated from {tag} {old_tables.get(table)}\n  but made fresh {new_tables.get(table)}"
            )
    for index in sorted(old_indexes ^ new_indexes):
        where = "migrated" if index in old_indexes else "fresh"
        problems.append(f"index {index} only in the {where} database")
    if problems:
        problems.insert(0, f"a database made at {tag} and migrated forward differs from a fresh one:")
    return problems


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to check (default: this one)")
    parser.add_argument("--no-forward", action="store_true", help="skip migrating a release's database forward")
    parser.add_argument("--record", action="store_true", help="list every migration now in the tree as landed")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if args.record:
        record(root)
        return 0

    problems = manifest_problems(root)
    tag = newest_release(root)
    if tag is None:
        print("No release tag (v*) in this clone: checked the manifest only (git fetch --tags for more).")
    else:
        problems += release_problems(root, tag)
        if not args.no_forward and not problems:
            problems += forward_problems(root, tag)
    for problem in problems:
        print(f"✗ {problem}", file=sys.stderr)
    if problems:
        return 1
    forward = f"; a database made at {tag} migrates forward" if tag and not args.no_forward else ""
    print(f"Landed migrations unchanged ({len(read_manifest(root))} listed){forward}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
