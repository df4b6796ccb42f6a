"""Sentence alignment (tmkit.align): beads, scores, the corpus passes, degenerate input."""

from __future__ import annotations

import time

import pytest

from conftest import ntrex_documents, ntrex_lines
from tmkit.align import (
    REVIEW_THRESHOLD,
    AlignModel,
    Bead,
    align_corpus,
    align_documents,
    align_features,
    align_sentences,
    length_ratio,
)
from tmkit.anchors import features


def spans(beads: list[Bead]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(b.src, b.tgt) for b in beads]


EN = ["Armenia froze its participation in the CSTO in February 2024.",
      "The prime minister said so on Friday in Yerevan before flying to Brussels.",
      "Russia did not comment.",
      "Analysts expect further steps next year, when the EAEU summit takes place."]
RU = ["Армения заморозила участие в ОДКБ в феврале 2024 года.",
      "Об этом премьер-министр заявил в пятницу в Ереване перед вылетом в Брюссель.",
      "Россия не прокомментировала.",
      "Аналитики ожидают дальнейших шагов в следующем году, когда пройдет саммит ЕАЭС."]
HY = ["Հայաստանը 2024 թվականի փետրվարին սառեցրեց իր մասնակցությունը ՀԱՊԿ-ին։",
      "Այդ մասին վարչապետը ուրբաթ օրը հայտարարեց Երևանում՝ Բրյուսել մեկնելուց առաջ։",
      "Ռուսաստանը չմեկնաբանեց։",
      "Վերլուծաբանները հետագա քայլեր են սպասում հաջորդ տարի, երբ կկայանա ԵԱՏՄ գագաթնաժողովը։"]


@pytest.mark.parametrize("tgt", [RU, HY])
def test_one_to_one(tgt: list[str]) -> None:
    beads = align_sentences(EN, tgt)
    assert spans(beads) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), (3,))]
    assert [b.kind for b in beads] == ["1-1"] * 4
    assert all(REVIEW_THRESHOLD < b.score <= 1.0 for b in beads)


def test_merge_two_to_one() -> None:
    ru = [RU[0], RU[1] + " " + RU[2], RU[3]]
    beads = align_sentences(EN, ru)
    assert spans(beads) == [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,))]
    assert beads[1].kind == "2-1"


def test_omission_is_a_one_to_zero_bead() -> None:
    en = EN[:2] + ["The Kremlin did not comment."] + EN[3:]
    beads = align_sentences(en, [RU[0], RU[1], RU[3]])
    assert spans(beads) == [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2,))]
    assert beads[2].score == 0.0


def test_numbers_and_names_place_the_omission() -> None:
    # Lengths cannot tell which English sentence has no translation; 2025, Aliyev/Ալիև
    # and Prague/Պրահա can.
    en = ["Pashinyan spoke in 2024.", "Aliyev replied in 2025.", "Both met in Prague later."]
    hy = ["Ալիևը պատասխանեց 2025-ին։", "Երկուսն էլ հետո հանդիպեցին Պրահայում։"]
    assert spans(align_sentences(en, hy)) == [((0,), ()), ((1,), (0,)), ((2,), (1,))]
    assert spans(align_sentences(en, hy, lexical=False)) != [((0,), ()), ((1,), (0,)), ((2,), (1,))]


@pytest.mark.parametrize("src, tgt", [([], []), (["A."], []), ([], ["Բ։"])])
def test_empty_sides(src: list[str], tgt: list[str]) -> None:
    beads = align_sentences(src, tgt)
    assert [i for b in beads for i in b.src] == list(range(len(src)))
    assert [j for b in beads for j in b.tgt] == list(range(len(tgt)))
    assert all(b.score == 0.0 for b in beads)


def test_summary_against_full_article_is_sensible() -> None:
    """A two-sentence summary against a long article: every sentence placed once, no crash."""
    long_article = [f"Paragraph {i} of the article discusses the border talks at length." for i in range(60)]
    summary = ["Армения и Азербайджан продолжили переговоры о границе.", "Итоги подведут позже."]
    beads = align_sentences(long_article, summary)
    assert [i for b in beads for i in b.src] == list(range(60))
    assert [j for b in beads for j in b.tgt] == [0, 1]


def test_same_language_on_both_sides() -> None:
    beads = align_sentences(EN, EN)
    assert spans(beads) == [((i,), (i,)) for i in range(4)]
    assert min(b.score for b in beads) > 0.9


def test_large_input_is_linear_and_bounded() -> None:
    """10,000 sentences per side finish well within a minute (banded programme)."""
    src = [f"Sentence number {i} says something about {i % 7} things." for i in range(10_000)]
    tgt = [f"Предложение номер {i} говорит о {i % 7} вещах." for i in range(10_000)]
    model = AlignModel(ratio=length_ratio(src, tgt), lexical=False)
    t0 = time.perf_counter()
    beads = align_features([features(s) for s in src], [features(t) for t in tgt], model)
    assert time.perf_counter() - t0 < 60
    assert len(beads) == 10_000 and all(b.kind == "1-1" for b in beads)


def test_documents_keep_indices_document_wide() -> None:
    beads = align_documents([EN[:2], EN[2:]], [RU[:2], RU[2:]])
    assert spans(beads) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), (3,))]


def test_corpus_fit_learns_ratio_priors_and_lexicon() -> None:
    lines = ntrex_lines()
    docs = [([lines["en"][i] for i in idx], [lines["hy"][i] for i in idx]) for _, idx in ntrex_documents()[:40]]
    results, model = align_corpus(docs)
    assert 0.9 < model.ratio < 1.3
    assert model.priors[(1, 1)] > 0.8
    assert len(model.lexicon) > 200
    # The first 40 documents, presegmented and 1-1 by construction, align exactly.
    wrong = sum(1 for (src, _), beads in zip(docs, results)
                for b in beads if (b.src, b.tgt) != ((b.src[0],), (b.src[0],)) if b.src)
    assert wrong == 0
