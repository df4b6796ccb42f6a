"""The end-to-end demo: shipped corpora and glossary → database → alignment → TMX files."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from tmkit.errors import InputError

PAIR_FILES = (("en", "hy"), ("en", "ru"), ("ru", "hy"))


def find_data_dir(name: str) -> Path:
    """``corpora`` or ``glossary``: in the current folder, else beside the tmkit package."""
    here = Path.cwd() / name
    if here.is_dir():
        return here
    beside = Path(__file__).resolve().parent.parent / name
    if beside.is_dir():
        return beside
    raise InputError(f"cannot find the {name}/ folder; run from the tmkit checkout or pass --{name} DIR")


def run_demo(
    out: str | os.PathLike[str],
    corpora: str | os.PathLike[str] | None = None,
    glossary_dir: str | os.PathLike[str] | None = None,
    progress: Callable[[Iterable[Any], int | None, str], Iterable[Any]] | None = None,
) -> dict[str, Any]:
    """Build ``out/tmkit.db`` from scratch and write the demo TMX files; return a summary."""
    from tmkit import glossary, qa
    from tmkit.export import export_tmx
    from tmkit.importers.articles import import_paths
    from tmkit.memory import align_stories
    from tmkit.store import open_store

    corpora_dir = Path(corpora) if corpora else find_data_dir("corpora")
    glossary_path = Path(glossary_dir) if glossary_dir else find_data_dir("glossary")
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    db_path = out_dir / "tmkit.db"
    for suffix in ("", "-wal", "-shm"):
        p = Path(str(db_path) + suffix)
        if p.exists():
            p.unlink()
    summary: dict[str, Any] = {"database": str(db_path), "files": {}}
    with open_store(db_path) as store:
        imported = import_paths(store, [corpora_dir], progress=progress)
        summary["import"] = imported.as_dict()
        summary["glossary"] = glossary.load(store, glossary_path)
        aligned = align_stories(store, progress=progress)
        summary["align"] = aligned.summary()
        for src, tgt in PAIR_FILES:
            path = out_dir / f"{src}-{tgt}.tmx"
            report = export_tmx(store, path, [src, tgt], profile="generic")
            summary["files"][path.name] = report.counts["units"]
        path = out_dir / "multilingual.tmx"
        report = export_tmx(store, path, ["en", "ru", "hy"], profile="generic")
        summary["files"][path.name] = report.counts["units"]
        summary["stats"] = store.stats()
        summary["qa"] = {f"{a}-{b}": qa.check_terms(store, a, b).summary_dict() for a, b in PAIR_FILES}
    return summary

