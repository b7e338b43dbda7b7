"""Post the story form as an editor's browser would: what it opened, with their changes."""

from django.test import Client
from django.utils import timezone

from tests.factories import make_editor


def editor_client(name, **extra):
    client = Client()
    client.force_login(make_editor(username=name, email=f"{name}@example.com", **extra))
    return client


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def opened_form(client, article):
    """What the change form would post back unchanged, bylines included."""
    response = client.get(change_url(article))
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if name in {"published_at", "revised_at", "embargo_until", "expires_at"}:
            value = form.initial.get(name)
            local = timezone.localtime(value) if value else None
            data[f"{name}_0"] = local.strftime("%Y-%m-%d") if local else ""
            data[f"{name}_1"] = local.strftime("%H:%M:%S") if local else ""
        elif name == "tags":
            data["tags"] = [str(pk) for pk in value or []]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = value
    bylines = list(article.bylines.order_by("position", "id"))
    data.update({"bylines-TOTAL_FORMS": str(len(bylines)), "bylines-INITIAL_FORMS": str(len(bylines))})
    for i, byline in enumerate(bylines):
        data.update(
            {
                f"bylines-{i}-id": str(byline.pk),
                f"bylines-{i}-article": str(article.pk),
                f"bylines-{i}-author": str(byline.author_id),
                f"bylines-{i}-role": byline.role,
                f"bylines-{i}-affiliation": byline.affiliation,
                f"bylines-{i}-position": str(byline.position),
            }
        )
    return data


def add_byline(data, author, *, role="", position=9):
    i = int(data["bylines-TOTAL_FORMS"])
    data = {**data, "bylines-TOTAL_FORMS": str(i + 1)}
    data.update(
        {f"bylines-{i}-author": str(author.pk), f"bylines-{i}-role": role, f"bylines-{i}-position": str(position)}
    )
    return data


def save(client, article, data):
    return client.post(change_url(article), data)


def reshown(response):
    """The data the re-shown form would post back: the main form's and the bylines'."""
    data = {}
    for name, value in response.context["adminform"].form.data.lists():
        data[name] = value if len(value) > 1 or name == "tags" else value[0]
    for formset in response.context["inline_admin_formsets"]:
        for name, value in formset.formset.data.lists():
            if name.startswith(formset.formset.prefix + "-"):
                data[name] = value[0]
    return data
