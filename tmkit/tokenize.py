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
from bisect import bisect_right

# Marks that are written inside a word and must not split it.
_INWORD_MARKS = "\u055b\u055c\u055e\u055f"  # ՛ ՜ ՞ ՟
_APOSTROPHES = "'’ʼ"
_TOKEN_RE = re.compile(r"[^\W_](?:[^\W_]|[" + _INWORD_MARKS + r"]|[" + _APOSTROPHES + r"](?=[^\W\d_]))*")
# An upper-case abbreviation followed by a hyphenated Armenian or Russian inflection
# (ՀԱՊԿ-ից, ЕАЭС-е) is one token, joined without the hyphen (ՀԱՊԿից); English
# "CSTO-led" is two words.
_ABBR = "[A-ZА-ЯЁԱ-Ֆ]{2,}"
_ENDING = "[ա-ֆа-яё]{1,4}"
_HYPHENS = "-\u058a\u2010\u2011"  # hyphen-minus, Armenian hyphen, hyphen, non-breaking hyphen
_ABBR_SUFFIX_RE = re.compile(rf"\b({_ABBR})[{_HYPHENS}]({_ENDING})\b")
_ABBR_ENDING_RE = re.compile(rf"({_ABBR}){_ENDING}")  # such a token, joined
_TRANSLATE = str.maketrans({"ё": "е", "Ё": "Е", "\u0587": "եւ"})
_STRIP_MARKS = dict.fromkeys(map(ord, _INWORD_MARKS + "\u00ad\u200b\u200c\u200d\u2060"), None)


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
    return _TOKEN_RE.findall(_ABBR_SUFFIX_RE.sub(r"\1\2", text) if _has_hyphen(text) else text)


def folded_words(text: str) -> list[str]:
    """:func:`words` passed through :func:`fold`."""
    return [fold(w) for w in words(text)]


def spans(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, word)`` for each token, with offsets into ``text``: exactly the
    tokens of :func:`words` (``ՀԱՊԿ-ից`` is one token ``ՀԱՊԿից`` spanning the hyphen),
    so that terms and texts are cut the same way."""
    if not _has_hyphen(text):
        return [(m.start(), m.end(), m.group()) for m in _TOKEN_RE.finditer(text)]
    # tokenise the text words() tokenises, then map offsets back past the removed hyphens
    # (the k-th removed hyphen shifts everything from joined offset removed[k] on by k + 1)
    removed = [m.start(2) - 1 - k for k, m in enumerate(_ABBR_SUFFIX_RE.finditer(text))]
    joined = _ABBR_SUFFIX_RE.sub(r"\1\2", text) if removed else text
    return [(m.start() + bisect_right(removed, m.start()), m.end() + bisect_right(removed, m.end() - 1), m.group())
            for m in _TOKEN_RE.finditer(joined)]


_MATCH_TOKEN_RE = re.compile(r"\w+|[^\w\s]")


def match_tokens(norm: str) -> list[str]:
    """Tokens of an already folded text (:func:`tmkit.normalize.match_key`) for CAT-style
    fuzzy matching: words and punctuation marks, as translators count them."""
    return _MATCH_TOKEN_RE.findall(norm)
