"""The staff groups are made by `migrate`, and a later `migrate` never undoes what an administrator changed."""

import importlib
import io

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from articles.roles import ADMINISTRATORS, ROLES

pytestmark = pytest.mark.django_db

GROUPS = {*ROLES, ADMINISTRATORS}


def migrate():
    call_command("migrate", verbosity=0, stdout=io.StringIO())


def codenames(group_name):
    return set(Group.objects.get(name=group_name).permissions.values_list("codename", flat=True))


def test_a_permission_granted_by_hand_survives_migrate():
    reporters = Group.objects.get(name="Reporters")
    reporters.permissions.add(Permission.objects.get(content_type__app_label="articles", codename="publish_article"))

    migrate()

    assert "publish_article" in codenames("Reporters")


def test_a_permission_taken_away_by_hand_stays_away_after_migrate():
    editors = Group.objects.get(name="Editors")
    editors.permissions.remove(Permission.objects.get(content_type__app_label="articles", codename="delete_tag"))

    migrate()

    assert "delete_tag" not in codenames("Editors")
    assert "publish_article" in codenames("Editors")


def test_a_deleted_group_is_made_again_by_migrate_with_its_role():
    Group.objects.filter(name="Photo desk").delete()

    migrate()

    expected = {f"{a}_{m}" if a in ("add", "change", "delete", "view") else a for m, acts in ROLES["Photo desk"].items()
                for a in acts}
    assert codenames("Photo desk") == expected


def test_the_migration_makes_the_groups_before_django_has_made_any_permission():
    """As on a fresh database, where permissions are created only after the last migration."""
    Group.objects.all().delete()
    Permission.objects.all().delete()
    migration = importlib.import_module("articles.migrations.0018_roles_by_migration")

    migration.create_roles(apps, None)

    assert set(Group.objects.values_list("name", flat=True)) == GROUPS
    assert {"publish_article", "change_article_photo", "add_article"} <= codenames("Editors")
    assert codenames("Reporters") == {"add_article", "change_article", "view_article", "add_byline",
                                      "change_byline", "delete_byline", "view_byline", "view_section", "view_author",
                                      "add_dateline", "view_dateline", "add_tag", "view_tag", "view_photoasset",
                                      "view_correction"}
    publish = Permission.objects.get(codename="publish_article")
    assert publish.name == "Can publish, schedule, unpublish and pin stories"

    # Django's own pass afterwards finds them made and adds the rest; Administrators get every one.
    migrate()
    assert Permission.objects.filter(codename="publish_article").count() == 1
    assert codenames(ADMINISTRATORS) == set(Permission.objects.values_list("codename", flat=True))
