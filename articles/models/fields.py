from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields.files import ImageFieldFile

from articles.imaging import upright_size
from articles.sanitize import clean_body_html


class SanitizedHTMLField(models.TextField):
    """A TextField whose value is sanitized every time the row is saved.

    Sanitizing in the field rather than in a form means the admin, the wire
    importer, the demo loader and the shell all store the same clean HTML.
    """

    def pre_save(self, model_instance, add):
        value = clean_body_html(getattr(model_instance, self.attname) or "")
        setattr(model_instance, self.attname, value)
        return value


class UprightImageFieldFile(ImageFieldFile):
    def _get_image_dimensions(self):
        if not hasattr(self, "_dimensions_cache"):
            close = self.closed
            self.open()
            self._dimensions_cache = upright_size(self)
            self.seek(0)
            if close:
                self.close()
        return self._dimensions_cache


class PhotoFormField(forms.ImageField):
    """Django's image form field, saying why a file is refused in the photo desk's words.

    Django's own message for anything Pillow cannot open is "Upload a valid
    image"; the desk is told instead what the upload page and the hot folder
    say (an SVG drawing, a BMP, a broken file), from the same checks.
    """

    def to_python(self, data):
        try:
            return super().to_python(data)
        except ValidationError as error:
            if error.code != "invalid_image" or data is None:
                raise
            from articles.validators import photo_file_facts

            photo_file_facts(data)  # raises the desk's sentence for this file
            raise


class UprightImageField(models.ImageField):
    """An ImageField whose width and height are the picture as displayed.

    Phones store a portrait picture as a landscape one plus an EXIF note
    "turn me a quarter"; Django's own field records the stored size, so
    pages would reserve a landscape box for a portrait picture.
    """

    attr_class = UprightImageFieldFile

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PhotoFormField, **kwargs})
