"""Reviewing weak units (tmkit.review and `tmkit review`)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import DATA
from tmkit.cli import cli
from tmkit.errors import NotFoundError, UsageError
from tmkit.importers.articles import import_paths
from tmkit.memory import align_stories
from tmkit.review import repair, set_status, weak_units


@pytest.fixture
def aligned(store, tmp_path: Path):
    import_paths(store, [shutil.copytree(DATA / "mini-story", tmp_path / "s")])
    align_stories(store)
    return store


def test_weak_units_worst_first(aligned) -> None:
    units = weak_units(aligned, threshold=1.01, limit=10)
    scores = [u["score"] for u in units]
    assert scores == sorted(scores) and len(units) == 5
    first = units[0]
    assert {v["lang"] for v in first["variants"]} == {"en", "ru", "hy"}
    assert all(len(v["segments"]) >= 1 for v in first["variants"])
    assert weak_units(aligned, threshold=0.0) == []
    assert len(weak_units(aligned, threshold=1.01, langs=["en", "hy"], limit=2)) == 2


def test_confirm_reject_and_errors(aligned) -> None:
    ids = [u["id"] for u in weak_units(aligned, threshold=1.01)]
    assert set_status(aligned, ids[:2], "confirmed") == 2
    assert len(weak_units(aligned, threshold=1.01)) == 3
    with pytest.raises(NotFoundError, match="no unit 999"):
        set_status(aligned, [999], "rejected")
    with pytest.raises(UsageError):
        set_status(aligned, [], "rejected")


def test_repair_validates_segments(aligned) -> None:
    en = aligned.segments(aligned.article(1, "en")["id"])
    hy = aligned.segments(aligned.article(1, "hy")["id"])
    with pytest.raises(UsageError, match="all in one language"):
        repair(aligned, [en[0]["id"], en[1]["id"]])
    with pytest.raises(UsageError, match="not consecutive"):
        repair(aligned, [en[0]["id"], en[2]["id"], hy[0]["id"]])
    with pytest.raises(NotFoundError, match="no segment 9999"):
        repair(aligned, [en[0]["id"], 9999])
    unit_id = repair(aligned, [en[1]["id"], en[2]["id"], hy[1]["id"]])
    [unit] = [u for u in aligned.iter_units(langs=["en", "hy"]) if u.id == unit_id]
    assert (unit.origin, unit.status, unit.align_type, unit.score) == ("manual", "confirmed", "2-1", 1.0)
    assert unit.variants[0].text == en[1]["text"] + " " + en[2]["text"]


def test_review_cli(runner, tmp_path: Path) -> None:
    db = str(tmp_path / "r.db")
    shutil.copytree(DATA / "mini-story", tmp_path / "s")
    runner.invoke(cli, ["--db", db, "import", str(tmp_path / "s")])
    runner.invoke(cli, ["--db", db, "align"])
    result = runner.invoke(cli, ["--db", db, "review", "--threshold", "1", "--pair", "en-hy", "--limit", "1"])
    lines = result.stdout.splitlines()
    assert lines[0].startswith("unit ") and " 1-1-1  s" in lines[0]
    assert [line.split()[0] for line in lines[1:]] == ["en", "hy"]
    unit = lines[0].split()[1]
    result = runner.invoke(cli, ["--db", db, "review", "confirm", unit])
    assert (result.exit_code, result.stderr) == (0, "confirmed 1 units\n")
    result = runner.invoke(cli, ["--db", db, "review", "reject", "4242"])
    assert result.exit_code == 1 and "no unit 4242" in result.stderr
    assert runner.invoke(cli, ["--db", db, "review", "--threshold", "0"]).stderr == "nothing to review\n"
