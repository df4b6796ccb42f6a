"""The streaming TMX reader (tmkit.formats.tmx): encodings, containers, language tags,
inline markup, dates, props and notes, malformed and hostile files, bounded memory."""

from __future__ import annotations

import gzip
import time
import zipfile
from pathlib import Path

import pytest

from conftest import DATA
from tmkit.errors import FormatError, InputError
from tmkit.formats.tmx import TmxReader, TmxSyntaxError, iter_tmx, parse_tmx_date

TMX = DATA / "tmx"

HEAD = ('<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" '
        'o-tmf="t" adminlang="en" srclang="en" datatype="plaintext"/><body>\n')
TAIL = "</body></tmx>\n"


def doc(*units: str, decl: str = '<?xml version="1.0" encoding="UTF-8"?>\n', head: str = HEAD) -> str:
    return decl + head + "".join(units) + TAIL


def tu(en: str = "Armenia freezes its participation in the CSTO",
       hy: str = "Հայաստանը սառեցնում է մասնակցությունը ՀԱՊԿ-ին", attrs: str = "", extra: str = "",
       en_tag: str = "en", hy_tag: str = "hy") -> str:
    return (f"<tu{attrs}>{extra}<tuv xml:lang=\"{en_tag}\"><seg>{en}</seg></tuv>"
            f"<tuv xml:lang=\"{hy_tag}\"><seg>{hy}</seg></tuv></tu>\n")


def read(tmp_path: Path, data: str | bytes, name: str = "t.tmx", **kw) -> list:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return list(iter_tmx(path, **kw))


def texts(units: list) -> list[list[tuple]]:
    return [[(v.lang, v.tag, v.text) for v in u.variants] for u in units]


EXPECTED = [[("en", "en", "Armenia freezes its participation in the CSTO"),
             ("hy", "hy", "Հայաստանը սառեցնում է մասնակցությունը ՀԱՊԿ-ին")]]


@pytest.mark.parametrize("encoding, decl", [
    ("utf-8", '<?xml version="1.0" encoding="UTF-8"?>\n'),
    ("utf-8", ""),
    ("utf-8-sig", '<?xml version="1.0" encoding="UTF-8"?>\n'),
    ("utf-16", '<?xml version="1.0" encoding="UTF-16"?>\n'),  # with BOM
    ("utf-16-le", '<?xml version="1.0" encoding="UTF-16"?>\n'),  # no BOM, declaration
    ("utf-16-be", '<?xml version="1.0" encoding="UTF-16"?>\n'),
    ("utf-16-le", ""),  # no BOM, no declaration: sniffed
    ("utf-16-be", ""),
])
def test_encodings(tmp_path: Path, encoding: str, decl: str) -> None:
    assert texts(read(tmp_path, doc(tu(), decl=decl).encode(encoding))) == EXPECTED


def test_gzip_by_magic_bytes_and_zip_members(tmp_path: Path) -> None:
    data = doc(tu()).encode("utf-8")
    (tmp_path / "a.tmx.gz").write_bytes(gzip.compress(data))
    (tmp_path / "misnamed.tmx").write_bytes(gzip.compress(data))
    with zipfile.ZipFile(tmp_path / "b.zip", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("readme.txt", "not a TMX")
        z.writestr("en-hy.tmx", data)
        z.writestr("more/EN-HY2.TMX", doc(tu("The Kremlin declined to comment.", "Կրեմլը հրաժարվեց մեկնաբանել։")))
    assert texts(iter_tmx(tmp_path / "a.tmx.gz")) == EXPECTED
    assert texts(iter_tmx(tmp_path / "misnamed.tmx")) == EXPECTED
    reader = TmxReader(tmp_path / "b.zip")
    assert [u.variants[0].text for u in reader] == ["Armenia freezes its participation in the CSTO",
                                                    "The Kremlin declined to comment."]
    assert reader.documents == [f"{tmp_path / 'b.zip'}!en-hy.tmx", f"{tmp_path / 'b.zip'}!more/EN-HY2.TMX"]


@pytest.mark.parametrize("tag, lang", [
    ("hy-AM", "hy"), ("HY-am", "hy"), ("hy_AM", "hy"), ("arm", "hy"), ("hye", "hy"),
    ("ru-RU", "ru"), ("RUS", "ru"), ("en-GB", "en"), ("EN", "en"), ("de-DE", "de"),
])
def test_language_tags_normalised(tmp_path: Path, tag: str, lang: str) -> None:
    [unit] = read(tmp_path, doc(tu(hy_tag=tag)))
    assert (unit.variants[1].lang, unit.variants[1].tag, unit.problems) == (lang, tag, [])


def test_lang_map_for_odd_tags(tmp_path: Path) -> None:
    data = doc(tu(hy_tag="x-eastern-armenian"))
    [unit] = read(tmp_path, data)
    assert unit.problems == ["xml:lang='x-eastern-armenian' is not a language tag "
                             "(use --lang-map x-eastern-armenian=CODE)"]
    [unit] = read(tmp_path, data, lang_map={"X_Eastern_Armenian": "hy"})
    assert (unit.variants[1].lang, unit.problems) == ("hy", [])


@pytest.mark.parametrize("seg, text, markup", [
    ("plain &amp; simple &lt;b&gt;", "plain & simple <b>", None),
    ('a <bpt i="1">&lt;b&gt;</bpt>bold<ept i="1">&lt;/b&gt;</ept> word', "a bold word",
     'a <bpt i="1">&lt;b&gt;</bpt>bold<ept i="1">&lt;/b&gt;</ept> word'),
    ('line<ph x="1">&lt;br/&gt;</ph>break', "linebreak", 'line<ph x="1">&lt;br/&gt;</ph>break'),
    ('an <it pos="begin">&lt;i&gt;</it>open tag', "an open tag", 'an <it pos="begin">&lt;i&gt;</it>open tag'),
    ('<ut>{\\b}</ut>old code', "old code", "<ut>{\\b}</ut>old code"),
    ('the <hi type="em">CSTO <hi>summit</hi></hi> ended', "the CSTO summit ended",
     'the <hi type="em">CSTO <hi>summit</hi></hi> ended'),
    ('see<ph>&lt;a title="<sub>the charter</sub>"&gt;</ph> here', "see here",
     'see<ph>&lt;a title="<sub>the charter</sub>"&gt;</ph> here'),
    ('tab<ph type="x-tmkit-char">U+0009</ph>bell<ph type="x-tmkit-char">U+0007</ph>', "tab\tbell\x07", None),
    ('nul<ph type="x-tmkit-char">U+0000</ph> and <b>x</b>', "nul\x00 and x",
     'nul<ph type="x-tmkit-char">U+0000</ph> and <b>x</b>'),
    ('bad<ph type="x-tmkit-char">U+D800</ph>', "bad", 'bad<ph type="x-tmkit-char">U+D800</ph>'),
    ('gt &gt; and cr&#13;', "gt > and cr\r", None),
    ('x &gt; <hi>y</hi>&#13;', "x > y\r", "x &gt; <hi>y</hi>&#13;"),
])
def test_inline_markup(tmp_path: Path, seg: str, text: str, markup: str | None) -> None:
    [unit] = read(tmp_path, doc(tu(en=seg)))
    assert (unit.variants[0].text, unit.variants[0].markup) == (text, markup)


def test_unpaired_inline_codes_are_a_finding(tmp_path: Path) -> None:
    [unit] = read(tmp_path, doc(tu(en='a <bpt i="1">&lt;b&gt;</bpt>b <bpt i="2">x</bpt>c<ept i="2">y</ept>')))
    assert unit.findings == [("unpaired-tag", "<bpt>/<ept> with i=1 not paired in one <seg>")]


@pytest.mark.parametrize("value, expected", [
    ("20261128T140300Z", ("2026-11-28T14:03:00Z", True)),
    ("2026-11-28T14:03:00Z", ("2026-11-28T14:03:00Z", False)),
    ("20261128T140300", ("2026-11-28T14:03:00Z", False)),
    ("2026-11-28", ("2026-11-28T00:00:00Z", False)),
    ("20240229T120000Z", ("2024-02-29T12:00:00Z", True)),
    ("20230229T120000Z", (None, False)),
    ("20261128T250000Z", (None, False)),
    ("19700101", ("1970-01-01T00:00:00Z", False)),
    ("yesterday", (None, False)),
    ("", (None, False)),
    ("20261128T140300+0400", (None, False)),
])
def test_dates(value: str, expected: tuple) -> None:
    assert parse_tmx_date(value) == expected


def test_unit_fields_props_notes_and_header() -> None:
    reader = TmxReader(TMX / "features.tmx")
    units = list(reader)
    h = reader.header
    assert (h.version, h.srclang, h.lang, h.creationtool, h.o_tmf, h.created, h.props, h.notes) == (
        "1.4", "en-US", "en", "SDL Language Platform", "SDL TM8 Format", "2024-03-01T10:15:00Z",
        [("x-Domain:SinglePicklist", "Politics")], ["Client memory, CSTO coverage"])
    first = units[0]
    assert (first.line, first.tuid, first.created, first.changed) == (
        9, "csto-1", "2024-02-23T08:15:00Z", "2024-02-24T09:00:05Z")
    assert first.props == [("x-Story:SingleString", "csto-freeze"), ("x-Outlet:SingleString", "JAMnews"),
                           ("x-Score:SingleString", "0.912"), ("x-Domain:SinglePicklist", "Politics")]
    assert first.notes == ["checked by the desk"]
    assert (first.variants[1].props, first.variants[1].notes) == ([("x-reviewer", "Aram")], ())
    second = units[1]
    assert (second.created, second.changed) == (None, "2024-02-24T09:00:05Z")
    assert second.findings == [
        ("bad-date", "creationdate='20240229T250000Z' is not a date (TMX wants YYYYMMDDThhmmssZ)"),
        ("nonstandard-date", "changedate='2024-02-24T09:00:05Z' is not in TMX's date format YYYYMMDDThhmmssZ")]
    assert [[v.tag for v in u.variants] for u in units] == [
        ["en-US", "hy-AM"], ["EN-us", "hy_AM"], ["en-US", "arm"], ["en-US", "hy-AM"], ["en-US", "hye"],
        ["en-US", "hy-AM"]]
    assert {v.lang for u in units for v in u.variants} == {"en", "hy"}


def test_tmx_1_1_lang_attribute_and_latin1() -> None:
    reader = TmxReader(TMX / "tmx11.tmx")
    [unit] = list(reader)
    assert reader.header.version == "1.1"
    assert texts([unit]) == [[("en", "EN", "Café talks in Yerevan"), ("ru", "RU", "Переговоры в Ереване")]]


def test_srclang_all_and_multilingual_units() -> None:
    reader = TmxReader(TMX / "multilingual.tmx")
    units = list(reader)
    assert (reader.header.srclang, reader.header.lang) == ("*all*", "*all*")
    assert [[v.lang for v in u.variants] for u in units] == [["en", "ru", "hy"], ["ru", "en"], ["de", "en"], ["en"]]


def test_unit_problems(tmp_path: Path) -> None:
    units = list(iter_tmx(TMX / "bad-units.tmx"))
    assert [(u.line, u.problems) for u in units] == [
        (5, []), (9, ["<tuv> without xml:lang"]),
        (13, ["xml:lang='12' is not a language tag (use --lang-map 12=CODE)"]), (17, [])]
    [unit] = read(tmp_path, doc('<tu><tuv xml:lang="en"><seg>a</seg></tuv><tuv xml:lang="hy"></tuv></tu>'))
    assert unit.problems == ["<tuv xml:lang='hy'> without <seg>"]


@pytest.mark.parametrize("data, message", [
    ((TMX / "malformed.tmx").read_bytes(),
     "t.tmx:10:69: malformed XML: Opening and ending tag mismatch: seg line 10 and tuv"),
    (doc(tu()).encode()[:-14], "t.tmx:4:1: malformed XML: Premature end of data in tag body line 2"),
    (b"\n\n", "t.tmx:3:1: malformed XML: Start tag expected, '<' not found"),
    (doc(tu(en="a &nbsp; b")).encode(), "t.tmx:3:37: malformed XML: Entity 'nbsp' not defined"),
    (doc(tu(en="bell &#7;")).encode(), "t.tmx:3:38: malformed XML: xmlParseCharRef: invalid xmlChar value 7"),
    (doc(tu(en="bad \xff byte")).encode("latin-1", "replace").replace(b"\xd5", b"?"),
     "t.tmx:3:33: malformed XML: Invalid bytes in character encoding"),
])
def test_malformed_files_name_line_and_column(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "t.tmx"
    path.write_bytes(data)
    with pytest.raises(TmxSyntaxError) as info:
        list(iter_tmx(path))
    assert str(info.value) == f"{tmp_path}/{message}"
    assert isinstance(info.value, FormatError)


@pytest.mark.parametrize("content, message", [
    (b"", "t.tmx: the file is empty"),
])
def test_empty_file(tmp_path: Path, content: bytes, message: str) -> None:
    (tmp_path / "t.tmx").write_bytes(content)
    with pytest.raises(InputError) as info:
        iter_tmx(tmp_path / "t.tmx")
    assert str(info.value) == f"{tmp_path}/{message}"


def test_not_tmx_and_bad_containers(tmp_path: Path) -> None:
    (tmp_path / "x.tmx").write_text('<xliff version="1.2"><file/></xliff>')
    with pytest.raises(FormatError, match=r"x.tmx: not a TMX document \(the root element is <xliff>, not <tmx>\)$"):
        list(iter_tmx(tmp_path / "x.tmx"))
    with zipfile.ZipFile(tmp_path / "z.zip", "w") as z:
        z.writestr("notes.txt", "hello")
    with pytest.raises(FormatError, match=r"z.zip: the zip archive holds no .tmx file$"):
        list(iter_tmx(tmp_path / "z.zip"))
    (tmp_path / "broken.tmx.gz").write_bytes(gzip.compress(doc(tu()).encode())[:-40])
    with pytest.raises(FormatError, match=r"broken.tmx.gz: cannot read the compressed data: "):
        list(iter_tmx(tmp_path / "broken.tmx.gz"))


def test_external_entities_are_never_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    data = (f'<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY xxe SYSTEM "file://{secret}">'
            '<!ENTITY remote SYSTEM "http://127.0.0.1:9/x">]>\n' + HEAD
            + tu(en="a &xxe; b", hy="&remote;") + TAIL)
    [unit] = read(tmp_path, data)
    assert [v.text for v in unit.variants] == ["a  b", ""]
    assert unit.problems == ["entity reference &xxe; cannot be resolved (tmkit never expands DTD entities)",
                             "entity reference &remote; cannot be resolved (tmkit never expands DTD entities)"]


def test_external_dtd_is_not_loaded(tmp_path: Path) -> None:
    data = ('<?xml version="1.0"?>\n<!DOCTYPE tmx SYSTEM "http://127.0.0.1:9/tmx14.dtd">\n' + HEAD + tu() + TAIL)
    assert texts(read(tmp_path, data)) == EXPECTED


def test_entity_expansion_is_bounded(tmp_path: Path) -> None:
    lol = '<!ENTITY a "' + "x" * 20 + '">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
    data = f'<?xml version="1.0"?>\n<!DOCTYPE tmx [{lol}]>\n' + HEAD + tu(en="&j;") + TAIL
    start = time.perf_counter()
    with pytest.raises(FormatError, match="malformed XML: its entity declarations would expand enormously"):
        read(tmp_path, data)
    assert time.perf_counter() - start < 2


def test_memory_stays_bounded_while_streaming(tmp_path: Path) -> None:
    """Each unit is freed with everything before it: the tree holds only what the parser
    has read ahead (a 32 KiB chunk), however long the file."""
    path = tmp_path / "big.tmx"
    path.write_text(doc(*[tu(en=f"Sentence {i}.") for i in range(6000)]), encoding="utf-8")
    sizes = []
    reader = TmxReader(path, on_tu=lambda el, unit: sizes.append(len(el.getparent())))
    assert sum(1 for _ in reader) == 6000
    assert max(sizes) < 250
    assert max(sizes[-2000:]) <= max(sizes[:2000])
