"""The words index behind the photo picker and the library's search on PostgreSQL.

At 100,000 photos, Django's search (`icontains` on seven columns) reads
every row for every keystroke of the picker. On PostgreSQL each photo keeps
the words of its title, caption, credit, photographer, agency, source and
alt text in a stored `tsvector` column ('simple': no stemming, since these
are names, agencies and places), filled by a trigger on insert and on every
update of those columns, with a GIN index; the picker searches it by word
prefix ("harb" finds "Harbour"). A stored column rather than an index on the
expression: PostgreSQL often tests a common word photo by photo, and
computing the words of every photo it tests cost 40 µs each (a quarter
second to count 10,000 matches); reading them costs next to nothing. A
trigger rather than a generated column, as for the reader search
(articles/search_index.py), so later migrations may alter those columns.

SQLite keeps Django's own search: a newsroom on SQLite is small. Neither
the column nor the trigger appears in the model; plain SQL, no models, so
the migration that creates them can import this module.
"""

import re

COLUMNS = ["title", "caption", "credit", "photographer", "agency", "source", "alt_text"]
WORDS = "to_tsvector('simple'::regconfig, {})".format(
    " || ' ' || ".join(f"coalesce({{row}}{column}::text, '')" for column in COLUMNS)
)

CREATE = [
    "ALTER TABLE articles_photoasset ADD COLUMN IF NOT EXISTS search_words tsvector",
    f"""
    CREATE OR REPLACE FUNCTION articles_photoasset_search_words() RETURNS trigger AS $$
    BEGIN
        NEW.search_words := {WORDS.format(row="NEW.")};
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    "DROP TRIGGER IF EXISTS articles_photoasset_search_words ON articles_photoasset",
    f"""
    CREATE TRIGGER articles_photoasset_search_words
    BEFORE INSERT OR UPDATE OF {", ".join(COLUMNS)} ON articles_photoasset
    FOR EACH ROW EXECUTE FUNCTION articles_photoasset_search_words()
    """,
    f"UPDATE articles_photoasset SET search_words = {WORDS.format(row='')} WHERE search_words IS NULL",
    "CREATE INDEX IF NOT EXISTS photo_words_idx ON articles_photoasset USING GIN (search_words)",
]
DROP = [
    "DROP TRIGGER IF EXISTS articles_photoasset_search_words ON articles_photoasset",
    "DROP FUNCTION IF EXISTS articles_photoasset_search_words()",
    "DROP INDEX IF EXISTS photo_words_idx",
    "ALTER TABLE articles_photoasset DROP COLUMN IF EXISTS search_words",
]
MATCH = "articles_photoasset.search_words @@ to_tsquery('simple'::regconfig, %s)"


def prefix_query(text):
    """'harb pop' → 'harb:* & pop:*': every word, as the start of a word; None when no word is given.

    Only letters and digits reach to_tsquery, so nothing an editor types is read as its syntax.
    """
    words = re.findall(r"[^\W_]+", text.lower())[:8]
    return " & ".join(f"{word}:*" for word in words) or None


def create(connection):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for sql in CREATE:
                cursor.execute(sql)


def drop(connection):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for sql in DROP:
                cursor.execute(sql)
