"""Forms shared by the admin and the commands, so both validate the same way."""

from django import forms

from articles.models import PhotoAsset

# Bigger files are almost always a mistake (an uncompressed scan, a video
# still at full sensor size) and slow every rendition down.
MAX_PHOTO_BYTES = 40 * 1024 * 1024


class PhotoUploadForm(forms.ModelForm):
    class Meta:
        model = PhotoAsset
        fields = [
            "image", "title", "alt_text", "caption", "credit", "is_file_photo", "taken_at", "focal_x", "focal_y",
        ]

    def clean_image(self):
        image = self.cleaned_data["image"]
        if image and getattr(image, "size", 0) > MAX_PHOTO_BYTES:
            raise forms.ValidationError(
                f"This file is {image.size // (1024 * 1024)} MB; photos may be at most "
                f"{MAX_PHOTO_BYTES // (1024 * 1024)} MB."
            )
        return image
