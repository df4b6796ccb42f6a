"""Reading text files from users: BOMs, encodings, binary files and size limits.

Everything that turns bytes from disk into a ``str`` for the importers goes through
:func:`read_text`, so every importer refuses the same bad files with the same messages.
"""

from __future__ import annotations

import codecs
import os
import re
from pathlib import Path

from tmkit.errors import EncodingError, InputError, UsageError

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

# C0/C1 control characters that have no place in article text (tab and newline stay).
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def check_readable_file(path: str | os.PathLike[str]) -> Path:
    """Return ``path`` as a Path if it is an existing regular, readable file."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file")
    if p.is_dir():
        raise InputError(f"{p}: is a folder, not a file")
    if not p.is_file():
        raise InputError(f"{p}: not a regular file")
    if not os.access(p, os.R_OK):
        raise InputError(f"{p}: permission denied")
    return p


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


def decode(data: bytes, name: str, encoding: str | None = None) -> str:
    """Decode ``data`` (the contents of file ``name``) to ``str``.

    A BOM decides the encoding; otherwise ``encoding`` if given, else strict UTF-8. Binary
    content and undecodable bytes raise :class:`InputError` / :class:`EncodingError` with a
    message that says what to do.
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
    for magic, what in _MAGIC:
        if data.startswith(magic):
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
        hint = ""
        if _looks_cp1251(data):
            hint = " It looks like Windows-1251 (Cyrillic):"
        raise EncodingError(
            f"{name}: not valid UTF-8 (line {line}, byte {exc.start}).{hint} "
            "give its encoding with --encoding, e.g. --encoding cp1251"
        ) from None


def _looks_cp1251(data: bytes) -> bool:
    sample = data[:65536]
    high = sum(1 for b in sample if 0xC0 <= b <= 0xFF)
    return high > len(sample) * 0.2


def read_text(
    path: str | os.PathLike[str], encoding: str | None = None, max_bytes: int = MAX_ARTICLE_BYTES
) -> str:
    """Read a user's text file: checks, decoding (:func:`decode`), newline and control clean-up.

    Returns text with ``\\n`` newlines and without control characters other than tab and
    newline. Raises :class:`InputError` for a missing, unreadable, empty, binary,
    over-large or undecodable file.
    """
    p = check_readable_file(path)
    size = p.stat().st_size
    if size > max_bytes:
        raise InputError(
            f"{p}: {size / 1048576:.1f} MB is too large for an article "
            f"(the limit is {max_bytes // 1048576} MB); split it into articles"
        )
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"{p}: cannot read: {exc.strerror}") from None
    text = decode(data, str(p), encoding)
    text = clean_controls(text)
    if not text.strip():
        raise InputError(f"{p}: the file is empty")
    return text


def clean_controls(text: str) -> str:
    """Unify newlines to ``\\n`` and drop control characters other than tab and newline."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL_RE.sub("", text)
