"""Paragraph and sentence segmentation for Armenian, Russian and English.

Rule-based and deterministic: a text is split into paragraphs first
(:func:`split_paragraphs`), then each paragraph into sentences (:func:`split_sentences`).
Only whitespace is ever removed at a boundary, so joining a paragraph's sentences with
single spaces gives back the paragraph (with its whitespace normalised), no sentence is
empty, and splitting a sentence again gives it back unchanged.

Where a sentence may end
    ``.`` ``!`` ``?`` ``…`` (and runs such as ``?!`` or ``...``), Armenian ``։``, and in
    Armenian text an ASCII ``:`` standing in for ``։`` (3 of 4 lines of real Armenian
    news end with it); closing quotes and brackets after the mark stay with the sentence.
When it does not
    before a lower-case word or before nothing but punctuation; after an abbreviation
    from sacremoses' non-breaking prefixes (en, ru) or our own list (hy, plus a few for
    en/ru), an initial (``В. В. Путин``, ``N. Pashinyan``, ``Дж.``) or a dotted
    abbreviation (``U.S.``, ``т.е.``, ``e.g.``) — unless the abbreviation often ends a
    sentence (``etc.``, ``и т. д.``, ``и др.``) or a typical sentence start follows it
    (``… from the U.S. The EU …``, ``… 7,3 млрд долл. Это …``); in English after ``?`` or
    ``!`` and a closing quote when a speaker and a speech verb follow (``"Stop!" Hammel
    shouted.``).
In Armenian
    ``.`` is a mid-sentence stop (``Նա ասաց. «…»``), never a full stop; ``:`` is not
    one before a lower-case word, before a numbered list (``: 1) …``), after a label
    (``2004: …``, ``Elite League: …`` opening a paragraph) or when a speech verb right
    before it introduces a quotation or dashed speech (``ասաց: -Մենք …``,
    ``գրել է Twitter-ում: «…»``). ``՞ ՜ ՛`` sit inside words and are never boundaries.

Known limits (rules cannot tell without parsing): ``г.``/``гг.`` after a year never
end a Russian sentence (``В 2020 г. Армения …`` starts one far more often than a
sentence ends in ``г.``); an ASCII ``:`` in Armenian before a capital is a full stop
even where it introduces speech without quotation marks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tmkit.langs import LANGS
from tmkit.errors import UsageError

OPENERS = "«„“‚‘\"'([{¿¡‹ՙ"  # ՙ ՚: Armenian quotes in older and web text
CLOSERS = "»”“’'\")]}›՚"
DASHES = "-‐‑‒–—―"
LIST_MARKERS = ("- ", "* ", "• ", "– ", "— ", "· ", "+ ")

# Our own abbreviations (the part before the final dot), on top of sacremoses' lists.
_EXTRA_PREFIXES = {
    "en": {
        "Mt", "Ft", "Inc", "Ltd", "Co", "Jr", "Sr", "Sept", "Ave", "Blvd", "Rd", "approx",
        "cf", "al", "ca", "Gen", "Lt", "Col", "Cmdr", "Sgt", "Pres", "Amb", "Min", "Dep",
        "Fig", "fig", "Vol", "vol", "Ch", "ch", "Sec", "sec", "Nov", "Dec", "est", "incl",
        "Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Det", "Atty", "Govs",
    },
    "ru": {
        "т.е", "т.д", "т.п", "т.к", "т.н", "т.ч", "им", "акад", "ген", "гр", "тов", "мкр",
        "долл", "напр", "рис", "табл", "прим", "пр-т", "р-н", "г-н", "г-жа", "о-в", "ж.д",
        "в.т.ч", "и.о", "см", "ср", "англ", "рус", "арм", "лат", "фр", "нем", "тыс",
        "млн", "млрд", "трлн", "руб", "коп", "сент", "окт", "нояб", "дек", "янв", "февр",
        "авг", "ч", "мин", "сек", "стр", "гл", "п", "пп", "ст", "вв", "гг",
        # two-letter initials of transliterated names ("Мерфи Дж. Пол", "Вл. Соловьев")
        "Дж", "Вл", "Св",
    },
    "hy": {
        "թ", "թթ", "մ.թ.ա", "մ.թ", "դ", "դդ", "պրն", "տկն", "տիկ", "փող", "պող", "հ", "ք",
        "գ", "օր", "էջ", "տե՛ս", "հմմտ", "այսինքն", "կմ", "մլն", "մլրդ", "ժ", "րոպ",
        "Ս", "դոկտ", "պրոֆ", "ակադ",
    },
}

# Abbreviations that usually end a sentence when an upper-case word follows them.
# ("пр." is also "проспект" — "пр. Маштоца" — so it is final only in "и пр.", see
# Segmenter._is_abbreviation.)
_FINAL_ABBREVIATIONS = {
    "en": {"etc"},
    "ru": {"т.д", "т.п", "др"},
    "hy": set(),
}
# Abbreviations that can close a sentence ("… Armenia Holdings Inc. The founders …") but
# are far more often followed by a name ("St. Louis", "Co. Cork"): they end a sentence
# only before a typical sentence start (see _SENTENCE_STARTERS).
_MAYBE_FINAL_ABBREVIATIONS = {
    "en": {"Inc", "Ltd", "Co", "Corp", "Jr", "Sr", "Bros", "Ave", "Blvd", "Rd", "St"},
    # units after an amount: "… превысил 7,3 млрд долл. Это рекорд …", but "долл. США"
    "ru": {"долл", "руб", "коп", "тыс", "млн", "млрд", "трлн", "км", "кг", "чел", "шт"},
    "hy": set(),
}
_EN_MONTHS = {"Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec"}
_INITIAL_RE = re.compile(r"^[^\W\d_]\.")
_DOTTED_ABBREVIATION_RE = re.compile(r"^(?:[^\W\d_]{1,3}\.)+[^\W\d_]{1,3}$")

# Words that start a sentence so often that they overrule a dotted abbreviation such as
# "U.S." before them ("... in the U.S. The president said ...").
_SENTENCE_STARTERS = {
    "en": {"The", "He", "She", "It", "They", "We", "I", "But", "However", "This", "That",
           "These", "Those", "In", "On", "At", "A", "An", "His", "Her", "Its", "Their",
           "There", "After", "Before", "When", "While", "Meanwhile", "According", "As",
           "If", "So", "Yet", "Still", "Now", "Then", "Since", "Although", "Though",
           "Also", "Some", "Many", "Most", "Both", "Our", "My", "You", "Your", "What",
           "Why", "How", "Who", "Where", "And", "Earlier", "Later", "Today"},
    "ru": {"Он", "Она", "Оно", "Они", "Мы", "Я", "Но", "Однако", "Это", "Эти", "В", "На",
           "По", "При", "После", "Как", "Так", "Тем", "Между", "Также", "Кроме", "Его",
           "Ее", "Её", "Их", "Об", "Для", "Из", "Что", "Когда", "Если", "Хотя",
           "Поэтому", "Сейчас", "Сегодня", "Ранее", "Позже", "Напомним", "Впрочем", "Этот",
           "Эта", "Этом", "Все", "Не"},
    "hy": set(),
}

# English direct speech: after "?" or "!" and a closing quote, a speaker (one to four
# capitalised words) and a speech verb continue the same sentence:
# "'There's a shark in the water!'" Hammel added.  /  Are you ready?" CNN reported.
# A capitalised pronoun or article there starts a new one: ...do you?" She continued, "..."
_EN_SPEECH_VERBS = (
    "said|says|added|adds|asked|asks|told|tells|wrote|writes|reported|reports|shouted|"
    "shouts|replied|replies|recalled|explained|insisted|continued|declared|stated|noted|"
    "tweeted|exclaimed|yelled|cried|screamed|warned|argued|wondered|joked|quipped"
)
_EN_SPEECH_RE = re.compile(r"(?:[A-Z][\w'’.\-]*\s+){1,4}(?:" + _EN_SPEECH_VERBS + r")\b")
_QUOTE_CLOSERS = "»”“’'\"›"

# A short label that opens an Armenian paragraph and is followed by ":" — a year in a
# chronology ("2004: …"), a rubric ("Տեսանյութ: …"), a name in a headline
# ("Քանյե Ուեսթ: Ռեփերը …"). One or two words, each capitalised or a number.
_LABEL_RE = re.compile(r"^[^\W_][\w'’\-֊՛՜՞]*(?:\s+[^\W_][\w'’\-֊՛՜՞]*)?$")
# "1)" or "2." (not "7.5") right after a colon starts a list, not a sentence.
_LIST_NUMBER_RE = re.compile(r"^\d{1,3}(?:\)|\.(?!\d))")

# Eastern Armenian speech verbs (aorist, perfect and present participles) and "the
# following": when a colon comes right after one, it introduces a quotation. One
# trailing word in the locative or dative may follow ("գրել է Twitter-ում:",
# "ասաց լրագրողներին:"); a subject after the verb ("ասաց նա:", "ասաց Փաշինյանը:") is the
# attribution of a quotation that came before, and the colon then ends the sentence.
_HY_SPEECH_VERB = (
    r"(?:ասաց|ասացին|ասել|ասում|հետևյալը|հետևյալն|հարցնում|գոռաց|գոռում|"
    r"(?:հայտարար|նշ|գր|ավելացր|հավել|պատմ|հայտն|շարունակ|մեջբեր|պատասխան|հարցր|"
    r"բացատր|ընդգծ|մեկնաբան|պնդ|զգուշացր|հիշեցր|բացականչ|հաղորդ|գրառ)(?:եց|եցին|ել|ում))"
)
_HY_SPEECH_INTRO_RE = re.compile(
    r"(?:^|\s)" + _HY_SPEECH_VERB
    + r"(?:\s+(?:է|էր|են|էին|եմ|ենք))?(?:\s+\S+(?:ում|ին))?$"
)


def _introduces_speech(head: str) -> bool:
    """Whether Armenian text ending before a colon announces a quotation."""
    return bool(_HY_SPEECH_INTRO_RE.search(head.rstrip()))


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
    lines are joined again; a line that starts in lower case after a line without final
    punctuation continues it. In Markdown, lines of a block are joined (soft wraps)
    except headings and list items, and the Markdown markup is removed.
    """
    paragraphs: list[str] = []
    in_code = False
    for block in _BLANK_LINE_RE.split(_NEWLINE_RE.sub("\n", text)):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if markdown:
            found, in_code = _markdown_block(lines, in_code)
            paragraphs.extend(found)
        elif _is_hard_wrapped(lines):
            paragraphs.extend(_join_wrapped(lines))
        elif len(lines) > _HARDWRAP_MIN_LINES and _is_hard_wrapped(lines[1:]):
            # a headline (or dateline) on the first line of a wrapped paragraph
            paragraphs.append(lines[0])
            paragraphs.extend(_join_wrapped(lines[1:]))
        else:
            paragraphs.extend(_join_continuations(lines))
    return [p for p in (strip_list_marker(p) for p in paragraphs) if p]


_NEWLINE_RE = re.compile(r"\r\n?")
_BLANK_LINE_RE = re.compile(r"\n[ \t\u00a0]*\n")
# A dash that attributes direct speech ("— Мы уходим, — сказал он", "-Մենք …,- ասաց նա"):
# a line starting with a dash and containing one is dialogue, not a bullet.
_SPEECH_DASH_RE = re.compile(r"[,!?…]\s*[-–—֊]+\s*\w")
_TERMINAL_END_RE = re.compile(r"[.!?…։:;][" + re.escape(CLOSERS) + r"]*$")


def _is_list_item(line: str) -> bool:
    return line.startswith(LIST_MARKERS) or bool(_ORDERED_MARKER_RE.match(line))


def strip_list_marker(line: str) -> str:
    """Remove a bullet (``- ``, ``• `` …) from the start of a list-item line.

    The marker is layout, not text: the same item in an HTML ``<li>`` has none, and a
    translation unit should match both. A dash that opens a line of dialogue
    (``— Мы не уйдем, — сказал он.``) is punctuation of the text and stays.
    """
    for marker in LIST_MARKERS:
        if line.startswith(marker):
            rest = line[len(marker):].strip()
            if marker[0] in DASHES and _SPEECH_DASH_RE.search(rest):
                return line
            return rest
    return line


def _continues(prev: str, line: str) -> bool:
    """Whether ``line`` visibly continues ``prev`` (a break in mid-sentence)."""
    if _is_list_item(line):
        return False
    first = line[:1]
    if first.islower():
        return not _TERMINAL_END_RE.search(prev)
    return prev.endswith((",", "-", "–", "—", "(")) and not prev.endswith((" -", " –"))


def _is_hard_wrapped(lines: list[str]) -> bool:
    if len(lines) < _HARDWRAP_MIN_LINES:
        return False
    widths = [len(line) for line in lines[:-1]]
    width = max(widths)
    if width > 100 or width < 30:
        return False
    # Wrapped prose fills its lines: all but the last are close to the widest one. A
    # column of headlines of similar length can do that too, so at least one break must
    # fall visibly inside a sentence — or, with no such break, the lines must be long and
    # even (as a wrapper leaves them) and the block must end a sentence that its earlier
    # lines left open.
    if min(widths) < 0.6 * width or any(_is_list_item(line) for line in lines[1:]):
        return False
    if any(_continues(a, b) for a, b in zip(lines, lines[1:])):
        return True
    return (
        width >= 50
        and min(widths) >= 0.8 * width
        and bool(_TERMINAL_END_RE.search(lines[-1]))
        and not all(_TERMINAL_END_RE.search(line) for line in lines[:-1])
    )


def _join_wrapped(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if out and not _is_list_item(line):
            out[-1] = _join_words(out[-1], line)
        else:
            out.append(line)
    return out


def _join_continuations(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if out and line[:1].islower() and _continues(out[-1], line):
            out[-1] = _join_words(out[-1], line)
        else:
            out.append(line)
    return out


def _join_words(left: str, right: str) -> str:
    # A line ending in a hyphen after a letter broke a hyphenated word ("Nagorno-" /
    # "Karabakh", "анти-" / "российский"): join without a space and keep the hyphen — a
    # wrapper never adds one, and dropping it would glue compounds ("wellknown").
    hyphen = left.endswith(("-", "‐", "֊")) and len(left) > 1 and left[-2].isalpha()
    if hyphen and right[:1].isalpha():
        return left + right
    return left + " " + right


_MD_IMAGE_RE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MD_EMPH_RE = re.compile(r"(\*\*|\*|`)(?=\S)(.+?)(?<=\S)\1")
# "_" marks emphasis only at word edges: snake_case_names keep their underscores.
_MD_UNDERSCORE_RE = re.compile(r"(?<!\w)(__|_)(?=\S)(.+?)(?<=\S)\1(?!\w)")
_MD_HEADING_RE = re.compile(r"^#{1,6}\s+(.*?)(?:\s+#+)?\s*$")
_MD_RULE_RE = re.compile(r"^(?:[-=*_]\s*){3,}$")


def _markdown_inline(text: str) -> str:
    text = _MD_IMAGE_RE.sub("", text)  # an image is not text of the article
    text = _MD_LINK_RE.sub(r"\1", text)
    prev = None
    while prev != text:
        prev = text
        text = _MD_UNDERSCORE_RE.sub(r"\2", _MD_EMPH_RE.sub(r"\2", text))
    return text.strip()


def _markdown_block(lines: list[str], in_code: bool = False) -> tuple[list[str], bool]:
    """Paragraphs of one Markdown block, and whether a code fence is still open after it."""
    out: list[str] = []
    joinable = False
    for line in lines:
        if line.startswith(("```", "~~~")):
            in_code = not in_code  # code is not prose to translate
            joinable = False
            continue
        if in_code:
            continue
        if line.startswith(">"):
            line = line.lstrip("> ").strip()
        heading = _MD_HEADING_RE.match(line)
        if heading:
            out.append(_markdown_inline(heading.group(1)))
            joinable = False
        elif _MD_RULE_RE.match(line):
            joinable = False  # horizontal rule or setext underline
        elif _is_list_item(line):
            out.append(_markdown_inline(line))
            joinable = True
        elif out and joinable:
            out[-1] = _join_words(out[-1], _markdown_inline(line))
        else:
            out.append(_markdown_inline(line))
            joinable = True
    return out, in_code


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
        # Latin-script abbreviations inside Russian text ("марки Dr. PawPaw") follow
        # English usage.
        self._latin_always = _prefixes("en")[0] if lang == "ru" else frozenset()
        self._starters = _SENTENCE_STARTERS.get(lang, set())
        self._final = _FINAL_ABBREVIATIONS[lang]
        self._maybe_final = _MAYBE_FINAL_ABBREVIATIONS[lang]

    def split(self, paragraph: str) -> list[str]:
        """Split one paragraph into sentences (whitespace at the cuts is dropped)."""
        text = paragraph.strip()
        if not text:
            return []
        out: list[str] = []
        start = 0
        for m in self._candidates.finditer(text):
            if self._is_boundary(text, m, start):
                sentence = text[start:m.end(2)].strip()
                if sentence:
                    out.append(sentence)
                start = m.end()
        rest = text[start:].strip()
        if rest:
            out.append(rest)
        return out

    def _is_boundary(self, text: str, m: re.Match[str], start: int) -> bool:
        """Whether candidate ``m`` ends the sentence that began at ``start``."""
        punct, closers = m.group(1), m.group(2)
        lead, word = _next_token(text, m.end())
        if not any(ch.isalnum() for ch in word):
            return False  # nothing but punctuation follows: keep it with this sentence
        if word.startswith(("…", "..")):
            return False  # "Melrose... ...Unbeaten Ayr": the dots mark a continuation
        upper = _starts_upper_or_digit(word)
        lang = self.lang

        if "։" in punct:
            return True
        if punct == ":":  # Armenian only: an ASCII colon standing in for ։
            if not (word[0].isupper() or word[0].isdigit()):
                return False  # a colon inside the sentence ("»: հաղորդում է …")
            if _LIST_NUMBER_RE.match(word):
                return False  # "…: 1) …, 2) …" introduces a list
            head = text[start:m.start(1)]
            if head.isdigit() or (start == 0 and _LABEL_RE.match(head) and all(
                _starts_upper_or_digit(w) for w in head.split()
            )):
                # "2004: …" (a chronology, anywhere), "Elite League: …" (opening a
                # paragraph): a label, not a sentence
                return False
            if lead and _introduces_speech(head) and not _SPEECH_DASH_RE.search(head):
                # "Նա ասաց: «Մենք …»" / "ասաց: -Մենք …": the colon introduces the
                # quotation. Before a quotation that is not announced by a speech verb
                # the colon is a full stop: real text often follows a sentence with a
                # quoted one ("… հայտարարեց նախարարը: «Մենք …»", "…,- ասաց նա: -Բայց …"),
                # also when the verb closes an earlier quotation ("»,- նա ավելացրեց: «…»").
                return False
            return True

        if lang == "hy" and punct == ".":
            # The Armenian "." is a mid-sentence stop (before speech, after an
            # abbreviation or an initial), never a full stop; "..." typed for "…" is an
            # ellipsis and goes on like one.
            return False

        if not upper:
            return False
        exclaimed = set(punct) & {"?", "!"} and set(closers) & set(_QUOTE_CLOSERS)
        if lang == "en" and exclaimed and _EN_SPEECH_RE.match(text, m.end()):
            if _bare_word(word) not in self._starters:
                return False  # '"Stop!" Hammel shouted.' — the attribution follows
        if set(punct) <= {"."} and len(punct) == 1 and not closers:
            prev = _prev_token(text, m.start(1))
            if self._is_abbreviation(prev, word, text, m.start(1)):
                return False
        return True

    def _is_abbreviation(self, prev: str, next_word: str, text: str, dot: int) -> bool:
        if not prev:
            return False
        if prev in self._final:
            return False
        if self.lang == "ru":
            before = text[max(0, dot - len(prev) - 4):dot - len(prev)].rstrip()
            if prev in ("д", "п") and before.endswith("т."):
                return False  # "и т. д." / "и т. п." close a sentence
            if prev == "пр" and (before.endswith(" и") or before == "и"):
                return False  # "и пр." closes a sentence; "пр. Маштоца" does not
        starter = _bare_word(next_word) in self._starters
        if prev in self._maybe_final:
            return not starter
        if self.lang == "en" and prev in _EN_MONTHS:
            return next_word[:1].isdigit()  # "on Nov. 6", but "until Oct. President Widodo …"
        if len(prev) == 1 and prev.isalpha() and prev.isupper():
            # an initial ("N. Pashinyan", "В. В. Путин"), unless a sentence clearly starts
            # after it ("… grade A. The data …"); a second initial never starts one
            return not starter or bool(_INITIAL_RE.match(next_word))
        if prev in self._always or prev in self._latin_always:
            return True
        if prev[0].isupper() and prev[0].lower() + prev[1:] in self._always and len(prev) > 1:
            return True  # a lower-case abbreviation capitalised at a sentence start
        if prev in self._numeric and next_word[:1].isdigit():
            return True
        if _DOTTED_ABBREVIATION_RE.match(prev):
            # a dotted abbreviation ("U.S", "т.е", "e.g"), unless a typical sentence
            # start follows it
            return not starter
        return False


def _bare_word(word: str) -> str:
    """``word`` without trailing punctuation or an English clitic ("It’s" → "It")."""
    word = word.rstrip(",;:.!?…»”\"')")
    for apostrophe in ("'", "’"):
        if apostrophe in word:
            word = word.split(apostrophe, 1)[0]
    return word


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
