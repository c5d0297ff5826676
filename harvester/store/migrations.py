"""The store's schema, one migration per version (``PRAGMA user_version``)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator


def statements(script: str) -> Iterator[str]:
    """The SQL statements of a migration, one by one (a trigger's body holds semicolons)."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            yield pending
            pending = ""
    if pending.strip():
        yield pending


SIGNED_AGAIN = """
    UPDATE articles SET signature = minhash_signature(json_extract(record, '$.content_text'))
        WHERE signature IS NOT NULL;
    DELETE FROM minhash_bands;
    WITH RECURSIVE bands(band) AS (SELECT 0 UNION ALL SELECT band + 1 FROM bands WHERE band < 31)
    INSERT INTO minhash_bands (band_key, article_id)
        SELECT minhash_band_key(signature, band), id FROM articles, bands
        WHERE signature IS NOT NULL;
"""
"""Every stored signature and band key made again, by the current scheme of harvester.minhash
(the functions are the store's, see migration_functions): a migration whenever it changes."""

MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        url TEXT NOT NULL,
        source TEXT NOT NULL,
        published TEXT,
        published_utc TEXT,
        updated_utc TEXT,
        content_hash TEXT NOT NULL,
        record TEXT NOT NULL,
        signature BLOB,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        last_changed TEXT NOT NULL
    );
    CREATE INDEX articles_source ON articles (source);
    CREATE INDEX articles_published ON articles (published_utc);
    CREATE INDEX articles_url ON articles (url);
    CREATE TABLE article_urls (
        url TEXT PRIMARY KEY,
        article_id TEXT NOT NULL
    );
    CREATE INDEX article_urls_article ON article_urls (article_id);
    CREATE TABLE minhash_bands (
        band_key INTEGER NOT NULL,
        article_id TEXT NOT NULL
    );
    CREATE INDEX minhash_bands_key ON minhash_bands (band_key);
    CREATE INDEX minhash_bands_article ON minhash_bands (article_id);
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        status TEXT NOT NULL,
        sources TEXT NOT NULL,
        report TEXT
    );
    """,
    """
    CREATE TABLE failed_urls (
        url TEXT PRIMARY KEY,
        reason TEXT NOT NULL,
        first_failed TEXT NOT NULL,
        last_failed TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 1
    );
    """,
    # crawl state: what each server said about each page, listing passes, source health;
    # a failed URL is now one state of a page, so failed_urls goes (its URLs are retried)
    """
    CREATE TABLE pages (
        url TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        discovered_at TEXT NOT NULL,
        fetched_at TEXT,
        changed_at TEXT,
        etag TEXT,
        last_modified TEXT,
        body_hash TEXT,
        hint TEXT,
        outcome TEXT,
        feed_entry TEXT,
        failure TEXT,
        gone INTEGER NOT NULL DEFAULT 0,
        first_failed TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_failed TEXT,
        abandoned_at TEXT
    );
    CREATE INDEX pages_source ON pages (source);
    INSERT OR IGNORE INTO pages (url, source, discovered_at, fetched_at, changed_at, outcome)
        SELECT u.url, a.source, a.first_seen, a.last_seen, a.last_changed, 'article'
        FROM article_urls u JOIN articles a ON a.id = u.article_id;
    CREATE TABLE listings (
        source TEXT NOT NULL,
        listing TEXT NOT NULL,
        completed_at TEXT,
        read TEXT NOT NULL DEFAULT '[]',
        frontier TEXT NOT NULL DEFAULT '[]',
        PRIMARY KEY (source, listing)
    );
    CREATE TABLE source_status (
        source TEXT PRIMARY KEY,
        last_run INTEGER NOT NULL,
        last_status TEXT NOT NULL,
        last_success TEXT
    );
    CREATE TABLE publications (
        directory TEXT PRIMARY KEY,
        made_from TEXT NOT NULL,
        published_at TEXT NOT NULL
    );
    CREATE INDEX articles_order ON articles (published_utc IS NULL, published_utc DESC,
        updated_utc IS NULL, updated_utc DESC, id);
    DROP TABLE failed_urls;
    """,
    # full-text search over title, summary and body, kept in sync by triggers on every
    # write path; typed fields of the JSON record as a view (Datasette, plain SQL)
    """
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, summary, content, tokenize = 'unicode61 remove_diacritics 2'
    );
    INSERT INTO articles_fts (rowid, title, summary, content)
        SELECT rowid, json_extract(record, '$.title'),
               coalesce(json_extract(record, '$.summary'), ''),
               json_extract(record, '$.content_text')
        FROM articles;
    CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts (rowid, title, summary, content)
        VALUES (new.rowid, json_extract(new.record, '$.title'),
                coalesce(json_extract(new.record, '$.summary'), ''),
                json_extract(new.record, '$.content_text'));
    END;
    CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        DELETE FROM articles_fts WHERE rowid = old.rowid;
    END;
    CREATE TRIGGER articles_fts_update AFTER UPDATE OF record ON articles BEGIN
        DELETE FROM articles_fts WHERE rowid = old.rowid;
        INSERT INTO articles_fts (rowid, title, summary, content)
        VALUES (new.rowid, json_extract(new.record, '$.title'),
                coalesce(json_extract(new.record, '$.summary'), ''),
                json_extract(new.record, '$.content_text'));
    END;
    CREATE VIEW article_fields AS
        SELECT id, url, source,
               json_extract(record, '$.title') AS title,
               json_extract(record, '$.summary') AS summary,
               json_extract(record, '$.published') AS published,
               json_extract(record, '$.updated') AS updated,
               json_extract(record, '$.language') AS language,
               json_extract(record, '$.authors') AS authors,
               json_extract(record, '$.tags') AS tags,
               json_extract(record, '$.section') AS section,
               first_seen, last_seen, last_changed
        FROM articles;
    """,
    # near-duplicate signatures of harvester.minhash's vectorized scheme
    SIGNED_AGAIN,
    # each article's tags in a table of their own, kept by triggers (tag feeds, Datasette
    # facets), with the article's dates: a tag's newest articles are an index range
    """
    CREATE TABLE article_tags (
        tag TEXT NOT NULL,
        article_id TEXT NOT NULL,
        published_utc TEXT,
        updated_utc TEXT,
        PRIMARY KEY (tag, article_id)
    ) WITHOUT ROWID;
    CREATE INDEX article_tags_article ON article_tags (article_id);
    CREATE INDEX article_tags_newest ON article_tags (tag, published_utc IS NULL,
        published_utc DESC, updated_utc IS NULL, updated_utc DESC, article_id);
    INSERT OR IGNORE INTO article_tags (tag, article_id, published_utc, updated_utc)
        SELECT t.value, a.id, a.published_utc, a.updated_utc
        FROM articles a, json_each(a.record, '$.tags') t;
    CREATE TRIGGER article_tags_insert AFTER INSERT ON articles BEGIN
        INSERT OR IGNORE INTO article_tags (tag, article_id, published_utc, updated_utc)
            SELECT value, new.id, new.published_utc, new.updated_utc
            FROM json_each(new.record, '$.tags');
    END;
    CREATE TRIGGER article_tags_update AFTER UPDATE OF record ON articles BEGIN
        DELETE FROM article_tags WHERE article_id = old.id;
        INSERT OR IGNORE INTO article_tags (tag, article_id, published_utc, updated_utc)
            SELECT value, new.id, new.published_utc, new.updated_utc
            FROM json_each(new.record, '$.tags');
    END;
    CREATE TRIGGER article_tags_delete AFTER DELETE ON articles BEGIN
        DELETE FROM article_tags WHERE article_id = old.id;
    END;
    """,
    # stored records carry the characters some JSON Lines readers take for line breaks as
    # JSON escapes, so that the dumps copy every record as it is (see encode_record)
    """
    UPDATE articles SET record = replace(replace(replace(record,
        char(133), '\\u0085'), char(8232), '\\u2028'), char(8233), '\\u2029')
        WHERE instr(record, char(133)) OR instr(record, char(8232))
            OR instr(record, char(8233));
    """,
    # content hashes taken from the stored text (one JSON encoding a save instead of two)
    """
    UPDATE articles SET content_hash = record_hash(record);
    """,
    # the full-text index fed at each commit (see FULL_TEXT_PENDING), not by the triggers:
    # FTS5 writes out the terms it holds at every savepoint, and each trigger, like each save
    # of a group, is one; the triggers only note which articles are to be indexed again
    # (a deletion, rare, still leaves the index at once)
    """
    CREATE TABLE IF NOT EXISTS articles_fts_pending (article_rowid INTEGER PRIMARY KEY);
    DROP TRIGGER IF EXISTS articles_fts_insert;
    CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT OR IGNORE INTO articles_fts_pending VALUES (new.rowid);
    END;
    DROP TRIGGER IF EXISTS articles_fts_update;
    CREATE TRIGGER articles_fts_update AFTER UPDATE OF record ON articles BEGIN
        INSERT OR IGNORE INTO articles_fts_pending VALUES (new.rowid);
    END;
    DROP TRIGGER IF EXISTS articles_fts_delete;
    CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        DELETE FROM articles_fts WHERE rowid = old.rowid;
        DELETE FROM articles_fts_pending WHERE article_rowid = old.rowid;
    END;
    """,
    # near-duplicate signatures of its one permutation scheme (one sort, not 128 hashes)
    SIGNED_AGAIN,
    # each article's archive month (harvester.store.publishing.MONTH, written the same), its
    # last change and id, in an index: the columns after ``record`` are read otherwise by
    # walking every record's overflow pages, so the month counts, the archive's months and
    # the store's fingerprint each read the whole file
    """
    CREATE INDEX IF NOT EXISTS articles_month ON articles (
        substr(coalesce(published_utc, updated_utc, first_seen), 1, 7), last_changed, id);
    """,
)

FULL_TEXT_PENDING = """
    DELETE FROM articles_fts WHERE rowid IN (SELECT article_rowid FROM articles_fts_pending);
    INSERT INTO articles_fts (rowid, title, summary, content)
        SELECT a.rowid, json_extract(a.record, '$.title'),
               coalesce(json_extract(a.record, '$.summary'), ''),
               json_extract(a.record, '$.content_text')
        FROM articles_fts_pending p JOIN articles a ON a.rowid = p.article_rowid;
    DELETE FROM articles_fts_pending;
"""
"""The articles written or changed since the last commit, indexed as they now are, in one
statement (the terms of thousands of saves written at once)."""


def index_pending(db: sqlite3.Connection) -> None:
    """Bring the full-text index up to date, before a commit of saved articles or a search
    (rows another program wrote as SQL are noted by the triggers too)."""
    for statement in statements(FULL_TEXT_PENDING):
        db.execute(statement)


def migration_functions(db: sqlite3.Connection) -> None:
    """Python functions the migrations call, registered on the connection that migrates
    (imported here only: most commands open an up-to-date store and need no numpy)."""
    from harvester.minhash import band_keys, signature
    from harvester.store.sqlite import content_hash

    db.create_function("minhash_signature", 1, signature, deterministic=True)
    db.create_function("record_hash", 1, content_hash, deterministic=True)
    db.create_function("minhash_band_key", 2, lambda sig, band: band_keys(sig)[band],
                       deterministic=True)
