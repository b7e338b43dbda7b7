from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, FilteredRelation, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from articles import printstyle
from articles.models.fields import SanitizedHTMLField
from articles.models.live import Coverage
from articles.reversing import article_path


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    READY = "ready", "Ready for editing"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Origin(models.TextChoices):
    STAFF = "staff", "Staff"
    WIRE = "wire", "Wire"
    FREELANCE = "freelance", "Freelance"
    HANDOUT = "handout", "Handout"


def bylines_prefetch():
    """Bylines in printed order, with their authors: what every byline on a page needs."""
    return Prefetch("bylines", queryset=Byline.objects.select_related("author").order_by("position", "id"))


def visible_at_q(at):
    """The `published()` rule as a Q object, for querysets and for filtered relations."""
    return (
        Q(status=Status.PUBLISHED, published_at__lte=at)
        & (Q(embargo_until__isnull=True) | Q(embargo_until__lte=at))
        & (Q(expires_at__isnull=True) | Q(expires_at__gt=at))
    )


def goes_live_at(published_at, embargo_until):
    """`Article.goes_live_at` from the two columns (for rows read as values)."""
    if published_at is None:
        return None
    if embargo_until and embargo_until > published_at:
        return embargo_until
    return published_at


def goes_live_expression():
    """`Article.goes_live_at` in SQL: the later of the publish time and the embargo's end."""
    return Greatest(F("published_at"), Coalesce(F("embargo_until"), F("published_at")))


class ArticleQuerySet(models.QuerySet):
    def published(self, at=None):
        """Return the articles readers may see at `at` (default: now).

        The only definition of "public": status published, publish time at
        or before `at`, embargo (if any) lifted and expiry (if any) not yet
        reached. A story scheduled for 06:00 is simply a published story
        whose time has not come, so it appears at 06:00 by itself; an expired
        one leaves every page the same way.
        """
        return self.filter(visible_at_q(at or timezone.now()))

    def scheduled(self, at=None):
        """Published stories still waiting for their publish time or their embargo at `at`."""
        at = at or timezone.now()
        return self.filter(status=Status.PUBLISHED).filter(Q(published_at__gt=at) | Q(embargo_until__gt=at))

    def embargoed(self, at=None):
        """Stories, in any state, held by an embargo that has not lifted at `at`."""
        return self.filter(embargo_until__gt=at or timezone.now())

    def expired(self, at=None):
        """Published stories that readers no longer see because their expiry passed."""
        return self.filter(status=Status.PUBLISHED, expires_at__lte=at or timezone.now())

    def publication_window(self, at=None):
        """The moments around `at` when `published()` changes by itself.

        Returns (newest, upcoming). `newest` is the latest moment at or before
        `at` when a story went live (publish time or lifted embargo, whichever
        is later) or expired: it moves exactly when the visible set changes
        with the clock. `upcoming` is the next such moment after `at` (None
        when there is none). A few one-row index reads; kept beside
        `published()` because it restates that rule in aggregate form.
        """
        at = at or timezone.now()
        public = self.filter(status=Status.PUBLISHED)
        lifted = Q(embargo_until__isnull=True) | Q(embargo_until__lte=at)
        # Each moment is read through an index (newest or oldest first, one
        # row), never by aggregating the whole archive: at a million stories
        # a single aggregate took seconds, and the window is worked out after
        # every edit. A story goes live at the later of its publish time and
        # its embargo, so the newest go-live is the later of the two maxima;
        # the stories still waiting (scheduled or embargoed) are few. All in
        # one query of scalar subqueries, each with its own index.
        went_live = public.filter(lifted, published_at__lte=at)
        goes_live = goes_live_expression()

        def first(articles, field):
            return Subquery(articles.order_by(field).values(field.lstrip("-"))[:1])

        def first_going_live(articles):
            return Subquery(articles.annotate(goes_live=goes_live).order_by("goes_live").values("goes_live")[:1])

        with_expiry = public.filter(expires_at__isnull=False)
        moments = {
            "live_published": first(went_live, "-published_at"),
            "live_embargo": first(went_live.filter(embargo_until__isnull=False), "-embargo_until"),
            "next_scheduled": first_going_live(public.filter(published_at__gt=at)),
            "next_embargo": first_going_live(public.filter(embargo_until__gt=at)),
            "expired": first(with_expiry.filter(expires_at__lte=at), "-expires_at"),
            "next_expiry": first(with_expiry.filter(expires_at__gt=at), "expires_at"),
        }
        # Any one row carries the subqueries' answers; no row means no stories at all.
        row = self.model.objects.order_by().annotate(**moments).values(*moments).first() or {}

        def latest(*names):
            return max((row[name] for name in names if row.get(name) is not None), default=None)

        def soonest(*names):
            return min((row[name] for name in names if row.get(name) is not None), default=None)

        return (
            latest("live_published", "live_embargo", "expired"),
            soonest("next_scheduled", "next_embargo", "next_expiry"),
        )

    def ready(self):
        return self.filter(status=Status.READY)

    def with_lead_photo_expiring(self, *, within=timedelta(days=7), at=None):
        """Live stories whose lead photo's licence ends within `within` of `at`: the desk's warning list."""
        at = at or timezone.now()
        return self.published(at).filter(
            lead_photo__expires_at__gt=at, lead_photo__expires_at__lte=at + within
        ).order_by("lead_photo__expires_at", "pk")

    def drafts(self):
        return self.filter(status=Status.DRAFT)

    def withdrawn(self):
        return self.filter(status=Status.WITHDRAWN)

    def in_section(self, section):
        return self.filter(section=section)

    def by_author(self, author):
        return self.filter(bylines__author=author)

    def tagged(self, tag):
        return self.filter(tags=tag)

    def listed_by_author(self, author, at=None):
        """`by_author()` through the byline rows' copy of the publish time, for a newest-first listing.

        The rows are read newest first from byline_author_listing_idx; order
        and page by `LISTING_TIME` and `LISTING_ID` (articles/pagination.py).
        Visibility is still `published()`'s, applied by the caller.
        """
        return self._listed("bylines", Q(bylines__author=author), at)

    def listed_with_tag(self, tag, at=None):
        """`tagged()` through the story–tag rows' copy of the publish time (tag_listing_idx)."""
        return self._listed("tag_listings", Q(tag_listings__tag=tag), at)

    def _listed(self, relation, condition, at):
        # One join, named `listing`: later filters on it (a keyset page's bounds) reuse it.
        return self.annotate(listing=FilteredRelation(relation, condition=condition)).filter(
            listing__story_published_at__lte=at or timezone.now()
        )

    def newest_first(self):
        return self.order_by("-published_at", "-id")

    def for_cards(self):
        """A story card's rows but its bylines, which only a card not yet rendered needs (templatetags/cards.py)."""
        return self.select_related("section", "lead_photo")

    def for_listing(self):
        """Everything a story card prints, in a fixed number of queries."""
        return self.for_cards().prefetch_related(bylines_prefetch())

    def for_detail(self):
        """A story page's needs: the card's, plus its dateline, tags and corrections (printed and in JSON-LD)."""
        return self.for_listing().select_related("dateline").prefetch_related("tags", "corrections")

    def for_story_page(self):
        """A story page's own row and those read with it; the rest only when its fragments are rendered.

        See articles/story_fragments.py: bylines, tags and corrections are
        fetched only when the page's head and <article> must be rendered anew.
        """
        return self.select_related("section", "lead_photo", "dateline")


class Article(models.Model):
    kicker = models.CharField(max_length=60, blank=True, help_text='The small label above the headline: "Analysis".')
    headline = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200, unique=True, help_text="Part of the story's address. Made from the headline; keep it short."
    )
    dek = models.TextField(blank=True, help_text="The one- or two-sentence summary under the headline.")
    body = SanitizedHTMLField(
        blank=True,
        help_text="Paragraphs, subheads, lists, quotes and links. Anything else is removed when you save.",
    )
    section = models.ForeignKey("articles.Section", on_delete=models.PROTECT, related_name="articles")
    tags = models.ManyToManyField("articles.Tag", blank=True, related_name="articles")

    dateline = models.ForeignKey(
        "articles.Dateline",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="articles",
        help_text="Where the story was reported. Leave blank for no place.",
    )
    dateline_source = models.CharField(
        "dateline credit",
        max_length=40,
        blank=True,
        help_text='Printed in the dateline: "UPI" gives "MOSCOW, July 4 (UPI) --".',
    )
    origin = models.CharField(
        max_length=20, choices=Origin.choices, default=Origin.STAFF, help_text="Where the story came from."
    )

    lead_photo = models.ForeignKey(
        "articles.PhotoAsset", null=True, blank=True, on_delete=models.PROTECT, related_name="lead_for"
    )
    lead_photo_caption = models.TextField(
        blank=True, help_text="A caption for this story only; leave blank to use the photo's own caption."
    )

    status = models.CharField("state", max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    embargo_until = models.DateTimeField(
        "embargoed until",
        null=True,
        blank=True,
        help_text="Readers see nothing of the story before this second, whatever its status or publish time.",
    )
    expires_at = models.DateTimeField(
        "expires",
        null=True,
        blank=True,
        help_text="From this second the story leaves the site, its feeds, sitemaps, search and API.",
    )
    published_at = models.DateTimeField(
        "publish time",
        null=True,
        blank=True,
        db_index=True,
        help_text="Readers see the story from this second on. A future time schedules it.",
    )
    first_published_at = models.DateTimeField(
        "first published",
        null=True,
        blank=True,
        editable=False,
        help_text="When the story first went live; its address carries this date.",
    )
    revised_at = models.DateTimeField(
        "last updated",
        null=True,
        blank=True,
        help_text="The \u201cUpdated\u201d time on the page: set by saving a live story as a substantive update.",
    )
    is_update_shown = models.BooleanField(
        "show as updated", default=False, help_text='Print "Updated <time>" under the publication time.'
    )
    seo_description = models.CharField(
        "SEO description",
        max_length=300,
        blank=True,
        help_text="For search engines and social cards; the dek if blank.",
    )
    coverage = models.CharField(
        "live coverage",
        max_length=10,
        blank=True,
        default="",
        choices=Coverage.choices,
        help_text="A live story gains short timestamped updates; set from the live desk under the story.",
    )
    coverage_ended_at = models.DateTimeField(
        "live coverage ended", null=True, blank=True, editable=False,
        help_text="When an editor ended the live coverage.",
    )
    home_position = models.PositiveSmallIntegerField(
        "top story position",
        null=True,
        blank=True,
        help_text="Pin to the top of the home front: 1 is the lead story. Leave blank to not pin.",
    )

    source_uri = models.CharField(
        "wire item URI",
        max_length=500,
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text="The ninjs uri of the wire item this story came from; a newer version updates it.",
    )
    source_version = models.CharField(max_length=100, blank=True, editable=False)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="articles_created",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        permissions = [
            ("publish_article", "Can publish, schedule, unpublish and pin stories"),
            ("change_article_photo", "Can set a story's lead photo and its caption"),
        ]
        indexes = [
            # The home front and every listing: published, newest first.
            models.Index(fields=["status", "published_at"], name="article_status_pub_idx"),
            # Section fronts, the busiest listing after the home front.
            models.Index(fields=["section", "status", "published_at"], name="article_section_pub_idx"),
            # The sitemap index dates its pages by recent edits.
            models.Index(fields=["updated_at"], name="article_updated_idx"),
            # Stories that went live by the clock, after their last save (scheduled ahead): the sitemap
            # index dates their pages from these few instead of every story published that day.
            models.Index(
                fields=["published_at"], condition=Q(published_at__gt=F("updated_at")), name="article_scheduled_idx"
            ),
            # The publication window reads the newest and next embargo and expiry through these.
            models.Index(
                fields=["embargo_until"], condition=Q(embargo_until__isnull=False), name="article_embargo_idx"
            ),
            models.Index(fields=["expires_at"], condition=Q(expires_at__isnull=False), name="article_expiry_idx"),
            # The home front's pinned stories: a handful among thousands.
            models.Index(
                fields=["home_position"], condition=Q(home_position__isnull=False), name="article_pinned_idx"
            ),
            # The admin's story list, in its default order (newest first, id breaking ties), unfiltered,
            # by state and by section: each reads its first page, or the ids of a deep one, from one of
            # these without sorting (docs/performance.md, "Admin at archive scale").
            models.Index(fields=["-published_at", "-id"], name="article_newest_idx"),
            models.Index(fields=["status", "-published_at", "-id"], name="article_status_newest_idx"),
            models.Index(fields=["section", "-published_at", "-id"], name="article_section_newest_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=Status.PUBLISHED) | Q(published_at__isnull=False),
                name="article_published_has_time",
            ),
            models.CheckConstraint(
                condition=(
                    Q(expires_at__isnull=True) | Q(published_at__isnull=True) | Q(expires_at__gt=F("published_at"))
                ),
                name="article_expires_after_publish",
            ),
        ]

    def __str__(self):
        return self.headline

    def get_absolute_url(self):
        return article_path(self.section.slug, self.url_date, self.slug)

    # --- State, derived from the row's own fields -------------------------
    def is_published(self, at=None):
        """The `published()` rule applied to this one article."""
        at = at or timezone.now()
        return (
            self.status == Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= at
            and not self.is_embargoed(at)
            and not self.is_expired(at)
        )

    def is_scheduled(self, at=None):
        """Published, but its publish time or its embargo is still ahead of `at`."""
        at = at or timezone.now()
        return (
            self.status == Status.PUBLISHED
            and self.published_at is not None
            and (self.published_at > at or self.is_embargoed(at))
        )

    def is_embargoed(self, at=None):
        return self.embargo_until is not None and self.embargo_until > (at or timezone.now())

    def is_expired(self, at=None):
        return self.expires_at is not None and self.expires_at <= (at or timezone.now())

    @property
    def goes_live_at(self):
        """When readers first see the story: its publish time, or the embargo's end if later."""
        return goes_live_at(self.published_at, self.embargo_until)

    def state_label(self, at=None):
        """'Published July 4, 1:43 PM', 'Scheduled for July 4, 1:43 PM', 'Draft', 'Withdrawn'."""
        if self.is_scheduled(at):
            return f"Scheduled for {printstyle.ap_month_day_time(self.goes_live_at)}"
        if self.status == Status.PUBLISHED and self.is_expired(at):
            return f"Expired {printstyle.ap_month_day_time(self.expires_at)}"
        if self.is_published(at):
            return f"Published {printstyle.ap_month_day_time(self.published_at)}"
        return self.get_status_display()

    @property
    def is_live(self):
        """Live coverage still running: the page polls for new updates."""
        return self.coverage == Coverage.LIVE

    @property
    def modified_at(self):
        """When readers were last told the story changed: the shown "Updated" time, else its publish time.

        Never `updated_at`, which a typo fix moves too; search engines and
        social cards should see what the page prints.
        """
        if self.is_update_shown and self.revised_at:
            return self.revised_at
        return self.published_at

    # --- Printing -----------------------------------------------------------
    @property
    def url_date(self):
        """The date in the story's address: first publication, else the planned time."""
        return timezone.localtime(self.first_published_at or self.published_at or timezone.now()).date()

    @property
    def summary(self):
        return self.seo_description or self.dek

    @property
    def shown_lead_photo(self):
        """The lead photo readers may see now, or None: an expired or restricted one is left out."""
        photo = self.lead_photo
        return photo if photo is not None and photo.is_showable() else None

    @property
    def photo_caption(self):
        if self.lead_photo is None:
            return ""
        return self.lead_photo_caption or self.lead_photo.caption

    @property
    def dateline_text(self):
        """'MOSCOW, July 4 (UPI) --', or '' for a story with neither place nor credit."""
        if self.dateline is None and not self.dateline_source:
            return ""
        return printstyle.dateline(
            place=self.dateline.place if self.dateline else "",
            source=self.dateline_source,
            moment=self.first_published_at or self.published_at or timezone.now(),
        )


class Byline(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey("articles.Author", on_delete=models.PROTECT, related_name="bylines")
    role = models.CharField(
        max_length=80,
        blank=True,
        help_text='Leave blank for the main byline ("By …"). Otherwise the line as printed: "Additional reporting by".',
    )
    affiliation = models.CharField(
        max_length=120,
        blank=True,
        default="",
        db_default="",  # rows written by raw SQL (generate_archive's COPY) name no affiliation
        help_text='Where this writer works, printed after the name: "By Aaron J. Staples, Michigan State University".',
    )
    position = models.PositiveSmallIntegerField(default=0)
    # The story's publish time while it is published, else NULL: kept by database triggers
    # (articles/listing_times.py), so the author page reads its newest stories from an index.
    story_published_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="byline_unique_author_per_article"),
        ]
        indexes = [
            models.Index(fields=["author", "-story_published_at", "-article"], name="byline_author_listing_idx"),
        ]

    def __str__(self):
        return f"{self.role or 'By'} {self.author}"


class TagListing(models.Model):
    """A story–tag row (`Article.tags`' own table) read with the story's publish time it carries.

    Not managed: Django keeps the table as `Article.tags`' join table; migration
    0016 added the column and its index, and database triggers fill it
    (articles/listing_times.py). Only the tag page reads through this model.
    """

    article = models.ForeignKey(Article, on_delete=models.DO_NOTHING, related_name="tag_listings")
    tag = models.ForeignKey("articles.Tag", on_delete=models.DO_NOTHING, related_name="+")
    story_published_at = models.DateTimeField(null=True)

    class Meta:
        managed = False
        db_table = "articles_article_tags"

    def __str__(self):
        return f"{self.article_id} – {self.tag_id}"


class ArticleSlugHistory(models.Model):
    """An address a story used to have, so old links answer 301, not 404."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="old_slugs")
    slug = models.SlugField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "article slug history"

    def __str__(self):
        return f"{self.slug} → {self.article.slug}"


class ArticleRevision(models.Model):
    """What a story looked like after one save, and who made it."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_at = models.DateTimeField(auto_now_add=True)
    snapshot = models.JSONField(help_text="The story's text and settings as saved.")
    base_version = models.PositiveIntegerField(
        null=True, blank=True, help_text="The version the editor had opened when they saved this one."
    )
    note = models.CharField(
        max_length=200, blank=True, help_text="What else happened: a stale save merged, a revision restored."
    )

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["article", "version"], name="revision_unique_version_per_article"),
        ]

    def __str__(self):
        return f"{self.article} v{self.version}"


class ArticleTransition(models.Model):
    """One change of a story's workflow state: who moved it, when, from what to what, and why."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=Status.choices)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    note = models.TextField(blank=True, help_text="Why: the reason for a withdrawal, what to fix when sent back.")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["article", "-at"], name="transition_article_at_idx")]

    def __str__(self):
        return f"{self.article}: {self.from_status} → {self.to_status}"


class CorrectionKind(models.TextChoices):
    CORRECTION = "correction", "Correction"
    CLARIFICATION = "clarification", "Clarification"
    RETRACTION = "retraction", "Retraction"
    EDITORS_NOTE = "editors_note", "Editor's note"


class Correction(models.Model):
    """A dated correction, clarification, retraction or editor's note printed with a story."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(max_length=20, choices=CorrectionKind.choices, default=CorrectionKind.CORRECTION)
    text = models.TextField(help_text="As printed: \"An earlier version of this story misspelled …\"")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        # The desk's "Recently corrected" list reads the newest few through this.
        indexes = [models.Index(fields=["-created_at", "-id"], name="correction_newest_idx")]

    def __str__(self):
        return f"{self.get_kind_display()}, {self.article}"
