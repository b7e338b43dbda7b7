"""A share link's address: its token signed with the secret key, and the usable link a signed token names.

Read by the reader site's preview page (views.py) and used by the desk when
it shows a link (services/writing.py makes and revokes the links).
"""

from django.core import signing

from articles.models import ShareLink

SHARE_SALT = "articles.share-link"


def share_link_signed_token(link: ShareLink) -> str:
    """The part of the link's address that proves it was made here: its token, signed with the secret key."""
    return signing.dumps(link.token, salt=SHARE_SALT, compress=False)


def share_link_from_signed_token(signed: str, *, at=None):
    """The usable link a signed token names, or None (forged, unknown, revoked or expired)."""
    try:
        token = signing.loads(signed, salt=SHARE_SALT)
    except signing.BadSignature:
        return None
    return ShareLink.objects.usable(at).select_related("article").filter(token=token).first()
