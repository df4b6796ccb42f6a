"""`tmkit check` and `tmkit backup` (SQLiteStore.health, SQLiteStore.backup)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from conftest import DATA
from tmkit.cli import cli


@pytest.fixture
def db(runner, tmp_path: Path) -> str:
    path = str(tmp_path / "h.db")
    shutil.copytree(DATA / "mini-story", tmp_path / "s")
    runner.invoke(cli, ["--db", path, "import", str(tmp_path / "s")])
    runner.invoke(cli, ["--db", path, "align"])
    return path


def test_check_passes_on_a_sound_database(runner, db: str) -> None:
    result = runner.invoke(cli, ["--db", db, "check"])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "ok    SQLite integrity", "ok    foreign keys", "ok    units with two or more languages",
        "ok    article segment counts", "ok    variant segment links", "ok    glossary look-up keys",
        "ok    full-text index", "ok    schema"]
    assert result.stderr == f"{db}: all checks passed\n"


@pytest.mark.parametrize("damage, failing", [
    (["DROP TRIGGER variants_fts_update", "UPDATE variants SET norm = 'xyz' WHERE id = 1"], "full-text index"),
    (["INSERT INTO units (origin, status, created_at, changed_at) VALUES ('tmx', 'auto', 'x', 'x')"],
     "units with two or more languages"),
    (["UPDATE articles SET n_segments = 99 WHERE id = 1"], "article segment counts"),
    (["PRAGMA foreign_keys = OFF", "DELETE FROM stories"], "foreign keys"),
])
def test_check_finds_damage(runner, db: str, damage: list[str], failing: str) -> None:
    conn = sqlite3.connect(db)
    for sql in damage:
        conn.execute(sql)
    conn.commit()
    conn.close()
    result = runner.invoke(cli, ["--db", db, "check", "--json"])
    assert result.exit_code == 1
    import json

    failed = [c["check"] for c in json.loads(result.stdout)["checks"] if not c["ok"]]
    assert failed == [failing]


def test_backup(runner, db: str, tmp_path: Path) -> None:
    out = tmp_path / "copy.db"
    result = runner.invoke(cli, ["--db", db, "backup", str(out)])
    assert result.exit_code == 0 and result.stderr == f"backed up {db} to {out}\n"
    a, b = sqlite3.connect(db), sqlite3.connect(out)
    for table in ("segments", "units", "variants", "variant_segments"):
        assert a.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall() == \
            b.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
    assert runner.invoke(cli, ["--db", str(out), "check"]).exit_code == 0
    result = runner.invoke(cli, ["--db", db, "backup", str(out)])
    assert result.exit_code == 1 and "exists; choose a new file name" in result.stderr
    result = runner.invoke(cli, ["--db", str(tmp_path / "missing.db"), "backup", str(tmp_path / "x.db")])
    assert result.exit_code == 1 and "no such database" in result.stderr
