"""The newsroom's staff roles, as Django auth groups with least-privilege model permissions.

A role grants only what the job needs: reporters write and file stories but
cannot publish or delete them or touch the photo library; the photo desk
manages photos and sets stories' lead photos. Administrators hold every
permission, user accounts included. Which story a reporter may change, and
when, is decided per story by articles/permissions.py.

The groups are made by `migrate` itself, in a data migration
(migrations/0018_roles_by_migration.py), so a fresh install has them; the
demo only adds its users. After that they belong to the administrators: a
permission granted or taken away by hand stays so (Administrators, who hold
every permission by definition, are given any they lack). A role that needs a new
permission gets a new migration, never a rewrite on every deploy. `ROLES`
describes the roles as they are now, for a group that has to be made again.
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
    """Make any role group that is missing, with its permissions; return {name: Group}.

    A group that exists is left as it is: a permission an administrator
    granted or took away by hand is never undone here.
    """
    groups = {}
    for name, grants in ROLES.items():
        group, created = Group.objects.get_or_create(name=name)
        if created:
            group.permissions.set(role_permissions(grants))
        groups[name] = group
    administrators, created = Group.objects.get_or_create(name=ADMINISTRATORS)
    if created:
        administrators.permissions.set(Permission.objects.all())
    groups[ADMINISTRATORS] = administrators
    return groups


def create_roles_after_migrate(sender, app_config=None, using="default", verbosity=1, **kwargs):
    """post_migrate: repair only. Make every permission and any missing role group; remove nothing.

    The groups come from a data migration; this puts back a group that was
    deleted (or emptied away by a test database flush), and gives
    Administrators, who hold every permission by definition, any they lack
    (on a fresh database Django creates most permissions after the migrations). Permissions are
    created here first because the auth app's own post_migrate handler may
    run after this one.
    """
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    for config in apps.get_app_configs():
        create_permissions(config, verbosity=0, using=using)
    groups = ensure_roles()
    administrators = groups[ADMINISTRATORS]
    administrators.permissions.add(*Permission.objects.exclude(group=administrators))
