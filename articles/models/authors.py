from django.conf import settings
from django.db import models

from articles.reversing import cached_reverse


class Author(models.Model):
    name = models.CharField(max_length=120, help_text='As printed in bylines: "Simon Corlett".')
    slug = models.SlugField(max_length=120, unique=True)
    job_title = models.CharField(max_length=120, blank=True, help_text='"Staff Writer", "Moscow correspondent".')
    bio = models.TextField(blank=True, help_text="A short paragraph for the author page.")
    portrait = models.ForeignKey(
        "articles.PhotoAsset", null=True, blank=True, on_delete=models.SET_NULL, related_name="portrait_for"
    )
    email = models.EmailField(blank=True, help_text="For the desk only; never shown to readers.")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profile",
        help_text="The staff account that writes as this author, if any.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return cached_reverse("articles:author-detail", slug=self.slug)

    @property
    def shown_portrait(self):
        """The portrait, unless its licence has expired or it is restricted."""
        portrait = self.portrait
        return portrait if portrait is not None and portrait.is_showable() else None


class AuthorLink(models.Model):
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="links")
    label = models.CharField(max_length=60, help_text='"Website", "Mastodon", "Bluesky".')
    url = models.URLField()
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return f"{self.label}: {self.url}"
