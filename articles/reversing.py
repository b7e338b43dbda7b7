"""Addresses worked out once: reader pages print the same few hundred over and over.

Django's reverse() costs tens of microseconds a call, and a story page makes
a couple of dozen (the story's own address in several tags, every section in
the navigation, tags, bylines). The answer depends only on the arguments, the
script prefix and the URLconf, so those are the key; changing the URLconf in
tests (setting_changed) forgets everything.
"""

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse


@lru_cache(maxsize=20_000)
def _reverse(viewname, kwargs_items, prefix, urlconf):
    return reverse(viewname, kwargs=dict(kwargs_items), urlconf=urlconf)


def cached_reverse(viewname, **kwargs) -> str:
    return _reverse(viewname, tuple(sorted(kwargs.items())), get_script_prefix(), get_urlconf())


def article_path(section_slug, day, slug) -> str:
    """A story's address from its parts, as `Article.get_absolute_url()` gives it."""
    return article_path_format().format(section=section_slug, year=day.year, month=day.month, day=day.day, slug=slug)


def article_path_format() -> str:
    """A story's address as a format string with {section}, {year}, {month}, {day} and {slug}.

    Sitemaps and feeds print thousands of addresses: reverse() is asked once
    (per script prefix and URLconf) for the address with markers in it, so
    its shape stays in urls.py alone, and each story only fills it in.
    """
    return _article_path_format(get_script_prefix(), get_urlconf())


@lru_cache(maxsize=16)
def _article_path_format(prefix, urlconf):
    markers = {"section": "section-marker", "year": "1000", "month": "01", "day": "01", "slug": "slug-marker"}
    marked = reverse("articles:article-detail", kwargs=markers, urlconf=urlconf)
    marked = marked.replace("{", "{{").replace("}", "}}")
    return (
        marked.replace("section-marker", "{section}", 1)
        .replace("/1000/01/01/", "/{year:04d}/{month:02d}/{day:02d}/", 1)
        .replace("slug-marker", "{slug}", 1)
    )


@receiver(setting_changed, dispatch_uid="newsroom-forget-reversed-urls")
def forget_reversed_urls(setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _reverse.cache_clear()
        _article_path_format.cache_clear()
