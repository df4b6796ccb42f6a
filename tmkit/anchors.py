"""Lexical anchors: what a sentence and its translation share, across three scripts.

The aligner compares sentences by these keys, each namespaced by kind:

``n:`` numbers (``2020``, ``44-day``/``44-дневной``/``44-օրյա`` → ``n:44``, ``12.7``/``12,7``)
``s:`` names, as consonant skeletons (Pashinyan / Пашинян / Փաշինյան → ``s:pSn``)
``u:`` URLs, e-mail addresses and @handles, verbatim
``g:`` glossary concepts found by :class:`tmkit.glossary.TermIndex`
``x:`` pairs of a bilingual lexicon learned from the corpus itself (:class:`Lexicon`)
``p:`` the shape of the sentence: a question, a parenthesis, quoted speech

Stems (``w:`` …) are kept apart: they feed the lexicon, they are not anchors by
themselves because the two sides of a pair use different words.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from tmkit.stem import stem, stem_name
from tmkit.tokenize import words
from tmkit.translit import skeleton

_NUMBER_RE = re.compile(r"(?<![\w.,])\d{1,3}(?:[ \u00a0\u202f,.]\d{3})+(?![\d])|\d+(?:[.,]\d+)?")
_URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>«»\"“”]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?<!\w)@\w{2,}", re.I)
_MIN_SKELETON = 3


def _number_key(raw: str) -> str:
    digits = raw.replace("\u00a0", " ").replace("\u202f", " ")
    # thousand separators (1,000 / 1 000 / 1.000) vs a decimal part (12.7 / 12,7)
    m = re.fullmatch(r"(\d{1,3})((?:[ ,.]\d{3})+)", digits)
    if m and len({ch for ch in m.group(2) if not ch.isdigit()}) == 1:
        return m.group(1) + re.sub(r"\D", "", m.group(2))
    return digits.replace(",", ".")


_URL_TRAILING = ".,;:։՝!?»”’\"'"  # sentence punctuation after a URL, Armenian included


def _url_key(url: str) -> str:
    """A URL without the punctuation of the sentence around it (``.``, the Armenian
    ``։``, closing quotes, a closing parenthesis the URL did not open)."""
    url = url.lower().rstrip(_URL_TRAILING)
    while url.endswith(")") and url.count(")") > url.count("("):
        url = url[:-1].rstrip(_URL_TRAILING)
    return url


def numbers(text: str) -> list[str]:
    """Normalised numbers in ``text``."""
    return [_number_key(m.group()) for m in _NUMBER_RE.finditer(text)]


def name_skeletons(text: str) -> list[str]:
    """Skeletons of capitalised words, acronyms and Latin words quoted in other scripts."""
    out = []
    for w in words(text):
        first = w[0]
        if not first.isalpha():
            continue
        if first.isupper() or (first.isascii() and not text.isascii()):
            sk = skeleton(stem_name(w) if not w.isupper() else w)
            if len(sk) >= _MIN_SKELETON:
                out.append(sk)
    return out


_SPEECH_START = ("«", "“", '"', "„", "-", "–", "—", "ՙ")


def sentence_shape(text: str) -> list[str]:
    """Shape marks that translations keep: a question, a parenthesis, direct speech.

    Armenian marks a question on a word (``՞``), renders quotations with dashes as often
    as with «», and Russian dialogue starts with a dash, so each is mapped to one mark.
    """
    marks = []
    t = text.strip()
    if t.endswith(("?", "?»", '?"', "?”")) or "՞" in t:
        marks.append("?")
    if "(" in t:
        marks.append("(")
    if t.startswith(_SPEECH_START) or t.endswith(("»", '"', "”", ",-", "-")) or ",- " in t or "» — " in t:
        marks.append("q")
    return marks


def content_stems(text: str) -> list[str]:
    """Stems of the words of ``text`` that carry meaning (three letters or more)."""
    return [s for s in (stem(w) for w in words(text) if len(w) >= 3 and not w.isdigit()) if len(s) >= 2]


@dataclass
class SentenceFeatures:
    """What the aligner knows about one sentence."""

    length: int
    anchors: Counter[str]
    stems: list[str] = field(default_factory=list)


def features(text: str, concepts: Iterable[str] = (), lexicon_keys: Iterable[str] = ()) -> SentenceFeatures:
    """Anchors and stems of one sentence."""
    anchors: Counter[str] = Counter()
    for n in numbers(text):
        anchors["n:" + n] += 1
    for sk in name_skeletons(text):
        anchors["s:" + sk] += 1
    for u in _URL_RE.findall(text):
        anchors["u:" + _url_key(u)] += 1
    for c in concepts:
        anchors["g:" + c] += 1
    for shape in sentence_shape(text):
        anchors["p:" + shape] += 1
    for k in lexicon_keys:
        anchors[k] += 1
    return SentenceFeatures(length=len(text), anchors=anchors, stems=content_stems(text))


class Lexicon:
    """A small bilingual lexicon learned from confidently aligned sentence pairs.

    Like hunalign's second pass: count how often a source stem and a target stem occur in
    the same aligned pair, and keep pairs whose Dice association is strong and that were
    seen at least ``min_count`` times. Each kept pair becomes an anchor key ``x:<id>``.
    """

    def __init__(self, pairs: dict[tuple[str, str], float] | None = None):
        self.pairs = pairs or {}
        self._src: dict[str, list[str]] = {}
        self._tgt: dict[str, list[str]] = {}
        for i, (s, t) in enumerate(sorted(self.pairs)):
            key = f"x:{i}"
            self._src.setdefault(s, []).append(key)
            self._tgt.setdefault(t, []).append(key)

    def __len__(self) -> int:
        return len(self.pairs)

    @classmethod
    def learn(
        cls,
        pairs: Iterable[tuple[Sequence[str], Sequence[str]]],
        min_count: int = 2,
        min_dice: float = 0.4,
        max_pairs: int = 20000,
        min_pairs: int = 50,
        max_share: float = 0.2,
    ) -> "Lexicon":
        """Learn from (source stems, target stems) of aligned sentence pairs.

        Fewer than ``min_pairs`` pairs teach nothing reliable (an empty lexicon is
        returned); stems found in more than ``max_share`` of the pairs are function
        words, whose co-occurrence says nothing about a pairing.
        """
        pairs = list(pairs)
        if len(pairs) < min_pairs:
            return cls()
        cs: Counter[str] = Counter()
        ct: Counter[str] = Counter()
        cst: Counter[tuple[str, str]] = Counter()
        for src, tgt in pairs:
            cs.update(set(src))
            ct.update(set(tgt))
        limit = max_share * len(pairs)
        common_s = {w for w, c in cs.items() if c > limit}
        common_t = {w for w, c in ct.items() if c > limit}
        for src, tgt in pairs:
            s_set, t_set = set(src) - common_s, set(tgt) - common_t
            for s in s_set:
                for t in t_set:
                    cst[(s, t)] += 1
        scored = {}
        for (s, t), c in cst.items():
            if c < min_count:
                continue
            dice = 2.0 * c / (cs[s] + ct[t])
            if dice >= min_dice:
                scored[(s, t)] = dice
        # keep, for each source stem, only its best targets (and vice versa)
        best_s: dict[str, float] = {}
        best_t: dict[str, float] = {}
        for (s, t), d in scored.items():
            best_s[s] = max(best_s.get(s, 0.0), d)
            best_t[t] = max(best_t.get(t, 0.0), d)
        kept = {(s, t): d for (s, t), d in scored.items() if d >= 0.8 * best_s[s] and d >= 0.8 * best_t[t]}
        if len(kept) > max_pairs:
            kept = dict(sorted(kept.items(), key=lambda kv: -kv[1])[:max_pairs])
        return cls(kept)

    def src_keys(self, stems: Iterable[str]) -> list[str]:
        """Anchor keys of a source sentence's stems."""
        return [k for s in set(stems) for k in self._src.get(s, ())]

    def tgt_keys(self, stems: Iterable[str]) -> list[str]:
        """Anchor keys of a target sentence's stems."""
        return [k for t in set(stems) for k in self._tgt.get(t, ())]
