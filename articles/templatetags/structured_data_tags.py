"""JSON-LD blocks for pages whose views do not build one themselves (section fronts, author pages)."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.structured_data import author_json_ld, script_safe_json, section_json_ld

register = template.Library()


def _script(data):
    # script_safe_json escapes <, > and &, so the JSON cannot end the block; HTML-escaping it would break it.
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(script_safe_json(data)))  # noqa: S308


@register.simple_tag(takes_context=True)
def section_structured_data(context, section):
    return _script(section_json_ld(section, build_absolute_uri=context["request"].build_absolute_uri))


@register.simple_tag(takes_context=True)
def author_structured_data(context, author):
    return _script(author_json_ld(author, build_absolute_uri=context["request"].build_absolute_uri))
