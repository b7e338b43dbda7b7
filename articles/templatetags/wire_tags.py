"""The wire desk in the story form: updates from the wire waiting for an editor."""

from django import template

from articles.models import Article, PendingWireUpdate

register = template.Library()


@register.inclusion_tag("admin/articles/pending_wire_updates.html")
def pending_wire_updates(story):
    updates = PendingWireUpdate.objects.open().filter(article=story) if isinstance(story, Article) else []
    return {"updates": list(updates)}
