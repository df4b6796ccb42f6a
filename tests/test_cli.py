"""The command line, through click's CliRunner: outputs, exit codes, one-line errors."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from conftest import DATA
from tmkit.cli import cli

MINI = DATA / "mini-story"


def run(runner, *args: str, input: str | bytes | None = None):
    return runner.invoke(cli, list(args), input=input, catch_exceptions=False)


def db_snapshot(path: Path) -> list:
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return [(t, conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()) for t in tables]
    finally:
        conn.close()


@pytest.fixture
def imported(runner, tmp_path: Path) -> Path:
    db = tmp_path / "t.db"
    shutil.copytree(MINI, tmp_path / "corpus" / "freeze")
    result = run(runner, "--db", str(db), "import", str(tmp_path / "corpus"))
    assert result.exit_code == 0, result.output
    result = run(runner, "--db", str(db), "align")
    assert result.exit_code == 0, result.output
    return db


def test_version_and_help(runner) -> None:
    assert run(runner, "--version").output == "tmkit, version 0.1.0\n"
    out = run(runner, "--help").output
    for command in ("import", "segment", "align", "export", "term", "glossary", "stats", "demo"):
        assert f"  {command} " in out


def test_python_dash_m_works() -> None:
    out = subprocess.run([sys.executable, "-m", "tmkit", "--version"], capture_output=True, text=True)
    assert (out.returncode, out.stdout) == (0, "tmkit, version 0.1.0\n")


def test_import_align_stats(runner, imported: Path) -> None:
    result = run(runner, "--db", str(imported), "stats")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "stories   1  (articles 3)"
    assert lines[1] == "segments  en 5, hy 5, ru 5"
    assert lines[2] == "units     5  (auto 5; from aligned 5)"
    assert "  freeze: en,hy,ru (15 segments)" in lines


def test_import_summary_goes_to_stderr_and_json_to_stdout(runner, tmp_path: Path) -> None:
    shutil.copytree(MINI, tmp_path / "s")
    result = runner.invoke(cli, ["--db", str(tmp_path / "t.db"), "import", str(tmp_path / "s")])
    assert result.stdout == ""
    assert result.stderr == ("1 stories; articles: 3 added, 0 unchanged, 0 replaced; "
                             "segments: 15 added, 0 unchanged, 0 replaced\n")
    result = runner.invoke(cli, ["--db", str(tmp_path / "t.db"), "import", "--json", str(tmp_path / "s")])
    assert '"unchanged": 3' in result.stdout


def test_db_from_environment(runner, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("TMKIT_DB", str(tmp_path / "env.db"))
    shutil.copytree(MINI, tmp_path / "s")
    assert run(runner, "import", str(tmp_path / "s")).exit_code == 0
    assert (tmp_path / "env.db").exists()


def test_segment_command(runner) -> None:
    text = "Նա ասաց. «Մենք դուրս ենք»: Ի՞նչ է սա նշանակում:\n\nԵրկրորդ պարբերություն։\n"
    result = run(runner, "segment", "--lang", "hy", "--paragraphs", input=text.encode())
    assert result.output == "Նա ասաց. «Մենք դուրս ենք»:\nԻ՞նչ է սա նշանակում:\n\nԵրկրորդ պարբերություն։\n"
    result = run(runner, "segment", "--lang", "ru", str(MINI / "ru.txt"))
    assert result.output.splitlines()[1:3] == [
        "Премьер-министр Никол Пашинян заявил в пятницу, что Армения заморозила свое участие в ОДКБ.",
        "Он добавил, что решение не является окончательным.",
    ]


def test_export_tmx_pair_and_multilingual(runner, imported: Path, tmp_path: Path, tmx_dtd) -> None:
    out = tmp_path / "en-hy.tmx"
    result = runner.invoke(cli, ["--db", str(imported), "export", "tmx", str(out), "--src", "en", "--tgt", "hy",
                                 "--profile", "omegat"])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"wrote 5 units (en-hy) to {out}\n"
    root = etree.parse(str(out)).getroot()
    assert tmx_dtd.validate(root)
    first = root.find(".//tu")
    assert [p.get("type") for p in first.findall("prop")] == ["x-story", "x-outlet", "x-url", "x-published",
                                                             "x-align", "x-score"]
    assert first.find("prop[@type='x-url']").text == "https://example.org/en/freeze"
    assert [s.text for s in first.findall(".//seg")] == [
        "Armenia freezes its participation in the CSTO", "Հայաստանը սառեցնում է մասնակցությունը ՀԱՊԿ-ին"]
    result = runner.invoke(cli, ["--db", str(imported), "export", "tmx", "-", "--langs", "en,ru,hy"])
    root = etree.fromstring(result.stdout_bytes)
    assert len(root.findall(".//tu")) == 5
    assert {len(tu.findall("tuv")) for tu in root.iter("tu")} == {3}


def test_export_to_stdout_keeps_stdout_clean(runner, imported: Path) -> None:
    result = runner.invoke(cli, ["--db", str(imported), "export", "tmx", "-", "--src", "ru", "--tgt", "hy"])
    assert result.stdout.startswith("<?xml")
    assert result.stderr == "wrote 5 units (ru-hy) to <stdout>\n"


@pytest.mark.parametrize("args, code, message", [
    (["export", "tmx", "x.tmx", "--src", "en"], 2, "say which languages to export"),
    (["export", "tmx", "x.tmx", "--src", "en", "--tgt", "de"], 2, "unknown language 'de'"),
    (["export", "tmx", "x.tmx", "--src", "en", "--tgt", "en"], 2, "a language is listed twice"),
    (["export", "tmx", "x.tmx", "--langs", "en,ru,hy", "--profile", "trados"], 2,
     "the trados profile exports one language pair per file"),
    (["export", "tmx", "x.tmx", "--src", "en", "--tgt", "hy", "--since", "last week"], 2,
     "--since wants a date such as 2024-11-29"),
    (["export", "tmx", "x.tmx", "--src", "en", "--tgt", "hy", "--profile", "wordfast"], 2, "unknown TMX profile"),
    (["segment", "--lang", "fr"], 2, "unknown language 'fr'"),
    (["term", "   "], 2, "give a term to look up"),
])
def test_usage_errors_are_one_line(runner, imported: Path, args: list[str], code: int, message: str) -> None:
    result = runner.invoke(cli, ["--db", str(imported), *args])
    assert result.exit_code == code
    assert result.stderr.startswith("tmkit: error: ")
    assert message in result.stderr
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize("setup, message", [
    ("empty", "the file is empty"),
    ("binary", "binary file (it contains NUL bytes)"),
    ("cp1251", "give its encoding with --encoding"),
    ("mislabelled", "labelled Armenian (hy) but"),
    ("missing", "no such file or folder"),
])
def test_bad_input_changes_nothing(runner, imported: Path, tmp_path: Path, setup: str, message: str) -> None:
    bad = tmp_path / "bad" / "hy.txt"
    bad.parent.mkdir()
    content = {"empty": b"", "binary": b"\x00\x01\x02abc\x00", "cp1251": "Ереван".encode("cp1251"),
               "mislabelled": "This English text is not Armenian at all, obviously.".encode()}
    if setup != "missing":
        bad.write_bytes(content[setup])
    before = db_snapshot(imported)
    result = runner.invoke(cli, ["--db", str(imported), "import", str(bad if setup != "missing" else tmp_path / "nope")])
    assert result.exit_code == 1
    assert message in result.stderr and result.stderr.startswith("tmkit: error: ")
    assert db_snapshot(imported) == before


def test_cp1251_imports_with_encoding_option(runner, tmp_path: Path) -> None:
    p = tmp_path / "old.ru.txt"
    p.write_bytes("Ереван и Москва. Переговоры продолжаются.".encode("cp1251"))
    result = runner.invoke(cli, ["--db", str(tmp_path / "t.db"), "import", str(p), "--encoding", "cp1251"])
    assert result.exit_code == 0
    assert "segments: 2 added" in result.stderr


@pytest.mark.parametrize("kind, message", [
    ("not-sqlite", "not a tmkit database"),
    ("folder", "is a folder"),
    ("no-parent", "does not exist"),
])
def test_bad_database_paths(runner, tmp_path: Path, kind: str, message: str) -> None:
    shutil.copytree(MINI, tmp_path / "s")
    db = {"not-sqlite": tmp_path / "x.db", "folder": tmp_path, "no-parent": tmp_path / "a" / "b.db"}[kind]
    if kind == "not-sqlite":
        db.write_bytes(b"garbage" * 1000)
    result = runner.invoke(cli, ["--db", str(db), "import", str(tmp_path / "s")])
    assert result.exit_code == 1
    assert message in result.stderr
    if kind == "not-sqlite":
        assert db.read_bytes() == b"garbage" * 1000


# -- import-tmx and tmx check ------------------------------------------------------------------

TMX_DATA = DATA / "tmx"


def test_import_tmx_reports_counts_and_is_idempotent(runner, tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    result = runner.invoke(cli, ["--db", db, "import-tmx", str(TMX_DATA / "bad-units.tmx"), "--skip-bad-units"])
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert lines[:2] == [
        f"tmkit: warning: {TMX_DATA / 'bad-units.tmx'}:9: <tuv> without xml:lang",
        f"tmkit: warning: {TMX_DATA / 'bad-units.tmx'}:13: xml:lang='12' is not a language tag "
        "(use --lang-map 12=CODE)"]
    assert lines[-1] == (f"{TMX_DATA / 'bad-units.tmx'}: read 4 units, imported 2 (en 2, ru 2); "
                         "skipped 2 bad units")
    again = runner.invoke(cli, ["--db", db, "import-tmx", str(TMX_DATA / "bad-units.tmx"), "--skip-bad-units"])
    assert again.exit_code == 0
    assert "already imported" in again.stderr


@pytest.mark.parametrize("name, message", [
    ("malformed.tmx", "malformed.tmx:10:69: malformed XML: Opening and ending tag mismatch: seg line 10 and tuv"),
    ("bad-units.tmx", "bad-units.tmx:9: <tuv> without xml:lang; nothing was imported "
                      "(--skip-bad-units imports the other units)"),
])
def test_import_tmx_broken_file_imports_nothing(runner, tmp_path: Path, name: str, message: str) -> None:
    db = tmp_path / "t.db"
    good = tmp_path / "good.tmx"
    run(runner, "--db", str(tmp_path / "src.db"), "import", str(MINI / "en.txt"), str(MINI / "ru.txt"),
        "--story", "freeze")
    run(runner, "--db", str(tmp_path / "src.db"), "align")
    run(runner, "--db", str(tmp_path / "src.db"), "export", "tmx", str(good), "--src", "en", "--tgt", "ru")
    result = runner.invoke(cli, ["--db", str(db), "import-tmx", str(TMX_DATA / name), str(good)])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("tmkit: error:")]
    assert len(errors) == 1 and message in errors[0], result.stderr
    assert "Traceback" not in result.output
    # the good file after the broken one is still imported, the broken one not at all
    assert result.stderr.splitlines()[-1] == f"{good}: read 5 units, imported 5 (en 5, ru 5)"
    assert '"units": 5' in run(runner, "--db", str(db), "stats", "--json").output


def test_tmx_check_cli(runner, imported: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.tmx"
    run(runner, "--db", str(imported), "export", "tmx", str(out), "--src", "en", "--tgt", "ru", "--profile", "omegat")
    ok = runner.invoke(cli, ["tmx", "check", str(out), "--profile", "omegat"])
    assert ok.exit_code == 0, ok.output
    assert ok.stdout.splitlines()[-1].endswith("DTD-valid; 0 errors, 0 warnings")
    bad = runner.invoke(cli, ["tmx", "check", str(TMX_DATA / "malformed.tmx")])
    assert bad.exit_code == 1
    assert bad.stdout.splitlines()[-1] == f"{TMX_DATA / 'malformed.tmx'}: 1 unit (en 1, ru 1); not valid; 1 error, 0 warnings"
    js = runner.invoke(cli, ["tmx", "check", str(TMX_DATA / "bad-units.tmx"), "--json"])
    assert js.exit_code == 1
    import json as _json
    data = _json.loads(js.stdout)
    assert (data["dtd_valid"], data["errors"], data["warnings"]) == (False, 3, 2)
    assert data["counts"] == {"dtd": 1, "bad-lang": 2, "missing-language": 2}


@pytest.mark.parametrize("args", [
    ["import", "missing.txt"],
    ["import", str(DATA / "bad" / "binary-junk.txt"), "--lang", "en"],
    ["glossary", "import", str(DATA / "bad" / "glossary-bad-columns.tsv")],
])
def test_a_failed_import_leaves_no_new_database(runner, tmp_path: Path, args: list[str]) -> None:
    db = tmp_path / "new.db"
    result = runner.invoke(cli, ["--db", str(db), *args])
    assert result.exit_code != 0 and result.stderr.startswith("tmkit: error: ")
    assert sorted(p.name for p in tmp_path.iterdir()) == []
