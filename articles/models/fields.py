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


class UprightImageField(models.ImageField):
    """An ImageField whose width and height are the picture as displayed.

    Phones store a portrait picture as a landscape one plus an EXIF note
    "turn me a quarter"; Django's own field records the stored size, so
    pages would reserve a landscape box for a portrait picture.
    """

    attr_class = UprightImageFieldFile
