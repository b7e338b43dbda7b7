from django.core.exceptions import ValidationError
from django.db import models

from articles.reversing import cached_reverse

# Top-level addresses the site uses for itself; a section may not take them.
RESERVED_SLUGS = frozenset(
    {"admin", "api", "authors", "feeds", "healthz", "media", "robots.txt", "search", "sitemap.xml",
     "sitemaps", "static", "tags"}
)


def validate_section_slug(value):
    if value in RESERVED_SLUGS:
        raise ValidationError(f"“{value}” is used by the site itself; choose another address.")


class SectionQuerySet(models.QuerySet):
    def active(self):
        """Sections shown in the navigation, in the editors' order."""
        return self.filter(is_active=True).order_by("position", "name")


class Section(models.Model):
    name = models.CharField(max_length=80, unique=True, help_text='As readers see it, e.g. "World News".')
    slug = models.SlugField(
        max_length=80,
        unique=True,
        validators=[validate_section_slug],
        help_text="The section's address: /<slug>/. Changing it breaks old links."
    )
    description = models.TextField(blank=True, help_text="One or two sentences shown on the section front.")
    position = models.PositiveSmallIntegerField(default=0, help_text="Order in the navigation; lower comes first.")
    is_active = models.BooleanField(
        "active",
        default=True,
        help_text="Inactive sections leave the navigation and their front answers 404; their stories stay online.",
    )

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return cached_reverse("articles:section-detail", slug=self.slug)
