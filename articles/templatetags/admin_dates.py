"""The story list's date drill-down (years, then months, then days) at archive scale."""

from datetime import datetime, timedelta

from django import template
from django.contrib.admin.templatetags.admin_list import date_hierarchy
from django.contrib.admin.templatetags.base import InclusionAdminNode
from django.db.models import Max, Min
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
    author (0.3 s for the busiest).
    """

    def __init__(self, queryset):
        self.queryset = queryset
        self._bounds = {}

    def bounds(self, field_name):
        if field_name not in self._bounds:
            dated = self.queryset.filter(**{f"{field_name}__isnull": False}).values_list(field_name, flat=True)
            self._bounds[field_name] = {
                "first": dated.order_by(field_name).first(),
                "last": dated.order_by(f"-{field_name}").first(),
            }
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


def chosen_dates(changelist):
    """The drill-down's chosen year, month or day as a range lookup, as Django's change list applies it."""
    field = changelist.date_hierarchy
    year, month, day = (changelist.params.get(f"{field}__{part}") for part in ("year", "month", "day"))
    if not year:
        return {}
    start = datetime(int(year), int(month or 1), int(day or 1))
    if day:
        end = start + timedelta(days=1)
    elif month:
        end = (start + timedelta(days=32)).replace(day=1)
    else:
        end = start.replace(year=start.year + 1)
    return {f"{field}__gte": timezone.make_aware(start), f"{field}__lt": timezone.make_aware(end)}


class BoundedChangeList:
    """The change list as Django's tag reads it, with BoundedDates for its queryset."""

    def __init__(self, changelist):
        self._changelist = changelist
        dated = changelist.queryset
        if changelist.query:
            # A search's own first and last dates cost another pass over every match (a third of a
            # one-word search at a million stories), and PostgreSQL, unable to tell how rare a word
            # is, walked the whole date index looking for one no story has (11 s). The archive's
            # dates within the chosen range are two index reads; a year the search does not reach
            # shows an empty list.
            dated = changelist.root_queryset.filter(**chosen_dates(changelist))
        self.queryset = BoundedDates(dated)

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
