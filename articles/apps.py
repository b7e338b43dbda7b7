from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate, pre_migrate


def keep_search_index(sender, using, **kwargs):
    """SQLite loses its search triggers whenever a migration rebuilds the articles table: put them back."""
    from articles import search_index

    connection = connections[using]
    if connection.vendor == "sqlite":
        search_index.create(connection)


def keep_sitemap_pages(sender, using, **kwargs):
    """The same for the triggers that date the stories sitemap's pages (once their table exists)."""
    from articles import sitemap_pages

    connection = connections[using]
    if connection.vendor == "sqlite" and sitemap_pages.TABLE in connection.introspection.table_names():
        sitemap_pages.create(connection)


def keep_listing_times(sender, using, **kwargs):
    """The same for the triggers that keep stories' publish times on bylines and story-tag rows."""
    from articles import listing_times

    connection = connections[using]
    if connection.vendor == "sqlite" and listing_times.TAGS in connection.introspection.table_names():
        with connection.cursor() as cursor:
            columns = {c.name for c in connection.introspection.get_table_description(cursor, listing_times.TAGS)}
        if listing_times.COLUMN in columns:
            listing_times.create(connection)


def drop_listing_times_before_migrating(sender, using, plan=None, **kwargs):
    """On SQLite, before migrations run, drop the listing-time triggers on bylines and story-tag rows.

    Their bodies name articles_article, and SQLite alters a table by rebuilding it
    under a new name and renaming it back, a rename it refuses while a trigger on
    another table names the old one. keep_listing_times puts them back (and copies
    every time afresh) once the migrations are done.
    """
    from articles import listing_times

    connection = connections[using]
    if plan and connection.vendor == "sqlite":
        listing_times.drop(connection)


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Newsroom"

    def ready(self):
        from articles import roles, signals, task_queue  # noqa: F401 - task_queue's receivers: retries
        from articles.services.photos import photos_fill_missing_hashes

        signals.connect_content_signals()
        signals.connect_printed_row_signals()
        signals.connect_purge_signals()
        post_migrate.connect(roles.create_roles_after_migrate, sender=self, dispatch_uid="articles-create-roles")
        post_migrate.connect(photos_fill_missing_hashes, sender=self, dispatch_uid="photos-fill-missing-hashes")
        post_migrate.connect(keep_search_index, sender=self, dispatch_uid="articles-keep-search-index")
        post_migrate.connect(keep_sitemap_pages, sender=self, dispatch_uid="articles-keep-sitemap-pages")
        pre_migrate.connect(
            drop_listing_times_before_migrating, sender=self, dispatch_uid="articles-drop-listing-times"
        )
        post_migrate.connect(keep_listing_times, sender=self, dispatch_uid="articles-keep-listing-times")
