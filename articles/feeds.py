"""RSS 2.0 and Atom feeds of the newest published stories, site-wide and per section."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from articles import printstyle
from articles.models import Article, Section

FEED_LENGTH = 30


def newest_for_feed(articles):
    return articles.for_listing().prefetch_related("tags").newest_first()[:FEED_LENGTH]


class LatestArticlesFeed(Feed):
    """The newest stories across the site (RSS 2.0)."""

    def title(self):
        return settings.NEWSROOM_NAME

    def link(self):
        return reverse("articles:home")

    def description(self):
        return f"The latest stories from {settings.NEWSROOM_NAME}."

    def feed_url(self):
        return reverse("articles:feed-latest")

    def items(self):
        return newest_for_feed(Article.objects.published())

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_absolute_url()

    def item_author_name(self, item):
        return printstyle.join_names([byline.author.name for byline in item.bylines.all()]) or None

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.section.name, *(tag.name for tag in item.tags.all())]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description

    def feed_url(self):
        return reverse("articles:feed-latest-atom")


class SectionArticlesFeed(LatestArticlesFeed):
    """The newest stories in one section (RSS 2.0)."""

    def get_object(self, request, slug):
        return get_object_or_404(Section.objects.filter(is_active=True), slug=slug)

    def title(self, section):
        return f"{section.name} | {settings.NEWSROOM_NAME}"

    def link(self, section):
        return section.get_absolute_url()

    def description(self, section):
        return section.description or f"The latest {section.name} stories from {settings.NEWSROOM_NAME}."

    def feed_url(self, section):
        return reverse("articles:feed-section", kwargs={"slug": section.slug})

    def items(self, section):
        return newest_for_feed(Article.objects.published().in_section(section))


class SectionArticlesAtomFeed(SectionArticlesFeed):
    feed_type = Atom1Feed
    subtitle = SectionArticlesFeed.description

    def feed_url(self, section):
        return reverse("articles:feed-section-atom", kwargs={"slug": section.slug})
