"""The reader's search: words, section, author, dateline and a date range.

The FilterSet only narrows what the view hands it (published stories); it
never decides visibility.
"""

import re

import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models.expressions import RawSQL

from articles import search_index
from articles.models import Author, Dateline, Section


def search_words(articles, text):
    """Stories matching every word of `text`, best match first on PostgreSQL.

    Both databases answer from a full-text index (articles/search_index.py),
    so a search costs what its matches cost, not what the archive holds.
    PostgreSQL: stemming, "quoted phrases", -not, headline matches ranked
    above body matches. SQLite (FTS5): every word, stemmed, as a word or the
    start of one, anywhere in headline, dek or body; newest first.
    """
    if connection.vendor == "postgresql":
        document = RawSQL("articles_article.search_document", [], output_field=SearchVectorField())
        query = SearchQuery(text, search_type="websearch", config="english")
        return (
            articles.annotate(document=document, rank=SearchRank(document, query))
            .filter(document=query)
            .order_by("-rank", "-published_at", "-id")
        )
    words = re.findall(r"\w+", text)
    if not words:
        return articles
    # Each word quoted (no FTS5 syntax from readers) and as a prefix: "harvest"*.
    match = " ".join(f'"{word}"*' for word in words)
    return articles.filter(pk__in=RawSQL(search_index.SQLITE_MATCH, [match]))


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
