"""A story's workflow: the states, the one table of transitions, and the actions that move it.

Modelled on Wagtail's actions (`wagtail/actions/publish_page_revision.py`,
`unpublish.py`): each action is a small class whose `check()` raises
`PermissionDenied` (who) or `ValidationError` (what state, what time) with a
message naming the story and the reason, and whose `execute()` makes the
change in one transaction, recording the revision and the transition.
The `article_<action>()` functions are the entry points everything calls.

Scheduling is a publish time in the future. Nothing runs at go-live: the
`published()` rule compares with the clock on every query. A change readers
may see is also purged from the caches in front of the site after the commit
(articles/purging.py); that, and the purge queued for a go-live second, only
tells caches: it never decides what readers see.
"""

from copy import copy

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from articles import permissions, printstyle
from articles.models import Article, ArticleSlugHistory, ArticleTransition, Status
from articles.purging import article_purge
from articles.services.photos import lead_photo_refusal
from articles.services.revisions import article_record_baseline, article_record_revision, current_version
from articles.services.writing import share_links_revoke_all

# What may follow what. Publishing a scheduled story now, or moving its time,
# keeps it published: a new time, not a new state.
TRANSITIONS = {
    Status.DRAFT: {Status.READY, Status.PUBLISHED},
    Status.READY: {Status.DRAFT, Status.PUBLISHED},
    Status.PUBLISHED: {Status.DRAFT, Status.WITHDRAWN},
    Status.WITHDRAWN: {Status.DRAFT},
}


def is_allowed_transition(from_status, to_status) -> bool:
    return to_status in TRANSITIONS.get(from_status, set())


def stamp_first_published(article: Article, *, at=None) -> None:
    """Keep `first_published_at` equal to the moment the story first went live.

    Until a story has actually been seen by readers, its first-publication
    time follows its publish time (rescheduling moves it); after that it
    never changes, so the story's address stays stable.
    """
    at = at or timezone.now()
    if article.status != Status.PUBLISHED or article.published_at is None:
        return
    already_live = article.first_published_at is not None and article.first_published_at <= at
    if not already_live:
        article.first_published_at = article.published_at


def story_name(article) -> str:
    return f"\u201c{article.headline}\u201d"


def _who(user) -> str:
    return user.get_username() if user is not None else "The system"


class ArticleAction:
    """One change of a story's state. Subclasses say where it goes and what it needs."""

    name = ""  # as in the admin's buttons and list actions
    label = ""
    to_status = None
    note_required = ""  # the message when a note is required and missing

    def __init__(self, article: Article, *, by=None, note: str = "", at=None):
        self.article = article
        self.by = by
        self.note = (note or "").strip()
        self.at = at
        self.outcome = ""  # what was done, in a sentence for the editor
        # Off only to decide which buttons to show: a time problem is explained when pressed.
        self.check_times = True

    # --- check ----------------------------------------------------------------
    def may(self) -> bool:
        """Whether `by` holds the right for this action on this story (state aside)."""
        return permissions.can_publish(self.by, self.article)

    def refuse(self, reason: str, *, permission=False):
        message = f"{story_name(self.article)}: {reason}"
        raise PermissionDenied(message) if permission else ValidationError(message)

    def check(self):
        if not self.may():
            self.refuse(f"{_who(self.by)} may not {self.label.lower()} this story.", permission=True)
        # People give their reasons; the system (a wire cancellation) records its own.
        if self.note_required and not self.note and self.by is not None:
            self.refuse(self.note_required)
        self.check_state(self.article.status)

    def check_state(self, status):
        if not is_allowed_transition(status, self.to_status):
            self.refuse(
                f"a story that is {Status(status).label.lower()} cannot be "
                f"{'moved to' if self.to_status != Status.DRAFT else 'put back to'} "
                f"{Status(self.to_status).label.lower()}."
            )

    def is_noop(self) -> bool:
        return False

    def goes_live_at(self, at):
        """When readers would first see the story if it were published at `at`: the embargo's end if later."""
        embargo = self.article.embargo_until
        return max(at, embargo) if embargo else at

    def refuse_if_not_ready_to_go_live(self, at):
        """An expiry before the story would go live, or a lead photo it may not go live with."""
        if not self.check_times:
            return
        goes_live = self.goes_live_at(at)
        self.refuse_if_expired_by(goes_live)
        for problem in lead_photo_problems(self.article, at=goes_live):
            self.refuse(problem)

    def refuse_if_expired_by(self, goes_live):
        expires_at = self.article.expires_at
        if expires_at is not None and goes_live is not None and expires_at <= goes_live:
            self.refuse(
                f"it expires {printstyle.ap_month_day_time(expires_at)}, before it would go live; "
                "move or clear the expiry first."
            )

    # --- execute --------------------------------------------------------------
    # What an action may write: the state and its times. The text is the editors' (editing.article_save).
    saved_fields = ("status", "published_at", "first_published_at", "updated_at")

    def execute(self) -> Article:
        """Check and apply the action to the story as stored now, writing only `saved_fields`.

        The caller's copy may be older than the row (a list loaded a minute
        ago): it names the story, nothing more. Its workflow fields are
        brought up to date afterwards; its text is never written.
        """
        given = self.article
        try:
            with transaction.atomic():
                # Lock the row and check against what is stored, not what a form
                # held: two editors pressing buttons at once cannot both pass.
                self.article = Article.objects.select_for_update().get(pk=given.pk)
                stored = copy(self.article)  # as it was before the action, for the purge
                self.check()
                if self.is_noop():
                    return self._hand_back(given)
                from_status = self.article.status
                if not current_version(self.article.pk):
                    # Made without a revision (a script): what it said until now is version 1.
                    article_record_baseline(article=self.article)
                self.apply()
                self.article.full_clean()
                self.article.save(update_fields=self.saved_fields)
                article_record_revision(article=self.article, by=self.by)
                ArticleTransition.objects.create(
                    article=self.article, from_status=from_status, to_status=self.article.status,
                    note=self.note, by=self.by,
                )
                # Caches in front of the site drop its pages after the commit (and again at a scheduled go-live).
                article_purge(self.article, previous=stored)
        except BaseException:
            self.article = given
            raise
        return self._hand_back(given)

    def _hand_back(self, given: Article) -> Article:
        for name in self.saved_fields:
            setattr(given, name, getattr(self.article, name))
        self.article = given
        return given

    def apply(self):
        self.article.status = self.to_status
        self.outcome = f"{story_name(self.article)} is now {Status(self.to_status).label.lower()}."


class SubmitArticle(ArticleAction):
    name, label, to_status = "submit", "Submit for editing", Status.READY

    def may(self):
        return permissions.can_submit(self.by, self.article)

    def apply(self):
        super().apply()
        self.outcome = f"{story_name(self.article)} was submitted for editing."


class SendBackArticle(ArticleAction):
    name, label, to_status = "send_back", "Send back", Status.DRAFT
    note_required = "say what to fix when sending a story back."

    def check_state(self, status):
        if status != Status.READY:
            self.refuse("only a story submitted for editing can be sent back.")

    def apply(self):
        super().apply()
        self.outcome = f"{story_name(self.article)} was sent back to its reporter."


class PublishArticle(ArticleAction):
    """Publish now; before an embargo, that means at the embargo's end."""

    name, label, to_status = "publish", "Publish", Status.PUBLISHED

    def check_state(self, status):
        if status != Status.PUBLISHED:
            super().check_state(status)
        now = timezone.now()
        if self.at is not None and self.at > now:
            self.refuse("to publish in the future, schedule the story instead.")
        if not self.article.is_published(now):
            self.refuse_if_not_ready_to_go_live(self.at or now)

    def is_noop(self):
        # "Publish now" on a live story changes nothing, not even its time.
        if self.article.is_published():
            self.outcome = f"{story_name(self.article)} is already live; nothing changed."
            return True
        return False

    def apply(self):
        now = timezone.now()
        at = self.at or now
        self.article.status = Status.PUBLISHED
        if self.article.is_embargoed(now) and self.article.embargo_until > at:
            at = self.article.embargo_until
            self.outcome = (
                f"{story_name(self.article)} is embargoed until {printstyle.ap_month_day_time(at)}, "
                "so it was scheduled for then."
            )
        else:
            self.outcome = f"{story_name(self.article)} was published."
        self.article.published_at = at
        stamp_first_published(self.article, at=now)


class ScheduleArticle(ArticleAction):
    name, label, to_status = "schedule", "Schedule", Status.PUBLISHED

    def check_state(self, status):
        if status == Status.PUBLISHED:
            if self.article.is_published():
                self.refuse("it is already live; unpublish it first to schedule it again.")
        else:
            super().check_state(status)
        if self.check_times and (self.at is None or self.at <= timezone.now()):
            self.refuse("a scheduled time must be in the future.")
        self.refuse_if_not_ready_to_go_live(self.at)

    def apply(self):
        now = timezone.now()
        self.article.status = Status.PUBLISHED
        self.article.published_at = self.at
        stamp_first_published(self.article, at=now)
        goes_live = self.article.goes_live_at
        self.outcome = f"{story_name(self.article)} is scheduled for {printstyle.ap_month_day_time(goes_live)}"
        self.outcome += " (its embargo's end)." if goes_live != self.at else "."


class UnpublishArticle(ArticleAction):
    """Back to draft: readers get a 404 from now on; the time is kept for reference."""

    name, label, to_status = "unpublish", "Unpublish", Status.DRAFT

    def check_state(self, status):
        if status != Status.PUBLISHED:
            state = Status(status).label.lower()
            self.refuse(f"only a published or scheduled story can be unpublished; it is {state}.")

    def apply(self):
        super().apply()
        # Inside execute()'s transaction: the story and its share links go down together.
        share_links_revoke_all(article=self.article)
        self.outcome = f"{story_name(self.article)} was unpublished and is a draft again."


class WithdrawArticle(ArticleAction):
    """Take a story down for good (legal, error); it stays withdrawn until an editor restores it."""

    name, label, to_status = "withdraw", "Withdraw", Status.WITHDRAWN
    note_required = "give the reason for withdrawing the story."

    def apply(self):
        super().apply()
        # Inside execute()'s transaction: a share link made on the draft must not outlive a legal takedown.
        share_links_revoke_all(article=self.article)
        self.outcome = f"{story_name(self.article)} was withdrawn."


class RestoreArticle(ArticleAction):
    """An editor's deliberate choice to bring a withdrawn story back, as a draft."""

    name, label, to_status = "restore", "Restore", Status.DRAFT

    def check_state(self, status):
        if status != Status.WITHDRAWN:
            self.refuse("only a withdrawn story can be restored.")

    def apply(self):
        super().apply()
        self.outcome = f"{story_name(self.article)} was restored as a draft."


ACTIONS = {
    action.name: action
    for action in (
        SubmitArticle, SendBackArticle, PublishArticle, ScheduleArticle, UnpublishArticle, WithdrawArticle,
        RestoreArticle,
    )
}


def lead_photo_problems(article, *, at) -> list[str]:
    """Why the story may not go live at `at` with its lead photo (the photo desk's rules), if any."""
    refusal = lead_photo_refusal(article.lead_photo, at=at)
    return [refusal] if refusal else []


def available_actions(user, article) -> list[type[ArticleAction]]:
    """The actions `user` may take on `article` as it stands: the buttons to show."""
    available = []
    for action_class in ACTIONS.values():
        # The note and the time are asked for when the button is pressed; here only rights and state count.
        action = action_class(article, by=user, note="-")
        action.check_times = False
        try:
            action.check()
        except (PermissionDenied, ValidationError):
            continue
        if action_class is PublishArticle and article.is_published():
            continue
        available.append(action_class)
    return available


def _run(action_class, article, **kwargs) -> Article:
    return action_class(article, **kwargs).execute()


def article_submit(*, article: Article, by=None) -> Article:
    return _run(SubmitArticle, article, by=by)


def article_send_back(*, article: Article, note: str, by=None) -> Article:
    return _run(SendBackArticle, article, by=by, note=note)


def article_publish(*, article: Article, at=None, by=None) -> Article:
    """Publish now (or at the given past moment); before an embargo, at its end."""
    return _run(PublishArticle, article, by=by, at=at)


def article_schedule(*, article: Article, at, by=None) -> Article:
    """Publish at a future second; readers see nothing until then."""
    return _run(ScheduleArticle, article, by=by, at=at)


def article_unpublish(*, article: Article, by=None, note: str = "") -> Article:
    return _run(UnpublishArticle, article, by=by, note=note)


def article_withdraw(*, article: Article, note: str = "", by=None) -> Article:
    return _run(WithdrawArticle, article, by=by, note=note)


def article_restore(*, article: Article, by=None, note: str = "") -> Article:
    return _run(RestoreArticle, article, by=by, note=note)


def article_remember_old_slug(*, article: Article, old_slug: str) -> None:
    """Keep `old_slug` pointing at `article` after an editor changes the slug.

    If the story takes back a slug it had before, that history row goes, so
    the current address is never also a redirect.
    """
    if old_slug and old_slug != article.slug:
        ArticleSlugHistory.objects.update_or_create(slug=old_slug, defaults={"article": article})
    ArticleSlugHistory.objects.filter(slug=article.slug).delete()
