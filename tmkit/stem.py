"""Stemming for look-up and matching: Snowball for English and Russian, our own for Armenian.

Each word is stemmed by the stemmer of *its own script* (Latin → English, Cyrillic →
Russian, Armenian → Armenian), so a Russian text quoting "CSTO" or an English text
quoting "ОДКБ" still finds the term.

Snowball's Armenian stemmer is inconsistent on the forms that matter for news
(``սահմանազատում`` and ``սահմանազատման`` get different stems), so Armenian uses
:func:`stem_hy`: it strips the article, case endings, the plural and the
``-ություն``/``-ության`` and ``-ում``/``-ման`` alternations, outermost first, until
nothing more applies, then verb endings, and drops the ``-ի-`` that Armenian drops
before an ending (``պայմանագիր``/``պայմանագրի``) in every form. The stem is a key, not
a word: all forms of a word must meet at it. An abbreviation with a hyphenated ending
(``ՀԱՊԿ-ից``, one token) stems to the abbreviation. English words are brought to US
spelling first (``defence``/``defense``, ``organisation``/``organization``) so both
spellings meet.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tmkit.tokenize import fold, without_abbr_ending

try:  # PyStemmer: C Snowball stemmers, ~100x faster than pure Python
    import Stemmer as _pystemmer
except ImportError:  # pragma: no cover - PyStemmer is a dependency; fallback for odd installs
    _pystemmer = None

# Armenian suffixes, longest first. Applied repeatedly: article, then case, then plural,
# then the derivational alternations, so ``կազմակերպություններից`` → ``կազմակերպ``.
_HY_SUFFIXES = (
    "ությունների", "ություններ", "ությունից", "ությունը", "ությունն", "ությամբ", "ության",
    "ություն", "ներից", "ներով", "ներում", "ներին", "ների", "ները", "ներն", "ներ",
    # one-syllable nouns take -եր for the plural: քայլերը, դիրքերի, գյուղերում
    "երից", "երով", "երում", "երին", "երի", "երը", "երն", "եր",
    "մամբ", "ումից", "ումը", "ումն", "ման", "ում", "ուց",
    # after a final vowel the case endings take a glide: Մոսկվայում, Սիրիայի, Աստանայից
    "յում", "յից", "յով", "յին", "յի",
    "ից", "ով", "ին", "ոջ", "ի", "ը", "ն",
)
_HY_SUFFIXES = tuple(sorted(_HY_SUFFIXES, key=len, reverse=True))  # longest first
_HY_MIN_STEM = 3
_HY_REDUCED_I = re.compile(r"(?<=[բգդզթժլխծկհձղճմյնշչպջռսվտրցփքֆ])ի([բգդզթժլխծկհձղճմնշչպջռսվտրցփքֆ]{1,2})$")
# Verb forms, so that a term and its verb meet (սահմանազատում, սահմանազատել,
# սահմանազատված): infinitive, participles, aorist. Not used for names (Իսրայել).
_HY_VERB_SUFFIXES = ("վածները", "վածների", "վածը", "վածի", "ված", "ելու", "ալու", "եցին", "ացին", "եցի",
                     "ելով", "ալով", "ողը", "ող", "եց", "աց", "ել", "ալ")

# British → US spellings, applied to English words before Snowball.
_EN_SPELLING = (
    (re.compile(r"isation(s?)$"), r"ization\1"),
    (re.compile(r"ise([ds]?)$"), r"ize\1"),
    (re.compile(r"ising$"), r"izing"),
    (re.compile(r"yse([ds]?)$"), r"yze\1"),
    (re.compile(r"ence$"), r"ense"),
    (re.compile(r"our(s?)$"), r"or\1"),
    (re.compile(r"([^aeiou])tre(s?)$"), r"\1ter\2"),
    (re.compile(r"ogue(s?)$"), r"og\1"),
    (re.compile(r"lled$"), r"led"),
    (re.compile(r"lling$"), r"ling"),
)
_EN_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")
# Words that the spelling rules must leave alone.
_EN_KEEP = {"rise", "wise", "raise", "praise", "arise", "noise", "poise", "since", "once",
            "fence", "hence", "pence", "our", "your", "four", "hour", "tour", "pour", "sour",
            "flour", "otherwise", "exercise", "advise", "surprise", "compromise", "premise",
            "promise", "precise", "concise", "expertise", "franchise", "merchandise", "enterprise",
            "comprise", "revise", "supervise", "televise", "treatise", "devise", "demise",
            "despise", "disguise", "cruise", "bruise", "chemise", "paradise", "valise",
            "licence", "presence", "absence", "evidence", "silence", "science", "sentence",
            "influence", "experience", "conference", "audience", "violence", "difference",
            "reference", "preference", "independence", "sequence", "consequence", "existence",
            "residence", "confidence", "intelligence", "presidence", "essence", "sence"}


def script(word: str) -> str | None:
    """``hy``, ``ru`` or ``en`` by the first letter's script, None for digits only."""
    for ch in word:
        o = ord(ch)
        if 0x0531 <= o <= 0x058F:
            return "hy"
        if 0x0400 <= o <= 0x04FF:
            return "ru"
        if ch.isalpha():
            return "en"
    return None


@lru_cache(maxsize=4)
def _snowball(lang: str):  # type: ignore[no-untyped-def]
    name = {"en": "english", "ru": "russian"}[lang]
    if _pystemmer is not None:
        return _pystemmer.Stemmer(name, 10000).stemWord
    import snowballstemmer  # pragma: no cover

    return snowballstemmer.stemmer(name).stemWord  # pragma: no cover


def stem_hy(word: str, verbs: bool = True) -> str:
    """Stem a folded Armenian word (see the module docstring); ``verbs=False`` leaves
    verb endings alone (for names)."""
    w = word
    for _ in range(4):
        for suffix in _HY_SUFFIXES:
            if w.endswith(suffix):
                rest = len(w) - len(suffix)
                if rest >= _HY_MIN_STEM:
                    w = w[:rest]
                    break
                if suffix.startswith("ությ") and rest > 0:
                    # a short root (միություն, միության): stripping the whole suffix
                    # would leave too little, stripping only the ending would split
                    # -ություն from -ության; keep the common part
                    return w[:rest] + "ությ"
        else:
            break
    if verbs:
        for suffix in _HY_VERB_SUFFIXES:
            if w.endswith(suffix) and len(w) - len(suffix) >= _HY_MIN_STEM + 1:
                w = w[: -len(suffix)]
                break
        else:
            # a short infinitive keeps its root but still meets its dative (գալ, գալու)
            if w.endswith(("ալու", "ելու")):
                w = w[:-2]
        # the -ի- of a final closed syllable drops before an ending (պայմանագիր,
        # պայմանագրի; նախագիծ, նախագծի): drop it in every form. Not for names, which
        # keep it (Պուտին, Պուտինի).
        if len(w) >= 4:
            m = _HY_REDUCED_I.search(w)
            if m:
                w = w[:m.start()] + m.group(1)
    return w


def stem_en(word: str) -> str:
    """Stem a folded English word: US spelling, then Snowball English."""
    w = word
    if w not in _EN_KEEP and len(w) > 4:
        for pattern, repl in _EN_SPELLING:
            new = pattern.sub(repl, w)
            if new != w:
                w = new
                break
    return _snowball("en")(w)


# Russian noun and adjective endings, longest first, stripped repeatedly (Карабахом →
# карабах → караб, Карабах → караб). Snowball Russian also strips verb endings and so
# cuts names apart (Ереван → ерева, but Еревану → ереван); news terms are nouns.
_RU_SUFFIXES = tuple(sorted((
    "иями", "ями", "ами", "иях", "ией", "ием", "иям", "ого", "его", "ому", "ему", "ыми", "ими",
    "ия", "ии", "ию", "ие", "ей", "ой", "ом", "ем", "ам", "ям", "ах", "ях", "ов", "ев", "ая", "яя",
    "ое", "ее", "ые", "ый", "ий", "ую", "юю", "ых", "их", "ым", "им", "ью",
    "ы", "и", "а", "я", "у", "ю", "е", "о", "ь", "й",
), key=len, reverse=True))
_RU_MIN_STEM = 3


def stem_ru(word: str) -> str:
    """Stem a folded Russian word: noun and adjective endings (``ё`` already ``е``)."""
    w = word
    for _ in range(3):
        for suffix in _RU_SUFFIXES:
            if w.endswith(suffix) and len(w) - len(suffix) >= _RU_MIN_STEM:
                w = w[: -len(suffix)]
                break
        else:
            break
    return w


_EN_PLURAL = ((re.compile(r"ies$"), "y"), (re.compile(r"(ss|sh|ch|x|z)es$"), r"\1"), (re.compile(r"([^su])s$"), r"\1"))


def stem_en_light(word: str) -> str:
    """A folded English word with only its plural undone and US spelling: for finding terms
    in running text, where "declared" must not count as "declaration"."""
    w = word
    for pattern, repl in _EN_PLURAL:
        new = pattern.sub(repl, w)
        if new != w and len(new) >= 3:
            w = new
            break
    if w not in _EN_KEEP and len(w) > 4:
        for pattern, repl in _EN_SPELLING:
            new = pattern.sub(repl, w)
            if new != w:
                return new
    return w


@lru_cache(maxsize=100_000)
def stem_text(word: str) -> str:
    """Stem for finding glossary terms in running text: like :func:`stem`, but English
    words lose only plural and possessive endings."""
    lang = script(word)
    if lang != "en":
        return stem(word)
    if len(word) > 3:
        word = _EN_POSSESSIVE.sub("", word)
    return stem_en_light(fold(word))


_STEMMERS = {"hy": stem_hy, "en": stem_en, "ru": stem_ru}


@lru_cache(maxsize=100_000)
def stem_name(word: str) -> str:
    """Fold and stem a proper name: case endings and articles only (Փաշինյանի →
    փաշինյան…), never verb endings (Իսրայել stays whole)."""
    lang = script(word)
    if lang == "hy":
        return stem_hy(fold(word), verbs=False)
    return stem(word)


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Fold and stem one word by its script; digits and unknown scripts are only folded."""
    lang = script(word)
    if lang == "en" and len(word) > 3:
        word = _EN_POSSESSIVE.sub("", word)
    elif lang is not None:
        # ՀԱՊԿից, ԵՄին: the abbreviation is the stem, however short
        word = without_abbr_ending(word)
    w = fold(word)
    if lang is None:
        return w
    return _STEMMERS[lang](w)
