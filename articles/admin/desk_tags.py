"""The editors' dashboard on the admin index: `{% load desk_tags %}` (registered in settings.TEMPLATES)."""

from django import template

from articles import printstyle
from articles.dashboard import desk_for

register = template.Library()


@register.inclusion_tag("admin/articles/desk_dashboard.html", takes_context=True)
def desk_dashboard(context):
    return desk_for(context["request"].user)


@register.filter
def desk_time(moment):
    """'Nov. 28, 3:00 PM' in the newsroom's zone."""
    return printstyle.ap_month_day_time(moment) if moment else ""
