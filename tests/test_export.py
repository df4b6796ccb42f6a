"""tmkit.export: filters, atomic output, and the export split over two processes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tmkit.export import UnitFilter, export_tmx
from tmkit.importers.articles import import_paths
from tmkit.memory import align_stories
from tmkit.models import NewUnit, NewVariant
from tmkit.review import set_status

CORPORA = Path(__file__).resolve().parents[1] / "corpora"


@pytest.fixture
def memory(store):
    """The shipped stories aligned, some units reviewed, and a manual unit with notes,
    props, inline markup and an XML-illegal character, in the middle of the id range."""
    import_paths(store, [CORPORA])
    align_stories(store)
    ids = [u.id for u in store.iter_units(langs=["en", "ru", "hy"])]
    set_status(store, ids[::7], "confirmed")
    set_status(store, ids[3::11], "rejected")
    with store.transaction():
        store.add_units([NewUnit(
            origin="manual", status="confirmed", score=None, tuid="manual 1", outlet="Azatutyun",
            published="2024-03-01", created_at="2024-03-01T10:00:00Z", changed_at="2024-03-02T11:00:00Z",
            props={"note": ["from the desk"], "prop": [["x-context-pre", "Earlier sentence."]]},
            variants=[
                NewVariant("en", "Pashinyan said <b>no</b> & left\x01.", props={"note": ["en note"]}),
                NewVariant("ru", "Пашинян сказал «нет» и ушёл.",
                           markup='Пашинян сказал <bpt i="1">&lt;b&gt;</bpt>«нет»<ept i="1">&lt;/b&gt;</ept> '
                                  'и ушёл.'),
            ])])
    return store


CASES = [
    (["en", "hy"], "generic", UnitFilter(statuses=["auto", "confirmed"]), "tag"),
    (["en", "ru"], "omegat", UnitFilter(statuses=["auto", "confirmed", "rejected"]), "replace"),
    (["ru", "hy"], "trados", UnitFilter(statuses=["confirmed"]), "skip"),
    (["en", "ru", "hy"], "generic", UnitFilter(dedupe="newest"), "tag"),
    (["hy", "en", "ru"], "phrase", UnitFilter(story="tavush-border-delimitation", dedupe="exact"), "tag"),
]


@pytest.mark.parametrize("langs, profile, filters, illegal", CASES)
def test_two_processes_write_the_same_bytes_as_one(memory, tmp_path: Path, langs, profile, filters, illegal) -> None:
    one = export_tmx(memory, tmp_path / "one.tmx", langs, profile=profile, filters=filters, illegal=illegal,
                     parallel=False)
    two = export_tmx(memory, tmp_path / "two.tmx", langs, profile=profile, filters=filters, illegal=illegal,
                     parallel=True)
    assert (tmp_path / "one.tmx").read_bytes() == (tmp_path / "two.tmx").read_bytes()
    assert one.counts == two.counts and one.counts["units"] > 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".tmx") == ["one.tmx", "two.tmx"]


def test_two_processes_to_stdout(memory, tmp_path: Path, capsysbinary) -> None:
    export_tmx(memory, tmp_path / "one.tmx", ["en", "ru"], parallel=False)
    report = export_tmx(memory, "-", ["en", "ru"], parallel=True)
    assert capsysbinary.readouterr().out == (tmp_path / "one.tmx").read_bytes()
    assert report.path == "<stdout>"


def test_a_writer_holding_the_lock_means_one_process(memory, db_path: Path, tmp_path: Path) -> None:
    """The split needs the write lock for a moment; when another writer has it, the export
    does not wait for it but works alone, with the same result."""
    export_tmx(memory, tmp_path / "one.tmx", ["en", "hy"], parallel=False)
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        export_tmx(memory, tmp_path / "two.tmx", ["en", "hy"], parallel=True)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert (tmp_path / "one.tmx").read_bytes() == (tmp_path / "two.tmx").read_bytes()


def test_both_halves_see_one_snapshot(memory, db_path: Path, tmp_path: Path, monkeypatch) -> None:
    """A writer that tries to commit while the second process starts waits until both
    halves have their snapshot, so neither sees its change."""
    import threading
    import time

    from tmkit.export import _SecondHalf

    expected = export_tmx(memory, tmp_path / "one.tmx", ["en", "ru"], parallel=False)
    started = _SecondHalf._start
    writers: list[threading.Thread] = []

    def commit() -> None:
        with sqlite3.connect(db_path, timeout=20, isolation_level=None) as conn:
            conn.execute("UPDATE variants SET text = 'CHANGED' WHERE lang = 'ru'")

    def write_then_start(self) -> None:
        writers.append(threading.Thread(target=commit))
        writers[0].start()
        time.sleep(0.3)  # the writer is waiting for the lock now; without it, it would commit
        started(self)

    monkeypatch.setattr(_SecondHalf, "_start", write_then_start)
    report = export_tmx(memory, tmp_path / "two.tmx", ["en", "ru"], parallel=True)
    writers[0].join()
    assert report.counts == expected.counts
    assert (tmp_path / "one.tmx").read_bytes() == (tmp_path / "two.tmx").read_bytes()
    # and the writer did commit in the end
    export_tmx(memory, tmp_path / "three.tmx", ["en", "ru"], parallel=False)
    assert b"CHANGED" in (tmp_path / "three.tmx").read_bytes()
