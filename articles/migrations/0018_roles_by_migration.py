"""The newsroom's four staff groups, made by `migrate` itself.

Until now a post_migrate receiver rewrote the groups on every `migrate`,
removing any permission an administrator had granted by hand. From here on
the groups are data: this migration creates them (or, on a database that
already has them, adds what a role is missing) and never removes a
permission. A role that gains a permission later gets a migration of its own.

The roles are copied here as they stand at this migration, not imported:
a migration must keep doing what it did when it landed.
"""

from django.db import migrations

ALL = ("add", "change", "delete", "view")
ROLES = {
    "Editors": {
        **{
            model: ALL
            for model in ("byline", "section", "author", "authorlink", "dateline", "tag", "photoasset", "correction")
        },
        "article": (*ALL, "publish", "change_article_photo"),
        "articlerevision": ("view",),
        "articletransition": ("view",),
        "pendingwireupdate": ("change", "view"),
    },
    "Reporters": {
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
        "article": ("view", "change_article_photo"),
        "byline": ("view",),
        "section": ("view",),
    },
}
ADMINISTRATORS = "Administrators"


def _permission(apps, model_name, action):
    """The permission row for `action` on an articles model, made now if `migrate` has not made it yet.

    On a fresh database Django creates permissions only after the last
    migration; the name given here is the one it would give.
    """
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    opts = apps.get_model("articles", model_name)._meta
    if action in (*ALL, "publish"):
        codename = f"{action}_{model_name}"
        name = dict(opts.permissions).get(codename, f"Can {action} {opts.verbose_name_raw}")
    else:
        codename, name = action, dict(opts.permissions)[action]
    content_type, _ = ContentType.objects.get_or_create(app_label="articles", model=model_name)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return permission


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *(_permission(apps, model, action) for model, actions in grants.items() for action in actions)
        )
    # Every permission there is now; those Django makes after this migration are added by
    # articles.roles.create_roles_after_migrate.
    administrators, _ = Group.objects.get_or_create(name=ADMINISTRATORS)
    administrators.permissions.add(*Permission.objects.all())


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0017_admin_search_headline"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        # Undoing it leaves the groups: people may belong to them.
        migrations.RunPython(create_roles, migrations.RunPython.noop),
    ]
