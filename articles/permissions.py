"""Who may do what to a story: the one place the admin, the services and the preview ask.

Three kinds of staff touch stories:

- **Editors** (the `publish_article` permission) may do anything to any story.
- **Reporters** (`change_article` without `publish_article`) may change only
  stories they created or are bylined on, and only while those are drafts
  (new, or sent back to them); they submit them for editing.
- **The photo desk** (`change_article_photo`) may set any story's lead photo
  and its caption, and nothing else of it.

Every function takes `user=None` to mean the system (wire import, commands,
the shell), which may do anything.
"""

from articles.models import Status

PUBLISH = "articles.publish_article"
CHANGE = "articles.change_article"
CHANGE_PHOTO = "articles.change_article_photo"


def _staff(user) -> bool:
    return user is not None and user.is_active and user.is_staff


def is_editor(user) -> bool:
    """May publish, schedule, unpublish, withdraw, restore, pin and send back any story."""
    return user is None or (_staff(user) and user.has_perm(PUBLISH) and user.has_perm(CHANGE))


def is_own_story(user, article) -> bool:
    """The user created the story or is bylined on it (through their author profile)."""
    if article.pk is None:
        return True  # a story being written is its writer's own
    if article.created_by_id is not None and article.created_by_id == user.pk:
        return True
    return article.bylines.filter(author__user=user).exists()


def can_add(user) -> bool:
    return user is None or (_staff(user) and user.has_perm("articles.add_article"))


def can_change(user, article) -> bool:
    """May change the story's text, bylines, tags and photo (and, for editors, everything else)."""
    if is_editor(user):
        return True
    if not (_staff(user) and user.has_perm(CHANGE)):
        return False
    if article is None or article.pk is None:
        return True
    return article.status == Status.DRAFT and is_own_story(user, article)


def can_set_lead_photo(user, article) -> bool:
    """May set the story's lead photo and its caption."""
    if can_change(user, article):
        return True
    return _staff(user) and user.has_perm(CHANGE_PHOTO) and (article is None or article.status != Status.WITHDRAWN)


def can_publish(user, article=None) -> bool:
    """May decide when readers see the story: publish, schedule, unpublish, pin, embargo, expiry."""
    return is_editor(user)


def can_submit(user, article) -> bool:
    """May hand the story to the editors."""
    return can_change(user, article)


def can_delete(user, article=None) -> bool:
    return user is None or (is_editor(user) and user.has_perm("articles.delete_article"))


def can_preview(user, article) -> bool:
    """May see the unpublished story on the site: the same rule as changing it."""
    return user is not None and (can_change(user, article) or can_set_lead_photo(user, article))


def can_share(user, article) -> bool:
    """May make, list or revoke the story's share links: they show its whole unpublished text, so the
    right to change that text (the photo desk's right to set its photo is not enough)."""
    return can_change(user, article)


def can_add_correction(user, article) -> bool:
    return is_editor(user)


# --- Live coverage (articles/services/live.py) ---------------------------------------
# A live story is written by the whole desk at once: any reporter may post to
# it while it runs, and correct or delete what they posted; editors run it.


def can_run_coverage(user, article=None) -> bool:
    """May mark a story live, end its coverage, and pin, edit or remove anyone's update."""
    return is_editor(user)


def can_post_live_update(user, article) -> bool:
    """May add an update to the story's live coverage."""
    return is_editor(user) or (_staff(user) and user.has_perm(CHANGE))


def can_change_live_update(user, update) -> bool:
    """May correct or delete this update: an editor any, a reporter their own."""
    if is_editor(user):
        return True
    return can_post_live_update(user, update.article) and update.created_by_id == user.pk
