"""Print style for templates: thin wrappers over `articles.printstyle`."""

import re

from django import template
from django.utils import timezone
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe

from articles import printstyle
from articles.imaging import RENDITION_FORMATS

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    """{% absolute_url article.get_absolute_url %} -> 'https://news.example/world/…'.

    Canonical links and social cards need the scheme and host; this is the one
    place templates build them, from the request as the site was reached.
    A page rendered without a request gets the path alone rather than an error.
    """
    request = context.get("request")
    return request.build_absolute_uri(path) if request else path


@register.filter
def ap_datetime(moment):
    """{{ article.published_at|ap_datetime }} -> 'July 4, 2025 / 1:43 PM'."""
    return printstyle.ap_datetime(moment) if moment else ""


@register.filter
def html_datetime(moment):
    """A `datetime` attribute HTML accepts: ISO 8601 to the second (microseconds are invalid there)."""
    if not moment:
        return ""
    return timezone.localtime(moment).isoformat(timespec="seconds") if timezone.is_aware(moment) else (
        moment.isoformat(timespec="seconds")
    )


@register.simple_tag
def byline(article, link=True):
    """The printed bylines, each author linked to their page.

    'By A, B and C', then one line per role ('Additional reporting by D').
    """
    lines = []
    for lead, entries in printstyle.byline_lines(article.bylines.all()):
        if link:
            names = [format_html('<a href="{}" rel="author">{}</a>', a.get_absolute_url(), a.name) for a, _ in entries]
        else:
            names = [conditional_escape(a.name) for a, _ in entries]
        # An affiliation follows its writer's name: "Aaron J. Staples, Michigan State University".
        names = [format_html("{}, {}", name, place) if place else name
                 for name, (_, place) in zip(names, entries, strict=True)]
        joined = mark_safe(printstyle.join_names(names))  # each name is escaped above
        lines.append(format_html('<span class="byline-line">{} {}</span>', lead, joined))
    return mark_safe(" ".join(lines))


@register.filter
def photo_credit(photo):
    """'File Photo by Samiullah Popal/EPA-EFE' / 'Photo by …' / 'Courtesy of …'."""
    if photo is None:
        return ""
    return photo.credit_line


_FIRST_PARAGRAPH = re.compile(r"^\s*<p>", re.IGNORECASE)


@register.filter
def body_with_dateline(article):
    """The sanitized body with the dateline opening its first paragraph.

    'MOSCOW, July 4 (UPI) -- Russia has…'. A body that does not begin with a
    paragraph gets the dateline as a paragraph of its own.
    """
    body = article.body or ""
    text = article.dateline_text
    if not text:
        return mark_safe(body)
    opening = format_html('<span class="dateline">{}</span> ', text)
    if _FIRST_PARAGRAPH.match(body):
        return mark_safe(_FIRST_PARAGRAPH.sub(lambda m: f"<p>{opening}", body, count=1))
    return mark_safe(format_html("<p>{}</p>", opening) + body)


@register.simple_tag
def author_links(author):
    links = ((link.url, link.label) for link in author.links.all())
    return format_html_join(" ", '<a href="{}" rel="me noopener">{}</a>', links)


@register.simple_tag
def picture(photo, specs, *, sizes, alt="", loading="lazy", css_class="", fetchpriority="", captioned=False):
    """A responsive <picture> of `photo` from its renditions, no query needed.

    `specs` names renditions of one shape, smallest first ("thumb card hero");
    WebP sources come first and JPEG is the fallback; the browser picks from
    each srcset by `sizes`. width/height give the shape, so the page does not
    jump while images load. Give the lead picture loading="eager" and
    fetchpriority="high"; everything else loads lazily. A photo readers may
    not see (licence expired, restricted) prints nothing at all.

    `captioned`: the picture is in a <figure> whose <figcaption> describes it.
    Without alt text, the <img> then has no alt attribute at all (HTML's case
    for a captioned figure: the caption is its text alternative), rather than
    alt="", which would tell screen readers the picture is decoration.
    """
    if photo is None or not photo.is_showable():
        return ""
    sizes_of = {}
    for name in specs.split():
        size = photo.rendition_size(name)
        if size[0] not in (width for width, _ in sizes_of.values()):  # a small original: one width once
            sizes_of[name] = size
    names = list(sizes_of)

    def srcset(ext):
        return ", ".join(f"{photo.rendition_url(name, ext)} {sizes_of[name][0]}w" for name in names)

    width, height = sizes_of[names[0]]
    sources = format_html_join(
        "", '<source type="{}" srcset="{}" sizes="{}">',
        ((content_type, srcset(ext), sizes) for ext, (_, content_type) in RENDITION_FORMATS.items() if ext != "jpg"),
    )
    extra = format_html(' fetchpriority="{}"', fetchpriority) if fetchpriority else ""
    css = format_html(' class="{}"', css_class) if css_class else ""
    alt_attribute = format_html(' alt="{}"', alt) if alt or not captioned else ""
    return format_html(
        '<picture>{}<img src="{}" srcset="{}" sizes="{}"{} width="{}" height="{}" loading="{}" '
        'decoding="async"{}{}></picture>',
        sources, photo.rendition_url(names[0]), srcset("jpg"), sizes, alt_attribute, width, height, loading, css, extra,
    )


@register.filter
def correction_lead(correction):
    """{{ correction|correction_lead }} -> 'Correction, Nov. 28, 2026'."""
    return printstyle.correction_lead(kind_label=correction.get_kind_display(), moment=correction.created_at)


@register.filter
def clock_time(moment):
    """{{ update.published_at|clock_time }} -> '1:43 PM' (a live update's time)."""
    return printstyle.clock_time(moment) if moment else ""
