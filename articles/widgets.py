"""Rich-text editing in the admin: django-prose-editor's ProseMirror editor, loaded under the site's CSP.

The package's own widget loads its modules through an inline import map,
which the Content Security Policy (script-src 'self') forbids. This widget
loads one module of ours, articles/prose.js, which imports the editor by a
relative path instead, so every script comes from a file.
"""

import json

from django import forms
from django.forms import Script
from django.utils.html import escape
from django_prose_editor.config import expand_extensions

# plain_text_from_editor is a text rule (services use it too); imported here for the forms that use this widget.
from articles.sanitize import BODY_EDITOR_EXTENSIONS, plain_text_from_editor  # noqa: F401

EDITOR_CSS = [
    "django_prose_editor/material-icons.css",
    "django_prose_editor/editor.css",
    "django_prose_editor/overrides.css",
    "articles/prose.css",
]


class ProseWidget(forms.Textarea):
    """A textarea that becomes a ProseMirror editor with the given toolbar extensions."""

    def __init__(self, *, extensions, single_paragraph=False, attrs=None):
        self.extensions = extensions
        self.single_paragraph = single_paragraph
        super().__init__(attrs)

    @property
    def media(self):
        return forms.Media(css={"all": EDITOR_CSS}, js=[Script("articles/prose.js", type="module")])

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        extensions = expand_extensions(self.extensions) | {"NoSpellCheck": False}
        config = {"extensions": {k: v for k, v in extensions.items() if v is not False}}
        config["singleParagraph"] = self.single_paragraph
        context["widget"]["attrs"]["data-newsroom-editor"] = json.dumps(config, separators=(",", ":"))
        return context

    def use_required_attribute(self, initial):
        return False  # the textarea is hidden behind the editor; the browser could not point at it


def body_widget():
    return ProseWidget(extensions=BODY_EDITOR_EXTENSIONS, attrs={"rows": 24, "class": "vLargeTextField"})


class PlainParagraphWidget(ProseWidget):
    """One paragraph of plain text (the dek, a correction): the editor's keys and undo, no formatting.

    The stored value is plain text; the editor gets it as one escaped paragraph.
    """

    def __init__(self, attrs=None):
        super().__init__(extensions={"History": True, "Menu": False}, single_paragraph=True, attrs=attrs)

    def format_value(self, value):
        if value and not str(value).lstrip().startswith("<p>"):
            return f"<p>{escape(value)}</p>"
        return super().format_value(value)
