"""Building the translation memory from stored stories.

Every language pair is aligned over all the stories at once (:func:`tmkit.align.align_corpus`),
so the length model, the bead priors and the learned lexicon come from the whole corpus.
Glossary terms found in the sentences serve as anchors when a glossary is loaded.

The pairwise beads of a story in three languages are then combined:

- where the en-ru, en-hy and ru-hy beads cover the same sentences, one trilingual unit;
- where two pairs through one language agree confidently and the third pair disagrees,
  the third is overruled through that pivot language (counted as *resolved*);
- the remaining beads become bilingual units.

Re-aligning a story replaces its automatic units and keeps confirmed and rejected ones.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from tmkit.align import REVIEW_THRESHOLD, Bead, align_corpus
from tmkit.errors import NotFoundError
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
    resolved: int = 0

    @property
    def mean_score(self) -> float | None:
        scores = [u.score for u in self.units if u.score is not None]
        return sum(scores) / len(scores) if scores else None

    @property
    def to_review(self) -> int:
        return sum(1 for u in self.units if u.score is not None and u.score < REVIEW_THRESHOLD)


@dataclass
class AlignReport:
    """Counts of one ``tmkit align`` run."""

    stories: list[StoryAlignment] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    deleted: int = 0
    lexicon: dict[str, int] = field(default_factory=dict)

    @property
    def units(self) -> int:
        return sum(len(s.units) for s in self.stories)

    def summary(self) -> str:
        triples = sum(s.triples for s in self.stories)
        resolved = sum(s.resolved for s in self.stories)
        review = sum(s.to_review for s in self.stories)
        scores = [u.score for s in self.stories for u in s.units if u.score is not None]
        mean = f", mean score {sum(scores) / len(scores):.3f}" if scores else ""
        return (f"aligned {len(self.stories)} stories: {self.units} units ({triples} trilingual, "
                f"{resolved} resolved through a pivot language){mean}; {review} to review "
                f"(score < {REVIEW_THRESHOLD})")


def _segment_texts(segments: Sequence[dict[str, Any]]) -> list[str]:
    return [s["text"] for s in segments]


def combine(
    langs: Sequence[str],
    pair_beads: dict[tuple[str, str], list[Bead]],
    threshold: float = REVIEW_THRESHOLD,
) -> tuple[list[tuple[dict[str, tuple[int, ...]], float]], int, int]:
    """Combine pairwise beads into units ``({lang: sentence indices}, score)``.

    Returns (units, trilingual count, resolved count); see the module docstring.
    """
    units: list[tuple[dict[str, tuple[int, ...]], float]] = []
    used: dict[str, set[int]] = {lang: set() for lang in langs}
    triples = resolved = 0

    def complete(beads: list[Bead]) -> list[Bead]:
        return [b for b in beads if b.src and b.tgt]

    if len(langs) >= 3:
        a, b, c = langs[:3]
        ab = {x.src: x for x in complete(pair_beads[(a, b)])}
        ac = {x.src: x for x in complete(pair_beads[(a, c)])}
        bc_exact = {(x.src, x.tgt): x for x in complete(pair_beads[(b, c)])}
        ba = {x.tgt: x for x in complete(pair_beads[(a, b)])}
        bc = {x.src: x for x in complete(pair_beads[(b, c)])}
        ca_ = {x.tgt: x for x in complete(pair_beads[(a, c)])}
        cb = {x.tgt: x for x in complete(pair_beads[(b, c)])}
        candidates: list[tuple[dict[str, tuple[int, ...]], float, bool]] = []
        # full agreement of all three pairs
        for key, x in ab.items():
            y = ac.get(key)
            if y is None:
                continue
            z = bc_exact.get((x.tgt, y.tgt))
            if z is not None:
                candidates.append(({a: key, b: x.tgt, c: y.tgt}, (x.score + y.score + z.score) / 3, False))
        # two confident pairs through a pivot; the third pair is overruled
        for pivot, left, right in ((a, ab, ac), (b, ba, bc), (c, ca_, cb)):
            for key, x in left.items():
                y = right.get(key)
                if y is None or x.score < threshold or y.score < threshold:
                    continue
                if pivot == a:
                    spans = {a: key, b: x.tgt, c: y.tgt}
                elif pivot == b:
                    spans = {a: x.src, b: key, c: y.tgt}
                else:
                    spans = {a: x.src, b: y.src, c: key}
                candidates.append((spans, min(x.score, y.score), True))
        for spans, score, via_pivot in candidates:
            if any(used[lang].intersection(idx) for lang, idx in spans.items()):
                continue
            units.append((spans, score))
            for lang, idx in spans.items():
                used[lang].update(idx)
            triples += 1
            resolved += via_pivot
    for (a, b), beads in pair_beads.items():
        for bead in complete(beads):
            if used[a].intersection(bead.src) or used[b].intersection(bead.tgt):
                continue
            units.append(({a: bead.src, b: bead.tgt}, bead.score))
    units.sort(key=lambda u: min((lang_order(lang), min(idx)) for lang, idx in u[0].items()))
    return units, triples, resolved


def _keeps(unit: NewUnit, confirmed: set[int], rejected: set[frozenset[int]]) -> bool:
    segs = frozenset(s for v in unit.variants for s in v.segment_ids)
    return not (segs & confirmed) and segs not in rejected


def lang_order(lang: str) -> int:
    return LANGS.index(lang) if lang in LANGS else len(LANGS)


def align_stories(
    store: Any,
    stories: Iterable[str] | None = None,
    progress: Callable[[Iterable[Any], int | None, str], Iterable[Any]] | None = None,
) -> AlignReport:
    """Align every story (or the given slugs) that has more than one language."""
    from tmkit.glossary import TermIndex

    report = AlignReport()
    wanted = set(stories) if stories else None
    rows = [s for s in store.stories() if wanted is None or s["slug"] in wanted]
    if wanted:
        missing = wanted - {s["slug"] for s in rows}
        if missing:
            raise NotFoundError(f"no story {sorted(missing)[0]!r}; `tmkit stats` lists the stories")
    wrap = progress or (lambda it, n, label: it)
    index = TermIndex.from_store(store)
    concepts = index.concept_ids if len(index) else None

    # Gather every story's segments, then align each language pair over the whole corpus.
    stories_data = []
    for row in rows:
        articles = {a["lang"]: a for a in store.articles(row["id"])}
        if len(articles) < 2:
            report.skipped.append(row["slug"])
            continue
        segments = {lang: store.segments(a["id"]) for lang, a in articles.items()}
        langs = sorted((lang for lang in segments if segments[lang]), key=lang_order)
        stories_data.append((row, articles, segments, langs))
    pair_docs: dict[tuple[str, str], list[int]] = {}
    for k, (_, _, _, langs) in enumerate(stories_data):
        for pair in combinations(langs, 2):
            pair_docs.setdefault(pair, []).append(k)
    beads_by_story: dict[int, dict[tuple[str, str], list[Bead]]] = {k: {} for k in range(len(stories_data))}
    for pair, ks in wrap(list(pair_docs.items()), len(pair_docs), "aligning"):
        a, b = pair
        docs = [(_segment_texts(stories_data[k][2][a]), _segment_texts(stories_data[k][2][b])) for k in ks]
        results, model = align_corpus(docs, concepts=concepts)
        report.lexicon[f"{a}-{b}"] = len(model.lexicon)
        for k, beads in zip(ks, results):
            beads_by_story[k][pair] = beads

    for k, (row, articles, segments, langs) in enumerate(stories_data):
        result = StoryAlignment(story=row["slug"], langs=langs, pair_beads=beads_by_story[k])
        combined, result.triples, result.resolved = combine(langs, beads_by_story[k])
        first = articles[langs[0]]
        for spans, score in combined:
            variants = []
            for lang in sorted(spans, key=lang_order):
                segs = [segments[lang][i] for i in spans[lang]]
                variants.append(NewVariant(lang=lang, text=" ".join(s["text"] for s in segs),
                                           segment_ids=[s["id"] for s in segs], article_id=articles[lang]["id"]))
            result.units.append(NewUnit(
                variants=variants, origin="aligned", status="auto", score=round(score, 4),
                align_type="-".join(str(len(v.segment_ids)) for v in variants), story_id=row["id"],
                outlet=first.get("outlet"), published=first.get("published"),
            ))
        with store.transaction():
            report.deleted += store.delete_units(row["id"], origin="aligned", statuses=("auto",))
            confirmed, rejected = store.reviewed_segments(row["id"])
            result.units = [u for u in result.units if _keeps(u, confirmed, rejected)]
            store.add_units(result.units)
        report.stories.append(result)
    return report
