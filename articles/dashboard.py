"""What the desk sees first on the admin's index: the day's queue, by role. Reading only."""

from django.db.models import F, Max, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from articles import permissions
from articles.models import Article, Correction, PhotoAsset, Status
from articles.models.articles import goes_live_expression

SHOWN = 10


def editors_queue(at=None) -> dict:
    """The editors' lists: what waits for them, what goes live next, what just went out or was corrected."""
    at = at or timezone.now()
    stories = Article.objects.select_related("section", "created_by")
    # A live update is a history entry that keeps the state (services/live.py): not a submission.
    submitted = Max(
        "transitions__at",
        filter=Q(transitions__to_status=Status.READY) & ~Q(transitions__from_status=Status.READY),
    )
    return {
        # Waiting longest first: the time it was submitted, else its last save.
        "ready": list(
            stories.ready().annotate(submitted_at=Coalesce(submitted, F("updated_at"))).order_by("submitted_at")[:SHOWN]
        ),
        "scheduled": list(
            stories.scheduled(at).annotate(live_at=goes_live_expression()).order_by("live_at", "pk")[:SHOWN]
        ),
        "embargoed": list(stories.embargoed(at).order_by("embargo_until", "pk")[:SHOWN]),
        "published": list(stories.published(at).order_by("-published_at", "-pk")[:SHOWN]),
        "corrected": list(Correction.objects.select_related("article").order_by("-created_at", "-pk")[:SHOWN]),
        # Live stories about to lose their lead photo (the licence runs out): time to find another.
        "photo_expiring": list(stories.with_lead_photo_expiring(at=at).select_related("lead_photo")[:SHOWN]),
        "hidden_leads": hidden_lead_photos(at),
    }


def hidden_lead_photos(at=None) -> list:
    """Live stories whose lead photo readers no longer see (restricted, or its licence ended), newest first."""
    at = at or timezone.now()
    hidden = Q(lead_photo__is_restricted=True) | Q(lead_photo__expires_at__lte=at)
    stories = Article.objects.published(at).filter(hidden).select_related("section", "lead_photo")
    return list(stories.order_by("-published_at", "-pk")[:SHOWN])


def photo_desk_queue(at=None) -> dict:
    """The photo desk's lists: uploads missing credit or alt text, licences ending, lead photos hidden."""
    at = at or timezone.now()
    return {
        "incomplete": list(PhotoAsset.objects.filter(Q(credit="") | Q(alt_text="")).order_by("-created_at", "-pk")[
            :SHOWN
        ]),
        "expiring": list(PhotoAsset.objects.expiring(at=at).order_by("expires_at", "pk")[:SHOWN]),
        "hidden_leads": hidden_lead_photos(at),
    }


def reporters_queue(user) -> dict:
    """A reporter's own drafts, those sent back first, each with the editor's note."""
    own = Article.objects.filter(Q(created_by=user) | Q(bylines__author__user=user)).distinct()
    drafts = list(own.drafts().order_by("-updated_at")[:SHOWN])
    for draft in drafts:
        last = (
            draft.transitions.filter(to_status=Status.DRAFT).exclude(from_status=Status.DRAFT)
            .select_related("by").first()
        )
        draft.sent_back = last if last is not None and last.from_status == Status.READY else None
    drafts.sort(key=lambda draft: draft.sent_back is None)
    return {"drafts": drafts, "submitted": list(own.ready().order_by("-updated_at")[:SHOWN])}


def photos_lacking_alt_text(at=None) -> list:
    """Photos leading live stories with no alt text yet (a wire picture leads on its caption), oldest first,
    each with `live_headlines`: the stories readers see it in."""
    at = at or timezone.now()
    live = Article.objects.published(at)
    photos = list(
        PhotoAsset.objects.filter(alt_text="", lead_for__in=live).distinct().order_by("created_at", "pk")[:SHOWN]
    )
    headlines = {}
    for photo_id, headline in live.filter(lead_photo__in=photos).order_by("-published_at").values_list(
        "lead_photo_id", "headline"
    ):
        headlines.setdefault(photo_id, []).append(headline)
    for photo in photos:
        photo.live_headlines = headlines.get(photo.pk, [])
    return photos


def desk_for(user) -> dict:
    if permissions.is_editor(user):
        return {"role": "editor", **editors_queue(), "alt_missing": photos_lacking_alt_text()}
    if user.has_perm(permissions.CHANGE):
        return {"role": "reporter", **reporters_queue(user)}
    if user.has_perm(permissions.CHANGE_PHOTO):
        return {"role": "photo", **photo_desk_queue(), "alt_missing": photos_lacking_alt_text()}
    return {"role": None}
