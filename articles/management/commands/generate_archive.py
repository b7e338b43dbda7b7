"""`manage.py generate_archive --stories N`: a large synthetic archive for benchmarks.

Realistic in the ways that matter to speed: ten years of stories, sections,
authors and tags used unevenly (a few busy, many quiet, as in a real
newsroom), words drawn from a large vocabulary with a long tail, so a
two-word search matches a few stories in a thousand, not half the archive.

Fast: PostgreSQL gets its rows through COPY (a million stories in a few
minutes, the search index rebuilt once at the end); SQLite through large
bulk inserts.
"""

import itertools
import random
import time
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from articles import listing_times, sitemap_pages
from articles.caching import bump_content_version
from articles.models import Article, Author, Byline, Section, Status, Tag

NEWS_WORDS = [
    "council", "budget", "river", "port", "election", "court", "harbour", "rail", "talks", "strike",
    "drought", "harvest", "summit", "museum", "grid", "ferry", "vaccine", "pension", "reef", "border",
    "quota", "turnout", "airline", "festival", "bridge", "market", "fleet", "mayor", "union", "school",
]
SYLLABLES = ["ba", "ko", "ri", "ten", "mar", "lo", "vin", "sa", "del", "por", "qui", "na", "sto", "ber", "gal", "mi"]
YEARS = 10
BATCH = 5000


def vocabulary():
    """About 3,000 words, ranked: a word's chance of being drawn falls with its rank (Zipf)."""
    made = ["".join(parts) for parts in itertools.product(SYLLABLES, repeat=3)][:3000]
    # The news words sit in the middle of the ranking: common enough to find, rare enough to be selective.
    words = made[:200] + NEWS_WORDS + made[200:]
    weights = list(itertools.accumulate(1 / rank for rank in range(1, len(words) + 1)))
    return words, weights


def zipf_weights(count):
    return list(itertools.accumulate(1 / rank for rank in range(1, count + 1)))


class Command(BaseCommand):
    help = "Add N published stories spread over ten years (COPY on PostgreSQL; for benchmarks, not for demos)."

    def add_arguments(self, parser):
        parser.add_argument("--stories", type=int, required=True)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, stories, seed, **options):
        if stories < 1:
            raise CommandError("--stories must be at least 1.")
        started = time.monotonic()
        self.rng = random.Random(seed)
        self.words, self.word_weights = vocabulary()
        with transaction.atomic():
            self.sections = list(Section.objects.active()) or [Section.objects.create(name="Archive", slug="archive")]
            self.authors = list(Author.objects.all()[:200]) + [
                Author.objects.get_or_create(slug=f"archive-writer-{i}", defaults={"name": f"Archive Writer {i}"})[0]
                for i in range(max(0, 150 - Author.objects.count()))
            ]
            self.tags = list(Tag.objects.all()[:300]) + [
                Tag.objects.get_or_create(slug=f"archive-topic-{i}", defaults={"name": f"Archive topic {i}"})[0]
                for i in range(max(0, 300 - Tag.objects.count()))
            ]
        added = self.copy_postgresql(stories) if connection.vendor == "postgresql" else self.bulk_insert(stories)
        # The triggers dated the sitemap's pages by each insert; an archive story was last edited when it ran.
        sitemap_pages.rebuild(connection)
        # Bulk inserts send no signals: tell the page cache by hand.
        bump_content_version()
        self.stdout.write(
            f"Added {added} stories in {time.monotonic() - started:.0f} s; "
            f"the archive now holds {Article.objects.count()}."
        )

    # --- One story's worth of values -------------------------------------------------

    def text(self, count):
        return self.rng.choices(self.words, cum_weights=self.word_weights, k=count)

    def story(self, number, now):
        rng = self.rng
        headline_words = self.text(7)
        at = now - timedelta(seconds=rng.randint(3600, YEARS * 365 * 24 * 3600))
        return {
            "headline": " ".join(headline_words).capitalize(),
            "slug": f"{'-'.join(headline_words[:4])}-{number}",
            "dek": " ".join(self.text(18)).capitalize() + ".",
            "body": "".join(f"<p>{' '.join(self.text(14)).capitalize()}.</p>" for _ in range(6)),
            "section": rng.choices(self.sections, cum_weights=self.section_weights, k=1)[0],
            "published_at": at,
        }

    def links(self, article_id):
        """(author ids, tag ids) of one story: usually one byline, sometimes two; up to three tags."""
        rng = self.rng
        authors = rng.choices(self.authors, cum_weights=self.author_weights, k=2 if rng.random() < 0.15 else 1)
        tags = rng.choices(self.tags, cum_weights=self.tag_weights, k=rng.choice((0, 1, 1, 2, 3)))
        return {a.pk for a in authors}, {t.pk for t in tags}

    @property
    def section_weights(self):
        return zipf_weights(len(self.sections))

    @property
    def author_weights(self):
        return zipf_weights(len(self.authors))

    @property
    def tag_weights(self):
        return zipf_weights(len(self.tags))

    # --- PostgreSQL: COPY ----------------------------------------------------------

    def copy_postgresql(self, stories):
        from articles import search_index

        now = timezone.now()
        template = Article(status=Status.PUBLISHED, section=self.sections[0], published_at=now)
        fields = [f for f in Article._meta.concrete_fields if not f.primary_key]
        # Every column from the model, so a field added later still gets its default.
        constant = {f.attname: f.get_db_prep_save(f.pre_save(template, add=True), connection) for f in fields}
        columns = [f.column for f in fields]
        byline_columns = ["article_id", "author_id", "role", "position", listing_times.COLUMN]
        through = Article.tags.through
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("LOCK TABLE articles_article IN EXCLUSIVE MODE")
            cursor.execute("SELECT COALESCE(MAX(id), 0) FROM articles_article")
            first_id = cursor.fetchone()[0] + 1
            # The search index is built once at the end: far faster than row by row.
            cursor.execute("DROP INDEX IF EXISTS article_search_idx")
            raw = cursor.cursor
            published = []  # each new story's publish time, copied onto its byline and tag rows below
            with raw.copy(f"COPY articles_article (id, {', '.join(columns)}) FROM STDIN") as copy:
                for i in range(stories):
                    values = self.story(first_id + i, now)
                    published.append(values["published_at"])
                    row = dict(constant)
                    row.update(
                        headline=values["headline"], slug=values["slug"], dek=values["dek"], body=values["body"],
                        section_id=values["section"].pk, published_at=values["published_at"],
                        first_published_at=values["published_at"], created_at=values["published_at"],
                        updated_at=values["published_at"],
                    )
                    copy.write_row([first_id + i, *(row[f.attname] for f in fields)])
            # The rows get their story's publish time here (every story is published), not from the
            # per-row triggers: a lookup per row slowed COPY past the connection's TCP timeout.
            cursor.execute(f"SET LOCAL {listing_times.GIVEN} = 'on'")
            # One COPY at a time on a connection: bylines, then tags.
            with raw.copy(f"COPY articles_byline ({', '.join(byline_columns)}) FROM STDIN") as bylines:
                links = [self.links(first_id + i) for i in range(stories)]
                for i, (authors, _) in enumerate(links):
                    for position, author_id in enumerate(sorted(authors)):
                        bylines.write_row([first_id + i, author_id, "", position, published[i]])
            tag_columns = f"article_id, tag_id, {listing_times.COLUMN}"
            with raw.copy(f"COPY {through._meta.db_table} ({tag_columns}) FROM STDIN") as tags:
                for i, (_, tag_ids) in enumerate(links):
                    for tag_id in sorted(tag_ids):
                        tags.write_row([first_id + i, tag_id, published[i]])
            cursor.execute(f"SET LOCAL {listing_times.GIVEN} = 'off'")
            for table in ("articles_article", "articles_byline", through._meta.db_table):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
                )
            # Check the deferred foreign keys now: PostgreSQL builds no index while checks are pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(search_index.POSTGRES_INDEX)
        # VACUUM too, where it can run (not inside a transaction, as under tests): it sets the visibility
        # map autovacuum would set on a live database a while later, without which every index-only
        # scan (the admin list's page ids, page 2,000: 200,000 entries) reads each row from the table.
        analyze = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            for table in ("articles_article", "articles_byline", through._meta.db_table):
                cursor.execute(f"{analyze} {table}")
        return stories

    # --- SQLite (and anything else): large bulk inserts -----------------------------------

    def bulk_insert(self, stories):
        now = timezone.now()
        start = Article.objects.count()
        added = 0
        while added < stories:
            count = min(BATCH, stories - added)
            with transaction.atomic():
                batch = []
                for i in range(count):
                    values = self.story(start + added + i, now)
                    batch.append(
                        Article(
                            status=Status.PUBLISHED, first_published_at=values["published_at"], **values
                        )
                    )
                created = Article.objects.bulk_create(batch)
                bylines, tagged = [], []
                through = Article.tags.through
                for article in created:
                    authors, tag_ids = self.links(article.pk)
                    bylines += [Byline(article=article, author_id=a, position=p) for p, a in enumerate(sorted(authors))]
                    tagged += [through(article_id=article.pk, tag_id=t) for t in sorted(tag_ids)]
                Byline.objects.bulk_create(bylines)
                through.objects.bulk_create(tagged)
                # auto_now stamped them all with today: an archive story was last edited when it ran.
                ids = [a.pk for a in created]
                Article.objects.filter(pk__in=ids).update(updated_at=F("published_at"))
            added += count
        with connection.cursor() as cursor:
            # Fresh statistics, or SQLite's planner guesses its indexes at random.
            cursor.execute("ANALYZE")
        return added

