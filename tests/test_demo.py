"""`tmkit demo`: the shipped corpora and glossary end to end, four valid TMX files."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from conftest import ROOT
from tmkit.cli import cli
from tmkit.langs import script_counts

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SEED = ROOT / "corpora" / "pashinyan-putin-csto" / "en.txt"


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory) -> Path:
    from click.testing import CliRunner

    out = tmp_path_factory.mktemp("demo")
    result = CliRunner().invoke(cli, ["demo", "--out", str(out), "--corpora", str(ROOT / "corpora"),
                                      "--glossary", str(ROOT / "glossary")])
    assert result.exit_code == 0, result.output
    (out / "stdout.txt").write_text(result.stdout, encoding="utf-8")
    return out


def test_summary(demo_dir: Path) -> None:
    lines = (demo_dir / "stdout.txt").read_text(encoding="utf-8").splitlines()
    assert lines[0] == f"tmkit demo → {demo_dir}/"
    assert lines[1] == "  stories      3: armenia-eu-bill, pashinyan-putin-csto, tavush-border-delimitation"
    assert lines[2] == "  segments     en 84, hy 84, ru 84"
    assert [line.split()[1] for line in lines if line.startswith("  units")] == ["en-ru", "en-hy", "ru-hy"]
    assert sum(1 for line in lines if line.startswith("  wrote")) == 4


@pytest.mark.parametrize("name, langs", [
    ("en-hy.tmx", ["en", "hy"]), ("en-ru.tmx", ["en", "ru"]), ("ru-hy.tmx", ["ru", "hy"]),
    ("multilingual.tmx", ["en", "ru", "hy"]),
])
def test_tmx_files_validate_and_hold_the_seed(demo_dir: Path, name: str, langs: list[str], tmx_dtd) -> None:
    root = etree.parse(str(demo_dir / name)).getroot()
    assert tmx_dtd.validate(root), tmx_dtd.error_log.filter_from_errors()
    assert root.find("header").get("srclang") == langs[0]
    units = root.findall(".//tu")
    assert len(units) == 84
    script = {"en": "Latn", "ru": "Cyrl", "hy": "Armn"}
    for tu in units:
        tuvs = tu.findall("tuv")
        assert [t.get(XML_LANG) for t in tuvs] == langs
        for tuv in tuvs:
            counts = script_counts(tuv.findtext("seg"))
            assert max(counts, key=counts.get) == script[tuv.get(XML_LANG)]
    if "en" in langs:
        english = {tu.find("tuv/seg").text for tu in units}
        seed_text = SEED.read_text(encoding="utf-8")
        for sentence in ("Pashinyan reiterated that Armenia did not seek assistance from its strategic ally, "
                         "Russia, or the CSTO, of which it is a member, concerning the Karabakh issue.",
                         "I believe we have passed the point of no return.”",
                         "Russia says door open for Armenia’s return to CSTO"):
            assert sentence in seed_text.replace("- Russia", "Russia")
            assert sentence in english


def test_demo_database_answers_term_lookup(demo_dir: Path, runner) -> None:
    result = runner.invoke(cli, ["--db", str(demo_dir / "tmkit.db"), "term", "սահմանազատման", "--json"])
    assert result.exit_code == 0
    import json

    data = json.loads(result.stdout)
    assert data["concepts"][0]["id"] == "delimitation"
    assert data["concepts"][0]["terms"]["ru"][0]["text"] == "делимитация"
