from django.urls import path, register_converter

from articles import api, feeds, views
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
    path("feeds/<slug:slug>/rss/", cache_public_page(feeds.SectionArticlesFeed()), name="feed-section"),
    path("feeds/<slug:slug>/atom/", cache_public_page(feeds.SectionArticlesAtomFeed()), name="feed-section-atom"),
    path("search/", cache_public_page(views.ArticleSearchView.as_view()), name="search"),
    path("api/v1/articles/", cache_public_page(api.article_list), name="api-article-list"),
    path("api/v1/articles/<int:pk>/", cache_public_page(api.article_detail), name="api-article-detail"),
    path("authors/<slug:slug>/", cache_public_page(views.AuthorArticleListView.as_view()), name="author-detail"),
    path("tags/<slug:slug>/", cache_public_page(views.TagArticleListView.as_view()), name="tag-detail"),
    path("<slug:slug>/", cache_public_page(views.SectionArticleListView.as_view()), name="section-detail"),
    path(
        "<slug:section>/<yyyy:year>/<dd:month>/<dd:day>/<slug:slug>/",
        cache_public_page(views.ArticleDetailView.as_view()),
        name="article-detail",
    ),
]
