"""Section date archives: /<section>/<yyyy>/, /<section>/<yyyy>/<mm>/, /<section>/<yyyy>/<mm>/<dd>/.

The section's published stories whose publish time falls in that year, month
or day in the newsroom's time zone, newest first. A period with none is a
404, so crawlers do not walk an endless calendar.
"""

import calendar
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import ListView

from articles import printstyle, surrogate_keys
from articles.models import Article, Section


def period_bounds(year, month=None, day=None):
    """[start, end) of a year, month or day in the newsroom's zone, as aware datetimes; Http404 if no such date."""
    try:
        if day is not None:
            first = date(year, month, day)
            last = first + timedelta(days=1)
        elif month is not None:
            first = date(year, month, 1)
            last = first + timedelta(days=calendar.monthrange(year, month)[1])
        else:
            first, last = date(year, 1, 1), date(year + 1, 1, 1)
    except (ValueError, OverflowError):
        raise Http404("No such date.") from None
    zone = timezone.get_current_timezone()
    return datetime.combine(first, time(), zone), datetime.combine(last, time(), zone)


def period_name(year, month=None, day=None) -> str:
    """'2025', 'July 2025', 'July 4, 2025' (AP months)."""
    if day is not None:
        return f"{printstyle.AP_MONTHS[month - 1]} {day}, {year}"
    if month is not None:
        return f"{printstyle.AP_MONTHS[month - 1]} {year}"
    return str(year)


class SectionArchiveView(ListView):
    template_name = "articles/section_archive.html"
    context_object_name = "articles"
    paginate_by = settings.NEWSROOM_PAGE_SIZE
    allow_empty = False

    def get(self, request, *args, **kwargs):
        self.section = get_object_or_404(Section.objects.active(), slug=self.kwargs["section"])
        surrogate_keys.add(surrogate_keys.section(self.section.pk), surrogate_keys.section_list(self.section.pk))
        self.period = [int(self.kwargs[k]) if k in self.kwargs else None for k in ("year", "month", "day")]
        if self.period[0] < 1:
            raise Http404("No such date.")
        self.start, self.end = period_bounds(*self.period)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return (
            Article.objects.published()
            .in_section(self.section)
            .filter(published_at__gte=self.start, published_at__lt=self.end)
            .for_listing()
            .newest_first()
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            section=self.section, current_section=self.section, period=period_name(*self.period), **kwargs
        )
