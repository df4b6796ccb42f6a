"""The political-terminology glossary: files, look-up keys, look-up.

The glossary is kept as TSV files (see ``glossary/README.md``) and loaded into the store
with :func:`load`. Each term gets look-up keys: its folded form (case, ``ё``/``е``,
``և``/``եւ``, in-word marks) and its stemmed form (:mod:`tmkit.stem`), so that
``делимитации``, ``սահմանազատման`` or ``ՀԱՊԿ-ից`` find their concept.

This module is on the fast path of ``tmkit term``: it must not import sqlite-utils or
sacremoses.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tmkit.errors import FormatError, InputError, UsageError
from tmkit.models import Concept, Term
from tmkit.stem import stem, stem_text
from tmkit.tokenize import fold, without_abbr_ending, words

COLUMNS = ("concept", "lang", "text", "kind", "status", "note", "flags")
GLOSSARY_LANGS = ("en", "ru", "hy")
KINDS = ("full", "abbreviation", "variant")
STATUSES = ("preferred", "admitted", "deprecated")
FLAGS = ("homonym", "case")
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


# -- files -------------------------------------------------------------------------------

def read_file(path: str | os.PathLike[str]) -> list[Concept]:
    """Parse one glossary TSV file; raise :class:`FormatError` naming the file and line."""
    from tmkit.textio import read_text

    p = Path(path)
    text = read_text(p, max_bytes=50 * 1024 * 1024, what="a glossary file")
    domain = p.stem
    concepts: list[Concept] = []
    by_id: dict[str, Concept] = {}
    header_seen = False
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = line.split("\t")
        if not header_seen:
            header = tuple(c.strip().lower() for c in cells)
            if header[:3] != COLUMNS[:3]:
                raise FormatError(f"{p}:{lineno}: expected the header {chr(9).join(COLUMNS)!r}")
            header_seen = True
            continue
        if len(cells) > len(COLUMNS):
            raise FormatError(f"{p}:{lineno}: {len(cells)} columns, at most {len(COLUMNS)} expected")
        cells += [""] * (len(COLUMNS) - len(cells))
        cid, lang, value, kind, status, note, flags = (c.strip() for c in cells)
        where = f"{p}:{lineno}"
        if not _ID_RE.match(cid):
            raise FormatError(f"{where}: bad concept id {cid!r} (lower-case ASCII letters, digits, -)")
        if not value:
            raise FormatError(f"{where}: empty text")
        concept = by_id.get(cid)
        if concept is None:
            if concepts and cid in (c.id for c in concepts):
                raise FormatError(f"{where}: rows of concept {cid!r} are not together")
            concept = Concept(id=cid, domain=domain, source=p.name)
            by_id[cid] = concept
            concepts.append(concept)
        elif concepts[-1].id != cid:
            raise FormatError(f"{where}: rows of concept {cid!r} are not together")
        if lang == "def":
            concept.definition = value
            continue
        if lang == "usage":
            concept.usage = value if not concept.usage else concept.usage + " " + value
            continue
        if lang not in GLOSSARY_LANGS:
            raise FormatError(f"{where}: language {lang!r} is not one of {', '.join(GLOSSARY_LANGS)}, def, usage")
        kind = kind or "full"
        status = status or "preferred"
        if kind not in KINDS:
            raise FormatError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
        if status not in STATUSES:
            raise FormatError(f"{where}: status {status!r} is not one of {', '.join(STATUSES)}")
        flag_list = tuple(f.strip() for f in flags.split(",") if f.strip())
        for f in flag_list:
            if f not in FLAGS:
                raise FormatError(f"{where}: flag {f!r} is not one of {', '.join(FLAGS)}")
        concept.terms.append(Term(lang=lang, text=value, kind=kind, status=status, note=note or None,
                                  flags=flag_list))
    if not header_seen:
        raise FormatError(f"{p}: no header row; expected {chr(9).join(COLUMNS)!r}")
    return concepts


def read_folder(path: str | os.PathLike[str]) -> list[Concept]:
    """Every ``*.tsv`` glossary file in a folder, in name order."""
    p = Path(path)
    files = sorted(f for f in p.glob("*.tsv") if f.is_file())
    if not files:
        raise InputError(f"{p}: no glossary files (*.tsv) in this folder")
    concepts: list[Concept] = []
    for f in files:
        concepts.extend(read_file(f))
    return concepts


def check(concepts: Sequence[Concept]) -> list[str]:
    """Consistency problems of a glossary (empty when it is sound)."""
    problems: list[str] = []
    seen_ids: dict[str, str] = {}
    owners: dict[str, list[tuple[str, bool]]] = {}
    for c in concepts:
        where = f"{c.source or ''}:{c.id}"
        if c.id in seen_ids:
            problems.append(f"{where}: concept id also used in {seen_ids[c.id]}")
        seen_ids[c.id] = c.source or ""
        if not c.definition:
            problems.append(f"{where}: no definition (a 'def' row)")
        for lang in GLOSSARY_LANGS:
            if not any(t.status == "preferred" for t in c.terms_in(lang)):
                problems.append(f"{where}: no preferred {lang} term")
        for t in c.terms:
            if t.status == "deprecated" and not t.note:
                problems.append(f"{where}: deprecated {t.lang} term {t.text!r} has no note saying why")
            key = (t.lang, " ".join(fold(w) for w in words(t.text)))
            owners.setdefault(f"{key[0]}:{key[1]}", []).append((c.id, "homonym" in t.flags))
    for key, users in owners.items():
        ids = {cid for cid, _ in users}
        if len(ids) > 1 and not all(h for _, h in users):
            problems.append(f"term {key.split(':', 1)[1]!r} ({key.split(':', 1)[0]}) is in concepts "
                            f"{', '.join(sorted(ids))} without the homonym flag")
    return problems


# -- keys --------------------------------------------------------------------------------

def exact_key(text: str) -> str:
    """The folded form of a term or query."""
    return " ".join(fold(w) for w in words(text))


def stem_key(text: str) -> str:
    """The stemmed form of a term or query."""
    return " ".join(stem(w) for w in words(text))


def term_keys(term: Term) -> list[tuple[str, str]]:
    """Look-up keys ``[(key, kind)]`` for a term; ``case``-flagged terms match as written."""
    if "case" in term.flags:
        return [(" ".join(words(term.text)), "case")]
    keys = [(exact_key(term.text), "exact")]
    s = stem_key(term.text)
    if s and s != keys[0][0]:
        keys.append((s, "stem"))
    return [(k, kind) for k, kind in keys if k]


def load(store: Any, path: str | os.PathLike[str]) -> dict[str, int]:
    """Load a glossary file or folder (TSV, TBX or CSV) into ``store`` in one transaction.

    Concepts are merged by id: new ones added, changed ones replaced, the rest unchanged.
    Returns counts, and raises before writing anything if the glossary has problems.
    """
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file or folder")
    concepts = read_any(p)
    problems = check(concepts)
    if problems:
        more = f" (and {len(problems) - 1} more; `tmkit glossary check` lists them)" if len(problems) > 1 else ""
        where = "" if problems[0].startswith(p.name) else f"{p}: "
        raise FormatError(f"{where}{problems[0]}{more}")
    keys = {(c.id, i): term_keys(t) for c in concepts for i, t in enumerate(c.terms)}
    with store.transaction():
        counts = store.replace_concepts(concepts, keys)
    return counts


def read_any(p: Path) -> list[Concept]:
    """Read a glossary folder, TSV file, or an interchange file (TBX, CSV)."""
    from tmkit.textio import check_readable_file

    if p.is_dir():
        return read_folder(p)
    check_readable_file(p)  # before opening it: a FIFO or a device would block or never end
    suffix = p.suffix.lower()
    if suffix == ".tsv":
        with open(p, "rb") as fh:
            head = fh.read(4096).decode("utf-8", "replace").lstrip("\ufeff")
        first = next((line for line in head.splitlines() if line.strip() and not line.lstrip().startswith("#")), "")
        if first.lower().startswith("concept\t"):
            return read_file(p)
    if suffix in (".tbx", ".xml"):
        from tmkit.formats.tbx import read_tbx

        return read_tbx(p)
    if suffix in (".csv", ".tsv", ".txt"):
        from tmkit.formats.termtable import read_table

        return read_table(p)
    raise UsageError(f"{p}: unknown glossary format; give a folder of .tsv files, a .tbx, .csv or .tsv file")


# -- look-up -----------------------------------------------------------------------------

@dataclass
class LookupResult:
    """Concepts found for a query, how they matched, and suggestions if none did."""

    query: str
    concepts: list[Concept] = field(default_factory=list)
    matched: dict[str, list[str]] = field(default_factory=dict)  # concept id -> matched terms
    how: dict[str, str] = field(default_factory=dict)  # concept id -> exact | stem | case | fuzzy
    suggestions: list[str] = field(default_factory=list)
    # when no whole term matched: concepts with a longer term containing the query's words
    # ("коридор" → Лачинский коридор), best first, with those terms
    containing: list[Concept] = field(default_factory=list)
    contained_in: dict[str, list[str]] = field(default_factory=dict)
    more_containing: int = 0


_RANK = {"case": 0, "exact": 1, "stem": 2, "fuzzy": 3}
# More distinct words than any term has: a pasted sentence, not a term.
_MAX_TERM_WORDS = 30


def check_query(query: str) -> None:
    """Raise :class:`UsageError` for a query that cannot match anything."""
    if not query or not query.strip():
        raise UsageError("give a term to look up, e.g. tmkit term ОДКБ")
    if not words(query):
        raise UsageError(f"{query!r} has no letters or digits to look up")


def lookup(store: Any, query: str, limit_suggestions: int = 5, limit_containing: int = 15) -> LookupResult:
    """Find concepts whose terms match ``query`` in any language and inflection.

    When no term matches as a whole, the concepts whose terms contain the query's words
    (in any inflection) are given in :attr:`LookupResult.containing`, at most
    ``limit_containing`` of them, and spelling suggestions when there are none.
    """
    check_query(query)
    result = LookupResult(query=query)
    q_case = " ".join(without_abbr_ending(w) for w in words(query))  # ԵՄ-ին is the case term ԵՄ
    q_exact, q_stem = exact_key(query), stem_key(query)
    rows = store.find_term_keys(sorted({q_case, q_exact, q_stem}))
    best: dict[str, str] = {}
    for row in rows:
        # case-sensitive terms ("US") need the spelling as written; a term's folded form
        # matches the folded or the stemmed query; its stemmed form only the stemmed query
        key, kind = row["key"], row["key_kind"]
        if kind == "case":
            how = "case" if key == q_case else None
        elif kind == "exact":
            how = "exact" if key == q_exact else "stem" if key == q_stem else None
        else:
            how = "stem" if key == q_stem else None
        if how is None:
            continue
        cid = row["concept_id"]
        if cid not in best or _RANK[how] < _RANK[best[cid]]:
            best[cid] = how
        result.matched.setdefault(cid, [])
        if row["text"] not in result.matched[cid]:
            result.matched[cid].append(row["text"])
    for cid in sorted(best, key=lambda c: (_RANK[best[c]], c)):
        concept = store.concept(cid)
        if concept is not None:
            result.concepts.append(concept)
            result.how[cid] = best[cid]
    if not result.concepts:
        _find_containing(store, query, result, limit_containing)
        if not result.containing:
            result.suggestions = suggest(store, query, limit_suggestions)
    return result


def _find_containing(store: Any, query: str, result: LookupResult, limit: int) -> None:
    query_words = sorted(set(stem_key(query).split()))
    if len(query_words) > _MAX_TERM_WORDS:  # no term is that long
        return
    found: dict[str, list[str]] = {}  # concept id -> its terms containing the query, best first
    for row in store.find_terms_containing(query_words):
        texts = found.setdefault(row["concept_id"], [])
        if row["text"] not in texts:
            texts.append(row["text"])
    for cid in list(found)[:limit]:
        concept = store.concept(cid)
        if concept is not None:
            result.containing.append(concept)
            result.contained_in[cid] = found[cid]
    result.more_containing = max(0, len(found) - limit)


def suggest(store: Any, query: str, limit: int = 5) -> list[str]:
    """Terms spelled like ``query`` (for "did you mean …")."""
    from rapidfuzz import fuzz, process

    target = exact_key(query)
    choices: dict[str, str] = {}
    words_of_terms: list[str] = []
    for key, text in store.term_spellings():
        choices.setdefault(key, text)
        if " " in key:
            words_of_terms.extend(key.split())
    if " " not in target:  # a misspelt word of longer terms ("corridr") suggests the word
        for word in words_of_terms:
            if len(word) >= 4:
                choices.setdefault(word, word)
    found = process.extract(target, list(choices), scorer=fuzz.ratio, limit=limit, score_cutoff=70)
    return [choices[k] for k, _, _ in found]


def concept_as_dict(concept: Concept, langs: Iterable[str] | None = None) -> dict[str, Any]:
    """A JSON-ready view of a concept."""
    wanted = set(langs) if langs else None
    return {
        "id": concept.id,
        "domain": concept.domain,
        "definition": concept.definition,
        "usage": concept.usage,
        "terms": {
            lang: [
                {"text": t.text, "kind": t.kind, "status": t.status, "note": t.note}
                for t in concept.terms_in(lang)
            ]
            for lang in GLOSSARY_LANGS if wanted is None or lang in wanted
        },
    }


# -- finding terms in text ---------------------------------------------------------------

@dataclass(frozen=True)
class Hit:
    """A glossary term found in a text: character offsets, the concept and the term."""

    start: int
    end: int
    concept: str
    lang: str
    term: str
    status: str
    found: str  # the text as it appears, e.g. an inflected form


class TermIndex:
    """Finds glossary terms in running text, in any inflected form, longest match first.

    Terms are indexed by the stems of their words (``Организация Договора о коллективной
    безопасности`` → ``организац договор о коллективн безопасн``), so ``Организацией
    Договора о коллективной безопасности`` is found too. Terms flagged ``case`` must
    match as written (``US`` is not ``us``).
    """

    def __init__(self, concepts: Iterable[Concept]):
        self._first: dict[str, list[tuple[tuple[str, ...], bool, str, Term]]] = {}
        self._by_concept: dict[tuple[str, str], list[tuple[tuple[str, ...], bool, Term]]] = {}
        self.concepts: dict[str, Concept] = {}
        for concept in concepts:
            self.concepts[concept.id] = concept
            for term in concept.terms:
                case = "case" in term.flags
                toks = tuple(words(term.text)) if case else tuple(stem_text(w) for w in words(term.text))
                if toks:
                    self._first.setdefault(toks[0], []).append((toks, case, concept.id, term))
                    self._by_concept.setdefault((concept.id, term.lang), []).append((toks, case, term))
        for entries in self._first.values():
            entries.sort(key=lambda e: -len(e[0]))  # longest first

    def __len__(self) -> int:
        return len(self.concepts)

    @classmethod
    def from_store(cls, store: Any) -> "TermIndex":
        """An index of the glossary held in ``store``."""
        return cls(store.concepts())

    def scan(self, text: str, langs: Iterable[str] | None = None) -> list[Hit]:
        """Terms found in ``text`` (of the given term languages), in text order."""
        from tmkit.tokenize import spans

        wanted = set(langs) if langs else None
        toks = spans(text)
        stems = [stem_text(w) for _, _, w in toks]
        hits: list[Hit] = []
        i = 0
        while i < len(toks):
            best = None
            for key in (stems[i], without_abbr_ending(toks[i][2])):
                for term_toks, case, cid, term in self._first.get(key, ()):
                    if wanted is not None and term.lang not in wanted:
                        continue
                    n = len(term_toks)
                    if best is not None and n <= best[0]:
                        continue
                    seq = [without_abbr_ending(t[2]) for t in toks[i:i + n]] if case else stems[i:i + n]
                    if tuple(seq) == term_toks:
                        best = (n, cid, term)
            if best is None:
                i += 1
                continue
            n, cid, term = best
            start, end = toks[i][0], toks[i + n - 1][1]
            hits.append(Hit(start, end, cid, term.lang, term.text, term.status, text[start:end]))
            i += n
        return hits

    def terms_of(self, text: str, concept_id: str, lang: str) -> list[Term]:
        """The ``lang`` terms of a concept that occur anywhere in ``text`` (also inside a
        longer term: "Национальное собрание Армении" contains "Армения")."""
        from tmkit.tokenize import spans

        toks = [without_abbr_ending(w) for _, _, w in spans(text)]
        stems = [stem_text(w) for w in toks]
        found = []
        for term_toks, case, term in self._by_concept.get((concept_id, lang), ()):
            seq = toks if case else stems
            n = len(term_toks)
            if any(tuple(seq[i:i + n]) == term_toks for i in range(len(seq) - n + 1)):
                found.append(term)
        return found

    def concept_ids(self, text: str) -> list[str]:
        """Ids of the concepts mentioned in ``text`` (with repeats), for the aligner."""
        return [h.concept for h in self.scan(text)]
