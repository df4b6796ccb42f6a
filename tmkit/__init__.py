"""tmkit — a translation-memory toolkit for Armenian, Russian and English news.

The library is usable on its own; :mod:`tmkit.cli` is a thin command line over it.
"""

__version__ = "0.1.0"

from tmkit.errors import TmkitError  # noqa: E402  (re-exported for library users)

__all__ = ["TmkitError", "__version__"]
