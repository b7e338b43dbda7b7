"""A story's publish time kept on its byline and tag rows, by the database itself.

The author and tag pages list a busy author's or tag's stories newest first.
Read through the story table, the database had to fetch every story of the
author or tag and sort them (on SQLite, 20,000 stories: an author page at
0.04× its static twin). Each byline row and each story–tag row carries
`story_published_at`: the story's publish time while its status is
"published", NULL otherwise. With an index on (author, story_published_at
DESC, article) and (tag, story_published_at DESC, article), a listing reads
its newest rows straight from the index, joins each story by its id and
stops after a page.

The column only orders and narrows: every listing still filters through
`Article.objects.published()` (embargo, expiry and the clock are not copied
here), so a row it lets through wrongly is dropped by that rule, never shown.

Triggers rather than signals, as for the sitemap's pages: queryset updates,
bulk imports, `generate_archive`'s COPY and Django's own M2M inserts write
these rows without `save()`.

Plain SQL, no models, so migrations can import this module.
"""

BYLINES = "articles_byline"
TAGS = "articles_article_tags"
COLUMN = "story_published_at"
TABLES = (BYLINES, TAGS)
# PostgreSQL: a transaction that sets this to 'on' (SET LOCAL) writes the column itself.
GIVEN = "articles.listing_times_given"
# The story's publish time while it is published, from a row of articles_article.
LIVE_TIME = "CASE WHEN {row}status = 'published' THEN {row}published_at END"


def _story_time(article_id):
    return f"(SELECT {LIVE_TIME.format(row='')} FROM articles_article WHERE id = {article_id})"


def postgres_create():
    statements = [
        f"""
        CREATE OR REPLACE FUNCTION articles_listing_time_row() RETURNS trigger AS $$
        BEGIN
            -- A bulk load that writes the column itself (generate_archive's COPY) says so.
            IF current_setting('{GIVEN}', true) IS DISTINCT FROM 'on' THEN
                NEW.{COLUMN} := {_story_time("NEW.article_id")};
            END IF;
            RETURN NEW;
        END
        $$ LANGUAGE plpgsql
        """,
        f"""
        CREATE OR REPLACE FUNCTION articles_listing_time_story() RETURNS trigger AS $$
        DECLARE
            live timestamptz := {LIVE_TIME.format(row="NEW.")};
        BEGIN
            UPDATE {BYLINES} SET {COLUMN} = live WHERE article_id = NEW.id AND {COLUMN} IS DISTINCT FROM live;
            UPDATE {TAGS} SET {COLUMN} = live WHERE article_id = NEW.id AND {COLUMN} IS DISTINCT FROM live;
            RETURN NULL;
        END
        $$ LANGUAGE plpgsql
        """,
    ]
    for table in TABLES:
        name = f"{table}_listing_time"
        statements += [
            f"DROP TRIGGER IF EXISTS {name} ON {table}",
            f"""
            CREATE TRIGGER {name} BEFORE INSERT OR UPDATE ON {table}
            FOR EACH ROW EXECUTE FUNCTION articles_listing_time_row()
            """,
        ]
    statements += [
        "DROP TRIGGER IF EXISTS articles_article_listing_time ON articles_article",
        """
        CREATE TRIGGER articles_article_listing_time AFTER UPDATE OF status, published_at ON articles_article
        FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.published_at IS DISTINCT FROM NEW.published_at)
        EXECUTE FUNCTION articles_listing_time_story()
        """,
    ]
    return statements


def postgres_drop():
    statements = [f"DROP TRIGGER IF EXISTS {table}_listing_time ON {table}" for table in TABLES]
    statements += [
        "DROP TRIGGER IF EXISTS articles_article_listing_time ON articles_article",
        "DROP FUNCTION IF EXISTS articles_listing_time_row()",
        "DROP FUNCTION IF EXISTS articles_listing_time_story()",
    ]
    return statements


def _sqlite_triggers():
    triggers = {}
    for table in TABLES:
        story_time = _story_time("NEW.article_id")
        fix = f"UPDATE {table} SET {COLUMN} = {story_time} WHERE id = NEW.id"
        # Recursive triggers are off in SQLite: the UPDATE inside does not fire these again.
        triggers[f"{table}_listing_time_insert"] = f"""
            CREATE TRIGGER IF NOT EXISTS {table}_listing_time_insert AFTER INSERT ON {table}
            BEGIN {fix}; END
        """
        triggers[f"{table}_listing_time_update"] = f"""
            CREATE TRIGGER IF NOT EXISTS {table}_listing_time_update AFTER UPDATE ON {table}
            WHEN NEW.{COLUMN} IS NOT {story_time}
            BEGIN {fix}; END
        """
    live = LIVE_TIME.format(row="NEW.")
    triggers["articles_article_listing_time"] = f"""
        CREATE TRIGGER IF NOT EXISTS articles_article_listing_time AFTER UPDATE OF status, published_at
        ON articles_article
        WHEN OLD.status IS NOT NEW.status OR OLD.published_at IS NOT NEW.published_at
        BEGIN
            UPDATE {BYLINES} SET {COLUMN} = {live} WHERE article_id = NEW.id;
            UPDATE {TAGS} SET {COLUMN} = {live} WHERE article_id = NEW.id;
        END
    """
    return triggers


SQLITE_TRIGGERS = _sqlite_triggers()

REBUILD = [f"UPDATE {table} SET {COLUMN} = {_story_time(f'{table}.article_id')}" for table in TABLES]


def create(connection):
    """Create the triggers for this connection's database if any is missing, then copy every time afresh."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            statements = postgres_create()
        elif connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN (%s, %s, %s)",
                [*TABLES, "articles_article"],
            )
            if {row[0] for row in cursor.fetchall()} >= set(SQLITE_TRIGGERS):
                return
            # Django rebuilds a SQLite table to alter it, which drops its triggers: put them back.
            statements = list(SQLITE_TRIGGERS.values())
        else:
            return
        for sql in statements:
            cursor.execute(sql)
    rebuild(connection)


def rebuild(connection):
    """Copy every story's time onto its rows as it is now."""
    with connection.cursor() as cursor:
        for sql in REBUILD:
            cursor.execute(sql)


def drop(connection):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for sql in postgres_drop():
                cursor.execute(sql)
        elif connection.vendor == "sqlite":
            for name in SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
