"""Reading text files from users: BOMs, encodings, binary files and size limits.

Everything that turns bytes from disk into a ``str`` for the importers goes through
:func:`read_text`, so every importer refuses the same bad files with the same messages.
"""

from __future__ import annotations

import codecs
import os
import re
from pathlib import Path
from typing import Any

from tmkit.errors import EncodingError, FormatError, InputError, UsageError

#: An article larger than this is almost certainly not an article (a dump, a log, a
#: binary); refusing it early keeps memory and time bounded.
MAX_ARTICLE_BYTES = 20 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.xlsx/.odt file)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"\x7fELF", "a program (ELF binary)"),
    (b"{\\rtf", "an RTF document"),
)

#: The most bytes an XML file may hold without a ``>``. More is one text, comment, tag or
#: attribute value larger than libxml2 accepts anyway (10 MB), but which its incremental
#: parser would first buffer whole: a zip of a few kilobytes could cost gigabytes of memory.
MAX_MARKUP_RUN = 16 * 1024 * 1024

# C0/C1 control characters that have no place in article text (tab and newline stay).
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def check_readable_file(path: str | os.PathLike[str]) -> Path:
    """Return ``path`` as a Path if it is an existing regular, readable file."""
    p = Path(path)
    if not p.exists():
        if p.is_symlink():
            raise InputError(f"{p}: a broken symbolic link (or a loop of links)")
        raise InputError(f"{p}: no such file")
    if p.is_dir():
        raise InputError(f"{p}: is a folder, not a file")
    if not p.is_file():
        raise InputError(f"{p}: not a regular file")
    if not os.access(p, os.R_OK):
        raise InputError(f"{p}: permission denied")
    return p


def magic_kind(data: bytes) -> str | None:
    """What binary format ``data`` starts like ("a PDF document" …), or None."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    return None


def sniff_utf16(data: bytes) -> str | None:
    """Name the UTF-16 byte order of BOM-less ``data`` from its zero bytes, or None."""
    sample = data[:4096]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    # In UTF-16 text of one alphabet the high byte of each code unit takes very few
    # values (0x00 for spaces and ASCII, 0x04 for Cyrillic, 0x05 for Armenian, 0x20 for
    # typographic quotes), while the low bytes vary. UTF-8 text never contains NUL.
    for order, high in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        counts: dict[int, int] = {}
        for b in high:
            counts[b] = counts.get(b, 0) + 1
        top = sorted(counts.values(), reverse=True)[:3]
        if counts.get(0, 0) and sum(top) >= 0.9 * len(high):
            low = sample[0::2] if order == "utf-16-le" else sample[1::2]
            if low.count(0) < 0.1 * len(low):
                return order
    return None


def decode(data: bytes, name: str, encoding: str | None = None, *, encoding_option: bool = True) -> str:
    """Decode ``data`` (the contents of file ``name``) to ``str``.

    A BOM decides the encoding; otherwise ``encoding`` if given, else strict UTF-8. Binary
    content and undecodable bytes raise :class:`InputError` / :class:`EncodingError` with a
    message that says what to do (``encoding_option``: the command has ``--encoding``;
    without it, the advice is to save the file as UTF-8).
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(enc)
            except UnicodeDecodeError as exc:
                raise EncodingError(f"{name}: broken {enc.upper()} text at byte {exc.start}") from None
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise UsageError(f"unknown encoding {encoding!r} (try utf-8, cp1251, koi8-r, utf-16)") from None
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise EncodingError(f"{name}: not valid {encoding} at byte {exc.start}") from None
    what = magic_kind(data)
    if what:
        raise InputError(f"{name}: this is {what}, not a text file")
    utf16 = sniff_utf16(data)
    if utf16:
        try:
            return data.decode(utf16)
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:65536]:
        raise InputError(f"{name}: binary file (it contains NUL bytes), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        cp1251 = _looks_cp1251(data)
        if encoding_option:
            advice = ("It looks like Windows-1251 (Cyrillic): give" if cp1251 else "Give") + \
                " its encoding with --encoding, e.g. --encoding cp1251"
        else:
            advice = ("It looks like Windows-1251 (Cyrillic): save" if cp1251 else "Save") + " it as UTF-8"
        raise EncodingError(f"{name}: not valid UTF-8 (line {line}, byte {exc.start}). {advice}") from None


def _looks_cp1251(data: bytes) -> bool:
    sample = data[:65536]
    high = sum(1 for b in sample if 0xC0 <= b <= 0xFF)
    return high > len(sample) * 0.2


def read_text(
    path: str | os.PathLike[str], encoding: str | None = None, max_bytes: int = MAX_ARTICLE_BYTES,
    *, what: str | None = None,
) -> str:
    """Read a user's text file: checks, decoding (:func:`decode`), newline and control clean-up.

    Returns text with ``\\n`` newlines and without control characters other than tab and
    newline. Raises :class:`InputError` for a missing, unreadable, empty, binary,
    over-large or undecodable file. ``what`` names a file that is not an article ("a
    glossary file"): its messages then do not speak of articles or of ``--encoding``.
    """
    p = check_readable_file(path)
    size = p.stat().st_size
    if size > max_bytes:
        limit = f"{max_bytes // 1048576} MB" if max_bytes >= 1048576 else f"{max_bytes // 1024} KB"
        raise InputError(
            f"{p}: {size / 1048576:.1f} MB is too large for {what or 'an article'} (the limit is {limit})"
            + ("" if what else "; split it into articles")
        )
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"{p}: cannot read: {exc.strerror}") from None
    text = decode(data, str(p), encoding, encoding_option=what is None)
    text = clean_controls(text)
    if not text.strip():
        raise InputError(f"{p}: the file is empty")
    return text


def clean_controls(text: str) -> str:
    """Unify newlines to ``\\n`` and drop control characters other than tab and newline."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL_RE.sub("", text)


class MarkupStream:
    """A binary stream handed to an XML parser that fails (:class:`FormatError`) once
    ``limit`` bytes pass without a ``>``, so that a parser bomb costs no memory."""

    def __init__(self, stream: Any, name: str, limit: int = MAX_MARKUP_RUN) -> None:
        self._stream, self._name, self._limit = stream, name, limit
        self._run = 0  # bytes since the last ">"
        self._offset = 0

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size)
        gt = data.rfind(b">")
        self._run = len(data) - gt - 1 if gt >= 0 else self._run + len(data)
        self._offset += len(data)
        if self._run > self._limit:
            raise FormatError(
                f"{self._name}: more than {self._limit >> 20} MB without any markup (byte {self._offset}): "
                "a text, comment, tag or attribute that large is a parser bomb, not a document; refused"
            )
        return data
