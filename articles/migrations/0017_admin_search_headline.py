from django.db import migrations

# Plain SQL; PostgreSQL only (SQLite's search reads its FTS5 table).
from articles import search_index


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(search_index.HEADLINE_INDEX)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {search_index.HEADLINE_INDEX_NAME}")


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0016_listing_times'),
    ]

    operations = [
        migrations.RunPython(create, drop),
    ]
