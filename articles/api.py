"""The read-only ninjs API: published stories only, newest first."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, JsonResponse
from django.views.decorators.http import require_safe

from articles.models import Article
from articles.ninjs import article_to_ninjs
from articles.pagination import keyset_page

API_PAGE_SIZE = settings.NEWSROOM_PAGE_SIZE


def public_articles():
    return Article.objects.published().for_detail()


@require_safe
def article_list(request):
    """{"items": [ninjs...], "next", "previous"}; follow `next` to page back in time.

    Keyset pages (`?older=<cursor>`, `?newer=<cursor>`): no count and no
    offset, so the ten-thousandth page costs what the first does.
    """
    page = keyset_page(public_articles(), request.GET, API_PAGE_SIZE)
    if page is None or (not page.articles and not page.is_first):
        raise Http404("No such page.")

    def page_url(**cursor):
        return request.build_absolute_uri(f"{request.path}?{urlencode(cursor)}")

    return JsonResponse(
        {
            "next": page_url(older=page.older) if page.older else None,
            "previous": page_url(newer=page.newer) if page.newer else (None if page.is_first else page_url()),
            "items": [article_to_ninjs(a, build_absolute_uri=request.build_absolute_uri) for a in page.articles],
        }
    )


@require_safe
def article_detail(request, pk):
    article = public_articles().filter(pk=pk).first()
    if article is None:
        raise Http404("No published story with this id.")
    return JsonResponse(article_to_ninjs(article, build_absolute_uri=request.build_absolute_uri))
