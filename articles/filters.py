"""The reader's search: words, section, author, dateline and a date range.

The FilterSet only narrows what the view hands it (published stories); it
never decides visibility.
"""

import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q

from articles.models import Author, Dateline, Section

SEARCH_FIELDS = ("headline", "dek", "body")


def search_words(articles, text):
    """Stories matching every word of `text`, best match first on PostgreSQL.

    PostgreSQL gets its full-text search (stemming, "quoted phrases", -not,
    headline matches ranked above body matches); SQLite, which has none of
    that built in, matches each word anywhere in headline, dek or body.
    """
    if connection.vendor == "postgresql":
        vector = (
            SearchVector("headline", weight="A") + SearchVector("dek", weight="B") + SearchVector("body", weight="C")
        )
        query = SearchQuery(text, search_type="websearch", config="english")
        return (
            articles.annotate(document=vector, rank=SearchRank(vector, query))
            .filter(document=query)
            .order_by("-rank", "-published_at", "-id")
        )
    for word in text.split():
        articles = articles.filter(Q(headline__icontains=word) | Q(dek__icontains=word) | Q(body__icontains=word))
    return articles


class ArticleFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search for", method="filter_words", widget=forms.TextInput(attrs={"type": "search"})
    )
    section = django_filters.ModelChoiceFilter(
        queryset=Section.objects.active(), to_field_name="slug", empty_label="All sections"
    )
    author = django_filters.ModelChoiceFilter(
        queryset=Author.objects.all(), to_field_name="slug", field_name="bylines__author"
    )
    dateline = django_filters.ModelChoiceFilter(queryset=Dateline.objects.all())
    published_after = django_filters.DateFilter(
        label="From", field_name="published_at", lookup_expr="date__gte", widget=forms.DateInput(attrs={"type": "date"})
    )
    published_before = django_filters.DateFilter(
        label="To", field_name="published_at", lookup_expr="date__lte", widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        fields = ["q", "section", "author", "dateline", "published_after", "published_before"]

    @property
    def qs(self):
        # An empty search form finds nothing, rather than the whole archive.
        return super().qs if self.is_bound else self.queryset.none()

    def filter_words(self, articles, name, value):
        value = value.strip()
        return search_words(articles, value[:200]) if value else articles
