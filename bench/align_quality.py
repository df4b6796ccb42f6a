#!/usr/bin/env python3
"""Alignment quality on real human translations (NTREX-128: en, ru, hy; 123 documents).

Scores tmkit's aligner against the gold line alignment for the pairs en-hy, en-ru and
ru-hy under four conditions, with the length-only Gale–Church aligner (tmkit's first
version) as a baseline in the same run:

clean        gold lines, presegmented (every gold bead is 1-1)
omissions    10% of the lines of one side (the target) dropped at random
merges       15% of adjacent line pairs of one side (the target) joined: 2-1 beads
end-to-end   each document's lines joined into paragraphs as raw text (the headline and
             sub-headings alone, the other lines in paragraphs of 1-4), segmented by
             tmkit's own segmenter, aligned

Scoring. Conditions 1-3: precision and recall over complete beads (both sides
non-empty); a predicted bead is right when it equals a gold bead exactly. End to end:
a predicted bead is right when all its sentences come from one gold line pair; a gold
line pair is found when the predicted beads covering its sentences are exactly its
sentences (nothing missing, nothing from another line). F1 is their harmonic mean.

The perturbations use --seed; the figures in the README come from several seeds.
Usage: python bench/align_quality.py [--seed N] [--data DIR] [--pairs en-hy,en-ru,ru-hy]
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tmkit.align import AlignModel, align_corpus, align_features, length_ratio  # noqa: E402
from tmkit.anchors import features  # noqa: E402
from tmkit.segment import segmenter  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "parallel" / "ntrex-128"
FILES = {"en": "newstest2019-src.eng.txt", "ru": "newstest2019-ref.rus.txt", "hy": "newstest2019-ref.hye.txt"}
CONDITIONS = ("clean", "omissions", "merges", "end-to-end")


def load(data: Path) -> tuple[dict[str, list[str]], list[list[int]]]:
    lines = {lang: (data / f).read_text(encoding="utf-8").rstrip("\n").split("\n") for lang, f in FILES.items()}
    ids = (data / "DOCUMENT_IDS.tsv").read_text(encoding="utf-8").rstrip("\n").split("\n")
    docs = [list(g) for _, g in itertools.groupby(range(len(ids)), key=lambda i: ids[i])]
    return lines, docs


def prf(correct_pred: int, n_pred: int, found_gold: int, n_gold: int) -> tuple[float, float, float]:
    p = correct_pred / n_pred if n_pred else 0.0
    r = found_gold / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def perturb(src: list[str], tgt: list[str], condition: str, rng: random.Random):
    """(src sentences, tgt sentences, gold beads) for one document."""
    n = len(src)
    if condition == "clean":
        return src, tgt, [((i,), (i,)) for i in range(n)]
    if condition == "omissions":
        k = max(1, round(0.10 * n))
        drop = set(rng.sample(range(n), k))
        keep = [i for i in range(n) if i not in drop]
        new_tgt = [tgt[i] for i in keep]
        return src, new_tgt, [((i,), (pos,)) for pos, i in enumerate(keep)]
    if condition == "merges":
        k = max(1, round(0.15 * (n - 1)))
        starts: set[int] = set()
        candidates = list(range(n - 1))
        rng.shuffle(candidates)
        for c in candidates:
            if len(starts) >= k:
                break
            if c - 1 not in starts and c + 1 not in starts and c not in starts:
                starts.add(c)
        new_tgt, gold = [], []
        i = 0
        while i < n:
            if i in starts:
                gold.append(((i, i + 1), (len(new_tgt),)))
                new_tgt.append(tgt[i] + " " + tgt[i + 1])
                i += 2
            else:
                gold.append(((i,), (len(new_tgt),)))
                new_tgt.append(tgt[i])
                i += 1
        return src, new_tgt, gold
    raise ValueError(condition)


_FINAL = (".", "!", "?", "…", '"', "'", "”", "’", ")", "»")


def paragraphs_of(source_lines: list[str], rng: random.Random) -> list[list[int]]:
    """The layout of the raw article: the headline alone, every other line without final
    punctuation in the original (a sub-heading) alone too, the rest in paragraphs of 1-4
    lines. The layout is the same in every language, as in a translated article."""
    n = len(source_lines)
    out: list[list[int]] = []
    current: list[int] = []
    size = rng.randint(1, 4)
    for i, line in enumerate(source_lines):
        heading = i == 0 or not line.rstrip().endswith(_FINAL)
        if heading or len(current) >= size:
            if current:
                out.append(current)
            current = []
            size = rng.randint(1, 4)
        if heading:
            out.append([i])
        else:
            current.append(i)
    if current:
        out.append(current)
    assert sorted(i for p in out for i in p) == list(range(n))
    return out


def segment_doc(lines: list[str], paras: list[list[int]], lang: str) -> tuple[list[str], list[int]]:
    """Sentences of the raw text and, for each, the gold line it came from."""
    seg = segmenter(lang)
    sentences, origin = [], []
    for para in paras:
        text = " ".join(lines[i] for i in para)
        # map sentences back to lines by character offsets in the joined paragraph
        bounds, pos = [], 0
        for i in para:
            bounds.append((pos, pos + len(lines[i]), i))
            pos += len(lines[i]) + 1
        cursor = 0
        for sent in seg.split(text):
            start = text.index(sent, cursor)
            cursor = start + len(sent)
            mid = start + len(sent) // 2
            line = next(i for a, b, i in bounds if a <= mid <= b)
            sentences.append(sent)
            origin.append(line)
    return sentences, origin


def score_beads(pred, gold) -> tuple[int, int, int, int]:
    pred_c = [(b.src, b.tgt) for b in pred if b.src and b.tgt]
    gold_c = [g for g in gold if g[0] and g[1]]
    gset = set(gold_c)
    correct = sum(1 for b in pred_c if b in gset)
    return correct, len(pred_c), correct, len(gold_c)


def score_e2e(pred, s_origin: list[int], t_origin: list[int], n_lines: int) -> tuple[int, int, int, int]:
    pred_c = [b for b in pred if b.src and b.tgt]
    correct = 0
    good_lines: dict[int, bool] = {}
    covered_s: dict[int, set[int]] = {}
    covered_t: dict[int, set[int]] = {}
    for b in pred_c:
        lines = {s_origin[i] for i in b.src} | {t_origin[j] for j in b.tgt}
        if len(lines) == 1:
            correct += 1
            (line,) = lines
            covered_s.setdefault(line, set()).update(b.src)
            covered_t.setdefault(line, set()).update(b.tgt)
        for line in lines:
            good_lines[line] = good_lines.get(line, True) and len(lines) == 1
    found = 0
    for line in range(n_lines):
        all_s = {i for i, o in enumerate(s_origin) if o == line}
        all_t = {j for j, o in enumerate(t_origin) if o == line}
        if good_lines.get(line) and covered_s.get(line) == all_s and covered_t.get(line) == all_t:
            found += 1
    return correct, len(pred_c), found, n_lines


def baseline(docs_text):
    """tmkit's first aligner: Gale–Church lengths only, default priors, ratio per document."""
    out = []
    for src, tgt in docs_text:
        model = AlignModel(ratio=length_ratio(src, tgt), lexical=False, heavy_tails=False)
        out.append(align_features([features(s) for s in src], [features(t) for t in tgt], model))
    return out


def run(data: Path, pairs: list[tuple[str, str]], seed: int, verbose: bool = False) -> list[dict]:
    lines, docs = load(data)
    rows = []
    for a, b in pairs:
        for condition in CONDITIONS:
            rng = random.Random(f"{seed}-{a}-{b}-{condition}")
            docs_text, golds, origins = [], [], []
            for doc in docs:
                src = [lines[a][i] for i in doc]
                tgt = [lines[b][i] for i in doc]
                if condition == "end-to-end":
                    paras = paragraphs_of([lines["en"][i] for i in doc], rng)
                    s_sents, s_orig = segment_doc(src, paras, a)
                    t_sents, t_orig = segment_doc(tgt, paras, b)
                    docs_text.append((s_sents, t_sents))
                    origins.append((s_orig, t_orig, len(doc)))
                else:
                    s, t, gold = perturb(src, tgt, condition, rng)
                    docs_text.append((s, t))
                    golds.append(gold)
            for system in ("tmkit", "baseline"):
                t0 = time.perf_counter()
                if system == "tmkit":
                    results, _ = align_corpus(docs_text)
                else:
                    results = baseline(docs_text)
                elapsed = time.perf_counter() - t0
                totals = [0, 0, 0, 0]
                for k, beads in enumerate(results):
                    if condition == "end-to-end":
                        s_orig, t_orig, n = origins[k]
                        c = score_e2e(beads, s_orig, t_orig, n)
                    else:
                        c = score_beads(beads, golds[k])
                    totals = [x + y for x, y in zip(totals, c)]
                p, r, f = prf(*totals)
                rows.append({"pair": f"{a}-{b}", "condition": condition, "system": system,
                             "precision": p, "recall": r, "f1": f, "seconds": elapsed})
                if verbose:
                    print(f"{a}-{b} {condition:10} {system:8} P {p:.4f} R {r:.4f} F1 {f:.4f} {elapsed:.2f}s",
                          file=sys.stderr)
    return rows


def calibrate(data: Path, pairs: list[tuple[str, str]], seed: int) -> None:
    """Fit the logistic coefficients of tmkit.align.bead_confidence and show calibration."""
    import math

    from tmkit import align as A

    lines, docs = load(data)
    X: list[list[float]] = []
    y: list[int] = []
    for a, b in pairs:
        for condition in CONDITIONS:
            rng = random.Random(f"{seed}-{a}-{b}-{condition}-cal")
            docs_text, labels_for = [], []
            for doc in docs:
                src = [lines[a][i] for i in doc]
                tgt = [lines[b][i] for i in doc]
                if condition == "end-to-end":
                    paras = paragraphs_of([lines["en"][i] for i in doc], rng)
                    s_sents, s_orig = segment_doc(src, paras, a)
                    t_sents, t_orig = segment_doc(tgt, paras, b)
                    docs_text.append((s_sents, t_sents))
                    labels_for.append(("e2e", s_orig, t_orig))
                else:
                    s, t, gold = perturb(src, tgt, condition, rng)
                    docs_text.append((s, t))
                    labels_for.append(("gold", set(gold), None))
            feats = A.corpus_features(docs_text)
            model = A.fit(feats)
            for (s, t), lab in zip(feats, labels_for):
                s2, t2 = A.with_lexicon(s, model.lexicon, "src"), A.with_lexicon(t, model.lexicon, "tgt")
                weights = A._anchor_weights(s2, t2)
                sides = (A._Side(s2, weights), A._Side(t2, weights))
                for bead in A.align_features(s2, t2, model):
                    if not bead.src or not bead.tgt:
                        continue
                    z, shared, missed, extra = A.bead_evidence(bead, s2, t2, model, sides)
                    # the length difference is left out: the programme accepts a large one only
                    # with strong lexical support, so among chosen beads it does not predict errors
                    X.append([1.0, 0.0, min(shared, 8.0), -min(missed, 8.0), -float(extra)])
                    if lab[0] == "gold":
                        y.append(int((bead.src, bead.tgt) in lab[1]))
                    else:
                        y.append(int(len({lab[1][i] for i in bead.src} | {lab[2][j] for j in bead.tgt}) == 1))
    # logistic regression by Newton's method (5 parameters), with a little L2 for stability
    w = [0.0] * 5
    for _ in range(25):
        grad = [0.0] * 5
        hess = [[0.0] * 5 for _ in range(5)]
        for xi, yi in zip(X, y):
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, sum(a * b for a, b in zip(w, xi))))))
            for r in range(5):
                grad[r] += (yi - p) * xi[r]
                for c in range(5):
                    hess[r][c] += p * (1 - p) * xi[r] * xi[c]
        for r in range(5):
            grad[r] -= 0.01 * w[r]
            hess[r][r] += 0.01
        step = _solve(hess, grad)
        w = [a + b for a, b in zip(w, step)]
    names = ["bias", "z", "shared", "missed", "extra"]
    print("fitted on", len(y), "beads,", sum(y), "correct")
    print("_CAL = {" + ", ".join(f'"{n}": {v:.3f}' for n, v in zip(names, w)) + "}")
    buckets: dict[int, list[int]] = {}
    for xi, yi in zip(X, y):
        p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, sum(a * b for a, b in zip(w, xi))))))
        buckets.setdefault(min(9, int(p * 10)), []).append(yi)
    print("score band   beads   share correct")
    for k in sorted(buckets):
        v = buckets[k]
        print(f"{k / 10:.1f}-{(k + 1) / 10:.1f}  {len(v):7d}   {sum(v) / len(v):.3f}")


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """Solve a small linear system by Gaussian elimination."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for col in range(n):
        piv = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[piv] = m[piv], m[col]
        for r in range(n):
            if r != col and m[col][col]:
                f = m[r][col] / m[col][col]
                m[r] = [x - f * y for x, y in zip(m[r], m[col])]
    return [m[i][n] / m[i][i] if m[i][i] else 0.0 for i in range(n)]


TARGETS = {"clean": 0.99, "omissions": 0.97, "merges": 0.97, "end-to-end": 0.95}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--pairs", default="en-hy,en-ru,ru-hy")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--calibrate", action="store_true", help="fit the confidence score's coefficients")
    args = ap.parse_args(argv)
    if not (args.data / FILES["en"]).exists():
        print(f"align_quality: no data at {args.data}; nothing to measure", file=sys.stderr)
        return 0
    pairs = [tuple(p.split("-")) for p in args.pairs.split(",")]
    if args.calibrate:
        calibrate(args.data, pairs, args.seed)
        return 0
    rows = run(args.data, pairs, args.seed, args.verbose)
    print(f"alignment quality on NTREX-128 (123 documents), seed {args.seed}")
    print(f"{'pair':6} {'condition':11} {'system':9} {'P':>7} {'R':>7} {'F1':>7} {'time':>7}  target")
    failed = 0
    for r in rows:
        target = TARGETS[r["condition"]] if r["system"] == "tmkit" else None
        verdict = ""
        if target is not None:
            ok = r["f1"] >= target and r["seconds"] < 3.0
            failed += not ok
            verdict = f"F1>={target} <3s {'PASS' if ok else 'FAIL'}"
        print(f"{r['pair']:6} {r['condition']:11} {r['system']:9} {r['precision']:7.4f} {r['recall']:7.4f} "
              f"{r['f1']:7.4f} {r['seconds']:6.2f}s  {verdict}")
    print(f"{'all targets met' if not failed else f'{failed} targets missed'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
