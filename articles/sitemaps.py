"""Sitemaps: an index of stories, sections, authors and a Google News sitemap."""

import math
from datetime import timedelta
from html import escape
from itertools import chain
from types import SimpleNamespace

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Exists, ExpressionWrapper, F, IntegerField, Max, OuterRef, Subquery
from django.utils import timezone
from django.utils.functional import cached_property

from articles.models import Article, Author, Byline, Section
from articles.reversing import article_path_format

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
# Google News reads only stories from the last two days.
NEWS_WINDOW = timedelta(days=2)


class IdBlockPaginator:
    """Sitemap pages as fixed blocks of ids: page p holds stories p·size-size+1 … p·size.

    Finding a page is a primary-key range scan and the number of pages comes
    from the highest id, so no request counts or skips rows however large the
    archive grows; and a page's contents stay put as new stories arrive.
    """

    def __init__(self, items, size):
        self.items, self.size = items, size

    @cached_property
    def num_pages(self):
        highest = Article.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        return max(1, math.ceil(highest / self.size))

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("That page number is not an integer") from None
        if not 1 <= number <= self.num_pages:
            raise EmptyPage("That page contains no results")
        low = (number - 1) * self.size
        return SimpleNamespace(object_list=self.items.filter(pk__gt=low, pk__lte=low + self.size).order_by("pk"))


class ArticleSitemap(Sitemap):
    # Id numbers per sitemap page. Google allows 50,000 entries; 1,000 keeps a
    # page, rendered afresh after each edit, near 100 ms.
    limit = 1000
    # Only pages changed this recently carry a lastmod in the index (the
    # protocol makes it optional); dating the others would cost a scan of the
    # archive. The cost is the stories published or edited in this window:
    # about 550 rows for a newsroom publishing 270 a day (31 days cost
    # 56 ms against 18 ms for two, at 1,000,000 stories on PostgreSQL).
    # Crawlers read the index far more often than every two days.
    recent = timedelta(days=2)

    def items(self):
        return Article.objects.published().select_related("section")

    def lastmod(self, article):
        return article.updated_at

    @property
    def paginator(self):
        return IdBlockPaginator(self.items(), self.limit)

    def page_entries(self, number):
        """(path, lastmod) of each story on page `number`, from four columns rather than whole stories.

        Raises EmptyPage or PageNotAnInteger as Django's paginators do.
        """
        rows = self.paginator.page(number).object_list.values_list(
            "section__slug", "first_published_at", "published_at", "slug", "updated_at"
        )
        zone, path = timezone.get_current_timezone(), article_path_format()
        entries = []
        for section, first, published, slug, updated in rows:
            day = (first or published).astimezone(zone)
            address = path.format(section=section, year=day.year, month=day.month, day=day.day, slug=slug)
            entries.append((address, updated))
        return entries

    def index_pages(self):
        """(page, lastmod) for the index: dated by recent edits and publications, found through indexes."""
        now = timezone.now()
        cutoff = now - self.recent
        # Grouped by page in the database: a row per page, not per recent story.
        page = ExpressionWrapper((F("pk") - 1) / self.limit + 1, output_field=IntegerField())
        recent = (
            Article.objects.filter(updated_at__gte=cutoff).annotate(page=page).values("page").annotate(last=Max("updated_at")),
            Article.objects.published(at=now)
            .filter(published_at__gte=cutoff)
            .annotate(page=page)
            .values("page")
            .annotate(last=Max("published_at")),
        )
        lastmods = {}
        for row in chain(*(rows.order_by() for rows in recent)):
            lastmods[row["page"]] = max(row["last"], lastmods.get(row["page"], row["last"]))
        return [(page, lastmods.get(page)) for page in range(1, self.paginator.num_pages + 1)]


class NewsSitemap(ArticleSitemap):
    """Stories from the last two days, with the news: tags Google News reads."""

    limit = 1000  # Google News' own limit per sitemap

    @property
    def paginator(self):
        # Two days of stories: a plain paginator's count stays small.
        return Paginator(self.items().newest_first(), self.limit)

    def index_pages(self):
        # The newest change by aggregate: Django's get_latest_lastmod() would load every story of the two days.
        return [(1, self.items().aggregate(last=Max("updated_at"))["last"])]

    def items(self):
        now = timezone.now()
        return super().items().filter(published_at__gte=now - NEWS_WINDOW)

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            url["publication_name"] = settings.NEWSROOM_NAME
        return urls


class SectionSitemap(Sitemap):
    def items(self):
        # A front changes when a story is published in it: the newest publish
        # time comes from the (section, status, published_at) index.
        newest_public = Article.objects.published().filter(section=OuterRef("pk")).order_by("-published_at")
        return Section.objects.active().annotate(newest=Subquery(newest_public.values("published_at")[:1]))

    def lastmod(self, section):
        return section.newest


class AuthorSitemap(Sitemap):
    """Authors with at least one published story: an empty author page is not worth a crawl."""

    def items(self):
        has_public_story = Exists(
            Byline.objects.filter(author=OuterRef("pk"), article__in=Article.objects.published())
        )
        return Author.objects.filter(has_public_story).order_by("name")


def urlset_xml(origin, entries) -> str:
    """A <urlset> of (path, lastmod) entries, written out directly: a thousand <url>s through
    the template engine cost ten times as long as the query that found them.

    A lastmod is the newsroom's calendar day, as Django's sitemap template prints it.
    """
    zone = timezone.get_current_timezone()
    urls = "".join(
        f"<url><loc>{escape(origin + path)}</loc><lastmod>{day.isoformat()}</lastmod></url>\n"
        for path, day in ((path, lastmod.astimezone(zone).date()) for path, lastmod in entries)
    )
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{SITEMAP_NS}">\n{urls}</urlset>\n'


def sitemapindex_xml(entries) -> str:
    """A <sitemapindex> of (absolute location, lastmod or None) entries."""
    sitemaps = "".join(
        f"<sitemap><loc>{escape(location)}</loc>"
        + (f"<lastmod>{timezone.localtime(lastmod).isoformat()}</lastmod>" if lastmod else "")
        + "</sitemap>\n"
        for location, lastmod in entries
    )
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{SITEMAP_NS}">\n{sitemaps}</sitemapindex>\n'


SITEMAPS = {
    "stories": ArticleSitemap,
    "news": NewsSitemap,
    "sections": SectionSitemap,
    "authors": AuthorSitemap,
}


def index_pages(sitemap):
    """(page, lastmod) of each page of one sitemap; small sitemaps are one page dated by their newest item."""
    if hasattr(sitemap, "index_pages"):
        return sitemap.index_pages()
    return [(1, sitemap.get_latest_lastmod())]
