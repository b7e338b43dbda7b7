"""What the wire desk remembers: which items became which stories and photos, and
wire updates waiting for an editor."""

from django.conf import settings
from django.db import models


class WireStory(models.Model):
    """The wire item a story came from, as last imported.

    `fingerprint` is a hash of the text the import wrote; when the story no
    longer matches it, the desk has edited it, and a newer wire version waits
    for an editor instead of overwriting their work.
    """

    article = models.OneToOneField("articles.Article", on_delete=models.CASCADE, related_name="wire_story")
    uri = models.CharField(max_length=500, unique=True)
    version = models.CharField(max_length=100, blank=True)
    version_created_at = models.DateTimeField(null=True, blank=True)
    fingerprint = models.CharField(max_length=64)
    imported_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.uri} v{self.version or '?'}"


class WirePicture(models.Model):
    """A wire picture in the photo library: the same uri arriving again reuses the photo."""

    photo = models.OneToOneField("articles.PhotoAsset", on_delete=models.CASCADE, related_name="wire_picture")
    uri = models.CharField(max_length=500, unique=True)
    version = models.CharField(max_length=100, blank=True)
    href = models.CharField("taken from", max_length=1000, blank=True)
    copyright_holder = models.CharField(max_length=200, blank=True)
    copyright_notice = models.CharField(max_length=300, blank=True)
    usage_terms = models.TextField(blank=True, help_text="The agency's conditions for using the picture.")
    imported_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.uri


class PendingWireUpdateQuerySet(models.QuerySet):
    def open(self):
        """Updates no editor has applied or dismissed yet: what the dashboard lists."""
        return self.filter(resolved_at__isnull=True)


class PendingWireUpdate(models.Model):
    """A newer wire version of a story the desk has edited, kept for an editor to apply or dismiss."""

    class Resolution(models.TextChoices):
        APPLIED = "applied", "Applied"
        DISMISSED = "dismissed", "Dismissed"
        SUPERSEDED = "superseded", "Superseded by a newer wire version"

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="pending_wire_updates")
    version = models.CharField(max_length=100, blank=True)
    version_created_at = models.DateTimeField(null=True, blank=True)
    headline = models.CharField(max_length=200)
    ninjs = models.JSONField(help_text="The wire item as received (normalised).")
    received_at = models.DateTimeField(auto_now_add=True)
    resolution = models.CharField(max_length=20, choices=Resolution.choices, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PendingWireUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = "pending wire update"
        constraints = [
            models.UniqueConstraint(fields=["article", "version"], name="pending_wire_update_unique_version"),
        ]

    def __str__(self):
        return f"{self.article}: wire version {self.version or '?'}"


class WireImport(models.Model):
    """One "Import wire copy" upload: its files, kept until the import task has read them, and its report.

    The upload answers at once; the import_wire_copy task (articles/tasks.py)
    imports the items one by one, writing a WireImportLine for each, so the
    report page fills in as it goes and a run cut short resumes after the
    last line written.
    """

    class State(models.TextChoices):
        QUEUED = "queued", "queued"
        RUNNING = "running", "importing"
        DONE = "done", "done"

    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    section = models.ForeignKey("articles.Section", null=True, on_delete=models.SET_NULL, related_name="+")
    publish = models.BooleanField(default=False)
    photos = models.BooleanField(default=False)
    # [{"name": the file's own name (data, for the report), "stored": its name in storage}]
    files = models.JSONField(default=list)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Wire import {self.pk} ({self.get_state_display()})"


class WireImportLine(models.Model):
    """What happened to one item of a WireImport (or to a file that could not be read)."""

    wire_import = models.ForeignKey(WireImport, on_delete=models.CASCADE, related_name="lines")
    file_index = models.PositiveIntegerField()
    item_index = models.PositiveIntegerField()
    source = models.CharField(max_length=300)
    label = models.CharField(max_length=200, blank=True)
    outcome = models.CharField(max_length=200)
    detail = models.TextField(blank=True)
    notes = models.JSONField(default=list)
    refused = models.BooleanField(default=False)

    class Meta:
        ordering = ["wire_import", "file_index", "item_index"]
        constraints = [
            models.UniqueConstraint(
                fields=["wire_import", "file_index", "item_index"], name="wire_import_line_unique_per_item"
            )
        ]

    def __str__(self):
        return report_line(self)


def report_line(report) -> str:
    """One import report line, as `import_ninjs` prints it and the admin's report lists it:
    "file.json [item 2 uri]: refused: reason (note; note)"."""
    text = f"{report.source} {report.label}".rstrip() + f": {report.outcome}"
    if report.detail:
        text += f" {report.detail}"
    if report.notes:
        text += f" ({'; '.join(report.notes)})"
    return " ".join(text.split())
