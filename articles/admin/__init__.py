"""The editors' and the photo desk's admin, one module per desk."""

from articles.admin import articles, photos, tasks, taxonomy, wire  # noqa: F401
