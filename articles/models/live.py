from html import unescape

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from articles.models.fields import SanitizedHTMLField
from articles.sanitize import strip_tags_safely

EXCERPT_CHARS = 80
# The newest updates a live story's page (and its JSON-LD) prints; older ones stay in the admin.
LIVE_UPDATES_SHOWN = 200


class Coverage(models.TextChoices):
    ORDINARY = "", "Ordinary story"
    LIVE = "live", "Live coverage"
    ENDED = "ended", "Live coverage ended"


class LiveUpdateQuerySet(models.QuerySet):
    def visible(self, at=None):
        """Updates readers may see at `at`, given that they may see the story: none before its own time."""
        return self.filter(published_at__lte=at or timezone.now())

    def for_stream(self):
        """What a printed update needs, newest first: its writer's byline and its photo."""
        return self.select_related("created_by__author_profile", "photo").order_by("-published_at", "-id")


class LiveUpdate(models.Model):
    """One short, timestamped entry of a live story, newest first on the page; pinned ones are its key points."""

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="live_updates")
    body = SanitizedHTMLField(help_text="A few sentences: what just happened. The same formatting as a story body.")
    photo = models.ForeignKey(
        "articles.PhotoAsset",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="live_updates",
        help_text="An optional credited photo from the library.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="live_updates"
    )
    published_at = models.DateTimeField(default=timezone.now, help_text="Readers see the update from this second.")
    edited_at = models.DateTimeField(null=True, blank=True, help_text="When the update was last corrected.")
    is_pinned = models.BooleanField(
        "pinned", default=False, help_text="Shown above the stream as one of the story's key points."
    )

    objects = LiveUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            # A story's stream and its poll: newest first.
            models.Index(fields=["article", "-published_at", "-id"], name="liveupdate_article_newest_idx"),
            models.Index(fields=["article"], condition=Q(is_pinned=True), name="liveupdate_pinned_idx"),
        ]

    def __str__(self):
        return f"Update {self.pk} to {self.article_id}"

    @property
    def anchor(self):
        return f"update-{self.pk}"

    @property
    def byline_name(self):
        """The writer as printed: their author profile's name, else their full name, else nothing."""
        user = self.created_by
        if user is None:
            return ""
        profile = getattr(user, "author_profile", None)
        if profile is not None:
            return profile.name
        return user.get_full_name() or user.get_username()

    @property
    def plain_text(self):
        """The body's words without markup (JSON-LD's articleBody)."""
        return " ".join(unescape(strip_tags_safely(self.body)).split())

    @property
    def excerpt(self):
        """The first words, for the history and as the update's headline in JSON-LD."""
        text = self.plain_text
        return text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1].rstrip() + "\u2026"

    @property
    def shown_photo(self):
        photo = self.photo
        return photo if photo is not None and photo.is_showable() else None
