"""Plain factory functions: each fills defaults, a test spells out what matters."""

import io
import itertools
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from articles.models import Article, Author, Byline, Dateline, PhotoAsset, Section, Status, Tag
from articles.roles import ensure_roles

_counter = itertools.count(1)


def _n():
    return next(_counter)


def make_section(**kwargs):
    n = _n()
    kwargs.setdefault("name", f"Section {n}")
    kwargs.setdefault("slug", f"section-{n}")
    return Section.objects.create(**kwargs)


def make_author(**kwargs):
    n = _n()
    kwargs.setdefault("name", f"Author {n}")
    kwargs.setdefault("slug", f"author-{n}")
    return Author.objects.create(**kwargs)


def make_tag(**kwargs):
    n = _n()
    kwargs.setdefault("name", f"Tag {n}")
    kwargs.setdefault("slug", f"tag-{n}")
    return Tag.objects.create(**kwargs)


def make_dateline(**kwargs):
    kwargs.setdefault("place", f"PLACE {_n()}")
    return Dateline.objects.create(**kwargs)


def image_bytes(*, size=(64, 48), color=(40, 90, 160), fmt="JPEG"):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, fmt)
    return buffer.getvalue()


# A whole JPEG that is also an HTML page: browsers that sniff, or a server that
# types files by their name, would run its script on the site's origin.
HTML_IN_JPEG = b"<html><body><script>document.title = 'pwned'</script></body></html>"


def html_jpeg_bytes(*, size=(64, 48)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (90, 40, 160)).save(buffer, "JPEG", comment=HTML_IN_JPEG)
    return buffer.getvalue()


def make_photo(**kwargs):
    n = _n()
    kwargs.setdefault("image", SimpleUploadedFile(f"photo-{n}.jpg", image_bytes(), content_type="image/jpeg"))
    kwargs.setdefault("alt_text", f"Test photo {n}")
    kwargs.setdefault("caption", f"Caption {n}")
    kwargs.setdefault("credit", "Samiullah Popal/EPA-EFE")
    return PhotoAsset.objects.create(**kwargs)


def make_article(*, authors=(), tags=(), **kwargs):
    """A published story, live an hour ago, unless told otherwise."""
    n = _n()
    kwargs.setdefault("headline", f"Headline {n}")
    kwargs.setdefault("slug", f"headline-{n}")
    kwargs.setdefault("body", f"<p>Body of story {n}.</p>")
    if "section" not in kwargs:
        kwargs["section"] = make_section()
    kwargs.setdefault("status", Status.PUBLISHED)
    if kwargs["status"] == Status.PUBLISHED:
        kwargs.setdefault("published_at", timezone.now() - timedelta(hours=1))
        kwargs.setdefault("first_published_at", kwargs["published_at"])
    article = Article.objects.create(**kwargs)
    for position, author in enumerate(authors):
        if isinstance(author, tuple):
            author, role = author
        else:
            role = ""
        Byline.objects.create(article=article, author=author, role=role, position=position)
    if tags:
        article.tags.set(tags)
    return article


# --- People: one staff member per role (articles/roles.py) ---------------------------


def make_user(*, role=None, username=None, password="pw", **kwargs):
    """A staff member in the role's group, or with no rights at all when `role` is None."""
    kwargs.setdefault("is_staff", True)
    user = get_user_model().objects.create_user(username or f"user-{_n()}", password=password, **kwargs)
    if role:
        user.groups.add(ensure_roles()[role])
    return user


def make_editor(**kwargs):
    """Writes, edits and alone publishes, schedules and pins stories."""
    return make_user(role="Editors", **kwargs)


def make_reporter(**kwargs):
    """Writes and files drafts; cannot publish."""
    return make_user(role="Reporters", **kwargs)


def make_photo_desk(**kwargs):
    """Manages the photo library; reads stories."""
    return make_user(role="Photo desk", **kwargs)


def make_superuser(**kwargs):
    """The site's administrator: every right."""
    return make_user(is_superuser=True, **kwargs)
