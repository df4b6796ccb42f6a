"""The streaming TMX writer (tmkit.formats.tmx) and profiles: exact output, DTD-valid."""

from __future__ import annotations

import io

import pytest
from lxml import etree

from tmkit.errors import UsageError
from tmkit.formats.profiles import PROFILES, get_profile, parse_lang_tags
from tmkit.formats.tmx import TmxWriter, escape_attr, escape_text, tmx_date
from tmkit.models import ExportUnit, ExportVariant

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def unit(texts: dict[str, str], **kw) -> ExportUnit:
    base = dict(id=7, tuid=None, origin="aligned", status="auto", score=0.912, align_type="1-1",
                story="csto-story", outlet="JAMnews", published="2024-11-29",
                created_at="2024-11-30T08:15:00Z", changed_at="2024-12-01T09:00:05Z", props=None)
    base.update(kw)
    return ExportUnit(variants=[ExportVariant(lang=k, text=v, n_segments=1) for k, v in texts.items()], **base)


def write(units, profile="generic", srclang="en", **kw) -> bytes:
    buf = io.BytesIO()
    w = TmxWriter(buf, srclang=srclang, profile=get_profile(profile), **kw)
    for u in units:
        w.write(u)
    w.close()
    return buf.getvalue()


def test_exact_output_generic() -> None:
    out = write([unit({"en": "CSTO & EAEU <allies>", "hy": "ՀԱՊԿ և ԵԱՏՄ «դաշնակիցներ»"})])
    assert out.decode("utf-8") == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
        '<tmx version="1.4">\n'
        '  <header creationtool="tmkit" creationtoolversion="0.1.0" segtype="sentence" o-tmf="tmkit" '
        'adminlang="en" srclang="en" datatype="plaintext"/>\n'
        "  <body>\n"
        '    <tu tuid="7" creationdate="20241130T081500Z" changedate="20241201T090005Z">\n'
        '      <prop type="x-story">csto-story</prop>\n'
        '      <prop type="x-outlet">JAMnews</prop>\n'
        '      <prop type="x-published">2024-11-29</prop>\n'
        '      <prop type="x-align">1-1</prop>\n'
        '      <prop type="x-score">0.912</prop>\n'
        '      <tuv xml:lang="en"><seg>CSTO &amp; EAEU &lt;allies&gt;</seg></tuv>\n'
        '      <tuv xml:lang="hy"><seg>ՀԱՊԿ և ԵԱՏՄ «դաշնակիցներ»</seg></tuv>\n'
        "    </tu>\n"
        "  </body>\n"
        "</tmx>\n"
    )


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_every_profile_writes_dtd_valid_tmx(name: str, tmx_dtd) -> None:
    texts = {"en": "Text with ]]> and \"quotes\" & 'apostrophes'", "ru": "«Ёлочки» — тире", "hy": "Ի՞նչ է սա։"}
    units = [unit(texts), unit(texts, id=8, status="confirmed", score=None)]
    if not PROFILES[name].multilingual:
        units = [unit({"en": texts["en"], "hy": texts["hy"]})]
    data = write(units, profile=name)
    assert data.startswith(b"\xef\xbb\xbf") == PROFILES[name].bom
    root = etree.fromstring(data.lstrip(b"\xef\xbb\xbf"))
    assert tmx_dtd.validate(root), tmx_dtd.error_log.filter_from_errors()
    tuvs = root.findall(".//tuv")
    assert [t.findtext("seg") for t in tuvs][:2] == [texts["en"], texts["ru"] if PROFILES[name].multilingual else texts["hy"]]


@pytest.mark.parametrize("profile, tags, story_prop", [
    ("generic", ["en", "hy"], "x-story"),
    ("omegat", ["en-US", "hy-AM"], "x-story"),
    ("memoq", ["en-US", "hy-AM"], "project"),
    ("trados", ["en-US", "hy-AM"], "x-Story:SingleString"),
    ("phrase", ["en", "hy"], "x-story"),
])
def test_profile_tags_and_props(profile: str, tags: list[str], story_prop: str) -> None:
    root = etree.fromstring(write([unit({"en": "a", "hy": "բ"})], profile=profile).lstrip(b"\xef\xbb\xbf"))
    assert [t.get(XML_LANG) for t in root.iter("tuv")] == tags
    assert root.find("header").get("srclang") == tags[0]
    assert root.find(".//prop").get("type") == story_prop


def test_lang_tag_override() -> None:
    root = etree.fromstring(write([unit({"en": "a", "hy": "բ"})], profile="omegat",
                                  lang_tags=parse_lang_tags(["hy=hy", "en=en-GB"])))
    assert [t.get(XML_LANG) for t in root.iter("tuv")] == ["en-GB", "hy"]
    assert root.find("header").get("srclang") == "en-GB"


@pytest.mark.parametrize("spec, message", [
    ("hy", "--lang-tag wants LANG=TAG"),
    ("de=de-DE", "unknown language 'de'"),
    ("hy=not a tag", "not a language tag"),
])
def test_lang_tag_errors(spec: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        parse_lang_tags([spec])


@pytest.mark.parametrize("policy, seg_xml, counts", [
    ("tag", 'a<ph type="x-tmkit-char">U+0001</ph>b<ph type="x-tmkit-char">U+FFFF</ph>', (1, 2, 0)),
    ("replace", "a\ufffdb\ufffd", (1, 2, 0)),
    ("skip", None, (0, 0, 1)),
])
def test_illegal_xml_characters_policy(policy: str, seg_xml: str | None, counts: tuple, tmx_dtd) -> None:
    buf = io.BytesIO()
    w = TmxWriter(buf, srclang="en", profile=get_profile("generic"), illegal=policy)
    w.write(unit({"en": "a\x01b\uffff", "hy": "բ"}))
    w.close()
    assert (w.counts["units"], w.counts["illegal_chars"], w.counts["skipped_illegal"]) == counts
    root = etree.fromstring(buf.getvalue())
    assert tmx_dtd.validate(root)
    segs = root.findall(".//seg")
    if seg_xml is None:
        assert segs == []
    else:
        inner = (segs[0].text or "") + "".join(etree.tostring(c, encoding="unicode") for c in segs[0])
        assert inner == seg_xml


def test_units_with_empty_or_overlong_segments_are_counted() -> None:
    buf = io.BytesIO()
    w = TmxWriter(buf, srclang="en", profile=get_profile("trados"))
    assert not w.write(unit({"en": "   ", "hy": "բ"}))
    assert not w.write(unit({"en": "x" * 4001, "hy": "բ"}))
    assert w.write(unit({"en": "x" * 4000, "hy": "բ"}))
    w.close()
    assert w.counts == {"units": 1, "skipped_empty": 1, "skipped_long": 1, "skipped_illegal": 0, "illegal_chars": 0}


def test_escaping_helpers() -> None:
    assert escape_text("a<b>&c]]>") == "a&lt;b&gt;&amp;c]]&gt;"
    assert escape_attr('x"y\n\tz') == "x&quot;y&#10;&#9;z"
    assert tmx_date("2024-11-29T10:11:12Z") == "20241129T101112Z"
    assert tmx_date("2024-11-29") == "20241129T000000Z"
    assert tmx_date("garbage") is None


def test_unknown_profile_and_policy() -> None:
    with pytest.raises(UsageError, match="unknown TMX profile 'wordfast'; choose one of generic, omegat, memoq, trados, phrase"):
        get_profile("wordfast")
    with pytest.raises(UsageError, match="unknown policy"):
        TmxWriter(io.BytesIO(), srclang="en", profile=get_profile("generic"), illegal="drop")
