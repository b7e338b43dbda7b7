"""What the import commands share: turning PATH arguments into files."""

from pathlib import Path


def files_in(paths, *, suffixes, skipped=None):
    """Files as given, and the files with one of `suffixes` inside any folder given (sorted, recursive).

    Files in a folder without one of `suffixes` are not yielded; when
    `skipped` is a list, they are appended to it, so the command can name them.
    """
    for path in map(Path, paths):
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file())
            if skipped is not None:
                skipped.extend(p for p in found if p.suffix.lower() not in suffixes)
            yield from (p for p in found if p.suffix.lower() in suffixes)
        else:
            yield path
