"""Story alignment into units (tmkit.memory): trilingual agreement, pivot resolution, re-alignment."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import DATA
from tmkit.align import Bead
from tmkit.importers.articles import import_paths
from tmkit.memory import align_stories, combine
from tmkit.review import repair, set_status


def B(src, tgt, score=0.9) -> Bead:
    return Bead(tuple(src), tuple(tgt), score)


def test_full_agreement_gives_trilingual_units() -> None:
    beads = {("en", "ru"): [B([0], [0]), B([1], [1])],
             ("en", "hy"): [B([0], [0]), B([1], [1])],
             ("ru", "hy"): [B([0], [0]), B([1], [1])]}
    units, triples, resolved = combine(["en", "ru", "hy"], beads)
    assert [u[0] for u in units] == [{"en": (0,), "ru": (0,), "hy": (0,)}, {"en": (1,), "ru": (1,), "hy": (1,)}]
    assert (triples, resolved) == (2, 0)


def test_two_confident_pairs_overrule_the_third_through_the_pivot() -> None:
    # en-ru and en-hy agree confidently; ru-hy merged two sentences wrongly.
    beads = {("en", "ru"): [B([0], [0], 0.95), B([1], [1], 0.9)],
             ("en", "hy"): [B([0], [0], 0.97), B([1], [1], 0.92)],
             ("ru", "hy"): [B([0, 1], [0], 0.4), B([], [1], 0.0)]}
    units, triples, resolved = combine(["en", "ru", "hy"], beads)
    assert [u[0] for u in units] == [{"en": (0,), "ru": (0,), "hy": (0,)}, {"en": (1,), "ru": (1,), "hy": (1,)}]
    assert (triples, resolved) == (2, 2)
    assert [u[1] for u in units] == [0.95, 0.9]


def test_weak_pairs_are_not_forced_and_leftovers_stay_bilingual() -> None:
    beads = {("en", "ru"): [B([0], [0], 0.3)],
             ("en", "hy"): [B([0], [0], 0.9)],
             ("ru", "hy"): [B([0], [1], 0.8), B([], [0], 0.0)]}
    units, triples, resolved = combine(["en", "ru", "hy"], beads)
    assert (triples, resolved) == (0, 0)
    assert [u[0] for u in units] == [{"en": (0,), "ru": (0,)}, {"en": (0,), "hy": (0,)}, {"ru": (0,), "hy": (1,)}]


def test_two_languages_only() -> None:
    units, triples, _ = combine(["en", "hy"], {("en", "hy"): [B([0], [0]), B([1, 2], [1])]})
    assert [u[0] for u in units] == [{"en": (0,), "hy": (0,)}, {"en": (1, 2), "hy": (1,)}]
    assert triples == 0


def test_realignment_keeps_confirmed_rejected_and_manual_units(store, tmp_path: Path) -> None:
    import_paths(store, [shutil.copytree(DATA / "mini-story", tmp_path / "s")])
    align_stories(store)
    units = list(store.iter_units(langs=["en", "ru", "hy"]))
    assert len(units) == 5
    set_status(store, [units[0].id], "confirmed")
    set_status(store, [units[1].id], "rejected")
    segs = {lang: store.segments(store.article(1, lang)["id"]) for lang in ("en", "ru", "hy")}
    manual = repair(store, [segs["en"][3]["id"], segs["ru"][3]["id"]])
    report = align_stories(store)
    after = {u.id: u for u in store.iter_units(langs=["en", "ru", "hy"], require=["en"], min_langs=2,
                                                statuses=None)}
    assert after[units[0].id].status == "confirmed"
    assert after[units[1].id].status == "rejected"
    assert after[manual].origin == "manual" and after[manual].status == "confirmed"
    # the rejected pairing is not created again, the confirmed segments are not re-used
    texts = [tuple(v.text for v in u.variants) for u in after.values()]
    assert len(texts) == len(set(texts))
    assert report.stories[0].units  # segment 4 (and the hy side of 3) are aligned again
