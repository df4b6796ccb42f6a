"""Sentence alignment: sentences in, scored beads out.

First version: a Gale–Church style length-based aligner. Dynamic programming over the
bead types 1-1, 1-0, 0-1, 2-1, 1-2 and 2-2, banded around the diagonal so that time and
memory grow linearly with the document. The character-length ratio between the two
languages is estimated from the documents themselves.

Each :class:`Bead` carries a score in [0, 1]: the probability, under the length model,
of a length difference at least as large as the one observed, weighted by how common
that bead type is. 1-1 beads of matching length score near 1; omissions score 0.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

# Bead types (source sentences, target sentences) and their prior probabilities, from
# Gale & Church (1993), with 2-2 kept rare.
BEAD_PRIORS: dict[tuple[int, int], float] = {
    (1, 1): 0.89,
    (1, 0): 0.0099 / 2,
    (0, 1): 0.0099 / 2,
    (2, 1): 0.089 / 2,
    (1, 2): 0.089 / 2,
    (2, 2): 0.011,
}
_VARIANCE = 6.8  # Gale & Church's variance of the length difference per character
_MIN_BAND = 30


@dataclass(frozen=True)
class Bead:
    """Aligned sentence indices of the two sides and a confidence score in [0, 1]."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float

    @property
    def kind(self) -> str:
        """The bead type, e.g. ``1-1`` or ``2-1``."""
        return f"{len(self.src)}-{len(self.tgt)}"


def _norm_cdf(x: float) -> float:
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def length_ratio(src: Sequence[str], tgt: Sequence[str]) -> float:
    """Characters of target per character of source, estimated from the texts."""
    a = sum(len(s) for s in src)
    b = sum(len(t) for t in tgt)
    if a == 0 or b == 0:
        return 1.0
    return min(4.0, max(0.25, b / a))


class LengthModel:
    """Gale–Church length cost for a language pair with length ratio ``ratio``."""

    def __init__(self, ratio: float = 1.0, variance: float = _VARIANCE):
        self.ratio = ratio
        self.variance = variance
        self._log_prior = {k: -math.log(p) for k, p in BEAD_PRIORS.items()}

    def delta(self, l1: int, l2: int) -> float:
        """Standardised length difference of a bead with ``l1`` and ``l2`` characters."""
        mean = (l1 + l2 / self.ratio) / 2.0
        if mean <= 0:
            return 0.0
        return (l2 - l1 * self.ratio) / math.sqrt(mean * self.variance * self.ratio)

    def cost(self, l1: int, l2: int, kind: tuple[int, int]) -> float:
        """-log P(kind) - log P(|delta| this large): lower is better."""
        if kind[0] == 0 or kind[1] == 0:
            return self._log_prior[kind] + 2.0  # an omission has no length evidence
        d = abs(self.delta(l1, l2))
        p = max(2.0 * (1.0 - _norm_cdf(d)), 1e-12)
        return self._log_prior[kind] - math.log(p)

    def score(self, l1: int, l2: int, kind: tuple[int, int]) -> float:
        """Confidence in [0, 1] of one bead under the length model."""
        if kind[0] == 0 or kind[1] == 0:
            return 0.0
        d = abs(self.delta(l1, l2))
        p = 2.0 * (1.0 - _norm_cdf(d))
        weight = 1.0 if kind == (1, 1) else 0.85 if kind != (2, 2) else 0.7
        return max(0.0, min(1.0, p * weight))


def align_sentences(
    src: Sequence[str],
    tgt: Sequence[str],
    model: LengthModel | None = None,
    band: int | None = None,
) -> list[Bead]:
    """Align two lists of sentences (one document or paragraph) by length.

    Every sentence of each side ends up in exactly one bead, in order. ``band`` bounds how
    far the path may leave the diagonal (default: grows with the length difference).
    """
    n, m = len(src), len(tgt)
    if n == 0 or m == 0:
        return [Bead((i,), (), 0.0) for i in range(n)] + [Bead((), (j,), 0.0) for j in range(m)]
    model = model or LengthModel(length_ratio(src, tgt))
    cs = [0]
    for s in src:
        cs.append(cs[-1] + len(s))
    ct = [0]
    for t in tgt:
        ct.append(ct[-1] + len(t))
    if band is None:
        band = max(_MIN_BAND, abs(n - m) + _MIN_BAND // 2)
    kinds = list(BEAD_PRIORS)
    inf = float("inf")
    # cost[i][j] stored sparsely per row over the band around the diagonal j ≈ i*m/n.
    rows: list[dict[int, tuple[float, tuple[int, int] | None]]] = []
    slope = m / n
    for i in range(n + 1):
        centre = round(i * slope)
        lo, hi = max(0, centre - band), min(m, centre + band)
        row: dict[int, tuple[float, tuple[int, int] | None]] = {}
        for j in range(lo, hi + 1):
            if i == 0 and j == 0:
                row[j] = (0.0, None)
                continue
            best, best_kind = inf, None
            for di, dj in kinds:
                pi, pj = i - di, j - dj
                if pi < 0 or pj < 0:
                    continue
                prev = (rows[pi] if pi < i else row).get(pj)
                if prev is None or prev[0] == inf:
                    continue
                c = prev[0] + model.cost(cs[i] - cs[pi], ct[j] - ct[pj], (di, dj))
                if c < best:
                    best, best_kind = c, (di, dj)
            row[j] = (best, best_kind)
        rows.append(row)
    if m not in rows[n] or rows[n][m][0] == inf:
        # the band was too narrow for this pair of documents: widen it and retry
        return align_sentences(src, tgt, model, band=band * 2)
    beads: list[Bead] = []
    i, j = n, m
    while i > 0 or j > 0:
        di, dj = rows[i][j][1]  # type: ignore[misc]
        s_idx = tuple(range(i - di, i))
        t_idx = tuple(range(j - dj, j))
        beads.append(Bead(s_idx, t_idx, model.score(cs[i] - cs[i - di], ct[j] - ct[j - dj], (di, dj))))
        i, j = i - di, j - dj
    beads.reverse()
    return beads


def align_documents(
    src_paragraphs: Sequence[Sequence[str]],
    tgt_paragraphs: Sequence[Sequence[str]],
) -> list[Bead]:
    """Align two documents given as paragraphs of sentences; indices are document-wide.

    When both have the same number of paragraphs (a faithful translation), sentences are
    aligned paragraph by paragraph, which keeps an error from spreading; otherwise the
    whole document is aligned at once.
    """
    flat_src = [s for p in src_paragraphs for s in p]
    flat_tgt = [t for p in tgt_paragraphs for t in p]
    model = LengthModel(length_ratio(flat_src, flat_tgt))
    if len(src_paragraphs) != len(tgt_paragraphs) or not _paragraphs_agree(src_paragraphs, tgt_paragraphs, model):
        return align_sentences(flat_src, flat_tgt, model)
    beads: list[Bead] = []
    si = ti = 0
    for sp, tp in zip(src_paragraphs, tgt_paragraphs):
        for b in align_sentences(list(sp), list(tp), model):
            beads.append(Bead(tuple(si + k for k in b.src), tuple(ti + k for k in b.tgt), b.score))
        si += len(sp)
        ti += len(tp)
    return beads


def _paragraphs_agree(src: Sequence[Sequence[str]], tgt: Sequence[Sequence[str]], model: LengthModel) -> bool:
    """True when paragraph lengths correspond closely enough to trust the paragraph pairing."""
    bad = 0
    for sp, tp in zip(src, tgt):
        d = abs(model.delta(sum(map(len, sp)), sum(map(len, tp))))
        if d > 4.0:
            bad += 1
    return bad <= max(1, len(src) // 10)
