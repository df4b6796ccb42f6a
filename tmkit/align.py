"""Sentence alignment: sentences in, scored beads out.

The aligner is a dynamic programme over beads (1-1, 1-0, 0-1, 2-1, 1-2, 2-2, 1-3, 3-1),
banded around the diagonal so that time and memory grow linearly with the document.
A bead's cost adds

- the bead type's prior (re-estimated from the corpus on the second pass, so a text
  with many omissions or merges is not forced into 1-1 beads);
- a Gale–Church length cost, with the character ratio and its variance estimated from
  the documents themselves;
- lexical evidence (:mod:`tmkit.anchors`): numbers, URLs, names compared through a
  cross-script skeleton, glossary concepts, and a bilingual lexicon learned from the
  confident beads of the first pass (as hunalign's second pass). Anchors shared by the
  two sides lower the cost; numbers and names found on one side only raise it.

Each :class:`Bead` carries a score in [0, 1], an estimate of the probability that the
bead is right (see :func:`bead_confidence`); beads under :data:`REVIEW_THRESHOLD` are
listed by ``tmkit review``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from tmkit.anchors import Lexicon, SentenceFeatures, features

#: Beads that score below this are worth a human look.
REVIEW_THRESHOLD = 0.5

BEAD_TYPES: tuple[tuple[int, int], ...] = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2), (1, 3), (3, 1))

# Gale & Church (1993) priors, with 2-2 and the 1-3/3-1 beads kept rare.
DEFAULT_PRIORS: dict[tuple[int, int], float] = {
    (1, 1): 0.89, (1, 0): 0.005, (0, 1): 0.005, (2, 1): 0.04, (1, 2): 0.04,
    (2, 2): 0.01, (1, 3): 0.005, (3, 1): 0.005,
}
_MIN_BAND = 8
# Weight of a shared anchor, and the penalty for an anchor found on one side only, by
# anchor kind: numbers and URLs are almost always carried over; names often are, but
# may be rendered as a pronoun or title; glossary terms usually; learned lexicon pairs
# are evidence when present and say nothing when absent.
_MATCH = {"n": 2.5, "u": 3.0, "s": 2.5, "g": 2.0, "x": 2.0, "p": 0.6}
_MISS = {"n": 1.2, "u": 1.5, "s": 0.35, "g": 0.4, "x": 0.0, "p": 0.3}


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


@dataclass
class AlignModel:
    """Parameters of the aligner for one language pair (estimated by :func:`fit`)."""

    ratio: float = 1.0
    variance: float = 6.8
    priors: dict[tuple[int, int], float] = field(default_factory=lambda: dict(DEFAULT_PRIORS))
    lexical: bool = True
    lexicon: Lexicon = field(default_factory=Lexicon)
    heavy_tails: bool = True  # False: the plain Gale–Church normal (tmkit's first aligner)

    def __post_init__(self) -> None:
        self._log_prior = {k: -math.log(max(p, 1e-6)) for k, p in self.priors.items()}

    def prior_cost(self, kind: tuple[int, int]) -> float:
        return self._log_prior[kind]

    def delta(self, l1: int, l2: int) -> float:
        """Standardised length difference of a bead with ``l1`` and ``l2`` characters."""
        mean = (l1 + l2 / self.ratio) / 2.0
        if mean <= 0:
            return 0.0
        return (l2 - l1 * self.ratio) / math.sqrt(mean * self.variance * self.ratio)

    def length_cost(self, l1: int, l2: int) -> float:
        """-log of the two-sided tail probability of the length difference.

        Real translations have heavy tails (a loose paraphrase can be half or twice as
        long), so the tail is a mixture of the Gale–Church normal and a three times wider
        one: a correct but loose pair costs a few units, not dozens.
        """
        d = abs(self.delta(l1, l2))
        if not self.heavy_tails:
            return 0.5 * d * d if d > 8 else -math.log(max(math.erfc(d * _INV_SQRT2), 1e-300))
        k = int(d * _TABLE_STEPS)
        if k < len(_LENGTH_COST):
            return _LENGTH_COST[k]
        return _tail_cost(d)


_INV_SQRT2 = 1.0 / math.sqrt(2.0)
_NARROW, _WIDE = 0.85, 0.15


def _tail_cost(d: float) -> float:
    p = _NARROW * math.erfc(d * _INV_SQRT2) + _WIDE * math.erfc(d * _INV_SQRT2 / 3.0)
    return -math.log(max(p, 1e-300))


# The length cost is called for every cell of the programme: tabulate it (0.01 σ steps).
_TABLE_STEPS = 100
_LENGTH_COST = [_tail_cost((k + 0.5) / _TABLE_STEPS) for k in range(40 * _TABLE_STEPS)]


def length_ratio(src: Sequence[str], tgt: Sequence[str]) -> float:
    """Characters of target per character of source, estimated from the texts."""
    a = sum(len(s) for s in src)
    b = sum(len(t) for t in tgt)
    if a == 0 or b == 0:
        return 1.0
    return min(4.0, max(0.25, b / a))


def _anchor_weights(src: Sequence[SentenceFeatures], tgt: Sequence[SentenceFeatures]) -> dict[str, float]:
    """1/document frequency: an anchor in every sentence says little about any of them."""
    df_s: Counter[str] = Counter()
    df_t: Counter[str] = Counter()
    for f in src:
        df_s.update(f.anchors.keys())
    for f in tgt:
        df_t.update(f.anchors.keys())
    keys = set(df_s) | set(df_t)
    return {k: 1.0 / max(df_s.get(k, 0), df_t.get(k, 0), 1) for k in keys}


def _lexical(a: Counter[str] | dict[str, int], b: Counter[str] | dict[str, int],
             weights: dict[str, float]) -> tuple[float, float]:
    """(weighted shared anchors, weighted one-sided anchors) of two anchor bags."""
    shared = missed = 0.0
    for k, ca in a.items():
        cb = b.get(k, 0)
        w = weights.get(k, 1.0)
        kind = k[0]
        if cb:
            shared += min(ca, cb) * w * _MATCH[kind]
            if ca > cb:
                missed += (ca - cb) * w * _MISS[kind]
        else:
            missed += ca * w * _MISS[kind]
    for k, cb in b.items():
        if k not in a:
            missed += cb * weights.get(k, 1.0) * _MISS[k[0]]
    return shared, missed


class _Side:
    """Anchor bags of one document side, with cached spans and one-sided totals.

    The lexical term of a bead is ``shared - missed``; with ``miss(X)`` the one-sided
    penalty of all of X's anchors, ``missed = miss(A) + miss(B) - 2 * sum over shared
    anchors of min(count) * w * MISS``, so only the (small) intersection is visited.
    """

    def __init__(self, feats: Sequence[SentenceFeatures], weights: dict[str, float]):
        self.feats = feats
        self.weights = weights
        self.bags: dict[tuple[int, int], Counter[str] | dict[str, int]] = {}
        # anchor keys that can support a sentence in a merge (shape marks cannot)
        self.keysets = [frozenset(k for k in f.anchors if k[0] != "p") for f in feats]
        self.miss = [0.0]
        for f in feats:
            self.miss.append(self.miss[-1] + sum(c * weights.get(k, 1.0) * _MISS[k[0]] for k, c in f.anchors.items()))

    def bag(self, lo: int, hi: int) -> Counter[str] | dict[str, int]:
        if hi - lo == 1:
            return self.feats[lo].anchors
        key = (lo, hi)
        bag = self.bags.get(key)
        if bag is None:
            bag = Counter()
            for k in range(lo, hi):
                bag.update(self.feats[k].anchors)
            self.bags[key] = bag
        return bag


_UNSUPPORTED = 2.5


def _unsupported(side: _Side, lo: int, hi: int, other: Counter[str] | dict[str, int]) -> float:
    """Penalty for the sentences of a merged side that share nothing with the other side.

    A true 2-1 bead has evidence for both of its sentences; an omission next to a 1-1
    bead looks like a 2-1 bead whose extra sentence has none.
    """
    penalty = 0.0
    keysets = side.keysets
    for k in range(lo, hi):
        keys = keysets[k]
        if keys and keys.isdisjoint(other.keys()):
            penalty += _UNSUPPORTED
    return penalty


def align_features(
    src: Sequence[SentenceFeatures],
    tgt: Sequence[SentenceFeatures],
    model: AlignModel,
    band: int | None = None,
) -> list[Bead]:
    """Align two documents given as sentence features. Every sentence ends up in exactly
    one bead, in order."""
    n, m = len(src), len(tgt)
    if n == 0 or m == 0:
        return [Bead((i,), (), 0.0) for i in range(n)] + [Bead((), (j,), 0.0) for j in range(m)]
    if band is None:
        band = max(_MIN_BAND, abs(n - m) + _MIN_BAND)
    weights = _anchor_weights(src, tgt) if model.lexical else {}
    gain = {k: w * (_MATCH[k[0]] + 2 * _MISS[k[0]]) for k, w in weights.items()}
    sides = (_Side(src, weights), _Side(tgt, weights)) if model.lexical else None
    cs = [0]
    for f in src:
        cs.append(cs[-1] + f.length)
    ct = [0]
    for f in tgt:
        ct.append(ct[-1] + f.length)
    kinds = [(k, model.prior_cost(k)) for k in BEAD_TYPES]
    inf = math.inf
    slope = m / n
    lows: list[int] = []
    costs: list[list[float]] = []
    backs: list[list[int]] = []
    lexical = model.lexical
    length_cost = model.length_cost
    for i in range(n + 1):
        centre = round(i * slope)
        lo, hi = max(0, centre - band), min(m, centre + band)
        row_cost = [inf] * (hi - lo + 1)
        row_back = [-1] * (hi - lo + 1)
        lows.append(lo)
        costs.append(row_cost)
        backs.append(row_back)
        for j in range(lo, hi + 1):
            if i == 0 and j == 0:
                row_cost[0] = 0.0
                continue
            best, best_k = inf, -1
            for t, ((di, dj), prior) in enumerate(kinds):
                pi, pj = i - di, j - dj
                if pi < 0 or pj < 0:
                    continue
                plo = lows[pi]
                prow = costs[pi]
                if pj < plo or pj - plo >= len(prow):
                    continue
                prev = prow[pj - plo]
                if prev == inf:
                    continue
                c = prev + prior
                if di and dj:
                    c += length_cost(cs[i] - cs[pi], ct[j] - ct[pj])
                    if lexical:
                        bag_s = sides[0].bag(pi, i)
                        bag_t = sides[1].bag(pj, j)
                        small, big = (bag_s, bag_t) if len(bag_s) <= len(bag_t) else (bag_t, bag_s)
                        both = 0.0
                        for k, ca in small.items():
                            cb = big.get(k)
                            if cb:
                                both += (ca if ca < cb else cb) * gain[k]
                        c += sides[0].miss[i] - sides[0].miss[pi] + sides[1].miss[j] - sides[1].miss[pj] - both
                        if di > 1:
                            c += _unsupported(sides[0], pi, i, bag_t)
                        if dj > 1:
                            c += _unsupported(sides[1], pj, j, bag_s)
                elif lexical:
                    side = sides[0] if di else sides[1]
                    hi_, lo_ = (i, pi) if di else (j, pj)
                    c += side.miss[hi_] - side.miss[lo_]
                if c < best:
                    best, best_k = c, t
            row_cost[j - lo] = best
            row_back[j - lo] = best_k
    last = costs[n]
    if m - lows[n] >= len(last) or last[m - lows[n]] == inf:
        return align_features(src, tgt, model, band=band * 2)
    beads: list[Bead] = []
    i, j = n, m
    touched_edge = False
    while i > 0 or j > 0:
        di, dj = kinds[backs[i][j - lows[i]]][0]
        at_low_edge = j == lows[i] and lows[i] > 0
        at_high_edge = j == lows[i] + len(costs[i]) - 1 and j < m
        if at_low_edge or at_high_edge:
            touched_edge = True
        beads.append(Bead(tuple(range(i - di, i)), tuple(range(j - dj, j)), 0.0))
        i, j = i - di, j - dj
    if touched_edge and band < max(n, m):
        # the best path ran along the edge of the band: it may have been cut off there
        return align_features(src, tgt, model, band=band * 2)
    beads.reverse()
    return [replace(b, score=bead_confidence(b, src, tgt, model, sides)) for b in beads]


def bead_evidence(
    bead: Bead,
    src: Sequence[SentenceFeatures],
    tgt: Sequence[SentenceFeatures],
    model: AlignModel,
    sides: tuple[_Side, _Side] | None,
) -> tuple[float, float, float, int]:
    """(length difference in standard deviations, shared anchors, one-sided anchors,
    extra sentences beyond 1-1) of a complete bead: the inputs of :func:`bead_confidence`."""
    l1 = sum(src[i].length for i in bead.src)
    l2 = sum(tgt[j].length for j in bead.tgt)
    z = abs(model.delta(l1, l2))
    if sides is not None:
        shared, missed = _lexical(sides[0].bag(bead.src[0], bead.src[-1] + 1),
                                  sides[1].bag(bead.tgt[0], bead.tgt[-1] + 1), sides[0].weights)
    else:
        shared = missed = 0.0
    return z, shared, missed, len(bead.src) + len(bead.tgt) - 2


def bead_confidence(
    bead: Bead,
    src: Sequence[SentenceFeatures],
    tgt: Sequence[SentenceFeatures],
    model: AlignModel,
    sides: tuple[_Side, _Side] | None,
) -> float:
    """Probability-like confidence in [0, 1] that ``bead`` is right.

    A logistic function of the evidence the dynamic programme used
    (:func:`bead_evidence`): the shared and one-sided anchors and the bead size. Omissions (1-0, 0-1) score 0: they never become units. The
    coefficients were fitted on perturbed real news (``bench/align_quality.py
    --calibrate``).
    """
    if not bead.src or not bead.tgt:
        return 0.0
    z, shared, missed, extra = bead_evidence(bead, src, tgt, model, sides)
    x = (_CAL["bias"] - _CAL["z"] * z + _CAL["shared"] * min(shared, 8.0)
         - _CAL["missed"] * min(missed, 8.0) - _CAL["extra"] * extra)
    return round(1.0 / (1.0 + math.exp(-x)), 4)


# Logistic coefficients of bead_confidence (fitted by bench/align_quality.py --calibrate).
# The length difference gets no weight: the programme accepts a large one only with strong
# lexical support, so among the chosen beads it does not predict errors (fitted: ≤ 0).
_CAL = {"bias": 4.150, "z": 0.0, "shared": 0.430, "missed": 0.406, "extra": 3.147}


def fit(
    documents: Sequence[tuple[Sequence[SentenceFeatures], Sequence[SentenceFeatures]]],
    lexical: bool = True,
) -> AlignModel:
    """Estimate the length ratio and variance, the bead priors and a lexicon from a first
    length-and-anchor pass over ``documents`` (pairs of sentence feature lists)."""
    total_s = sum(f.length for s, _ in documents for f in s)
    total_t = sum(f.length for _, t in documents for f in t)
    ratio = min(4.0, max(0.25, total_t / total_s)) if total_s and total_t else 1.0
    model = AlignModel(ratio=ratio, lexical=lexical)
    first = [align_features(s, t, model) for s, t in documents]
    ones = [(s[b.src[0]].length, t[b.tgt[0]].length)
            for (s, t), beads in zip(documents, first) for b in beads if b.kind == "1-1" and b.score >= 0.5]
    if len(ones) >= 20:
        l1 = sum(a for a, _ in ones)
        l2 = sum(b for _, b in ones)
        ratio = l2 / l1
        # variance of (l2 - c*l1) per unit of length, as Gale & Church define it
        var = sum((b - ratio * a) ** 2 / max(1.0, (a + b / ratio) / 2 * ratio) for a, b in ones) / len(ones)
        model.ratio = min(4.0, max(0.25, ratio))
        model.variance = min(40.0, max(2.0, var))
    counts = Counter((len(b.src), len(b.tgt)) for beads in first for b in beads)
    total = sum(counts.values())
    if total >= 50:
        # add-k smoothing towards the default priors, so a rare type never becomes impossible
        k = 20.0
        model.priors = {t: (counts.get(t, 0) + k * DEFAULT_PRIORS[t]) / (total + k) for t in BEAD_TYPES}
        model.__post_init__()
    if lexical:
        pairs = [([w for i in b.src for w in s[i].stems], [w for j in b.tgt for w in t[j].stems])
                 for (s, t), beads in zip(documents, first) for b in beads if b.kind == "1-1" and b.score >= 0.5]
        model.lexicon = Lexicon.learn(pairs)
    return model


def with_lexicon(feats: Sequence[SentenceFeatures], lexicon: Lexicon, side: str) -> list[SentenceFeatures]:
    """Copies of sentence features with the lexicon's anchor keys added."""
    keys = lexicon.src_keys if side == "src" else lexicon.tgt_keys
    out = []
    for f in feats:
        extra = keys(f.stems)
        if extra:
            anchors = Counter(f.anchors)
            anchors.update(extra)
            f = SentenceFeatures(f.length, anchors, f.stems)
        out.append(f)
    return out


def corpus_features(
    documents: Sequence[tuple[Sequence[str], Sequence[str]]],
    concepts: Callable[[str], list[str]] | None = None,
) -> list[tuple[list[SentenceFeatures], list[SentenceFeatures]]]:
    """Sentence features of every document pair."""
    return [([_features(s, concepts) for s in src], [_features(t, concepts) for t in tgt])
            for src, tgt in documents]


def align_corpus(
    documents: Sequence[tuple[Sequence[str], Sequence[str]]],
    *,
    lexical: bool = True,
    concepts: Callable[[str], list[str]] | None = None,
) -> tuple[list[list[Bead]], AlignModel]:
    """Align many document pairs of one language pair in two passes (see module doc).

    ``concepts`` maps a sentence to glossary concept ids found in it (optional).
    Returns the beads per document and the fitted model.
    """
    feats = corpus_features(documents, concepts)
    if not lexical:
        model = fit(feats, lexical=False)
        return [align_features(s, t, model) for s, t in feats], model
    model = fit(feats)
    results = []
    for s, t in feats:
        s2, t2 = with_lexicon(s, model.lexicon, "src"), with_lexicon(t, model.lexicon, "tgt")
        results.append(align_features(s2, t2, model))
    return results, model


def _features(text: str, concepts: Callable[[str], list[str]] | None) -> SentenceFeatures:
    return features(text, concepts(text) if concepts else ())


def align_sentences(src: Sequence[str], tgt: Sequence[str], *, lexical: bool = True) -> list[Bead]:
    """Align one pair of documents given as sentence lists."""
    beads, _ = align_corpus([(src, tgt)], lexical=lexical)
    return beads[0]


def align_documents(
    src_paragraphs: Sequence[Sequence[str]],
    tgt_paragraphs: Sequence[Sequence[str]],
    *,
    lexical: bool = True,
) -> list[Bead]:
    """Align two documents given as paragraphs of sentences; indices are document-wide."""
    flat_src = [s for p in src_paragraphs for s in p]
    flat_tgt = [t for p in tgt_paragraphs for t in p]
    return align_sentences(flat_src, flat_tgt, lexical=lexical)
