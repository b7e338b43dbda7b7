"""`manage.py demo`: a believable newsroom, loaded the same however often it runs.

Loading takes about a second, so the command's tests share one load, run
twice as a user re-running `make demo` would, through `setUpTestData`. Each
test's changes are rolled back; the two that need a third run make it.
"""

import io
import os
import shutil
import tempfile
from datetime import timedelta
from html import escape
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.utils import timezone

from articles.demo import images, specs
from articles.demo.loader import PhotoLoader
from articles.models import (
    Article,
    Author,
    AuthorLink,
    Byline,
    Coverage,
    Dateline,
    LiveUpdate,
    PhotoAsset,
    Section,
    Tag,
)
from articles.roles import ROLES, ensure_roles

DATA = specs.read()
DEMO_SLUGS = [spec.slug for spec in DATA.stories]


def run_demo(port=None):
    """Run the command with tiny images (the same drawing, only smaller) and return its output.

    `PORT` is as given (unset by default), never the one the developer exported.
    """
    out = io.StringIO()
    with mock.patch.dict(os.environ):
        os.environ.pop("PORT", None)
        if port:
            os.environ["PORT"] = port
        call_command("demo", image_scale=0.05, stdout=out)
    return out.getvalue()


def row_counts():
    User = get_user_model()
    models = (Section, Author, AuthorLink, Dateline, Tag, PhotoAsset, Article, Byline, User, Group)
    return {model.__name__: model.objects.count() for model in models}


def files_under(root):
    return sorted(path.relative_to(root) for path in root.rglob("*") if path.is_file())


def demo_articles():
    return Article.objects.filter(slug__in=DEMO_SLUGS)


class DemoCommandTests(TestCase):
    """The demo loaded twice into an empty database, with a MEDIA_ROOT of its own."""

    @classmethod
    def setUpClass(cls):
        cls.media_root = Path(tempfile.mkdtemp(prefix="newsroom-demo-test-"))
        cls.addClassCleanup(shutil.rmtree, cls.media_root, ignore_errors=True)
        media = override_settings(MEDIA_ROOT=str(cls.media_root))
        media.enable()
        cls.addClassCleanup(media.disable)
        super().setUpClass()

    @classmethod
    def setUpTestData(cls):
        cls.first_output = run_demo()
        cls.first_counts, cls.first_files = row_counts(), files_under(cls.media_root)
        cls.output = run_demo()
        cls.counts, cls.files = row_counts(), files_under(cls.media_root)

    # --- Running again ------------------------------------------------------------
    def test_second_run_adds_no_rows(self):
        self.assertEqual(self.counts, self.first_counts)

    def test_second_run_writes_no_files(self):
        self.assertEqual(self.files, self.first_files)
        self.assertIn("(0 new image files)", self.output)
        self.assertNotIn("(0 new image files)", self.first_output)

    def test_everything_in_the_data_files_is_loaded_once(self):
        self.assertEqual(self.counts["Section"], len(DATA.sections))
        self.assertEqual(self.counts["Author"], len(DATA.authors))
        self.assertEqual(self.counts["Dateline"], len(DATA.datelines))
        self.assertEqual(self.counts["Tag"], len(DATA.tags))
        # Library photos, plus a portrait for each author, each with one file.
        self.assertEqual(self.counts["PhotoAsset"], len(DATA.photos) + len(DATA.authors))
        self.assertEqual(len(self.files), self.counts["PhotoAsset"])
        self.assertEqual(self.counts["Article"], len(DATA.stories))
        self.assertEqual(demo_articles().count(), len(DATA.stories))
        self.assertEqual(self.counts["User"], 4)

    def test_pending_scheduled_stories_move_and_live_ones_stay(self):
        pending = list(demo_articles().scheduled().order_by("published_at"))
        self.assertEqual(len(pending), len(DATA.scheduled_stories))
        self.assertGreaterEqual(len(pending), 2, "the test needs one to go live and one still pending")
        # The first one has gone live since the last run.
        went_live = pending[0]
        went_live_at = timezone.now() - timedelta(minutes=1)
        Article.objects.filter(pk=went_live.pk).update(published_at=went_live_at, first_published_at=went_live_at)
        published_before = dict(demo_articles().published().values_list("slug", "published_at"))

        run_demo()

        self.assertEqual(dict(demo_articles().published().values_list("slug", "published_at")), published_before)
        for article in pending[1:]:
            previous = article.published_at
            article.refresh_from_db()
            self.assertTrue(article.is_scheduled())
            self.assertGreaterEqual(article.published_at, previous)

    # --- Stories and photos --------------------------------------------------------
    def test_some_are_scheduled_for_the_coming_minutes_and_the_rest_are_live(self):
        now = timezone.now()
        wanted = {spec.slug: spec.schedule_in_minutes for spec in DATA.scheduled_stories}
        self.assertTrue(wanted)
        scheduled = demo_articles().scheduled(at=now)
        self.assertEqual(sorted(scheduled.values_list("slug", flat=True)), sorted(wanted))
        for article in scheduled:
            self.assertLessEqual(article.published_at, now + timedelta(minutes=wanted[article.slug] + 1))
        self.assertEqual(demo_articles().published(at=now).count(), len(DATA.live_stories))

    def test_publish_times_spread_over_the_last_three_weeks(self):
        times = sorted(demo_articles().published().values_list("published_at", flat=True))
        age_of_oldest = timezone.now() - times[0]
        self.assertGreater(age_of_oldest, timedelta(days=14))
        self.assertLess(age_of_oldest, timedelta(days=21))
        self.assertLess(timezone.now() - times[-1], timedelta(hours=6))
        self.assertGreaterEqual(len({moment.date() for moment in times}), 14)

    def test_every_story_has_a_byline_and_some_have_several(self):
        articles = list(demo_articles().prefetch_related("bylines"))
        for article in articles:
            self.assertTrue(article.bylines.all(), article.slug)
        self.assertTrue(any(len(article.bylines.all()) >= 3 for article in articles))
        self.assertTrue(Byline.objects.filter(article__in=articles, role="Additional reporting by").exists())

    def test_bodies_open_with_the_story_s_own_paragraphs_and_vary_in_structure(self):
        bodies = dict(demo_articles().values_list("slug", "body"))
        for spec in DATA.stories:
            body = bodies[spec.slug]
            # Lead, detail, quote and a closing paragraph at least.
            self.assertGreaterEqual(body.count("<p>"), 4, spec.slug)
            self.assertTrue(body.startswith(f"<p>{escape(spec.lead, quote=False)}</p>"), spec.slug)
            self.assertIn(escape(spec.quote, quote=False), body, spec.slug)
        self.assertTrue(any("<h2>" in body for body in bodies.values()))
        self.assertTrue(any("<blockquote>" in body for body in bodies.values()))

    def test_each_story_carries_what_its_data_says(self):
        articles = {
            article.slug: article
            for article in demo_articles().select_related("section", "dateline", "lead_photo").prefetch_related(
                "tags", "bylines__author"
            )
        }
        photo_titles = {photo.key: photo.title for photo in DATA.photos}
        for spec in DATA.stories:
            with self.subTest(story=spec.slug):
                article = articles[spec.slug]
                self.assertEqual(
                    (article.headline, article.dek, article.kicker, article.section.slug, article.origin),
                    (spec.headline, spec.dek, spec.kicker, spec.section, spec.origin),
                )
                self.assertEqual(article.dateline.place if article.dateline else "", spec.dateline)
                self.assertEqual(article.dateline_source, spec.source)
                self.assertEqual(article.lead_photo.title if article.lead_photo else None, photo_titles.get(spec.photo))
                self.assertEqual(article.home_position, spec.home_position)
                self.assertEqual(sorted(tag.name for tag in article.tags.all()), sorted(spec.tags))
                self.assertEqual(
                    [(byline.author.slug, byline.role) for byline in article.bylines.all()], list(spec.bylines)
                )
                if spec.revised_hours_later and not spec.schedule_in_minutes:
                    self.assertTrue(article.is_update_shown and article.revised_at)

    def test_every_photo_has_alt_text_a_credit_and_a_file_under_photos(self):
        for photo in PhotoAsset.objects.all():
            self.assertTrue(photo.alt_text and photo.credit, photo.title)
            self.assertTrue(photo.image.name.startswith("photos/"), photo.image.name)
            self.assertTrue((self.media_root / photo.image.name).is_file(), photo.image.name)
        self.assertTrue(PhotoAsset.objects.filter(credit_type="file_photo").exists())

    def test_authors_have_titles_links_and_portraits(self):
        for author in Author.objects.all():
            self.assertTrue(author.job_title and author.bio and author.email, author.slug)
            self.assertIsNotNone(author.portrait_id, author.slug)
        self.assertGreaterEqual(AuthorLink.objects.count(), Author.objects.count())

    # --- Logins -----------------------------------------------------------------------
    ROLE_USERS = (
        (
            "editor",
            "Editors",
            ["publish_article", "delete_article", "change_section", "delete_photoasset", "delete_byline"],
            [],
        ),
        (
            "reporter",
            "Reporters",
            ["add_article", "change_article", "add_byline", "delete_byline", "add_tag", "add_dateline",
             "view_photoasset"],
            ["publish_article", "delete_article", "change_photoasset", "change_section", "delete_tag", "change_author"],
        ),
        (
            "photodesk",
            "Photo desk",
            ["add_photoasset", "change_photoasset", "delete_photoasset", "view_article"],
            ["change_article", "add_article", "delete_article", "add_byline"],
        ),
    )

    def test_each_role_user_is_staff_in_its_group_with_its_permissions(self):
        for username, group, allowed, denied in self.ROLE_USERS:
            with self.subTest(username=username):
                user = get_user_model().objects.get(username=username)
                self.assertTrue(user.is_staff)
                self.assertFalse(user.is_superuser)
                self.assertEqual(list(user.groups.values_list("name", flat=True)), [group])
                self.assertTrue(user.check_password(f"{username}-demo"))
                for codename in allowed:
                    self.assertTrue(user.has_perm(f"articles.{codename}"), codename)
                for codename in denied:
                    self.assertFalse(user.has_perm(f"articles.{codename}"), codename)

    def test_admin_is_a_superuser(self):
        admin = get_user_model().objects.get(username="admin")
        self.assertTrue(admin.is_superuser and admin.is_staff)
        self.assertTrue(admin.check_password("admin-demo"))

    def test_reporter_writes_as_an_author(self):
        self.assertTrue(Author.objects.get(user__username="reporter").bylines.exists())

    def test_logins_are_printed(self):
        self.assertIn("Demo logins (http://127.0.0.1:8000/admin/):", self.output)
        for username in ("editor", "reporter", "photodesk", "admin"):
            self.assertRegex(self.output, rf"{username}\s+/ {username}-demo")

    def test_logins_point_at_the_port_make_demo_serves_on(self):
        self.assertIn("Demo logins (http://127.0.0.1:8123/admin/):", run_demo(port="8123"))

    def test_an_existing_account_keeps_its_own_password(self):
        admin = get_user_model().objects.get(username="admin")
        admin.set_password("a-real-secret")
        admin.save()

        output = run_demo()

        admin.refresh_from_db()
        self.assertTrue(admin.check_password("a-real-secret"))
        self.assertIn("its own password was kept", output)


@pytest.mark.django_db
def test_photo_whose_file_is_missing_is_drawn_again(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    loader = PhotoLoader(scale=0.02, now=timezone.now())
    fields = {"title": "Test sea", "filename": "sea.jpg", "alt_text": "A sea.", "credit": "Test/Ledger Staff"}

    def draw():
        return images.draw_scene("sea", palette="dawn", seed="sea", size=(32, 21))

    photo = loader.load(draw=draw, **fields)
    assert loader.load(draw=draw, **fields).pk == photo.pk
    assert len(loader.written) == 1

    (tmp_path / photo.image.name).unlink()
    again = loader.load(draw=draw, **fields)

    assert again.pk == photo.pk
    assert len(loader.written) == 2
    assert (tmp_path / again.image.name).is_file()


@pytest.mark.django_db
def test_ensure_roles_is_idempotent_and_keeps_permissions_granted_by_hand():
    ensure_roles()
    reporters = Group.objects.get(name="Reporters")
    granted = Permission.objects.get(content_type__app_label="articles", codename="delete_article")
    reporters.permissions.add(granted)

    ensure_roles()

    assert Group.objects.filter(name__in=ROLES).count() == len(ROLES)
    expected = {f"{action}_{model}" for model, actions in ROLES["Reporters"].items() for action in actions}
    assert set(reporters.permissions.values_list("codename", flat=True)) == expected | {"delete_article"}


class DemoLiveCoverageTests(TestCase):
    """The demo has one live story whose updates readers see, and a re-run adds none."""

    @classmethod
    def setUpTestData(cls):
        cls.media_root = tempfile.mkdtemp()
        with override_settings(MEDIA_ROOT=cls.media_root):
            run_demo()
            cls.counts = LiveUpdate.objects.count()
            run_demo()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(cls.media_root, ignore_errors=True)

    def test_a_live_story_with_key_points_and_updates(self):
        story = demo_articles().published().get(coverage=Coverage.LIVE)
        self.assertEqual(story.live_updates.count(), self.counts)
        self.assertGreaterEqual(story.live_updates.filter(is_pinned=True).count(), 1)
        self.assertGreaterEqual(story.live_updates.filter(is_pinned=False).count(), 3)
        self.assertFalse(story.live_updates.filter(published_at__gt=timezone.now()).exists())
        html = self.client.get(story.get_absolute_url()).content.decode()
        self.assertIn("Key points", html)
        for update in story.live_updates.all():
            self.assertIn(f'id="update-{update.pk}"', html)
