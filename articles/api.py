"""The read-only ninjs API: published stories only, newest first.

/api/v1/ speaks ninjs 2.1, /api/v2/ ninjs 3.1 (camelCase field names), with
the same filters as the search page (section, author, tag, since, until, q)
and ETag/Last-Modified, so a poller that has the current copy gets a 304.
"""

import hashlib
import json
from functools import wraps

import django_filters
from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, parse_http_date_safe
from django.views.decorators.http import require_safe

from articles import surrogate_keys
from articles.filters import ArticleFilterSet
from articles.models import Article, Tag
from articles.ninjs import article_to_ninjs, article_to_ninjs3
from articles.pagination import CappedPaginator, keyset_page

API_PAGE_SIZE = settings.NEWSROOM_PAGE_SIZE
FORMATS = {"v1": article_to_ninjs, "v2": article_to_ninjs3}


class ApiFilterSet(ArticleFilterSet):
    """The search page's filters, plus a tag and exact moments (ISO 8601) for pollers."""

    tag = django_filters.ModelChoiceFilter(queryset=Tag.objects.all(), to_field_name="slug", field_name="tags")
    since = django_filters.IsoDateTimeFilter(field_name="published_at", lookup_expr="gte")
    until = django_filters.IsoDateTimeFilter(field_name="published_at", lookup_expr="lte")

    class Meta(ArticleFilterSet.Meta):
        fields = [*ArticleFilterSet.Meta.fields, "tag", "since", "until"]


def public_articles():
    return (
        Article.objects.published()
        .for_detail()
        .select_related("lead_photo__wire_picture")
        .newest_first()
    )


def json_response(data, *, last_modified) -> HttpResponse:
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).encode()
    response = HttpResponse(body, content_type="application/json")
    response["ETag"] = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    return response


def answer_conditionally(view):
    """A 304 for a client that already has this copy (If-None-Match / If-Modified-Since).

    Outside the page cache, so a cached copy is compared too.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code != 200:
            return response
        return get_conditional_response(
            request, etag=response.get("ETag"), last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
            response=response,
        )

    return wrapped


@require_safe
def article_list(request, api="v1"):
    """{"items": [ninjs...], "count", "count_is_capped", "next", "previous"}; filters narrow.

    Newest first in keyset pages (`next` and `previous` carry `?older=` and
    `?newer=` cursors): no count and no offset, so the ten-thousandth page
    costs what the first does; the count stops at 1,000. A word search (`q`)
    is ranked by relevance instead, and pages by number over at most 1,000
    results.
    """
    surrogate_keys.add(surrogate_keys.API)
    filterset = ApiFilterSet(request.GET, queryset=public_articles())
    # Bad parameters give an empty list, never an error (as the search page does).
    articles = filterset.qs if filterset.is_valid() else public_articles().none()
    to_ninjs = FORMATS[api]

    def page_url(**position):
        query = request.GET.copy()
        for name in ("older", "newer", "page"):
            query.pop(name, None)
        for name, value in position.items():
            query[name] = value
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}" if query else request.path)

    if request.GET.get("q", "").strip():
        paginator = CappedPaginator(articles, API_PAGE_SIZE)
        try:
            numbered = paginator.page(request.GET.get("page", 1))
        except (EmptyPage, PageNotAnInteger):
            raise Http404("No such page.") from None
        items = list(numbered)
        body = {
            "count": min(paginator.count, paginator.CAP),
            "count_is_capped": paginator.is_capped,
            "next": page_url(page=numbered.next_page_number()) if numbered.has_next() else None,
            "previous": page_url(page=numbered.previous_page_number()) if numbered.has_previous() else None,
        }
    else:
        page = keyset_page(articles, request.GET, API_PAGE_SIZE)
        if page is None or (not page.articles and not page.is_first):
            raise Http404("No such page.")
        items = page.articles
        cap = CappedPaginator.CAP
        # How many stories match, counted up to the cap and no further (one
        # bounded query), so a filtered poller still sees its total.
        count = articles.order_by()[: cap + 1].count()
        body = {
            "count": min(count, cap),
            "count_is_capped": count > cap,
            "next": page_url(older=page.older) if page.older else None,
            "previous": page_url(newer=page.newer) if page.newer else (None if page.is_first else page_url()),
        }
    body["items"] = [to_ninjs(a, build_absolute_uri=request.build_absolute_uri) for a in items]
    return json_response(body, last_modified=max((a.updated_at for a in items), default=None))


@require_safe
def article_detail(request, pk, api="v1"):
    article = public_articles().filter(pk=pk).first()
    if article is None:
        raise Http404("No published story with this id.")
    surrogate_keys.add(surrogate_keys.API, surrogate_keys.story(article.pk))
    return json_response(
        FORMATS[api](article, build_absolute_uri=request.build_absolute_uri), last_modified=article.updated_at
    )
