#!/usr/bin/env python3
"""Wall time of a whole `tmkit term` process: what a translator waits for.

Loads the shipped glossary into a fresh database, then runs `tmkit term QUERY` as a new
process for exact, inflected, multi-word and misspelt queries (each several times) and
prints the median and worst wall time per query and overall. Target: under 150 ms.
For comparison it also times `python -c pass` and `python -c "import click"` on the same
interpreter. Usage: python bench/term_bench.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ["ОДКБ", "делимитации", "սահմանազատման", "ՀԱՊԿ-ից", "CSTO's",
           "Организацией Договора о коллективной безопасности", "zone of responsibility", "delimitaton"]


# As installed for a user: modules compiled once to __pycache__ and loaded from there.
# (With PYTHONDONTWRITEBYTECODE set, as in some sandboxes and CI images, every start
# compiles tmkit's modules again, some 40 ms more.)
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(cmd: list[str], runs: int) -> list[float]:
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)  # warm-up
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
        out.append(time.perf_counter() - t0)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args(argv)
    tmkit = str(Path(sys.executable).with_name("tmkit"))
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "g.db")
        subprocess.run([tmkit, "--db", db, "glossary", "import", str(ROOT / "glossary")], check=True,
                       stderr=subprocess.DEVNULL)
        base = statistics.median(timed([sys.executable, "-c", "pass"], args.runs))
        click = statistics.median(timed([sys.executable, "-c", "import click"], args.runs))
        print(f"python start {base * 1000:.0f} ms; import click {click * 1000:.0f} ms")
        every = []
        for q in QUERIES:
            times = timed([tmkit, "--db", db, "term", q], args.runs)
            every.extend(times)
            print(f"tmkit term {q!r:55} median {statistics.median(times) * 1000:4.0f} ms, "
                  f"max {max(times) * 1000:4.0f} ms")
        med = statistics.median(every)
        p95 = sorted(every)[int(0.95 * (len(every) - 1))]
        print(f"all queries: median {med * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms "
              f"(target < 150 ms: {'PASS' if p95 < 0.150 else 'FAIL'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
