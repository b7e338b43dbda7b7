"""The demo writes its stories through the services an editor's save goes through (articles/services/),
so each story's history says what it holds, and a re-run that resets an edited story keeps the edit in it."""

import shutil
import tempfile
from pathlib import Path

from django.db.models import F
from django.test import TestCase, override_settings

from articles.models import ArticleRevision, ArticleTransition, Status
from articles.services.editing import article_save
from articles.services.revisions import article_snapshot, changed_parts
from tests.factories import make_editor
from tests.test_demo import DATA, demo_articles, run_demo


def latest_revision(article):
    return ArticleRevision.objects.filter(article=article).order_by("-version").first()


class DemoWritePathTests(TestCase):
    @classmethod
    def setUpClass(cls):
        cls.media_root = Path(tempfile.mkdtemp(prefix="newsroom-demo-write-test-"))
        cls.addClassCleanup(shutil.rmtree, cls.media_root, ignore_errors=True)
        media = override_settings(MEDIA_ROOT=str(cls.media_root))
        media.enable()
        cls.addClassCleanup(media.disable)
        super().setUpClass()

    @classmethod
    def setUpTestData(cls):
        run_demo()

    def test_every_story_s_latest_revision_is_what_it_holds(self):
        for article in demo_articles():
            with self.subTest(story=article.slug):
                revision = latest_revision(article)
                self.assertIsNotNone(revision)
                self.assertEqual(changed_parts(revision.snapshot, article_snapshot(article)), [])
                self.assertIsNone(revision.saved_by)  # the system

    def test_updated_stories_were_saved_as_substantive_updates_after_going_live(self):
        revised = [spec.slug for spec in DATA.live_stories if spec.revised_hours_later]
        self.assertTrue(revised)
        for article in demo_articles().filter(slug__in=revised):
            with self.subTest(story=article.slug):
                self.assertTrue(article.is_update_shown and article.revised_at > article.published_at)
                snapshots = [r.snapshot for r in ArticleRevision.objects.filter(article=article).order_by("version")]
                # Published first, then updated: the history has both.
                self.assertFalse(snapshots[-2]["is_update_shown"])
                self.assertTrue(snapshots[-1]["is_update_shown"])

    def test_every_story_went_live_through_the_workflow(self):
        for article in demo_articles():
            # The last change of state: a live update's history entry keeps the state (services/live.py).
            changes = ArticleTransition.objects.filter(article=article).exclude(from_status=F("to_status"))
            transition = changes.order_by("-id").first()
            self.assertEqual((transition.to_status, transition.by), (Status.PUBLISHED, None), article.slug)

    def test_a_rerun_resets_an_edited_story_and_its_history_keeps_the_edit(self):
        article = demo_articles().published().first()
        demo_headline = article.headline
        article.headline = "An editor's better headline"
        article_save(article=article, by=make_editor())

        run_demo()

        article.refresh_from_db()
        self.assertEqual(article.headline, demo_headline)
        headlines = list(ArticleRevision.objects.filter(article=article).order_by("version").values_list(
            "snapshot__headline", flat=True
        ))
        self.assertEqual(headlines[-2:], ["An editor's better headline", demo_headline])

    def test_a_rerun_leaves_live_stories_untouched(self):
        def state():
            return {a.pk: (a.updated_at, latest_revision(a).version) for a in demo_articles().published()}

        before = state()

        run_demo()

        self.assertEqual(state(), before)
