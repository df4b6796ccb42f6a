"""Sentence alignment (tmkit.align) and story alignment into units (tmkit.memory)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import DATA
from tmkit.align import Bead, LengthModel, align_documents, align_sentences, length_ratio
from tmkit.importers.articles import import_paths
from tmkit.memory import align_stories


def kinds(beads: list[Bead]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(b.src, b.tgt) for b in beads]


EN = ["Armenia froze its participation in the CSTO.",
      "The prime minister said so on Friday in Yerevan before flying to Brussels.",
      "Russia did not comment.",
      "Analysts expect further steps next year."]
RU = ["Армения заморозила участие в ОДКБ.",
      "Об этом премьер-министр заявил в пятницу в Ереване перед вылетом в Брюссель.",
      "Россия не прокомментировала.",
      "Аналитики ожидают дальнейших шагов в следующем году."]


def test_one_to_one() -> None:
    beads = align_sentences(EN, RU)
    assert kinds(beads) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), (3,))]
    assert all(0.0 <= b.score <= 1.0 for b in beads)
    assert [b.kind for b in beads] == ["1-1"] * 4


def test_merge_two_to_one() -> None:
    ru = [RU[0], RU[1] + " " + RU[2], RU[3]]
    beads = align_sentences(EN, ru)
    assert kinds(beads) == [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,))]
    assert beads[1].kind == "2-1"


def test_omission() -> None:
    beads = align_sentences(EN, RU[:2] + RU[3:])
    covered_src = [i for b in beads for i in b.src]
    covered_tgt = [j for b in beads for j in b.tgt]
    assert covered_src == [0, 1, 2, 3] and covered_tgt == [0, 1, 2]
    assert ((2,), ()) in kinds(beads) or ((2, 3), (2,)) in kinds(beads)


@pytest.mark.parametrize("src, tgt", [([], []), (["A."], []), ([], ["Б."])])
def test_empty_sides(src: list[str], tgt: list[str]) -> None:
    beads = align_sentences(src, tgt)
    assert [i for b in beads for i in b.src] == list(range(len(src)))
    assert [j for b in beads for j in b.tgt] == list(range(len(tgt)))
    assert all(b.score == 0.0 for b in beads)


def test_length_model() -> None:
    model = LengthModel(1.1)
    assert model.delta(100, 110) == pytest.approx(0.0, abs=1e-9)
    assert model.score(100, 110, (1, 1)) == pytest.approx(1.0)
    assert model.score(100, 300, (1, 1)) < 0.01
    assert model.score(100, 0, (1, 0)) == 0.0
    assert length_ratio(["aaaa"], ["aaaaaaaa"]) == 2.0
    assert length_ratio([], ["x"]) == 1.0


def test_documents_align_paragraph_by_paragraph() -> None:
    beads = align_documents([EN[:2], EN[2:]], [RU[:2], RU[2:]])
    assert kinds(beads) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), (3,))]


def test_story_alignment_builds_trilingual_units(store, tmp_path: Path) -> None:
    import_paths(store, [shutil.copytree(DATA / "mini-story", tmp_path / "s")])
    report = align_stories(store)
    [story] = report.stories
    assert (story.story, story.langs, len(story.units), story.triples) == ("s", ["en", "ru", "hy"], 5, 5)
    units = list(store.iter_units(langs=["en", "ru", "hy"]))
    assert [u.align_type for u in units] == ["1-1-1"] * 5
    assert [v.text for v in units[3].variants] == [
        "“We do not take part in the bloc’s meetings,” he told reporters in Yerevan.",
        "«Мы не участвуем в заседаниях блока», — сказал он журналистам в Ереване.",
        "«Մենք չենք մասնակցում դաշինքի նիստերին»,- Երևանում լրագրողներին ասաց նա։",
    ]
    # Re-aligning replaces the automatic units instead of adding more.
    align_stories(store)
    assert store.count_units() == 5
