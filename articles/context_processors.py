from django.conf import settings

from articles import surrogate_keys
from articles.models import Section

# The navigation of the current content version, in this worker's memory: any
# edit to a section bumps the version (articles/signals.py), so this is never stale.
_navigation = {}


def site(request):
    """The newsroom's name and navigation, for every page.

    Reader pages (those `cache_public_page` serves, which know the content
    version) take the section list from memory; elsewhere it is a lazy
    queryset, so admin pages that never print the navigation never run it.
    """
    version = getattr(request, "content_version", None)
    surrogate_keys.add(surrogate_keys.NAV)  # every page that prints the sections
    sections = _navigation.get(version) if version else None
    if sections is None:
        sections = Section.objects.active()
        if version:
            sections = list(sections)
            _navigation.clear()
            _navigation[version] = sections
    return {"NEWSROOM_NAME": settings.NEWSROOM_NAME, "nav_sections": sections}
