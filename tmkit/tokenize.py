"""Word tokens for matching, search and term look-up (not for display).

A token is a run of letters, digits and combining marks. Armenian ``՞ ՜ ՛`` sit inside
words (``Ի՞նչ``) and are dropped rather than splitting the word, as is the apostrophe of
``don't``/``Pashinyan's``; hyphens split words (``Nagorno-Karabakh`` → two tokens) except
an Armenian or Russian case ending after an abbreviation (``ՀԱՊԿ-ից``, ``ОДКБ-шный``),
which stays attached so that the stemmer can remove it.
"""

from __future__ import annotations

import re
import unicodedata

# Marks that are written inside a word and must not split it.
_INWORD_MARKS = "\u055b\u055c\u055e\u055f"  # ՛ ՜ ՞ ՟
_APOSTROPHES = "'’ʼ"
_TOKEN_RE = re.compile(r"[^\W_](?:[^\W_]|[" + _INWORD_MARKS + r"]|[" + _APOSTROPHES + r"](?=[^\W\d_]))*")
# An upper-case abbreviation followed by a hyphenated Armenian or Russian inflection
# (ՀԱՊԿ-ից, ЕАЭС-е); English "CSTO-led" is two words.
_ABBR_SUFFIX_RE = re.compile(r"\b([A-ZА-ЯЁԱ-Ֆ]{2,})[-\u058a\u2010\u2011]([ա-ֆа-яё]{1,4})\b")
_HYPHENS = "-\u058a\u2010\u2011"  # hyphen-minus, Armenian hyphen, hyphen, non-breaking hyphen
_TRANSLATE = str.maketrans({"ё": "е", "Ё": "Е", "\u0587": "եւ"})
_STRIP_MARKS = dict.fromkeys(map(ord, _INWORD_MARKS + "\u00ad\u200b\u200c\u200d\u2060"), None)


# A token that words() joined from an abbreviation and its ending (ՀԱՊԿից, ЕАЭСе).
_ABBR_ENDING_RE = re.compile(r"([A-ZА-ЯЁԱ-Ֆ]{2,})[ա-ֆа-яё]{1,4}")


def without_abbr_ending(word: str) -> str:
    """The abbreviation of a token that :func:`words` joined with its case ending
    (``ՀԱՊԿից`` → ``ՀԱՊԿ``, ``ЕАЭСе`` → ``ЕАЭС``); any other word unchanged."""
    m = _ABBR_ENDING_RE.fullmatch(word)
    return m.group(1) if m else word


def _has_hyphen(text: str) -> bool:
    return any(h in text for h in _HYPHENS)


def fold(word: str) -> str:
    """Case- and orthography-folded form of a word: lower case, ``ё``→``е``, ``և``→``եւ``,
    in-word marks and apostrophes removed."""
    word = unicodedata.normalize("NFC", word).translate(_STRIP_MARKS).translate(_TRANSLATE)
    return word.casefold().replace("'", "").replace("’", "").replace("ʼ", "")


def words(text: str) -> list[str]:
    """The word tokens of ``text`` as written (marks kept), in order."""
    text = _ABBR_SUFFIX_RE.sub(r"\1\2", text) if _has_hyphen(text) else text
    return _TOKEN_RE.findall(text)


def folded_words(text: str) -> list[str]:
    """:func:`words` passed through :func:`fold`."""
    return [fold(w) for w in words(text)]


def spans(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, word)`` for each token, with offsets into ``text``: the tokens of
    :func:`words` (an abbreviation with its case ending, ``ՀԱՊԿ-ից``, is one token
    ``ՀԱՊԿից`` spanning the hyphen), so that terms and texts are cut the same way."""
    out = [(m.start(), m.end(), m.group()) for m in _TOKEN_RE.finditer(text)]
    if not _has_hyphen(text):
        return out
    joined = {m.start(1): (m.end(2), m.group(1) + m.group(2)) for m in _ABBR_SUFFIX_RE.finditer(text)}
    if not joined:
        return out
    merged: list[tuple[int, int, str]] = []
    i = 0
    while i < len(out):
        start, end, word = out[i]
        j = joined.get(start)
        if j is not None and i + 1 < len(out) and out[i + 1][1] == j[0]:
            merged.append((start, j[0], j[1]))
            i += 2
            continue
        merged.append((start, end, word))
        i += 1
    return merged


_MATCH_TOKEN_RE = re.compile(r"\w+|[^\w\s]")


def match_tokens(norm: str) -> list[str]:
    """Tokens of an already folded text (:func:`tmkit.normalize.match_key`) for CAT-style
    fuzzy matching: words and punctuation marks, as translators count them."""
    return _MATCH_TOKEN_RE.findall(norm)
