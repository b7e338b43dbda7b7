"""Story-list filters that cost the same with ten authors or ten thousand."""

from django.contrib import admin
from django.db.models import Exists, OuterRef

from articles.models import Article, Author, Byline


class BylineAuthorFilter(admin.SimpleListFilter):
    """Stories by one author, picked from a short list: a name search, or who wrote the newest stories.

    Django's RelatedOnlyFieldListFilter listed every author with a byline,
    found with a DISTINCT over every byline of the archive (a million rows),
    and printed them all. This one lists at most SHOWN authors: those whose
    name contains what the editor typed in the filter's box, else the
    authors of the newest stories, always with the chosen one. The parameter
    keeps the old filter's name, so bookmarked lists still work.
    """

    title = "author"
    parameter_name = "bylines__author__id__exact"
    search_parameter = "author_name"
    template = "admin/articles/article/author_filter.html"
    SHOWN = 15
    NEWEST_STORIES = 200

    def __init__(self, request, params, model, model_admin):
        # The name search only narrows the choices; it is not a lookup on stories.
        searched = params.pop(self.search_parameter, [""])
        self.name_search = (searched[-1] if isinstance(searched, list) else searched).strip()[:100]
        super().__init__(request, params, model, model_admin)
        self.kept_parameters = [
            (name, value)
            for name, values in request.GET.lists()
            if name not in {self.parameter_name, self.search_parameter, "p"}
            for value in values
        ]

    def expected_parameters(self):
        return [self.parameter_name, self.search_parameter]

    def has_output(self):
        return True  # the search box is worth showing even before any author has a byline

    def lookups(self, request, model_admin):
        if self.name_search:
            shown = Author.objects.filter(name__icontains=self.name_search)
        else:
            newest = Article.objects.order_by("-published_at", "-id").values("pk")[: self.NEWEST_STORIES]
            shown = Author.objects.filter(pk__in=Byline.objects.filter(article__in=newest).values("author"))
        authors = list(shown.order_by("name")[: self.SHOWN])
        chosen = self.value()
        if chosen and chosen.isdigit() and all(str(author.pk) != chosen for author in authors):
            authors += list(Author.objects.filter(pk=chosen))
        return [(str(author.pk), author.name) for author in authors]

    def queryset(self, request, queryset):
        chosen = self.value()
        if not chosen:
            return queryset
        if not chosen.isdigit():
            return queryset.none()
        # EXISTS rather than a join: one author is bylined once per story, and no DISTINCT is needed.
        return queryset.filter(Exists(Byline.objects.filter(article=OuterRef("pk"), author_id=int(chosen))))
