"""Corrections and updates as readers see them: dated at the foot, an editor's note on top, Updated when it matters."""

from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied

from articles import printstyle
from articles.models import Correction, CorrectionKind
from articles.services import editing
from tests.factories import make_article
from tests.test_roles import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    user = User.objects.create_user("desk", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def test_corrections_print_dated_at_the_foot_and_an_editors_note_above_the_body(client, editor):
    article = make_article(body="<p>The mayor spoke on Friday.</p>")
    Correction.objects.create(
        article=article, text="An earlier version of this story misspelled the mayor's name.",
        created_at=datetime(2026, 11, 28, 15, 0, tzinfo=UTC), created_by=editor,
    )
    Correction.objects.create(
        article=article, kind=CorrectionKind.EDITORS_NOTE, text="This story has been updated throughout.",
        created_at=datetime(2026, 9, 2, 15, 0, tzinfo=UTC),
    )
    html = client.get(article.get_absolute_url()).content.decode()
    note = html.index("Editor&#x27;s note, Sept. 2, 2026:</strong> This story has been updated throughout.")
    body = html.index("The mayor spoke on Friday.")
    correction = html.index(
        "Correction, Nov. 28, 2026:</strong> An earlier version of this story misspelled the mayor&#x27;s name."
    )
    assert note < body < correction


def test_a_correction_added_shows_at_once_even_on_a_cached_page(client, editor):
    article = make_article()
    assert b"misspelled" not in client.get(article.get_absolute_url()).content  # now cached
    editing.correction_add(article=article, text="An earlier version misspelled a name.", by=editor)
    assert b"misspelled" in client.get(article.get_absolute_url()).content


def test_only_editors_add_corrections():
    reporter = User.objects.create_user("rep", password="pw", is_staff=True)
    reporter.groups.add(Group.objects.get(name="Reporters"))
    with pytest.raises(PermissionDenied):
        editing.correction_add(article=make_article(), text="No.", by=reporter)
    assert not Correction.objects.exists()


def test_a_substantive_update_prints_updated_and_a_typo_fix_does_not(client, editor):
    article = make_article(body="<p>Ten people were hurt.</p>")
    article.body = "<p>Ten poeple were hurt.</p>".replace("poeple", "people")
    editing.article_save(article=article, by=editor)
    article.refresh_from_db()
    assert article.revised_at is None and not article.is_update_shown
    assert b"Updated" not in client.get(article.get_absolute_url()).content

    article.body = "<p>Twelve people were hurt, officials said.</p>"
    editing.article_save(article=article, by=editor, substantive=True)
    article.refresh_from_db()
    assert article.is_update_shown and article.revised_at is not None
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'class="story-updated"' in html


def test_substantive_update_box_in_the_admin_sets_the_updated_time(client, editor):
    article = make_article()
    client.force_login(editor)
    client.user = editor
    url = f"/admin/articles/article/{article.pk}/change/"
    assert client.post(url, form_data(client, article, dek="Typo fixed")).status_code == 302
    article.refresh_from_db()
    assert not article.is_update_shown
    assert client.post(url, form_data(client, article, dek="New facts", is_substantive_update="on")).status_code == 302
    article.refresh_from_db()
    assert article.is_update_shown and article.revised_at is not None


def test_correction_lead_prints_the_kind_and_the_ap_date_in_the_newsroom_zone():
    # 02:00 UTC on Dec. 1 is still Nov. 30 in New York.
    moment = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
    assert printstyle.correction_lead(kind_label="Correction", moment=moment) == "Correction, Nov. 30, 2026"
    assert printstyle.correction_lead(kind_label="Clarification", moment=datetime(2026, 9, 5, tzinfo=UTC)) == (
        "Clarification, Sept. 4, 2026"
    )
