from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Newsroom"

    def ready(self):
        from django.db.models.signals import post_migrate

        from articles import signals
        from articles.services.photos import photos_fill_missing_hashes

        signals.connect_content_signals()
        post_migrate.connect(photos_fill_missing_hashes, sender=self, dispatch_uid="photos-fill-missing-hashes")
