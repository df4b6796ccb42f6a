"""The database schema, defined once, as sqlite-utils migrations.

Each function is one migration, applied in its own transaction, in the order written
here. A released migration is never edited: change the schema by adding a new one.
:data:`tmkit.store.sqlite.KNOWN_MIGRATIONS` repeats the names so that opening an
up-to-date database needs no sqlite-utils import (a test keeps the two in step).
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATION_SET = "tmkit"
migrations = Migrations(MIGRATION_SET)


@migrations(name="0001_initial")
def initial(db: Database) -> None:
    """Stories, articles, segments, translation units and variants, glossary, sources."""
    db.executescript(
        """
        CREATE TABLE stories (
            id          INTEGER PRIMARY KEY,
            slug        TEXT NOT NULL UNIQUE,
            title       TEXT,
            created_at  TEXT NOT NULL
        );

        CREATE TABLE sources (
            id           INTEGER PRIMARY KEY,
            kind         TEXT NOT NULL CHECK (kind IN ('article', 'tmx', 'glossary')),
            path         TEXT NOT NULL,
            sha256       TEXT NOT NULL,
            imported_at  TEXT NOT NULL,
            counts       TEXT
        );
        CREATE INDEX sources_sha256 ON sources (kind, sha256);

        CREATE TABLE articles (
            id           INTEGER PRIMARY KEY,
            story_id     INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
            lang         TEXT NOT NULL,
            title        TEXT,
            url          TEXT,
            outlet       TEXT,
            published    TEXT,
            source_path  TEXT,
            sha256       TEXT NOT NULL,
            n_paragraphs INTEGER NOT NULL DEFAULT 0,
            n_segments   INTEGER NOT NULL DEFAULT 0,
            imported_at  TEXT NOT NULL,
            UNIQUE (story_id, lang)
        );

        CREATE TABLE segments (
            id          INTEGER PRIMARY KEY,
            article_id  INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            position    INTEGER NOT NULL,
            paragraph   INTEGER NOT NULL,
            lang        TEXT NOT NULL,
            text        TEXT NOT NULL,
            norm        TEXT NOT NULL,
            UNIQUE (article_id, position)
        );

        CREATE TABLE units (
            id          INTEGER PRIMARY KEY,
            story_id    INTEGER REFERENCES stories (id) ON DELETE CASCADE,
            source_id   INTEGER REFERENCES sources (id) ON DELETE SET NULL,
            tuid        TEXT,
            origin      TEXT NOT NULL CHECK (origin IN ('aligned', 'tmx', 'manual')),
            status      TEXT NOT NULL DEFAULT 'auto'
                        CHECK (status IN ('auto', 'confirmed', 'rejected')),
            score       REAL CHECK (score IS NULL OR (score >= 0 AND score <= 1)),
            align_type  TEXT,
            outlet      TEXT,
            published   TEXT,
            props       TEXT,
            created_at  TEXT NOT NULL,
            changed_at  TEXT NOT NULL
        );
        CREATE INDEX units_story ON units (story_id);
        CREATE INDEX units_status_score ON units (status, score);
        CREATE INDEX units_source ON units (source_id);

        CREATE TABLE variants (
            id          INTEGER PRIMARY KEY,
            unit_id     INTEGER NOT NULL REFERENCES units (id) ON DELETE CASCADE,
            article_id  INTEGER REFERENCES articles (id),
            lang        TEXT NOT NULL,
            tag         TEXT,
            text        TEXT NOT NULL,
            norm        TEXT NOT NULL,
            markup      TEXT,
            props       TEXT,
            n_segments  INTEGER NOT NULL DEFAULT 0,
            UNIQUE (unit_id, lang)
        );
        CREATE INDEX variants_lang_norm ON variants (lang, norm);
        CREATE INDEX variants_article ON variants (article_id);

        -- Which segments a variant covers. No ON DELETE action on segment_id: deleting a
        -- segment that a unit still uses is a bug, and SQLite refuses it.
        CREATE TABLE variant_segments (
            variant_id  INTEGER NOT NULL REFERENCES variants (id) ON DELETE CASCADE,
            segment_id  INTEGER NOT NULL REFERENCES segments (id),
            PRIMARY KEY (variant_id, segment_id)
        ) WITHOUT ROWID;
        CREATE INDEX variant_segments_segment ON variant_segments (segment_id);

        CREATE TABLE concepts (
            id          TEXT PRIMARY KEY,
            domain      TEXT,
            definition  TEXT,
            usage       TEXT,
            source      TEXT,
            position    INTEGER NOT NULL DEFAULT 0,
            changed_at  TEXT NOT NULL
        );

        CREATE TABLE terms (
            id          INTEGER PRIMARY KEY,
            concept_id  TEXT NOT NULL REFERENCES concepts (id) ON DELETE CASCADE,
            lang        TEXT NOT NULL,
            text        TEXT NOT NULL,
            kind        TEXT NOT NULL CHECK (kind IN ('full', 'abbreviation', 'variant')),
            status      TEXT NOT NULL CHECK (status IN ('preferred', 'admitted', 'deprecated')),
            note        TEXT,
            flags       TEXT,
            position    INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX terms_concept ON terms (concept_id);

        -- Look-up keys of a term: its folded form and its stemmed form, one row each.
        CREATE TABLE term_keys (
            key         TEXT NOT NULL,
            term_id     INTEGER NOT NULL REFERENCES terms (id) ON DELETE CASCADE,
            kind        TEXT NOT NULL,
            PRIMARY KEY (key, term_id, kind)
        ) WITHOUT ROWID;
        CREATE INDEX term_keys_term ON term_keys (term_id);
        """
    )


@migrations(name="0002_search")
def search_index(db: Database) -> None:
    """Full-text index over the folded text of variants, token counts for the length window
    of fuzzy matching, and a 64-bit hash of the folded text for exact-duplicate look-ups
    (an index on the hash is a fraction of the size of one on the text)."""
    from tmkit.normalize import match_key, norm_hash
    from tmkit.tokenize import match_tokens

    db.execute("ALTER TABLE variants ADD COLUMN n_tokens INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE variants ADD COLUMN norm_hash INTEGER NOT NULL DEFAULT 0")
    # the folded form gained Armenian in-word marks in this version: recompute it
    updates = []
    for vid, text in db.execute("SELECT id, text FROM variants").fetchall():
        norm = match_key(text)
        updates.append((norm, len(match_tokens(norm)), norm_hash(norm), vid))
    db.conn.executemany("UPDATE variants SET norm = ?, n_tokens = ?, norm_hash = ? WHERE id = ?", updates)
    db.conn.executemany("UPDATE segments SET norm = ? WHERE id = ?",
                        [(match_key(t), i) for i, t in db.execute("SELECT id, text FROM segments").fetchall()])
    # Rows are added to the full-text index by the store in bulk (INSERT … SELECT per
    # batch is five times faster than a trigger per row); deletions and changes of the
    # folded text are followed by triggers, whatever deletes them.
    db.executescript(
        """
        DROP INDEX variants_lang_norm;
        CREATE INDEX variants_lang_hash ON variants (lang, norm_hash);
        CREATE INDEX variants_lang_tokens ON variants (lang, n_tokens);
        CREATE VIRTUAL TABLE variants_fts USING fts5(
            norm, content='variants', content_rowid='id', tokenize='unicode61 remove_diacritics 0');
        CREATE VIRTUAL TABLE variants_vocab USING fts5vocab(variants_fts, 'row');
        INSERT INTO variants_fts (variants_fts) VALUES ('rebuild');
        CREATE TRIGGER variants_fts_delete AFTER DELETE ON variants BEGIN
            INSERT INTO variants_fts (variants_fts, rowid, norm) VALUES ('delete', old.id, old.norm);
        END;
        CREATE TRIGGER variants_fts_update AFTER UPDATE OF norm ON variants BEGIN
            INSERT INTO variants_fts (variants_fts, rowid, norm) VALUES ('delete', old.id, old.norm);
            INSERT INTO variants_fts (rowid, norm) VALUES (new.id, new.norm);
        END;
        """
    )


@migrations(name="0003_term_stats")
def term_stats(db: Database) -> None:
    """Document frequencies of the common words of the full-text index, so that fuzzy
    matching can rank a query's words by rarity without walking long posting lists.
    Refreshed by the store after large imports; stale figures cost speed, never results."""
    db.executescript(
        """
        CREATE TABLE term_stats (term TEXT PRIMARY KEY, doc INTEGER NOT NULL) WITHOUT ROWID;
        INSERT INTO term_stats SELECT term, doc FROM variants_vocab WHERE doc >= 1000;
        """
    )


def apply(db: Database) -> list[str]:
    """Apply pending migrations; return the names applied."""
    pending = [m.name for m in migrations.pending(db)]
    migrations.apply(db)
    return pending
