from django.urls import path, register_converter

from articles import views


class FourDigitYear:
    regex = "[0-9]{4}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return f"{int(value):04d}"


class TwoDigits:
    regex = "[0-9]{2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return f"{int(value):02d}"


register_converter(FourDigitYear, "yyyy")
register_converter(TwoDigits, "dd")

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("authors/<slug:slug>/", views.AuthorArticleListView.as_view(), name="author-detail"),
    path("tags/<slug:slug>/", views.TagArticleListView.as_view(), name="tag-detail"),
    path("<slug:slug>/", views.SectionArticleListView.as_view(), name="section-detail"),
    path(
        "<slug:section>/<yyyy:year>/<dd:month>/<dd:day>/<slug:slug>/",
        views.ArticleDetailView.as_view(),
        name="article-detail",
    ),
]
