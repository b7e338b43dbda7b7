from django.conf import settings

from articles.models import Section


def site(request):
    """The newsroom's name and navigation, for every page.

    The section list is a lazy queryset: admin pages that never print the
    navigation never run its query.
    """
    return {
        "NEWSROOM_NAME": settings.NEWSROOM_NAME,
        "nav_sections": Section.objects.active(),
    }
