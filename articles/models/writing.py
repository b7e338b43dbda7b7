"""What happens around a story while people write it: autosaves, who has it open, share links.

None of these rows changes the story or what readers see: an autosave is
kept beside the story until its author saves, presence only informs (it
never locks), and a share link shows one unpublished story to whoever holds
it until it expires or is revoked.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from articles.models.articles import Status


class ArticleAutosave(models.Model):
    """One editor's unsaved text of one story, as the form held it at `saved_at`."""

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="autosaves")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    fields = models.JSONField(help_text="The form's text fields by name, as typed.")
    base_version = models.PositiveIntegerField(default=0, help_text="The story's version the editor had open.")
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "user"], name="autosave_one_per_user_and_story")]

    def __str__(self):
        return f"{self.article} ({self.user}, {self.saved_at:%H:%M})"


class ArticlePresence(models.Model):
    """Someone has the story open in the admin: since when, and when their tab last said so."""

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="presences")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    since = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "user"], name="presence_one_per_user_and_story")]

    def __str__(self):
        return f"{self.user} in {self.article}"


def new_share_token():
    return secrets.token_urlsafe(24)


def default_share_expiry():
    return timezone.now() + timedelta(hours=settings.NEWSROOM_SHARE_LINK_HOURS)


class ShareLinkQuerySet(models.QuerySet):
    def usable(self, at=None):
        """Links that still open their story at `at`: not revoked, not expired, the story not withdrawn."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=at or timezone.now()).exclude(
            article__status=Status.WITHDRAWN
        )


class ShareLink(models.Model):
    """A signed address that shows one unpublished story to someone without a login."""

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="share_links")
    token = models.CharField(max_length=64, unique=True, default=new_share_token, editable=False)
    note = models.CharField(max_length=120, blank=True, help_text='Who it is for: "Legal", "the source".')
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=default_share_expiry)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ShareLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Share link for {self.article}"

    def is_usable(self, at=None):
        live = self.revoked_at is None and self.expires_at > (at or timezone.now())
        return live and self.article.status != Status.WITHDRAWN
