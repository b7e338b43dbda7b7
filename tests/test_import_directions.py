"""Imports point one way: reader and public modules never import the write path, the admin or UI code."""

import ast
from pathlib import Path

import pytest

ARTICLES = Path(__file__).resolve().parent.parent / "articles"


def imported_modules(path: Path) -> set[str]:
    """Every module `path` imports, at the top or inside a function."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def imports_any(path: Path, forbidden: tuple[str, ...]) -> list[str]:
    return sorted(
        name for name in imported_modules(path) if any(name == f or name.startswith(f"{f}.") for f in forbidden)
    )


def test_the_reader_site_does_not_import_the_desks_writing_services():
    assert imports_any(ARTICLES / "views.py", ("articles.services.writing", "articles.admin", "articles.widgets")) == []


@pytest.mark.parametrize("path", sorted((ARTICLES / "templatetags").glob("*.py")), ids=lambda p: p.name)
def test_public_tag_libraries_do_not_import_the_desk(path):
    assert imports_any(path, ("articles.dashboard", "articles.admin", "articles.services", "articles.widgets")) == []


@pytest.mark.parametrize("path", sorted((ARTICLES / "services").glob("*.py")), ids=lambda p: p.name)
def test_services_do_not_import_ui_code(path):
    assert imports_any(path, ("articles.widgets", "articles.admin", "articles.views", "articles.forms")) == []
