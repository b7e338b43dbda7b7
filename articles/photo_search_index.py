"""The words index behind the photo picker and the library's search on PostgreSQL.

At 100,000 photos, Django's search (`icontains` on seven columns) reads
every row for every keystroke of the picker. PostgreSQL gets an expression
GIN index over those columns' words ('simple': no stemming, since these are
names, agencies and places), searched by word prefix ("harb" finds
"Harbour"). SQLite keeps Django's own search: a newsroom on SQLite is small.

Plain SQL, no models, so the migration that creates the index can import it.
"""

import re

COLUMNS = ["title", "caption", "credit", "photographer", "agency", "source", "alt_text"]


def words_sql(table=""):
    """The indexed expression; `table` qualifies the columns in a query (the index takes them bare)."""
    prefix = f'"{table}".' if table else ""
    joined = " || ' ' || ".join(f"{prefix}{column}::text" for column in COLUMNS)
    return f"to_tsvector('simple'::regconfig, {joined})"


INDEX_NAME = "photo_words_idx"
CREATE = f"CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON articles_photoasset USING GIN ({words_sql()})"
DROP = f"DROP INDEX IF EXISTS {INDEX_NAME}"
MATCH = f"{words_sql('articles_photoasset')} @@ to_tsquery('simple'::regconfig, %s)"


def prefix_query(text):
    """'harb pop' → 'harb:* & pop:*': every word, as the start of a word; None when no word is given.

    Only letters and digits reach to_tsquery, so nothing an editor types is read as its syntax.
    """
    words = re.findall(r"[^\W_]+", text.lower())[:8]
    return " & ".join(f"{word}:*" for word in words) or None


def create(connection):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(CREATE)


def drop(connection):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(DROP)
