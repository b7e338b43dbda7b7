from django.db import models


class PhotoAsset(models.Model):
    """An image the photo desk holds, with what must be printed beside it."""

    image = models.ImageField(upload_to="photos/%Y/%m/", width_field="width", height_field="height")
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    title = models.CharField(max_length=200, blank=True, help_text="For finding the photo in the library; not printed.")
    caption = models.TextField(blank=True, help_text="What the photo shows, as printed under it.")
    credit = models.CharField(
        max_length=200,
        blank=True,
        help_text='Photographer and agency, printed after "Photo by": e.g. "Samiullah Popal/EPA-EFE".',
    )
    is_file_photo = models.BooleanField(
        "file photo",
        default=False,
        help_text='Taken before this story\'s events; the credit then reads "File Photo by …".',
    )
    alt_text = models.CharField(
        max_length=300, help_text="What a reader who cannot see the image needs to know. Required."
    )
    taken_at = models.DateTimeField("date taken", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "photo"

    def __str__(self):
        return self.title or self.caption[:60] or self.image.name
