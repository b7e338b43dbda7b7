from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Newsroom"

    def ready(self):
        from articles import roles, signals
        from articles.services.photos import photos_fill_missing_hashes

        signals.connect_content_signals()
        post_migrate.connect(roles.create_roles_after_migrate, sender=self, dispatch_uid="articles-create-roles")
        post_migrate.connect(photos_fill_missing_hashes, sender=self, dispatch_uid="photos-fill-missing-hashes")
