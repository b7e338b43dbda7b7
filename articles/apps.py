from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


def keep_search_index(sender, using, **kwargs):
    """SQLite loses its search triggers whenever a migration rebuilds the articles table: put them back."""
    from articles import search_index

    connection = connections[using]
    if connection.vendor == "sqlite":
        search_index.create(connection)


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Newsroom"

    def ready(self):
        from articles import signals

        signals.connect_content_signals()
        post_migrate.connect(keep_search_index, sender=self, dispatch_uid="articles-keep-search-index")
