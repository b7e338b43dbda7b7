"""The newsroom's staff roles, as Django auth groups with least-privilege model permissions.

A role grants only what the job needs: reporters write and file stories but
cannot publish or delete them or touch the photo library; the photo desk
manages photos and sets stories' lead photos. Administrators hold every
permission, user accounts included. Which story a reporter may change, and
when, is decided per story by articles/permissions.py.

The groups are made by `migrate` itself (a post_migrate receiver), so a
fresh install has them; the demo only adds its users.
"""

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured

ALL = ("add", "change", "delete", "view")

ROLES = {
    "Editors": {
        **{
            model: ALL
            for model in ("byline", "section", "author", "authorlink", "dateline", "tag", "photoasset", "correction")
        },
        # Only editors decide what readers see and when.
        "article": (*ALL, "publish", "change_article_photo"),
        "articlerevision": ("view",),
        "articletransition": ("view",),
        # A wire update to a story the desk edited waits for an editor.
        "pendingwireupdate": ("change", "view"),
    },
    "Reporters": {
        # Reporters write and file drafts; which stories, and in which state,
        # is decided per story by articles/permissions.py.
        "article": ("add", "change", "view"),
        "byline": ("add", "change", "delete", "view"),
        "section": ("view",),
        "author": ("view",),
        "dateline": ("add", "view"),
        "tag": ("add", "view"),
        "photoasset": ("view",),
        "correction": ("view",),
    },
    "Photo desk": {
        "photoasset": ALL,
        # Reads stories; sets their lead photo and caption, not their text.
        "article": ("view", "change_article_photo"),
        "byline": ("view",),
        "section": ("view",),
    },
}
# Everything, in every app, user accounts included.
ADMINISTRATORS = "Administrators"


def _codename(model, action):
    # "add" on "article" is "add_article"; a custom permission is named in full ("change_article_photo").
    return f"{action}_{model}" if action in (*ALL, "publish") else action


def role_permissions(grants):
    """Return the Permission rows for {model: actions} in the articles app.

    Raises ImproperlyConfigured if any is missing: permissions are created by
    `migrate`, so a gap means the database is not migrated, and a role saved
    without them would silently grant less than it promises.
    """
    codenames = {_codename(model, action) for model, actions in grants.items() for action in actions}
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
    administrators, _ = Group.objects.get_or_create(name=ADMINISTRATORS)
    administrators.permissions.set(Permission.objects.all())
    groups[ADMINISTRATORS] = administrators
    return groups


def create_roles_after_migrate(sender, app_config=None, using="default", verbosity=1, **kwargs):
    """post_migrate: make sure every permission exists, then the role groups.

    Connected in ArticlesConfig.ready(), so `migrate` on an empty database
    gives the newsroom its roles without the demo. Permissions are created
    here first because the auth app's own post_migrate handler may run after
    this one.
    """
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    for config in apps.get_app_configs():
        create_permissions(config, verbosity=0, using=using)
    ensure_roles()
