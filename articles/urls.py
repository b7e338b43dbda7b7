from django.urls import path, register_converter

from articles import api, archive_views, feeds, views
from articles.caching import cache_public_page


class ZeroPadded:
    """Digits in the address, always printed at full width: 2025/07/04."""

    width = 2

    @property
    def regex(self):
        return f"[0-9]{{{self.width}}}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return f"{int(value):0{self.width}d}"


class FourDigitYear(ZeroPadded):
    width = 4


class TwoDigits(ZeroPadded):
    width = 2


register_converter(FourDigitYear, "yyyy")
register_converter(TwoDigits, "dd")

app_name = "articles"

urlpatterns = [
    path("", cache_public_page(views.HomeView.as_view()), name="home"),
    path("feeds/rss/", cache_public_page(feeds.LatestArticlesFeed()), name="feed-latest"),
    path("feeds/atom/", cache_public_page(feeds.LatestArticlesAtomFeed()), name="feed-latest-atom"),
    path("feeds/authors/<slug:slug>/rss/", cache_public_page(feeds.AuthorArticlesFeed()), name="feed-author"),
    path(
        "feeds/authors/<slug:slug>/atom/", cache_public_page(feeds.AuthorArticlesAtomFeed()), name="feed-author-atom"
    ),
    path("feeds/tags/<slug:slug>/rss/", cache_public_page(feeds.TagArticlesFeed()), name="feed-tag"),
    path("feeds/tags/<slug:slug>/atom/", cache_public_page(feeds.TagArticlesAtomFeed()), name="feed-tag-atom"),
    path("feeds/<slug:slug>/rss/", cache_public_page(feeds.SectionArticlesFeed()), name="feed-section"),
    path("feeds/<slug:slug>/atom/", cache_public_page(feeds.SectionArticlesAtomFeed()), name="feed-section-atom"),
    path("search/", cache_public_page(views.ArticleSearchView.as_view()), name="search"),
    path("api/v1/articles/", api.answer_conditionally(cache_public_page(api.article_list)), name="api-article-list"),
    path(
        "api/v1/articles/<int:pk>/",
        api.answer_conditionally(cache_public_page(api.article_detail)),
        name="api-article-detail",
    ),
    path(
        "api/v2/articles/",
        api.answer_conditionally(cache_public_page(api.article_list)),
        {"api": "v2"},
        name="api3-article-list",
    ),
    path(
        "api/v2/articles/<int:pk>/",
        api.answer_conditionally(cache_public_page(api.article_detail)),
        {"api": "v2"},
        name="api3-article-detail",
    ),
    path("authors/<slug:slug>/", cache_public_page(views.AuthorArticleListView.as_view()), name="author-detail"),
    path("tags/<slug:slug>/", cache_public_page(views.TagArticleListView.as_view()), name="tag-detail"),
    # An unpublished story for the holder of its share link: never through the page cache.
    path("preview/<str:token>/", views.ShareLinkPreviewView.as_view(), name="share-preview"),
    path("<slug:slug>/", cache_public_page(views.SectionArticleListView.as_view()), name="section-detail"),
    path(
        "<slug:section>/<yyyy:year>/",
        cache_public_page(archive_views.SectionArchiveView.as_view()),
        name="archive-year",
    ),
    path(
        "<slug:section>/<yyyy:year>/<dd:month>/",
        cache_public_page(archive_views.SectionArchiveView.as_view()),
        name="archive-month",
    ),
    path(
        "<slug:section>/<yyyy:year>/<dd:month>/<dd:day>/",
        cache_public_page(archive_views.SectionArchiveView.as_view()),
        name="archive-day",
    ),
    path(
        "<slug:section>/<yyyy:year>/<dd:month>/<dd:day>/<slug:slug>/",
        cache_public_page(views.ArticleDetailView.as_view()),
        name="article-detail",
    ),
    path(
        "<slug:section>/<yyyy:year>/<dd:month>/<dd:day>/<slug:slug>/live/",
        api.answer_conditionally(cache_public_page(views.article_live)),
        name="article-live",
    ),
    path(
        "<slug:section>/<yyyy:year>/<dd:month>/<dd:day>/<slug:slug>/live/rss/",
        cache_public_page(feeds.LiveUpdatesFeed()),
        name="feed-live",
    ),
]
