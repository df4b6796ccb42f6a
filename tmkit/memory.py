"""Building the translation memory from stored stories.

For every story with articles in two or more languages, each language pair is aligned
(:mod:`tmkit.align`), and the pairwise beads are combined: where the en-ru, en-hy and
ru-hy beads agree on the same sentences, one trilingual unit is stored; beads that do
not take part in such a triple become bilingual units. Re-aligning a story replaces its
automatic units and keeps the ones a maintainer confirmed or rejected.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from tmkit.align import Bead, align_documents
from tmkit.langs import LANGS
from tmkit.models import NewUnit, NewVariant


@dataclass
class StoryAlignment:
    """The result of aligning one story."""

    story: str
    langs: list[str]
    units: list[NewUnit] = field(default_factory=list)
    pair_beads: dict[tuple[str, str], list[Bead]] = field(default_factory=dict)
    triples: int = 0

    @property
    def mean_score(self) -> float | None:
        scores = [u.score for u in self.units if u.score is not None]
        return sum(scores) / len(scores) if scores else None


@dataclass
class AlignReport:
    """Counts of one ``tmkit align`` run."""

    stories: list[StoryAlignment] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    deleted: int = 0

    @property
    def units(self) -> int:
        return sum(len(s.units) for s in self.stories)

    def summary(self) -> str:
        triples = sum(s.triples for s in self.stories)
        scores = [u.score for s in self.stories for u in s.units if u.score is not None]
        mean = f", mean score {sum(scores) / len(scores):.3f}" if scores else ""
        return (f"aligned {len(self.stories)} stories: {self.units} units "
                f"({triples} trilingual){mean}")


def _paragraphs(segments: Sequence[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    paras: list[list[dict[str, Any]]] = []
    last = None
    for seg in segments:
        if seg["paragraph"] != last:
            paras.append([])
            last = seg["paragraph"]
        paras[-1].append(seg)
    return paras


def align_story_segments(
    story: str,
    segments: dict[str, list[dict[str, Any]]],
    articles: dict[str, dict[str, Any]],
    story_id: int | None = None,
) -> StoryAlignment:
    """Align the segments of one story (``{lang: [segment rows]}``) into new units."""
    langs = [lang for lang in LANGS if segments.get(lang)] + sorted(
        lang for lang in segments if lang not in LANGS and segments[lang])
    result = StoryAlignment(story=story, langs=langs)
    paragraphs = {lang: _paragraphs(segments[lang]) for lang in langs}
    for a, b in combinations(langs, 2):
        result.pair_beads[(a, b)] = align_documents(
            [[s["text"] for s in p] for p in paragraphs[a]],
            [[s["text"] for s in p] for p in paragraphs[b]],
        )
    used: dict[str, set[int]] = {lang: set() for lang in langs}

    def variant(lang: str, idx: tuple[int, ...]) -> NewVariant:
        segs = [segments[lang][k] for k in idx]
        return NewVariant(lang=lang, text=" ".join(s["text"] for s in segs),
                          segment_ids=[s["id"] for s in segs], article_id=articles[lang]["id"])

    first = articles[langs[0]] if langs else {}

    def unit(variants: list[NewVariant], score: float) -> NewUnit:
        return NewUnit(
            variants=variants, origin="aligned", status="auto", score=round(score, 4),
            align_type="-".join(str(len(v.segment_ids)) for v in variants), story_id=story_id,
            outlet=first.get("outlet"), published=first.get("published"),
        )

    if len(langs) >= 3:
        a, b, c = langs[:3]
        ab = {bead.src: bead for bead in result.pair_beads[(a, b)] if bead.src and bead.tgt}
        bc = {(bead.src, bead.tgt): bead for bead in result.pair_beads[(b, c)] if bead.src and bead.tgt}
        for ac in result.pair_beads[(a, c)]:
            if not ac.src or not ac.tgt or ac.src not in ab:
                continue
            x = ab[ac.src]
            y = bc.get((x.tgt, ac.tgt))
            if y is None:
                continue
            result.units.append(unit([variant(a, ac.src), variant(b, x.tgt), variant(c, ac.tgt)],
                                     min(ac.score, x.score, y.score)))
            used[a].update(ac.src)
            used[b].update(x.tgt)
            used[c].update(ac.tgt)
            result.triples += 1
    for (a, b), beads in result.pair_beads.items():
        for bead in beads:
            if not bead.src or not bead.tgt:
                continue
            if used[a].intersection(bead.src) and used[b].intersection(bead.tgt):
                continue  # already part of a trilingual unit
            result.units.append(unit([variant(a, bead.src), variant(b, bead.tgt)], bead.score))
    result.units.sort(key=lambda u: min(min(v.segment_ids) for v in u.variants))
    return result


def align_stories(
    store: Any,
    stories: Iterable[str] | None = None,
    progress: Callable[[Iterable[Any], int, str], Iterable[Any]] | None = None,
) -> AlignReport:
    """Align every story (or the given slugs) that has more than one language."""
    report = AlignReport()
    wanted = set(stories) if stories else None
    rows = [s for s in store.stories() if wanted is None or s["slug"] in wanted]
    if wanted:
        missing = wanted - {s["slug"] for s in rows}
        if missing:
            from tmkit.errors import NotFoundError

            raise NotFoundError(f"no story {sorted(missing)[0]!r}; `tmkit stats` lists the stories")
    wrap = progress or (lambda it, n, label: it)
    for row in wrap(rows, len(rows), "aligning"):
        articles = {a["lang"]: a for a in store.articles(row["id"])}
        if len(articles) < 2:
            report.skipped.append(row["slug"])
            continue
        segments = {lang: store.segments(a["id"]) for lang, a in articles.items()}
        result = align_story_segments(row["slug"], segments, articles, story_id=row["id"])
        with store.transaction():
            report.deleted += store.delete_units(row["id"], origin="aligned", statuses=("auto",))
            kept = store.reviewed_segment_sets(row["id"])
            result.units = [u for u in result.units
                            if frozenset(s for v in u.variants for s in v.segment_ids) not in kept]
            store.add_units(result.units)
        report.stories.append(result)
    return report
