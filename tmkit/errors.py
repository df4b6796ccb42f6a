"""Exceptions raised by tmkit's library code.

Every error a user can cause (bad file, wrong language, locked database …) is a
:class:`TmkitError` with a message that says what to do. The CLI prints the message on
one line and exits with :attr:`TmkitError.exit_code`; it never shows a traceback for them.
:func:`counted` words the counts in messages and summaries.
"""


class TmkitError(Exception):
    """Base class: a failure the user can act on. Exit code 1 (failed)."""

    exit_code = 1


class UsageError(TmkitError):
    """The command was called wrongly (unknown language code, bad option value). Exit 2."""

    exit_code = 2


class InputError(TmkitError):
    """An input file cannot be used (missing, empty, binary, wrong encoding, mislabelled)."""


class EncodingError(InputError):
    """A text file is not in the expected encoding."""


class LanguageMismatchError(InputError):
    """The text is written in a different script than its declared language uses."""


class StoreError(TmkitError):
    """The database cannot be opened or used (not SQLite, newer schema, read-only …)."""


class FormatError(InputError):
    """A TMX/TBX/CSV file is malformed; the message names the line and column if known."""


class NotFoundError(TmkitError):
    """Something asked for by name or id does not exist."""


def counted(count: int, noun: str) -> str:
    """``1 unit``, ``2 units``: a count with its noun, for messages and summaries."""
    return f"{count} {noun}{'' if count == 1 else 's'}"
