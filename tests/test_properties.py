"""Property tests (hypothesis): segmenter, aligner, glossary look-up, match keys."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tmkit.align import align_sentences
from tmkit.errors import UsageError
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
