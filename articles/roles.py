"""The newsroom's staff roles, as Django auth groups with least-privilege model permissions.

A role grants only what the job needs: reporters write and file stories but
cannot publish or delete them or touch the photo library; the photo desk manages photos
and can read stories to caption for them. Anything beyond that (user accounts,
sections) goes through an editor or a superuser.
"""

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured

ALL = ("add", "change", "delete", "view")

ROLES = {
    "Editors": {
        **{
            model: ALL
            for model in ("byline", "section", "author", "authorlink", "dateline", "tag", "photoasset")
        },
        # Only editors decide what readers see and when.
        "article": (*ALL, "publish"),
        # A wire update to a story the desk edited waits for an editor.
        "pendingwireupdate": ("change", "view"),
    },
    "Reporters": {
        # Reporters write and file drafts; the status, publish time and
        # front-page pin are read-only for them (see ArticleAdmin).
        "article": ("add", "change", "view"),
        "byline": ("add", "change", "delete", "view"),
        "section": ("view",),
        "author": ("view",),
        "dateline": ("add", "view"),
        "tag": ("add", "view"),
        "photoasset": ("view",),
    },
    "Photo desk": {
        "photoasset": ALL,
        "article": ("view",),
    },
}


def role_permissions(grants):
    """Return the Permission rows for {model: actions} in the articles app.

    Raises ImproperlyConfigured if any is missing: permissions are created by
    `migrate`, so a gap means the database is not migrated, and a role saved
    without them would silently grant less than it promises.
    """
    codenames = {f"{action}_{model}" for model, actions in grants.items() for action in actions}
    permissions = list(Permission.objects.filter(content_type__app_label="articles", codename__in=codenames))
    missing = codenames - {permission.codename for permission in permissions}
    if missing:
        raise ImproperlyConfigured(f"Missing permissions {sorted(missing)}; run `manage.py migrate` first.")
    return permissions


def ensure_roles():
    """Create or update the role groups so each has exactly its permissions; return {name: Group}.

    Safe to run any number of times; a permission added to a group by hand is
    removed, so the group always matches `ROLES`.
    """
    groups = {}
    for name, grants in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(role_permissions(grants))
        groups[name] = group
    return groups
