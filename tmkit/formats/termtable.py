"""Glossary tables for CAT tools: an OmegaT pair TSV and a multi-column termbase CSV.

Two layouts, both written by :func:`write_table` and read back by :func:`read_table`:

``tsv`` — an OmegaT glossary for one language pair
    One line per source term: ``source<TAB>target<TAB>comment``, UTF-8 without BOM,
    ``\\n`` line ends, after two ``#`` comment lines (OmegaT ignores lines starting with
    ``#``; the second, ``# source=en target=hy``, lets :func:`read_table` tell the
    languages). Every preferred or admitted source term gets a line with the best target
    term: the target's preferred term of the same sort (abbreviation for an
    abbreviation, ``CSTO`` → ``ՀԱՊԿ``; full form otherwise), else an admitted one.
    Deprecated source terms get a line too, whose comment starts ``DEPRECATED, use …``,
    because a translator meets them in source texts. The comment is made of parts
    joined by `` | ``, in this order::

        [DEPRECATED, use <source term> (<why>)] | <concept id>: <definition>
            [| note: <note on the target term>] [| deprecated: <target term> (<why>)]…

    Tabs and newlines inside fields become spaces. Name the file ``en-hy.txt`` (or
    ``.utf8``): OmegaT loads glossary files by extension and ignores ``.tsv`` (checked
    with OmegaT 3.6, whose encoding detection reads these BOM-less UTF-8 ``.txt`` files
    right even under a Windows code page; ``.utf8`` is UTF-8 by definition). This layout
    is lossy by nature (one target per line, no term kinds); use TBX or CSV to move a
    glossary between tmkit installations.

``csv`` — a multi-column termbase CSV for memoQ and Trados
    One row per concept (memoQ's CSV import makes one entry per row; so does the
    Trados Glossary Converter), columns::

        ID, Domain, Definition, Note,
        en, en_status, en_kind, en_note, en_flags,
        ru, ru_status, …, hy, …, hy_flags

    The term columns are named by plain language codes, which memoQ's and the Glossary
    Converter's import map to languages from the header row. The synonyms of a language
    share one cell, separated by ``|``: the Glossary Converter's default synonym
    separator, and the character to type into memoQ's "Split alternatives in field by"
    box. A separator inside a cell is what both tools can import (a column per synonym
    would need a different header for every entry width); ``|`` is never part of a
    political term, unlike ``,`` ``;`` or ``/`` (``Armenia/Azerbaijan``). The
    ``<lang>_status``/``_kind``/``_note``/``_flags`` cells hold one ``|``-separated
    value per synonym, in the same order (an empty note or flags cell means "none"), so
    the file round-trips losslessly; in a CAT tool map them to term fields or skip them.
    ``Definition`` is the concept's English definition, ``Note`` its usage note.

    The file is UTF-8 *with* a BOM and CRLF line ends, quoted per RFC 4180 by the
    :mod:`csv` module: Excel (which translators use to open and fix such files before a
    Trados import) reads a BOM-less CSV in the ANSI code page and garbles Armenian and
    Russian; MultiTerm Convert wants UTF-8 for CSV input, and the BOM states it to any
    reader that would otherwise guess (memoQ's import preview guesses).

:func:`read_table` also reads hand-made tables of the ``csv`` layout (any subset of
the columns, as long as there is an ``en`` column; ``;`` or TAB as delimiter) and plain
two- or three-column ``source<TAB>target<TAB>comment`` glossaries, whose languages come
from a ``# source=en target=hy`` line or from a file name like ``en-hy.tsv``. A file in
tmkit's own glossary source format (header ``concept, lang, text, …``) is handed to
:func:`tmkit.glossary.read_file`.

This module has no XML and no heavy imports; :mod:`tmkit.formats.tbx` borrows its
output and concept-id helpers.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from tmkit.errors import FormatError, InputError, UsageError
from tmkit.models import Concept, Term

TABLE_FORMATS = ("tsv", "csv")
#: Languages of the ``csv`` layout, in column order.
TABLE_LANGS = ("en", "ru", "hy")
#: Separates synonyms (and their per-term values) inside one CSV cell.
SYNONYM_SEP = "|"
#: Separates the parts of an OmegaT comment.
COMMENT_SEP = " | "
#: Per-term columns of the ``csv`` layout: ``en_status`` …
TERM_FIELDS = ("status", "kind", "note", "flags")
CONCEPT_COLUMNS = ("ID", "Domain", "Definition", "Note")
#: Domain given to imported concepts that do not name one.
DEFAULT_DOMAIN = "imported"
TSV_MARK = "# tmkit glossary export for OmegaT (columns: source, target, comment)"

_KINDS = ("full", "abbreviation", "variant")
_STATUSES = ("preferred", "admitted", "deprecated")
_FLAGS = ("homonym", "case")
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_STATUS_RANK = {"preferred": 0, "admitted": 1, "deprecated": 2}
# Header names of concept-level columns (compared lower-cased), so that tables made by
# hand or exported by other tools ("Concept", "Subject", "en_def", "Usage") read too.
_CONCEPT_ALIASES = {
    "id": "id", "concept": "id", "concept id": "id", "entry_id": "id",
    "domain": "domain", "subject": "domain", "subject field": "domain", "subjectfield": "domain",
    "definition": "definition", "en_def": "definition", "en_definition": "definition",
    "note": "usage", "usage": "usage", "usage note": "usage",
}
_PAIR_LANGS_RE = re.compile(r"\b(source|target)\s*[=:]\s*([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*)", re.I)
_NAME_LANGS_RE = re.compile(r"(?:^|[^a-z])([a-z]{2,3})[-_]([a-z]{2,3})$")
_DEPRECATED_SRC_RE = re.compile(r"^DEPRECATED(?:, use (.+?))?(?: \((.*)\))?$", re.S)
_DEPRECATED_TGT_RE = re.compile(r"^deprecated: (.+?)(?: \((.*)\))?$", re.S)
_ID_PART_RE = re.compile(r"^([a-z0-9][a-z0-9-]*)(?:: (.*))?$", re.S)


# -- shared helpers (also used by tmkit.formats.tbx) -------------------------------------

@contextlib.contextmanager
def open_output(out: str | os.PathLike[str] | IO[bytes], example: str = "glossary.tbx") -> Iterator[IO[bytes]]:
    """A binary stream to write ``out`` to.

    A stream is used as it is. A path is written through a temporary file beside it that
    replaces the target only once everything was written, so a failed export never
    leaves half a glossary behind (CAT tools would import it without complaint).
    """
    if not isinstance(out, (str, os.PathLike)):
        yield out
        return
    target = Path(out)
    if target.is_dir():
        raise InputError(f"{target}: is a folder; give a file name such as {example}")
    if not target.parent.exists():
        raise InputError(f"{target}: folder {target.parent} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=".tmkit-", suffix=target.suffix, dir=str(target.parent))
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def slugify(text: str) -> str:
    """``Collective Security Treaty Organization`` → ``collective-security-treaty-organization``.

    ASCII letters and digits only (accents dropped), so the result is a valid concept id
    or empty.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def clean_id(raw: str | None) -> str | None:
    """A concept id from a foreign file as a tmkit id (``Entry_12`` → ``entry-12``), or None."""
    if raw is None:
        return None
    raw = raw.strip()
    if _ID_RE.match(raw):
        return raw
    return slugify(raw) or None


def assign_ids(concepts: Sequence[Concept]) -> None:
    """Give every concept with an empty id a stable one: the slug of its first English term.

    Concepts without an English term are numbered by position (``concept-7``); clashes
    with ids already in use get ``-2``, ``-3`` … The same file always gives the same ids.
    """
    used = {c.id for c in concepts if c.id}
    for n, concept in enumerate(concepts, 1):
        if concept.id:
            continue
        english = concept.terms_in("en")
        base = slugify(english[0].text) if english else ""
        base = base[:60].rstrip("-") or f"concept-{n}"
        cid, k = base, 1
        while cid in used:
            k += 1
            cid = f"{base}-{k}"
        used.add(cid)
        concept.id = cid


# -- writing -----------------------------------------------------------------------------

def write_table(
    concepts: Iterable[Concept],
    out: str | os.PathLike[str] | IO[bytes] | IO[str],
    fmt: str,
    src: str | None = None,
    tgt: str | None = None,
) -> int:
    """Write ``concepts`` as an OmegaT pair TSV (``fmt="tsv"``, needs ``src`` and ``tgt``)
    or a multi-column termbase CSV (``fmt="csv"``; ``src``/``tgt`` restrict it to two
    languages). Returns the number of concepts written; concepts with no term to write
    (for TSV: no source term or no usable target term) are left out.
    """
    if fmt not in TABLE_FORMATS:
        raise UsageError(f"unknown table format {fmt!r}; use {' or '.join(TABLE_FORMATS)}")
    if fmt == "tsv":
        if not (src and tgt):
            raise UsageError("the tsv format is one language pair: give src and tgt, e.g. --src en --tgt hy")
        if src == tgt:
            raise UsageError(f"source and target language are both {src!r}")
        langs: Sequence[str] = (src, tgt)
    else:
        if (src or tgt) and not (src and tgt):
            raise UsageError("give both src and tgt (or neither, for all languages)")
        if src and src == tgt:
            raise UsageError(f"source and target language are both {src!r}")
        langs = (src, tgt) if src and tgt else TABLE_LANGS
    example = f"{src}-{tgt}.txt" if fmt == "tsv" else "glossary.csv"
    with open_output(out, example) as stream, _text_stream(stream) as fh:
        if fmt == "tsv":
            return _write_pairs(concepts, fh, langs[0], langs[1])
        return _write_csv(concepts, fh, langs)


@contextlib.contextmanager
def _text_stream(stream: IO[Any]) -> Iterator[IO[str]]:
    if isinstance(stream, io.TextIOBase):
        yield stream  # type: ignore[misc]
        return
    # newline="": the writers choose line ends themselves (CRLF for CSV, LF for TSV)
    wrapper = io.TextIOWrapper(stream, encoding="utf-8", newline="")
    try:
        yield wrapper
        wrapper.flush()
    finally:
        wrapper.detach()  # leave the caller's stream open


def _flat(text: str) -> str:
    """A field value without tabs or line breaks (they would split OmegaT's columns)."""
    return " ".join(text.split())


def _abbr(term: Term) -> bool:
    return term.kind == "abbreviation"


def best_match(term: Term, candidates: Sequence[Term]) -> Term | None:
    """The candidate to offer for ``term``: not deprecated; preferred before admitted;
    among equals one of the same sort (abbreviation or not), then the first in order."""
    usable = [(i, t) for i, t in enumerate(candidates) if t.status != "deprecated"]
    if not usable:
        return None
    return min(usable, key=lambda it: (_STATUS_RANK.get(it[1].status, 1),
                                       _abbr(it[1]) != _abbr(term), it[0]))[1]


def _write_pairs(concepts: Iterable[Concept], fh: IO[str], src: str, tgt: str) -> int:
    fh.write(f"{TSV_MARK}\n# source={src} target={tgt}\n")
    written = 0
    for concept in concepts:
        sources = concept.terms_in(src)
        targets = concept.terms_in(tgt)
        if not sources or best_match(sources[0], targets) is None:
            continue
        id_part = f"{concept.id}: {concept.definition}" if concept.definition else concept.id
        deprecated_parts = [f"deprecated: {t.text}" + (f" ({t.note})" if t.note else "")
                            for t in targets if t.status == "deprecated"]
        for s in sources:
            target = best_match(s, targets)
            assert target is not None  # some target is usable, checked above
            parts = []
            if s.status == "deprecated":
                instead = best_match(s, sources)
                parts.append("DEPRECATED" + (f", use {instead.text}" if instead else "")
                             + (f" ({s.note})" if s.note else ""))
            parts.append(id_part)
            if target.note:
                parts.append(f"note: {target.note}")
            parts.extend(deprecated_parts)
            fh.write("\t".join(_flat(x) for x in (s.text, target.text, COMMENT_SEP.join(parts))) + "\n")
        written += 1
    return written


def csv_header(langs: Sequence[str] = TABLE_LANGS) -> list[str]:
    """The header row of the ``csv`` layout for ``langs``."""
    cols = list(CONCEPT_COLUMNS)
    for lang in langs:
        cols.append(lang)
        cols.extend(f"{lang}_{f}" for f in TERM_FIELDS)
    return cols


def _csv_row(concept: Concept, langs: Sequence[str]) -> list[str] | None:
    row = [concept.id, concept.domain or "", concept.definition or "", concept.usage or ""]
    n_terms = 0
    for lang in langs:
        terms = concept.terms_in(lang)
        n_terms += len(terms)
        for t in terms:
            for value in (t.text, t.note or ""):
                if SYNONYM_SEP in value:
                    raise FormatError(
                        f"concept {concept.id}: {lang} term {t.text!r}: '{SYNONYM_SEP}' separates synonyms "
                        "in the CSV layout and cannot appear in a term or its note; export TBX instead")
        notes = [t.note or "" for t in terms]
        flags = [",".join(t.flags) for t in terms]
        row.append(SYNONYM_SEP.join(t.text for t in terms))
        row.append(SYNONYM_SEP.join(t.status for t in terms))
        row.append(SYNONYM_SEP.join(t.kind for t in terms))
        row.append(SYNONYM_SEP.join(notes) if any(notes) else "")
        row.append(SYNONYM_SEP.join(flags) if any(flags) else "")
    return row if n_terms else None


def _write_csv(concepts: Iterable[Concept], fh: IO[str], langs: Sequence[str]) -> int:
    fh.write("\ufeff")
    writer = csv.writer(fh, lineterminator="\r\n")  # RFC 4180: CRLF, minimal quoting
    writer.writerow(csv_header(langs))
    written = 0
    for concept in concepts:
        row = _csv_row(concept, langs)
        if row is not None:
            writer.writerow(row)
            written += 1
    return written


# -- reading -----------------------------------------------------------------------------

def read_table(path: str | os.PathLike[str]) -> list[Concept]:
    """Read a glossary table: the ``csv`` layout (any delimiter of ``,`` ``;`` TAB) or an
    OmegaT-style ``source<TAB>target[<TAB>comment]`` file.

    Raises :class:`FormatError` naming the file and line for a bad header or row,
    :class:`tmkit.errors.EncodingError`/:class:`InputError` for an unreadable or empty
    file, and :class:`UsageError` when the languages of a pair file cannot be told.
    """
    from tmkit.textio import read_text

    p = Path(path)
    text = read_text(p, max_bytes=50 * 1024 * 1024, what="a glossary file")
    lines = text.split("\n")
    comments: list[str] = []
    header_no = 0
    for no, line in enumerate(lines, 1):
        if line.lstrip().startswith("#"):
            comments.append(line)
        elif line.strip():
            header_no = no
            break
    if not header_no:
        raise InputError(f"{p}: no glossary rows, only comments")
    header_line = lines[header_no - 1]
    if [c.strip().lower() for c in header_line.split("\t")[:3]] == ["concept", "lang", "text"]:
        # tmkit's own glossary source format (glossary/README.md), e.g. a single
        # glossary/*.tsv file whose leading comments hid its header from a sniffer
        from tmkit.glossary import read_file

        return read_file(p)
    pair_langs = _langs_from_comments(p, comments)
    delimiter = "\t" if "\t" in header_line else ";" if header_line.count(";") > header_line.count(",") else ","
    if pair_langs is None:
        header = next(csv.reader([header_line], delimiter=delimiter))
        if delimiter != "\t" or _is_table_header(header):
            return _read_columns(p, text, header_no, delimiter)
        pair_langs = _langs_from_name(p)
    return _read_pairs(p, lines, pair_langs, tmkit=any(c.strip() == TSV_MARK for c in comments))


def _lang_code(name: str) -> str | None:
    """The two-letter language a header names (``en``, ``en-US``, ``English``, ``rus``), or None."""
    from tmkit.langs import normalize_tag

    try:
        code = normalize_tag(name.strip())
    except UsageError:
        return None
    return code if re.fullmatch(r"[a-z]{2}", code) else None


def _column_key(name: str) -> tuple[str, str] | None:
    """What a header cell means: ("concept", field), ("term", lang), (field, lang), or None."""
    low = name.strip().lower()
    if low in _CONCEPT_ALIASES:
        return ("concept", _CONCEPT_ALIASES[low])
    if "_" in low:
        prefix, suffix = low.rsplit("_", 1)
        lang = _lang_code(prefix)
        if lang and suffix in TERM_FIELDS:
            return (suffix, lang)
    lang = _lang_code(low)
    return ("term", lang) if lang else None


def _is_table_header(header: Sequence[str]) -> bool:
    """Whether a first TAB-separated line is a header rather than a ``source<TAB>target`` pair.

    Every cell must name a column, or at least two must (then a misspelt one is reported):
    a lone match is a pair whose source term happens to look like a code (``EU`` is Basque).
    """
    names = [h for h in header if h.strip()]
    known = sum(1 for h in names if _column_key(h))
    return bool(names) and (known == len(names) or known >= 2)


def _split_cell(cell: str) -> list[str]:
    """``a|b`` → ``["a", "b"]``; an empty cell → ``[]``."""
    cell = cell.strip()
    return [v.strip() for v in cell.split(SYNONYM_SEP)] if cell else []


def _read_columns(p: Path, text: str, header_no: int, delimiter: str) -> list[Concept]:
    lines = text.split("\n")
    reader = csv.reader(io.StringIO("\n".join(lines[header_no - 1:])), delimiter=delimiter)
    header = next(reader)
    names = [h.strip() for h in header]
    keys: dict[tuple[str, str], int] = {}
    unknown: list[str] = []
    for i, name in enumerate(names):
        if not name:
            continue  # spreadsheets add unnamed empty columns at the right
        key = _column_key(name)
        if key is None:
            unknown.append(name)
        elif key in keys:
            raise FormatError(f"{p}:{header_no}: column {name!r} appears twice")
        else:
            keys[key] = i
    langs = [lang for kind, lang in keys if kind == "term"]
    if "en" not in langs:
        raise FormatError(f"{p}:{header_no}: no 'en' column; the header must name languages, e.g. en,ru,hy")
    if unknown:
        raise FormatError(
            f"{p}:{header_no}: unknown column {unknown[0]!r}; columns are ID, Domain, Definition, Note, "
            "language codes (en, ru, hy) and <lang>_status, _kind, _note, _flags")
    for kind, lang in keys:
        if kind in TERM_FIELDS and ("term", lang) not in keys:
            raise FormatError(f"{p}:{header_no}: column {names[keys[(kind, lang)]]!r} but no {lang!r} column")

    concepts: list[Concept] = []
    by_id: dict[str, Concept] = {}
    for row in reader:
        line = header_no - 1 + reader.line_num
        if not any(c.strip() for c in row):
            continue
        if len(row) > len(names):
            raise FormatError(f"{p}:{line}: {len(row)} cells, but the header has {len(names)} columns")
        row = row + [""] * (len(names) - len(row))

        def cell(key: tuple[str, str]) -> str:
            return row[keys[key]].strip() if key in keys else ""

        terms: list[Term] = []
        for lang in langs:
            terms.extend(_row_terms(p, line, lang, {f: cell((f, lang)) for f in TERM_FIELDS},
                                    cell(("term", lang)), names[keys[("term", lang)]]))
        raw_id = cell(("concept", "id"))
        cid = clean_id(raw_id) if raw_id else None
        fields = {"domain": cell(("concept", "domain")), "definition": cell(("concept", "definition")),
                  "usage": cell(("concept", "usage"))}
        concept = by_id.get(cid) if cid else None
        if concept is None:
            concept = Concept(id=cid or "", domain=fields["domain"] or None,
                              definition=fields["definition"] or None, usage=fields["usage"] or None,
                              source=p.name)
            concepts.append(concept)
            if cid:
                by_id[cid] = concept
        else:
            for attr, value in fields.items():
                old = getattr(concept, attr)
                if value and old and value != old:
                    raise FormatError(f"{p}:{line}: concept {cid!r} has another {attr} on an earlier row")
                if value and not old:
                    setattr(concept, attr, value)
        concept.terms.extend(terms)
    if not concepts:
        raise InputError(f"{p}: no glossary rows after the header")
    for concept in concepts:
        concept.domain = concept.domain or DEFAULT_DOMAIN
    assign_ids(concepts)
    return concepts


def _row_terms(p: Path, line: int, lang: str, extra: dict[str, str], cell: str, column: str) -> list[Term]:
    texts = _split_cell(cell)
    if any(not t for t in texts):
        raise FormatError(f"{p}:{line}: empty synonym in column {column!r} (two '{SYNONYM_SEP}' in a row?)")
    per_term: dict[str, list[str]] = {}
    for field, value in extra.items():
        values = _split_cell(value)
        if values and len(values) != len(texts):
            raise FormatError(f"{p}:{line}: column '{lang}_{field}' has {len(values)} values "
                              f"for {len(texts)} terms in column {column!r}")
        per_term[field] = values or [""] * len(texts)
    terms = []
    for i, text in enumerate(texts):
        kind = per_term["kind"][i] or "full"
        status = per_term["status"][i] or "preferred"
        if kind not in _KINDS:
            raise FormatError(f"{p}:{line}: kind {kind!r} in '{lang}_kind' is not one of {', '.join(_KINDS)}")
        if status not in _STATUSES:
            raise FormatError(f"{p}:{line}: status {status!r} in '{lang}_status' is not one of "
                              f"{', '.join(_STATUSES)}")
        flags = tuple(f.strip() for f in per_term["flags"][i].split(",") if f.strip())
        for f in flags:
            if f not in _FLAGS:
                raise FormatError(f"{p}:{line}: flag {f!r} in '{lang}_flags' is not one of {', '.join(_FLAGS)}")
        terms.append(Term(lang=lang, text=text, kind=kind, status=status,
                          note=per_term["note"][i] or None, flags=flags))
    return terms


def _langs_from_comments(p: Path, comments: Sequence[str]) -> tuple[str, str] | None:
    found: dict[str, str] = {}
    for line in comments:
        for role, tag in _PAIR_LANGS_RE.findall(line):
            code = _lang_code(tag)
            if code is None:
                raise UsageError(f"{p}: {role.lower()} language {tag!r} in the header comment is not a language code")
            found.setdefault(role.lower(), code)
    if "source" in found and "target" in found:
        return found["source"], found["target"]
    return None


def _langs_from_name(p: Path) -> tuple[str, str]:
    m = _NAME_LANGS_RE.search(p.stem.lower())
    if m:
        src, tgt = _lang_code(m.group(1)), _lang_code(m.group(2))
        if src and tgt and src != tgt:
            return src, tgt
    raise UsageError(
        f"{p}: cannot tell the languages of this source<TAB>target glossary; name the file after them "
        "(e.g. en-hy.tsv) or make its first line '# source=en target=hy'")


def _read_pairs(p: Path, lines: Sequence[str], langs: tuple[str, str], tmkit: bool) -> list[Concept]:
    """Pair lines → concepts: merged by concept id (tmkit's own comments) or by source term."""
    src, tgt = langs
    concepts: list[Concept] = []
    by_key: dict[str, Concept] = {}
    for no, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) > 3 or len(cells) < 2 or not cells[0] or not cells[1]:
            got = f"{len(cells)} column{'s' if len(cells) != 1 else ''}"
            if len(cells) in (2, 3):
                got += ", an empty term"
            raise FormatError(f"{p}:{no}: expected source<TAB>target<TAB>comment (got {got})")
        source, target, comment = cells[0], cells[1], cells[2] if len(cells) == 3 else ""
        parsed = _parse_comment(comment) if tmkit else None
        key = parsed["id"] if parsed else f"\x00{source}"
        concept = by_key.get(key)
        if concept is None:
            concept = Concept(id=parsed["id"] if parsed else "", domain=DEFAULT_DOMAIN,
                              definition=parsed["definition"] if parsed else None, source=p.name)
            by_key[key] = concept
            concepts.append(concept)
        existing = {(t.lang, t.text) for t in concept.terms}

        def status(lang: str) -> str:
            taken = any(t.lang == lang and t.status == "preferred" for t in concept.terms)
            return "admitted" if taken else "preferred"

        if parsed and parsed["deprecated_source"] is not None:
            s_term = Term(lang=src, text=source, status="deprecated", note=parsed["deprecated_source"] or None)
        else:
            s_term = Term(lang=src, text=source, status=status(src))
        if parsed:
            # tmkit offers each source term its best target: all of them are preferred
            t_term = Term(lang=tgt, text=target, note=parsed["note"])
        else:
            # another tool's file: the first target of a source term is the preferred
            # one, and a line's free comment is about its target term
            t_term = Term(lang=tgt, text=target, status=status(tgt), note=comment or None)
        new_terms = [s_term, t_term]
        for text, note in (parsed["deprecated_targets"] if parsed else []):
            new_terms.append(Term(lang=tgt, text=text, status="deprecated", note=note))
        for t in new_terms:
            if (t.lang, t.text) not in existing:
                existing.add((t.lang, t.text))
                concept.terms.append(t)
    if not concepts:
        raise InputError(f"{p}: no glossary lines")
    # source terms first, then target terms, as in every other tmkit glossary
    for concept in concepts:
        concept.terms.sort(key=lambda t: 0 if t.lang == src else 1)
    assign_ids(concepts)
    return concepts


def _parse_comment(comment: str) -> dict[str, Any] | None:
    """The parts of a comment written by :func:`_write_pairs`, or None if it is not one."""
    parts = comment.split(COMMENT_SEP) if comment else []
    out: dict[str, Any] = {"deprecated_source": None, "note": None, "deprecated_targets": []}
    if parts and (m := _DEPRECATED_SRC_RE.match(parts[0])):
        out["deprecated_source"] = m.group(2) or ""
        parts = parts[1:]
    if not parts or not (m := _ID_PART_RE.match(parts[0])):
        return None
    out["id"] = m.group(1)
    definition = [m.group(2)] if m.group(2) else []
    for part in parts[1:]:
        if part.startswith("note: "):
            out["note"] = part[len("note: "):]
        elif (d := _DEPRECATED_TGT_RE.match(part)):
            out["deprecated_targets"].append((d.group(1), d.group(2)))
        else:
            definition.append(part)  # the definition itself contained " | "
    out["definition"] = COMMENT_SEP.join(definition) or None
    return out
