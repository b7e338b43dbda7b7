"""The full-text index behind /search/, one per database, kept by the database itself.

- PostgreSQL: a stored `tsvector` column (headline weighted A, dek B, body C,
  English stemming) with a GIN index, kept by a trigger on every insert and
  on every update of those fields.
- SQLite: an FTS5 table (Porter stemming) over headline, dek and body,
  filled by triggers on the articles table.

Neither appears in the model: the column and the table exist on one vendor
each, and Django never needs to write them. Plain SQL, no models, so the
migration that first creates them can import this module.
"""

POSTGRES_DOCUMENT = """
    setweight(to_tsvector('english'::regconfig, coalesce({row}headline, '')), 'A')
    || setweight(to_tsvector('english'::regconfig, coalesce({row}dek, '')), 'B')
    || setweight(to_tsvector('english'::regconfig, coalesce({row}body, '')), 'C')
"""
# A trigger rather than a generated column: PostgreSQL refuses to change the
# type of a column a generated column reads, which would block a later
# migration as plain as a longer headline.
POSTGRES_INDEX = "CREATE INDEX IF NOT EXISTS article_search_idx ON articles_article USING GIN (search_document)"
POSTGRES_CREATE = [
    "ALTER TABLE articles_article ADD COLUMN IF NOT EXISTS search_document tsvector",
    f"""
    CREATE OR REPLACE FUNCTION articles_article_search_document() RETURNS trigger AS $$
    BEGIN
        NEW.search_document := {POSTGRES_DOCUMENT.format(row="NEW.")};
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    "DROP TRIGGER IF EXISTS articles_article_search_document ON articles_article",
    """
    CREATE TRIGGER articles_article_search_document BEFORE INSERT OR UPDATE OF headline, dek, body
    ON articles_article FOR EACH ROW EXECUTE FUNCTION articles_article_search_document()
    """,
    f"UPDATE articles_article SET search_document = {POSTGRES_DOCUMENT.format(row='')} WHERE search_document IS NULL",
    POSTGRES_INDEX,
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS articles_article_search_document ON articles_article",
    "DROP FUNCTION IF EXISTS articles_article_search_document()",
    "DROP INDEX IF EXISTS article_search_idx",
    "ALTER TABLE articles_article DROP COLUMN IF EXISTS search_document",
]

SQLITE_TABLE = "articles_article_fts"
SQLITE_TRIGGERS = {
    "articles_article_fts_insert": """
        CREATE TRIGGER IF NOT EXISTS articles_article_fts_insert AFTER INSERT ON articles_article BEGIN
            INSERT INTO articles_article_fts (rowid, headline, dek, body)
            VALUES (new.id, new.headline, new.dek, new.body);
        END
    """,
    "articles_article_fts_delete": """
        CREATE TRIGGER IF NOT EXISTS articles_article_fts_delete AFTER DELETE ON articles_article BEGIN
            INSERT INTO articles_article_fts (articles_article_fts, rowid, headline, dek, body)
            VALUES ('delete', old.id, old.headline, old.dek, old.body);
        END
    """,
    "articles_article_fts_update": """
        CREATE TRIGGER IF NOT EXISTS articles_article_fts_update AFTER UPDATE OF headline, dek, body
        ON articles_article BEGIN
            INSERT INTO articles_article_fts (articles_article_fts, rowid, headline, dek, body)
            VALUES ('delete', old.id, old.headline, old.dek, old.body);
            INSERT INTO articles_article_fts (rowid, headline, dek, body)
            VALUES (new.id, new.headline, new.dek, new.body);
        END
    """,
}
SQLITE_MATCH = f"SELECT rowid FROM {SQLITE_TABLE} WHERE {SQLITE_TABLE} MATCH %s"
SQLITE_CREATE_TABLE = f"""
    CREATE VIRTUAL TABLE IF NOT EXISTS {SQLITE_TABLE} USING fts5(
        headline, dek, body, content='articles_article', content_rowid='id', tokenize='porter unicode61'
    )
"""


def create(connection):
    """Create the index for this connection's database (and fill it) if any part is missing."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for sql in POSTGRES_CREATE:
                cursor.execute(sql)
        elif connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'articles_article'")
            present = {row[0] for row in cursor.fetchall()}
            if present >= set(SQLITE_TRIGGERS):
                return
            # Django rebuilds a SQLite table to alter it, which drops its
            # triggers: put them back and re-read every story.
            cursor.execute(SQLITE_CREATE_TABLE)
            for sql in SQLITE_TRIGGERS.values():
                cursor.execute(sql)
            cursor.execute(f"INSERT INTO {SQLITE_TABLE} ({SQLITE_TABLE}) VALUES ('rebuild')")


def drop(connection):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for sql in POSTGRES_DROP:
                cursor.execute(sql)
        elif connection.vendor == "sqlite":
            for name in SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute(f"DROP TABLE IF EXISTS {SQLITE_TABLE}")


# The admin search's headline branch (PostgreSQL; articles/admin/search.py): the headline's words
# alone, the same words as weight A of the document, with their own GIN index (migration 0017), so
# headline matches are found without reading every story that has the words anywhere.
HEADLINE_INDEX_NAME = "article_headline_search_idx"
HEADLINE_INDEX = (
    f"CREATE INDEX IF NOT EXISTS {HEADLINE_INDEX_NAME} ON articles_article "
    "USING GIN (to_tsvector('english'::regconfig, coalesce(headline, '')))"
)
HEADLINE_MATCH = (
    "to_tsvector('english'::regconfig, coalesce(articles_article.headline, '')) "
    "@@ plainto_tsquery('english'::regconfig, %s)"
)
