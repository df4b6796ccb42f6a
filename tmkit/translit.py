"""Transliteration of names to one Latin form, and a sound skeleton for matching them.

Pashinyan / Пашинян / Փաշինյան, Karabakh / Карабах / Ղարաբաղ: the aligner and the
search compare proper names across the three scripts. :func:`to_latin` gives a readable
transliteration (BGN/PCGN-like for Russian, Hübschmann-Meillet-like ASCII for Armenian);
:func:`skeleton` reduces a word to consonant classes, so that spelling conventions
(``kh``/``x``/``h``, ``y``/``i``/``j``, doubled letters, vowels) no longer matter.
"""

from __future__ import annotations

import re
from functools import lru_cache

_RU = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}
_HY = {
    "ա": "a", "բ": "b", "գ": "g", "դ": "d", "ե": "e", "զ": "z", "է": "e", "ը": "y", "թ": "t",
    "ժ": "zh", "ի": "i", "լ": "l", "խ": "kh", "ծ": "ts", "կ": "k", "հ": "h", "ձ": "dz",
    "ղ": "gh", "ճ": "ch", "մ": "m", "յ": "y", "ն": "n", "շ": "sh", "ո": "o", "չ": "ch",
    "պ": "p", "ջ": "j", "ռ": "r", "ս": "s", "վ": "v", "տ": "t", "ր": "r", "ց": "ts", "ւ": "v",
    "փ": "p", "ք": "k", "օ": "o", "ֆ": "f", "և": "ev",
}

# Sound classes for the skeleton. Letters of one class are interchangeable in the way
# names are transliterated between our languages: all velars and h are one class
# (Karabakh / Карабах / Ղարաբաղ: k = ղ, kh = х = ղ).
_CLASSES = [
    ("shch", "S"), ("sch", "S"), ("tsch", "C"), ("dzh", "J"), ("zh", "Z"), ("sh", "S"),
    ("ch", "C"), ("kh", "K"), ("gh", "K"), ("ts", "T"), ("tz", "T"), ("dz", "J"), ("ph", "p"),
    ("th", "t"), ("ck", "K"), ("qu", "K"), ("x", "K"), ("h", "K"), ("j", "J"), ("q", "K"),
    ("c", "K"), ("k", "K"), ("g", "K"), ("w", "v"),
]
_CLASS_RE = re.compile("|".join(re.escape(a) for a, _ in _CLASSES))
_CLASS_MAP = dict(_CLASSES)
_VOWELS_RE = re.compile(r"[aeiouy]+")


def to_latin(word: str) -> str:
    """Lower-case Latin transliteration of a Russian, Armenian or Latin word."""
    out = []
    w = word.lower()
    for i, ch in enumerate(w):
        if ch == "е" and i == 0:
            out.append("ye")  # word-initial е is pronounced ye (Ереван → Yerevan)
        elif ch in _RU:
            out.append(_RU[ch])
        elif ch == "ո" and i + 1 < len(w) and w[i + 1] == "ւ":
            out.append("u")  # ու is one vowel, u
        elif ch == "ւ" and i > 0 and w[i - 1] == "ո":
            continue
        elif ch == "ե" and i == 0:
            out.append("ye")  # word-initial ե is pronounced ye (Երևան → Yerevan)
        elif ch in _HY:
            out.append(_HY[ch])
        elif ch.isascii():
            out.append(ch)
        elif ch.isalpha():
            out.append(ch)
    return "".join(out)


@lru_cache(maxsize=100_000)
def skeleton(word: str) -> str:
    """The consonant skeleton of a word in any of our scripts (``Pashinyan`` → ``pSn``,
    ``Yerevan`` / ``Ереван`` / ``Երևան`` → ``Vrvn``)."""
    latin = to_latin(word)
    latin = "".join(ch for ch in latin if "a" <= ch <= "z")
    classed = _CLASS_RE.sub(lambda m: _CLASS_MAP[m.group()], latin)
    # an initial vowel is kept as V: Aliyev (Vlv) and Lvov (lv) must differ
    consonants = ("V" if classed[:1] in ("a", "e", "i", "o", "u", "y") else "") + _VOWELS_RE.sub("", classed)
    # doubled letters (Aleppo/Алеппо) and the h of aspirated stops do not matter; an
    # Armenian initial հ before a vowel (Հալեպ) stays a consonant, as in Համբուրգ/Hamburg
    out = []
    for ch in consonants:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)
