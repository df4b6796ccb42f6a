"""TBX glossaries: a streaming TBX-Basic writer and a safe streaming reader.

Writing: TBX v3 (ISO 30042:2019), the TBX-Basic dialect in DCA style, valid against the
core structure RELAX NG schema and the TBX-Basic Schematron. One ``conceptEntry`` per
concept, with only data categories TBX-Basic allows, at the levels it allows them::

    conceptEntry id=<concept id>
      descrip type=subjectField        the domain (borders, security …)
      note                             the usage note on loaded wording
      langSec xml:lang=en
        descrip type=definition        the English definition (langSec level: it is English)
        termSec
          term
          termNote type=termType       fullForm | abbreviation | variant
          termNote type=administrativeStatus   preferredTerm-admn-sts | admitted… | deprecated…
          note                         the term's note (why a term is deprecated …)
          note "tmkit-flags: case"     tmkit's look-up flags, which TBX has no category for

A concept without English terms in the file keeps its definition at conceptEntry
level, with ``xml:lang="en"``. Concept ids are XML ``ID`` values, which cannot start with
a digit: such ids (``2020-war``) are written as ``_2020-war`` and read back unchanged.

Reading: TBX v3 (DCA, and DCT style, whose elements are named after their data
category), and TBX v2 / TBX-Basic 2008 ``martif`` files (``termEntry``/``langSet``/
``tig``/``ntig``). The parser never loads a DTD, never touches the network and never
expands entities; a file whose DOCTYPE declares entities (XXE, "billion laughs") is
refused before any of its content is read. A plain ``<!DOCTYPE martif SYSTEM "…">`` is
fine: it is not fetched. The file is read with ``iterparse`` and every entry is freed
once converted, so memory stays flat for large termbases.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain
from pathlib import Path
from typing import IO, Any

from tmkit.errors import FormatError, InputError, UsageError
from tmkit.formats.termtable import DEFAULT_DOMAIN, assign_ids, clean_id, open_output
from tmkit.models import Concept, Term

TBX_NS = "urn:iso:std:iso:30042:ed-2"
XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_LANG = f"{{{XML_NS}}}lang"
#: Marks the note that carries tmkit's term flags (``homonym``, ``case``).
FLAGS_NOTE = "tmkit-flags: "
#: Languages written first, in this order; others follow in order of appearance.
LANG_ORDER = ("en", "ru", "hy")

KIND_TO_TERMTYPE = {"full": "fullForm", "abbreviation": "abbreviation", "variant": "variant"}
STATUS_TO_ADMN = {"preferred": "preferredTerm-admn-sts", "admitted": "admittedTerm-admn-sts",
                  "deprecated": "deprecatedTerm-admn-sts"}
# Reading maps every TBX (v2 and v3) value onto tmkit's three kinds and statuses.
TERMTYPE_TO_KIND = {
    "fullForm": "full", "phrase": "full", "internationalism": "full", "commonName": "full",
    "abbreviation": "abbreviation", "acronym": "abbreviation", "initialism": "abbreviation",
    "shortForm": "abbreviation", "clippedTerm": "abbreviation", "abbreviatedForm": "abbreviation",
    "variant": "variant", "synonym": "variant", "transcribedForm": "variant",
    "transliteratedForm": "variant", "orthographicalVariant": "variant", "symbol": "variant",
}
ADMN_TO_STATUS = {
    "preferredTerm-admn-sts": "preferred", "standardizedTerm-admn-sts": "preferred",
    "legalTerm-admn-sts": "preferred", "regulatedTerm-admn-sts": "preferred",
    "admittedTerm-admn-sts": "admitted",
    "deprecatedTerm-admn-sts": "deprecated", "supersededTerm-admn-sts": "deprecated",
    "notRecommended-admn-sts": "deprecated", "obsoleteTerm-admn-sts": "deprecated",
}

_PROLOG = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<?xml-model href="https://raw.githubusercontent.com/LTAC-Global/TBX_Core_RNG/master/TBXcoreStructV03.rng" '
    'type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"?>\n'
    '<?xml-model href="https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/TBX-Basic_DCA.sch" '
    'type="application/xml" schematypens="http://purl.oclc.org/dsdl/schematron"?>\n'
).encode("utf-8")
# xsd:NCName (approximately: letters, digits, _ - .; no colon; not starting with a digit)
_NCNAME_RE = re.compile(r"^[^\W\d][\w.\-]*$")
_LANGUAGE_RE = re.compile(r"^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$")
_ESCAPED_ID_RE = re.compile(r"^_[0-9][a-z0-9-]*$")
_FLAGS = ("homonym", "case")


# -- writing -----------------------------------------------------------------------------

def write_tbx(
    concepts: Iterable[Concept],
    out: str | os.PathLike[str] | IO[bytes],
    langs: Sequence[str] | None = None,
    title: str = "tmkit political glossary",
) -> int:
    """Write ``concepts`` as a TBX-Basic (TBX v3, DCA) file and return how many were written.

    ``out`` is a path (written atomically) or a binary stream. ``langs`` limits and
    orders the language sections (default: en, ru, hy, then any other language); a
    concept without terms in them is left out. Raises :class:`FormatError` for data TBX
    cannot hold (a duplicate concept id, a character XML forbids, an unknown term kind).
    """
    from lxml import etree

    from tmkit import __version__

    seen: set[str] = set()
    entries = (e for e in (_entry(c, langs, seen) for c in concepts) if e is not None)
    written = 0
    with open_output(out, "glossary.tbx") as fh:
        # The prolog is written by hand: xmlfile cannot put the xml-model processing
        # instructions (or line breaks) outside the root element.
        fh.write(_PROLOG)
        with etree.xmlfile(fh, encoding="UTF-8") as xf:
            # Literal "xml:lang"/"xmlns" attribute names: xmlfile would otherwise bind the
            # XML namespace to a made-up prefix (ns0:lang), which XML forbids, and the
            # entries are built without namespace so that they do not repeat xmlns="…".
            with xf.element("tbx", {"type": "TBX-Basic", "style": "dca", "xml:lang": "en", "xmlns": TBX_NS}):
                xf.write("\n  ")
                xf.write(_header(title, __version__))
                xf.write("\n  ")
                first = next(entries, None)
                with xf.element("text"):
                    if first is not None:
                        xf.write("\n    ")
                        with xf.element("body"):
                            for entry in chain([first], entries):
                                xf.write("\n      ")
                                xf.write(entry)
                                written += 1
                            xf.write("\n    ")
                        xf.write("\n  ")
                xf.write("\n")
        fh.write(b"\n")
    return written


def _header(title: str, version: str) -> Any:
    from lxml import etree

    header = etree.Element("tbxHeader")
    desc = etree.SubElement(header, "fileDesc")
    etree.SubElement(etree.SubElement(desc, "titleStmt"), "title").text = title
    etree.SubElement(etree.SubElement(desc, "sourceDesc"), "p").text = (
        f"Exported by tmkit {version}: political terminology (en, ru, hy) from the tmkit glossary.")
    etree.indent(header, space="  ", level=1)
    return header


def _xml_id(cid: str) -> str:
    if _NCNAME_RE.match(cid):
        return cid
    if _NCNAME_RE.match("_" + cid):
        return "_" + cid  # ids may start with a digit, XML IDs may not
    raise FormatError(f"concept id {cid!r} cannot be a TBX id (letters, digits, '-', '_', '.' only)")


def _lang_order(concept: Concept, langs: Sequence[str] | None) -> list[str]:
    if langs:
        return list(dict.fromkeys(langs))
    present = list(dict.fromkeys(t.lang for t in concept.terms))
    return [lang for lang in LANG_ORDER if lang in present] + [lang for lang in present if lang not in LANG_ORDER]


def _entry(concept: Concept, langs: Sequence[str] | None, seen: set[str]) -> Any | None:
    """One ``conceptEntry`` element (indented for its place in the file), or None if empty."""
    from lxml import etree

    sections = [(lang, concept.terms_in(lang)) for lang in _lang_order(concept, langs)]
    sections = [(lang, terms) for lang, terms in sections if terms]
    if not sections:
        return None
    xml_id = _xml_id(concept.id)
    if xml_id in seen:
        raise FormatError(f"concept id {concept.id!r} is used twice; TBX ids must be unique")
    seen.add(xml_id)
    try:
        entry = etree.Element("conceptEntry", id=xml_id)
        if concept.domain:
            etree.SubElement(entry, "descrip", type="subjectField").text = concept.domain
        has_en = any(lang == "en" for lang, _ in sections)
        if concept.definition and not has_en:
            etree.SubElement(entry, "descrip", {"type": "definition", XML_LANG: "en"}).text = concept.definition
        if concept.usage:
            etree.SubElement(entry, "note").text = concept.usage
        for lang, terms in sections:
            if not _LANGUAGE_RE.match(lang):
                raise FormatError(f"concept {concept.id}: {lang!r} is not a language code")
            sec = etree.SubElement(entry, "langSec", {XML_LANG: lang})
            if lang == "en" and concept.definition:
                etree.SubElement(sec, "descrip", type="definition").text = concept.definition
            for term in terms:
                _term_sec(sec, concept, term)
    except ValueError as exc:  # lxml refuses characters XML 1.0 forbids
        raise FormatError(f"concept {concept.id}: {exc}") from None
    etree.indent(entry, space="  ", level=3)
    return entry


def _term_sec(sec: Any, concept: Concept, term: Term) -> None:
    from lxml import etree

    if term.kind not in KIND_TO_TERMTYPE:
        raise FormatError(f"concept {concept.id}: term {term.text!r} has unknown kind {term.kind!r}")
    if term.status not in STATUS_TO_ADMN:
        raise FormatError(f"concept {concept.id}: term {term.text!r} has unknown status {term.status!r}")
    ts = etree.SubElement(sec, "termSec")
    etree.SubElement(ts, "term").text = term.text
    etree.SubElement(ts, "termNote", type="termType").text = KIND_TO_TERMTYPE[term.kind]
    etree.SubElement(ts, "termNote", type="administrativeStatus").text = STATUS_TO_ADMN[term.status]
    if term.note:
        etree.SubElement(ts, "note").text = term.note
    if term.flags:
        etree.SubElement(ts, "note").text = FLAGS_NOTE + ",".join(term.flags)


# -- reading -----------------------------------------------------------------------------

def read_tbx(path: str | os.PathLike[str]) -> list[Concept]:
    """Read a TBX file (v3 DCA/DCT, or v2 ``martif``) into concepts.

    Concepts without an id get the slug of their first English term; without a subject
    field, the domain ``imported``. Raises :class:`FormatError` for a file that is not
    TBX, malformed XML (with line and column), a DOCTYPE declaring entities, or an entry
    tmkit cannot use; :class:`InputError` for a missing or empty file.
    """
    from tmkit.textio import check_readable_file

    p = check_readable_file(path)
    if p.stat().st_size == 0:
        raise InputError(f"{p}: the file is empty")
    with open(p, "rb") as fh:
        concepts = _read_entries(p, fh)
    assign_ids(concepts)
    return concepts


def _read_entries(p: Path, fh: IO[bytes]) -> list[Concept]:
    from lxml import etree

    from tmkit.formats.tmx import plain_xml_error
    from tmkit.textio import MarkupStream

    events = etree.iterparse(
        MarkupStream(fh, str(p)), events=("start", "end"), resolve_entities=False, no_network=True, load_dtd=False,
        dtd_validation=False, huge_tree=False, remove_comments=True, remove_pis=True)
    # Defence in depth: with load_dtd=False libxml2 asks no resolver; if it ever did,
    # this one refuses instead of letting libxml2 open a file or a URL.
    events.resolvers.add(_refusing_resolver(p))
    concepts: list[Concept] = []
    lines: dict[str, int] = {}
    root_seen = False
    try:
        for event, el in events:
            if event == "start":
                if not root_seen:  # the DOCTYPE is parsed, no content yet
                    root_seen = True
                    _check_root(p, el)
                continue
            if _local(el) not in ("conceptEntry", "termEntry"):
                continue
            concept = _concept(p, el)
            if concept.id:
                if concept.id in lines:
                    raise FormatError(f"{p}:{el.sourceline}: concept id {concept.id!r} is also used on line "
                                      f"{lines[concept.id]}")
                lines[concept.id] = el.sourceline or 0
            concepts.append(concept)
            # free the converted entry and everything before it: memory stays flat
            el.clear(keep_tail=False)
            parent = el.getparent()
            if parent is not None:
                while el.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as exc:
        line, col = exc.position if exc.position else (0, 0)
        msg = " ".join(re.sub(r",? line \d+, column \d+.*$", "", exc.msg or str(exc), flags=re.S).split())
        raise FormatError(f"{p}:{line}:{col}: malformed XML: {plain_xml_error(msg)}") from None
    return concepts


def _refusing_resolver(path: Path) -> Any:
    """An lxml resolver that refuses every external DTD or entity of ``path``."""
    from lxml import etree

    class Refuse(etree.Resolver):
        def resolve(self, url: str | None, pubid: str | None, context: Any) -> Any:
            raise FormatError(f"{path}: DTDs and entities are not allowed in TBX files "
                              f"(it refers to {url or pubid})")

    return Refuse()


_LOCAL_NAMES: dict[str, str] = {}


def _local(el: Any) -> str:
    """The element's name without namespace ("" for an entity reference)."""
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    name = _LOCAL_NAMES.get(tag)
    if name is None:
        name = tag.rsplit("}", 1)[-1]
        if len(_LOCAL_NAMES) < 512:  # TBX has a few dozen tags; a hostile file cannot grow this
            _LOCAL_NAMES[tag] = name
    return name


def _is_core(el: Any) -> bool:
    """An element of TBX itself (v3 namespace or the namespace-less v2), not a DCT one."""
    tag = el.tag
    return isinstance(tag, str) and (not tag.startswith("{") or tag.startswith("{urn:iso:std:iso:30042"))


def _check_root(p: Path, root: Any) -> None:
    name = _local(root)
    if name not in ("tbx", "martif"):
        raise FormatError(f"{p}: not a TBX file (root element <{name}>)")
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None:
        names = [e.name for e in dtd.iterentities()]
        if names:
            raise FormatError(f"{p}: DTDs and entities are not allowed in TBX files "
                              f"(the DOCTYPE declares entity {names[0]!r})")


def _category(el: Any) -> str | None:
    """The data category of an element: ``type`` of a core one, the name of a DCT one."""
    if not isinstance(el.tag, str):
        return None
    if _is_core(el):
        return el.get("type") if _local(el) in ("descrip", "termNote", "admin") else None
    return _local(el)


def _children(p: Path, el: Any) -> Iterator[Any]:
    """Child elements, looking into groups: a ``descripGrp``/``termNoteGrp``/``adminGrp``
    counts as its first element (its other children annotate that one), a v2
    ``termGrp`` as all of its children; transaction history is skipped."""
    from lxml import etree

    for child in el:
        if isinstance(child, etree._Entity):
            _refuse_entity(p, child)
        if not isinstance(child.tag, str):
            continue
        name = _local(child)
        if name in ("descripGrp", "termNoteGrp", "adminGrp"):
            first = next((c for c in child if isinstance(c.tag, str)), None)
            if first is not None:
                yield first
        elif name == "termGrp":
            yield from _children(p, child)
        elif name != "transacGrp":
            yield child


def _refuse_entity(p: Path, ent: Any) -> None:
    # only an entity declared in an external DTD gets here (internal ones are refused
    # with the DOCTYPE); tmkit never loads that DTD, so the reference has no value
    raise FormatError(f"{p}:{ent.sourceline or 0}: entity reference {ent.text} cannot be resolved: "
                      "DTDs and entities are not allowed in TBX files")


def _text(p: Path, el: Any) -> str:
    """The text of an element (inline markup dropped), whitespace collapsed."""
    from lxml import etree

    for ent in el.iter(etree.Entity):
        _refuse_entity(p, ent)
    return " ".join("".join(el.itertext()).split())


def _lang(p: Path, el: Any) -> str:
    from tmkit.langs import normalize_tag

    tag = el.get(XML_LANG) or el.get("lang")
    if not tag:
        raise FormatError(f"{p}:{el.sourceline}: <{_local(el)}> without xml:lang")
    try:
        return normalize_tag(tag)
    except UsageError:
        raise FormatError(f"{p}:{el.sourceline}: xml:lang={tag!r} is not a language tag") from None


def _concept(p: Path, entry: Any) -> Concept:
    raw_id = entry.get("id")
    if raw_id and _ESCAPED_ID_RE.match(raw_id):
        raw_id = raw_id[1:]  # tmkit writes ids starting with a digit as _<id>
    concept = Concept(id=clean_id(raw_id) or "", source=p.name)
    definitions: list[tuple[int, str]] = []  # (rank, text): English first
    usage: list[str] = []
    for child in _children(p, entry):
        name = _local(child)
        if name in ("langSec", "langSet") and _is_core(child):
            lang = _lang(p, child)
            for sub in _children(p, child):
                sub_name = _local(sub)
                if sub_name in ("termSec", "tig", "ntig") and _is_core(sub):
                    concept.terms.append(_term(p, sub, lang))
                elif _category(sub) == "definition" and (text := _text(p, sub)):
                    definitions.append((0 if lang == "en" else 2, text))
            continue
        category = _category(child)
        if category == "subjectField" and not concept.domain:
            concept.domain = _text(p, child) or None
        elif category == "definition" and (text := _text(p, child)):
            lang = child.get(XML_LANG)
            definitions.append((0 if lang and lang.lower().startswith("en") else 1, text))
        elif name == "note" and _is_core(child) and (text := _text(p, child)):
            usage.append(text)
    if definitions:
        concept.definition = min(definitions, key=lambda d: d[0])[1]
    concept.usage = " ".join(usage) or None
    concept.domain = concept.domain or DEFAULT_DOMAIN
    return concept


def _term(p: Path, sec: Any, lang: str) -> Term:
    text = ""
    kind, status = "full", "preferred"
    notes: list[str] = []
    flags: tuple[str, ...] = ()
    superseded = False
    for child in _children(p, sec):
        name = _local(child)
        category = _category(child)
        if name == "term" and _is_core(child):
            text = _text(p, child)
        elif category == "termType":
            kind = TERMTYPE_TO_KIND.get(_text(p, child), "full")
        elif category in ("administrativeStatus", "normativeAuthorization"):
            value = _text(p, child)
            status = ADMN_TO_STATUS.get(value, status)
            superseded = value == "supersededTerm-admn-sts"
        elif name == "note" and _is_core(child) and (note := _text(p, child)):
            if note.startswith(FLAGS_NOTE):
                flags = tuple(f.strip() for f in note[len(FLAGS_NOTE):].split(",") if f.strip())
                for f in flags:
                    if f not in _FLAGS:
                        raise FormatError(f"{p}:{child.sourceline}: unknown tmkit flag {f!r} "
                                          f"(known: {', '.join(_FLAGS)})")
            else:
                notes.append(note)
    if not text:
        raise FormatError(f"{p}:{sec.sourceline}: <{_local(sec)}> without term text")
    if superseded and not notes:
        notes.append("Superseded term.")  # tmkit wants a reason for every deprecated term
    return Term(lang=lang, text=text, kind=kind, status=status, note=" ".join(notes) or None, flags=flags)
