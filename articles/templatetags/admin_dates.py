"""The story list's date drill-down (years, then months, then days) at archive scale."""

from datetime import datetime

from django import template
from django.contrib.admin.templatetags.admin_list import date_hierarchy
from django.contrib.admin.templatetags.base import InclusionAdminNode
from django.db.models import Max, Min
from django.db.models.functions import Coalesce
from django.utils import timezone

register = template.Library()


class BoundedDates:
    """Stands in for the list's queryset in Django's `date_hierarchy`.

    Django lists the years (or a year's months) that hold a story with a
    DISTINCT over every matching row: a scan of the whole archive at the
    top level, half a second at a million stories. Here the years and months
    run from the first date to the last; a month in between with no story
    shows an empty list. A month's days are few enough to ask the database
    for, as Django does.

    The first and last dates are two one-row reads in date order (an index),
    not MIN and MAX, which PostgreSQL answers from an index only for a table
    alone: with the author filter's EXISTS it read every story of the
    author (0.3 s for the busiest). Search results are the exception: the
    planner cannot tell how rare a word is, and walked the whole date index
    looking for a word no story has (11 s, with MIN and MAX too); MIN and
    MAX of an expression that no index holds read only the matches the
    full-text index found.
    """

    def __init__(self, queryset, *, searched=False):
        self.queryset = queryset
        self.searched = searched
        self._bounds = {}

    def bounds(self, field_name):
        if field_name not in self._bounds:
            if self.searched:
                unindexed = Coalesce(field_name, field_name)  # the same dates, out of any index's reach
                bounds = self.queryset.aggregate(first=Min(unindexed), last=Max(unindexed))
            else:
                dated = self.queryset.filter(**{f"{field_name}__isnull": False}).values_list(field_name, flat=True)
                bounds = {"first": dated.order_by(field_name).first(), "last": dated.order_by(f"-{field_name}").first()}
            self._bounds[field_name] = bounds
        return self._bounds[field_name]

    def aggregate(self, **aggregates):
        # Django asks for first=Min(field) and last=Max(field), and nothing else.
        if set(aggregates) == {"first", "last"} and all(isinstance(a, Min | Max) for a in aggregates.values()):
            return dict(self.bounds(aggregates["first"].source_expressions[0].name))
        return self.queryset.aggregate(**aggregates)

    def datetimes(self, field_name, kind, *args, **kwargs):
        if kind not in {"year", "month"}:
            return self.queryset.datetimes(field_name, kind, *args, **kwargs)
        bounds = self.bounds(field_name)
        if bounds["first"] is None:
            return []
        first, last = timezone.localtime(bounds["first"]), timezone.localtime(bounds["last"])
        zone = timezone.get_current_timezone()
        if kind == "year":
            return [datetime(year, 1, 1, tzinfo=zone) for year in range(first.year, last.year + 1)]
        months = range(first.year * 12 + first.month - 1, last.year * 12 + last.month)
        return [datetime(month // 12, month % 12 + 1, 1, tzinfo=zone) for month in months]


class BoundedChangeList:
    """The change list as Django's tag reads it, with BoundedDates for its queryset."""

    def __init__(self, changelist):
        self._changelist = changelist
        self.queryset = BoundedDates(changelist.queryset, searched=bool(changelist.query))

    def __getattr__(self, name):
        return getattr(self._changelist, name)


def bounded_date_hierarchy(cl):
    return date_hierarchy(BoundedChangeList(cl))


@register.tag(name="bounded_date_hierarchy")
def bounded_date_hierarchy_tag(parser, token):
    return InclusionAdminNode(
        "bounded_date_hierarchy", parser, token, func=bounded_date_hierarchy,
        template_name="date_hierarchy.html", takes_context=False,
    )
