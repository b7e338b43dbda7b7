"""Sections, authors, datelines and tags: the newsroom's reference lists."""

from django.contrib import admin

from articles.admin.deletion import CountedDeletionMixin
from articles.admin.paginators import EstimatedCountPaginator
from articles.admin.pickers import PhotoPickerMixin
from articles.models import Author, AuthorLink, Dateline, Section, Tag


@admin.register(Section)
class SectionAdmin(CountedDeletionMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "position", "is_active"]
    list_editable = ["position", "is_active"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class AuthorLinkInline(admin.TabularInline):
    model = AuthorLink
    extra = 0


@admin.register(Author)
class AuthorAdmin(CountedDeletionMixin, PhotoPickerMixin, admin.ModelAdmin):
    # Thousands of authors: the byline picker and the list count no further than they must.
    paginator = EstimatedCountPaginator
    list_display = ["name", "job_title", "user"]
    search_fields = ["name", "job_title"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["portrait", "user"]
    inlines = [AuthorLinkInline]


@admin.register(Dateline)
class DatelineAdmin(CountedDeletionMixin, admin.ModelAdmin):
    list_display = ["place", "country"]
    search_fields = ["place", "country"]


@admin.register(Tag)
class TagAdmin(CountedDeletionMixin, admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
