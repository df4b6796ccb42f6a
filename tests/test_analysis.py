"""`tmkit analyze` and `tmkit pretranslate` (tmkit.analysis)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import etree

from conftest import ROOT
from tmkit.analysis import BANDS, analyze, band_of, write_pretranslation
from tmkit.cli import cli
from tmkit.errors import InputError

DOC = """Pashinyan responds to Putin again

Putin expressed hope that “Armenia will return to full-scale work within the organization.” However, Pashinyan declared that irreversible processes have already occurred.

Putin expressed hope that “Armenia will return to full-scale work within the organization.”

The CSTO is designed to protect member states from external aggression. Something entirely new happened in Gyumri yesterday.
"""


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    from tmkit import glossary
    from tmkit.importers.articles import import_paths
    from tmkit.memory import align_stories
    from tmkit.store import open_store

    folder = tmp_path_factory.mktemp("an")
    with open_store(folder / "a.db") as store:
        import_paths(store, [shutil.copytree(ROOT / "corpora", folder / "corpora")])
        glossary.load(store, ROOT / "glossary")
        align_stories(store)
    return str(folder / "a.db")


@pytest.fixture
def doc(tmp_path: Path) -> Path:
    p = tmp_path / "new.en.txt"
    p.write_text(DOC, encoding="utf-8")
    return p


@pytest.mark.parametrize("percent, band", [
    (None, "no match"), (49, "no match"), (50, "50-74%"), (74, "50-74%"), (75, "75-84%"), (85, "85-94%"),
    (94, "85-94%"), (95, "95-99%"), (99, "95-99%"), (100, "100%"), (101, "101%"),
])
def test_bands(percent, band) -> None:
    assert band_of(percent) == band


def test_analysis_table(db: str, doc: Path) -> None:
    from tmkit.store import open_store

    with open_store(db, readonly=True) as store:
        result = analyze(store, doc, "en", "hy", terms=True)
    assert [s.band for s in result.segments] == ["no match", "100%", "50-74%", "repetitions", "100%", "no match"]
    table = result.table()
    assert list(table) == [*BANDS, "total"]
    assert table["repetitions"] == {"segments": 1, "words": 14}
    assert table["100%"] == {"segments": 2, "words": 25}
    assert table["total"] == {"segments": 6, "words": 60}
    assert result.segments[3].match is not None  # a repetition carries its first translation
    assert [t["concept"] for t in result.segments[4].terms] == ["csto", "member-state", "external-aggression"]
    assert [t["found"] for t in result.segments[5].terms] == ["Gyumri"]


def test_pretranslation_files(db: str, doc: Path, tmp_path: Path, tmx_dtd) -> None:
    from tmkit.store import open_store

    with open_store(db, readonly=True) as store:
        result = analyze(store, doc, "en", "ru")
    tsv, tmx = write_pretranslation(result, tmp_path / "out")
    rows = [line.split("\t") for line in tsv.read_text(encoding="utf-8").splitlines()]
    assert [r[2] for r in rows] == ["0", "100", "57", "100", "100", "0"]
    assert rows[1][1] == "Путин выразил надежду, что «Армения вернется к полноформатной работе в организации»."
    root = etree.parse(str(tmx)).getroot()
    assert tmx_dtd.validate(root)
    assert [tu.find("prop[@type='x-match-percent']").text for tu in root.iter("tu")] == ["100", "57", "100"]


def test_errors(db: str, tmp_path: Path, runner) -> None:
    from tmkit.store import open_store

    empty = tmp_path / "e.db"
    with open_store(empty) as store:
        p = tmp_path / "x.en.txt"
        p.write_text("Some sentence here.\n")
        with pytest.raises(InputError, match="the memory has no en-hy units"):
            analyze(store, p, "en", "hy")
    result = runner.invoke(cli, ["--db", db, "analyze", str(tmp_path / "missing.txt"), "--src", "en", "--tgt", "hy"])
    assert result.exit_code == 1 and "no such file" in result.stderr


def test_cli(db: str, doc: Path, runner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["--db", db, "analyze", str(doc), "--src", "en", "--tgt", "hy"])
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["band", "segments", "words", "%", "words"]
    assert lines[1].split() == ["repetitions", "1", "14", "23.3%"]
    assert lines[-1].split() == ["total", "6", "60", "100.0%"]
    result = runner.invoke(cli, ["--db", db, "pretranslate", str(doc), "--src", "en", "--tgt", "hy",
                                 "-o", str(tmp_path / "p")])
    assert result.stderr == f"4 of 6 segments pre-translated; wrote {tmp_path / 'p.tsv'} and {tmp_path / 'p.tmx'}\n"
