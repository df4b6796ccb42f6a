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
from itertools import repeat
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
_SMALL_WINDOW = 2000  # score every variant of the right length when there are no more than this
_EXTRA_PIECE_COST = 200000  # postings worth walking for the piece that lets the filter demand two hits
_LARGE_WINDOW = 60000  # … or when the index offers no selective pieces and there are no more than this


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


def _encode(tokens: Sequence[str], table: dict[str, str]) -> str:
    """Tokens as one character each (new tokens get new characters, surrogates skipped)."""
    out = []
    for tok in tokens:
        ch = table.get(tok)
        if ch is None:
            code = 0x100 + len(table)
            ch = table[tok] = chr(code + 0x800 if code >= 0xD800 else code)
        out.append(ch)
    return "".join(out)


def _pieces(seq: Sequence[str], df: dict[str, int], wanted: int, common: bool = False) -> list[tuple[str, ...]]:
    """Up to ``wanted`` disjoint pieces of the word sequence ``seq`` for the segment filter,
    cheapest first. A piece costs the posting lists the index walks to find it: a rare
    word its own short list, a pair of adjacent words (a rare phrase even when both are
    common) the lists of both. Words absent from the memory (not in ``df``) are never
    used; single common words, whose long lists also become candidates, only with
    ``common=True``. An extra piece beyond the first ``wanted - 1`` is taken only if cheap."""
    from tmkit.store.sqlite import COMMON_TERM

    options: list[tuple[float, tuple[int, ...]]] = []
    for i, w in enumerate(seq):
        if w in df and (df[w] < COMMON_TERM or common):
            options.append((df[w] * (1 if df[w] < COMMON_TERM else 3), (i,)))
    for i in range(len(seq) - 1):
        if seq[i] in df and seq[i + 1] in df:
            options.append((df[seq[i]] + df[seq[i + 1]], (i, i + 1)))
    options.sort()
    used = [False] * len(seq)
    pieces: list[tuple[str, ...]] = []
    for cost, positions in options:
        if len(pieces) >= wanted:
            break
        if len(pieces) == wanted - 1 and cost > _EXTRA_PIECE_COST:
            break
        if any(used[i] for i in positions):
            continue
        for i in positions:
            used[i] = True
        pieces.append(tuple(seq[i] for i in positions))
    return pieces


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

        A unit scoring at least ``t = min_percent / 100`` has ``m`` tokens with
        ``t * n <= m <= n / t`` and is at most ``D = floor((1 - t) * n)`` edits away from the
        query. When few variants have such a length they are all scored. Otherwise the
        filter counts segments: take disjoint pieces of the query's word sequence (single
        rare words, else pairs of adjacent common words); at most ``D`` edits touch at most
        ``D`` pieces, so with ``k`` pieces every such unit contains at least ``k - D`` of them
        as phrases — which the full-text index finds. Query words absent from the whole
        memory each use up one edit first. Nothing that reaches the threshold is missed.
        """
        n = len(tokens)
        t = min_percent / 100.0
        lo = max(1, math.ceil(n * t - 1e-9))
        hi = max(lo, math.floor(n / t + 1e-9))
        window = self.store.window_size(self.src, lo, hi, cap=_SMALL_WINDOW + 1)
        if window <= _SMALL_WINDOW:
            return self.store.window_candidates(self.src, self.tgt, lo, hi)
        budget = math.floor((1.0 - t) * n + 1e-9)
        seq = [w for w in tokens if _FTS_WORD_RE.fullmatch(w)]
        df = self.store.term_document_frequency(sorted(set(seq)))
        budget -= sum(1 for w in seq if w not in df)
        if budget < 0:
            return []
        pieces = _pieces(seq, df, budget + 2)
        if len(pieces) <= budget:
            if self.store.window_size(self.src, lo, hi, cap=_LARGE_WINDOW + 1) <= _LARGE_WINDOW:
                return self.store.window_candidates(self.src, self.tgt, lo, hi)
            # a long posting list or two is still cheaper than scoring the whole window
            pieces = _pieces(seq, df, budget + 1, common=True)
            if len(pieces) <= budget:
                return self.store.window_candidates(self.src, self.tgt, lo, hi)
        return self.store.fuzzy_candidates(pieces, self.src, self.tgt, lo, hi, min_hits=len(pieces) - budget)

    def match(self, sentence: str, *, min_percent: float = 70, limit: int = 5,
              previous: str | None = None) -> list[Match]:
        """The best matches for ``sentence``, highest percentage first."""
        norm = match_key(sentence)
        tokens = match_tokens(norm)
        if not tokens:
            raise UsageError("the sentence has no words to match")
        from rapidfuzz.distance import Levenshtein

        # Tokens become one character each, so rapidfuzz compares token sequences as short
        # strings in C++. A candidate token that is not in the query can never match a
        # query token, so all of them may share one placeholder character: the distance
        # stays exact, and encoding is a C-level map over a dict.
        table: dict[str, str] = {}
        query = _encode(tokens, table)
        placeholder = chr(0x100 + len(table))
        get = table.get
        scored = []
        for vid, uid, cand_norm in self.candidates(tokens, min_percent):
            cand = "".join(map(get, match_tokens(cand_norm), repeat(placeholder)))
            longest = max(len(query), len(cand))
            p = 100.0 * (1.0 - Levenshtein.distance(query, cand) / longest)
            if p >= min_percent:
                scored.append((p, -uid, vid, uid, cand_norm))
        scored.sort(reverse=True)
        top = [(p, n_uid, vid, uid, match_tokens(cand_norm), cand_norm == norm)
               for p, n_uid, vid, uid, cand_norm in scored[:limit]]
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
                             target=texts.get(self.tgt, ""),
                             diff=_display_diff(token_diff(tokens, cand_tokens), sentence, texts.get(self.src, "")),
                             story=texts.get("_story"), origin=texts.get("_origin")))
        out.sort(key=lambda m: (-m.percent, m.unit_id))
        return out


def _display_tokens(text: str, folded: Sequence[str]) -> Sequence[str]:
    """The tokens of ``text`` as written, when they line up one to one with its folded
    tokens (folding rarely changes token boundaries); else the folded ones."""
    import unicodedata

    shown = match_tokens(" ".join(unicodedata.normalize("NFC", text).split()))
    return shown if len(shown) == len(folded) else folded


def _display_diff(diff: list[tuple[str, str]], query: str, source: str) -> list[tuple[str, str]]:
    """A token diff computed on folded text, shown with the original spelling and case."""
    q_fold = [t for op, t in diff if op in ("=", "-")]
    c_fold = [t for op, t in diff if op in ("=", "+")]
    q_show = _display_tokens(query, q_fold)
    c_show = _display_tokens(source, c_fold)
    out, qi, ci = [], 0, 0
    for op, tok in diff:
        if op == "=":
            out.append(("=", c_show[ci]))
            qi += 1
            ci += 1
        elif op == "-":
            out.append(("-", q_show[qi]))
            qi += 1
        else:
            out.append(("+", c_show[ci]))
            ci += 1
    return out


def format_diff(diff: Iterable[tuple[str, str]]) -> str:
    """``[-removed-] {+added+}`` markup of a token diff, for terminals and logs."""
    out = []
    for op, tok in diff:
        out.append(tok if op == "=" else f"[-{tok}-]" if op == "-" else f"{{+{tok}+}}")
    return " ".join(out)
