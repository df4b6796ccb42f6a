"""The TMX checker (tmkit.formats.tmx.check_tmx): DTD validation in bounded memory, lints
for what the DTD cannot see, profiles, exact report lines."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from conftest import DATA
from tmkit.formats.profiles import get_profile
from tmkit.formats.tmx import CHECKS, TmxWriter, check_tmx
from tmkit.models import ExportUnit, ExportVariant

TMX = DATA / "tmx"

HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n'
        '<tmx version="1.4">\n'
        '<header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" '
        'srclang="{src}" datatype="plaintext"/>\n<body>\n')


def tu(en: str = "Armenia freezes its participation in the CSTO", ru: str = "Армения замораживает участие в ОДКБ",
       attrs: str = "", en_tag: str = "en", ru_tag: str = "ru") -> str:
    return (f'<tu{attrs}><tuv xml:lang="{en_tag}"><seg>{en}</seg></tuv>'
            f'<tuv xml:lang="{ru_tag}"><seg>{ru}</seg></tuv></tu>\n')


def check(tmp_path: Path, *units: str, src: str = "en", profile: str | None = None, head: str | None = None):
    path = tmp_path / "c.tmx"
    path.write_text((head or HEAD.format(src=src)) + "".join(units) + "</body>\n</tmx>\n", encoding="utf-8")
    report = check_tmx(path, profile)
    return report, [str(i).replace(f"{tmp_path}/", "") for i in report.issues]


def test_a_clean_file(tmp_path: Path) -> None:
    report, lines = check(tmp_path, tu(), tu("The Kremlin declined to comment.", "В Кремле от комментариев отказались."))
    assert lines == []
    assert report.summary() == f"{tmp_path}/c.tmx: 2 units (en 2, ru 2); DTD-valid; 0 errors, 0 warnings"
    assert report.ok


def test_our_exports_are_clean_for_every_profile(tmp_path: Path) -> None:
    for name in ("generic", "omegat", "memoq", "trados", "phrase"):
        path = tmp_path / f"{name}.tmx"
        with open(path, "wb") as fh:
            w = TmxWriter(fh, srclang="en", profile=get_profile(name))
            w.write(ExportUnit(id=1, tuid=None, origin="aligned", status="confirmed", score=0.9, align_type="1-1",
                               story="s", outlet="JAMnews", published="2024-11-29", created_at="2024-11-30T08:15:00Z",
                               changed_at="2024-11-30T08:15:00Z", props={"note": ["n"], "prop": [["x-a", "b"]]},
                               variants=[ExportVariant("en", "a <b> & c\x01"), ExportVariant("hy", "բ")]))
            w.close()
        report = check_tmx(path, name)
        assert (report.errors, report.warnings, report.units) == (0, 0, 1), [str(i) for i in report.issues]


@pytest.mark.parametrize("units, src, expected", [
    # the DTD
    (['<tu><tuv xml:lang="en"><seg>a</seg></tuv><tuv xml:lang="ru"><seg>б<b>x</b></seg></tuv><foo/></tu>\n'], "en",
     ["c.tmx:5: error: Element tu content does not follow the DTD, expecting ((note | prop)* , tuv+), got "
      "(tuv tuv foo) [dtd]",
      "c.tmx:5: error: Element b is not declared in seg list of possible children [dtd]",
      "c.tmx:5: error: No declaration for element b [dtd]",
      "c.tmx:5: error: No declaration for element foo [dtd]"]),
    (['<tu tuid="1"><tuv xml:lang="en"><seg>a</seg></tuv><tuv xml:lang="ru"><seg>б</seg></tuv></tu>\n<junk/>\n'
      '<tu><tuv xml:lang="en"><seg>b</seg></tuv><tuv xml:lang="ru"><seg>в</seg></tuv></tu>\n'], "en",
     ["c.tmx:6: error: <junk> is not allowed in <body> (only <tu>) [dtd]"]),
    # languages
    ([tu(ru_tag="xx yy")], "en",
     ["c.tmx:5: error: xml:lang='xx yy' is not a language tag (use --lang-map xx yy=CODE) [bad-lang]"]),
    ([tu(en_tag="hy", en="Հայաստան")], "en",
     ["c.tmx:5: error: no <tuv> in the source language en (srclang) [no-source]"]),
    ([tu(en_tag="en-GB")], "en-US",
     ["c.tmx:5: warning: xml:lang='en-GB' but srclang='en-US': tools that compare locales (Trados, memoQ) will "
      "not take it as the source [tag-mismatch]"]),
    ([tu(en_tag="EN_us")], "en-US", []),
    (['<tu><tuv xml:lang="en"><seg>Alone</seg></tuv></tu>\n'], "en",
     ["c.tmx:5: warning: only one language (en) [one-language]"]),
    (['<tu><tuv xml:lang="en"><seg>a</seg></tuv><tuv xml:lang="en-GB"><seg>b</seg></tuv>'
      '<tuv xml:lang="ru"><seg>в</seg></tuv></tu>\n'], "en",
     ["c.tmx:5: warning: more than one <tuv> in en [duplicate-language]",
      "c.tmx:5: warning: xml:lang='en-GB' but srclang='en': tools that compare locales (Trados, memoQ) will "
      "not take it as the source [tag-mismatch]"]),
    ([tu(), '<tu><tuv xml:lang="en"><seg>a</seg></tuv><tuv xml:lang="hy"><seg>բ</seg></tuv></tu>\n'], "*all*",
     ["c.tmx: warning: 1 unit has no ru variant, while others do (first on line 6) [missing-language]",
      "c.tmx: warning: 1 unit has no hy variant, while others do (first on line 5) [missing-language]"]),
    # texts
    ([tu(ru="  ")], "en", ["c.tmx:5: warning: empty segment (ru) [empty-seg]"]),
    ([tu(), tu(en="armenia  freezes its participation in the CSTO", ru="АРМЕНИЯ замораживает участие в ОДКБ")],
     "en", ["c.tmx:6: warning: same texts as the unit on line 5 [duplicate]"]),
    ([tu(ru="сломано \ufffd"), tu(en="nel\x85 here")], "en",
     ["c.tmx:5: warning: replacement character (text damaged by a wrong encoding conversion) U+FFFD in the ru "
      "segment [bad-char]",
      "c.tmx:6: warning: control character U+0085 in the en segment [bad-char]"]),
    ([tu(en='a <bpt i="1">&lt;b&gt;</bpt>b')], "en",
     ["c.tmx:5: error: <bpt>/<ept> with i=1 not paired in one <seg> [unpaired-tag]"]),
    # dates
    ([tu(attrs=' creationdate="20241301T000000Z" changedate="2024-11-30"')], "en",
     ["c.tmx:5: error: creationdate='20241301T000000Z' is not a date (TMX wants YYYYMMDDThhmmssZ) [bad-date]",
      "c.tmx:5: error: changedate='2024-11-30' is not in TMX's date format YYYYMMDDThhmmssZ [nonstandard-date]"]),
    # the header
    ([tu()], "english please", ["c.tmx:3: error: srclang='english please' is neither a language tag nor *all* [srclang]"]),
])
def test_lints(tmp_path: Path, units: list[str], src: str, expected: list[str]) -> None:
    report, lines = check(tmp_path, *units, src=src)
    assert lines == expected
    assert report.errors == sum(" error: " in x for x in expected)


def test_header_and_version_problems(tmp_path: Path) -> None:
    head = '<?xml version="1.0"?>\n<tmx version="1.1">\n<header srclang="en"/>\n<body>\n'
    _, lines = check(tmp_path, tu().replace('xml:lang="ru"', 'lang="ru"'), head=head)
    assert lines == [
        "c.tmx:3: warning: TMX 1.1 file; checked against TMX 1.4b [version]",
        "c.tmx:5: error: <tuv lang='ru'>: TMX 1.4 wants xml:lang (lang is TMX 1.1) [lang-attribute]",
        "c.tmx:2: error: Value for attribute version of tmx is different from default \"1.4\" [dtd]",
        "c.tmx:2: error: Value for attribute version of tmx must be \"1.4\" [dtd]",
        "c.tmx:3: error: Element header does not carry attribute creationtool [dtd]",
        "c.tmx:3: error: Element header does not carry attribute datatype [dtd]",
        "c.tmx:3: error: Element header does not carry attribute adminlang [dtd]",
        "c.tmx:3: error: Element header does not carry attribute o-tmf [dtd]",
        "c.tmx:3: error: Element header does not carry attribute segtype [dtd]",
        "c.tmx:3: error: Element header does not carry attribute creationtoolversion [dtd]",
    ]


@pytest.mark.parametrize("profile, units, expected", [
    ("trados", [tu(en="x" * 4001)],
     ["c.tmx:5: warning: en segment of 4001 characters; Trados Studio does not match segments over 4000 [too-long]"]),
    ("generic", [tu(en="x" * 4001)], []),
    ("memoq", ['<tu><tuv xml:lang="en"><seg>a</seg></tuv><tuv xml:lang="ru"><seg>б</seg></tuv>'
               '<tuv xml:lang="hy"><seg>բ</seg></tuv></tu>\n'],
     ["c.tmx:5: warning: 3 languages in one unit; memoQ takes one pair [multilingual]"]),
    ("omegat", [tu(ru_tag="rus")],
     ["c.tmx:5: warning: xml:lang='rus': OmegaT does not recognise three-letter codes; use a two-letter tag such "
      "as hy or hy-AM [profile-tag]"]),
])
def test_profiles(tmp_path: Path, profile: str, units: list[str], expected: list[str]) -> None:
    _, lines = check(tmp_path, *units, profile=profile)
    assert lines == expected


def test_fixtures() -> None:
    report = check_tmx(TMX / "features.tmx")
    assert [str(i).split("tmx/", 1)[1] for i in report.issues] == [
        "features.tmx:18: error: creationdate='20240229T250000Z' is not a date (TMX wants YYYYMMDDThhmmssZ) [bad-date]",
        "features.tmx:18: error: changedate='2024-02-24T09:00:05Z' is not in TMX's date format YYYYMMDDThhmmssZ "
        "[nonstandard-date]",
        "features.tmx:26: warning: empty segment (hy-AM) [empty-seg]",
        "features.tmx:34: warning: same texts as the unit on line 9 [duplicate]",
    ]
    assert report.summary().split("tmx/", 1)[1] == "features.tmx: 6 units (en 6, hy 6); DTD-valid; 2 errors, 2 warnings"
    malformed = check_tmx(TMX / "malformed.tmx")
    assert [str(i).split("tmx/", 1)[1] for i in malformed.issues] == [
        "malformed.tmx:10: error: malformed XML at column 69: Opening and ending tag mismatch: seg line 10 and tuv "
        "[malformed]"]
    assert (malformed.well_formed, malformed.units, malformed.errors) == (False, 1, 1)


def test_issues_are_capped_per_kind_but_all_counted(tmp_path: Path) -> None:
    units = [tu(en=f"Sentence {i}.", ru="") for i in range(30)]
    seen = []
    path = tmp_path / "c.tmx"
    path.write_text(HEAD.format(src="en") + "".join(units) + "</body></tmx>\n", encoding="utf-8")
    report = check_tmx(path, max_per_code=5, on_issue=seen.append)
    assert (report.warnings, report.counts, len(report.issues), len(seen)) == (30, {"empty-seg": 30}, 5, 5)
    assert report.not_shown == {"empty-seg": 25}
    assert report.as_dict()["not_shown"] == {"empty-seg": 25}


def test_every_check_is_documented() -> None:
    assert all(sev in ("error", "warning") and why for sev, why in CHECKS.values())
    assert len(CHECKS) == 22


def test_streaming_check_of_a_large_file_keeps_the_tree_small(tmp_path: Path) -> None:
    buf = io.BytesIO()
    w = TmxWriter(buf, srclang="en", profile=get_profile("generic"))
    for i in range(5000):
        w.write(ExportUnit(id=i, tuid=None, origin="tmx", status="auto", score=None, align_type=None, story=None,
                           outlet=None, published=None, created_at="2024-11-30T08:15:00Z",
                           changed_at="2024-11-30T08:15:00Z", props=None,
                           variants=[ExportVariant("en", f"Sentence {i}."), ExportVariant("ru", f"Фраза {i}.")]))
    w.close()
    path = tmp_path / "big.tmx"
    path.write_bytes(buf.getvalue())
    report = check_tmx(path)
    assert (report.units, report.errors, report.warnings, report.dtd_valid) == (5000, 0, 0, True)
