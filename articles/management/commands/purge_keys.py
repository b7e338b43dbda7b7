"""`manage.py purge_keys KEY...`: tell the cache in front of the site to drop every page carrying these keys."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles import purging


class Command(BaseCommand):
    help = (
        "Purge pages by surrogate key (story-12, section-3, author-4, tag-9, photo-5, home, feeds, sitemaps, api, "
        "search, nav) through NEWSROOM_PURGE_BACKEND, now, without the task queue. Exits non-zero if the cache "
        "refused or could not be reached."
    )

    def add_arguments(self, parser):
        parser.add_argument("keys", nargs="+", metavar="KEY")

    def handle(self, *args, keys, **options):
        if not purging.is_enabled():
            raise CommandError("NEWSROOM_PURGE_BACKEND is not set: there is no cache to purge.")
        try:
            sent = purging.purge_keys.call(keys)
        except purging.PurgeFailed as failure:
            raise CommandError(f"Purge failed: {failure}") from None
        backend = settings.NEWSROOM_PURGE_BACKEND
        self.stdout.write(f"Purged {sent} key(s) through {backend}: {' '.join(sorted(set(keys)))}")
