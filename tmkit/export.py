"""Exporting the memory: TMX files from the store.

The output is written to a temporary file beside the target and renamed into place when
complete, so a failed or interrupted export never leaves a half-written TMX behind.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tmkit.errors import InputError, TmkitError, UsageError
from tmkit.formats.profiles import get_profile
from tmkit.formats.tmx import TmxWriter


@dataclass
class UnitFilter:
    """Which units to export; every field is optional and they combine with AND."""

    story: str | None = None
    statuses: Sequence[str] | None = None
    min_score: float | None = None
    origins: Sequence[str] | None = None
    outlet: str | None = None
    since: str | None = None
    until: str | None = None
    dedupe: str = "none"

    def as_kwargs(self) -> dict[str, Any]:
        return {"story": self.story, "statuses": self.statuses, "min_score": self.min_score,
                "origins": self.origins, "outlet": self.outlet, "since": self.since,
                "until": self.until, "dedupe": self.dedupe}


@dataclass
class ExportReport:
    """What an export wrote."""

    path: str
    langs: list[str]
    counts: dict[str, int] = field(default_factory=dict)
    second_process_mb: float | None = None  # peak memory of the second process, if there was one

    def summary(self) -> str:
        c = self.counts
        skipped = [f"{c[k]} {k.replace('skipped_', '')}" for k in ("skipped_empty", "skipped_long", "skipped_illegal") if c.get(k)]
        illegal = f", {c['illegal_chars']} XML-illegal characters encoded" if c.get("illegal_chars") else ""
        return (f"wrote {c.get('units', 0)} units ({'-'.join(self.langs)}) to {self.path}"
                + (f"; skipped {', '.join(skipped)}" if skipped else "") + illegal)


def export_tmx(
    store: Any,
    out: str | os.PathLike[str],
    langs: Sequence[str],
    *,
    profile: str = "generic",
    lang_tags: dict[str, str] | None = None,
    illegal: str = "tag",
    filters: UnitFilter | None = None,
    progress: Callable[[Iterable[Any], int | None, str], Iterable[Any]] | None = None,
    parallel: bool | None = None,
) -> ExportReport:
    """Write the units that have ``langs[0]`` and at least one other of ``langs`` as TMX.

    Two languages give a bilingual file (every unit has both); more give multilingual
    units, refused for profiles whose tool cannot read them. ``out`` may be ``-`` for
    standard output. ``parallel`` writes the second half of a large memory in a second
    process (None: from :data:`PARALLEL_MIN_UNITS` units, when the database allows it).
    """
    prof = get_profile(profile)
    langs = list(langs)
    if len(langs) > 2 and not prof.multilingual:
        raise UsageError(
            f"the {prof.name} profile exports one language pair per file ({prof.tool} memories are "
            "bilingual); use --src/--tgt, or --profile generic for multilingual units"
        )
    filters = filters or UnitFilter()
    query = dict(langs=langs, require=[langs[0]] if len(langs) > 2 else langs, min_langs=2,
                 **filters.as_kwargs())
    # counting takes a fifth of the time of the export itself: only for a progress bar
    total = store.count_export_units(**query) if progress else None
    wrap = progress or (lambda it, n, label: it)
    report = ExportReport(path=str(out), langs=langs)

    writer_args = dict(srclang=langs[0], profile=prof, lang_tags=lang_tags, illegal=illegal)
    split = None if parallel is False else store.split_units(2 if parallel else PARALLEL_MIN_UNITS)
    part_dir = None if str(out) == "-" else str(Path(out).parent)

    def write(stream: Any) -> None:
        writer = TmxWriter(stream, **writer_args)
        if split is None:
            with store.snapshot():
                _write_rows(writer, wrap(store.iter_export_rows(**query), total, "exporting"), langs)
        else:
            with _SecondHalf(store, query, writer_args, split, part_dir) as other:
                rows = store.iter_export_rows(**query, id_below=split if other.started else None)
                _write_rows(writer, wrap(rows, total and total // 2 if other.started else total, "exporting"),
                            langs)
                writer.flush()
                other.append_to(stream, writer.counts)
                report.second_process_mb = other.peak_mb
        writer.close()
        report.counts = writer.counts

    if str(out) == "-":
        write(sys.stdout.buffer)
        sys.stdout.flush()
        report.path = "<stdout>"
        return report
    target = Path(out)
    if target.is_dir():
        raise InputError(f"{target}: is a folder; give a file name such as en-hy.tmx")
    if not target.parent.exists():
        raise InputError(f"{target}: folder {target.parent} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=".tmkit-", suffix=".tmx", dir=str(target.parent))
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return report


# -- two processes ------------------------------------------------------------------------------
#
# Reading rows from SQLite and formatting them each take about half of an export's time,
# and one Python process does one thing at a time. A large export is therefore split at
# the middle unit id: a second process writes the second half to a temporary file while
# this one writes the first half, then that file is appended. Both read the very same
# snapshot of the database (see SQLiteStore.shared_snapshot), so the file is what a single
# process would have written, byte for byte.

#: Memories with at least this many units are exported by two processes.
PARALLEL_MIN_UNITS = 100_000


def _write_rows(writer: TmxWriter, rows: Iterable[Any], langs: Sequence[str]) -> None:
    write_row = writer.write_row
    for row in rows:
        write_row(row, langs)


class _SecondHalf:
    """The second process of a split export, from its start to its removed temporary file."""

    def __init__(self, store: Any, query: dict[str, Any], writer_args: dict[str, Any], split: int,
                 part_dir: str | None) -> None:
        self.store, self.query, self.writer_args, self.split = store, query, writer_args, split
        self.part_dir = part_dir
        self.started = False
        self.peak_mb: float | None = None  # the second process's peak memory
        self.proc: Any = None
        self.part: str | None = None

    def __enter__(self) -> "_SecondHalf":
        self._context = self.store.shared_snapshot(self._start)
        self.started = self._context.__enter__()
        return self

    def _start(self) -> None:
        import json
        import subprocess

        import tmkit

        fd, self.part = tempfile.mkstemp(prefix=".tmkit-part-", suffix=".tmx", dir=self.part_dir)
        os.close(fd)
        args = {"db": self.store.path, "part": self.part, "query": dict(self.query, id_from=self.split),
                "writer": {k: v for k, v in self.writer_args.items() if k != "profile"},
                "profile": self.writer_args["profile"].name}
        root = str(Path(tmkit.__file__).resolve().parents[1])
        env = dict(os.environ)
        env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "from tmkit.export import _second_half_main; _second_half_main()"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        self.proc.stdin.write(json.dumps(args).encode())
        self.proc.stdin.close()
        # the other process has its snapshot once it says so; only then may writers go on
        if self.proc.stdout.readline().strip() != b"ready":
            raise TmkitError(self._failure("could not start"))

    def _failure(self, what: str) -> str:
        code = self.proc.wait()
        return f"the second export process {what} (exit code {code}); nothing was written"

    def append_to(self, stream: Any, counts: dict[str, int]) -> None:
        """Wait for the second half, add its units to ``stream`` and its counts to ``counts``."""
        import json
        import shutil

        if not self.started:
            return
        line = self.proc.stdout.readline()
        if self.proc.wait() != 0 or not line:
            raise TmkitError(self._failure("failed"))
        result = json.loads(line)
        self.peak_mb = result.pop("peak_mb", None)
        for key, n in result.items():
            counts[key] = counts.get(key, 0) + n
        with open(self.part, "rb") as part:
            shutil.copyfileobj(part, stream, 1 << 20)

    def __exit__(self, *exc: Any) -> None:
        try:
            self._context.__exit__(*exc)
        finally:
            if self.proc is not None:
                if self.proc.poll() is None:
                    self.proc.kill()
                self.proc.wait()
                self.proc.stdout.close()
            if self.part:
                with contextlib.suppress(OSError):
                    os.unlink(self.part)


def _peak_rss_mb() -> float | None:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _second_half_main() -> None:
    """The second process (``python -c``): arguments as JSON on stdin; says ``ready`` once
    it reads its snapshot, writes its units to the part file, then prints its counts."""
    import json

    from tmkit.store import open_store

    args = json.loads(sys.stdin.read())
    out = sys.stdout
    sys.stdout = sys.stderr
    store = open_store(args["db"], readonly=True)
    query = args["query"]
    langs = query["langs"]
    with store.snapshot():
        rows = store.iter_export_rows(**query)
        first = next(rows, None)  # the snapshot starts with this read
        out.write("ready\n")
        out.flush()
        with open(args["part"], "wb") as fh:
            writer = TmxWriter(fh, profile=get_profile(args["profile"]), document=False, **args["writer"])
            if first is not None:
                writer.write_row(first, langs)
                _write_rows(writer, rows, langs)
            writer.close()
    store.close()
    out.write(json.dumps(dict(writer.counts, peak_mb=_peak_rss_mb())) + "\n")
    out.flush()
