"""Storage of stories, segments, translation units and the glossary.

:class:`SQLiteStore` is the one backend today; all SQL lives behind it. A PostgreSQL
store for team-shared memories is planned as a second class with the same methods,
returning the same records (:mod:`tmkit.models`).
"""

from __future__ import annotations

import os

from tmkit.store.sqlite import KNOWN_MIGRATIONS, SQLiteStore, utcnow

__all__ = ["KNOWN_MIGRATIONS", "SQLiteStore", "open_store", "utcnow"]


def open_store(path: str | os.PathLike[str], *, create: bool = True, readonly: bool = False) -> SQLiteStore:
    """Open (and create or upgrade) the tmkit database at ``path``."""
    return SQLiteStore(path, create=create, readonly=readonly)
