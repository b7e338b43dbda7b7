"""Helpers for tests that drive the site through Django's test client."""

from django import forms
from django.utils import timezone


def page(client, url):
    """The status and the HTML of a page, as a reader's browser gets them."""
    response = client.get(url)
    return response.status_code, response.content.decode()


def story_form_data(client, article):
    """What the admin's change form for `article` would post back unchanged, as the editor's browser holds it.

    Change what the test is about and post it: `{**story_form_data(client, story), "slug": "new"}`.
    The bylines inline is posted empty, which leaves the story's bylines as they are.
    """
    form = client.get(f"/admin/articles/article/{article.pk}/change/").context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if isinstance(field.widget, forms.SplitDateTimeWidget):
            local = timezone.localtime(value) if value else None
            data[f"{name}_0"] = local.strftime("%Y-%m-%d") if local else ""
            data[f"{name}_1"] = local.strftime("%H:%M:%S") if local else ""
        elif isinstance(field, forms.ModelMultipleChoiceField):
            data[name] = [getattr(item, "pk", item) for item in value] if value else []
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = getattr(value, "pk", value)
    data.update({"bylines-TOTAL_FORMS": "0", "bylines-INITIAL_FORMS": "0"})
    return data
