#!/usr/bin/env python3
"""Speed of concordance and fuzzy matching on a large generated memory.

Generates N bilingual units (default 1,000,000; about 22 words a segment, words drawn
from a Zipf-distributed vocabulary, like real text), builds a tmkit database (index
build time and size are reported), then measures in one run:

- fuzzy match (tmkit.search.Matcher) for 500 perturbed queries (1-4 words replaced,
  deleted or inserted in a memory sentence): median and 95th percentile per query;
- an exhaustive rapidfuzz scan of every unit for the same queries: its time per query
  and whether tmkit's top-1 unit is the same (ties broken by the lower unit id);
- concordance phrase queries (2-3 consecutive words of a memory sentence) with the
  aligned translations fetched: median and 95th percentile.

Usage: python bench/search_bench.py [--units N] [--queries Q] [--seed S] [--db PATH]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import string
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tmkit.models import NewUnit, NewVariant  # noqa: E402
from tmkit.normalize import match_key  # noqa: E402
from tmkit.search import Matcher, concordance  # noqa: E402
from tmkit.store import open_store  # noqa: E402
from tmkit.tokenize import match_tokens  # noqa: E402

CYRILLIC = "абвгдежзийклмнопрстуфхцчшщыэюя"


def vocabulary(rng: random.Random, size: int, alphabet: str) -> list[str]:
    words = set()
    while len(words) < size:
        n = min(14, max(1, int(rng.lognormvariate(1.7, 0.45))))
        words.add("".join(rng.choice(alphabet) for _ in range(n)))
    return sorted(words)


class Zipf:
    """Draws word indices with probability proportional to 1/rank^s."""

    def __init__(self, n: int, s: float, rng: random.Random):
        weights = [1.0 / (k + 1) ** s for k in range(n)]
        total = sum(weights)
        acc, cum = 0.0, []
        for w in weights:
            acc += w / total
            cum.append(acc)
        self.cum = cum
        self.rng = rng

    def draw(self, k: int) -> list[int]:
        import bisect

        r = self.rng.random
        cum = self.cum
        last = len(cum) - 1
        return [min(last, bisect.bisect_left(cum, r())) for _ in range(k)]


def sentence(words: list[str], zipf: Zipf, rng: random.Random) -> str:
    n = max(3, min(60, int(rng.gauss(22, 8))))
    toks = [words[i] for i in zipf.draw(n)]
    toks[0] = toks[0].capitalize()
    text = " ".join(toks)
    if n > 8 and rng.random() < 0.5:
        k = rng.randrange(3, n - 3)
        text = " ".join(toks[:k]) + ", " + " ".join(toks[k:])
    return text + "."


def build(db_path: Path, n_units: int, seed: int) -> tuple[float, list[str]]:
    rng = random.Random(seed)
    en_words = vocabulary(rng, 60000, string.ascii_lowercase)
    ru_words = vocabulary(rng, 80000, CYRILLIC)
    zen, zru = Zipf(len(en_words), 1.05, rng), Zipf(len(ru_words), 1.05, rng)
    sample: list[str] = []
    generating = [0.0]

    def units():
        for k in range(n_units):
            t = time.perf_counter()
            en = sentence(en_words, zen, rng)
            if k % max(1, n_units // 2000) == 0:
                sample.append(en)
            unit = NewUnit(origin="tmx", score=None,
                           variants=[NewVariant("en", en), NewVariant("ru", sentence(ru_words, zru, rng))])
            generating[0] += time.perf_counter() - t
            yield unit

    t0 = time.perf_counter()
    with open_store(db_path) as store:
        with store.transaction():
            store.add_units(units())
        store.conn.execute("INSERT INTO variants_fts (variants_fts) VALUES ('optimize')")
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    # the time spent making up the sentences is not the index's
    return time.perf_counter() - t0 - generating[0], sample


def perturb(text: str, rng: random.Random, vocab: list[str]) -> str:
    toks = text.rstrip(".").split()
    for _ in range(rng.randint(1, 4)):
        op = rng.random()
        i = rng.randrange(len(toks))
        if op < 0.5:
            toks[i] = rng.choice(vocab)
        elif op < 0.75 and len(toks) > 3:
            del toks[i]
        else:
            toks.insert(i, rng.choice(vocab))
    return " ".join(toks) + "."


def encode(tokens: list[str], table: dict[str, str]) -> str:
    """Tokens as one character each, so rapidfuzz compares token sequences as strings."""
    out = []
    for t in tokens:
        ch = table.get(t)
        if ch is None:
            code = len(table) + 0x100
            if code >= 0xD800:
                code += 0x800  # skip the surrogate range
            ch = table[t] = chr(code)
        out.append(ch)
    return "".join(out)


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--units", type=int, default=1_000_000)
    ap.add_argument("--queries", type=int, default=500)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--db", type=Path, help="reuse (or keep) the generated database at this path")
    ap.add_argument("--min", type=float, default=70.0, help="minimum match percentage (default 70)")
    args = ap.parse_args(argv)
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    tmp = tempfile.mkdtemp(prefix="tmkit-search-bench-")
    db_path = args.db or Path(tmp) / "bench.db"
    rng = random.Random(args.seed + 1000)
    if db_path.exists():
        print(f"reusing {db_path}")
        with open_store(db_path, readonly=True) as store:
            sample = [r[0] for r in store.conn.execute(
                "SELECT text FROM variants WHERE lang = 'en' AND id % 997 = 0 ORDER BY id LIMIT 2000")]
        build_s = None
    else:
        build_s, sample = build(db_path, args.units, args.seed)
    size = sum(f.stat().st_size for f in db_path.parent.glob(db_path.name + "*"))
    with open_store(db_path, readonly=True) as store:
        n_units = store.count_pair_units("en", "ru")
        vocab = [r[0] for r in store.conn.execute(
            "SELECT term FROM variants_vocab WHERE doc > 5 LIMIT 20000")]
        queries = [perturb(rng.choice(sample), rng, vocab) for _ in range(args.queries)]

        # the exhaustive scan: every source sentence, tokens encoded as characters
        print(f"loading {n_units:,} sentences for the exhaustive scan …", file=sys.stderr)
        t0 = time.perf_counter()
        table: dict[str, str] = {}
        ids, encoded = [], []
        for uid, norm in store.iter_source_norms("en", "ru"):
            ids.append(uid)
            encoded.append(encode(match_tokens(norm), table))
        load_s = time.perf_counter() - t0
        exhaustive, ex_times = [], []
        print(f"exhaustive scan of {len(queries)} queries …", file=sys.stderr)
        for q in queries:
            qe = encode(match_tokens(match_key(q)), table)
            t0 = time.perf_counter()
            best = process.extractOne(qe, encoded, scorer=Levenshtein.normalized_similarity)
            ex_times.append(time.perf_counter() - t0)
            exhaustive.append((ids[best[2]], best[1] * 100) if best else None)
        del encoded, table

        print("tmkit fuzzy match …", file=sys.stderr)
        matcher = Matcher(store, "en", "ru")
        times, same, n_counted = [], 0, 0
        for q, ex in zip(queries, exhaustive):
            t0 = time.perf_counter()
            found = matcher.match(q, min_percent=args.min, limit=1)
            times.append(time.perf_counter() - t0)
            mine = found[0].unit_id if found else None
            if ex is None or ex[1] < args.min:
                same += mine is None
            else:
                same += mine == ex[0]
            n_counted += 1

        phrases = []
        for text in rng.sample(sample, min(200, len(sample))):
            toks = text.rstrip(".").replace(",", "").split()
            k = rng.randint(2, 3)
            i = rng.randrange(max(1, len(toks) - k))
            phrases.append('"' + " ".join(toks[i:i + k]) + '"')
        conc_times, conc_hits = [], []
        for ph in phrases:
            t0 = time.perf_counter()
            hits = concordance(store, ph, limit=20)
            conc_times.append(time.perf_counter() - t0)
            conc_hits.append(len(hits))

    ms = lambda s: f"{s * 1000:.1f} ms"  # noqa: E731
    print(f"memory: {n_units:,} en-ru units; database {size / 1e6:.0f} MB"
          + (f"; built in {build_s:.0f} s ({n_units / build_s:,.0f} units/s, with the full-text index)"
             if build_s else ""))
    print(f"fuzzy match, {len(queries)} perturbed queries (min {args.min:.0f}%): "
          f"median {ms(statistics.median(times))}, p95 {ms(pct(times, 0.95))}, max {ms(max(times))}")
    print(f"exhaustive rapidfuzz scan: median {ms(statistics.median(ex_times))} a query "
          f"(after {load_s:.0f} s loading every sentence)")
    agreement = same / n_counted
    print(f"same top-1 unit as the exhaustive scan: {same}/{n_counted} = {agreement:.1%}")
    print(f"concordance phrase query with translations: median {ms(statistics.median(conc_times))}, "
          f"p95 {ms(pct(conc_times, 0.95))} (mean {statistics.mean(conc_hits):.1f} hits shown)")
    ok = (statistics.median(times) < 0.025 and pct(times, 0.95) < 0.100 and agreement >= 0.99
          and statistics.median(conc_times) < 0.010)
    print("targets (fuzzy median < 25 ms, p95 < 100 ms, agreement >= 99%, concordance median < 10 ms): "
          + ("PASS" if ok else "FAIL"))
    if args.db is None:
        for f in Path(tmp).glob("*"):
            f.unlink()
        os.rmdir(tmp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
