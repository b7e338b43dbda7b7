"""The reader site. Every story listed or shown starts from `published()`."""

import functools
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.core.cache import cache
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db import DatabaseError, connection
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import http_date
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView

from articles import permissions, printstyle, surrogate_keys
from articles.caching import SHORT_LIFETIME_ATTRIBUTE
from articles.database import is_statement_timeout
from articles.filters import ArticleFilterSet
from articles.live_stream import live_etag, live_stream
from articles.models import Article, Author, Section, Status, Tag, bylines_prefetch
from articles.pagination import CappedPaginator, keyset_page
from articles.share_links import share_link_from_signed_token
from articles.sitemaps import (
    ArticleSitemap,
    NewsSitemap,
    index_lines,
    news_urlset_xml,
    sitemapindex_xml,
    urlset_xml,
)
from articles.story_fragments import story_fragments
from articles.templatetags.cards import without_cards

# The (lead, show_section, level) of the home page's `{% card %}`s (home.html).
HOME_LEAD_CARD, HOME_CARD = (True, True, 3), (False, True, 3)


class HomeView(TemplateView):
    template_name = "articles/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        public = Article.objects.published().for_cards()
        pinned = public.filter(pk__in=pinned_story_ids(self.request)).order_by("home_position", "-published_at")
        top_stories = list(pinned[: settings.NEWSROOM_HOME_TOP_STORIES])
        # The top stories are left out here, not in SQL: a plain query compiles faster than one with NOT IN.
        shown = {a.pk for a in top_stories}
        latest = public.newest_first()[: settings.NEWSROOM_HOME_LATEST + len(shown)]
        latest = [a for a in latest if a.pk not in shown][: settings.NEWSROOM_HOME_LATEST]
        # Bylines only for cards this worker has not rendered yet, in one query for both lists.
        uncarded = (
            without_cards(top_stories[:1], [HOME_LEAD_CARD])
            + without_cards(top_stories[1:] + latest, [HOME_CARD])
        )
        prefetch_related_objects(uncarded, bylines_prefetch())
        context.update(top_stories=top_stories, latest=latest)
        surrogate_keys.add(surrogate_keys.HOME)  # and each card its own (templatetags/cards.py)
        return context


def pinned_story_ids(request):
    """Ids of the stories an editor placed on the home page, published or not (the caller filters).

    From their partial index (a handful of rows): asked in one query with the
    stories themselves, SQLite would rather walk every published story. Only
    an edit changes them, so a worker keeps them per content version.
    """
    version = getattr(request, "content_version", None)
    ids = _pinned_ids.get(version) if version else None
    if ids is None:
        ids = Article.objects.filter(home_position__isnull=False).order_by().values_list("pk", flat=True)
        ids = list(ids[:50])
        if version:
            _pinned_ids.clear()
            _pinned_ids[version] = ids
    return ids


# Pinned story ids of the current content version, in this worker's memory.
_pinned_ids = {}


class PublicArticleListView(TemplateView):
    """A newest-first list of published stories about one thing, in keyset pages.

    No COUNT and no OFFSET: a deep page costs what the first one does.
    """

    page_size = settings.NEWSROOM_PAGE_SIZE
    # The (lead, show_section, level) of `{% card %}` in the template.
    card_variant = (False, True, 3)
    # The surrogate key of the subject, from its id (articles/surrogate_keys.py).
    subject_key = None
    list_key = None  # and of the list of its stories

    def get_subject(self):
        raise NotImplementedError

    # What orders the listing (see keyset_page): the story's columns, or a byline's or tag row's copy.
    listing_time, listing_pk = "published_at", "pk"

    def filter_articles(self, articles):
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        self.subject = self.get_subject()
        surrogate_keys.add(self.subject_key(self.subject.pk), self.list_key(self.subject.pk))
        articles = self.filter_articles(Article.objects.published()).for_cards()
        self.page = keyset_page(articles, request.GET, self.page_size, self.listing_time, self.listing_pk)
        if self.page is None or (not self.page.articles and not self.page.is_first):
            raise Http404("No such page.")
        prefetch_related_objects(without_cards(self.page.articles, [self.card_variant]), bylines_prefetch())
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(articles=self.page.articles, page=self.page, **kwargs)


class SectionArticleListView(PublicArticleListView):
    template_name = "articles/section_detail.html"
    card_variant = (False, False, 2)
    subject_key = staticmethod(surrogate_keys.section)
    list_key = staticmethod(surrogate_keys.section_list)

    def get_subject(self):
        return get_object_or_404(Section.objects.active(), slug=self.kwargs["slug"])

    def filter_articles(self, articles):
        return articles.in_section(self.subject)

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.subject, current_section=self.subject, **kwargs)


class AuthorArticleListView(PublicArticleListView):
    template_name = "articles/author_detail.html"
    subject_key = staticmethod(surrogate_keys.author)
    list_key = staticmethod(surrogate_keys.author_list)

    def get_subject(self):
        return get_object_or_404(
            Author.objects.select_related("portrait").prefetch_related("links"), slug=self.kwargs["slug"]
        )

    # The byline rows' copy of the publish time, read newest first from their index.
    listing_time, listing_pk = "listing__story_published_at", "listing__article_id"

    def filter_articles(self, articles):
        return articles.listed_by_author(self.subject)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.subject, **kwargs)


class TagArticleListView(PublicArticleListView):
    template_name = "articles/tag_detail.html"
    card_variant = (False, True, 2)
    subject_key = staticmethod(surrogate_keys.tag)
    list_key = staticmethod(surrogate_keys.tag_list)

    def get_subject(self):
        return get_object_or_404(Tag, slug=self.kwargs["slug"])

    listing_time, listing_pk = "listing__story_published_at", "listing__article_id"

    def filter_articles(self, articles):
        return articles.listed_with_tag(self.subject)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.subject, **kwargs)


class ArticleDetailView(DetailView):
    """A story page. Readers get published stories only; a draft is a plain 404.

    Staff who may change a story (articles/permissions.py) see it in any
    state, with a preview banner and no caching; anyone else gets the same
    404 as a reader. An address whose section or date is out of date
    answers 301.
    """

    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        # Every state: whether this visitor may see it is decided below, in
        # Python, for readers and staff alike (one rule, and a simpler query).
        return Article.objects.for_story_page()

    def get_object(self, queryset=None):
        articles = self.get_queryset()
        slug = self.kwargs["slug"]
        # An old slug (the editor renamed the story) finds the story too; get()
        # then answers 301 to the current address. Slugs are unique: no ORDER BY.
        withdrawn = None
        for candidates in (articles.filter(slug=slug), articles.filter(old_slugs__slug=slug)):
            found = next(iter(candidates[:1]), None)
            if found is not None and (found.is_published() or permissions.can_preview(self.request.user, found)):
                return found
            if found is not None and found.status == Status.WITHDRAWN:
                withdrawn = withdrawn or found
        if withdrawn is not None:
            raise StoryWithdrawn(withdrawn)
        raise Http404("No story at this address.")

    def get(self, request, *args, **kwargs):
        try:
            self.object = self.get_object()
        except StoryWithdrawn as withdrawn:
            return withdrawn_response(request, withdrawn.article)
        canonical = self.object.get_absolute_url()
        if request.path != canonical:
            return redirect(canonical, permanent=True)
        context = self.get_context_data(object=self.object)
        response = self.render_to_response(context)
        if not self.object.is_published():
            add_never_cache_headers(response)
        elif self.object.is_live:
            # Its updates come by the minute: no copy is kept longer than the poll's.
            setattr(response, SHORT_LIFETIME_ATTRIBUTE, settings.NEWSROOM_LIVE_POLL_SECONDS)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        is_preview = context["is_preview"] = not article.is_published()
        live = context["live"] = live_stream(article)
        context["story"] = story = story_fragments(
            article, self.request, is_preview=is_preview, live_updates=live["updates"] if live else None
        )
        # The story, its section, authors, tags and photo: kept with the fragments, so read here at no cost.
        surrogate_keys.add(*story["keys"])
        context["current_section"] = article.section
        context["more_in_section"] = more_in_section(self.request, article)
        return context


class StoryWithdrawn(Exception):
    """The address is a story the desk withdrew: readers get 410 Gone, not "not found"."""

    def __init__(self, article):
        super().__init__(f"Story {article.pk} was withdrawn.")
        self.article = article


def withdrawn_response(request, article):
    """410 Gone with a short notice that the story was withdrawn, and why where the desk wrote it.

    Nothing of the story itself (its headline, its text) is shown; never cached,
    since the desk may restore it.
    """
    withdrawal = article.transitions.filter(to_status=Status.WITHDRAWN).order_by("-at", "-id").first()
    context = {
        "reason": withdrawal.note.strip() if withdrawal else "",
        "withdrawn_on": printstyle.ap_date(withdrawal.at) if withdrawal else "",
    }
    response = TemplateResponse(request, "410.html", context, status=410)
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    return response


def more_in_section(request, article, count=4):
    """The section's newest other stories, as (address, headline, publish time); one query per section and version.

    The list is the same on every story page of a section, so a worker keeps
    it under the content version and publication window (articles/caching.py),
    like the navigation: an edit or a story going live makes a new key.
    """
    surrogate_keys.add(surrogate_keys.section_newest(article.section_id))
    version = getattr(request, "content_version", None)
    key = (article.section_id, version, getattr(request, "publication_window", None))
    newest = _more_in_section.get(key) if version else None
    if newest is None:
        articles = Article.objects.published().in_section(article.section).select_related("section").newest_first()
        newest = [
            SimpleNamespace(pk=other.pk, url=other.get_absolute_url(), headline=other.headline,
                            published_at=other.published_at)
            for other in articles[: count + 1]
        ]
        if version:
            if len(_more_in_section) > 500:
                _more_in_section.clear()
            _more_in_section[key] = newest
    shown = [other for other in newest if other.pk != article.pk][:count]
    surrogate_keys.add(*(surrogate_keys.story_headline(other.pk) for other in shown))
    return shown


# "More in <section>" lists by (section, content version, window), in this worker's memory.
_more_in_section = {}


@require_safe
def article_live(request, section, year, month, day, slug):
    """A live story's stream as an HTML fragment, for its open pages to swap in (articles/static/articles/live.js).

    Readers only, published stories only (`published()`): a draft, an
    ordinary or a withdrawn story is a 404 at once. Polled by every open page,
    so it is cheap: behind the page cache and the front cache like any page
    (kept no longer than NEWSROOM_LIVE_POLL_SECONDS), and a 304 when the
    reader's ETag is still the stream's (derived from the story's `updated_at`,
    which every update saved, pinned or removed moves).
    """
    article = (
        Article.objects.published().select_related("section").filter(slug=slug).exclude(coverage="").first()
    )
    if article is None or request.path != f"{article.get_absolute_url()}live/":
        raise Http404("No live story at this address.")
    surrogate_keys.add(surrogate_keys.story(article.pk))  # purged with every update (services/live.py)
    live = live_stream(article)
    response = TemplateResponse(request, "articles/includes/live_stream.html", live).render()
    # The 304 itself is answered around the page cache (api.answer_conditionally), so a cached copy is compared too.
    response["ETag"] = live_etag(article, live["updates"])
    setattr(response, SHORT_LIFETIME_ATTRIBUTE, settings.NEWSROOM_LIVE_POLL_SECONDS)
    return response


@sitemap_views.x_robots_tag
def sitemap_index(request, sitemaps):
    """The sitemap index: each page of each sitemap, with its own lastmod where an index can give it.

    Django's own index view dates every page by scanning all of a sitemap's
    items; this one asks each sitemap for its pages, which costs the same at
    ten thousand stories or a million, and writes the XML out directly.
    """
    surrogate_keys.add(surrogate_keys.SITEMAPS)
    lines = [
        index_lines(sitemap(), request.build_absolute_uri(reverse("sitemap-section", kwargs={"section": section})))
        for section, sitemap in sitemaps.items()
    ]
    return HttpResponse(sitemapindex_xml(lines), content_type="application/xml")


@sitemap_views.x_robots_tag
def story_sitemap(request, sitemap):
    """A page of the stories sitemap, from four columns per story and no template."""
    try:
        entries = sitemap.page_entries(request.GET.get("p", 1))
    except (EmptyPage, PageNotAnInteger):
        raise Http404("No such sitemap page.") from None
    response = HttpResponse(
        urlset_xml(f"{request.scheme}://{request.get_host()}", entries), content_type="application/xml"
    )
    if entries:
        response["Last-Modified"] = http_date(max(lastmod for _, lastmod in entries).timestamp())
    return response


@sitemap_views.x_robots_tag
def news_sitemap(request):
    """The Google News sitemap: the last two days' stories, from five columns each and no template."""
    entries = NewsSitemap().entries()
    xml = news_urlset_xml(f"{request.scheme}://{request.get_host()}", entries, settings.NEWSROOM_NAME)
    return HttpResponse(xml, content_type="application/xml")


def sitemap_section(request, sitemaps, section):
    """One sitemap of the index: the stories' and the Google News one written out directly, the small ones by Django."""
    surrogate_keys.add(surrogate_keys.SITEMAPS)
    if sitemaps.get(section) is ArticleSitemap:
        return story_sitemap(request, ArticleSitemap())
    if sitemaps.get(section) is NewsSitemap:
        return news_sitemap(request)
    return sitemap_views.sitemap(request, sitemaps, section=section)


class ArticleSearchView(FilterView):
    """Search published stories. An empty search lists nothing: the archive is on the fronts."""

    filterset_class = ArticleFilterSet
    template_name = "articles/article_filter.html"
    paginate_by = settings.NEWSROOM_PAGE_SIZE
    paginator_class = CappedPaginator
    context_object_name = "articles"

    def get_queryset(self):
        surrogate_keys.add(surrogate_keys.SEARCH)
        return Article.objects.published().for_listing().newest_first()

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        data = kwargs["data"] or {}
        # Only the filter parameters make this a search: ?page=2 alone is not one.
        if not any(data.get(name, "").strip() for name in filterset_class.base_filters):
            kwargs["data"] = None
        return kwargs

    def get(self, request, *args, **kwargs):
        try:
            # Rendered here, so a search that runs out of time is caught here.
            return super().get(request, *args, **kwargs).render()
        except DatabaseError as exc:
            if not is_statement_timeout(exc):
                raise
        response = TemplateResponse(
            request, "articles/search_too_broad.html", {"query": request.GET.get("q", "")[:200]}, status=503
        )
        add_never_cache_headers(response)
        return response

    def get_context_data(self, **kwargs):
        return super().get_context_data(searched=self.filterset.is_bound, **kwargs)


@require_safe
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap-index"))
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /search/", "", f"Sitemap: {sitemap}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


FAVICON = Path(__file__).resolve().parent / "static" / "articles" / "favicon.ico"


@functools.cache
def favicon_bytes():
    return FAVICON.read_bytes()


@require_safe
def favicon(request):
    """/favicon.ico, which browsers ask for on every site whatever the page links: the site's small icon."""
    response = HttpResponse(favicon_bytes(), content_type="image/x-icon")
    patch_cache_control(response, public=True, max_age=7 * 24 * 3600)
    return response


@require_safe
def healthz(request):
    """200 when the database and the cache answer, 503 otherwise."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:  # noqa: BLE001 - any failure means unhealthy
        checks["database"] = f"error: {exc.__class__.__name__}"
    try:
        cache.set("healthz", "ok", 5)
        checks["cache"] = "ok" if cache.get("healthz") == "ok" else "error: no round trip"
    except Exception as exc:  # noqa: BLE001
        checks["cache"] = f"error: {exc.__class__.__name__}"
    healthy = all(value == "ok" for value in checks.values())
    response = JsonResponse({"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503)
    add_never_cache_headers(response)
    return response


class ShareLinkPreviewView(ArticleDetailView):
    """An unpublished story for whoever holds its share link, in the real story page, marked as a preview.

    Nothing else: the link names one story; an expired, revoked or forged
    link, or one to a withdrawn story, is a plain 404. Never cached, never indexed.
    """

    def get_object(self, queryset=None):
        link = share_link_from_signed_token(self.kwargs["token"])
        if link is None:
            raise Http404("This share link has expired or was revoked.")
        # Bylines, tags and corrections only if its fragments must be rendered (articles/story_fragments.py).
        article = Article.objects.for_story_page().get(pk=link.article_id)
        if article.status == Status.WITHDRAWN:
            # Withdrawing revokes the links; this holds even for one a script left behind.
            raise Http404("This story was withdrawn.")
        return article

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.is_published():
            return redirect(self.object.get_absolute_url())  # public now: the real address
        response = self.render_to_response(self.get_context_data(object=self.object))
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def get_context_data(self, **kwargs):
        return super().get_context_data(is_share_preview=True, **kwargs)
