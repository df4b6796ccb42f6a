"""Property tests (hypothesis): segmenter, aligner, glossary look-up, match keys."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tmkit.align import align_sentences
from tmkit.errors import UsageError
from tmkit.formats.tmx import ILLEGAL_XML_RE
from tmkit.normalize import match_key
from tmkit.segment import split_paragraphs, split_sentences

# Text that looks like news in our three scripts: words, numbers, the punctuation that
# drives segmentation, quotes, Armenian marks, initials — and some arbitrary characters.
WORD = st.sampled_from([
    "Армения", "ОДКБ", "г.", "т.е.", "В.", "Путин", "заявил", "Հայաստանը", "ՀԱՊԿ-ից", "Ի՞նչ", "ասաց.", "է։",
    "Pashinyan", "U.S.", "Mr.", "e.g.", "N.", "said:", "12.7", "2024", "44-day", "…", "?!", "«Нет!»", "“Yes.”",
    "-", "—", ":", ".", "?", "!", "։", "՝", "(see", "it)", "https://example.am/a.b", "a@b.am", "ёлка", "և",
])
TEXT = st.lists(st.one_of(WORD, st.text(min_size=1, max_size=6)), min_size=1, max_size=40).map(" ".join)
LANGS = st.sampled_from(["en", "ru", "hy"])


def non_space(s: str) -> str:
    return "".join(s.split())


@settings(max_examples=300, deadline=None)
@given(TEXT, LANGS)
def test_segments_give_back_the_text(text: str, lang: str) -> None:
    segments = split_sentences(text, lang)
    assert "".join(non_space(s) for s in segments) == non_space(text)
    assert all(s and s == s.strip() for s in segments)


@settings(max_examples=300, deadline=None)
@given(TEXT, LANGS)
def test_segmenting_is_idempotent(text: str, lang: str) -> None:
    for s in split_sentences(text, lang):
        assert split_sentences(s, lang) == [s]


@settings(max_examples=200, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=6).map("\n\n".join))
def test_paragraphs_keep_every_character(text: str) -> None:
    paras = split_paragraphs(text)
    assert all(p.strip() for p in paras)
    joined = non_space("".join(paras))
    # list markers are the only thing paragraph splitting may drop
    assert len(joined) >= len(non_space(text)) - 2 * len(paras)


SENTENCES = st.lists(TEXT, min_size=0, max_size=12)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SENTENCES, SENTENCES)
def test_every_sentence_in_exactly_one_bead_in_order(src: list[str], tgt: list[str]) -> None:
    beads = align_sentences(src, tgt)
    assert [i for b in beads for i in b.src] == list(range(len(src)))
    assert [j for b in beads for j in b.tgt] == list(range(len(tgt)))
    assert all(0.0 <= b.score <= 1.0 for b in beads)
    assert all(b.src or b.tgt for b in beads)


@pytest.fixture(scope="module")
def gstore(tmp_path_factory):
    from conftest import ROOT
    from tmkit.glossary import load
    from tmkit.store import open_store

    from tmkit.glossary import TermIndex

    store = open_store(tmp_path_factory.mktemp("gp") / "g.db")
    load(store, ROOT / "glossary")
    store.index = TermIndex.from_store(store)
    yield store
    store.close()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.text(max_size=80), TEXT))
def test_glossary_lookup_never_fails_on_any_string(gstore, query: str) -> None:
    from tmkit.glossary import lookup

    try:
        result = lookup(gstore, query)
    except UsageError:
        assert not any(ch.isalnum() for ch in query)  # only empty or punctuation-only queries
        return
    assert isinstance(result.concepts, list)
    gstore.index.scan(query)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=100))
def test_match_key_is_idempotent_and_single_spaced(text: str) -> None:
    key = match_key(text)
    assert match_key(key) == key
    assert "  " not in key and key == key.strip()


# -- TMX: export -> import keeps every text ------------------------------------------------
# Any Unicode scalar value (lone surrogates are not text and cannot be stored), weighted
# towards what breaks XML writers: markup characters, "]]>", astral characters, bidi marks,
# zero-width characters, XML-illegal C0 controls, U+FFFE/U+FFFF, CR and tabs.
NASTY = st.sampled_from([
    "<", ">", "&", "&amp;", "]]>", "<seg>", '"', "'", "\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1f", "\x7f",
    "\ufffe", "\uffff", "\ufffd", "\r", "\r\n", "\t", "\u200b", "\u200c", "\u200d", "\ufeff", "\u200e", "\u200f",
    "\u202e", "\u2066", "\u0600", "שלום", "\U0001f600", "\U00010348", "\U000e0001", "𝔸", "Ի՞նչ", "ОДКБ", "  ", "\n",
])
TMX_TEXT = st.lists(st.one_of(NASTY, st.text(st.characters(blacklist_categories=("Cs",)), max_size=8)),
                    min_size=1, max_size=12).map("".join).filter(lambda s: s.strip() != "")
PAIRS = st.lists(st.tuples(TMX_TEXT, TMX_TEXT, TMX_TEXT), min_size=1, max_size=6)
# what each policy must give back: every text, U+FFFD for each illegal character, or
# only the units without one
EXPECTED = {
    "tag": lambda units: units,
    "replace": lambda units: [tuple(ILLEGAL_XML_RE.sub("\ufffd", t) for t in u) for u in units],
    "skip": lambda units: [u for u in units if not any(ILLEGAL_XML_RE.search(t) for t in u)],
}


def _roundtrip(units: list[tuple[str, ...]], langs: list[str], illegal: str):
    """Store ``units``, export them as TMX, import the file into a new memory; return
    (texts read back, export report, import report, file bytes)."""
    import tempfile
    from pathlib import Path

    from tmkit.export import export_tmx
    from tmkit.importers.tmx import import_tmx
    from tmkit.models import NewUnit, NewVariant
    from tmkit.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.tmx"
        with open_store(Path(tmp) / "a.db") as store:
            with store.transaction():
                store.add_units([NewUnit(origin="manual", variants=[NewVariant(lang, text) for lang, text
                                                                    in zip(langs, texts)]) for texts in units])
            exported = export_tmx(store, out, langs, illegal=illegal, parallel=False)
        data = out.read_bytes()
        with open_store(Path(tmp) / "b.db") as store:
            imported = import_tmx(store, out, on_duplicate="keep-both")
            back = [tuple(u.variant(lang).text for lang in langs) for u in store.iter_units(langs=langs)]
    return back, exported, imported, data


def _valid(data: bytes, dtd) -> None:
    from lxml import etree

    tree = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    assert dtd.validate(tree), dtd.error_log.filter_from_errors()


@pytest.mark.parametrize("policy, langs", [("tag", ["en", "hy"]), ("tag", ["en", "ru", "hy"]),
                                           ("replace", ["en", "ru"]), ("skip", ["hy", "ru"])],
                         ids=["tag-pair", "tag-multilingual", "replace", "skip"])
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(units=PAIRS)
def test_tmx_round_trip_by_illegal_character_policy(tmx_dtd, policy: str, langs: list[str], units) -> None:
    units = [u[:len(langs)] for u in units]
    back, exported, imported, data = _roundtrip(units, langs, policy)
    _valid(data, tmx_dtd)
    expected = EXPECTED[policy](units)
    assert back == expected
    assert exported.counts["units"] == imported.imported == len(expected)
    assert exported.counts["skipped_illegal"] == len(units) - len(expected)
    illegal = sum(len(ILLEGAL_XML_RE.findall(t)) for u in units for t in u)
    assert exported.counts["illegal_chars"] == (0 if policy == "skip" else illegal)
