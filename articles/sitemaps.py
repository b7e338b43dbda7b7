"""Sitemaps: an index of stories, sections, authors and a Google News sitemap."""

from datetime import timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from articles.models import Article, Author, Byline, Section

# Google News reads only stories from the last two days.
NEWS_WINDOW = timedelta(days=2)


class ArticleSitemap(Sitemap):
    # Stories per sitemap page. Google allows 50,000, but each page is rendered
    # in one request after every edit; 1,000 keeps that near 100 ms.
    limit = 1000

    def items(self):
        return Article.objects.published().select_related("section").order_by("-published_at", "-id")

    def lastmod(self, article):
        return article.updated_at


class NewsSitemap(ArticleSitemap):
    """Stories from the last two days, with the news: tags Google News reads."""

    limit = 1000  # Google News' own limit per sitemap

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
        newest_public = Article.objects.published().filter(section=OuterRef("pk")).order_by("-updated_at")
        return Section.objects.active().annotate(newest=Subquery(newest_public.values("updated_at")[:1]))

    def lastmod(self, section):
        return section.newest


class AuthorSitemap(Sitemap):
    """Authors with at least one published story: an empty author page is not worth a crawl."""

    def items(self):
        has_public_story = Exists(
            Byline.objects.filter(author=OuterRef("pk"), article__in=Article.objects.published())
        )
        return Author.objects.filter(has_public_story).order_by("name")


SITEMAPS = {
    "stories": ArticleSitemap,
    "news": NewsSitemap,
    "sections": SectionSitemap,
    "authors": AuthorSitemap,
}
