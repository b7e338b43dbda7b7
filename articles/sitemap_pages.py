"""The dates of the stories sitemap's pages (`SitemapPage`), kept by the database itself.

A page is a block of PAGE_SIZE story ids. Whenever a published story is
written (inserted, updated, unpublished or deleted), a trigger moves its
page's `lastmod` forward: to the story's `updated_at`, or to the moment it
left the page. The sitemap index then dates every page with one read of
a row per page, however many stories each holds and however many were
published today (it used to group the last two days' edits, a cost that grew
with the publishing rate).

Triggers rather than signals: queryset updates (`touch()`), bulk imports and
`generate_archive`'s COPY change stories without `save()`.

- PostgreSQL: statement-level triggers reading transition tables, so one
  UPDATE of 200,000 stories writes each page once, in page order (two such
  statements lock pages in the same order and cannot deadlock).
- SQLite: a row-level trigger per event (SQLite has no statement triggers).

Plain SQL, no models, so migrations can import this module. The page size is
part of the SQL: changing it means a new migration that drops, re-creates
and rebuilds.
"""

PAGE_SIZE = 1000
TABLE = "articles_sitemappage"
PAGE_OF = f"(({{row}}id - 1) / {PAGE_SIZE} + 1)"
# Only a published story is on a page; one that stops being published leaves it, which changes it too.
PUBLISHED = "'published'"

POSTGRES_UPSERT = f"""
    INSERT INTO {TABLE} AS page (number, lastmod) {{select}}
    ON CONFLICT (number) DO UPDATE SET lastmod = GREATEST(page.lastmod, EXCLUDED.lastmod)
"""
POSTGRES_TRIGGERS = {
    "insert": f"""
        SELECT {PAGE_OF.format(row="")}, max(updated_at) FROM new_rows
        WHERE status = {PUBLISHED} GROUP BY 1 ORDER BY 1
    """,
    "update": f"""
        SELECT {PAGE_OF.format(row="n.")},
               max(CASE WHEN n.status = {PUBLISHED} THEN n.updated_at ELSE statement_timestamp() END)
        FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE n.status = {PUBLISHED} OR o.status = {PUBLISHED} GROUP BY 1 ORDER BY 1
    """,
    "delete": f"""
        SELECT {PAGE_OF.format(row="")}, statement_timestamp() FROM old_rows
        WHERE status = {PUBLISHED} GROUP BY 1 ORDER BY 1
    """,
}
POSTGRES_TRANSITION_TABLES = {
    "insert": "NEW TABLE AS new_rows",
    "update": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "delete": "OLD TABLE AS old_rows",
}


def postgres_create():
    statements = []
    for event, select in POSTGRES_TRIGGERS.items():
        name = f"articles_sitemap_page_{event}"
        statements += [
            f"""
            CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
            BEGIN
                {POSTGRES_UPSERT.format(select=select)};
                RETURN NULL;
            END
            $$ LANGUAGE plpgsql
            """,
            f"DROP TRIGGER IF EXISTS {name} ON articles_article",
            f"""
            CREATE TRIGGER {name} AFTER {event.upper()} ON articles_article
            REFERENCING {POSTGRES_TRANSITION_TABLES[event]}
            FOR EACH STATEMENT EXECUTE FUNCTION {name}()
            """,
        ]
    return statements


def postgres_drop():
    statements = []
    for event in POSTGRES_TRIGGERS:
        name = f"articles_sitemap_page_{event}"
        statements += [f"DROP TRIGGER IF EXISTS {name} ON articles_article", f"DROP FUNCTION IF EXISTS {name}()"]
    return statements


# SQLite keeps datetimes as ISO text in UTC, which sorts as time does; 'now' in the same shape.
SQLITE_NOW = "strftime('%Y-%m-%d %H:%M:%f', 'now')"
SQLITE_UPSERT = f"""
    INSERT INTO {TABLE} (number, lastmod) VALUES ({{page}}, {{lastmod}})
    ON CONFLICT (number) DO UPDATE SET lastmod = max(lastmod, excluded.lastmod)
"""
SQLITE_TRIGGERS = {
    "articles_sitemap_page_insert": f"""
        CREATE TRIGGER IF NOT EXISTS articles_sitemap_page_insert AFTER INSERT ON articles_article
        WHEN NEW.status = {PUBLISHED}
        BEGIN {SQLITE_UPSERT.format(page=PAGE_OF.format(row="NEW."), lastmod="NEW.updated_at")}; END
    """,
    "articles_sitemap_page_update": f"""
        CREATE TRIGGER IF NOT EXISTS articles_sitemap_page_update AFTER UPDATE ON articles_article
        WHEN NEW.status = {PUBLISHED} OR OLD.status = {PUBLISHED}
        BEGIN {SQLITE_UPSERT.format(
            page=PAGE_OF.format(row="NEW."),
            lastmod=f"CASE WHEN NEW.status = {PUBLISHED} THEN NEW.updated_at ELSE {SQLITE_NOW} END",
        )}; END
    """,
    "articles_sitemap_page_delete": f"""
        CREATE TRIGGER IF NOT EXISTS articles_sitemap_page_delete AFTER DELETE ON articles_article
        WHEN OLD.status = {PUBLISHED}
        BEGIN {SQLITE_UPSERT.format(page=PAGE_OF.format(row="OLD."), lastmod=SQLITE_NOW)}; END
    """,
}

REBUILD = [
    f"DELETE FROM {TABLE}",
    f"""
    INSERT INTO {TABLE} (number, lastmod)
    SELECT {PAGE_OF.format(row="")}, max(updated_at) FROM articles_article
    WHERE status = {PUBLISHED} GROUP BY 1
    """,
]


# What changes whenever any page's date moves (dates only ever move forward, so their sum
# grows; a page added or dropped moves it too): the index renders its lines again only when this differs. One
# aggregate over a row per page, in the database. PostgreSQL's sum is exact; SQLite's
# counts milliseconds, finer than two edits of one page apart.
FINGERPRINT = {
    "postgresql": f"SELECT max(lastmod), sum(extract(epoch FROM lastmod)) FROM {TABLE}",
    "sqlite": f"SELECT max(lastmod), sum(CAST(round(julianday(lastmod) * 86400000) AS INTEGER)) FROM {TABLE}",
}


def fingerprint(connection):
    """A value that differs whenever any page's date has moved (or a page was added or dropped)."""
    with connection.cursor() as cursor:
        cursor.execute(FINGERPRINT[connection.vendor])
        return tuple(cursor.fetchone())


def create(connection):
    """Create the triggers for this connection's database if any is missing, then date every page afresh."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            statements = postgres_create()
        elif connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'articles_article'")
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
    """Date every page from its stories as they are now (after a bulk load that stamped them all today)."""
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
