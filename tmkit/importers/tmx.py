"""Importing TMX files into the store (``tmkit import-tmx``).

One file is one transaction: all of its units or none. The file is streamed
(:class:`tmkit.formats.tmx.TmxReader`); for large files the reading, folding and hashing
run in a second process while this one writes to the database, so the two cores of a
small machine both work.

What becomes of a ``<tu>``:

- its ``<tuv>`` with text become variants (language normalised, original tag, plain
  text for matching, inline markup kept for re-export, ``<prop>``/``<note>`` kept);
  empty ones are dropped and counted, as is a second ``<tuv>`` in the same language;
- a unit left with fewer than two languages is skipped and counted (``no_text``);
- a unit that cannot be read (a ``<tuv>`` without a language, an unresolvable entity)
  stops the import with its line number — nothing is imported — unless
  ``skip_bad_units``, which skips and reports it;
- tmkit's own props (``x-story``, ``x-outlet``, ``x-url``, ``x-published``, ``x-align``,
  ``x-score``, ``x-status``, and their memoQ/Trados spellings) go back into the unit's
  fields, so that export → import → export gives the same file; other props and notes
  are kept as they are.

Duplicates. Two units are *duplicates* when they have the same languages with the same
texts after folding (:func:`tmkit.normalize.match_key`); a *conflict* is a unit with the
same source text and languages but another translation. The source is the unit's
variant in ``srclang`` (the tu's, else the header's), or its first variant. With
``on_duplicate``:

============  ===========================  =====================================
policy        duplicate                    conflict
============  ===========================  =====================================
skip          not imported (counted)       imported beside the existing unit
overwrite     replaces the existing unit   replaces the existing unit
keep-both     imported beside it           imported beside it
============  ===========================  =====================================

Only units that came from TMX files are ever replaced; a duplicate of an aligned or
manual unit is skipped under ``overwrite``. Earlier units of the same file count as
existing. Re-importing a file whose content (SHA-256) was imported before and whose
units are all still there does nothing under ``skip`` (the result would be the same).

Speed and memory (``bench/tmx_bench.py``). Files of 16 MB or more are read, folded and
hashed in a second process that streams prepared rows through a pipe, while this one
only writes. Possible duplicates are found with a Bloom filter of the (language, text
hash) of every variant in the memory and before in the file (about 32 bits a variant:
16 MB for four million), built here and handed to the reading process; only its hits
(real duplicates, and about one unit in a thousand) are looked up in SQL. An import
larger than the memory it goes into runs in bulk mode (indexes built at the end, see
:class:`_Importer`); foreign-key checks are off for the transaction (the importer only
inserts rows that refer to rows it inserted) and the full-text index is written in
large flushes. Memory stays flat whatever the file size.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tmkit.errors import FormatError, TmkitError, UsageError, counted
from tmkit.tokenize import match_tokens

POLICIES = ("skip", "overwrite", "keep-both")

#: Files at least this large are read in a second process (when ``parallel`` is None).
PARALLEL_MIN_BYTES = 16 * 1024 * 1024
#: Units per batch passed from the reading process.
BATCH_UNITS = 2000
#: Variants per INSERT batch, and per full-text index flush.
ROWS_PER_INSERT = 5000
VARIANTS_PER_INDEX = 50_000
#: Bulk mode (indexes built at the end) for imports of at least this many variants
#: (estimated from the file size) and more than twice what the memory holds.
BULK_MIN_VARIANTS = 50_000
#: Possible duplicates put aside in bulk mode before it gives up.
MAX_DEFERRED = 20_000
#: Batches the reading process may have ready ahead of the database (some 2 MB each):
#: enough to go on reading while a full-text index flush takes a second or two.
QUEUE_BATCHES = 16
#: SQLite's page cache during an import (MB).
CACHE_MB = 32
#: The full-text index's write buffer during an import (bytes).
FTS_BUFFER = 64 * 1024 * 1024
#: Problems of skipped units listed in the report (all are counted).
MAX_LISTED = 100

_ALIGN_RE = re.compile(r"\d+(?:-\d+)+")
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_STATUSES = ("auto", "confirmed", "rejected")


@dataclass
class TmxImportReport:
    """Counts of one TMX import.

    Every unit read is imported or skipped (as a duplicate, for lack of text, or as a
    bad unit); ``conflicts``, ``duplicates["kept"]`` and ``duplicates["overwritten"]``
    count imported units again by what they met in the memory.
    """

    path: str
    read: int = 0
    imported: int = 0  # units added (and still there at the end)
    duplicates: dict[str, int] = field(default_factory=lambda: {"skipped": 0, "overwritten": 0, "kept": 0})
    conflicts: int = 0  # imported beside an existing unit with another translation
    no_text: int = 0  # skipped: fewer than two languages with text
    bad_units: int = 0  # skipped with skip_bad_units
    empty_variants: int = 0  # <tuv> without text, dropped
    extra_variants: int = 0  # a second <tuv> of one language in a unit, dropped
    bad_dates: int = 0  # dates that could not be read (the import time is used)
    langs: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    malformed: str | None = None  # with skip_bad_units: the XML error that ended the file
    unchanged: bool = False  # the same file was imported before: nothing to do
    source_id: int | None = None
    parallel: bool = False  # read in a second process
    reader_peak_mb: float | None = None  # that process's peak memory

    def summary(self) -> str:
        if self.unchanged:
            return (f"{self.path}: already imported (same content, its units are all still there); "
                    "nothing to do — use --on-duplicate overwrite or keep-both to import it again")
        d = self.duplicates
        out = f"{self.path}: read {counted(self.read, 'unit')}, imported {self.imported}"
        if self.langs:
            out += " (" + ", ".join(f"{lang} {n}" for lang, n in self.langs.items()) + ")"
        skipped = [text for n, text in (
            (d["skipped"], counted(d["skipped"], "duplicate")),
            (self.no_text, f"{self.no_text} without two languages with text"),
            (self.bad_units, counted(self.bad_units, "bad unit"))) if n]
        if skipped:
            out += "; skipped " + ", ".join(skipped)
        extra = [text for n, text in (
            (d["overwritten"], f"replaced {counted(d['overwritten'], 'existing unit')}"),
            (d["kept"], f"kept {counted(d['kept'], 'duplicate')}"),
            (self.conflicts, f"kept {counted(self.conflicts, 'other translation')} beside the existing one"),
            (self.empty_variants, f"dropped {counted(self.empty_variants, 'empty segment')}"),
            (self.extra_variants, f"dropped {counted(self.extra_variants, 'second segment')} in one language"),
            (self.bad_dates, f"{counted(self.bad_dates, 'unreadable date')} replaced by the import time")) if n]
        if extra:
            out += "; " + "; ".join(extra)
        if self.malformed:
            out += f"; the file ends in malformed XML, nothing after it was read: {self.malformed}"
        return out

    def as_dict(self) -> dict[str, Any]:
        return {"path": self.path, "read": self.read, "imported": self.imported,
                "duplicates": dict(self.duplicates), "conflicts": self.conflicts, "no_text": self.no_text,
                "bad_units": self.bad_units, "empty_variants": self.empty_variants,
                "extra_variants": self.extra_variants, "bad_dates": self.bad_dates, "langs": self.langs,
                "problems": self.problems, "malformed": self.malformed, "unchanged": self.unchanged}

    def counts(self) -> dict[str, Any]:
        """What is recorded with the source in the database."""
        out = self.as_dict()
        del out["path"], out["problems"], out["unchanged"]
        return out


def parse_lang_map(specs: Iterable[str]) -> dict[str, str]:
    """``--lang-map x-eastern-armenian=hy`` options into ``{"x-eastern-armenian": "hy"}``."""
    from tmkit.langs import normalize_tag

    out: dict[str, str] = {}
    for spec in specs:
        if "=" not in spec:
            raise UsageError(f"--lang-map wants TAG=LANG, e.g. arm-east=hy (got {spec!r})")
        tag, lang = (part.strip() for part in spec.split("=", 1))
        if not tag:
            raise UsageError(f"--lang-map wants TAG=LANG, e.g. arm-east=hy (got {spec!r})")
        out[tag] = normalize_tag(lang)
    return out


def file_sha256(path: str | os.PathLike[str]) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# -- reading and preparing units (in this process or a second one) --------------------------

def _meta_names() -> dict[str, str]:
    """Prop type (lower case) → tmkit field, for every profile's spelling."""
    from tmkit.formats.profiles import PROFILES
    from tmkit.formats.tmx import META_PROPS

    names: dict[str, str] = {}
    for prof in PROFILES.values():
        for key in META_PROPS:
            names.setdefault(prof.prop(key).lower(), key)
    return names


@dataclass
class _Start:
    """What the reading side needs from the database side."""

    source_id: int
    first_uid: int
    first_vid: int
    bloom_log2: int
    bloom: bytes | bytearray  # (language, text hash) of every variant in the memory


def _prepare(
    path: str, lang_map: Mapping[str, str] | None, skip_bad: bool, now: str, start: _Start,
    batch_units: int = BATCH_UNITS,
) -> Iterator[Any]:
    """Read a TMX file; yield batches, then a final dict of counts.

    A batch is ``(unit rows, variant rows, possible duplicates, bytes read)``: complete
    rows (ids assigned from ``start``, columns as ``SQLiteStore.TMX_UNIT_COLUMNS`` and
    ``TMX_VARIANT_COLUMNS``) for units that are certainly new — their source is not in
    the Bloom filter of every variant in the memory and before them in the file — and
    ``(uid, vid, unit fields, variant rows, source index)`` for the others, with ids
    reserved in file order, to be looked up. Raises :class:`FormatError` for a bad unit
    unless ``skip_bad``.
    """
    from tmkit.formats.tmx import TmxReader
    from tmkit.normalize import match_key, norm_hash

    meta_names = _meta_names()
    decisions: dict[tuple[str, str], tuple[str | None, Any]] = {}
    props_json: dict[tuple[Any, ...], str | None] = {}
    reader = TmxReader(path, lang_map)
    stats: dict[str, Any] = {"read": 0, "no_text": 0, "bad_units": 0, "empty_variants": 0,
                             "extra_variants": 0, "bad_dates": 0, "problems": [], "imported": 0, "langs": {}}
    problems: list[str] = stats["problems"]
    langs: dict[str, int] = stats["langs"]
    src_cache: dict[str | None, str | None] = {}
    salts: dict[str, int] = {}
    bloom = _Bloom(start.bloom_log2, start.bloom)
    bloom_add = bloom.add
    dumps = json.dumps
    source_id = start.source_id
    uid, vid = start.first_uid, start.first_vid
    unit_rows: list[tuple[Any, ...]] = []
    variant_rows: list[tuple[Any, ...]] = []
    maybe: list[tuple[Any, ...]] = []
    for unit in _until_malformed(reader, skip_bad, stats):
        stats["read"] += 1
        header = reader.header
        if unit.problems:
            where = f"{header.source if header else path}:{unit.line}"
            if not skip_bad:
                raise FormatError(f"{where}: {unit.problems[0]}; nothing was imported "
                                  "(--skip-bad-units imports the other units)")
            stats["bad_units"] += 1
            if len(problems) < MAX_LISTED:
                problems.append(f"{where}: {unit.problems[0]}")
            continue
        if unit.findings:
            stats["bad_dates"] += sum(1 for code, _ in unit.findings if code == "bad-date")
        # the variants to keep: with text, one per language
        seen: set[str] = set()
        variants = []
        for v in unit.variants:
            if not v.text.strip():
                stats["empty_variants"] += 1
            elif v.lang in seen:
                stats["extra_variants"] += 1
            else:
                seen.add(v.lang)  # type: ignore[arg-type]
                variants.append(v)
        if len(variants) < 2:
            stats["no_text"] += 1
            continue
        # the source: the tu's srclang, else the header's, else the first variant
        src_tag = unit.srclang if unit.srclang is not None else (header.srclang if header else None)
        src = src_cache.get(src_tag, "?")
        if src == "?":
            src = None
            if src_tag is not None and src_tag.strip().lower() != "*all*":
                src = reader.lang(src_tag)
            src_cache[src_tag] = src
        src_index = 0
        rows = []
        keys = []
        for i, v in enumerate(variants):
            if v.lang == src:
                src_index = i
            norm = match_key(v.text)
            vprops = None
            if v.props or v.notes:
                vp: dict[str, Any] = {}
                if v.notes:
                    vp["note"] = list(v.notes)
                if v.props:
                    vp["prop"] = [list(p) for p in v.props]
                vprops = dumps(vp, ensure_ascii=False)
            h = norm_hash(norm)
            rows.append((v.lang, v.tag, v.text, norm, v.markup, vprops, 0, count_tokens(norm), h))
            salt = salts.get(v.lang)  # type: ignore[arg-type]
            if salt is None:
                salt = salts[v.lang] = _salt(v.lang)  # type: ignore[index, arg-type]
            keys.append((h ^ salt) & _M64)
        fields = _unit_fields(unit, meta_names, decisions, props_json, now, dumps)
        if keys[src_index] in bloom:
            maybe.append((uid, vid, fields, rows, src_index))
        else:
            unit_rows.append((uid, None, source_id) + fields)
            for i, row in enumerate(rows):
                variant_rows.append((vid + i, uid, None) + row)
                langs[row[0]] = langs.get(row[0], 0) + 1
            stats["imported"] += 1
        for key in keys:
            bloom_add(key)
        uid += 1
        vid += len(rows)
        if len(unit_rows) + len(maybe) >= batch_units:
            yield unit_rows, variant_rows, maybe, reader.bytes_read
            unit_rows, variant_rows, maybe = [], [], []
    if unit_rows or maybe:
        yield unit_rows, variant_rows, maybe, reader.bytes_read
    stats["next_uid"], stats["next_vid"] = uid, vid
    yield stats


def _meta_value(key: str | None, value: str) -> Any:
    """The field value of one of tmkit's props, or None when it does not fit the field."""
    value = value.strip()
    if key is None or not value:
        return None
    if key in ("story", "url", "outlet"):
        return value
    if key == "published":
        return value if _DATE_RE.fullmatch(value) else None
    if key == "align":
        return value if _ALIGN_RE.fullmatch(value) else None
    if key == "score":
        return float(value) if _is_score(value) else None
    if key == "status":
        return value if value in _STATUSES else None
    return None


def _until_malformed(reader: Any, skip_bad: bool, stats: dict[str, Any]) -> Iterator[Any]:
    """The reader's units; with ``skip_bad``, malformed XML ends the file instead of the
    import (the units before it are imported, the error is reported)."""
    from tmkit.formats.tmx import TmxSyntaxError

    try:
        yield from reader
    except TmxSyntaxError as exc:
        if not skip_bad:
            raise
        stats["malformed"] = str(exc)


def _unit_fields(unit: Any, meta_names: dict[str, str], decisions: dict[tuple[str, str], tuple[str | None, Any]],
                 props_json: dict[tuple[Any, ...], str | None], now: str, dumps: Callable[..., str]) -> tuple[Any, ...]:
    """The unit row from ``tuid`` on: tmkit's own props back into fields (the first of each
    kind that fits), the rest kept as they are. ``decisions`` and ``props_json`` cache
    the work for values that repeat (an outlet, a story) across units."""
    fields: dict[str, Any] = {}
    other: list[tuple[str, str]] = []
    for prop in unit.props:
        decision = decisions.get(prop)
        if decision is None:
            key = meta_names.get(prop[0].lower())
            decision = (key, _meta_value(key, prop[1]))
            if len(decisions) < 4096:
                decisions[prop] = decision
        key, value = decision
        if value is None or key in fields:
            other.append(prop)
        else:
            fields[key] = value  # type: ignore[index]
    cache_key = (tuple(unit.notes), tuple(other), fields.get("story"), fields.get("url"))
    props = props_json.get(cache_key, "")
    if props == "":
        data: dict[str, Any] = {}
        if unit.notes:
            data["note"] = list(unit.notes)
        if other:
            data["prop"] = [list(p) for p in other]
        kept = {k: fields[k] for k in ("story", "url") if k in fields}
        if kept:
            data["meta"] = kept
        props = dumps(data, ensure_ascii=False) if data else None
        if len(props_json) < 1024:
            props_json[cache_key] = props
    created = unit.created or unit.changed or now
    return (unit.tuid, "tmx", fields.get("status", "auto"), fields.get("score"), fields.get("align"),
            fields.get("outlet"), fields.get("published"), props, created, unit.changed or created)


def count_tokens(norm: str) -> int:
    """``len(match_tokens(norm))`` without building the list: a whitespace-separated
    word made of letters and digits only is one token, anything else is tokenised."""
    parts = norm.split()
    n = len(parts)
    for part in parts:
        if not part.isalnum():
            n += len(match_tokens(part)) - 1
    return n


def _is_score(value: str) -> bool:
    try:
        x = float(value)
    except ValueError:
        return False
    return 0.0 <= x <= 1.0


def _peak_rss_mb() -> float | None:
    """This process's peak resident memory (Linux), for the report."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


@dataclass
class _Failure:
    """The reading process failed: a tmkit error to raise again, or a traceback (a bug)."""

    error: BaseException | str


def _worker_main() -> None:
    """The reading process (``python -c``): arguments pickled on stdin; batches, then the
    counts or the error, pickled to stdout."""
    import pickle
    import queue
    import sys
    import threading

    args = pickle.load(sys.stdin.buffer)
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing else may write to the data pipe
    with contextlib.suppress(Exception):  # a larger pipe (Linux): fewer stalls
        import fcntl

        fcntl.fcntl(out.fileno(), 1031, 1 << 20)  # F_SETPIPE_SZ
    # A thread writes to the pipe (blocking, without the GIL) while this one goes on
    # reading the file: the importing process finds the next batches ready.
    pending: queue.Queue[bytes | None] = queue.Queue(maxsize=args.pop("queue_batches", QUEUE_BATCHES))

    def write() -> None:
        while (data := pending.get()) is not None:
            try:
                out.write(data)
            except BrokenPipeError:  # the importing process went away: drain and stop
                while pending.get() is not None:
                    pass
                return

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    try:
        for item in _prepare(**args):
            if isinstance(item, dict):
                item["reader_peak_mb"] = _peak_rss_mb()
            pending.put(pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL))
        pending.put(None)
        writer.join()
    except TmkitError as exc:
        try:
            data = pickle.dumps(_Failure(exc), protocol=pickle.HIGHEST_PROTOCOL)
            pickle.loads(data)
        except Exception:  # an error class that does not pickle: its tmkit.errors base
            cls = next(c for c in type(exc).__mro__ if c.__module__ == "tmkit.errors")
            data = pickle.dumps(_Failure(cls(str(exc))), protocol=pickle.HIGHEST_PROTOCOL)
        pending.put(data)
        pending.put(None)
        writer.join()
    except BrokenPipeError:  # the importing process went away
        return
    except BaseException:  # a bug: hand the traceback over
        pending.put(pickle.dumps(_Failure(traceback.format_exc()), protocol=pickle.HIGHEST_PROTOCOL))
        pending.put(None)
        writer.join()
    with contextlib.suppress(BrokenPipeError):
        out.flush()


def _prepared_in_process(path: str, lang_map: Mapping[str, str] | None, skip_bad: bool, now: str,
                         start: _Start) -> Iterator[Any]:
    yield from _prepare(path, lang_map, skip_bad, now, start)


def _prepared_in_worker(path: str, lang_map: Mapping[str, str] | None, skip_bad: bool, now: str,
                        start: _Start) -> Iterator[Any]:
    """:func:`_prepare` run in a second Python process, its batches streamed back through a
    pipe (the pipe's small buffer keeps the reader at most a batch or two ahead)."""
    import pickle
    import subprocess
    import sys

    import tmkit

    root = str(Path(tmkit.__file__).resolve().parents[1])
    env = dict(os.environ)
    env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    proc = subprocess.Popen(
        [sys.executable, "-c", "from tmkit.importers.tmx import _worker_main; _worker_main()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
    try:
        assert proc.stdin is not None and proc.stdout is not None
        pickle.dump({"path": path, "lang_map": dict(lang_map) if lang_map else None, "skip_bad": skip_bad,
                     "now": now, "start": start, "queue_batches": QUEUE_BATCHES}, proc.stdin,
                    protocol=pickle.HIGHEST_PROTOCOL)
        proc.stdin.close()
        while True:
            try:
                item = pickle.load(proc.stdout)
            except EOFError:
                code = proc.wait()
                raise TmkitError(f"{path}: the process reading the file stopped unexpectedly "
                                 f"(exit code {code}); nothing was imported") from None
            if isinstance(item, _Failure):
                if isinstance(item.error, BaseException):
                    raise item.error
                raise RuntimeError(f"the TMX reading process failed:\n{item.error}")
            yield item
            if isinstance(item, dict):
                return
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()


# -- the import --------------------------------------------------------------------------------

class _Bloom:
    """A Bloom filter of 64-bit keys (two probes): 'maybe seen' or 'certainly not'."""

    def __init__(self, log2_bits: int, bits: bytes | bytearray | None = None) -> None:
        self.log2 = log2_bits
        self.mask = (1 << log2_bits) - 1
        self.bits = bytearray(bits) if bits is not None else bytearray(1 << (log2_bits - 3))

    def add(self, key: int) -> None:
        a = key & self.mask
        b = (key >> 32) & self.mask
        bits = self.bits
        bits[a >> 3] |= 1 << (a & 7)
        bits[b >> 3] |= 1 << (b & 7)

    def __contains__(self, key: int) -> bool:
        a = key & self.mask
        b = (key >> 32) & self.mask
        bits = self.bits
        return bool(bits[a >> 3] & (1 << (a & 7))) and bool(bits[b >> 3] & (1 << (b & 7)))


_M64 = (1 << 64) - 1


def _salt(lang: str) -> int:
    return int.from_bytes(hashlib.blake2b(lang.encode(), digest_size=8).digest(), "little")


def import_tmx(
    store: Any,
    path: str | os.PathLike[str],
    *,
    lang_map: Mapping[str, str] | None = None,
    on_duplicate: str = "skip",
    skip_bad_units: bool = False,
    progress: Callable[[Iterable[Any], int | None, str], Iterable[Any]] | None = None,
    parallel: bool | None = None,
) -> TmxImportReport:
    """Import one TMX file (``.tmx``, ``.tmx.gz``, ``.zip``) in one transaction.

    See the module docstring for what is imported and the duplicate policies.
    ``parallel`` reads the file in a second process (None: for files of 16 MB or more).
    Raises :class:`FormatError` for a malformed file (with line and column) or, unless
    ``skip_bad_units``, a bad unit; nothing is imported then.
    """
    from tmkit.store.sqlite import utcnow
    from tmkit.textio import check_readable_file

    if on_duplicate not in POLICIES:
        raise UsageError(f"unknown duplicate policy {on_duplicate!r}; use one of {', '.join(POLICIES)}")
    p = check_readable_file(path)
    report = TmxImportReport(path=str(p))
    sha = file_sha256(p)
    if on_duplicate == "skip":
        previous = store.find_source("tmx", sha)
        if previous:
            before = json.loads(previous.get("counts") or "{}").get("imported")
            if before and store.tmx_count_source_units(previous["id"]) == before:
                report.unchanged = True
                report.source_id = previous["id"]
                return report
    size = p.stat().st_size
    report.parallel = parallel if parallel is not None else size >= PARALLEL_MIN_BYTES
    now = utcnow()
    produce = _prepared_in_worker if report.parallel else _prepared_in_process
    with store.tmx_import_session(cache_mb=CACHE_MB):
        with store.transaction():
            old_buffer = store.tmx_fts_buffer(FTS_BUFFER)
            report.source_id = store.add_source("tmx", str(p), sha, {})
            importer = _Importer(store, report, on_duplicate, size)
            batches = produce(str(p), lang_map, skip_bad_units, now, importer.start())
            if progress:
                mib = 1 << 20
                batches = _ticks(progress(_ticks_of(batches, mib), -(-size // mib), "importing"))
            importer.run(batches)
            store.tmx_fts_buffer(old_buffer)
            store.set_source_counts(report.source_id, report.counts())
            store.tmx_refresh_stats_after(report.imported)
    return report


def _ticks_of(batches: Iterable[Any], unit: int) -> Iterator[Any]:
    """The batches, with a None before them for every ``unit`` bytes of the file read (for
    a progress bar over the file size)."""
    done = 0
    for batch in batches:
        if isinstance(batch, tuple):
            while (done + 1) * unit <= batch[3]:
                done += 1
                yield None
        yield batch


def _ticks(items: Iterable[Any]) -> Iterator[Any]:
    return (item for item in items if item is not None)


class _Importer:
    """Writes the prepared batches and decides about possible duplicates.

    Bulk mode, for an import larger than what the memory already holds: the secondary
    indexes of units and variants are dropped and built again at the end (twice as
    fast as updating them row by row). Duplicate look-ups need them, so possible
    duplicates are put aside (their ids are reserved in file order) and resolved after
    the indexes are back; units that follow one and may duplicate it are possible
    duplicates too, so the outcome is the same as deciding one unit at a time.
    """

    def __init__(self, store: Any, report: TmxImportReport, policy: str, file_size: int) -> None:
        self.store = store
        self.report = report
        self.policy = policy
        self.first_uid, first_vid = store.tmx_next_ids()
        self.indexed_to = first_vid - 1  # variants up to this id are in the full-text index
        self.next_vid = first_vid  # one past the highest variant id used or reserved
        self.unindexed: list[int] = []  # variants inserted at or below indexed_to
        self.units: list[tuple[Any, ...]] = []
        self.variants: list[tuple[Any, ...]] = []
        self.langs: dict[str, int] = {}  # variants imported per language
        self.deferred: list[tuple[Any, ...]] = []
        existing = store.tmx_count_variants()
        expected = file_size // 300  # a TMX variant takes some 300 bytes
        self.bulk: list[str] | None = None
        if expected >= BULK_MIN_VARIANTS and expected > 2 * existing:
            self.bulk = store.tmx_drop_indexes()
        # about 32 bits per variant, at least 2^20 bits, at most 2^31 (256 MB): about
        # one false hit in a thousand units
        self.bloom = _Bloom(max(20, min(31, ((existing + expected) * 32).bit_length())))
        salts: dict[str, int] = {}
        for lang, h in store.tmx_text_keys():
            salt = salts.get(lang)
            if salt is None:
                salt = salts[lang] = _salt(lang)
            self.bloom.add((h ^ salt) & _M64)

    def start(self) -> _Start:
        start = _Start(self.report.source_id or 0, self.first_uid, self.next_vid, self.bloom.log2, self.bloom.bits)
        del self.bloom  # the reading side owns it now
        return start

    def run(self, batches: Iterable[Any]) -> None:
        store = self.store
        for batch in batches:
            if isinstance(batch, dict):
                self._finish(batch)
                continue
            unit_rows, variant_rows, maybe, _ = batch
            if unit_rows:
                if self.units:
                    self._flush()
                store.tmx_insert_rows(unit_rows, variant_rows)
                self.next_vid = max(self.next_vid, variant_rows[-1][0] + 1)
            for uid, vid, fields, rows, src_index in maybe:
                self.next_vid = max(self.next_vid, vid + len(rows))
                if self.bulk is not None:
                    self.deferred.append((uid, vid, fields, rows, src_index))
                    if len(self.deferred) >= MAX_DEFERRED:  # many duplicates: resolve as they come
                        self._end_bulk()
                elif self._resolve(rows, src_index):
                    self._insert(uid, vid, fields, rows)
            self._flush()
        self._end_bulk()
        self._flush(index=True)
        order = {"en": 0, "ru": 1, "hy": 2}
        self.report.langs = dict(sorted(((k, n) for k, n in self.langs.items() if n),
                                        key=lambda kv: (order.get(kv[0], 9), kv[0])))

    def _insert(self, uid: int, vid: int, fields: tuple[Any, ...], rows: list[tuple[Any, ...]]) -> None:
        """Queue one unit with its reserved ids."""
        self.units.append((uid, None, self.report.source_id) + fields)
        for row in rows:
            self.variants.append((vid, uid, None) + row)
            self.langs[row[0]] = self.langs.get(row[0], 0) + 1
            if vid <= self.indexed_to:
                self.unindexed.append(vid)
            vid += 1
        self.report.imported += 1
        if len(self.variants) >= ROWS_PER_INSERT:
            self._flush()

    def _end_bulk(self) -> None:
        """Leave bulk mode: build the indexes again, then resolve the units put aside."""
        if self.bulk is None:
            return
        self._flush(index=True)
        self.store.tmx_create_indexes(self.bulk)
        self.bulk = None
        deferred, self.deferred = self.deferred, []
        for uid, vid, fields, rows, src_index in deferred:
            if self._resolve(rows, src_index):
                self._insert(uid, vid, fields, rows)
        self._flush(index=True)

    def _flush(self, index: bool = False) -> None:
        if self.units:
            self.store.tmx_insert_rows(self.units, self.variants)
            self.units.clear()
            self.variants.clear()
        last = self.next_vid - 1
        if index or last - self.indexed_to >= VARIANTS_PER_INDEX:
            if self.unindexed:
                self.store.tmx_index_variant_ids(self.unindexed)
                self.unindexed.clear()
            self.store.tmx_index_variants(self.indexed_to + 1, last)
            self.indexed_to = last

    def _resolve(self, rows: list[tuple[Any, ...]], src_index: int) -> bool:
        """A possible duplicate: look it up; True to import the unit."""
        self._flush()  # the pending rows must be visible to the query
        report = self.report
        src = rows[src_index]
        mine = {r[0]: r[3] for r in rows}
        same, other = [], []
        for uid, origin, texts in self.store.tmx_units_with_text(src[0], src[8]):
            if texts.get(src[0]) != src[3] or texts.keys() != mine.keys():
                continue  # another text with the same hash, or other languages
            (same if texts == mine else other).append((uid, origin, texts))
        if not same and not other:
            return True
        if self.policy == "keep-both":
            if same:
                report.duplicates["kept"] += 1
            else:
                report.conflicts += 1
            return True
        if self.policy == "skip":
            if same:
                report.duplicates["skipped"] += 1
                return False
            report.conflicts += 1
            return True
        replace = [(uid, texts) for uid, origin, texts in same + other if origin == "tmx"]
        if replace:
            self._flush(index=True)  # deleted variants must be in the index
            self.store.tmx_delete_units([uid for uid, _ in replace])
            report.duplicates["overwritten"] += 1
            for uid, texts in replace:
                if uid >= self.first_uid:  # a unit of this file: no longer imported
                    report.imported -= 1
                    for lang in texts:  # (counted here or, until the end, by the reading side)
                        self.langs[lang] = self.langs.get(lang, 0) - 1
            return True
        if same:  # identical to an aligned or manual unit: never replaced
            report.duplicates["skipped"] += 1
            return False
        report.conflicts += 1
        return True

    def _finish(self, stats: dict[str, Any]) -> None:
        """The reading side's counts, added to the decisions taken here."""
        r = self.report
        r.read = stats["read"]
        r.no_text = stats["no_text"]
        r.bad_units = stats["bad_units"]
        r.empty_variants = stats["empty_variants"]
        r.extra_variants = stats["extra_variants"]
        r.bad_dates = stats["bad_dates"]
        r.problems = stats["problems"]
        r.malformed = stats.get("malformed")
        r.reader_peak_mb = stats.get("reader_peak_mb")
        r.imported += stats["imported"]
        for lang, n in stats["langs"].items():
            self.langs[lang] = self.langs.get(lang, 0) + n
        self.next_vid = max(self.next_vid, stats["next_vid"])
