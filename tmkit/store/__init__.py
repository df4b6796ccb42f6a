"""Storage of stories, segments, translation units and the glossary.

:class:`SQLiteStore` is the one backend today; all SQL lives behind it. A PostgreSQL
store for team-shared memories is planned as a second class with the same methods,
returning the same records (:mod:`tmkit.models`).
"""

from __future__ import annotations

import os

from tmkit.store.sqlite import KNOWN_MIGRATIONS, NeedsUpgrade, SQLiteStore, utcnow

__all__ = ["KNOWN_MIGRATIONS", "SQLiteStore", "open_store", "utcnow"]


def open_store(path: str | os.PathLike[str], *, create: bool = True, readonly: bool = False) -> SQLiteStore:
    """Open (and create or upgrade) the tmkit database at ``path``.

    A database from an older tmkit opened for reading is upgraded first when the file is
    writable, so read-only commands work on it too.
    """
    try:
        return SQLiteStore(path, create=create, readonly=readonly)
    except NeedsUpgrade:
        if not os.access(path, os.W_OK):
            raise
        SQLiteStore(path, create=False).close()
        return SQLiteStore(path, create=create, readonly=readonly)
