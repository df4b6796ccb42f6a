"""Aligning two documents directly, the way translators use LF Aligner.

Text, Markdown or HTML in (segmented by :mod:`tmkit.segment`, or taken line by line
with ``presegmented=True``, never split or altered); a list of beads out, written as TSV
(``src<TAB>tgt<TAB>score``, an empty side for 1-0/0-1, the sentences of a 2-1 side joined
by one space) or as TMX (complete beads only). No database is needed.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from tmkit.align import align_corpus
from tmkit.errors import InputError, TmkitError
from tmkit.langs import check_script


@dataclass
class AlignedPair:
    """One bead of an aligned pair of documents, as text."""

    src: str
    tgt: str
    score: float
    kind: str


def read_sentences(path: str | os.PathLike[str], lang: str, *, presegmented: bool = False,
                   encoding: str | None = None) -> list[str]:
    """The sentences of a document: segmented, or one per non-empty line as written."""
    from tmkit.importers.articles import TEXT_EXTENSIONS
    from tmkit.textio import check_readable_file, read_text

    p = check_readable_file(path)  # a folder or a missing file is named as such, not by its extension
    if presegmented:
        text = read_text(p, encoding=encoding)
        sentences = [line for line in text.split("\n") if line.strip()]
        check_script("\n".join(sentences), lang, what=str(p))
        return sentences
    if p.suffix.lower() not in TEXT_EXTENSIONS:
        raise InputError(f"{p}: unsupported file type {p.suffix or '(none)'}; use .txt, .md or .html "
                         "(or --presegmented for one sentence per line)")
    from tmkit.importers.articles import parse_article

    article = parse_article(p, lang, encoding=encoding, story="-")
    return [s for para in article.paragraphs for s in para]


def align_texts(src: list[str], tgt: list[str], concepts: Callable[[str], list[str]] | None = None) -> list[AlignedPair]:
    """Align two sentence lists into :class:`AlignedPair` rows, in document order."""
    [beads], _ = align_corpus([(src, tgt)], concepts=concepts)
    return [AlignedPair(" ".join(src[i] for i in b.src), " ".join(tgt[j] for j in b.tgt), b.score, b.kind)
            for b in beads]


def write_tsv(pairs: list[AlignedPair], out: IO[str]) -> None:
    """``src<TAB>tgt<TAB>score`` per bead; tabs and newlines inside text become spaces."""
    for p in pairs:
        src = p.src.replace("\t", " ").replace("\n", " ")
        tgt = p.tgt.replace("\t", " ").replace("\n", " ")
        out.write(f"{src}\t{tgt}\t{p.score:.4f}\n")


def write_tmx(pairs: list[AlignedPair], out: IO[bytes], src_lang: str, tgt_lang: str, profile: str = "generic") -> int:
    """Complete beads as a bilingual TMX file; returns the number of units written."""
    from tmkit.formats.profiles import get_profile
    from tmkit.formats.tmx import TmxWriter
    from tmkit.models import ExportUnit, ExportVariant
    from tmkit.store import utcnow

    now = utcnow()
    writer = TmxWriter(out, srclang=src_lang, profile=get_profile(profile))
    for k, p in enumerate(pairs, 1):
        if not p.src or not p.tgt:
            continue
        writer.write(ExportUnit(
            id=k, tuid=str(k), origin="aligned", status="auto", score=p.score, align_type=p.kind,
            story=None, outlet=None, published=None, created_at=now, changed_at=now, props=None,
            variants=[ExportVariant(src_lang, p.src), ExportVariant(tgt_lang, p.tgt)]))
    writer.close()
    return writer.counts["units"]


def output(pairs: list[AlignedPair], out: str | None, src_lang: str, tgt_lang: str,
           profile: str = "generic") -> str:
    """Write to ``out`` (TSV or TMX by extension) or TSV to stdout; returns a summary."""
    if out is None or out == "-":
        write_tsv(pairs, sys.stdout)
        return f"{len(pairs)} beads"
    path = Path(out)
    if not path.parent.exists():
        raise InputError(f"{path}: folder {path.parent} does not exist")
    if path.suffix.lower() == ".tmx":
        with open(path, "wb") as fh:
            n = write_tmx(pairs, fh, src_lang, tgt_lang, profile)
        return f"{n} units written to {path}"
    if path.suffix.lower() not in (".tsv", ".txt", ".tab"):
        raise InputError(f"{path}: choose the format by extension: .tsv or .tmx")
    buf = io.StringIO()
    write_tsv(pairs, buf)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return f"{len(pairs)} beads written to {path}"


def concept_finder(db: str | None) -> Callable[[str], list[str]] | None:
    """Glossary anchors from an existing database, if it has a glossary."""
    if not db or not Path(db).is_file():
        return None
    from tmkit.glossary import TermIndex
    from tmkit.store import open_store

    try:
        with open_store(db, readonly=True) as store:
            index: Any = TermIndex.from_store(store)
    except TmkitError:  # an unusable database only costs us the glossary anchors
        return None
    return index.concept_ids if len(index) else None
