"""tmkit.anchors: what a sentence and its translation share, across three scripts."""

from __future__ import annotations

import pytest

from tmkit.anchors import features, name_skeletons, numbers, sentence_shape

# The same sentence in three languages must share these anchors.
TRIPLES = [
    ("The 44-day war of 2020 ended on 10 November.",
     "44-дневная война 2020 года завершилась 10 ноября.",
     "2020 թվականի 44-օրյա պատերազմն ավարտվեց նոյեմբերի 10-ին։",
     {"n:44", "n:2020", "n:10"}),
    ("Pashinyan met Aliyev in Brussels.",
     "Пашинян встретился с Алиевым в Брюсселе.",
     "Փաշինյանը Բրյուսելում հանդիպեց Ալիևի հետ։",
     {"s:pSn"}),
    ("Turnout was 12.7% (1,000,000 voters), see https://elections.am/2021.",
     "Явка составила 12,7% (1 000 000 избирателей), см. https://elections.am/2021.",
     "Մասնակցությունը 12,7% էր (1.000.000 ընտրող), տե՛ս https://elections.am/2021։",
     {"n:12.7", "n:1000000", "u:https://elections.am/2021", "p:("}),
    ("Will Armenia leave the CSTO?", "Выйдет ли Армения из ОДКБ?", "Հայաստանը դուրս կգա՞ ՀԱՊԿ-ից։", {"p:?"}),
]


@pytest.mark.parametrize("en, ru, hy, shared", TRIPLES, ids=[t[0][:20] for t in TRIPLES])
def test_translations_share_anchors(en: str, ru: str, hy: str, shared: set[str]) -> None:
    keys = [set(features(t).anchors) for t in (en, ru, hy)]
    assert shared <= keys[0] & keys[1] & keys[2], [sorted(k) for k in keys]


@pytest.mark.parametrize("text, expected", [
    ("in 2020 and 2024", ["2020", "2024"]),
    ("12.7% or 12,7%", ["12.7", "12.7"]),
    ("1,000 and 1 000 and 1.000", ["1000", "1000", "1000"]),
    ("44-day", ["44"]),
    ("no numbers here", []),
])
def test_numbers(text: str, expected: list[str]) -> None:
    assert numbers(text) == expected


def test_name_skeletons_across_scripts() -> None:
    assert name_skeletons("Пашиняну") == name_skeletons("Փաշինյանի") == name_skeletons("Pashinyan's")
    assert name_skeletons("the talks ended") == []  # lower-case words are not names


@pytest.mark.parametrize("text, marks", [
    ("Ի՞նչ է սա։", ["?"]),
    ("Was it a deal?", ["?"]),
    ("— Нет, — сказал он.", ["q"]),
    ("«Ոչ»,- ասաց նա։", ["q"]),
    ("The border (30 km) is set.", ["("]),
    ("A plain sentence.", []),
])
def test_sentence_shape(text: str, marks: list[str]) -> None:
    assert sentence_shape(text) == marks


def test_concepts_and_lexicon_keys_become_anchors() -> None:
    f = features("ОДКБ", concepts=["csto"], lexicon_keys=["x:7"])
    assert f.anchors["g:csto"] == 1 and f.anchors["x:7"] == 1
    assert f.length == 4


@pytest.mark.parametrize("text, key", [
    ("see https://elections.am/2021.", "u:https://elections.am/2021"),
    ("տե՛ս https://elections.am/2021։", "u:https://elections.am/2021"),
    ("(https://example.org/a)", "u:https://example.org/a"),
    ("https://en.wikipedia.org/wiki/CSTO_(organisation).", "u:https://en.wikipedia.org/wiki/csto_(organisation)"),
    ("«www.gov.am»", "u:www.gov.am"),
    ("write to press@mfa.am!", "u:press@mfa.am"),
])
def test_url_anchor_without_sentence_punctuation(text: str, key: str) -> None:
    assert [k for k in features(text).anchors if k.startswith("u:")] == [key]
