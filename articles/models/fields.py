from django.db import models

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
