"""Sitemaps: an index of stories, sections, authors and a Google News sitemap."""

import math
from datetime import timedelta
from html import escape
from types import SimpleNamespace

from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db import connections
from django.db.models import Exists, F, Max, OuterRef, Subquery
from django.utils import timezone
from django.utils.functional import cached_property

from articles import sitemap_pages
from articles.models import Article, Author, Byline, Section, SitemapPage, Status, goes_live_at
from articles.reversing import article_path_format

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
# Google News reads only stories from the last two days.
NEWS_WINDOW = timedelta(days=2)


# The columns a story's address is made from, for pages that list thousands of them.
ADDRESS_COLUMNS = ("section__slug", "first_published_at", "published_at", "slug")


def with_addresses(rows):
    """(address, *rest) for rows of ADDRESS_COLUMNS followed by anything else.

    The address is what `Article.get_absolute_url()` gives (its date is
    `Article.url_date`: first publication, else the publish time, in the
    newsroom's zone), filled into one format string rather than reversed
    for each story.
    """
    zone, path = timezone.get_current_timezone(), article_path_format()
    for section, first, published, slug, *rest in rows:
        day = (first or published).astimezone(zone)
        yield path.format(section=section, year=day.year, month=day.month, day=day.day, slug=slug), *rest


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
    # page near 15 ms at any archive size. The database's triggers that date
    # the pages (`articles/sitemap_pages.py`) use the same size.
    limit = sitemap_pages.PAGE_SIZE
    # How far back the index looks for stories that went live or expired by
    # the clock. Crawlers read the index far more often than every two days.
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
        rows = self.paginator.page(number).object_list.values_list(*ADDRESS_COLUMNS, "updated_at")
        return list(with_addresses(rows))

    def index_lines(self, location) -> str:
        """The index's <sitemap> line for every page of stories, each dated by its last change.

        `SitemapPage` holds each page's last write, kept by the database. A
        story can also appear or leave without a write, when its publish
        time, embargo or expiry passes; those of the last two days are read
        through their own small indexes (only stories scheduled ahead of
        their last save, embargoed or expiring are in them).

        A million stories make a thousand pages. Their lines are kept in this
        worker's memory and rendered again only when the table's fingerprint
        (one aggregate in the database) says a date has moved: the index
        then costs about what it does for ten pages.
        """
        now, zone = timezone.now(), timezone.get_current_timezone()
        pages = self.paginator.num_pages
        fingerprint = sitemap_pages.fingerprint(connections[SitemapPage.objects.db])
        kept = _story_index.get((location, zone))
        if kept is None or kept.fingerprint != fingerprint or kept.pages != pages:
            lastmods = dict(SitemapPage.objects.order_by().values_list("number", "lastmod"))
            lines = [sitemap_line(location, page, lastmods.get(page), zone) for page in range(1, pages + 1)]
            kept = SimpleNamespace(fingerprint=fingerprint, pages=pages, lastmods=lastmods, lines=lines,
                                   joined="".join(lines))
            _story_index[location, zone] = kept
        moved = {}
        for page, moment in clock_changes(since=now - self.recent, until=now):
            if page <= pages and (kept.lastmods.get(page) is None or moment > kept.lastmods[page]):
                moved[page] = max(moment, moved.get(page, moment))
        if not moved:
            return kept.joined
        lines = list(kept.lines)
        for page, moment in moved.items():
            lines[page - 1] = sitemap_line(location, page, moment, zone)
        return "".join(lines)


# (location, zone) → the stories sitemap's index lines and what they were made from, in this worker's memory.
_story_index = {}


def clock_changes(*, since, until):
    """(page, moment) for each story that went live or expired in (since, until] after its last save."""
    published = Article.objects.filter(status=Status.PUBLISHED).order_by()
    fields = ("pk", "published_at", "embargo_until", "expires_at")
    candidates = (
        published.filter(published_at__gt=F("updated_at"))
        .filter(published_at__gt=since, published_at__lte=until)
        .values_list(*fields)
        .union(
            published.filter(embargo_until__gt=since, embargo_until__lte=until).values_list(*fields),
            published.filter(expires_at__gt=since, expires_at__lte=until).values_list(*fields),
        )
    )
    for pk, published_at, embargo_until, expires_at in candidates:
        page = (pk - 1) // ArticleSitemap.limit + 1
        for moment in (goes_live_at(published_at, embargo_until), expires_at):
            if moment is not None and since < moment <= until:
                yield page, moment


class NewsSitemap(ArticleSitemap):
    """Stories from the last two days, with the news: tags Google News reads."""

    limit = 1000  # Google News' own limit per sitemap

    def index_lines(self, location) -> str:
        # The newest change by aggregate: Django's get_latest_lastmod() would load every story of the two days.
        newest = self.items().aggregate(last=Max("updated_at"))["last"]
        return sitemap_line(location, 1, newest, timezone.get_current_timezone())

    def items(self):
        now = timezone.now()
        return super().items().filter(published_at__gte=now - NEWS_WINDOW)

    def entries(self):
        """(path, publish time, headline) of the newest `limit` stories of the two days, from five columns.

        One query, no count: the list is as long as the newsroom's last two
        days, so each row costs as little as it can.
        """
        rows = self.items().newest_first().values_list(*ADDRESS_COLUMNS, "published_at", "headline")[: self.limit]
        return list(with_addresses(rows))


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


def news_urlset_xml(origin, entries, publication_name) -> str:
    """The Google News <urlset> of (path, publish time, headline) entries, written out directly.

    Each <url> is kept in this worker's memory under everything it prints,
    like the index's lines: two days of stories are mostly the same from one
    request to the next.
    """
    zone = timezone.get_current_timezone()
    lines = _news_lines.setdefault((origin, zone, publication_name), {})
    if len(lines) > 2 * len(entries) + 100:
        lines.clear()
    name = escape(publication_name)
    parts = []
    for entry in entries:
        line = lines.get(entry)
        if line is None:
            path, published, headline = entry
            line = lines[entry] = (
                f"<url><loc>{escape(origin + path)}</loc><news:news><news:publication>"
                f"<news:name>{name}</news:name><news:language>en</news:language></news:publication>"
                f"<news:publication_date>{published.astimezone(zone).isoformat()}</news:publication_date>"
                f"<news:title>{escape(headline)}</news:title></news:news></url>\n"
            )
        parts.append(line)
    body = "".join(parts)
    namespaces = f'xmlns="{SITEMAP_NS}" xmlns:news="{NEWS_NS}"'
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset {namespaces}>\n{body}</urlset>\n'


# (origin, zone, publication name) → {(path, publish time, headline): its <url>}, in this worker's memory.
_news_lines = {}


def sitemap_line(location, page, lastmod, zone) -> str:
    """One <sitemap> of the index: page 1 is the bare location, page n adds ?p=n."""
    lastmod = f"<lastmod>{lastmod.astimezone(zone).isoformat()}</lastmod>" if lastmod else ""
    return f"<sitemap><loc>{escape(location)}{f'?p={page}' if page > 1 else ''}</loc>{lastmod}</sitemap>\n"


def sitemapindex_xml(lines) -> str:
    """A <sitemapindex> of ready <sitemap> lines."""
    body = "".join(lines)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{SITEMAP_NS}">\n{body}</sitemapindex>\n'


SITEMAPS = {
    "stories": ArticleSitemap,
    "news": NewsSitemap,
    "sections": SectionSitemap,
    "authors": AuthorSitemap,
}


def index_lines(sitemap, location) -> str:
    """The index's lines for one sitemap; small sitemaps are one page dated by their newest item."""
    if hasattr(sitemap, "index_lines"):
        return sitemap.index_lines(location)
    return sitemap_line(location, 1, sitemap.get_latest_lastmod(), timezone.get_current_timezone())
