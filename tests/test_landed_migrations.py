"""CI refuses an edited or deleted landed migration (.ci/check_migrations.py)."""

import importlib.util
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("check_migrations", ROOT / ".ci" / "check_migrations.py")
check_migrations = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_migrations)

MIGRATION = "articles/migrations/0001_initial.py"


@pytest.fixture
def checkout(tmp_path):
    """A copy of the manifest and the landed migrations: no git, as in a clone without tags."""
    for path in [".ci/landed-migrations.sha256", *check_migrations.read_manifest(ROOT)]:
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / path, tmp_path / path)
    return tmp_path


def run(root, capsys):
    code = check_migrations.main(["--root", str(root), "--no-forward"])
    out = capsys.readouterr()
    return code, out.out + out.err


def git(root, *args):
    subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=Desk", "-c", "user.email=desk@example.org", *args],
        check=True,
        capture_output=True,
    )


def test_this_checkout_keeps_its_landed_migrations(capsys):
    code, output = run(ROOT, capsys)
    assert code == 0, output
    assert MIGRATION in check_migrations.read_manifest(ROOT)


def test_an_untouched_copy_passes(checkout, capsys):
    code, output = run(checkout, capsys)
    assert code == 0, output


def test_an_edited_landed_migration_is_refused(checkout, capsys):
    with (checkout / MIGRATION).open("a") as migration:
        migration.write("# a quiet fix\n")
    code, output = run(checkout, capsys)
    assert code == 1
    assert f"{MIGRATION}: a landed migration was edited" in output


def test_a_deleted_landed_migration_is_refused(checkout, capsys):
    (checkout / MIGRATION).unlink()
    code, output = run(checkout, capsys)
    assert code == 1
    assert f"{MIGRATION}: a landed migration was deleted" in output


def test_a_manifest_rewritten_to_match_an_edit_is_refused_against_the_release_tag(checkout, capsys):
    git(checkout, "init", "-q")
    git(checkout, "add", ".")
    git(checkout, "commit", "-q", "-m", "release")
    git(checkout, "tag", "v0.1.0")
    with (checkout / MIGRATION).open("a") as migration:
        migration.write("# a quiet fix\n")
    check_migrations.record(checkout)
    code, output = run(checkout, capsys)
    assert code == 1
    assert f"{MIGRATION}: .ci/landed-migrations.sha256 does not match its content at v0.1.0" in output


def test_a_release_migration_missing_from_the_manifest_is_refused(checkout, capsys):
    (checkout / "articles/migrations/0002_later.py").write_text("# landed with the release\n")
    git(checkout, "init", "-q")
    git(checkout, "add", ".")
    git(checkout, "commit", "-q", "-m", "release")
    git(checkout, "tag", "v0.2.0")
    code, output = run(checkout, capsys)
    assert code == 1
    assert "articles/migrations/0002_later.py: in release v0.2.0 but not in" in output


def make_database(path, statements):
    with sqlite3.connect(path) as db:
        for statement in statements:
            db.execute(statement)
    return check_migrations.schema(path)


def test_a_migrated_database_missing_a_column_differs_from_a_fresh_one(tmp_path):
    table = "CREATE TABLE section (id INTEGER PRIMARY KEY, name varchar(80) NOT NULL"
    migrated = make_database(tmp_path / "old.sqlite3", [table + ")", "CREATE INDEX section_name ON section (name)"])
    fresh = make_database(tmp_path / "new.sqlite3", [table + ", strapline varchar(80) NOT NULL)"])

    problems = check_migrations.schema_differences(migrated, fresh, "v0.1.0")

    assert problems[0] == "a database made at v0.1.0 and migrated forward differs from a fresh one:"
    assert problems[1].startswith("table section:") and "strapline" in problems[1]
    assert problems[2] == "index section_name only in the migrated database"
    assert check_migrations.schema_differences(migrated, migrated, "v0.1.0") == []
