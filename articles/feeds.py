"""RSS 2.0 and Atom feeds of the newest published stories: site-wide, per section, per author, per tag.

Each item carries the full story (`content:encoded` in RSS, `<content>` in
Atom) and its lead photo as Media RSS (`media:content` with the caption and
`media:credit`), so a feed reader shows the story as the page does.
"""

import copy

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from articles import printstyle, surrogate_keys
from articles.models import Article, Author, Section, Tag

FEED_LENGTH = 30
MEDIA_NS = "http://search.yahoo.com/mrss/"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"


class MediaMixin:
    """Adds the full body and the lead photo (Media RSS) to each item."""

    def add_item_media(self, handler, item):
        photo = item.get("photo")
        if not photo:
            return
        handler.startElement("media:content", {
            "url": photo["url"], "medium": "image", "type": "image/jpeg",
            "width": str(photo["width"]), "height": str(photo["height"]),
        })
        if photo["caption"]:
            handler.addQuickElement("media:description", photo["caption"], {"type": "plain"})
        if photo["credit"]:
            handler.addQuickElement("media:credit", photo["credit"], {"role": "photographer"})
        handler.endElement("media:content")


class NewsroomRssFeed(MediaMixin, Rss201rev2Feed):
    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:content": CONTENT_NS, "xmlns:media": MEDIA_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])
        self.add_item_media(handler, item)


class NewsroomAtomFeed(MediaMixin, Atom1Feed):
    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})
        self.add_item_media(handler, item)


def newest_for_feed(articles, order=("-published_at", "-id")):
    return articles.for_listing().prefetch_related("tags").order_by(*order)[:FEED_LENGTH]


# An author's or a tag's feed reads the newest rows of the listing index, as their pages do.
LISTING_ORDER = ("-listing__story_published_at", "-listing__article_id")


class LatestArticlesFeed(Feed):
    """The newest stories across the site (RSS 2.0)."""

    feed_type = NewsroomRssFeed

    def __call__(self, request, *args, **kwargs):
        # One feed object serves every request: each gets its own copy that knows its request.
        feed = copy.copy(self)
        feed.request = request
        surrogate_keys.add(surrogate_keys.FEEDS)
        return super(LatestArticlesFeed, feed).__call__(request, *args, **kwargs)

    def item_extra_kwargs(self, item):
        extra = {"content_html": item.body}
        photo = item.shown_lead_photo  # an expired or restricted picture is not offered
        if photo is not None:
            width, height = photo.rendition_size("hero")
            extra["photo"] = {
                "url": self.request.build_absolute_uri(photo.rendition_url("hero")),
                "width": width, "height": height, "caption": item.photo_caption,
                "credit": photo.credit,
            }
        return extra

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
    feed_type = NewsroomAtomFeed
    subtitle = LatestArticlesFeed.description

    def feed_url(self):
        return reverse("articles:feed-latest-atom")


class SectionArticlesFeed(LatestArticlesFeed):
    """The newest stories in one section (RSS 2.0)."""

    def get_object(self, request, slug):
        section = get_object_or_404(Section.objects.active(), slug=slug)
        surrogate_keys.add(surrogate_keys.section(section.pk), surrogate_keys.section_list(section.pk))
        return section

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
    feed_type = NewsroomAtomFeed
    subtitle = SectionArticlesFeed.description

    def feed_url(self, section):
        return reverse("articles:feed-section-atom", kwargs={"slug": section.slug})


class AuthorArticlesFeed(LatestArticlesFeed):
    """The newest stories by one author (RSS 2.0)."""

    def get_object(self, request, slug):
        author = get_object_or_404(Author, slug=slug)
        surrogate_keys.add(surrogate_keys.author(author.pk), surrogate_keys.author_list(author.pk))
        return author

    def title(self, author):
        return f"{author.name} | {settings.NEWSROOM_NAME}"

    def link(self, author):
        return author.get_absolute_url()

    def description(self, author):
        return f"The latest stories by {author.name} from {settings.NEWSROOM_NAME}."

    def feed_url(self, author):
        return reverse("articles:feed-author", kwargs={"slug": author.slug})

    def items(self, author):
        return newest_for_feed(Article.objects.published().listed_by_author(author), LISTING_ORDER)


class AuthorArticlesAtomFeed(AuthorArticlesFeed):
    feed_type = NewsroomAtomFeed
    subtitle = AuthorArticlesFeed.description

    def feed_url(self, author):
        return reverse("articles:feed-author-atom", kwargs={"slug": author.slug})


class TagArticlesFeed(LatestArticlesFeed):
    """The newest stories on one topic (RSS 2.0)."""

    def get_object(self, request, slug):
        tag = get_object_or_404(Tag, slug=slug)
        surrogate_keys.add(surrogate_keys.tag(tag.pk), surrogate_keys.tag_list(tag.pk))
        return tag

    def title(self, tag):
        return f"{tag.name} | {settings.NEWSROOM_NAME}"

    def link(self, tag):
        return tag.get_absolute_url()

    def description(self, tag):
        return f"The latest stories about {tag.name} from {settings.NEWSROOM_NAME}."

    def feed_url(self, tag):
        return reverse("articles:feed-tag", kwargs={"slug": tag.slug})

    def items(self, tag):
        return newest_for_feed(Article.objects.published().listed_with_tag(tag), LISTING_ORDER)


class TagArticlesAtomFeed(TagArticlesFeed):
    feed_type = NewsroomAtomFeed
    subtitle = TagArticlesFeed.description

    def feed_url(self, tag):
        return reverse("articles:feed-tag-atom", kwargs={"slug": tag.slug})


class LiveUpdatesFeed(LatestArticlesFeed):
    """A live story's updates, newest first (RSS 2.0): for readers who follow one story in a feed reader.

    The story's visibility is the one rule (`published()`); an update never shows before its own time.
    """

    def get_object(self, request, section, year, month, day, slug):
        article = get_object_or_404(
            Article.objects.published().select_related("section").exclude(coverage=""), slug=slug
        )
        if request.path != live_feed_path(article):
            raise Http404("No live story at this address.")
        surrogate_keys.add(surrogate_keys.story(article.pk))
        return article

    def title(self, obj):
        return f"{obj.headline}: live updates | {settings.NEWSROOM_NAME}"

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return obj.summary

    def feed_url(self, obj):
        return live_feed_path(obj)

    def items(self, obj):
        updates = list(obj.live_updates.visible().for_stream()[:FEED_LENGTH])
        for update in updates:
            update.article = obj  # its address, without a query per item
        return updates

    def item_title(self, item):
        return item.excerpt

    def item_description(self, item):
        return item.body

    def item_link(self, item):
        return f"{item.article.get_absolute_url()}#{item.anchor}"

    def item_guid(self, item):
        return self.request.build_absolute_uri(self.item_link(item))

    def item_author_name(self, item):
        return item.byline_name or None

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.edited_at or item.published_at

    def item_categories(self, item):
        return []

    def item_extra_kwargs(self, item):
        extra = {}
        photo = item.shown_photo
        if photo is not None:
            width, height = photo.rendition_size("hero")
            extra["photo"] = {
                "url": self.request.build_absolute_uri(photo.rendition_url("hero")),
                "width": width, "height": height, "caption": photo.caption, "credit": photo.credit,
            }
        return extra


def live_feed_path(article) -> str:
    return f"{article.get_absolute_url()}live/rss/"
