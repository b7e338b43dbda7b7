"""The read-only ninjs API: published stories only, newest first."""

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404, JsonResponse
from django.views.decorators.http import require_GET

from articles.models import Article
from articles.ninjs import article_to_ninjs

API_PAGE_SIZE = settings.NEWSROOM_PAGE_SIZE


def public_articles():
    return Article.objects.published().for_detail().newest_first()


@require_GET
def article_list(request):
    """{"items": [ninjs...], "count", "next", "previous"}; ?page=N pages through."""
    paginator = Paginator(public_articles(), API_PAGE_SIZE)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except (EmptyPage, PageNotAnInteger):
        raise Http404("No such page.") from None

    def page_url(number):
        return request.build_absolute_uri(f"{request.path}?page={number}")

    return JsonResponse(
        {
            "count": paginator.count,
            "next": page_url(page.next_page_number()) if page.has_next() else None,
            "previous": page_url(page.previous_page_number()) if page.has_previous() else None,
            "items": [article_to_ninjs(a, build_absolute_uri=request.build_absolute_uri) for a in page],
        }
    )


@require_GET
def article_detail(request, pk):
    article = public_articles().filter(pk=pk).first()
    if article is None:
        raise Http404("No published story with this id.")
    return JsonResponse(article_to_ninjs(article, build_absolute_uri=request.build_absolute_uri))
