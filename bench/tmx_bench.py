#!/usr/bin/env python3
"""Speed and memory of TMX export and import, against baselines, in one run.

Generates trilingual data at run time (22 words a segment, words drawn from a
Zipf-distributed vocabulary in each script, deterministic seed) into a temporary folder,
builds a tmkit database of N units (default 1,000,000), then measures, each in a fresh
process so that peak memory figures do not mix:

writing the en→ru pair file
  - the floor: plain string formatting with escaping, from tuples in memory, producing
    exactly the bytes tmkit writes (checked);
  - tmkit's export from the database (``tmkit.export.export_tmx``), at N units and at
    100,000 units (memory must not grow with the file);
  - lxml's ``xmlfile``, one ``<tu>`` element at a time, from memory;
  - translate-toolkit's ``tmxfile``, from memory (``--tt-units`` to run it on fewer
    units; its time is then scaled linearly to N, which the output says);
reading that file
  - lxml ``iterparse`` with clearing (a baseline that stores nothing);
  - translate-toolkit's parse;
  - tmkit's import into a fresh database: parse, normalise, store, index, commit.

It prints seconds, units per second, peak RSS and the targets as ratios, PASS or FAIL.

Usage: python bench/tmx_bench.py [--units N | --quick] [--tt-units M] [--seed S] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import marshal
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LATIN = "abcdefghijklmnopqrstuvwxyz"
CYRILLIC = "абвгдежзийклмнопрстуфхцчшщыэюя"
ARMENIAN = "աբգդեզէըթժիլխծկհձղճմյնշոչպջռսվտրցւփքօֆ"
WORDS = 22
OUTLETS = ("JAMnews", "Azatutyun", "Armenpress", "CivilNet", "EVN Report")
STORY = "bench-story"
CREATED = "2024-11-30T08:15:00Z"
CHANGED = "2024-12-01T09:00:05Z"


# -- data ---------------------------------------------------------------------------------

def vocabulary(rng: random.Random, size: int, alphabet: str) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        n = min(14, max(1, int(rng.lognormvariate(1.7, 0.45))))
        words.add("".join(rng.choice(alphabet) for _ in range(n)))
    return sorted(words)


def generate(n: int, seed: int, path: Path) -> None:
    """N units as marshalled tuples: (en, ru, hy, outlet index, published, score)."""
    import bisect
    import itertools

    rng = random.Random(seed)
    size = 20000
    weights = list(itertools.accumulate(1.0 / (k + 1) ** 1.07 for k in range(size)))
    total = weights[-1]
    vocabs = [vocabulary(rng, size, a) for a in (LATIN, CYRILLIC, ARMENIAN)]
    # a few words that need escaping, as in real news text (AT&T, <b>, "quotes")
    for v in vocabs:
        v[137] = "AT&T"
        v[411] = "<b>"

    def sentence(v: list[str]) -> str:
        picks = [v[bisect.bisect_left(weights, rng.random() * total)] for _ in range(WORDS)]
        if rng.random() < 0.4:
            picks[rng.randrange(3, WORDS - 3)] += ","
        text = " ".join(picks)
        return text[0].upper() + text[1:] + "."

    rows = []
    for _ in range(n):
        rows.append((sentence(vocabs[0]), sentence(vocabs[1]), sentence(vocabs[2]), rng.randrange(len(OUTLETS)),
                     f"20{rng.randrange(20, 25)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
                     round(rng.uniform(0.3, 1.0), 3)))
    with open(path, "wb") as fh:
        marshal.dump(rows, fh)


def load(path: Path, n: int | None = None) -> list[tuple]:
    with open(path, "rb") as fh:
        rows = marshal.load(fh)
    return rows[:n] if n else rows


def build_db(data: Path, db: Path, n: int) -> dict:
    """A tmkit database of n trilingual units (origin aligned, one story)."""
    from tmkit.normalize import match_key, norm_hash
    from tmkit.store import open_store
    from tmkit.tokenize import match_tokens

    rows = load(data, n)
    store = open_store(db)
    with store.tmx_import_session(), store.transaction():
        story = store.story_id(STORY, "Bench story")
        dropped = store.tmx_drop_indexes()
        uid, vid = store.tmx_next_ids()
        first_vid = vid
        units, variants = [], []
        for en, ru, hy, outlet, published, score in rows:
            units.append((uid, story, None, None, "aligned", "auto", score, "1-1-1", OUTLETS[outlet], published,
                          None, CREATED, CHANGED))
            for lang, text in (("en", en), ("ru", ru), ("hy", hy)):
                norm = match_key(text)
                variants.append((vid, uid, None, lang, None, text, norm, None, None, 1, len(match_tokens(norm)),
                                 norm_hash(norm)))
                vid += 1
            uid += 1
            if len(variants) >= 30000:
                store.tmx_insert_rows(units, variants)
                units, variants = [], []
        store.tmx_insert_rows(units, variants)
        store.tmx_index_variants(first_vid, vid - 1)
        store.tmx_create_indexes(dropped)
    store.close()
    return {"units": len(rows)}


# -- writers --------------------------------------------------------------------------------

def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_floor(rows: list[tuple], out: Path) -> None:
    """The same file as tmkit's export, by string formatting alone."""
    from tmkit import __version__

    created = CREATED.replace("-", "").replace(":", "")
    changed = CHANGED.replace("-", "").replace(":", "")
    outlets = [_esc(o) for o in OUTLETS]
    with open(out, "w", encoding="utf-8", newline="\n") as fh:
        fh.write('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx version="1.4">\n'
                 f'  <header creationtool="tmkit" creationtoolversion="{__version__}" segtype="sentence" '
                 'o-tmf="tmkit" adminlang="en" srclang="en" datatype="plaintext"/>\n  <body>\n')
        write = fh.write
        for i, (en, ru, _, outlet, published, score) in enumerate(rows, 1):
            write(f'    <tu tuid="{i}" creationdate="{created}" changedate="{changed}">\n'
                  f'      <prop type="x-story">{STORY}</prop>\n'
                  f'      <prop type="x-outlet">{outlets[outlet]}</prop>\n'
                  f'      <prop type="x-published">{published}</prop>\n'
                  '      <prop type="x-align">1-1</prop>\n'
                  f'      <prop type="x-score">{score:.3f}</prop>\n'
                  f'      <tuv xml:lang="en"><seg>{_esc(en)}</seg></tuv>\n'
                  f'      <tuv xml:lang="ru"><seg>{_esc(ru)}</seg></tuv>\n'
                  '    </tu>\n')
        fh.write("  </body>\n</tmx>\n")


def write_lxml(rows: list[tuple], out: Path) -> None:
    """lxml's incremental writer. Writing each <tu> as a finished element: opening tuv
    with xf.element() and an xml:lang attribute declares ns0 for it (not well-formed)."""
    from lxml import etree

    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    with etree.xmlfile(str(out), encoding="utf-8") as xf:
        xf.write_declaration()
        xf.write_doctype('<!DOCTYPE tmx SYSTEM "tmx14.dtd">')
        with xf.element("tmx", version="1.4"):
            xf.write(etree.Element("header", creationtool="lxml", creationtoolversion=etree.__version__,
                                   segtype="sentence", adminlang="en", srclang="en", datatype="plaintext",
                                   **{"o-tmf": "lxml"}))
            with xf.element("body"):
                for i, (en, ru, _, outlet, published, score) in enumerate(rows, 1):
                    tu = etree.Element("tu", tuid=str(i), creationdate="20241130T081500Z",
                                       changedate="20241201T090005Z")
                    for ptype, value in (("x-story", STORY), ("x-outlet", OUTLETS[outlet]),
                                         ("x-published", published), ("x-align", "1-1"),
                                         ("x-score", f"{score:.3f}")):
                        etree.SubElement(tu, "prop", type=ptype).text = value
                    for lang, text in (("en", en), ("ru", ru)):
                        tuv = etree.SubElement(tu, "tuv", {xml_lang: lang})
                        etree.SubElement(tuv, "seg").text = text
                    xf.write(tu)


def write_tt(rows: list[tuple], out: Path) -> None:
    from translate.storage import tmx

    store = tmx.tmxfile(sourcelanguage="en", targetlanguage="ru")
    for en, ru, *_ in rows:
        store.addtranslation(en, "en", ru, "ru")
    with open(out, "wb") as fh:
        store.serialize(fh)


# -- one measured task per process -------------------------------------------------------------

def rss_mb() -> float:
    """This process's peak resident memory. Linux's VmHWM, not ru_maxrss: a child
    process's ru_maxrss starts at its parent's peak (the fork before exec counts)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def task(name: str, work: Path, n: int, extra: str | None) -> dict:
    data = work / "data.marshal"
    out: dict = {"task": name, "units": n}
    if name == "generate":
        t = time.perf_counter()
        generate(n, int(extra or 1), data)
        out["seconds"] = time.perf_counter() - t
    elif name == "build":
        t = time.perf_counter()
        build_db(data, work / f"db-{n}.sqlite", n)
        out["seconds"] = time.perf_counter() - t
        out["mb"] = (work / f"db-{n}.sqlite").stat().st_size / 1e6
    elif name in ("floor", "lxml", "ttwrite"):
        rows = load(data, n)
        base = rss_mb()
        t = time.perf_counter()
        {"floor": write_floor, "lxml": write_lxml, "ttwrite": write_tt}[name](rows, work / f"{name}.tmx")
        out["seconds"] = time.perf_counter() - t
        out["data_mb"] = base
    elif name == "export":
        from tmkit.export import export_tmx
        from tmkit.store import open_store

        t = time.perf_counter()
        with open_store(work / f"db-{n}.sqlite", readonly=True) as store:
            report = export_tmx(store, work / f"export-{n}.tmx", ["en", "ru"])
        out["seconds"] = time.perf_counter() - t
        out["written"] = report.counts["units"]
        out["second_mb"] = report.second_process_mb or 0.0
    elif name == "import":
        from tmkit.importers.tmx import import_tmx
        from tmkit.store import open_store

        db = work / "imported.sqlite"
        t = time.perf_counter()
        store = open_store(db)
        report = import_tmx(store, Path(extra))
        store.close()  # the WAL checkpoint is part of the work
        out["seconds"] = time.perf_counter() - t
        out["imported"] = report.imported
        out["reader_mb"] = report.reader_peak_mb or 0.0
    elif name == "ttparse":
        from translate.storage import tmx

        t = time.perf_counter()
        store = tmx.tmxfile.parsefile(extra)
        out["seconds"] = time.perf_counter() - t
        out["read"] = len(store.units)
    elif name == "iterparse":
        from lxml import etree

        t = time.perf_counter()
        count = 0
        for _, el in etree.iterparse(extra, events=("end",), tag="tu", resolve_entities=False, no_network=True):
            count += 1
            el.clear(keep_tail=False)
            while el.getprevious() is not None:
                del el.getparent()[0]
        out["seconds"] = time.perf_counter() - t
        out["read"] = count
    elif name == "check-lxml":
        from lxml import etree

        count = sum(1 for _ in etree.iterparse(extra, events=("end",), tag="tu"))
        out["read"] = count
    else:
        raise SystemExit(f"unknown task {name}")
    out["rss_mb"] = rss_mb()
    return out


def run(name: str, work: Path, n: int, extra: str | None = None) -> dict:
    cmd = [sys.executable, __file__, "--task", name, "--work", str(work), "--units", str(n)]
    if extra:
        cmd += ["--extra", extra]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"task {name} failed")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# -- the run ------------------------------------------------------------------------------------

def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--units", type=int, default=1_000_000)
    ap.add_argument("--quick", action="store_true", help="100,000 units")
    ap.add_argument("--tt-units", type=int, help="run translate-toolkit's writer on this many units and scale")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", help="keep the generated files in this folder")
    ap.add_argument("--task", help=argparse.SUPPRESS)
    ap.add_argument("--work", help=argparse.SUPPRESS)
    ap.add_argument("--extra", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.task:
        print(json.dumps(task(args.task, Path(args.work), args.units, args.extra)))
        return
    n = 100_000 if args.quick else args.units
    small = min(100_000, n)
    tt_n = min(args.tt_units or n, n)
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="tmx-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    say = lambda *a: print(*a, flush=True)  # noqa: E731
    try:
        say(f"tmkit TMX bench: {n:,} en→ru units, {WORDS} words a segment, seed {args.seed}, "
            f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
        say(f"data generated in {run('generate', work, n, str(args.seed))['seconds']:.1f} s")
        built = run("build", work, n)
        if small != n:
            run("build", work, small)
        say(f"database of {n:,} trilingual units built in {built['seconds']:.1f} s ({built['mb']:.0f} MB)")

        r: dict[str, dict] = {}
        r["floor"] = run("floor", work, n)
        r["export"] = run("export", work, n)
        r["export_small"] = run("export", work, small)
        r["lxml"] = run("lxml", work, n)
        r["ttwrite"] = run("ttwrite", work, tt_n)
        exported = work / f"export-{n}.tmx"
        same = (work / "floor.tmx").read_bytes() == exported.read_bytes()
        lxml_ok = run("check-lxml", work, n, str(work / "lxml.tmx"))["read"] == n
        (work / "floor.tmx").unlink()
        r["iterparse"] = run("iterparse", work, n, str(exported))
        r["ttparse"] = run("ttparse", work, n, str(exported))
        r["import"] = run("import", work, n, str(exported))
        assert r["import"]["imported"] == n and r["ttparse"]["read"] == n

        scale = n / tt_n
        tt_write = r["ttwrite"]["seconds"] * scale
        size_mb = exported.stat().st_size / 1e6

        def line(label: str, seconds: float, units: int, rss: str) -> None:
            say(f"  {label:<52} {seconds:8.1f} {units / seconds:>11,.0f} {rss:>16}")

        say(f"\nwriting the en→ru file ({size_mb:,.0f} MB)                       seconds     units/s      peak RSS MB")
        line("string formatting from memory (floor)", r["floor"]["seconds"], n,
             f"{r['floor']['rss_mb']:.0f} (data {r['floor']['data_mb']:.0f})")
        def both(e: dict) -> str:
            return f"{e['rss_mb'] + e['second_mb']:.0f} ({e['rss_mb']:.0f}+{e['second_mb']:.0f})"

        line("tmkit export from the database (two processes)", r["export"]["seconds"], n, both(r["export"]))
        line(f"tmkit export, {small:,} units", r["export_small"]["seconds"], small, both(r["export_small"]))
        line("lxml xmlfile from memory, one <tu> element at a time", r["lxml"]["seconds"], n,
             f"{r['lxml']['rss_mb']:.0f} (data {r['lxml']['data_mb']:.0f})")
        label = "translate-toolkit from memory" + (f" ({tt_n:,} units, x{scale:g})" if tt_n != n else "")
        line(label, tt_write, n, f"{r['ttwrite']['rss_mb']:.0f} (data {r['ttwrite']['data_mb']:.0f})")
        say(f"  the floor wrote the same bytes as tmkit: {'yes' if same else 'NO'}; "
            f"lxml's file is well-formed: {'yes' if lxml_ok else 'NO'}")
        say("\nreading it")
        line("lxml iterparse with clearing (stores nothing)", r["iterparse"]["seconds"], n,
             f"{r['iterparse']['rss_mb']:.0f}")
        line("translate-toolkit parse", r["ttparse"]["seconds"], n, f"{r['ttparse']['rss_mb']:.0f}")
        imp = r["import"]
        imp_rss = imp["rss_mb"] + imp["reader_mb"]
        line("tmkit import: parse, normalise, store, index, commit", imp["seconds"], n,
             f"{imp_rss:.0f} ({imp['rss_mb']:.0f}+{imp['reader_mb']:.0f})")

        exp = r["export"]
        exp_rss = exp["rss_mb"] + exp["second_mb"]
        growth = exp_rss / (r["export_small"]["rss_mb"] + r["export_small"]["second_mb"])
        targets = [
            ("export within 2.5x the floor", exp["seconds"] / r["floor"]["seconds"], "x", lambda v: v <= 2.5),
            ("export at least 5x faster than translate-toolkit", tt_write / exp["seconds"], "x", lambda v: v >= 5),
            ("export peak RSS under 100 MB (both processes)", exp_rss, " MB", lambda v: v < 100),
            (f"export RSS flat from {small:,} to {n:,} units (within 20%)", growth, "x", lambda v: v <= 1.2),
            ("import within 1.5x translate-toolkit's parse", imp["seconds"] / r["ttparse"]["seconds"], "x",
             lambda v: v <= 1.5),
            ("import peak RSS under 250 MB (both processes)", imp_rss, " MB", lambda v: v < 250),
        ]
        say("\ntargets")
        for label, value, unit, ok in targets:
            say(f"  {label:<60} {value:8.2f}{unit:<3} {'PASS' if ok(value) else 'FAIL'}")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
