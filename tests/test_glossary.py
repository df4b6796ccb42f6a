"""Glossary look-up, scanning and loading (tmkit.glossary) and `tmkit term`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from tmkit.cli import cli
from tmkit.errors import FormatError, UsageError
from tmkit.glossary import TermIndex, load, lookup, read_file, term_keys
from tmkit.models import Term


@pytest.fixture(scope="module")
def gstore(tmp_path_factory):
    from tmkit.store import open_store

    store = open_store(tmp_path_factory.mktemp("g") / "g.db")
    load(store, ROOT / "glossary")
    yield store
    store.close()


@pytest.mark.parametrize("query, concept, how", [
    ("ОДКБ", "csto", "exact"),
    ("одкб", "csto", "exact"),
    ("CSTO", "csto", "exact"),
    ("ՀԱՊԿ", "csto", "exact"),
    ("ՀԱՊԿ-ից", "csto", "stem"),
    ("CSTO's", "csto", "stem"),
    ("Организацией Договора о коллективной безопасности", "csto", "stem"),
    ("Collective Security Treaty Organisation", "csto", "exact"),
    ("делимитация", "delimitation", "exact"),
    ("делимитации", "delimitation", "stem"),
    ("делимитацию", "delimitation", "stem"),
    ("սահմանազատում", "delimitation", "exact"),
    ("սահմանազատման", "delimitation", "stem"),
    ("սահմանազատումը", "delimitation", "stem"),
    ("ЕАЭС-е", "eaeu", "stem"),
    ("ԵՄ", "eu", "case"),  # as written: եմ is "I am"
    ("ԵՄ-ին", "eu", "case"),
    ("ԵՄ-ին անդամակցության", "eu-accession", "stem"),
    ("Եվրոպական միությանը", "eu", "stem"),
    ("պատասխան քայլերը", "retaliatory-measure", "stem"),
    ("ЕС-е", "eu", "case"),
    ("enclaves", "enclave", "stem"),
    ("zone of responsibility", "zone-of-responsibility", "exact"),
    ("зоны ответственности", "zone-of-responsibility", "stem"),
    ("Nagorno Karabakh", "nagorno-karabakh", "exact"),
    ("Карабахе", "nagorno-karabakh", "stem"),
    ("Пашиняну", "pashinyan-nikol", "stem"),
    ("Փաշինյանի", "pashinyan-nikol", "stem"),
    ("Ереване", "yerevan", "stem"),
    ("Երևանում", "yerevan", "stem"),
    ("Лачинского коридора", "lachin-corridor", "stem"),
])
def test_lookup_finds_inflected_forms(gstore, query: str, concept: str, how: str) -> None:
    result = lookup(gstore, query)
    assert [c.id for c in result.concepts][:1] == [concept]
    assert result.how[concept] == how


@pytest.mark.parametrize("query, suggestion", [
    ("delimitaton", "delimitation"),
    ("zone of responsiblity", "zone of responsibility"),
    ("делеметация", "делимитация"),
    ("corridr", "corridor"),  # a word of longer terms (Lachin corridor …): then `tmkit term corridor`
    ("коридр", "коридор"),
])
def test_typo_gets_suggestions(gstore, query: str, suggestion: str) -> None:
    result = lookup(gstore, query)
    assert result.concepts == []
    assert result.suggestions[0] == suggestion


@pytest.mark.parametrize("query, message", [("", "give a term"), ("  ", "give a term"), ("…!?", "no letters")])
def test_bad_queries(gstore, query: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        lookup(gstore, query)


def test_term_keys() -> None:
    assert term_keys(Term("ru", "Организация Договора о коллективной безопасности")) == [
        ("организация договора о коллективной безопасности", "exact"),
        ("организац договор о коллективн безопасност", "stem")]
    assert term_keys(Term("en", "US", kind="abbreviation", flags=("case",))) == [("US", "case")]


def test_scan_longest_match_with_offsets(gstore) -> None:
    index = TermIndex.from_store(gstore)
    text = "Пашинян заявил, что Организация Договора о коллективной безопасности не защитила суверенную территорию."
    hits = index.scan(text)
    assert [(h.found, h.concept) for h in hits][:3] == [
        ("Пашинян", "pashinyan-nikol"),
        ("Организация Договора о коллективной безопасности", "csto"),
        ("суверенную территорию", "sovereign-territory")]
    h = hits[1]
    assert text[h.start:h.end] == h.found
    assert index.scan("Սահմանազատման գործընթացը", langs=["hy"])[0].concept == "delimitation"
    assert index.scan("Սահմանազատման գործընթացը", langs=["en"]) == []


@pytest.mark.parametrize("text, expected", [
    # an abbreviation with a hyphenated ending, also inside a multi-word term
    ("չի կարող լինել ԵՄ-ի և ԵԱՏՄ-ի անդամ", [("ԵՄ-ի", "eu"), ("ԵԱՏՄ-ի", "eaeu")]),
    ("ԵՄ-ին անդամակցության գործընթացը", [("ԵՄ-ին անդամակցության", "eu-accession")]),
    ("ՀԱՊԿ-ից դուրս գալու մասին", [("ՀԱՊԿ-ից դուրս գալու", "csto-withdrawal")]),
    # the one-syllable plural -եր with its article
    ("Ռուսաստանի պատասխան քայլերը", [("Ռուսաստանի", "russia"), ("պատասխան քայլերը", "retaliatory-measure")]),
    ("в ЕС‑е и ЕАЭС-е", [("ЕС‑е", "eu"), ("ЕАЭС-е", "eaeu")]),
])
def test_scan_inflected_abbreviations_and_plurals(gstore, text: str, expected) -> None:
    hits = TermIndex.from_store(gstore).scan(text)
    assert [(h.found, h.concept) for h in hits] == expected
    assert all(text[h.start:h.end] == h.found for h in hits)


def test_read_file_errors(tmp_path: Path) -> None:
    p = tmp_path / "x.tsv"
    p.write_text("concept\tlang\ttext\n", encoding="utf-8")
    assert read_file(p) == []
    cases = {
        "concept\tlang\ttext\nBad Id\ten\tx\n": "bad concept id 'Bad Id'",
        "concept\tlang\ttext\nx\tde\tWort\n": "language 'de' is not one of en, ru, hy",
        "concept\tlang\ttext\tkind\nx\ten\tx\tshort\n": "kind 'short' is not one of",
        "concept\tlang\ttext\nx\ten\ta\ny\ten\tb\nx\tru\tв\n": "rows of concept 'x' are not together",
        "a\tb\tc\n": "expected the header",
    }
    for content, message in cases.items():
        p.write_text(content, encoding="utf-8")
        with pytest.raises(FormatError, match=message):
            read_file(p)


def test_load_merges_by_id(tmp_path: Path) -> None:
    from tmkit.store import open_store

    g = tmp_path / "g"
    g.mkdir()
    (g / "test.tsv").write_text("concept\tlang\ttext\tkind\tstatus\tnote\nx\tdef\tA concept.\nx\ten\tex\n"
                                "x\tru\tэкс\nx\thy\tէքս\n", encoding="utf-8")
    with open_store(tmp_path / "t.db") as store:
        assert load(store, g) == {"added": 1, "updated": 0, "unchanged": 0}
        assert load(store, g) == {"added": 0, "updated": 0, "unchanged": 1}
        (g / "test.tsv").write_text((g / "test.tsv").read_text() + "x\ten\tex-old\tvariant\tdeprecated\tOld.\n",
                                    encoding="utf-8")
        assert load(store, g) == {"added": 0, "updated": 1, "unchanged": 0}
        assert [t.text for t in store.concept("x").terms] == ["ex", "экс", "էքս", "ex-old"]
        (g / "test.tsv").write_text("concept\tlang\ttext\nx\ten\tex\n", encoding="utf-8")
        with pytest.raises(FormatError, match=r"no definition .* \(and 2 more; `tmkit glossary check` lists them\)"):
            load(store, g)
        assert len(store.concept("x").terms) == 4  # unchanged after the refused load


def test_term_cli(gstore, runner) -> None:
    result = runner.invoke(cli, ["--db", gstore.path, "term", "делимитации"])
    lines = result.stdout.splitlines()
    assert lines[0] == "delimitation  [borders]  (matched делимитация by stem)"
    assert "  ru  делимитация  (full, preferred)" in lines
    assert any(line.startswith("      ✗ ") for line in lines)  # a deprecated term is marked
    result = runner.invoke(cli, ["--db", gstore.path, "term", "ОДКБ", "--lang", "hy", "--json"])
    data = json.loads(result.stdout)
    assert list(data["concepts"][0]["terms"]) == ["hy"]
    assert data["concepts"][0]["terms"]["hy"][0]["text"].startswith("Հավաքական")
    result = runner.invoke(cli, ["--db", gstore.path, "term", "delimitaton"])
    assert result.exit_code == 1
    assert result.stderr == ("tmkit: error: no term 'delimitaton' in the glossary; did you mean: delimitation, "
                             "border delimitation, delineation, delimited?\n")


@pytest.mark.parametrize("query, first, terms", [
    ("коридор", "lachin-corridor", ["Лачинский коридор"]),
    ("коридора", "lachin-corridor", ["Лачинский коридор"]),  # inflected
    ("միություն", "customs-union", ["Մաքսային միություն", "ԵԱՏՄ մաքսային միություն"]),
    ("union", "union-state", ["Union State", "Union State of Russia and Belarus"]),
    ("economic union", "eaeu", ["Eurasian Economic Union"]),  # every word, in any inflection
    ("национальной безопасности", "national-security-concept",
     ["доктрина национальной безопасности", "концепция национальной безопасности"]),
])
def test_lookup_lists_terms_containing_the_query(gstore, query: str, first: str, terms: list[str]) -> None:
    result = lookup(gstore, query)
    assert result.concepts == [] and result.suggestions == []
    assert result.containing[0].id == first
    assert result.contained_in[first] == terms


def test_lookup_containing_is_limited_and_counted(gstore) -> None:
    result = lookup(gstore, "security", limit_containing=3)
    assert len(result.containing) == 3 and result.more_containing > 0
    assert set(result.contained_in) == {c.id for c in result.containing}
    assert lookup(gstore, "ОДКБ").containing == []  # a whole-term match lists nothing else
    # a repeated word counts once; a pasted paragraph is not a term and does not reach SQLite's limits
    ids = [c.id for c in lookup(gstore, "union").containing]
    assert [c.id for c in lookup(gstore, "union " * 1500).containing] == ids and ids
    assert lookup(gstore, " ".join(f"w{i}" for i in range(1500))).containing == []


def test_term_cli_containing(gstore, runner) -> None:
    result = runner.invoke(cli, ["--db", gstore.path, "term", "коридор"])
    assert result.exit_code == 0
    assert result.stderr == "no term 'коридор' as such; terms containing it:\n"
    assert result.stdout.splitlines()[:2] == [
        "lachin-corridor  [places]  en Lachin corridor | ru Лачинский коридор | hy Լաչինի միջանցք",
        "zangezur-corridor  [diplomacy]  en Zangezur corridor | ru Зангезурский коридор | hy Զանգեզուրի միջանցք"]
    data = json.loads(runner.invoke(cli, ["--db", gstore.path, "term", "коридор", "--json", "--lang", "ru"]).stdout)
    assert data["concepts"] == [] and data["containing"][0]["matched"] == ["Лачинский коридор"]
    assert list(data["containing"][0]["terms"]) == ["ru"]
    result = runner.invoke(cli, ["--db", gstore.path, "term", "сухопутный"])
    assert result.exit_code == 1
    assert result.stderr == "tmkit: error: no term 'сухопутный' in the glossary\n"


def test_term_lookup_does_not_import_slow_modules(gstore) -> None:
    code = ("import sys; from tmkit.cli import main; sys.argv = ['tmkit', '--db', sys.argv[1], 'term', 'ОДКБ'];\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('sqlite_utils' in sys.modules, 'sacremoses' in sys.modules, file=sys.stderr)")
    out = subprocess.run([sys.executable, "-c", code, gstore.path], capture_output=True, text=True)
    assert out.stderr.strip().splitlines()[-1] == "False False"
    assert "csto" in out.stdout


def test_export_cli_formats_and_round_trip(gstore, runner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["--db", gstore.path, "glossary", "export", "--format", "tsv", "--src", "en",
                                 "--tgt", "hy"])
    lines = result.stdout.splitlines()
    assert lines[:2] == ["# tmkit glossary export for OmegaT (columns: source, target, comment)",
                         "# source=en target=hy"]
    assert any(line.startswith("CSTO\tՀԱՊԿ\t") for line in lines)
    assert result.stderr == "exported 421 concepts as tsv to <stdout>\n"
    tbx = tmp_path / "g.tbx"
    assert runner.invoke(cli, ["--db", gstore.path, "glossary", "export", "-o", str(tbx)]).exit_code == 0
    db2 = str(tmp_path / "g2.db")
    result = runner.invoke(cli, ["--db", db2, "glossary", "import", str(tbx)])
    assert result.stderr == "glossary: 421 concepts added, 0 updated, 0 unchanged\n"
    result = runner.invoke(cli, ["--db", db2, "glossary", "import", str(ROOT / "glossary")])
    assert result.stderr == "glossary: 0 concepts added, 0 updated, 421 unchanged\n"
    for args, message in ((["--format", "tsv"], "an OmegaT glossary is one language pair"),
                          (["--src", "en"], "give both --src and --tgt"),
                          (["--src", "en", "--tgt", "en"], "--src and --tgt are both en")):
        result = runner.invoke(cli, ["--db", gstore.path, "glossary", "export", *args])
        assert result.exit_code == 2 and message in result.stderr
