from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from articles.imaging import RENDITION_SPECS, rendition_key

IN_FRAME = [MinValueValidator(0.0), MaxValueValidator(1.0)]


class PhotoAsset(models.Model):
    """An image the photo desk holds, with what must be printed beside it."""

    image = models.ImageField(upload_to="photos/%Y/%m/", width_field="width", height_field="height")
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    title = models.CharField(max_length=200, blank=True, help_text="For finding the photo in the library; not printed.")
    caption = models.TextField(
        blank=True,
        help_text="What the photo shows, as printed under it. Leave blank on upload to take it from the file.",
    )
    credit = models.CharField(
        max_length=200,
        blank=True,
        help_text='Photographer and agency, printed after "Photo by": e.g. "Samiullah Popal/EPA-EFE". '
        "Leave blank on upload to take it from the file.",
    )
    is_file_photo = models.BooleanField(
        "file photo",
        default=False,
        help_text='Taken before this story\'s events; the credit then reads "File Photo by …".',
    )
    alt_text = models.CharField(
        max_length=300, help_text="What a reader who cannot see the image needs to know. Required."
    )
    taken_at = models.DateTimeField(
        "date taken", null=True, blank=True, help_text="Leave blank on upload to take it from the file."
    )
    focal_x = models.FloatField(
        "focal point, across",
        default=0.5,
        validators=IN_FRAME,
        help_text="Where the subject is, from the left edge (0) to the right (1). Every crop keeps it in frame.",
    )
    focal_y = models.FloatField(
        "focal point, down",
        default=0.5,
        validators=IN_FRAME,
        help_text="Where the subject is, from the top (0) to the bottom (1).",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "photo"
        constraints = [
            models.CheckConstraint(
                condition=Q(focal_x__gte=0, focal_x__lte=1, focal_y__gte=0, focal_y__lte=1),
                name="photo_focal_point_in_frame",
            ),
        ]

    def __str__(self):
        return self.title or self.caption[:60] or self.image.name

    @property
    def rendition_key(self):
        return rendition_key(self.image.name, self.focal_x, self.focal_y)

    def rendition_name(self, spec):
        """Where the `spec` rendition of this photo lives: known without a query."""
        return f"renditions/{self.pk}/{spec}-{self.rendition_key}.jpg"

    def rendition_url(self, spec):
        return self.image.storage.url(self.rendition_name(spec))


class Rendition(models.Model):
    """One resized crop of a photo, made once and then served as a plain file."""

    photo = models.ForeignKey(PhotoAsset, on_delete=models.CASCADE, related_name="renditions")
    spec = models.CharField(max_length=20, choices=[(name, name) for name in RENDITION_SPECS])
    key = models.CharField(max_length=16, help_text="The original's name and focal point, hashed.")
    image = models.FileField(max_length=255)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["photo", "spec", "key"], name="rendition_unique_per_photo_spec_key"),
        ]

    def __str__(self):
        return self.image.name
