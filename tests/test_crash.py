"""Crash safety and concurrency with real processes.

Real `tmkit import`, `tmkit import-tmx` and `tmkit align` processes are killed with
SIGKILL at random (seeded) moments; afterwards the database must pass its integrity
check, every article and every TMX file must be wholly present or wholly absent, no unit
may point at a missing segment, and running the same command again must reach the same
counts as an uninterrupted run.
The kill trials are marked slow (`make test-slow`, run by CI); the concurrency test is
quick and runs by default.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT

LATIN = ["armenia", "border", "talks", "minister", "said", "the", "on", "treaty", "village", "commission"]
CYRILLIC = ["армения", "граница", "переговоры", "министр", "заявил", "договор", "село", "комиссия", "в", "и"]
ARMENIAN = ["հայաստան", "սահման", "բանակցություններ", "նախարար", "հայտարարեց", "պայմանագիր", "գյուղ", "և"]
STOP = {"en": ".", "ru": ".", "hy": "։"}


def _sentence(rng: random.Random, words: list[str], lang: str) -> str:
    ws = [rng.choice(words) for _ in range(rng.randint(6, 16))]
    return " ".join(ws).capitalize() + f" {rng.randint(1, 2030)}{STOP[lang]}"


def make_corpus(root: Path, stories: int, seed: int = 0) -> Path:
    """Story folders in three languages with ~30 sentences each."""
    rng = random.Random(seed)
    for k in range(stories):
        folder = root / f"story-{k:04d}"
        folder.mkdir(parents=True)
        n_par = rng.randint(4, 10)
        for lang, words in (("en", LATIN), ("ru", CYRILLIC), ("hy", ARMENIAN)):
            paras = [" ".join(_sentence(rng, words, lang) for _ in range(3)) for _ in range(n_par)]
            (folder / f"{lang}.txt").write_text("\n\n".join(paras) + "\n", encoding="utf-8")
    return root


def tmkit(*args: str) -> list[str]:
    return [sys.executable, "-m", "tmkit", *args]


def counts(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("stories", "articles", "segments", "units", "variants", "variant_segments")}
    finally:
        conn.close()


def assert_consistent(db: Path) -> None:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        # every article wholly present: its recorded segment count is what is stored
        partial = conn.execute(
            """SELECT a.id FROM articles a
               WHERE a.n_segments != (SELECT count(*) FROM segments s WHERE s.article_id = a.id)""").fetchall()
        assert partial == []
        # units never point at missing segments, and have every variant they were made with
        dangling = conn.execute(
            """SELECT vs.variant_id FROM variant_segments vs
               LEFT JOIN segments s ON s.id = vs.segment_id WHERE s.id IS NULL""").fetchall()
        assert dangling == []
        lonely = conn.execute(
            "SELECT u.id FROM units u WHERE (SELECT count(*) FROM variants v WHERE v.unit_id = u.id) < 2").fetchall()
        assert lonely == []
    finally:
        conn.close()


def run_and_kill(cmd: list[str], delay: float, cwd: Path) -> int:
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    return proc.wait(timeout=60)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("crash") / "corpus", stories=400)


# What each kill left behind: (command, stored part, full size). At least one kill must
# land in the middle of the writing, or the trials prove nothing.
KILLED: list[tuple[str, int, int]] = []


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory) -> dict[str, dict[str, int]]:
    """Counts of an uninterrupted import, and of an uninterrupted import + align."""
    db = tmp_path_factory.mktemp("ref") / "ref.db"
    t0 = time.perf_counter()
    subprocess.run(tmkit("--db", str(db), "import", str(corpus)), check=True, capture_output=True)
    import_s = time.perf_counter() - t0
    after_import = counts(db)
    t0 = time.perf_counter()
    subprocess.run(tmkit("--db", str(db), "align"), check=True, capture_output=True)
    align_s = time.perf_counter() - t0
    return {"import": after_import, "align": counts(db), "seconds": {"import": import_s, "align": align_s}}


@pytest.mark.slow
@pytest.mark.parametrize("trial", range(12))
def test_killed_import_then_rerun(corpus: Path, reference, tmp_path: Path, trial: int) -> None:
    rng = random.Random(1000 + trial)
    db = tmp_path / "k.db"
    # reading and checking every file comes first; the kills aim at the writing that follows
    t = reference["seconds"]["import"]
    run_and_kill(tmkit("--db", str(db), "import", str(corpus)), rng.uniform(0.55 * t, 1.05 * t), tmp_path)
    if db.exists():
        assert_consistent(db)
        KILLED.append(("import", counts(db)["articles"], reference["import"]["articles"]))
    subprocess.run(tmkit("--db", str(db), "import", str(corpus)), check=True, capture_output=True)
    assert_consistent(db)
    assert counts(db) == reference["import"]


@pytest.mark.slow
@pytest.mark.parametrize("trial", range(10))
def test_killed_align_then_rerun(corpus: Path, reference, tmp_path: Path, trial: int) -> None:
    rng = random.Random(2000 + trial)
    db = tmp_path / "a.db"
    subprocess.run(tmkit("--db", str(db), "import", str(corpus)), check=True, capture_output=True)
    # the alignment is computed first and stored story by story at the end: aim there
    t = reference["seconds"]["align"]
    run_and_kill(tmkit("--db", str(db), "align"), rng.uniform(0.6 * t, 1.05 * t), tmp_path)
    assert_consistent(db)
    KILLED.append(("align", counts(db)["units"], reference["align"]["units"]))
    subprocess.run(tmkit("--db", str(db), "align"), check=True, capture_output=True)
    assert_consistent(db)
    assert counts(db) == reference["align"]


def make_tmx(path: Path, units: int, seed: int = 0) -> Path:
    """A TMX file of ``units`` en/ru/hy units (pairs and triples) in the shape CAT tools write."""
    rng = random.Random(seed)
    tags = {"en": "en-US", "ru": "ru-RU", "hy": "hy-AM"}
    words = {"en": LATIN, "ru": CYRILLIC, "hy": ARMENIAN}
    with open(path, "w", encoding="utf-8") as fh:
        fh.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="test" '
                 'creationtoolversion="1" segtype="sentence" o-tmf="test" adminlang="en-US" srclang="en-US" '
                 'datatype="plaintext"/><body>\n')
        for i in range(units):
            langs = ["en", "ru", "hy"] if i % 3 == 0 else ["en", rng.choice(["ru", "hy"])]
            fh.write(f'<tu tuid="{i}" creationdate="20240101T000000Z"><prop type="x-client">c{i % 7}</prop>')
            for lang in langs:
                text = _sentence(rng, words[lang], lang).replace("&", "&amp;")
                fh.write(f'<tuv xml:lang="{tags[lang]}"><seg>{text}</seg></tuv>')
            fh.write("</tu>\n")
        fh.write("</body></tmx>\n")
    return path


def children_of(pid: int) -> list[int]:
    """Process ids whose parent is ``pid`` (Linux /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as fh:
                    stat = fh.read()
            except OSError:
                continue
            # the fields after the command name (which may hold spaces) start with state, ppid
            if int(stat.rsplit(b")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except OSError:
        return False


def tmx_state(db: Path) -> tuple[int, int]:
    """(TMX files recorded, units imported from TMX)."""
    conn = sqlite3.connect(db)
    try:
        files = conn.execute("SELECT count(*) FROM sources WHERE kind = 'tmx'").fetchone()[0]
        units = conn.execute("SELECT count(*) FROM units WHERE origin = 'tmx'").fetchone()[0]
        return files, units
    finally:
        conn.close()


# A small file is read in the importing process; one of 16 MB or more by a second reader
# process, which must not outlive a killed importer.
TMX_SIZES = {"small": 6_000, "large": 60_000}


@pytest.fixture(scope="module")
def tmx_files(tmp_path_factory) -> dict[str, dict]:
    """Each generated TMX file with the counts and time of an uninterrupted import."""
    root = tmp_path_factory.mktemp("tmx")
    files = {}
    for name, n in TMX_SIZES.items():
        path = make_tmx(root / f"{name}.tmx", n, seed=len(name))
        db = root / f"{name}.db"
        t0 = time.perf_counter()
        subprocess.run(tmkit("--db", str(db), "import-tmx", str(path)), check=True, capture_output=True)
        files[name] = {"path": path, "seconds": time.perf_counter() - t0, "counts": counts(db),
                       "units": tmx_state(db)[1], "bytes": path.stat().st_size}
    assert files["small"]["bytes"] < 16 << 20 <= files["large"]["bytes"]
    return files


@pytest.mark.slow
@pytest.mark.parametrize("size, trial", [(size, t) for size in TMX_SIZES for t in range(5)])
def test_killed_import_tmx_then_rerun(tmx_files, tmp_path: Path, size: str, trial: int) -> None:
    rng = random.Random(3000 + 10 * len(size) + trial)
    ref = tmx_files[size]
    db = tmp_path / "x.db"
    # an article import first, so that the kill must leave the earlier work untouched
    subprocess.run(tmkit("--db", str(db), "import", str(ROOT / "corpora")), check=True, capture_output=True)
    before = counts(db)
    proc = subprocess.Popen(tmkit("--db", str(db), "import-tmx", str(ref["path"])), cwd=tmp_path,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.perf_counter() + rng.uniform(0.2, 1.0) * ref["seconds"]
    readers: set[int] = set()
    while time.perf_counter() < deadline and proc.poll() is None:
        readers.update(children_of(proc.pid))
        time.sleep(0.02)
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    code = proc.wait(timeout=60)
    # a reader process left behind would hold the file and memory forever
    t_end = time.time() + 15
    while any(alive(p) for p in readers) and time.time() < t_end:
        time.sleep(0.05)
    assert not [p for p in readers if alive(p)], "the TMX reader process outlived the killed import"
    assert_consistent(db)
    files, units = tmx_state(db)
    assert (files, units) in ((0, 0), (1, ref["units"])), "a TMX file was half imported"
    after = counts(db)
    if files == 0:
        assert after == before
    KILLED.append(("import-tmx", code, int(size == "large" and bool(readers))))
    check = subprocess.run(tmkit("--db", str(db), "check"), capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    subprocess.run(tmkit("--db", str(db), "import-tmx", str(ref["path"])), check=True, capture_output=True)
    assert_consistent(db)
    assert tmx_state(db) == (1, ref["units"])
    # the reference import went into an empty database: the same rows must have been added
    assert {k: n - before[k] for k, n in counts(db).items()} == ref["counts"]


@pytest.mark.slow
def test_some_kills_landed_mid_write() -> None:
    for command in ("import", "align"):
        states = [(part, full) for c, part, full in KILLED if c == command]
        assert any(0 < part < full for part, full in states), (command, states)
    # import-tmx is all or nothing, so its kills show in the exit code: some must have hit a
    # running import, and some of those while the second reader process was at work
    tmx = [(code, reader) for c, code, reader in KILLED if c == "import-tmx"]
    assert any(code == -signal.SIGKILL for code, _ in tmx), tmx
    assert any(code == -signal.SIGKILL and reader for code, reader in tmx), tmx


def test_readers_and_writers_together(tmp_path: Path) -> None:
    """While one process imports, others export, search and look up terms; a second import
    started at the same time completes too. No 'database is locked', bounded in time."""
    corpus_a = make_corpus(tmp_path / "a", stories=60, seed=1)
    corpus_b = make_corpus(tmp_path / "b", stories=20, seed=2)
    for folder in (corpus_b / p for p in os.listdir(corpus_b)):
        folder.rename(corpus_a.parent / "b" / ("b-" + folder.name))
    db = tmp_path / "c.db"
    subprocess.run(tmkit("--db", str(db), "import", str(ROOT / "corpora")), check=True, capture_output=True)
    subprocess.run(tmkit("--db", str(db), "glossary", "import", str(ROOT / "glossary")), check=True,
                   capture_output=True)
    subprocess.run(tmkit("--db", str(db), "align"), check=True, capture_output=True)
    writers = [subprocess.Popen(tmkit("--db", str(db), "import", str(c)), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True) for c in (corpus_a, corpus_a.parent / "b")]
    readers = []
    deadline = time.time() + 60
    while any(w.poll() is None for w in writers) and time.time() < deadline:
        for args in (("export", "tmx", "-", "--src", "en", "--tgt", "hy"), ("search", "CSTO"), ("term", "ОДКБ"),
                     ("stats",)):
            readers.append(subprocess.run(tmkit("--db", str(db), *args), capture_output=True, text=True, timeout=60))
    outs = [w.communicate(timeout=60) for w in writers]
    assert [w.returncode for w in writers] == [0, 0], outs
    assert readers, "the imports finished before any reader ran"
    for r in readers:
        assert r.returncode == 0, r.stderr
        assert "locked" not in r.stderr and "busy" not in r.stderr
    exports = [r.stdout for r in readers if r.stdout.startswith("<?xml")]
    assert exports and all(e.count("<tu ") == 84 for e in exports)  # a consistent snapshot every time
    assert counts(db)["stories"] == 3 + 60 + 20
    assert_consistent(db)
