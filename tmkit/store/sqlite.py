"""The SQLite store: every SQL statement tmkit runs lives in this module.

Opening a database checks it: not SQLite, written by a newer tmkit, read-only — each is
a :class:`StoreError` with a message to act on. An older database is upgraded on open
by the migrations in :mod:`tmkit.store.migrations`. Opening an up-to-date database does
not import sqlite-utils, so read-only paths such as ``tmkit term`` start fast.

Write methods expect to run inside :meth:`SQLiteStore.transaction` (``BEGIN IMMEDIATE``):
one import, one transaction, all of it or nothing.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from tmkit.errors import StoreError, NotFoundError
from tmkit.models import ArticleMeta, Concept, ExportUnit, ExportVariant, NewUnit, Term
from tmkit.normalize import match_key, norm_hash
from tmkit.tokenize import match_tokens

#: Names of the migrations this tmkit knows (kept equal to migrations.py by a test).
KNOWN_MIGRATIONS: tuple[str, ...] = ("0001_initial", "0002_search", "0003_term_stats")
MIGRATION_SET = "tmkit"

_BATCH = 5000
#: Words found in at least this many variants count as common for fuzzy matching.
COMMON_TERM = 1000
_STATS_REFRESH = 20000  # units added at once that warrant recounting common words


class NeedsUpgrade(StoreError):
    """A database opened read-only needs migrations first."""


def utcnow() -> str:
    """The current time as ISO 8601 UTC with seconds: ``2026-11-28T14:03:00Z``."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _translate_error(exc: sqlite3.Error, path: str) -> StoreError:
    msg = str(exc)
    if "locked" in msg or "busy" in msg:
        return StoreError(f"{path}: the database is busy (another tmkit is writing to it); try again")
    if "readonly" in msg or "read-only" in msg:
        return StoreError(f"{path}: the database is read-only; check the file's permissions")
    if "not a database" in msg or "malformed" in msg or "encrypted" in msg:
        return StoreError(f"{path}: not a tmkit database (the file is not SQLite or is damaged)")
    if "disk is full" in msg or "disk I/O" in msg:
        return StoreError(f"{path}: cannot write the database: {msg}")
    if "unable to open" in msg:
        return StoreError(f"{path}: cannot open the database file (check the folder exists and is writable)")
    return StoreError(f"{path}: database error: {msg}")


class SQLiteStore:
    """A tmkit database in one SQLite file.

    Use as a context manager, or call :meth:`close`. ``readonly=True`` opens the file
    without write access (for look-ups); ``create=False`` refuses to create a new file.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        create: bool = True,
        readonly: bool = False,
        timeout: float = 30.0,
    ) -> None:
        self.path = str(path)
        self.readonly = readonly
        memory = self.path == ":memory:"
        p = Path(self.path)
        if not memory:
            if p.is_dir():
                raise StoreError(f"{self.path}: is a folder; give a database file, e.g. --db tmkit.db")
            if not p.exists():
                if not create or readonly:
                    raise StoreError(
                        f"{self.path}: no such database; import something first "
                        "(tmkit import FILE…) or build the demo (tmkit demo)"
                    )
                if not p.parent.exists() and str(p.parent) not in ("", "."):
                    raise StoreError(f"{self.path}: cannot create the database: folder {p.parent} does not exist")
            elif not p.is_file():  # a FIFO would block for ever, a device is no database
                raise StoreError(f"{self.path}: not a regular file; give a database file, e.g. --db tmkit.db")
            elif not os.access(p, os.R_OK):
                raise StoreError(f"{self.path}: permission denied")
            elif not readonly and not os.access(p, os.W_OK):
                raise StoreError(f"{self.path}: the database is read-only; check the file's permissions")
            elif (readonly or not create) and p.stat().st_size == 0:
                # SQLite would take it for a new database, and a reading command would
                # write the schema into a file that was never one
                raise StoreError(
                    f"{self.path}: an empty file, not a tmkit database yet; import something first "
                    "(tmkit import FILE…) or build the demo (tmkit demo)"
                )
        try:
            self._connect(p, timeout, immutable=False)
        except StoreError:
            # A WAL database can only be read where SQLite may create its -shm file.
            # In a read-only folder, with no -wal file (so no write is pending), read the
            # file as it is instead.
            if not (readonly and not memory and not os.access(p.parent, os.W_OK)
                    and not Path(self.path + "-wal").exists()):
                raise
            self._connect(p, timeout, immutable=True)

    def _connect(self, p: Path, timeout: float, *, immutable: bool) -> None:
        """Open the connection and check the database (see :meth:`_setup`)."""
        try:
            if self.readonly and self.path != ":memory:":
                uri = "file:" + p.resolve().as_posix() + ("?mode=ro&immutable=1" if immutable else "?mode=ro")
                self.conn = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None,
                                            check_same_thread=False)
            else:
                self.conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None,
                                            check_same_thread=False)
        except sqlite3.Error as exc:
            raise _translate_error(exc, self.path) from None
        self.conn.row_factory = sqlite3.Row
        try:
            self._setup(timeout)
        except sqlite3.Error as exc:
            self.conn.close()
            raise _translate_error(exc, self.path) from None
        except BaseException:
            self.conn.close()
            raise

    # -- opening, schema, transactions ---------------------------------------------------

    def _setup(self, timeout: float) -> None:
        c = self.conn
        c.execute("PRAGMA schema_version").fetchone()  # fails early on a non-SQLite file
        c.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        c.execute("PRAGMA foreign_keys = ON")
        # whose database is it? Asked before anything is changed (not even the journal mode)
        applied = self._applied_migrations()
        if applied is None:
            if self._has_foreign_tables():
                raise StoreError(f"{self.path}: an SQLite database, but not a tmkit one")
            applied = []
        unknown = [name for name in applied if name not in KNOWN_MIGRATIONS]
        if unknown:
            raise StoreError(
                f"{self.path}: written by a newer tmkit (schema {unknown[-1]}); "
                "upgrade tmkit to use this database"
            )
        if not self.readonly:
            mode = c.execute("PRAGMA journal_mode").fetchone()[0]
            if mode != "wal" and self.path != ":memory:":
                c.execute("PRAGMA journal_mode = WAL")
            c.execute("PRAGMA synchronous = NORMAL")
        if applied == list(KNOWN_MIGRATIONS):
            return
        if self.readonly:
            raise NeedsUpgrade(
                f"{self.path}: made by an older tmkit and read-only here; open it once with write "
                "access (any tmkit command that writes) to upgrade it"
            )
        from tmkit.store import migrations  # imports sqlite-utils: only when upgrading

        migrations.apply(self.db)

    def _applied_migrations(self) -> list[str] | None:
        """Names of the applied migrations; None when the file has no migrations table."""
        exists = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'"
        ).fetchone()
        if not exists:
            return None
        rows = self.conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
            (MIGRATION_SET,),
        )
        return [r[0] for r in rows]

    def _has_foreign_tables(self) -> bool:
        row = self.conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchone()
        return row[0] > 0

    @property
    def db(self) -> Any:
        """The same connection as a ``sqlite_utils.Database`` (imported on first use)."""
        if getattr(self, "_db", None) is None:
            from sqlite_utils import Database

            self._db = Database(self.conn, execute_plugins=False)
        return self._db

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def __enter__(self) -> "SQLiteStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator["SQLiteStore"]:
        """A write transaction (``BEGIN IMMEDIATE``); nested calls become savepoints.

        ``IMMEDIATE`` takes the write lock up front, so a writer waits for another writer
        (up to the busy timeout) instead of failing half-way through its work.
        """
        conn = self.conn
        if conn.in_transaction:
            name = f"sp{id(object())}"
            conn.execute(f"SAVEPOINT {name}")
            try:
                yield self
            except BaseException:
                if conn.in_transaction:
                    conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                    conn.execute(f"RELEASE SAVEPOINT {name}")
                raise
            else:
                conn.execute(f"RELEASE SAVEPOINT {name}")
            return
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise _translate_error(exc, self.path) from None
        try:
            yield self
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise _translate_error(exc, self.path) from None
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        else:
            try:
                conn.execute("COMMIT")
            except sqlite3.Error as exc:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise _translate_error(exc, self.path) from None

    @contextlib.contextmanager
    def snapshot(self) -> Iterator["SQLiteStore"]:
        """A read transaction: every query inside sees the same state of the database."""
        if self.conn.in_transaction:
            yield self
            return
        self.conn.execute("BEGIN")
        try:
            yield self
        finally:
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")

    @contextlib.contextmanager
    def shared_snapshot(self, start_other: Callable[[], None]) -> Iterator[bool]:
        """A read transaction that another process shares exactly: ``start_other`` must
        return once that process has opened its own read transaction (and read a row).

        No writer can commit in between, because this holds the write lock on a second
        connection until both have their snapshot (a moment; writers wait, they have a
        busy timeout). Yields False, without calling ``start_other``, when that cannot be
        done (a read-only file, an open transaction): the caller works alone then.
        """
        lock = None
        if not self.conn.in_transaction and self.path != ":memory:":
            try:
                # a short wait: while a long import holds the lock, working alone is quicker
                lock = sqlite3.connect(self.path, timeout=0.5, isolation_level=None)
                lock.execute("BEGIN IMMEDIATE")
            except sqlite3.Error:
                if lock is not None:
                    lock.close()
                lock = None
        if lock is None:
            with self.snapshot():
                yield False
            return
        try:
            try:
                self.conn.execute("BEGIN")
                self.conn.execute("SELECT 1 FROM units LIMIT 1").fetchall()  # the snapshot starts here
                start_other()
            finally:
                with contextlib.suppress(sqlite3.Error):
                    lock.execute("ROLLBACK")
                lock.close()
            yield True
        finally:
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")

    def split_units(self, min_units: int) -> int | None:
        """A unit id that splits the memory in two halves, or None if it has fewer than
        ``min_units`` units (for exporting in two processes)."""
        n = self._one("SELECT count(*) FROM units")[0]
        if n < min_units:
            return None
        row = self._one("SELECT id FROM units ORDER BY id LIMIT 1 OFFSET ?", (n // 2,))
        return int(row[0]) if row else None

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise _translate_error(exc, self.path) from None

    def _one(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Row | None:
        rows = self._query(sql, params)
        return rows[0] if rows else None

    # -- sources (imported files) --------------------------------------------------------

    def add_source(self, kind: str, path: str, sha256: str, counts: dict[str, Any] | None = None) -> int:
        """Record an imported file; returns its id."""
        cur = self.conn.execute(
            "INSERT INTO sources (kind, path, sha256, imported_at, counts) VALUES (?, ?, ?, ?, ?)",
            (kind, path, sha256, utcnow(), json.dumps(counts or {}, ensure_ascii=False)),
        )
        return int(cur.lastrowid)

    def set_source_counts(self, source_id: int, counts: dict[str, Any]) -> None:
        """Store the final counts of an import."""
        self.conn.execute(
            "UPDATE sources SET counts = ? WHERE id = ?", (json.dumps(counts, ensure_ascii=False), source_id)
        )

    def find_source(self, kind: str, sha256: str) -> dict[str, Any] | None:
        """The most recent import of a file with this content, or None."""
        row = self._one(
            "SELECT * FROM sources WHERE kind = ? AND sha256 = ? ORDER BY id DESC LIMIT 1", (kind, sha256)
        )
        return dict(row) if row else None

    # -- stories and articles ------------------------------------------------------------

    def story_id(self, slug: str, title: str | None = None, create: bool = True) -> int:
        """The id of the story ``slug``; created (inside the caller's transaction) if new."""
        row = self._one("SELECT id, title FROM stories WHERE slug = ?", (slug,))
        if row:
            if title and title != row["title"]:
                self.conn.execute("UPDATE stories SET title = ? WHERE id = ?", (title, row["id"]))
            return int(row["id"])
        if not create:
            raise NotFoundError(f"no story {slug!r}; `tmkit stats` lists the stories")
        cur = self.conn.execute(
            "INSERT INTO stories (slug, title, created_at) VALUES (?, ?, ?)", (slug, title, utcnow())
        )
        return int(cur.lastrowid)

    def stories(self) -> list[dict[str, Any]]:
        """All stories with their languages and segment counts."""
        rows = self._query(
            """
            SELECT s.id, s.slug, s.title,
                   group_concat(a.lang, ',') AS langs,
                   coalesce(sum(a.n_segments), 0) AS segments
            FROM stories s LEFT JOIN articles a ON a.story_id = s.id
            GROUP BY s.id ORDER BY s.slug
            """
        )
        return [dict(r) for r in rows]

    def article(self, story_id: int, lang: str) -> dict[str, Any] | None:
        """The article of a story in one language, or None."""
        row = self._one("SELECT * FROM articles WHERE story_id = ? AND lang = ?", (story_id, lang))
        return dict(row) if row else None

    def articles(self, story_id: int) -> list[dict[str, Any]]:
        """The language versions of a story."""
        return [dict(r) for r in self._query(
            "SELECT * FROM articles WHERE story_id = ? ORDER BY lang", (story_id,))]

    def save_article(
        self, story_id: int, meta: ArticleMeta, sha256: str, paragraphs: Sequence[Sequence[str]]
    ) -> tuple[str, int, int]:
        """Store one language version of a story, replacing an older version.

        Returns ``(outcome, article_id, n_segments)`` where outcome is ``added``,
        ``unchanged`` (same text, metadata refreshed) or ``replaced`` (the old segments
        and every unit built on them are deleted first). Call inside :meth:`transaction`.
        """
        now = utcnow()
        old = self.article(story_id, meta.lang)
        fields = dict(title=meta.title, url=meta.url, outlet=meta.outlet, published=meta.published,
                      source_path=meta.source_path)
        if old and old["sha256"] == sha256:
            changed = {k: v for k, v in fields.items() if v is not None and v != old[k]}
            if changed:
                sets = ", ".join(f"{k} = ?" for k in changed)
                self.conn.execute(f"UPDATE articles SET {sets} WHERE id = ?", (*changed.values(), old["id"]))
            return "unchanged", int(old["id"]), int(old["n_segments"])
        n_segments = sum(len(p) for p in paragraphs)
        if old:
            article_id = int(old["id"])
            self._delete_units_of_article(article_id)
            self.conn.execute("DELETE FROM segments WHERE article_id = ?", (article_id,))
            self.conn.execute(
                """UPDATE articles SET title = ?, url = ?, outlet = ?, published = ?, source_path = ?,
                   sha256 = ?, n_paragraphs = ?, n_segments = ?, imported_at = ? WHERE id = ?""",
                (*fields.values(), sha256, len(paragraphs), n_segments, now, article_id),
            )
            outcome = "replaced"
        else:
            cur = self.conn.execute(
                """INSERT INTO articles (story_id, lang, title, url, outlet, published, source_path,
                   sha256, n_paragraphs, n_segments, imported_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (story_id, meta.lang, *fields.values(), sha256, len(paragraphs), n_segments, now),
            )
            article_id = int(cur.lastrowid)
            outcome = "added"
        rows = []
        position = 0
        for p_index, sentences in enumerate(paragraphs):
            for sentence in sentences:
                rows.append((article_id, position, p_index, meta.lang, sentence, match_key(sentence)))
                position += 1
        self.conn.executemany(
            "INSERT INTO segments (article_id, position, paragraph, lang, text, norm) VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )
        return outcome, article_id, n_segments

    def _delete_units_of_article(self, article_id: int) -> int:
        cur = self.conn.execute(
            """DELETE FROM units WHERE id IN (
                   SELECT v.unit_id FROM variants v WHERE v.article_id = ?
                   UNION
                   SELECT v.unit_id FROM variant_segments vs JOIN variants v ON v.id = vs.variant_id
                   JOIN segments s ON s.id = vs.segment_id WHERE s.article_id = ?)""",
            (article_id, article_id),
        )
        return cur.rowcount

    def segments(self, article_id: int) -> list[dict[str, Any]]:
        """The segments of an article in document order."""
        return [dict(r) for r in self._query(
            "SELECT id, position, paragraph, lang, text FROM segments WHERE article_id = ? ORDER BY position",
            (article_id,))]

    # -- translation units ---------------------------------------------------------------

    def delete_units(self, story_id: int, origin: str = "aligned", statuses: Sequence[str] = ("auto",)) -> int:
        """Delete a story's units of one origin and status (before re-aligning it)."""
        marks = ",".join("?" * len(statuses))
        cur = self.conn.execute(
            f"DELETE FROM units WHERE story_id = ? AND origin = ? AND status IN ({marks})",
            (story_id, origin, *statuses),
        )
        return cur.rowcount

    def reviewed_segments(self, story_id: int) -> tuple[set[int], set[frozenset[int]]]:
        """(segment ids of confirmed units, segment sets of rejected units) of a story.

        Re-alignment must not touch confirmed segments nor re-create a rejected pairing.
        """
        confirmed: set[int] = set()
        rejected: dict[int, set[int]] = {}
        for unit_id, status, segment_id in self._query(
            """SELECT v.unit_id, u.status, vs.segment_id FROM units u JOIN variants v ON v.unit_id = u.id
               JOIN variant_segments vs ON vs.variant_id = v.id
               WHERE u.story_id = ? AND u.status IN ('confirmed', 'rejected')""",
            (story_id,),
        ):
            if status == "confirmed":
                confirmed.add(segment_id)
            else:
                rejected.setdefault(unit_id, set()).add(segment_id)
        return confirmed, {frozenset(s) for s in rejected.values()}

    def add_units(self, units: Iterable[NewUnit]) -> int:
        """Insert units with their variants (and segment links); returns how many.

        Ids are assigned here from the current maximum, which is safe because the caller
        holds the write lock (:meth:`transaction`), and lets every table be filled with
        ``executemany`` in large batches.
        """
        next_unit = (self._one("SELECT coalesce(max(id), 0) FROM units")[0]) + 1
        next_variant = (self._one("SELECT coalesce(max(id), 0) FROM variants")[0]) + 1
        unit_rows: list[tuple[Any, ...]] = []
        variant_rows: list[tuple[Any, ...]] = []
        link_rows: list[tuple[int, int]] = []
        count = 0
        now = utcnow()
        for unit in units:
            uid = next_unit
            next_unit += 1
            unit_rows.append((
                uid, unit.story_id, unit.source_id, unit.tuid, unit.origin, unit.status,
                None if unit.score is None else min(1.0, max(0.0, float(unit.score))),
                unit.align_type, unit.outlet, unit.published,
                json.dumps(unit.props, ensure_ascii=False) if unit.props else None,
                unit.created_at or now, unit.changed_at or unit.created_at or now,
            ))
            for v in unit.variants:
                vid = next_variant
                next_variant += 1
                norm = match_key(v.text)
                variant_rows.append((
                    vid, uid, v.article_id, v.lang, v.tag, v.text, norm, v.markup,
                    json.dumps(v.props, ensure_ascii=False) if v.props else None, len(v.segment_ids),
                    len(match_tokens(norm)), norm_hash(norm),
                ))
                link_rows.extend((vid, sid) for sid in v.segment_ids)
            count += 1
            if len(variant_rows) >= _BATCH:
                self._flush_units(unit_rows, variant_rows, link_rows)
        self._flush_units(unit_rows, variant_rows, link_rows)
        if count >= _STATS_REFRESH:
            self.refresh_term_stats()
        return count

    def add_unit(self, unit: NewUnit) -> int:
        """Insert one unit; returns its id (call inside :meth:`transaction`)."""
        self.add_units([unit])
        return int(self._one("SELECT max(id) FROM units")[0])

    def _flush_units(self, units: list, variants: list, links: list) -> None:
        c = self.conn
        c.executemany(
            """INSERT INTO units (id, story_id, source_id, tuid, origin, status, score, align_type,
               outlet, published, props, created_at, changed_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)""",
            units,
        )
        c.executemany(
            """INSERT INTO variants (id, unit_id, article_id, lang, tag, text, norm, markup, props,
               n_segments, n_tokens, norm_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)""",
            variants,
        )
        if variants:
            c.execute("INSERT INTO variants_fts (rowid, norm) SELECT id, norm FROM variants WHERE id BETWEEN ? AND ?",
                      (variants[0][0], variants[-1][0]))
        c.executemany("INSERT INTO variant_segments (variant_id, segment_id) VALUES (?, ?)", links)
        units.clear()
        variants.clear()
        links.clear()

    def count_units(self, story_id: int | None = None) -> int:
        """Number of units (of one story)."""
        if story_id is None:
            return int(self._one("SELECT count(*) FROM units")[0])
        return int(self._one("SELECT count(*) FROM units WHERE story_id = ?", (story_id,))[0])

    def _unit_where(
        self,
        alias: str,
        langs: Sequence[str],
        require: Sequence[str] | None = None,
        min_langs: int = 1,
        story: str | None = None,
        statuses: Sequence[str] | None = None,
        min_score: float | None = None,
        origins: Sequence[str] | None = None,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
        scan: bool = False,
        id_from: int | None = None,
        id_below: int | None = None,
    ) -> tuple[list[str], list[Any]]:
        # ``scan``: the caller reads units in id order, so the status index must not be used
        u = alias
        where: list[str] = []
        params: list[Any] = []
        for lang in require if require is not None else langs:
            where.append(f"EXISTS (SELECT 1 FROM variants r WHERE r.unit_id = {u}.id AND r.lang = ?)")
            params.append(lang)
        if id_from is not None:
            where.append(f"{u}.id >= ?")
            params.append(id_from)
        if id_below is not None:
            where.append(f"{u}.id < ?")
            params.append(id_below)
        if min_langs > 1 and len(langs) > 2:
            where.append(f"(SELECT count(*) FROM variants r WHERE r.unit_id = {u}.id "
                         f"AND r.lang IN ({','.join('?' * len(langs))})) >= ?")
            params.extend([*langs, min_langs])
        if story:
            where.append(f"{u}.story_id = (SELECT id FROM stories WHERE slug = ?)")
            params.append(story)
        if statuses:
            where.append(f"{'+' if scan else ''}{u}.status IN ({','.join('?' * len(statuses))})")
            params.extend(statuses)
        if origins:
            where.append(f"{u}.origin IN ({','.join('?' * len(origins))})")
            params.extend(origins)
        if min_score is not None:
            where.append(f"({u}.score IS NULL OR {u}.score >= ?)")
            params.append(min_score)
        if outlet:
            where.append(f"{u}.outlet = ? COLLATE NOCASE")
            params.append(outlet)
        if since:
            where.append(f"{u}.published >= ?")
            params.append(since)
        if until:
            where.append(f"{u}.published <= ?")
            params.append(until)
        return where, params

    def _export_where(self, langs: Sequence[str], dedupe: str = "none", joined: bool = False,
                      **filters: Any) -> tuple[str, list[Any]]:
        # ``joined``: the outer query joins the variants itself (see iter_export_rows), so
        # the language conditions on ``u`` are left to it; the dedupe subqueries keep them.
        id_range = {key: filters.pop(key) for key in ("id_from", "id_below") if key in filters}
        outer = dict(filters, require=(), min_langs=1, scan=True) if joined else filters
        # the id range (a part of a split export) limits the output, not the dedupe below
        where, params = self._unit_where("u", langs, **outer, **id_range)
        if dedupe in ("exact", "newest"):
            inner_where, inner_params = self._unit_where("x", langs, **filters)
            joins = []
            for i, lang in enumerate(langs):
                joins.append(f"LEFT JOIN variants l{i} ON l{i}.unit_id = x.id AND l{i}.lang = ?")
            inner_sql = " ".join(joins) + (" WHERE " + " AND ".join(inner_where) if inner_where else "")
            if dedupe == "exact":
                group = ", ".join(f"l{i}.text" for i in range(len(langs)))
                where.append(f"u.id IN (SELECT min(x.id) FROM units x {inner_sql} GROUP BY {group})")
            else:
                where.append(
                    f"u.id IN (SELECT id FROM (SELECT x.id, row_number() OVER (PARTITION BY l0.text "
                    f"ORDER BY x.changed_at DESC, x.id DESC) AS rn FROM units x {inner_sql}) WHERE rn = 1)")
            params.extend([*langs, *inner_params])
        elif dedupe != "none":
            from tmkit.errors import UsageError

            raise UsageError(f"unknown duplicate policy {dedupe!r}; use none, exact or newest")
        return ("WHERE " + " AND ".join(where)) if where else "", params

    def count_export_units(self, langs: Sequence[str], dedupe: str = "none", **filters: Any) -> int:
        """How many units :meth:`iter_units` would yield with the same arguments."""
        where, params = self._export_where(langs, dedupe, **filters)
        return int(self._one(f"SELECT count(*) FROM units u {where}", params)[0])

    def iter_units(self, langs: Sequence[str], dedupe: str = "none", **filters: Any) -> Iterator[ExportUnit]:
        """Stream units with their variants in ``langs``, in unit id order.

        Filters: ``require`` (languages a unit must have; default all of ``langs``),
        ``min_langs``, ``story``, ``statuses``, ``min_score``, ``origins``, ``outlet``,
        ``since``/``until`` (publication date), and ``dedupe`` (``none``; ``exact`` keeps
        the first of units with identical texts; ``newest`` keeps the most recently
        changed unit per source text). They combine with AND.
        """
        where, params = self._export_where(langs, dedupe, **filters)
        lang_marks = ",".join("?" * len(langs))
        sql = f"""
            SELECT u.id, u.tuid, u.origin, u.status, u.score, u.align_type, u.outlet, u.published,
                   u.props, u.created_at, u.changed_at, s.slug AS story,
                   v.lang, v.tag, v.text, v.markup, v.props AS vprops, v.n_segments, a.url
            FROM units u
            JOIN variants v ON v.unit_id = u.id AND v.lang IN ({lang_marks})
            LEFT JOIN stories s ON s.id = u.story_id
            LEFT JOIN articles a ON a.id = v.article_id
            {where}
            ORDER BY u.id
        """
        try:
            cursor = self.conn.execute(sql, (*langs, *params))
        except sqlite3.Error as exc:
            raise _translate_error(exc, self.path) from None
        order = {lang: i for i, lang in enumerate(langs)}
        current: ExportUnit | None = None
        for row in cursor:
            if current is None or current.id != row[0]:
                if current is not None:
                    current.variants.sort(key=lambda v: order[v.lang])
                    yield current
                current = ExportUnit(
                    id=row[0], tuid=row[1], origin=row[2], status=row[3], score=row[4],
                    align_type=row[5], outlet=row[6], published=row[7],
                    props=json.loads(row[8]) if row[8] else None, created_at=row[9],
                    changed_at=row[10], story=row[11], variants=[],
                )
            current.variants.append(ExportVariant(
                lang=row[12], tag=row[13], text=row[14], markup=row[15],
                props=json.loads(row[16]) if row[16] else None, n_segments=row[17], url=row[18],
            ))
        if current is not None:
            current.variants.sort(key=lambda v: order[v.lang])
            yield current

    #: Fields of a unit in a row of :meth:`iter_export_rows`; each language then adds
    #: :data:`EXPORT_VARIANT_FIELDS` fields (all None where the unit lacks that language).
    EXPORT_UNIT_FIELDS = ("id", "tuid", "status", "score", "align_type", "outlet", "published", "props",
                          "created_at", "changed_at", "story", "url")
    EXPORT_VARIANT_FIELDS = ("text", "markup", "props", "n_segments")

    def iter_export_rows(self, langs: Sequence[str], dedupe: str = "none", **filters: Any) -> Iterator[tuple[Any, ...]]:
        """The units :meth:`iter_units` yields, as one flat tuple each (the fast path of
        ``tmkit export tmx``): :data:`EXPORT_UNIT_FIELDS`, then the variant fields of
        each of ``langs`` in order. ``props`` are JSON text; ``url`` is the article of the
        first language the unit has.
        """
        require = filters.pop("require", None)
        require = list(langs if require is None else require)
        min_langs = filters.pop("min_langs", 1)
        where, params = self._export_where(langs, dedupe, joined=True, require=require, min_langs=min_langs,
                                           **filters)
        # Units are scanned in id order and each language is looked up by (unit_id, lang):
        # CROSS JOIN keeps SQLite from starting at a variants index and sorting at the end
        # (and _unit_where keeps it off the status index for the same reason).
        cols, joins, present = [], [], []
        for i, lang in enumerate(langs):
            kind = "CROSS JOIN" if lang in require else "LEFT JOIN"
            joins.append(f"{kind} variants v{i} ON v{i}.unit_id = u.id AND v{i}.lang = ?")
            cols.append(f"v{i}.text, v{i}.markup, v{i}.props, v{i}.n_segments")
            present.append(f"(v{i}.id IS NOT NULL)")
        url_of = "coalesce(" + ", ".join(f"v{i}.article_id" for i in range(len(langs))) + ")"
        if min_langs > 1:
            where = (where + " AND " if where else "WHERE ") + f"({' + '.join(present)}) >= ?"
            params = [*params, min_langs]
        sql = f"""
            SELECT u.id, u.tuid, u.status, u.score, u.align_type, u.outlet, u.published, u.props,
                   u.created_at, u.changed_at, s.slug, a.url, {', '.join(cols)}
            FROM units u {' '.join(joins)}
            LEFT JOIN stories s ON s.id = u.story_id
            LEFT JOIN articles a ON a.id = {url_of}
            {where}
            ORDER BY u.id
        """
        try:
            cursor = self.conn.cursor()
            cursor.row_factory = None  # plain tuples: a Row object per unit costs a third of the time
            cursor.execute(sql, (*langs, *params))
        except sqlite3.Error as exc:
            raise _translate_error(exc, self.path) from None
        yield from self._prefetched(cursor)

    def _prefetched(self, cursor: sqlite3.Cursor, batch: int = 2000) -> Iterator[tuple[Any, ...]]:
        # Batches rather than one row at a time. (Fetching in a second thread, so that
        # SQLite's stepping overlaps with formatting, was measured slower: the GIL.)
        try:
            while True:
                rows = cursor.fetchmany(batch)
                if not rows:
                    return
                yield from rows
        except sqlite3.Error as exc:
            raise _translate_error(exc, self.path) from None

    # -- review ------------------------------------------------------------------------------

    def units_for_review(
        self, *, threshold: float, langs: Sequence[str] | None = None, story: str | None = None,
        limit: int = 20,
    ) -> list[dict[str, Any]]:
        """Automatic aligned units scoring under ``threshold``, worst first, with variants
        (text and segment ids) — optionally only those having every language in ``langs``."""
        where = ["u.status = 'auto'", "u.origin = 'aligned'", "u.score < ?"]
        params: list[Any] = [threshold]
        for lang in langs or ():
            where.append("EXISTS (SELECT 1 FROM variants r WHERE r.unit_id = u.id AND r.lang = ?)")
            params.append(lang)
        if story:
            where.append("s.slug = ?")
            params.append(story)
        rows = self._query(
            f"""SELECT u.id, u.score, u.align_type, s.slug AS story FROM units u
                LEFT JOIN stories s ON s.id = u.story_id
                WHERE {' AND '.join(where)} ORDER BY u.score, u.id LIMIT ?""",
            (*params, limit),
        )
        out = []
        for row in rows:
            unit = dict(row)
            unit["variants"] = self._unit_variants(row["id"])
            out.append(unit)
        return out

    def _unit_variants(self, unit_id: int) -> list[dict[str, Any]]:
        variants = []
        for v in self._query("SELECT id, lang, text FROM variants WHERE unit_id = ? ORDER BY id", (unit_id,)):
            segs = [r[0] for r in self._query(
                "SELECT segment_id FROM variant_segments WHERE variant_id = ? ORDER BY segment_id", (v["id"],))]
            variants.append({"lang": v["lang"], "text": v["text"], "segments": segs})
        return variants

    def set_unit_status(self, unit_ids: Sequence[int], status: str) -> int:
        """Set the review status of units; raises NotFoundError naming unknown ids."""
        found = {r[0] for r in self._query(
            f"SELECT id FROM units WHERE id IN ({','.join('?' * len(unit_ids))})", list(unit_ids))}
        missing = [i for i in unit_ids if i not in found]
        if missing:
            raise NotFoundError(f"no unit {missing[0]} in {self.path}; `tmkit review` lists unit ids")
        cur = self.conn.execute(
            f"UPDATE units SET status = ?, changed_at = ? WHERE id IN ({','.join('?' * len(unit_ids))})",
            (status, utcnow(), *unit_ids),
        )
        return cur.rowcount

    def segments_by_id(self, segment_ids: Sequence[int]) -> list[dict[str, Any]]:
        """Segments with their article's story and language, in the order asked."""
        rows = {r["id"]: dict(r) for r in self._query(
            f"""SELECT sg.id, sg.article_id, sg.position, sg.lang, sg.text, a.story_id, a.outlet, a.published
                FROM segments sg JOIN articles a ON a.id = sg.article_id
                WHERE sg.id IN ({','.join('?' * len(segment_ids))})""", list(segment_ids))}
        missing = [i for i in segment_ids if i not in rows]
        if missing:
            raise NotFoundError(f"no segment {missing[0]} in {self.path}; `tmkit review` shows segment ids")
        return [rows[i] for i in segment_ids]

    def delete_auto_units_using(self, segment_ids: Sequence[int]) -> int:
        """Delete automatic units that cover any of ``segment_ids`` (before re-pairing them)."""
        marks = ",".join("?" * len(segment_ids))
        cur = self.conn.execute(
            f"""DELETE FROM units WHERE status = 'auto' AND id IN (
                    SELECT v.unit_id FROM variant_segments vs JOIN variants v ON v.id = vs.variant_id
                    WHERE vs.segment_id IN ({marks}))""",
            list(segment_ids),
        )
        return cur.rowcount

    # -- glossary ------------------------------------------------------------------------

    def replace_concepts(self, concepts: Iterable[Concept], keys: dict[tuple[str, int], list[tuple[str, str]]] | None = None) -> dict[str, int]:
        """Insert or update concepts (matched by id) with all their terms.

        ``keys`` maps ``(concept id, term index)`` to look-up keys ``[(key, kind)]`` for
        that term. Returns counts ``{"added": n, "updated": n, "unchanged": n}``.
        """
        counts = {"added": 0, "updated": 0, "unchanged": 0}
        now = utcnow()
        for position, concept in enumerate(concepts):
            old = self.concept(concept.id)
            if old is not None and _same_concept(old, concept):
                counts["unchanged"] += 1
                self._refresh_term_keys(concept, keys or {})
                continue
            if old is not None:
                self.conn.execute("DELETE FROM terms WHERE concept_id = ?", (concept.id,))
                self.conn.execute(
                    """UPDATE concepts SET domain = ?, definition = ?, usage = ?, source = ?,
                       changed_at = ? WHERE id = ?""",
                    (concept.domain, concept.definition, concept.usage, concept.source, now, concept.id),
                )
                counts["updated"] += 1
            else:
                self.conn.execute(
                    """INSERT INTO concepts (id, domain, definition, usage, source, position, changed_at)
                       VALUES (?, ?, ?, ?, ?, ?, ?)""",
                    (concept.id, concept.domain, concept.definition, concept.usage, concept.source,
                     position, now),
                )
                counts["added"] += 1
            for index, term in enumerate(concept.terms):
                cur = self.conn.execute(
                    """INSERT INTO terms (concept_id, lang, text, kind, status, note, flags, position)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                    (concept.id, term.lang, term.text, term.kind, term.status, term.note,
                     ",".join(term.flags) or None, index),
                )
                term_id = cur.lastrowid
                for key, kind in (keys or {}).get((concept.id, index), []):
                    self.conn.execute(
                        "INSERT OR IGNORE INTO term_keys (key, term_id, kind) VALUES (?, ?, ?)",
                        (key, term_id, kind),
                    )
        return counts

    def _refresh_term_keys(self, concept: Concept, keys: dict[tuple[str, int], list[tuple[str, str]]]) -> None:
        """Bring an unchanged concept's look-up keys up to date (a newer tmkit may stem
        differently): rewrite them when they differ from the stored ones."""
        stored = self._query(
            """SELECT t.id, t.lang, t.text, k.key, k.kind FROM terms t LEFT JOIN term_keys k ON k.term_id = t.id
               WHERE t.concept_id = ? ORDER BY t.id""", (concept.id,))
        have: dict[int, set[tuple[str, str]]] = {}
        ident: dict[tuple[str, str], int] = {}
        for tid, lang, text, key, kind in stored:
            ident[(lang, text)] = tid
            if key is not None:
                have.setdefault(tid, set()).add((key, kind))
        for index, term in enumerate(concept.terms):
            tid = ident.get((term.lang, term.text))
            want = set(keys.get((concept.id, index), []))
            if tid is not None and have.get(tid, set()) != want:
                self.conn.execute("DELETE FROM term_keys WHERE term_id = ?", (tid,))
                self.conn.executemany("INSERT OR IGNORE INTO term_keys (key, term_id, kind) VALUES (?, ?, ?)",
                                      [(k, tid, kind) for k, kind in want])

    def concept(self, concept_id: str) -> Concept | None:
        """One concept with its terms, or None."""
        row = self._one("SELECT * FROM concepts WHERE id = ?", (concept_id,))
        if row is None:
            return None
        terms = [
            Term(lang=t["lang"], text=t["text"], kind=t["kind"], status=t["status"], note=t["note"],
                 flags=tuple(t["flags"].split(",")) if t["flags"] else ())
            for t in self._query("SELECT * FROM terms WHERE concept_id = ? ORDER BY position", (concept_id,))
        ]
        return Concept(id=row["id"], domain=row["domain"], definition=row["definition"],
                       usage=row["usage"], terms=terms, source=row["source"])

    def concepts(self) -> list[Concept]:
        """Every concept with its terms, in file order."""
        terms: dict[str, list[Term]] = {}
        for t in self._query("SELECT * FROM terms ORDER BY concept_id, position"):
            terms.setdefault(t["concept_id"], []).append(
                Term(lang=t["lang"], text=t["text"], kind=t["kind"], status=t["status"], note=t["note"],
                     flags=tuple(t["flags"].split(",")) if t["flags"] else ()))
        return [
            Concept(id=r["id"], domain=r["domain"], definition=r["definition"], usage=r["usage"],
                    terms=terms.get(r["id"], []), source=r["source"])
            for r in self._query("SELECT * FROM concepts ORDER BY source, position, id")
        ]

    def count_concepts(self) -> int:
        """Number of glossary concepts."""
        return int(self._one("SELECT count(*) FROM concepts")[0])

    def find_term_keys(self, keys: Sequence[str]) -> list[dict[str, Any]]:
        """Terms whose look-up keys include any of ``keys``: concept id, term, key, kind."""
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        rows = self._query(
            f"""SELECT k.key, k.kind AS key_kind, t.concept_id, t.lang, t.text, t.status
                FROM term_keys k JOIN terms t ON t.id = k.term_id
                WHERE k.key IN ({marks})""",
            list(keys),
        )
        return [dict(r) for r in rows]

    def find_terms_containing(self, words: Sequence[str], limit: int = 500) -> list[dict[str, Any]]:
        """Terms with a look-up key (folded or stemmed) that contains every one of ``words``
        as a whole word: concept id, lang, text; shortest terms first."""
        if not words:
            return []
        # keys are folded word tokens joined by single spaces (letters and digits only, so
        # no LIKE wildcard can occur in them)
        where = " AND ".join("(' ' || k.key || ' ') LIKE ?" for _ in words)
        rows = self._query(
            f"""SELECT DISTINCT t.concept_id, t.lang, t.text, c.position
                FROM term_keys k JOIN terms t ON t.id = k.term_id JOIN concepts c ON c.id = t.concept_id
                WHERE k.kind IN ('exact', 'stem') AND {where}
                ORDER BY length(t.text), c.position, t.position LIMIT ?""",
            [f"% {w} %" for w in words] + [limit],
        )
        return [{"concept_id": r[0], "lang": r[1], "text": r[2]} for r in rows]

    def term_spellings(self) -> list[tuple[str, str]]:
        """(folded key, term as written) of every term, in glossary order: for "did you mean"."""
        return [(r[0], r[1]) for r in self._query(
            """SELECT k.key, t.text FROM term_keys k JOIN terms t ON t.id = k.term_id
               WHERE k.kind IN ('exact', 'case') ORDER BY t.concept_id, t.position""")]

    # -- search: concordance and fuzzy-match candidates (tmkit.search) --------------------

    def concordance(self, fts: str, *, lang: str | None = None, story: str | None = None,
                    since: str | None = None, limit: int = 20) -> list[dict[str, Any]]:
        """Variants matching the FTS5 expression ``fts``, newest first."""
        where = ["v.id IN (SELECT rowid FROM variants_fts WHERE variants_fts MATCH ?)", "u.status != 'rejected'"]
        params: list[Any] = [fts]
        if lang:
            where.append("v.lang = ?")
            params.append(lang)
        if story:
            where.append("u.story_id = (SELECT id FROM stories WHERE slug = ?)")
            params.append(story)
        if since:
            where.append("u.published >= ?")
            params.append(since)
        rows = self._query(
            f"""SELECT v.id, v.unit_id, v.lang, v.text, s.slug AS story, u.outlet, u.published,
                       u.origin, u.score
                FROM variants v JOIN units u ON u.id = v.unit_id LEFT JOIN stories s ON s.id = u.story_id
                WHERE {' AND '.join(where)} ORDER BY v.id DESC LIMIT ?""",
            (*params, limit),
        )
        return [dict(r) for r in rows]

    def unit_texts(self, unit_ids: Sequence[int], with_meta: bool = False) -> dict[int, dict[str, Any]]:
        """``{unit id: {lang: text}}`` (plus ``_story`` and ``_origin`` with ``with_meta``)."""
        out: dict[int, dict[str, Any]] = {}
        ids = list(dict.fromkeys(unit_ids))
        if not ids:
            return out
        marks = ",".join("?" * len(ids))
        for uid, lang, text in self._query(
                f"SELECT unit_id, lang, text FROM variants WHERE unit_id IN ({marks})", ids):
            out.setdefault(uid, {})[lang] = text
        if with_meta:
            for uid, story, origin in self._query(
                    f"""SELECT u.id, s.slug, u.origin FROM units u LEFT JOIN stories s ON s.id = u.story_id
                        WHERE u.id IN ({marks})""", ids):
                out.setdefault(uid, {}).update(_story=story, _origin=origin)
        return out

    def term_document_frequency(self, words: Sequence[str], cap: int = COMMON_TERM) -> dict[str, int]:
        """How many variants contain each (folded) word: exact below ``cap``, from the
        refreshed statistics above it (an estimate of ``10 * cap`` when they are stale).
        Absent words are left out."""
        out: dict[str, int] = {}
        if not words:
            return out
        marks = ",".join("?" * len(words))
        known = dict(self._query(f"SELECT term, doc FROM term_stats WHERE term IN ({marks})", list(words)))
        for w in words:
            if w in known:
                out[w] = known[w]
                continue
            row = self.conn.execute(
                "SELECT count(*) FROM (SELECT rowid FROM variants_fts WHERE variants_fts MATCH ? LIMIT ?)",
                ('"' + w.replace('"', '""') + '"', cap)).fetchone()
            if row[0]:
                out[w] = row[0] if row[0] < cap else 10 * cap
        return out

    def refresh_term_stats(self) -> None:
        """Recount the common words of the full-text index (one pass over the index)."""
        with self.transaction():
            self.conn.execute("DELETE FROM term_stats")
            self.conn.execute("INSERT INTO term_stats SELECT term, doc FROM variants_vocab WHERE doc >= ?",
                              (COMMON_TERM,))

    def window_size(self, src: str, min_tokens: int, max_tokens: int, cap: int) -> int:
        """How many ``src`` variants have ``min_tokens``..``max_tokens`` tokens, counted up to
        ``cap`` (a range of the index; counting a large window in full would cost more than
        the match itself)."""
        return int(self._one(
            "SELECT count(*) FROM (SELECT 1 FROM variants WHERE lang = ? AND n_tokens BETWEEN ? AND ? LIMIT ?)",
            (src, min_tokens, max_tokens, cap))[0])

    def window_candidates(self, src: str, tgt: str, min_tokens: int, max_tokens: int) -> list[tuple[int, int, str]]:
        """Every ``src`` variant of a token length in the window (for short queries)."""
        rows = self._query(
            """SELECT v.id, v.unit_id, v.norm FROM variants v
               WHERE v.lang = ? AND v.n_tokens BETWEEN ? AND ?
                 AND EXISTS (SELECT 1 FROM variants t WHERE t.unit_id = v.unit_id AND t.lang = ?)
                 AND (SELECT status FROM units WHERE id = v.unit_id) != 'rejected'""",
            (src, min_tokens, max_tokens, tgt))
        return [(r[0], r[1], r[2]) for r in rows]

    def fuzzy_candidates(self, phrases: Sequence[Sequence[str]], src: str, tgt: str, min_tokens: int,
                         max_tokens: int, min_hits: int = 1) -> list[tuple[int, int, str]]:
        """(variant id, unit id, folded text) of ``src`` variants containing at least
        ``min_hits`` of the ``phrases`` (word sequences), ``min_tokens``..``max_tokens`` long,
        whose unit has a ``tgt`` variant and is not rejected."""
        postings = " UNION ALL ".join(
            "SELECT rowid FROM variants_fts WHERE variants_fts MATCH ?" for _ in phrases)
        # CROSS JOIN fixes the join order: the (short) candidate list first, then a
        # look-up of each candidate — never a scan of all variants in the length window.
        rows = self._query(
            f"""SELECT v.id, v.unit_id, v.norm
                FROM (SELECT rowid AS id FROM ({postings}) GROUP BY rowid HAVING count(*) >= ?) h
                CROSS JOIN variants v ON v.id = h.id
                WHERE v.lang = ? AND v.n_tokens BETWEEN ? AND ?
                  AND EXISTS (SELECT 1 FROM variants t WHERE t.unit_id = v.unit_id AND t.lang = ?)
                  AND (SELECT status FROM units WHERE id = v.unit_id) != 'rejected'""",
            (*('"' + " ".join(p).replace('"', '""') + '"' for p in phrases), min_hits, src, min_tokens,
             max_tokens, tgt),
        )
        return [(r[0], r[1], r[2]) for r in rows]

    def previous_text(self, variant_id: int) -> str | None:
        """The sentence before a variant's first segment in its article (for 101% matches),
        or a TMX unit's ``x-context-pre`` prop."""
        row = self._one(
            """SELECT p.text FROM variant_segments vs JOIN segments s ON s.id = vs.segment_id
               JOIN segments p ON p.article_id = s.article_id AND p.position = s.position - 1
               WHERE vs.variant_id = ? ORDER BY s.position LIMIT 1""",
            (variant_id,),
        )
        if row is not None:
            return row[0]
        props = self._one("SELECT u.props FROM variants v JOIN units u ON u.id = v.unit_id WHERE v.id = ?",
                          (variant_id,))
        if props and props[0]:
            for ptype, value in json.loads(props[0]).get("prop", ()):
                if ptype.lower() in ("x-context-pre", "x-context-prev"):
                    return value
        return None

    def iter_source_norms(self, src: str, tgt: str) -> Iterator[tuple[int, str]]:
        """Every (unit id, folded source text) of the pair: the exhaustive scan's input."""
        cursor = self.conn.execute(
            """SELECT v.unit_id, v.norm FROM variants v WHERE v.lang = ?
                 AND EXISTS (SELECT 1 FROM variants t WHERE t.unit_id = v.unit_id AND t.lang = ?)""",
            (src, tgt),
        )
        yield from cursor

    def count_pair_units(self, src: str, tgt: str) -> int:
        """Units that have both languages."""
        return int(self._one(
            """SELECT count(*) FROM variants v WHERE v.lang = ?
               AND EXISTS (SELECT 1 FROM variants t WHERE t.unit_id = v.unit_id AND t.lang = ?)""",
            (src, tgt))[0])

    def check_search_index(self) -> list[str]:
        """Problems of the full-text index (empty when it is in step with the variants)."""
        problems = []
        try:
            self.conn.execute("INSERT INTO variants_fts (variants_fts, rank) VALUES ('integrity-check', 1)")
        except sqlite3.DatabaseError as exc:
            problems.append(f"full-text index out of step with the variants: {exc}")
        return problems

    # -- health: integrity checks and backups ------------------------------------------

    def health(self) -> dict[str, Any]:
        """Integrity, foreign keys, orphans, counts and the search index: ``{"checks":
        [(name, ok, detail)], "problems": n}`` for ``tmkit check``."""
        checks: list[tuple[str, bool, str]] = []

        def add(name: str, problems: list[str]) -> None:
            checks.append((name, not problems, "; ".join(problems[:5]) + (" …" if len(problems) > 5 else "")))

        integrity = [r[0] for r in self._query("PRAGMA integrity_check")]
        add("SQLite integrity", [] if integrity == ["ok"] else integrity)
        fk = self._query("PRAGMA foreign_key_check")
        add("foreign keys", [f"{r[0]} row {r[1]} points at a missing {r[2]}" for r in fk])
        lonely = self._query(
            "SELECT u.id FROM units u WHERE (SELECT count(*) FROM variants v WHERE v.unit_id = u.id) < 2")
        add("units with two or more languages", [f"unit {r[0]} has fewer than two variants" for r in lonely])
        counts = self._query(
            """SELECT a.id, a.n_segments, (SELECT count(*) FROM segments s WHERE s.article_id = a.id)
               FROM articles a WHERE a.n_segments != (SELECT count(*) FROM segments s WHERE s.article_id = a.id)""")
        add("article segment counts", [f"article {r[0]} says {r[1]} segments, has {r[2]}" for r in counts])
        links = self._query(
            """SELECT v.id FROM variants v WHERE v.n_segments !=
               (SELECT count(*) FROM variant_segments vs WHERE vs.variant_id = v.id)""")
        add("variant segment links", [f"variant {r[0]}: segment count and links differ" for r in links])
        keys = self._query(
            "SELECT t.id FROM terms t WHERE NOT EXISTS (SELECT 1 FROM term_keys k WHERE k.term_id = t.id)")
        add("glossary look-up keys", [f"term {r[0]} has no look-up key" for r in keys])
        add("full-text index", self.check_search_index())
        applied = self._applied_migrations() or []
        add("schema", [] if applied == list(KNOWN_MIGRATIONS) else [f"migrations {applied}"])
        return {"checks": checks, "problems": sum(1 for c in checks if not c[1])}

    def backup(self, target: str | os.PathLike[str]) -> None:
        """Copy the database to ``target`` with SQLite's online backup API, as one consistent
        snapshot (other processes may go on reading and writing)."""
        target = Path(target)
        if target.exists():
            raise StoreError(f"{target}: exists; choose a new file name for the backup")
        if not target.parent.exists():
            raise StoreError(f"{target}: folder {target.parent} does not exist")
        tmp = target.with_name(f".{target.name}.partial")
        try:
            dest = sqlite3.connect(tmp)
            try:
                self.conn.backup(dest)  # all pages in one step: a single read snapshot
                dest.execute("PRAGMA journal_mode = DELETE")
                ok = dest.execute("PRAGMA integrity_check").fetchone()[0]
            finally:
                dest.close()
            if ok != "ok":
                raise StoreError(f"{target}: the backup failed its integrity check ({ok})")
            os.replace(tmp, target)
        except sqlite3.Error as exc:
            raise _translate_error(exc, str(target)) from None
        finally:
            if tmp.exists():
                tmp.unlink()

    # -- statistics ----------------------------------------------------------------------

    def stats(self) -> dict[str, Any]:
        """Counts for ``tmkit stats`` and the demo summary."""
        q = self._one
        out: dict[str, Any] = {
            "stories": q("SELECT count(*) FROM stories")[0],
            "articles": q("SELECT count(*) FROM articles")[0],
            "segments": {r[0]: r[1] for r in self._query(
                "SELECT lang, count(*) FROM segments GROUP BY lang ORDER BY lang")},
            "units": q("SELECT count(*) FROM units")[0],
            "units_by_status": {r[0]: r[1] for r in self._query(
                "SELECT status, count(*) FROM units GROUP BY status ORDER BY status")},
            "units_by_origin": {r[0]: r[1] for r in self._query(
                "SELECT origin, count(*) FROM units GROUP BY origin ORDER BY origin")},
            "variants": {r[0]: r[1] for r in self._query(
                "SELECT lang, count(*) FROM variants GROUP BY lang ORDER BY lang")},
            "concepts": q("SELECT count(*) FROM concepts")[0],
            "terms": {r[0]: r[1] for r in self._query(
                "SELECT lang, count(*) FROM terms GROUP BY lang ORDER BY lang")},
        }
        pairs = {}
        order = {"en": 0, "ru": 1, "hy": 2}
        for row in self._query(
            """SELECT a.lang, b.lang, count(*), avg(u.score) FROM units u
               JOIN variants a ON a.unit_id = u.id JOIN variants b ON b.unit_id = u.id AND a.lang < b.lang
               GROUP BY a.lang, b.lang ORDER BY a.lang, b.lang"""
        ):
            a, b = sorted((row[0], row[1]), key=lambda lang: (order.get(lang, 9), lang))
            pairs[f"{a}-{b}"] = {"units": row[2], "mean_score": row[3]}
        out["pairs"] = dict(sorted(pairs.items(), key=lambda kv: [order.get(x, 9) for x in kv[0].split("-")]))
        return out


    # -- TMX import (tmkit.importers.tmx) --------------------------------------------------
    #
    # A TMX import adds up to millions of units in one transaction. The importer prepares
    # rows (folded text, token counts and hashes computed, possibly in another process)
    # and these methods write them with as little work per row as SQLite allows.

    #: Column order of the rows :meth:`tmx_insert_rows` takes.
    TMX_UNIT_COLUMNS = ("id", "story_id", "source_id", "tuid", "origin", "status", "score", "align_type",
                        "outlet", "published", "props", "created_at", "changed_at")
    TMX_VARIANT_COLUMNS = ("id", "unit_id", "article_id", "lang", "tag", "text", "norm", "markup", "props",
                           "n_segments", "n_tokens", "norm_hash")

    @contextlib.contextmanager
    def tmx_import_session(self, cache_mb: int = 64) -> Iterator["SQLiteStore"]:
        """Connection settings for one bulk import, restored afterwards; enter it *outside*
        :meth:`transaction`.

        A larger page cache keeps the (lang, hash) index in memory, and foreign-key
        checks are switched off (each would look the unit up again for every variant):
        the importer inserts only rows that refer to rows it inserted itself, and
        :meth:`tmx_delete_units` cascades by hand.
        """
        c = self.conn
        if c.in_transaction:
            yield self
            return
        cache = c.execute("PRAGMA cache_size").fetchone()[0]
        fk = c.execute("PRAGMA foreign_keys").fetchone()[0]
        c.execute(f"PRAGMA cache_size = {-int(cache_mb) * 1024}")
        c.execute("PRAGMA foreign_keys = OFF")
        try:
            yield self
        finally:
            if c.in_transaction:  # an error left it open: the caller's transaction rolls back
                c.execute("ROLLBACK")
            c.execute(f"PRAGMA cache_size = {int(cache)}")
            c.execute(f"PRAGMA foreign_keys = {int(fk)}")

    def tmx_fts_buffer(self, size: int | None) -> int | None:
        """Set the full-text index's write buffer (FTS5 ``hashsize``) for this import; returns
        the previous value (None: the default). Call inside :meth:`transaction`.

        Terms are buffered in memory and written as one index segment per flush; a larger
        buffer with large flushes (:meth:`tmx_index_variants`) means fewer, larger
        segments and far less merging: about a third less time for a million units.
        """
        row = self._one("SELECT v FROM variants_fts_config WHERE k = 'hashsize'")
        old = int(row[0]) if row else None
        self.conn.execute("INSERT INTO variants_fts (variants_fts, rank) VALUES ('hashsize', ?)",
                          (size or 1024 * 1024,))
        return old

    def tmx_next_ids(self) -> tuple[int, int]:
        """The next free unit id and variant id (call inside :meth:`transaction`)."""
        return (int(self._one("SELECT coalesce(max(id), 0) FROM units")[0]) + 1,
                int(self._one("SELECT coalesce(max(id), 0) FROM variants")[0]) + 1)

    def tmx_insert_rows(self, units: Sequence[tuple[Any, ...]], variants: Sequence[tuple[Any, ...]]) -> None:
        """Insert prepared rows (columns in :data:`TMX_UNIT_COLUMNS` /
        :data:`TMX_VARIANT_COLUMNS` order); index them with :meth:`tmx_index_variants`."""
        c = self.conn
        c.executemany(
            """INSERT INTO units (id, story_id, source_id, tuid, origin, status, score, align_type,
               outlet, published, props, created_at, changed_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)""",
            units,
        )
        c.executemany(
            """INSERT INTO variants (id, unit_id, article_id, lang, tag, text, norm, markup, props,
               n_segments, n_tokens, norm_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)""",
            variants,
        )

    def tmx_index_variants(self, first_id: int, last_id: int) -> None:
        """Add variants ``first_id``..``last_id`` to the full-text index."""
        if last_id >= first_id:
            self.conn.execute(
                "INSERT INTO variants_fts (rowid, norm) SELECT id, norm FROM variants WHERE id BETWEEN ? AND ?",
                (first_id, last_id))

    def tmx_index_variant_ids(self, variant_ids: Sequence[int]) -> None:
        """Add these variants to the full-text index (for rows inserted out of id order)."""
        for i in range(0, len(variant_ids), 500):
            chunk = list(variant_ids[i:i + 500])
            self.conn.execute(f"INSERT INTO variants_fts (rowid, norm) SELECT id, norm FROM variants "
                              f"WHERE id IN ({','.join('?' * len(chunk))}) ORDER BY id", chunk)

    def tmx_count_variants(self) -> int:
        """About how many variants the memory holds (the highest id; cheap)."""
        return int(self._one("SELECT coalesce(max(id), 0) FROM variants")[0])

    def tmx_drop_indexes(self) -> list[str]:
        """Drop the secondary indexes of units and variants for a bulk insert; returns the
        statements that create them again (:meth:`tmx_create_indexes`). Call inside
        :meth:`transaction`: if the import fails, the rollback restores them.

        Building an index once from sorted data is about twice as fast as updating it
        row by row; worth it when the import adds more rows than the tables hold.
        """
        rows = self._query(
            """SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
               AND tbl_name IN ('units', 'variants') ORDER BY tbl_name, name""")
        for name, _ in rows:
            self.conn.execute(f'DROP INDEX "{name}"')
        return [sql for _, sql in rows]

    def tmx_create_indexes(self, statements: Sequence[str]) -> None:
        """Create the indexes dropped by :meth:`tmx_drop_indexes`."""
        for sql in statements:
            self.conn.execute(sql)

    def tmx_text_keys(self) -> Iterator[tuple[str, int]]:
        """(lang, hash of the folded text) of every variant, from the index alone."""
        yield from self.conn.execute("SELECT lang, norm_hash FROM variants")

    def tmx_units_with_text(self, lang: str, text_hash: int) -> list[tuple[int, str, dict[str, str]]]:
        """Units having a ``lang`` variant whose folded text hashes to ``text_hash``:
        ``(unit id, origin, {lang: folded text})`` each."""
        out: dict[int, tuple[int, str, dict[str, str]]] = {}
        for uid, origin, vlang, norm in self._query(
            """SELECT u.id, u.origin, w.lang, w.norm FROM variants v JOIN units u ON u.id = v.unit_id
               JOIN variants w ON w.unit_id = u.id WHERE v.lang = ? AND v.norm_hash = ?""",
            (lang, text_hash),
        ):
            out.setdefault(uid, (uid, origin, {}))[2][vlang] = norm
        return list(out.values())

    def tmx_delete_units(self, unit_ids: Sequence[int]) -> int:
        """Delete units with their variants (and the variants' segment links), cascading by
        hand so that it works with foreign-key checks off; the full-text index follows by
        trigger. Every variant must already be indexed."""
        if not unit_ids:
            return 0
        marks = ",".join("?" * len(unit_ids))
        ids = list(unit_ids)
        c = self.conn
        c.execute(f"""DELETE FROM variant_segments WHERE variant_id IN
                      (SELECT id FROM variants WHERE unit_id IN ({marks}))""", ids)
        c.execute(f"DELETE FROM variants WHERE unit_id IN ({marks})", ids)
        return c.execute(f"DELETE FROM units WHERE id IN ({marks})", ids).rowcount

    def tmx_count_source_units(self, source_id: int) -> int:
        """How many units of an imported file are still in the memory."""
        return int(self._one("SELECT count(*) FROM units WHERE source_id = ?", (source_id,))[0])

    def tmx_refresh_stats_after(self, units_added: int) -> None:
        """Recount common words after a large import, as :meth:`add_units` does."""
        if units_added >= _STATS_REFRESH:
            self.refresh_term_stats()


def _same_concept(old: Concept, new: Concept) -> bool:
    # Term order does not matter here: TBX and CSV group terms by language, TSV files may
    # interleave them, and re-importing our own export must not count as a change.
    def terms(c: Concept) -> list[tuple[Any, ...]]:
        return sorted((t.lang, t.text, t.kind, t.status, t.note or "", tuple(t.flags)) for t in c.terms)

    return (old.domain, old.definition or None, old.usage or None, terms(old)) == (
        new.domain, new.definition or None, new.usage or None, terms(new))
