"""Paragraph and sentence segmentation for Armenian, Russian and English.

Rule-based and deterministic: a text is split into paragraphs first
(:func:`split_paragraphs`), then each paragraph into sentences (:func:`split_sentences`).
Only whitespace is ever removed at a boundary, so joining a paragraph's sentences with
single spaces gives back the paragraph.

Where a sentence may end
    ``.`` ``!`` ``?`` ``…`` (and runs such as ``?!`` or ``...``), Armenian ``։``, and in
    Armenian text an ASCII ``:`` standing in for ``։``; closing quotes and brackets after
    the mark stay with the sentence.
When it does not
    after an abbreviation from sacremoses' non-breaking prefixes (en, ru) or our own list
    (hy, plus a few for en/ru); after an initial (``В. В. Путин``, ``N. Pashinyan``); after
    dotted abbreviations (``U.S.``, ``т.е.``, ``e.g.``); before a lower-case word;
    in Armenian after ``.`` (a mid-sentence stop there) or after a ``:`` that introduces
    a quotation or a list. ``՞ ՜ ՛`` sit inside words and are never boundaries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tmkit.langs import LANGS
from tmkit.errors import UsageError

OPENERS = "«„“‚‘\"'([{¿¡‹"
CLOSERS = "»”“’'\")]}›"
DASHES = "-‐‑‒–—―"
LIST_MARKERS = ("- ", "* ", "• ", "– ", "— ", "· ", "+ ")

# Our own abbreviations (the part before the final dot), on top of sacremoses' lists.
_EXTRA_PREFIXES = {
    "en": {
        "Mt", "Ft", "Inc", "Ltd", "Co", "Jr", "Sr", "Sept", "Ave", "Blvd", "Rd", "approx",
        "cf", "al", "ca", "Gen", "Lt", "Col", "Cmdr", "Sgt", "Pres", "Amb", "Min", "Dep",
        "Fig", "fig", "Vol", "vol", "Ch", "ch", "Sec", "sec", "Nov", "Dec", "est", "incl",
        "Mr", "Mrs", "Ms", "Dr", "Prof", "St",
    },
    "ru": {
        "т.е", "т.д", "т.п", "т.к", "т.н", "т.ч", "им", "акад", "ген", "гр", "тов", "мкр",
        "долл", "напр", "рис", "табл", "прим", "пр-т", "р-н", "г-н", "г-жа", "о-в", "ж.д",
        "в.т.ч", "и.о", "см", "ср", "англ", "рус", "арм", "лат", "фр", "нем", "тыс",
        "млн", "млрд", "трлн", "руб", "коп", "сент", "окт", "нояб", "дек", "янв", "февр",
        "авг", "ч", "мин", "сек", "стр", "гл", "п", "пп", "ст", "вв", "гг",
    },
    "hy": {
        "թ", "թթ", "մ.թ.ա", "մ.թ", "դ", "դդ", "պրն", "տկն", "տիկ", "փող", "պող", "հ", "ք",
        "գ", "օր", "էջ", "տե՛ս", "հմմտ", "այսինքն", "կմ", "մլն", "մլրդ", "ժ", "րոպ",
        "Ս", "դոկտ", "պրոֆ", "ակադ",
    },
}

# Abbreviations that usually end a sentence when an upper-case word follows them.
_FINAL_ABBREVIATIONS = {
    "en": {"etc"},
    "ru": {"т.д", "т.п", "др", "пр"},
    "hy": set(),
}
_DOTTED_ABBREVIATION_RE = re.compile(r"^(?:[^\W\d_]{1,3}\.)+[^\W\d_]{1,3}$")

# Words that start a sentence so often that they overrule a dotted abbreviation such as
# "U.S." before them ("... in the U.S. The president said ...").
_SENTENCE_STARTERS = {
    "en": {"The", "He", "She", "It", "They", "We", "I", "But", "However", "This", "That",
           "These", "Those", "In", "On", "At", "A", "An", "His", "Her", "Its", "Their",
           "There", "After", "Before", "When", "While", "Meanwhile", "According"},
    "ru": {"Он", "Она", "Оно", "Они", "Мы", "Я", "Но", "Однако", "Это", "Эти", "В", "На",
           "По", "При", "После", "Как", "Так", "Тем", "Между", "Также", "Кроме"},
    "hy": set(),
}

_TERMINAL = ".!?…։"
# A possible boundary: terminal punctuation (or ":" for Armenian), closers, whitespace.
_CANDIDATE_RE = {
    lang: re.compile(
        r"([" + re.escape(_TERMINAL + (":" if lang == "hy" else "")) + r"]+)"
        r"([" + re.escape(CLOSERS) + r"]*)"
        r"(\s+)"
    )
    for lang in LANGS
}
_HARDWRAP_MIN_LINES = 3
_ORDERED_MARKER_RE = re.compile(r"^(\d{1,3}|[a-zA-Zа-яА-Я])[.)]\s+\S")


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of a document and its sentences."""

    index: int
    text: str
    sentences: tuple[str, ...]


@lru_cache(maxsize=None)
def _prefixes(lang: str) -> tuple[frozenset[str], frozenset[str]]:
    """(always non-breaking prefixes, numeric-only prefixes) for ``lang``."""
    always: set[str] = set(_EXTRA_PREFIXES.get(lang, ()))
    numeric: set[str] = set()
    if lang in ("en", "ru"):
        # sacremoses ships Moses' non-breaking prefix lists; importing it is slow (~0.25 s)
        # so it happens only when a segmenter is first needed.
        from sacremoses.corpus import NonbreakingPrefixes

        for entry in NonbreakingPrefixes().words(lang):
            if "#NUMERIC_ONLY#" in entry:
                numeric.add(entry.split()[0])
            else:
                always.add(entry.strip())
    return frozenset(always), frozenset(numeric)


def _check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise UsageError(f"unknown language {lang!r}; tmkit segments {', '.join(LANGS)}")
    return lang


def split_paragraphs(text: str, markdown: bool = False) -> list[str]:
    """Split a plain-text (or Markdown) document into paragraphs.

    Blank lines separate blocks. Inside a block every line is a paragraph of its own
    (headlines, sub-headings, bullet lines) unless the block is hard-wrapped prose, whose
    lines are joined again. In Markdown, lines of a block are joined (soft wraps) except
    headings and list items, and the Markdown markup is removed.
    """
    paragraphs: list[str] = []
    for block in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n")):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if markdown:
            paragraphs.extend(_markdown_block(lines))
        elif _is_hard_wrapped(lines):
            paragraphs.extend(_join_wrapped(lines))
        else:
            paragraphs.extend(lines)
    return [p for p in (strip_list_marker(p) for p in paragraphs) if p]


def _is_list_item(line: str) -> bool:
    return line.startswith(LIST_MARKERS) or bool(_ORDERED_MARKER_RE.match(line))


def strip_list_marker(line: str) -> str:
    """Remove a bullet (``- ``, ``• `` …) from the start of a list-item line.

    The marker is layout, not text: the same item in an HTML ``<li>`` has none, and a
    translation unit should match both.
    """
    for marker in LIST_MARKERS:
        if line.startswith(marker):
            return line[len(marker):].strip()
    return line


def _is_hard_wrapped(lines: list[str]) -> bool:
    if len(lines) < _HARDWRAP_MIN_LINES:
        return False
    widths = [len(line) for line in lines[:-1]]
    width = max(widths)
    if width > 100 or width < 30:
        return False
    # Wrapped prose fills its lines: all but the last are close to the widest one.
    return min(widths) >= 0.6 * width and not any(_is_list_item(line) for line in lines[1:])


def _join_wrapped(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if out and not _is_list_item(line):
            out[-1] = _join_words(out[-1], line)
        else:
            out.append(line)
    return out


def _join_words(left: str, right: str) -> str:
    # A word hyphenated across the line break ("inter-\nnational") is joined back.
    if left.endswith("-") and len(left) > 1 and left[-2].isalpha() and right[:1].islower():
        return left[:-1] + right
    return left + " " + right


_MD_LINK_RE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPH_RE = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
_MD_HEADING_RE = re.compile(r"^#{1,6}\s+(.*?)\s*#*$")


def _markdown_inline(text: str) -> str:
    text = _MD_LINK_RE.sub(r"\1", text)
    prev = None
    while prev != text:
        prev, text = text, _MD_EMPH_RE.sub(r"\2", text)
    return text


def _markdown_block(lines: list[str]) -> list[str]:
    if lines[0].startswith("```"):
        return []  # code is not prose to translate
    out: list[str] = []
    joinable = False
    for line in lines:
        heading = _MD_HEADING_RE.match(line)
        if line.startswith(">"):
            line = line.lstrip("> ").strip()
        if heading:
            out.append(_markdown_inline(heading.group(1)))
            joinable = False
        elif _is_list_item(line):
            out.append(_markdown_inline(line))
            joinable = True
        elif set(line) <= set("-=*_ ") and len(line) >= 3:
            joinable = False  # horizontal rule or setext underline
        elif out and joinable:
            out[-1] = _join_words(out[-1], _markdown_inline(line))
        else:
            out.append(_markdown_inline(line))
            joinable = True
    return out


def _prev_token(text: str, end: int) -> str:
    """The word ending at ``end`` (exclusive), without leading openers."""
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:end].lstrip(OPENERS + DASHES)


def _next_token(text: str, start: int) -> tuple[str, str]:
    """(the openers/dashes, the word) starting at ``start``; dash-led speech looks past the dash."""
    end = start
    n = len(text)
    while end < n and not text[end].isspace():
        end += 1
    token = text[start:end]
    lead = ""
    i = 0
    while i < len(token) and token[i] in OPENERS + DASHES:
        i += 1
    lead, word = token[:i], token[i:]
    if not word and end < n:
        # "«Нет!» — сказал он": a lone dash; decide on the word after it.
        j = end
        while j < n and text[j].isspace():
            j += 1
        k = j
        while k < n and not text[k].isspace():
            k += 1
        word = text[j:k].lstrip(OPENERS + DASHES)
    return lead, word


def _starts_upper_or_digit(word: str) -> bool:
    for ch in word:
        if ch.isalpha():
            return ch.isupper()
        if ch.isdigit():
            return True
    return False


class Segmenter:
    """Sentence splitter for one language. Cheap to call; build once with :func:`segmenter`."""

    def __init__(self, lang: str):
        self.lang = _check_lang(lang)
        self._candidates = _CANDIDATE_RE[lang]
        self._always, self._numeric = _prefixes(lang)
        self._starters = _SENTENCE_STARTERS.get(lang, set())

    def split(self, paragraph: str) -> list[str]:
        """Split one paragraph into sentences (whitespace at the cuts is dropped)."""
        text = paragraph.strip()
        if not text:
            return []
        out: list[str] = []
        start = 0
        for m in self._candidates.finditer(text):
            if self._is_boundary(text, m):
                sentence = text[start:m.end(2)].strip()
                if sentence:
                    out.append(sentence)
                start = m.end()
        rest = text[start:].strip()
        if rest:
            out.append(rest)
        return out

    def _is_boundary(self, text: str, m: re.Match[str]) -> bool:
        punct, closers = m.group(1), m.group(2)
        lead, word = _next_token(text, m.end())
        if not word:
            return False  # nothing but punctuation follows: keep it with this sentence
        upper = _starts_upper_or_digit(word)
        lang = self.lang

        if "։" in punct:
            return True
        if punct == ":":  # Armenian only: an ASCII colon standing in for ։
            if lead:
                return False  # a colon introducing a quotation or dashed speech
            return word[0].isupper() and word[0].isalpha()

        if lang == "hy" and set(punct) == {"."}:
            return False  # the Armenian "." is a mid-sentence stop, never a full stop

        if not upper:
            return False
        if set(punct) <= {"."} and len(punct) == 1 and not closers:
            prev = _prev_token(text, m.start(1))
            if self._is_abbreviation(prev, word, text, m.start(1)):
                return False
        return True

    def _is_abbreviation(self, prev: str, next_word: str, text: str, dot: int) -> bool:
        if not prev:
            return False
        final = _FINAL_ABBREVIATIONS[self.lang]
        if prev in final:
            return False
        if self.lang == "ru" and prev in ("д", "п") and text[max(0, dot - 5):dot - 1].rstrip().endswith("т."):
            return False  # "и т. д." / "и т. п." close a sentence
        if prev in self._always:
            return True
        if prev[0].isupper() and prev[0].lower() + prev[1:] in self._always and len(prev) > 1:
            return True  # a lower-case abbreviation capitalised at a sentence start
        if prev in self._numeric and next_word[:1].isdigit():
            return True
        if len(prev) == 1 and prev.isalpha() and prev.isupper():
            return True  # an initial: "N. Pashinyan", "В. В. Путин"
        if _DOTTED_ABBREVIATION_RE.match(prev):
            # a dotted abbreviation ("U.S", "т.е", "e.g"), unless a typical sentence
            # start follows it
            return next_word.rstrip(",;:") not in self._starters
        return False


@lru_cache(maxsize=8)
def segmenter(lang: str) -> Segmenter:
    """The (cached) :class:`Segmenter` for ``lang``."""
    return Segmenter(lang)


def split_sentences(paragraph: str, lang: str) -> list[str]:
    """Split one paragraph of ``lang`` text into sentences."""
    return segmenter(lang).split(paragraph)


def segment_text(text: str, lang: str, markdown: bool = False) -> list[Paragraph]:
    """Split a whole document into :class:`Paragraph` objects with their sentences."""
    seg = segmenter(lang)
    out = []
    for para in split_paragraphs(text, markdown=markdown):
        sentences = seg.split(para)
        if sentences:
            out.append(Paragraph(len(out), para, tuple(sentences)))
    return out
