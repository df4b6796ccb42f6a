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

from tmkit.errors import InputError, UsageError
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
) -> ExportReport:
    """Write the units that have ``langs[0]`` and at least one other of ``langs`` as TMX.

    Two languages give a bilingual file (every unit has both); more give multilingual
    units, refused for profiles whose tool cannot read them. ``out`` may be ``-`` for
    standard output.
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

    def write(stream: Any) -> None:
        writer = TmxWriter(stream, srclang=langs[0], profile=prof, lang_tags=lang_tags, illegal=illegal)
        with store.snapshot():
            write_row = writer.write_row
            for row in wrap(store.iter_export_rows(**query), total, "exporting"):
                write_row(row, langs)
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
