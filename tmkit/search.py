"""Using the memory: concordance (full-text search) and CAT-style fuzzy matching.

Concordance runs on an SQLite FTS5 index of the folded text of every variant (case,
``ё``/``е``, ``և``/``եւ`` and Armenian in-word marks folded, so ``Ի՞նչ`` is one word).
Users write plain queries — words, ``"phrases"``, ``prefix*``, ``AND``/``OR``/``NOT``,
parentheses — which :func:`fts_query` turns into a safe FTS5 expression; with
``forms=True`` every word matches its inflected forms (its stem as a prefix).

Fuzzy matching scores with the word-level edit distance translators know:
``100 * (1 - distance / max(len(a), len(b)))`` over word and punctuation tokens of the
folded text; 100% means identical after normalisation, 101% identical with the same
previous segment. Candidates come from the full-text index with an exact prefix filter:
a unit scoring at least ``min`` % differs from a query of ``n`` tokens in at most
``d = floor((1 - min/100) * max(n, m))`` tokens, so it must contain at least one of the
``d + 1`` rarest query words; only units that do (and whose length fits) are scored,
with rapidfuzz. No unit that reaches the threshold is missed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from tmkit.errors import UsageError
from tmkit.normalize import match_key
from tmkit.stem import stem
from tmkit.tokenize import match_tokens, spans

_QUERY_TOKEN_RE = re.compile(r'"[^"]*"?|\(|\)|[^\s()"]+')
_FTS_WORD_RE = re.compile(r"\w+")
_OPERATORS = {"AND", "OR", "NOT"}
_RARE = 2000  # document frequency from which a word counts as common (see term_document_frequency)


# -- query parsing ------------------------------------------------------------------------

@dataclass
class ParsedQuery:
    """A user's query as an FTS5 expression plus the words to highlight."""

    fts: str
    words: list[str] = field(default_factory=list)  # folded words, for highlighting
    prefixes: list[str] = field(default_factory=list)  # folded prefixes (word* and --forms)


def _fts_words(text: str) -> list[str]:
    """The FTS5 (unicode61) tokens of a piece of a query, folded like the index."""
    return _FTS_WORD_RE.findall(match_key(text))


def fts_query(query: str, forms: bool = False) -> ParsedQuery:
    """Turn a user's query into a safe FTS5 expression (see the module docstring).

    Raises :class:`UsageError` for an empty query, one of only punctuation, or one whose
    operators and parentheses do not make sense.
    """
    if not query or not query.strip():
        raise UsageError("give something to search for, e.g. tmkit search делимитация")
    parsed = ParsedQuery(fts="")
    parts: list[str] = []
    depth = 0
    expect_operand = True
    for token in _QUERY_TOKEN_RE.findall(query):
        if token in _OPERATORS:
            if expect_operand and token != "NOT":
                raise UsageError(f"{token} needs a word before it (query: {query!r})")
            if token == "NOT" and expect_operand:
                raise UsageError(f"NOT needs a word before it, e.g. CSTO NOT Russia (query: {query!r})")
            parts.append(token)
            expect_operand = True
            continue
        if token == "(":
            if not expect_operand:
                parts.append("AND")
            parts.append("(")
            depth += 1
            expect_operand = True
            continue
        if token == ")":
            if depth == 0 or expect_operand:
                raise UsageError(f"unbalanced parentheses in {query!r}")
            parts.append(")")
            depth -= 1
            continue
        if token.startswith('"'):
            words = _fts_words(token.strip('"'))
            if not words:
                continue
            parsed.words.extend(words)
            term = '"' + " ".join(words) + '"'
        else:
            prefix = token.endswith("*")
            words = _fts_words(token.rstrip("*"))
            if not words:
                continue
            if prefix or (forms and len(words) == 1):
                stem_word = words[-1] if prefix else _stem_prefix(words[-1])
                head = " ".join(words[:-1])
                term = (f'"{head}" + ' if head else "") + f'"{stem_word}" *'
                parsed.prefixes.append(stem_word)
                parsed.words.extend(words[:-1])
            else:
                term = '"' + " ".join(words) + '"'
                parsed.words.extend(words)
        if not expect_operand:
            parts.append("AND")
        parts.append(term)
        expect_operand = False
    if depth:
        raise UsageError(f"unbalanced parentheses in {query!r}")
    if parts and parts[-1] in _OPERATORS:
        raise UsageError(f"{parts[-1]} needs a word after it (query: {query!r})")
    if not any(p not in _OPERATORS and p not in "()" for p in parts):
        raise UsageError(f"{query!r} has no words to search for")
    parsed.fts = " ".join(parts)
    return parsed


def _stem_prefix(word: str) -> str:
    """The stem of a folded word as an index prefix: inflected forms share it."""
    s = stem(word)
    # Snowball may rewrite an ending (English "ally" -> "alli"); use the common prefix
    # of the stem and the word so that the prefix still matches the indexed forms.
    k = 0
    while k < min(len(s), len(word)) and s[k] == word[k]:
        k += 1
    return word[:max(k, min(3, len(word)))]


# -- concordance ----------------------------------------------------------------------------

@dataclass
class ConcordanceHit:
    """A variant that matches the query, with its translations."""

    unit_id: int
    lang: str
    text: str
    spans: list[tuple[int, int]]  # highlighted character ranges of text
    translations: dict[str, str]
    story: str | None
    outlet: str | None
    published: str | None
    origin: str
    score: float | None


def highlight_spans(text: str, parsed: ParsedQuery) -> list[tuple[int, int]]:
    """Character ranges of ``text`` whose words match the query's words or prefixes."""
    words = set(parsed.words)
    out = []
    for start, end, word in spans(text):
        for piece in _fts_words(word):
            if piece in words or any(piece.startswith(p) for p in parsed.prefixes):
                out.append((start, end))
                break
    return out


def concordance(
    store: Any,
    query: str,
    *,
    lang: str | None = None,
    story: str | None = None,
    since: str | None = None,
    limit: int = 20,
    forms: bool = False,
) -> list[ConcordanceHit]:
    """Variants matching ``query`` (newest first) with their aligned translations."""
    parsed = fts_query(query, forms=forms)
    rows = store.concordance(parsed.fts, lang=lang, story=story, since=since, limit=limit)
    translations = store.unit_texts([r["unit_id"] for r in rows])
    hits = []
    for r in rows:
        others = {k: v for k, v in translations.get(r["unit_id"], {}).items() if k != r["lang"]}
        hits.append(ConcordanceHit(
            unit_id=r["unit_id"], lang=r["lang"], text=r["text"], spans=highlight_spans(r["text"], parsed),
            translations=others, story=r["story"], outlet=r["outlet"], published=r["published"],
            origin=r["origin"], score=r["score"]))
    return hits


# -- fuzzy matching ---------------------------------------------------------------------------

@dataclass
class Match:
    """A translation-memory match for a sentence."""

    unit_id: int
    percent: int
    source: str
    target: str
    diff: list[tuple[str, str]]  # (op, token): op is "=", "-" (only in the query), "+" (only in the match)
    story: str | None = None
    origin: str | None = None


def percent(query_tokens: Sequence[str], cand_tokens: Sequence[str]) -> float:
    """CAT-style word-level match percentage of two token lists (0-100)."""
    from rapidfuzz.distance import Levenshtein

    longest = max(len(query_tokens), len(cand_tokens))
    if longest == 0:
        return 100.0
    return 100.0 * (1.0 - Levenshtein.distance(query_tokens, cand_tokens) / longest)


def token_diff(query_tokens: Sequence[str], cand_tokens: Sequence[str]) -> list[tuple[str, str]]:
    """Word-level differences between the query and a match."""
    from rapidfuzz.distance import Levenshtein

    out: list[tuple[str, str]] = []
    for op in Levenshtein.opcodes(query_tokens, cand_tokens):
        if op.tag == "equal":
            out.extend(("=", t) for t in query_tokens[op.src_start:op.src_end])
        else:
            out.extend(("-", t) for t in query_tokens[op.src_start:op.src_end])
            out.extend(("+", t) for t in cand_tokens[op.dest_start:op.dest_end])
    return out


class Matcher:
    """Fuzzy matcher over the memory for one language pair (build once, query many times)."""

    def __init__(self, store: Any, src: str, tgt: str):
        if src == tgt:
            raise UsageError("source and target language are the same")
        self.store = store
        self.src = src
        self.tgt = tgt

    def candidates(self, tokens: Sequence[str], min_percent: float) -> list[tuple[int, int, str]]:
        """(variant id, unit id, folded text) of source variants that may reach ``min_percent``.

        A candidate of ``m`` tokens scoring at least ``t = min_percent / 100`` has
        ``t * n <= m <= n / t`` and leaves at most ``D = floor((1 - t) * n)`` of the query's
        ``n`` tokens unmatched, so at most ``D`` of the query's distinct words are absent from
        it. Words absent from the whole memory use up that budget first; of the remaining
        ``D'``, a candidate must contain at least ``r + 1`` of the ``D' + 1 + r`` rarest
        query words. ``r = 1`` keeps the candidate lists short without missing anything.
        """
        n = len(tokens)
        t = min_percent / 100.0
        lo = max(1, math.ceil(n * t - 1e-9))
        hi = max(lo, math.floor(n / t + 1e-9)) if t > 0 else 10**9
        budget = math.floor((1.0 - t) * n + 1e-9)
        words = sorted({w for w in tokens if _FTS_WORD_RE.fullmatch(w)})
        if not words:
            return self.store.variants_by_norm(" ".join(tokens), self.src, self.tgt)
        df = self.store.term_document_frequency(words)
        present = sorted((w for w in words if df.get(w, 0) > 0), key=lambda w: (df[w], w))
        budget -= len(words) - len(present)
        if budget < 0 or not present:
            return []
        # One more word than the budget guarantees a hit; a second one, when it is still
        # rare, lets the index demand two hits, which removes most chance candidates.
        k = min(len(present), budget + 1)
        if k < len(present) and df[present[k]] < _RARE:
            k += 1
        need = k - budget  # at least this many of the k rarest words are in every candidate
        return self.store.fuzzy_candidates(present[:k], self.src, self.tgt, lo, hi, min_hits=max(1, need))

    def match(self, sentence: str, *, min_percent: float = 70, limit: int = 5,
              previous: str | None = None) -> list[Match]:
        """The best matches for ``sentence``, highest percentage first."""
        norm = match_key(sentence)
        tokens = match_tokens(norm)
        if not tokens:
            raise UsageError("the sentence has no words to match")
        scored = []
        for vid, uid, cand_norm in self.candidates(tokens, min_percent):
            cand_tokens = match_tokens(cand_norm)
            p = percent(tokens, cand_tokens)
            if p >= min_percent:
                scored.append((p, -uid, vid, uid, cand_tokens, cand_norm == norm))
        scored.sort(reverse=True)
        top = scored[:limit]
        units = self.store.unit_texts([s[3] for s in top], with_meta=True)
        prev_key = match_key(previous) if previous else None
        out = []
        for p, _, vid, uid, cand_tokens, identical in top:
            texts = units.get(uid, {})
            pct = 100 if identical else min(99, int(math.floor(p)))
            if identical and prev_key is not None:
                before = self.store.previous_text(vid)
                if before is not None and match_key(before) == prev_key:
                    pct = 101
            out.append(Match(unit_id=uid, percent=pct, source=texts.get(self.src, ""),
                             target=texts.get(self.tgt, ""), diff=token_diff(tokens, cand_tokens),
                             story=texts.get("_story"), origin=texts.get("_origin")))
        out.sort(key=lambda m: (-m.percent, m.unit_id))
        return out


def exhaustive_best(store: Any, sentence: str, src: str, tgt: str) -> tuple[int, float] | None:
    """(unit id, percentage) of the best match by scoring every unit (for benchmarks)."""
    from rapidfuzz.distance import Levenshtein

    tokens = match_tokens(match_key(sentence))
    best = None
    for uid, cand_norm in store.iter_source_norms(src, tgt):
        cand = match_tokens(cand_norm)
        longest = max(len(tokens), len(cand))
        p = 100.0 * (1.0 - Levenshtein.distance(tokens, cand) / longest) if longest else 100.0
        if best is None or p > best[1] or (p == best[1] and uid < best[0]):
            best = (uid, p)
    return best


def format_diff(diff: Iterable[tuple[str, str]]) -> str:
    """``[-removed-] {+added+}`` markup of a token diff, for terminals and logs."""
    out = []
    for op, tok in diff:
        out.append(tok if op == "=" else f"[-{tok}-]" if op == "-" else f"{{+{tok}+}}")
    return " ".join(out)
