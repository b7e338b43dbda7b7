"""What the import commands share: turning PATH arguments into files."""

from pathlib import Path


def files_in(paths, *, suffixes):
    """Files as given, and the files with one of `suffixes` inside any folder given (sorted, recursive)."""
    for path in map(Path, paths):
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in suffixes)
        else:
            yield path
