"""tmkit.tokenize: word tokens for matching, search and term look-up."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tmkit.tokenize import fold, match_tokens, spans, words


@pytest.mark.parametrize("text, expected", [
    ("Ի՞նչ է ասել Փաշինյանը", ["Ի՞նչ", "է", "ասել", "Փաշինյանը"]),
    ("ՀԱՊԿ-ից դուրս գալ", ["ՀԱՊԿից", "դուրս", "գալ"]),
    ("ԵՄ-ին անդամակցության", ["ԵՄին", "անդամակցության"]),
    ("в ЕАЭС-е и ОДКБ‑шный", ["в", "ЕАЭСе", "и", "ОДКБшный"]),
    ("CSTO-led forces", ["CSTO", "led", "forces"]),
    ("Nagorno-Karabakh", ["Nagorno", "Karabakh"]),
    ("Pashinyan's don't", ["Pashinyan's", "don't"]),
    ("«ёлочки» — 44-дневной", ["ёлочки", "44", "дневной"]),
    ("Տավուշ_2024", ["Տավուշ", "2024"]),
])
def test_words(text: str, expected: list[str]) -> None:
    assert words(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("ՀԱՊԿ-ից դուրս", [(0, 7, "ՀԱՊԿից"), (8, 13, "դուրս")]),
    ("в ЕАЭС‑е", [(0, 1, "в"), (2, 8, "ЕАЭСе")]),
    ("CSTO-led", [(0, 4, "CSTO"), (5, 8, "led")]),
    ("x'ՀԱՊԿ-ից", [(0, 9, "x'ՀԱՊԿից")]),  # an apostrophe joins as in words()
    ("ՀԱՊԿ-ից'ա ЕС-е", [(0, 9, "ՀԱՊԿից'ա"), (10, 14, "ЕСе")]),
])
def test_spans_cover_the_hyphenated_ending(text: str, expected) -> None:
    assert spans(text) == expected


ABBR_TEXT = st.lists(st.sampled_from(["ՀԱՊԿ", "ԵՄ", "ОДКБ", "CSTO", "-", "‑", "\u058a", "ից", "ին", "е", "led",
                                      " ", "Ի՞նչ", "don't", "'", "’", "x", "ա", "_", "44", "՞"]), max_size=14).map("".join)


@settings(max_examples=1000, deadline=None)
@given(st.one_of(ABBR_TEXT, st.text(max_size=40)))
def test_spans_give_the_same_words(text: str) -> None:
    """Terms are keyed with words() and found in texts with spans(): they must agree."""
    got = spans(text)
    assert [w for _, _, w in got] == words(text)
    for start, end, word in got:  # a joined token spans its hyphen, nothing else
        assert "".join(ch for ch in text[start:end] if ch not in "-\u058a‐‑") == word


@pytest.mark.parametrize("word, expected", [
    ("ЁЛКА", "елка"), ("Ի՞նչ", "ինչ"), ("և", "եւ"), ("Pashinyan’s", "pashinyans"),
])
def test_fold(word: str, expected: str) -> None:
    assert fold(word) == expected


def test_match_tokens_count_punctuation() -> None:
    assert match_tokens("pashinyan said, «no».") == ["pashinyan", "said", ",", "«", "no", "»", "."]
