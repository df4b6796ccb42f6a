"""Language codes and scripts.

tmkit works on Armenian (``hy``), Russian (``ru``) and English (``en``). Files and TMX
language tags arrive in many spellings (``hy-AM``, ``HY_am``, ``arm``, ``hye``, ``ru-RU``,
``en-GB``); :func:`normalize_tag` reduces them to a primary ISO 639-1 code, and
:func:`check_script` refuses a text whose letters belong to another script than its
declared language uses.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from tmkit.errors import LanguageMismatchError, UsageError

#: The languages tmkit segments, stems and aligns, in the order used for output.
LANGS: tuple[str, ...] = ("en", "ru", "hy")

NAMES = {"en": "English", "ru": "Russian", "hy": "Armenian"}

#: The script each supported language is written in (ISO 15924).
SCRIPTS = {"en": "Latn", "ru": "Cyrl", "hy": "Armn"}
SCRIPT_NAMES = {"Latn": "Latin", "Cyrl": "Cyrillic", "Armn": "Armenian"}

# ISO 639-2 (bibliographic and terminology) and a few legacy or odd spellings seen in
# TMX files from CAT tools, mapped to ISO 639-1. Languages other than ours are kept so
# that a client's en-de TMX still imports its English side with the right code.
_LEGACY = {
    "arm": "hy", "hye": "hy", "armenian": "hy",
    "rus": "ru", "russian": "ru",
    "eng": "en", "english": "en",
    "ger": "de", "deu": "de", "fre": "fr", "fra": "fr", "spa": "es", "ita": "it",
    "geo": "ka", "kat": "ka", "aze": "az", "tur": "tr", "ukr": "uk", "per": "fa",
    "fas": "fa", "bel": "be", "kaz": "kk", "chi": "zh", "zho": "zh", "ara": "ar",
    "pol": "pl", "por": "pt", "dut": "nl", "nld": "nl", "gre": "el", "ell": "el",
}

_TAG_RE = re.compile(r"^[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*$")


def normalize_tag(tag: str, lang_map: Mapping[str, str] | None = None) -> str:
    """Return the primary language code (lower-case ISO 639-1 where one exists) of ``tag``.

    Matching is case-insensitive and accepts ``_`` for ``-``: ``hy-AM``, ``HY_am``,
    ``arm``, ``hye`` all give ``hy``. ``lang_map`` maps odd tags (compared
    case-insensitively, whole tag) to a code first, e.g. ``{"armenian-eastern": "hy"}``.
    Raises :class:`UsageError` for something that is not a language tag at all.
    """
    raw = (tag or "").strip()
    if lang_map:
        for key, value in lang_map.items():
            if key.lower().replace("_", "-") == raw.lower().replace("_", "-"):
                raw = value
                break
    if not raw or not _TAG_RE.match(raw):
        raise UsageError(f"not a language tag: {tag!r} (expected e.g. en, ru, hy, hy-AM)")
    primary = re.split(r"[-_]", raw)[0].lower()
    return _LEGACY.get(primary, primary)


def parse_lang(code: str) -> str:
    """Validate a language given on the command line and return ``en``, ``ru`` or ``hy``."""
    try:
        lang = normalize_tag(code)
    except UsageError:
        lang = None
    if lang not in LANGS:
        raise UsageError(
            f"unknown language {code!r}; tmkit supports {', '.join(LANGS)} "
            "(tags such as hy-AM or ru-RU are accepted too)"
        )
    return lang


def parse_langs(spec: str) -> list[str]:
    """Parse ``en,ru,hy`` into a list of distinct supported codes, in the given order."""
    langs = [parse_lang(part) for part in spec.split(",") if part.strip()]
    if len(langs) < 2:
        raise UsageError(f"give at least two languages, e.g. en,hy (got {spec!r})")
    if len(set(langs)) != len(langs):
        raise UsageError(f"a language is listed twice in {spec!r}")
    return langs


def script_of(ch: str) -> str | None:
    """The script (``Armn``, ``Cyrl``, ``Latn``) of a letter, or None for other characters."""
    o = ord(ch)
    if 0x0531 <= o <= 0x058F or 0xFB13 <= o <= 0xFB17:
        return "Armn" if ch.isalpha() else None
    if 0x0400 <= o <= 0x052F or 0x1C80 <= o <= 0x1C8F or 0x2DE0 <= o <= 0x2DFF or 0xA640 <= o <= 0xA69F:
        return "Cyrl" if ch.isalpha() else None
    if ch.isalpha() and (o < 0x0250 or 0x1E00 <= o <= 0x1EFF):
        return "Latn"
    return None


def script_counts(text: str, limit: int = 200_000) -> dict[str, int]:
    """Count letters per script in (at most the first ``limit`` characters of) ``text``."""
    counts = {"Armn": 0, "Cyrl": 0, "Latn": 0, "other": 0}
    for ch in text[:limit]:
        if ch.isalpha():
            counts[script_of(ch) or "other"] += 1
    return counts


def check_script(text: str, lang: str, what: str = "the text", min_share: float = 0.6) -> None:
    """Raise :class:`LanguageMismatchError` unless ``lang``'s script dominates ``text``.

    Russian and Armenian news quote Latin names and acronyms, so the test is a share of
    letters (``min_share``), not purity. Texts with fewer than 20 letters are not judged.
    """
    counts = script_counts(text)
    total = sum(counts.values())
    if total < 20:
        return
    expected = SCRIPTS[lang]
    share = counts[expected] / total
    if share >= min_share:
        return
    found = max(("Armn", "Cyrl", "Latn"), key=counts.__getitem__)
    guess = {v: k for k, v in SCRIPTS.items()}[found]
    raise LanguageMismatchError(
        f"{what} is labelled {NAMES[lang]} ({lang}) but {counts[found] * 100 // total}% of its "
        f"letters are {SCRIPT_NAMES[found]}, only {share:.0%} {SCRIPT_NAMES[expected]}; "
        f"is it {NAMES[guess]}? Rename the file or pass --lang {guess}"
    )

