"""`manage.py generate_archive --stories N`: a large synthetic archive for benchmarks."""

import random
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from articles.caching import bump_content_version
from articles.models import Article, Author, Byline, Section, Status, Tag

WORDS = [
    "council", "budget", "river", "port", "election", "court", "harbour", "rail", "talks", "strike",
    "drought", "harvest", "summit", "museum", "grid", "ferry", "vaccine", "pension", "reef", "border",
    "quota", "turnout", "airline", "festival", "bridge", "market", "fleet", "mayor", "union", "school",
]


class Command(BaseCommand):
    help = "Add N published stories spread over the past years (bulk inserts; for benchmarks, not for demos)."

    def add_arguments(self, parser):
        parser.add_argument("--stories", type=int, required=True)
        parser.add_argument("--seed", type=int, default=2026)

    @transaction.atomic
    def handle(self, *args, stories, seed, **options):
        if stories < 1:
            raise CommandError("--stories must be at least 1.")
        rng = random.Random(seed)
        sections = list(Section.objects.active()) or [Section.objects.create(name="Archive", slug="archive")]
        authors = list(Author.objects.all()[:50]) or [
            Author.objects.create(name=f"Archive Writer {i}", slug=f"archive-writer-{i}") for i in range(10)
        ]
        tags = list(Tag.objects.all()[:30])
        now = timezone.now()
        start = Article.objects.count()
        articles = []
        for i in range(stories):
            words = rng.sample(WORDS, 6)
            at = now - timedelta(minutes=rng.randint(60, 60 * 24 * 365 * 3))
            articles.append(
                Article(
                    headline=" ".join(words).capitalize(),
                    slug=f"archive-{start + i}-{'-'.join(words[:3])}",
                    dek=f"An archive story about the {words[0]} and the {words[1]}.",
                    body="".join(f"<p>{' '.join(rng.sample(WORDS, 12)).capitalize()}.</p>" for _ in range(6)),
                    section=rng.choice(sections),
                    status=Status.PUBLISHED,
                    published_at=at,
                    first_published_at=at,
                )
            )
        created = Article.objects.bulk_create(articles, batch_size=1000)
        Byline.objects.bulk_create(
            [Byline(article=a, author=rng.choice(authors), position=0) for a in created], batch_size=1000
        )
        if tags:
            through = Article.tags.through
            through.objects.bulk_create(
                [through(article_id=a.pk, tag_id=rng.choice(tags).pk) for a in created], batch_size=1000
            )
        # Bulk inserts send no signals: tell the page cache by hand.
        transaction.on_commit(bump_content_version)
        self.stdout.write(f"Added {len(created)} stories; the archive now holds {Article.objects.count()}.")
