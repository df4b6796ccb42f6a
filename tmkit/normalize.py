"""Text normalisation.

Two levels, never mixed up:

- :func:`clean` is applied to text *before it is stored*: Unicode NFC, unified newlines,
  no stray spaces. It changes nothing a reader would see.
- :func:`match_key` gives the form used *for matching and de-duplication only*: case,
  quote and dash styles, whitespace, zero-width characters, ``ё``/``е``, ``և``/``եւ``,
  Armenian in-word marks (``՞ ՜ ՛``) and the Armenian full stop written as ``:`` are all
  folded. The full-text index is built on it. It is stored beside the
  original, never instead of it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_SPACE_RE = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")

# Zero-width and formatting characters that make two equal-looking strings differ, and
# the Armenian marks written inside a word (Ի՞նչ, Մի՛ արա, կա՜): they must not split it.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u055b\u055c\u055e\u055f"), None)

_FOLD = str.maketrans(
    {
        # quotes
        "«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"',
        "‹": "'", "›": "'", "‘": "'", "’": "'", "‚": "'", "‛": "'", "ʼ": "'", "`": "'",
        "´": "'", "′": "'", "՚": "'",
        # dashes and hyphens
        "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-", "֊": "-",
        # Armenian full stop and the ASCII colon that web text uses for it
        "։": ":", "․": ".",
        # Armenian comma-like pause: web text types a backtick or apostrophe for it
        "՝": "'",
        "ё": "е", "Ё": "е",
        "…": "...",
        "\u0587": "եւ",
    }
)


def clean(text: str) -> str:
    """NFC, ``\\n`` newlines, spaces collapsed inside lines, stripped ends.

    The result is what tmkit stores and exports: it looks exactly like the input.
    """
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = (_SPACE_RE.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(lines).strip()


def clean_segment(text: str) -> str:
    """:func:`clean` for one segment: a single line, inner newlines become spaces."""
    return _SPACE_RE.sub(" ", unicodedata.normalize("NFC", text).replace("\n", " ")).strip()


# One pass over the text: the characters to fold or drop, found by a compiled class
# (C speed) and replaced through a dict only where they occur — a str.translate with a
# dict table costs a Python lookup per character.
_FOLD_MAP: dict[str, str] = {chr(k): (v if isinstance(v, str) else chr(v)) for k, v in _FOLD.items()}
_FOLD_MAP.update({chr(k): "" for k in _INVISIBLE})
_FOLD_RE = re.compile("[" + re.escape("".join(_FOLD_MAP)) + "]")


def match_key(text: str) -> str:
    """The folded form of ``text`` for matching and duplicate detection.

    >>> match_key("«Армения вернётся»  —  сказал") == match_key('"армения вернется" - сказал')
    True
    """
    if not text.isascii() and not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return " ".join(_FOLD_RE.sub(_fold_char, text.casefold()).split())


def _fold_char(m: re.Match[str]) -> str:
    return _FOLD_MAP[m.group()]


def norm_hash(norm: str) -> int:
    """A stable signed 64-bit hash of a folded text (for an index of exact duplicates)."""
    return int.from_bytes(hashlib.blake2b(norm.encode("utf-8"), digest_size=8).digest(), "little", signed=True)
