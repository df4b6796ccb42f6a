"""Shared fixtures: paths, a CLI runner, databases, the shared parallel data (by path)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
NTREX = SHARED / "data" / "parallel" / "ntrex-128"
SCHEMAS = SHARED / "schemas"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "t.db"


@pytest.fixture
def store(db_path: Path):
    from tmkit.store import open_store

    with open_store(db_path) as s:
        yield s


def ntrex_lines() -> dict[str, list[str]]:
    """{"en"|"ru"|"hy"|"ids": lines} of the shared NTREX-128 data; skips the test without it."""
    if not NTREX.is_dir():
        pytest.skip("shared parallel data (../shared/data/parallel/ntrex-128) not available")
    files = {"en": "newstest2019-src.eng.txt", "ru": "newstest2019-ref.rus.txt",
             "hy": "newstest2019-ref.hye.txt", "ids": "DOCUMENT_IDS.tsv"}
    return {k: (NTREX / f).read_text(encoding="utf-8").rstrip("\n").split("\n") for k, f in files.items()}


def ntrex_documents() -> list[tuple[str, list[int]]]:
    """(document id, line indices) for each NTREX document, in file order."""
    lines = ntrex_lines()
    return [(doc, list(idx)) for doc, idx in
            itertools.groupby(range(len(lines["ids"])), key=lambda i: lines["ids"][i])]


@pytest.fixture(scope="session")
def tmx_dtd():
    from lxml import etree

    from tmkit.formats.tmx import dtd_path

    with open(dtd_path(), "rb") as fh:
        return etree.DTD(fh)


def write_story(folder: Path, texts: dict[str, str], meta: str | None = None) -> Path:
    """Create a story folder with one file per language (and story.toml)."""
    folder.mkdir(parents=True, exist_ok=True)
    for lang, text in texts.items():
        (folder / f"{lang}.txt").write_text(text, encoding="utf-8")
    if meta is not None:
        (folder / "story.toml").write_text(meta, encoding="utf-8")
    return folder
