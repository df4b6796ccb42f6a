"""`tmkit align-files`: two documents in, TSV or TMX out (tmkit.alignfiles)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from conftest import DATA
from tmkit.cli import cli

MINI = DATA / "mini-story"


def test_tsv_to_stdout(runner) -> None:
    result = runner.invoke(cli, ["align-files", str(MINI / "en.txt"), str(MINI / "hy.txt"), "--langs", "en,hy"])
    assert result.exit_code == 0, result.output
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert len(rows) == 5 and all(len(r) == 3 for r in rows)
    assert rows[1][0] == ("Prime Minister Nikol Pashinyan said on Friday that Armenia had frozen its "
                          "participation in the CSTO.")
    assert rows[1][1].startswith("Վարչապետ Նիկոլ Փաշինյանը")
    assert all(0.5 < float(r[2]) <= 1.0 for r in rows)
    assert result.stderr == "5 beads\n"


def test_presegmented_lines_are_kept_as_written(runner, tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("First line. Still the first line.\n\nSecond  line with two  spaces.\nSee https://example.org/2024 for more.\n", encoding="utf-8")
    b.write_text("Первая строка. Всё ещё первая.\nВторая  строка с двумя  пробелами.\n", encoding="utf-8")
    result = runner.invoke(cli, ["align-files", str(a), str(b), "--langs", "en,ru", "--presegmented"])
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert [r[0] for r in rows] == ["First line. Still the first line.", "Second  line with two  spaces.",
                                    "See https://example.org/2024 for more."]
    assert [r[1] for r in rows if r[1]] == ["Первая строка. Всё ещё первая.", "Вторая  строка с двумя  пробелами."]
    assert sum(1 for r in rows if r[1] == "") == 1


def test_tmx_output(runner, tmp_path: Path, tmx_dtd) -> None:
    out = tmp_path / "pairs.tmx"
    result = runner.invoke(cli, ["align-files", str(MINI / "ru.txt"), str(MINI / "hy.txt"), "--langs", "ru,hy",
                                 "-o", str(out)])
    assert result.stderr == f"5 units written to {out}\n"
    root = etree.parse(str(out)).getroot()
    assert tmx_dtd.validate(root)
    assert root.find("header").get("srclang") == "ru"
    assert len(root.findall(".//tu")) == 5


@pytest.mark.parametrize("args, message", [
    (["--langs", "en"], "give at least two languages"),
    (["--langs", "en,en"], "a language is listed twice"),
    (["--langs", "en,ru,hy"], "exactly two languages"),
    (["--langs", "hy,en"], "labelled Armenian (hy) but"),
    (["--langs", "en,hy", "-o", "x.docx"], "choose the format by extension"),
])
def test_bad_input(runner, args: list[str], message: str, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["align-files", str(MINI / "en.txt"), str(MINI / "hy.txt"), *args])
    assert result.exit_code in (1, 2)
    assert message in result.stderr and result.stderr.count("\n") == 1


def test_empty_side(runner, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = runner.invoke(cli, ["align-files", str(MINI / "en.txt"), str(empty), "--langs", "en,hy"])
    assert result.exit_code == 1 and "the file is empty" in result.stderr
