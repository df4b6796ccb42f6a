"""The SQLite store: schema, migrations, opening checks, transactions, articles, units."""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

import pytest

from tmkit.errors import StoreError
from tmkit.models import ArticleMeta, NewUnit, NewVariant
from tmkit.store import KNOWN_MIGRATIONS, open_store


def test_known_migrations_match_the_migration_set(tmp_path: Path) -> None:
    from sqlite_utils import Database

    from tmkit.store.migrations import migrations

    db = Database(tmp_path / "x.db")
    assert tuple(m.name for m in migrations.pending(db)) == KNOWN_MIGRATIONS


def test_new_database_has_schema_wal_and_foreign_keys(db_path: Path) -> None:
    with open_store(db_path) as store:
        tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"stories", "articles", "segments", "units", "variants", "variant_segments",
                "concepts", "terms", "term_keys", "sources", "_sqlite_migrations"} <= tables
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 30000


def test_opening_an_up_to_date_database_does_not_import_sqlite_utils(db_path: Path) -> None:
    open_store(db_path).close()
    import subprocess

    code = (
        "import sys; from tmkit.store import open_store; open_store(sys.argv[1]).close(); "
        "print('sqlite_utils' in sys.modules, 'sacremoses' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code, str(db_path)], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_older_database_is_upgraded_on_open(db_path: Path) -> None:
    from sqlite_utils import Database

    from tmkit.store.migrations import migrations

    # A database as the previous tmkit left it: every migration but the last applied.
    db = Database(db_path)
    migrations.apply(db, stop_before=KNOWN_MIGRATIONS[-1])
    db.close()
    with open_store(db_path) as store:
        names = [r[0] for r in store.conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
        assert names == list(KNOWN_MIGRATIONS)
        assert store.stories() == []


def test_failed_upgrade_is_a_store_error(db_path: Path) -> None:
    open_store(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute("DELETE FROM _sqlite_migrations")  # the record is gone, the tables are not
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="already exists"):
        open_store(db_path)


def test_newer_database_is_refused(db_path: Path) -> None:
    open_store(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('tmkit', '9999_future', 'x')")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="written by a newer tmkit \\(schema 9999_future\\); upgrade tmkit"):
        open_store(db_path)


def test_non_sqlite_file_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "notes.db"
    bad.write_text("this is not a database\n" * 100)
    with pytest.raises(StoreError, match="not a tmkit database"):
        open_store(bad)


def test_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE customers (id INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="an SQLite database, but not a tmkit one"):
        open_store(other)


def test_missing_folder_and_readonly_missing_file(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="folder .* does not exist"):
        open_store(tmp_path / "nope" / "t.db")
    with pytest.raises(StoreError, match="no such database"):
        open_store(tmp_path / "t.db", readonly=True)
    with pytest.raises(StoreError, match="is a folder"):
        open_store(tmp_path)


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else False,
                    reason="root ignores file permissions")
def test_readonly_file_is_refused_for_writing(db_path: Path) -> None:
    open_store(db_path).close()
    db_path.chmod(0o444)
    with pytest.raises(StoreError, match="read-only"):
        open_store(db_path)


def _paragraphs() -> list[list[str]]:
    return [["Headline"], ["First sentence.", "Second sentence."]]


def test_save_article_added_unchanged_replaced(store) -> None:
    with store.transaction():
        sid = store.story_id("s1", "Story one")
        meta = ArticleMeta(lang="en", title="Headline", outlet="X")
        assert store.save_article(sid, meta, "a" * 64, _paragraphs())[0::2] == ("added", 3)
    with store.transaction():
        assert store.save_article(sid, meta, "a" * 64, _paragraphs())[0::2] == ("unchanged", 3)
    art = store.article(sid, "en")
    segs = store.segments(art["id"])
    assert [(s["position"], s["paragraph"], s["text"]) for s in segs] == [
        (0, 0, "Headline"), (1, 1, "First sentence."), (2, 1, "Second sentence.")]
    with store.transaction():
        outcome, aid, n = store.save_article(sid, meta, "b" * 64, [["New headline"]])
    assert (outcome, aid, n) == ("replaced", art["id"], 1)
    assert [s["text"] for s in store.segments(aid)] == ["New headline"]


def test_replacing_an_article_deletes_units_built_on_it(store) -> None:
    with store.transaction():
        sid = store.story_id("s1")
        _, en_id, _ = store.save_article(sid, ArticleMeta(lang="en"), "a" * 64, [["One.", "Two."]])
        _, hy_id, _ = store.save_article(sid, ArticleMeta(lang="hy"), "c" * 64, [["Մեկ։", "Երկու։"]])
        en = store.segments(en_id)
        hy = store.segments(hy_id)
        store.add_units([
            NewUnit(story_id=sid, score=0.9, align_type="1-1", variants=[
                NewVariant("en", en[i]["text"], [en[i]["id"]], article_id=en_id),
                NewVariant("hy", hy[i]["text"], [hy[i]["id"]], article_id=hy_id)])
            for i in range(2)
        ])
    assert store.count_units(sid) == 2
    with store.transaction():
        store.save_article(sid, ArticleMeta(lang="hy"), "d" * 64, [["Նոր։"]])
    assert store.count_units(sid) == 0
    assert store.conn.execute("SELECT count(*) FROM variant_segments").fetchone()[0] == 0


def test_deleting_a_segment_that_a_unit_uses_is_refused(store) -> None:
    with store.transaction():
        sid = store.story_id("s1")
        _, en_id, _ = store.save_article(sid, ArticleMeta(lang="en"), "a" * 64, [["One."]])
        seg = store.segments(en_id)[0]
        store.add_units([NewUnit(story_id=sid, variants=[NewVariant("en", "One.", [seg["id"]]),
                                                         NewVariant("hy", "Մեկ։")])])
    with pytest.raises(sqlite3.IntegrityError):
        store.conn.execute("DELETE FROM segments WHERE id = ?", (seg["id"],))


def test_transaction_rolls_back_everything_on_error(store) -> None:
    with pytest.raises(RuntimeError):
        with store.transaction():
            sid = store.story_id("s1")
            store.save_article(sid, ArticleMeta(lang="en"), "a" * 64, _paragraphs())
            raise RuntimeError("crash in the middle")
    assert store.stories() == []
    assert store.conn.execute("SELECT count(*) FROM segments").fetchone()[0] == 0


def test_nested_transactions_are_savepoints(store) -> None:
    with store.transaction():
        store.story_id("kept")
        with pytest.raises(ValueError):
            with store.transaction():
                store.story_id("dropped")
                raise ValueError
    assert [s["slug"] for s in store.stories()] == ["kept"]


def test_iter_units_filters_and_orders_variants(store) -> None:
    with store.transaction():
        sid = store.story_id("s1")
        store.add_units([
            NewUnit(story_id=sid, score=0.9, outlet="A", published="2024-01-02", variants=[
                NewVariant("hy", "Բարև։"), NewVariant("en", "Hello."), NewVariant("ru", "Привет.")]),
            NewUnit(score=0.2, origin="tmx", outlet="B", published="2023-05-01", variants=[
                NewVariant("en", "Bye."), NewVariant("hy", "Ցտեսություն։")]),
            NewUnit(score=0.5, status="rejected", variants=[
                NewVariant("en", "No."), NewVariant("ru", "Нет.")]),
        ])
    def texts(**kw):
        return [[v.text for v in u.variants] for u in store.iter_units(**kw)]

    assert texts(langs=["en", "hy"]) == [["Hello.", "Բարև։"], ["Bye.", "Ցտեսություն։"]]
    assert texts(langs=["en", "hy"], min_score=0.5) == [["Hello.", "Բարև։"]]
    assert texts(langs=["en", "hy"], origins=["tmx"]) == [["Bye.", "Ցտեսություն։"]]
    assert texts(langs=["en", "hy"], outlet="a") == [["Hello.", "Բարև։"]]
    assert texts(langs=["en", "hy"], since="2024-01-01") == [["Hello.", "Բարև։"]]
    assert texts(langs=["en", "hy"], until="2023-12-31") == [["Bye.", "Ցտեսություն։"]]
    assert texts(langs=["en", "ru", "hy"], require=["en"], min_langs=2) == [
        ["Hello.", "Привет.", "Բարև։"], ["Bye.", "Ցտեսություն։"], ["No.", "Нет."]]
    assert texts(langs=["en", "ru"], statuses=["auto", "confirmed"]) == [["Hello.", "Привет."]]
    assert store.count_export_units(langs=["en", "hy"], min_score=0.5) == 1


def test_dedupe_exact_and_newest(store) -> None:
    with store.transaction():
        store.add_units([
            NewUnit(changed_at="2024-01-01T00:00:00Z", variants=[NewVariant("en", "A."), NewVariant("hy", "Ա։")]),
            NewUnit(changed_at="2024-03-01T00:00:00Z", variants=[NewVariant("en", "A."), NewVariant("hy", "Ա։")]),
            NewUnit(changed_at="2024-02-01T00:00:00Z", variants=[NewVariant("en", "A."), NewVariant("hy", "Աա։")]),
        ])
    ids = lambda d: [u.id for u in store.iter_units(langs=["en", "hy"], dedupe=d)]  # noqa: E731
    assert ids("none") == [1, 2, 3]
    assert ids("exact") == [1, 3]
    assert ids("newest") == [2]
