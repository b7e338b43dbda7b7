from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, Max, Min, OuterRef, Q
from django.utils import timezone

from articles import printstyle
from articles.imaging import RENDITION_FORMATS, RENDITION_SPECS, agency_credit, fit_within, rendition_key
from articles.models.articles import Article
from articles.models.authors import Author
from articles.models.fields import UprightImageField
from articles.validators import validate_photo_file

IN_FRAME = [MinValueValidator(0.0), MaxValueValidator(1.0)]


class CreditType(models.TextChoices):
    """How the credit line opens; the printed words live in printstyle.CREDIT_PREFIXES."""

    PHOTO = "photo", "Photo by …"
    FILE_PHOTO = "file_photo", "File Photo by … (taken before this story's events)"
    ILLUSTRATION = "illustration", "Photo illustration by …"
    HANDOUT = "handout", "Handout photo … (supplied by the people in the story)"
    COURTESY = "courtesy", "Courtesy of …"


class PhotoAssetQuerySet(models.QuerySet):
    def showable(self, at=None):
        """Photos readers may see at `at`: not restricted, licence not expired.

        The one rule for pictures, beside `Article.objects.published()`: a
        story whose lead photo is not showable stays up without it.
        """
        at = at or timezone.now()
        return self.filter(is_restricted=False).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=at))

    def expiry_window(self, at=None):
        """(latest licence expiry at or before `at`, next one after it): when `showable()` last and next changes."""
        at = at or timezone.now()
        window = self.aggregate(
            passed=Max("expires_at", filter=Q(expires_at__lte=at)),
            upcoming=Min("expires_at", filter=Q(expires_at__gt=at)),
        )
        return window["passed"], window["upcoming"]

    def expired(self, at=None):
        return self.filter(expires_at__lte=at or timezone.now())

    def expiring(self, *, within=timedelta(days=7), at=None):
        """Still showable at `at`, but not for longer than `within`."""
        at = at or timezone.now()
        return self.filter(expires_at__gt=at, expires_at__lte=at + within)

    def in_use(self):
        return self.filter(Q(lead_for__isnull=False) | Q(portrait_for__isnull=False)).distinct()

    def with_public_use(self, at=None):
        """Annotate `is_in_public_use`: readers are shown the photo somewhere at `at`.

        It leads a story readers may see (`Article.objects.published()`, the
        one rule), is in a live update readers see on such a story, or portrays
        an author (every author has a public page). A photo used only by drafts, embargoed or scheduled stories is not.
        Rights (`showable()`) are a separate test.
        """
        from articles.models.live import LiveUpdate  # live updates refer to photos: imported when asked

        leads = Article.objects.published(at).filter(lead_photo=OuterRef("pk"))
        portrays = Author.objects.filter(portrait=OuterRef("pk"))
        in_updates = LiveUpdate.objects.visible(at).filter(
            photo=OuterRef("pk"), article__in=Article.objects.published(at)
        )
        return self.annotate(is_in_public_use=Exists(leads) | Exists(portrays) | Exists(in_updates))

    def unused(self):
        return self.filter(lead_for__isnull=True, portrait_for__isnull=True)


class PhotoAsset(models.Model):
    """An image the photo desk holds, with what must be printed beside it and the rights to show it."""

    image = UprightImageField(
        upload_to="photos/%Y/%m/", width_field="width", height_field="height", max_length=255,
        validators=[validate_photo_file],
    )
    width = models.PositiveIntegerField(editable=False, default=0, help_text="Upright, as readers see it.")
    height = models.PositiveIntegerField(editable=False, default=0)
    content_hash = models.CharField(
        max_length=64, null=True, blank=True, unique=True, editable=False,
        help_text="SHA-256 of the original's bytes: the same file is never stored twice.",
    )
    title = models.CharField(max_length=200, blank=True, help_text="For finding the photo in the library; not printed.")
    caption = models.TextField(
        blank=True,
        help_text="What the photo shows, as printed under it. Leave blank on upload to take it from the file.",
    )
    credit_type = models.CharField(
        "credit", max_length=20, choices=CreditType.choices, default=CreditType.PHOTO,
        help_text="How the credit line opens.",
    )
    photographer = models.CharField(max_length=120, blank=True, help_text="From the file's By-line when blank.")
    agency = models.CharField(
        max_length=120, blank=True, help_text='The agency or desk credited: "EPA-EFE". From the file\'s Credit Line.'
    )
    source = models.CharField(
        max_length=120, blank=True, help_text="Who supplied the file, if not the agency. From the file's Source."
    )
    credit = models.CharField(
        "credited as",
        max_length=200,
        blank=True,
        help_text='As printed after the opening words: "Samiullah Popal/EPA-EFE". '
        "Leave blank to join the photographer and the agency (or source).",
    )
    copyright_notice = models.CharField(max_length=300, blank=True)
    usage_terms = models.TextField(blank=True, help_text="The licence's conditions, as the agency wrote them.")
    expires_at = models.DateTimeField(
        "licence expires",
        null=True,
        blank=True,
        db_index=True,
        help_text="From this moment readers no longer see the photo anywhere; stories stay up without it.",
    )
    is_restricted = models.BooleanField(
        "restricted", default=False, help_text="Hidden from readers everywhere until this is unticked (legal, rights)."
    )
    alt_text = models.CharField(
        max_length=300,
        blank=True,
        help_text="What a reader who cannot see the image needs to know. Not the caption: screen readers "
        "read both. A story cannot go live with a lead photo that has none.",
    )
    taken_at = models.DateTimeField(
        "date taken", null=True, blank=True, help_text="Leave blank on upload to take it from the file."
    )
    taken_at_utc_offset = models.SmallIntegerField(
        "UTC offset where taken",
        null=True,
        blank=True,
        help_text="Minutes east of UTC (Kabul: 270), from the file; prints the date taken in the place's own time.",
    )
    city = models.CharField(max_length=100, blank=True)
    country = models.CharField(max_length=100, blank=True)
    focal_x = models.FloatField(
        "focal point, across",
        default=0.5,
        validators=IN_FRAME,
        help_text="Where the subject is, from the left edge (0) to the right (1). Every crop keeps it in frame.",
    )
    focal_y = models.FloatField(
        "focal point, down",
        default=0.5,
        validators=IN_FRAME,
        help_text="Where the subject is, from the top (0) to the bottom (1).",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PhotoAssetQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "photo"
        # The library and the photo picker list the newest first; at 100,000 photos a sort is too slow.
        indexes = [models.Index(fields=["-created_at", "-id"], name="photo_newest_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(focal_x__gte=0, focal_x__lte=1, focal_y__gte=0, focal_y__lte=1),
                name="photo_focal_point_in_frame",
            ),
        ]

    def __str__(self):
        return self.title or self.caption[:60] or self.image.name

    # --- Rights ---------------------------------------------------------------
    def is_showable(self, at=None):
        """The `showable()` rule applied to this one photo."""
        at = at or timezone.now()
        return not self.is_restricted and (self.expires_at is None or self.expires_at > at)

    def is_expiring(self, *, within=timedelta(days=7), at=None):
        at = at or timezone.now()
        return self.expires_at is not None and at < self.expires_at <= at + within

    # --- Credit ---------------------------------------------------------------
    @property
    def joined_credit(self):
        return agency_credit(self.photographer, self.agency or self.source)

    @property
    def credit_line(self):
        """'Photo by Samiullah Popal/EPA-EFE', 'Courtesy of the family', or '' with no credit."""
        return printstyle.photo_credit(credit=self.credit, credit_type=self.credit_type)

    @property
    def is_file_photo(self):
        return self.credit_type == CreditType.FILE_PHOTO

    @is_file_photo.setter
    def is_file_photo(self, value):
        # Kept so older callers (and the demo's data) can still say "file photo".
        if value:
            self.credit_type = CreditType.FILE_PHOTO
        elif self.credit_type == CreditType.FILE_PHOTO:
            self.credit_type = CreditType.PHOTO

    # --- Renditions -------------------------------------------------------------
    @property
    def rendition_key(self):
        """16 hex digits, keyed with the site's secret: rotating DJANGO_SECRET_KEY renames every rendition."""
        return rendition_key(self.image.name, self.focal_x, self.focal_y, secret=settings.SECRET_KEY)

    def rendition_name(self, spec, ext="jpg"):
        """Where the `spec` rendition of this photo lives: known without a query."""
        return f"renditions/{self.pk}/{spec}-{self.rendition_key}.{ext}"

    def rendition_url(self, spec, ext="jpg"):
        """Always an address on the site (/media/…), whatever the storage: the media view
        checks the photo's rights and makes a missing rendition before serving it."""
        return f"{settings.MEDIA_URL}{self.rendition_name(spec, ext)}"

    def rendition_size(self, spec):
        """(width, height) of the `spec` rendition: the crop's shape, never larger than the original."""
        return fit_within(RENDITION_SPECS[spec], self.width, self.height)


class Rendition(models.Model):
    """One resized crop of a photo in one format, made once and then served as a plain file."""

    photo = models.ForeignKey(PhotoAsset, on_delete=models.CASCADE, related_name="renditions")
    spec = models.CharField(max_length=20, choices=[(name, name) for name in RENDITION_SPECS])
    ext = models.CharField(max_length=5, default="jpg", choices=[(ext, ext) for ext in RENDITION_FORMATS])
    focal_key = models.CharField(max_length=16, help_text="The original's name and focal point, hashed.")
    image = models.FileField(max_length=255)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["photo", "spec", "ext", "focal_key"], name="rendition_unique_per_photo_spec_ext_key"
            ),
        ]

    def __str__(self):
        return self.image.name
