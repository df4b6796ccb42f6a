"""A new document against the memory: the CAT analysis table and pre-translation.

The document is segmented by tmkit's own segmenter, each segment is matched
(:class:`tmkit.search.Matcher`) and counted in the standard bands: repetitions (a
segment seen earlier in the same document), 101% (identical, same previous segment),
100%, 95–99, 85–94, 75–84, 50–74 and no match, with segments and source words per band.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tmkit.errors import InputError
from tmkit.normalize import match_key
from tmkit.search import Match, Matcher
from tmkit.tokenize import words

BANDS = ("repetitions", "101%", "100%", "95-99%", "85-94%", "75-84%", "50-74%", "no match")


def band_of(percent: int | None) -> str:
    """The analysis band of a match percentage (None: no match)."""
    if percent is None or percent < 50:
        return "no match"
    if percent >= 101:
        return "101%"
    if percent == 100:
        return "100%"
    for low, name in ((95, "95-99%"), (85, "85-94%"), (75, "75-84%")):
        if percent >= low:
            return name
    return "50-74%"


@dataclass
class SegmentResult:
    """One segment of the document and what the memory offers for it."""

    index: int
    text: str
    words: int
    band: str
    match: Match | None = None
    terms: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Analysis:
    """The analysis of one document."""

    path: str
    src: str
    tgt: str
    segments: list[SegmentResult]

    def table(self) -> dict[str, dict[str, int]]:
        """``{band: {"segments": n, "words": n}}`` in band order, plus ``total``."""
        out = {b: {"segments": 0, "words": 0} for b in BANDS}
        for s in self.segments:
            out[s.band]["segments"] += 1
            out[s.band]["words"] += s.words
        out["total"] = {"segments": len(self.segments), "words": sum(s.words for s in self.segments)}
        return out


def analyze(
    store: Any,
    path: str | os.PathLike[str],
    src: str,
    tgt: str,
    *,
    encoding: str | None = None,
    terms: bool = False,
    progress: Callable[[Iterable[Any], int | None, str], Iterable[Any]] | None = None,
) -> Analysis:
    """Segment ``path`` and match every segment against the memory."""
    from tmkit.importers.articles import parse_article

    article = parse_article(path, src, encoding=encoding, story="-")
    sentences = [s for para in article.paragraphs for s in para]
    if store.count_pair_units(src, tgt) == 0:
        raise InputError(f"the memory has no {src}-{tgt} units to match against; import and align first")
    matcher = Matcher(store, src, tgt)
    index = None
    if terms:
        from tmkit.glossary import TermIndex

        index = TermIndex.from_store(store)
    seen: dict[str, Match | None] = {}
    results = []
    wrap = progress or (lambda it, n, label: it)
    for i, sentence in enumerate(wrap(sentences, len(sentences), "matching")):
        key = match_key(sentence)
        n_words = len(words(sentence))
        hits = [h.__dict__ for h in index.scan(sentence)] if index is not None else []
        if key in seen:
            # counted as a repetition; it gets the translation of its first occurrence
            results.append(SegmentResult(i, sentence, n_words, "repetitions", seen[key], terms=hits))
            continue
        best = matcher.match(sentence, min_percent=50, limit=1, previous=sentences[i - 1] if i else None)
        m = best[0] if best else None
        seen[key] = m
        results.append(SegmentResult(i, sentence, n_words, band_of(m.percent if m else None), m, hits))
    return Analysis(path=str(path), src=src, tgt=tgt, segments=results)


def write_pretranslation(analysis: Analysis, base: str | os.PathLike[str], profile: str = "generic") -> tuple[Path, Path]:
    """Write ``base.tsv`` (every segment: source, proposed target, match %) and ``base.tmx``
    (the memory units that matched, with the match percentage as a prop)."""
    from tmkit.formats.profiles import get_profile
    from tmkit.formats.tmx import TmxWriter
    from tmkit.models import ExportUnit, ExportVariant
    from tmkit.store import utcnow

    base = Path(base)
    if not base.parent.exists():
        raise InputError(f"{base}: folder {base.parent} does not exist")
    tsv, tmx = base.with_name(base.name + ".tsv"), base.with_name(base.name + ".tmx")
    lines = io.StringIO()
    for s in analysis.segments:
        target = s.match.target if s.match else ""
        pct = s.match.percent if s.match else 0
        row = [s.text, target, str(pct)]
        if s.terms:
            row.append("; ".join(f"{t['found']}={t['concept']}" for t in s.terms))
        lines.write("\t".join(cell.replace("\t", " ").replace("\n", " ") for cell in row) + "\n")
    tsv.write_text(lines.getvalue(), encoding="utf-8")
    now = utcnow()
    with open(tmx, "wb") as fh:
        writer = TmxWriter(fh, srclang=analysis.src, profile=get_profile(profile))
        done: set[int] = set()
        for s in analysis.segments:
            if s.match is None or s.match.unit_id in done:
                continue
            done.add(s.match.unit_id)
            writer.write(ExportUnit(
                id=s.match.unit_id, tuid=str(s.match.unit_id), origin=s.match.origin or "aligned", status="auto",
                score=None, align_type=None, story=s.match.story, outlet=None, published=None,
                created_at=now, changed_at=now,
                props={"prop": [["x-match-percent", str(s.match.percent)], ["x-document-segment", str(s.index + 1)]]},
                variants=[ExportVariant(analysis.src, s.match.source), ExportVariant(analysis.tgt, s.match.target)]))
        writer.close()
    return tsv, tmx
