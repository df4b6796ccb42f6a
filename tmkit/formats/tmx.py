"""TMX 1.4b: a streaming writer, a streaming reader and a checker.

The writer formats XML directly with exact escaping instead of going through lxml's
``xmlfile``: it is about three times faster, and the tests read every file it writes back
with lxml and validate it against the TMX 1.4b DTD.

The reader (:func:`iter_tmx`, :class:`TmxReader`) and the checker (:func:`check_tmx`)
are described in their own sections below.

Characters that XML 1.0 forbids (most C0 controls, U+FFFE/U+FFFF, lone surrogates) are
never dropped silently. The policy (``illegal=``) is one of:

``tag`` (default, lossless)
    each such character becomes ``<ph type="x-tmkit-char">U+0001</ph>``; tmkit restores
    it on import, other tools show a placeholder tag;
``replace``
    each becomes U+FFFD (the visible replacement character);
``skip``
    units containing one are left out.

Every case is counted in :attr:`TmxWriter.counts`.
"""

from __future__ import annotations

import io
import json
import os
import re
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from tmkit import __version__
from tmkit.errors import FormatError, InputError, UsageError
from tmkit.formats.profiles import Profile
from tmkit.langs import normalize_tag
from tmkit.models import ExportUnit

ILLEGAL_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
CHAR_PH_TYPE = "x-tmkit-char"
ILLEGAL_POLICIES = ("tag", "replace", "skip")

#: tmkit's own unit metadata, written as props in this order.
META_PROPS = ("story", "outlet", "url", "published", "align", "score", "status")


def dtd_path() -> Path:
    """The TMX 1.4b DTD shipped with tmkit (the official LISA OSCAR file)."""
    return Path(__file__).resolve().parent.parent / "data" / "tmx14.dtd"


def escape_text(text: str) -> str:
    """Escape character data (``>`` too, so ``]]>`` can never appear; a carriage return as
    ``&#13;``, since XML parsers turn a literal one into a line feed)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


def escape_attr(text: str) -> str:
    """Escape an attribute value, keeping tabs and newlines as character references."""
    return (escape_text(text).replace('"', "&quot;").replace("\n", "&#10;")
            .replace("\r", "&#13;").replace("\t", "&#9;"))


@lru_cache(maxsize=4096)
def tmx_date(iso: str | None) -> str | None:
    """``2026-11-28T14:03:00Z`` → ``20261128T140300Z`` (TMX's date format)."""
    if not iso:
        return None
    digits = iso.replace("-", "").replace(":", "")
    if len(digits) >= 15 and digits[8] == "T":
        return digits[:15] + "Z"
    if len(digits) == 8:
        return digits + "T000000Z"
    return None


class TmxWriter:
    """Write a TMX 1.4b document unit by unit to a binary stream.

    ``srclang`` is a tmkit language code (or ``*all*``); tags come from ``profile``.
    """

    def __init__(
        self,
        stream: IO[bytes],
        *,
        srclang: str,
        profile: Profile,
        lang_tags: dict[str, str] | None = None,
        illegal: str = "tag",
        adminlang: str = "en",
        creationdate: str | None = None,
        document: bool = True,
    ) -> None:
        if illegal not in ILLEGAL_POLICIES:
            raise UsageError(f"unknown policy for illegal characters {illegal!r}; use one of {', '.join(ILLEGAL_POLICIES)}")
        self.profile = profile
        self.lang_tags = lang_tags or {}
        self.illegal = illegal
        self.srclang = srclang
        self._out = io.TextIOWrapper(stream, encoding="utf-8", newline="\n", write_through=False)
        self._tags: dict[str, str] = {}
        self._tuv_open: dict[str, str] = {}
        self._prop_open = {key: f'      <prop type="{escape_attr(profile.prop(key))}">' for key in META_PROPS}
        self._lines: dict[tuple[str, Any], str] = {}
        self._metas: dict[tuple[Any, ...], tuple[str, str]] = {}
        self._dates: dict[tuple[str | None, str | None], str] = {}
        self._pair: tuple[Any, str, str] = (None, "", "")
        self.counts = {"units": 0, "skipped_empty": 0, "skipped_long": 0, "skipped_illegal": 0,
                       "illegal_chars": 0}
        self.document = document  # False: the units only, a part of a document written elsewhere
        if not document:
            return
        if profile.bom:
            self._out.write("\ufeff")
        src_tag = "*all*" if srclang == "*all*" else self.tag(srclang)
        created = f' creationdate="{creationdate}"' if creationdate else ""
        self._out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
            '<tmx version="1.4">\n'
            f'  <header creationtool="tmkit" creationtoolversion="{escape_attr(__version__)}" '
            f'segtype="sentence" o-tmf="{escape_attr(profile.o_tmf)}" '
            f'adminlang="{escape_attr(self.tag(adminlang))}" srclang="{escape_attr(src_tag)}" '
            f'datatype="plaintext"{created}/>\n'
            "  <body>\n"
        )

    def tag(self, lang: str) -> str:
        """The language tag written for ``lang`` under this profile."""
        tag = self._tags.get(lang)
        if tag is None:
            tag = self._tags[lang] = self.profile.tag(lang, self.lang_tags)
        return tag

    def _illegal_seg(self, text: str) -> str | None:
        """The ``<seg>`` content of a text with XML-illegal characters, by the policy (None: skip)."""
        if self.illegal == "skip":
            return None
        self.counts["illegal_chars"] += len(ILLEGAL_XML_RE.findall(text))
        if self.illegal == "replace":
            return escape_text(ILLEGAL_XML_RE.sub("\ufffd", text))
        return ILLEGAL_XML_RE.sub(
            lambda m: f'<ph type="{CHAR_PH_TYPE}">U+{ord(m.group()):04X}</ph>',
            escape_text(text),
        )

    def _prop_line(self, key: str, value: Any) -> str:
        cache = self._lines
        line = cache.get((key, value))
        if line is None:
            if len(cache) > 50_000:  # memory stays flat whatever the export
                cache.clear()
            line = cache[(key, value)] = f"{self._prop_open[key]}{escape_text(str(value))}</prop>\n"
        return line

    def write(self, unit: ExportUnit, langs: Sequence[str] | None = None) -> bool:
        """Write one unit (its variants in ``langs``, default all); False if it was skipped."""
        variants = unit.variants if langs is None else [v for v in unit.variants if v.lang in langs]
        row: list[Any] = [unit.id, unit.tuid, unit.status, unit.score, unit.align_type, unit.outlet,
                          unit.published, unit.props, unit.created_at, unit.changed_at, unit.story,
                          variants[0].url if variants else None]
        for v in variants:
            row += (v.text, v.markup, v.props, v.n_segments)
        return self.write_row(row, [v.lang for v in variants])

    def _plain_pair(self, row: Sequence[Any], langs: Sequence[str]) -> bool:
        # The common case, a bilingual unit of plain texts without notes or props, in one
        # f-string (export speed is mostly this function). Anything unusual returns False
        # and goes the general way, which formats the same unit identically.
        (uid, tuid, status, score, align_type, outlet, published, _, created_at, changed_at,
         story, url, text0, _, _, n0, text1, _, _, n1) = row
        if not text0 or not text1 or text0.isspace() or text1.isspace():
            return False
        cap = self.profile.max_segment_chars
        if cap and (len(text0) > cap or len(text1) > cap):
            return False
        search = ILLEGAL_XML_RE.search
        if search(text0) is not None or search(text1) is not None:
            return False
        key = (story, outlet, url, published, n0, n1, align_type, score is None, status)
        meta = self._metas.get(key)
        if meta is None:
            if len(self._metas) > 50_000:  # memory stays flat whatever the export
                self._metas.clear()
            line = self._prop_line
            align = f"{n0}-{n1}" if n0 and n1 else align_type
            before = "".join(line(name, value) for name, value in
                             zip(("story", "outlet", "url", "published", "align"), (story, outlet, url, published, align))
                             if value)
            after = line("status", status) if status and status != "auto" else ""
            meta = self._metas[key] = (before + ("" if score is None else self._prop_open["score"]),
                                       ("" if score is None else "</prop>\n") + after)
        dates = self._dates.get((created_at, changed_at))
        if dates is None:
            dates = self._tu_dates(created_at, changed_at)
        pair = self._pair
        if pair[0] != langs:
            pair = self._pair = (langs, self._tuv_opening(langs[0]), self._tuv_opening(langs[1]))
        _, o0, o1 = pair
        if not tuid:
            tuid = uid
        elif not tuid.isalnum():
            tuid = escape_attr(tuid)
        self._out.write(
            f'    <tu tuid="{tuid}"{dates}>\n{meta[0]}{"" if score is None else f"{score:.3f}"}{meta[1]}'
            f"{o0}<seg>{escape_text(text0)}</seg></tuv>\n{o1}<seg>{escape_text(text1)}</seg></tuv>\n    </tu>\n")
        self.counts["units"] += 1
        return True

    def _tu_dates(self, created_at: str | None, changed_at: str | None) -> str:
        if len(self._dates) > 50_000:
            self._dates.clear()
        created, changed = tmx_date(created_at), tmx_date(changed_at)
        dates = self._dates[(created_at, changed_at)] = (
            (f' creationdate="{created}"' if created else "") + (f' changedate="{changed}"' if changed else ""))
        return dates

    def _tuv_opening(self, lang: str) -> str:
        opening = self._tuv_open.get(lang)
        if opening is None:
            opening = self._tuv_open[lang] = f'      <tuv xml:lang="{escape_attr(self.tag(lang))}">'
        return opening

    def write_row(self, row: Sequence[Any], langs: Sequence[str]) -> bool:
        """Write one unit given as a flat row (the layout of
        :meth:`tmkit.store.sqlite.SQLiteStore.iter_export_rows`: unit fields, then text,
        markup, props and segment count for each of ``langs``, None where it is missing).
        Props may be dicts or JSON text. False if the unit was skipped.
        """
        if len(row) == 20 and row[7] is None and row[13] is None and row[14] is None \
                and row[17] is None and row[18] is None and self._plain_pair(row, langs):
            return True
        (uid, tuid, status, score, align_type, outlet, published, props, created_at, changed_at,
         story, url) = row[:12]
        counts = self.counts
        variants = []
        for i, lang in enumerate(langs):
            text = row[12 + 4 * i]
            if text is not None:
                variants.append((lang, text, row[13 + 4 * i], row[14 + 4 * i], row[15 + 4 * i]))
        if len(variants) < 2:
            counts["skipped_empty"] += 1
            return False
        cap = self.profile.max_segment_chars
        segs = []
        for _, text, markup, _, _ in variants:
            if not text or text.isspace():
                counts["skipped_empty"] += 1
                return False
            if cap and len(text) > cap:
                counts["skipped_long"] += 1
                return False
            if ILLEGAL_XML_RE.search(text) is None:
                segs.append(markup if markup is not None else escape_text(text))
            else:
                seg = self._illegal_seg(text)
                if seg is None:
                    counts["skipped_illegal"] += 1
                    return False
                segs.append(seg)
        tuid = tuid or str(uid)
        parts = [f'    <tu tuid="{tuid if tuid.isalnum() else escape_attr(tuid)}"']
        created, changed = tmx_date(created_at), tmx_date(changed_at)
        if created:
            parts.append(f' creationdate="{created}"')
        if changed:
            parts.append(f' changedate="{changed}"')
        parts.append(">\n")
        # tmkit's own metadata, in META_PROPS order; the lines repeat from unit to unit
        # (one story, outlet, date for many units), so they are formatted once
        if props and isinstance(props, str):
            props = json.loads(props)
        meta = (props or {}).get("meta") or {}
        line = self._prop_line
        story = story or meta.get("story")
        if story:
            parts.append(line("story", story))
        if outlet:
            parts.append(line("outlet", outlet))
        url = url or meta.get("url")
        if url:
            parts.append(line("url", url))
        if published:
            parts.append(line("published", published))
        if len(variants) == 2 and variants[0][4] and variants[1][4]:
            parts.append(line("align", f"{variants[0][4]}-{variants[1][4]}"))
        elif align_type:
            parts.append(line("align", align_type))
        if score is not None:
            parts.append(f"{self._prop_open['score']}{score:.3f}</prop>\n")
        if status != "auto" and status:
            parts.append(line("status", status))
        if props:
            for note in props.get("note", ()):
                parts.append(f"      <note>{escape_text(note)}</note>\n")
            for ptype, value in props.get("prop", ()):
                parts.append(f'      <prop type="{escape_attr(ptype)}">{escape_text(value)}</prop>\n')
        tuv_open = self._tuv_open
        for (lang, _, _, vprops, _), seg in zip(variants, segs):
            opening = tuv_open.get(lang)
            if opening is None:
                opening = tuv_open[lang] = f'      <tuv xml:lang="{escape_attr(self.tag(lang))}">'
            if vprops and isinstance(vprops, str):
                vprops = json.loads(vprops)
            if vprops:
                parts.append(opening + "\n")
                for note in vprops.get("note", ()):
                    parts.append(f"        <note>{escape_text(note)}</note>\n")
                for ptype, value in vprops.get("prop", ()):
                    parts.append(f'        <prop type="{escape_attr(ptype)}">{escape_text(value)}</prop>\n')
                parts.append(f"        <seg>{seg}</seg></tuv>\n")
            else:
                parts.append(f"{opening}<seg>{seg}</seg></tuv>\n")
        parts.append("    </tu>\n")
        self._out.write("".join(parts))
        counts["units"] += 1
        return True

    def flush(self) -> None:
        """Write out what is buffered (before something else writes to the stream)."""
        self._out.flush()

    def close(self) -> None:
        """Finish the document and flush (the underlying stream stays open)."""
        if self.document:
            self._out.write("  </body>\n</tmx>\n")
        self._out.flush()
        self._out.detach()


# ======================================================================================
# Reading
# ======================================================================================
#
# The reader streams: lxml's ``iterparse`` hands over each ``<tu>`` when it ends, the
# unit is converted, then cleared and unlinked with everything before it, so a 1 GB file
# needs no more memory than a small one. Parsing is safe for files from anywhere: no DTD
# is loaded, no entity is expanded (libxml2 also caps entity amplification), nothing is
# fetched from the network, a resolver refuses any external resource, and no comment, tag
# or text larger than libxml2's limits is buffered (:class:`tmkit.textio.MarkupStream`).
#
# Plain text and markup. A ``<seg>`` with inline elements keeps its inner XML verbatim in
# ``markup`` (for faithful re-export); its plain text, used for matching, is what a reader
# of the sentence sees:
#
# - ``bpt ept ph it ut`` hold native codes (formatting, placeholders): nothing;
# - ``sub`` is a sub-flow inside a code (a footnote, the alt text of an image): a separate
#   text, not part of the sentence, so nothing either (it stays in the markup);
# - ``hi`` (highlighted text) and unknown elements: their text;
# - tmkit's own ``<ph type="x-tmkit-char">U+0001</ph>`` restores the character.

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

#: Inline elements whose content is native code: they add nothing to the plain text.
CODE_TAGS = frozenset({"bpt", "ept", "ph", "it", "ut", "sub"})

#: Options of every TMX parse: nothing is loaded, expanded or fetched.
SAFE_PARSE = dict(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                  huge_tree=False, remove_comments=True, remove_pis=True, attribute_defaults=False)

_CHAR_PH_RE = re.compile(r"U\+([0-9A-Fa-f]{4,6})")
_TMX_DATE_RE = re.compile(r"(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z")
_LOOSE_DATE_RE = re.compile(
    r"(\d{4})-?(\d{2})-?(\d{2})(?:[Tt ](\d{2}):?(\d{2})(?::?(\d{2}))?(?:[.,]\d+)?)?\s*(?:[Zz]|[+-]00:?00)?")
_POSITION_RE = re.compile(r",? line \d+, column \d+\s*$")


@dataclass(slots=True)
class TmxVariant:
    """One ``<tuv>``: a language side of a unit."""

    lang: str | None  # normalised code (hy, ru, en …); None if the tag is missing or bad
    tag: str | None  # the tag as written (hy-AM, HY_am, arm …)
    text: str  # plain text (see the section comment)
    markup: str | None = None  # inner XML of <seg> when it has inline elements
    props: Sequence[tuple[str, str]] = ()
    notes: Sequence[str] = ()


@dataclass(slots=True)
class TmxUnit:
    """One ``<tu>`` as read: dates in ISO 8601 UTC, languages normalised.

    ``problems`` make the unit unusable (a ``<tuv>`` without a language, a tag that is not
    a language, an entity that cannot be resolved); ``findings`` are ``(code, message)``
    pairs for things that are wrong but not fatal (a bad date, unpaired tags).
    """

    line: int
    tuid: str | None
    created: str | None
    changed: str | None
    srclang: str | None  # the tu's own srclang attribute, as written
    props: Sequence[tuple[str, str]]
    notes: Sequence[str]
    variants: list[TmxVariant]
    problems: list[str]
    findings: list[tuple[str, str]]


@dataclass
class TmxHeader:
    """The ``<header>`` of a TMX document (and the version of its ``<tmx>``)."""

    source: str  # the document: file name, or archive!member
    line: int
    version: str | None
    srclang: str | None  # as written
    lang: str | None  # normalised srclang, "*all*", or None when missing or not a tag
    creationtool: str | None = None
    creationtoolversion: str | None = None
    segtype: str | None = None
    o_tmf: str | None = None
    adminlang: str | None = None
    datatype: str | None = None
    created: str | None = None
    props: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    findings: list[tuple[str, str]] = field(default_factory=list)


class TmxSyntaxError(FormatError):
    """A TMX document that is not well-formed XML; knows where."""

    def __init__(self, source: str, line: int, column: int, detail: str) -> None:
        self.source, self.line, self.column, self.detail = source, line, column, detail
        super().__init__(f"{source}:{line}:{column}: malformed XML: {detail}")

    def __reduce__(self) -> tuple[Any, ...]:  # survives pickling (the importer's reading process)
        return (type(self), (self.source, self.line, self.column, self.detail))


@lru_cache(maxsize=4096)
def parse_tmx_date(value: str) -> tuple[str | None, bool]:
    """``20261128T140300Z`` → ``("2026-11-28T14:03:00Z", True)``.

    The second item says whether ``value`` was in TMX's own format; forms that tools
    write instead (``2026-11-28T14:03:00Z``, no ``Z``, a date alone) are read too, with
    False. Anything else, or an impossible date, gives ``(None, False)``: never 1970.
    """
    value = value.strip()
    m = _TMX_DATE_RE.fullmatch(value)
    strict = m is not None
    if m is None:
        m = _LOOSE_DATE_RE.fullmatch(value)
        if m is None:
            return None, False
    y, mo, d, h, mi, s = (int(g) if g else 0 for g in m.groups())
    try:
        datetime(y, mo, d, h, mi, s)
    except ValueError:
        return None, False
    return f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}Z", strict


class _InlineState:
    __slots__ = ("only_chars", "bpt", "ept")

    def __init__(self) -> None:
        self.only_chars = True
        self.bpt: list[str | None] = []
        self.ept: list[str | None] = []


class TmxReader:
    """Stream the units of a TMX 1.1–1.4b file (plain, ``.gz``, or each ``.tmx`` of a ``.zip``).

    Iterating yields :class:`TmxUnit`; :attr:`header` is the header of the document being
    read (set before its first unit). ``lang_map`` maps odd language tags to codes
    (see :func:`tmkit.langs.normalize_tag`). Raises :class:`TmxSyntaxError` (a
    :class:`FormatError`) for malformed XML, with file, line and column.

    The hooks are for the checker: ``on_tu(element, unit)`` sees each ``<tu>`` before it
    is freed, ``on_stray(element)`` each other element found among the units, and
    ``on_end(root)`` the document's skeleton (``<tmx>``, ``<header>``, an empty ``<body>``).
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        lang_map: Mapping[str, str] | None = None,
        *,
        on_tu: Callable[[Any, TmxUnit], None] | None = None,
        on_stray: Callable[[Any], None] | None = None,
        on_end: Callable[[Any], None] | None = None,
    ) -> None:
        from tmkit.textio import check_readable_file

        self.path = check_readable_file(path)
        if self.path.stat().st_size == 0:
            raise InputError(f"{self.path}: the file is empty")
        self.lang_map = dict(lang_map) if lang_map else None
        self.header: TmxHeader | None = None
        self.documents: list[str] = []
        self.on_tu, self.on_stray, self.on_end = on_tu, on_stray, on_end
        self._langs: dict[str, str | None] = {}
        self._raw: IO[bytes] | None = None

    def __iter__(self) -> Iterator[TmxUnit]:
        for name, stream in open_tmx_documents(self.path, on_open=self._opened):
            self.documents.append(name)
            yield from self._read(name, stream)

    def _opened(self, raw: IO[bytes]) -> None:
        self._raw = raw

    @property
    def bytes_read(self) -> int:
        """How far into the file (compressed bytes for .gz and .zip) the parser has read."""
        raw = self._raw
        if raw is None or raw.closed:
            return self.path.stat().st_size if self.documents else 0
        return raw.tell()

    # -- one document --------------------------------------------------------------------

    def _read(self, name: str, stream: IO[bytes]) -> Iterator[TmxUnit]:
        from lxml import etree

        from tmkit.textio import MarkupStream, magic_kind

        data_errors = _data_errors()
        options: dict[str, Any] = dict(SAFE_PARSE)
        try:
            head = _peek(stream)
        except data_errors as exc:
            raise _data_error(name, exc) from None
        what = magic_kind(head)
        if what:
            raise FormatError(f"{name}: this is {what}, not a TMX file")
        encoding = _sniff_encoding(head)
        if encoding:
            options["encoding"] = encoding
        context = etree.iterparse(MarkupStream(stream, name), events=("end",), tag=("tu", "header"), **options)
        context.resolvers.add(_RefusingResolver(name))
        self.header = None
        on_tu, on_stray = self.on_tu, self.on_stray
        try:
            for _, el in context:
                if el.tag != "tu":
                    self.header = self._header(el, name)
                    continue
                unit = self._unit(el)
                if on_tu is not None:
                    on_tu(el, unit)
                el.clear(keep_tail=False)
                parent = el.getparent()
                if parent is not None and parent.tag == "body":
                    while el.getprevious() is not None:
                        if on_stray is not None and parent[0].tag != "tu":
                            on_stray(parent[0])
                        del parent[0]
                yield unit
        except etree.XMLSyntaxError as exc:
            raise _syntax_error(name, exc, context) from None
        except data_errors as exc:  # damaged gzip or zip data
            raise _data_error(name, exc) from None
        root = context.root
        if root is None or root.tag != "tmx":
            tag = getattr(root, "tag", None)
            raise FormatError(f"{name}: not a TMX document (the root element is <{tag}>, not <tmx>)")
        if self.on_end is not None:
            body = root.find("body")
            if body is not None:
                for tu in body.findall("tu"):
                    body.remove(tu)
            self.on_end(root)

    def lang(self, raw: str) -> str | None:
        """The language code of a tag as this reader normalises it (``lang_map`` first), or None."""
        try:
            return self._langs[raw]
        except KeyError:
            pass
        try:
            lang: str | None = normalize_tag(raw, self.lang_map)
        except UsageError:
            lang = None
        if len(self._langs) < 1024:  # a hostile file cannot grow the cache
            self._langs[raw] = lang
        return lang

    def _date(self, raw: str | None, findings: list[tuple[str, str]], what: str) -> str | None:
        if raw is None:
            return None
        iso, strict = parse_tmx_date(raw)
        if iso is None:
            findings.append(("bad-date", f"{what}={raw!r} is not a date (TMX wants YYYYMMDDThhmmssZ)"))
        elif not strict:
            findings.append(("nonstandard-date", f"{what}={raw!r} is not in TMX's date format YYYYMMDDThhmmssZ"))
        return iso

    def _header(self, el: Any, name: str) -> TmxHeader:
        get = el.get
        parent = el.getparent()
        src = get("srclang")
        lang = None
        if src is not None:
            lang = "*all*" if src.strip().lower() == "*all*" else self.lang(src)
        findings: list[tuple[str, str]] = []
        header = TmxHeader(
            source=name, line=el.sourceline or 0, version=parent.get("version") if parent is not None else None,
            srclang=src, lang=lang, creationtool=get("creationtool"),
            creationtoolversion=get("creationtoolversion"), segtype=get("segtype"), o_tmf=get("o-tmf"),
            adminlang=get("adminlang"), datatype=get("datatype"),
            created=self._date(get("creationdate"), findings, "creationdate"), findings=findings,
        )
        for child in el:
            if child.tag == "prop":
                header.props.append((child.get("type") or "", child.text or ""))
            elif child.tag == "note":
                header.notes.append(child.text or "")
        return header

    def _unit(self, tu: Any) -> TmxUnit:
        get = tu.get
        problems: list[str] = []
        findings: list[tuple[str, str]] = []
        props: list[tuple[str, str]] = []
        notes: list[str] = []
        variants: list[TmxVariant] = []
        created = get("creationdate")
        changed = get("changedate")
        if created is not None:
            created = self._date(created, findings, "creationdate")
        if changed is not None:
            changed = self._date(changed, findings, "changedate")
        for child in tu:
            tag = child.tag
            if tag == "tuv":
                variants.append(self._variant(child, problems, findings))
            elif tag == "prop":
                props.append((child.get("type") or "", child.text or ""))
            elif tag == "note":
                notes.append(child.text or "")
            elif not isinstance(tag, str):
                problems.append(f"entity reference {child.text} cannot be resolved "
                                "(tmkit never expands DTD entities)")
        return TmxUnit(line=tu.sourceline or 0, tuid=get("tuid"), created=created, changed=changed,
                       srclang=get("srclang"), props=props, notes=notes, variants=variants,
                       problems=problems, findings=findings)

    def _variant(self, tuv: Any, problems: list[str], findings: list[tuple[str, str]]) -> TmxVariant:
        raw = tuv.get(XML_LANG)
        if raw is None:
            raw = tuv.get("lang")  # TMX 1.1
            if raw is not None:
                findings.append(("lang-attribute", f"<tuv lang={raw!r}>: TMX 1.4 wants xml:lang (lang is TMX 1.1)"))
        lang = None
        if raw is None:
            problems.append("<tuv> without xml:lang")
        else:
            lang = self.lang(raw)
            if lang is None:
                problems.append(f"xml:lang={raw!r} is not a language tag (use --lang-map {raw}=CODE)")
        seg = None
        props: list[tuple[str, str]] | tuple[()] = ()
        notes: list[str] | tuple[()] = ()
        for child in tuv:
            tag = child.tag
            if tag == "seg":
                seg = child
            elif tag == "prop":
                if not props:
                    props = []
                props.append((child.get("type") or "", child.text or ""))  # type: ignore[union-attr]
            elif tag == "note":
                if not notes:
                    notes = []
                notes.append(child.text or "")  # type: ignore[union-attr]
        if seg is None:
            problems.append(f"<tuv xml:lang={raw!r}> without <seg>")
            return TmxVariant(lang, raw, "", None, props, notes)
        if len(seg) == 0:
            return TmxVariant(lang, raw, seg.text or "", None, props, notes)
        text, markup = self._mixed(seg, problems, findings)
        return TmxVariant(lang, raw, text, markup, props, notes)

    def _mixed(self, seg: Any, problems: list[str], findings: list[tuple[str, str]]) -> tuple[str, str | None]:
        from lxml import etree

        out = [seg.text or ""]
        state = _InlineState()
        for child in seg:
            self._inline(child, out, state, problems)
        if state.bpt != state.ept and sorted(map(str, state.bpt)) != sorted(map(str, state.ept)):
            lone = sorted(set(map(str, state.bpt)) ^ set(map(str, state.ept)))
            findings.append(("unpaired-tag", f"<bpt>/<ept> with i={', '.join(lone) or '?'} not paired in one <seg>"))
        if state.only_chars:
            return "".join(out), None
        markup = escape_text(seg.text or "") + "".join(
            etree.tostring(c, encoding="unicode", with_tail=True) for c in seg)
        return "".join(out), markup

    def _inline(self, el: Any, out: list[str], state: _InlineState, problems: list[str]) -> None:
        tag = el.tag
        if tag == "ph" and el.get("type") == CHAR_PH_TYPE:
            m = _CHAR_PH_RE.fullmatch(el.text or "")
            code = int(m.group(1), 16) if m else -1
            if 0 <= code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
                out.append(chr(code))
                out.append(el.tail or "")
                return
        state.only_chars = False
        if not isinstance(tag, str):
            problems.append(f"entity reference {el.text} cannot be resolved (tmkit never expands DTD entities)")
        elif tag not in CODE_TAGS:  # hi, and elements TMX does not define: their text counts
            out.append(el.text or "")
            for child in el:
                self._inline(child, out, state, problems)
        elif tag == "bpt":
            state.bpt.append(el.get("i"))
        elif tag == "ept":
            state.ept.append(el.get("i"))
        out.append(el.tail or "")


def iter_tmx(path: str | os.PathLike[str], lang_map: Mapping[str, str] | None = None) -> Iterator[TmxUnit]:
    """Stream the units of a TMX file; see :class:`TmxReader`."""
    return iter(TmxReader(path, lang_map))


def open_tmx_documents(path: str | os.PathLike[str],
                       on_open: Callable[[IO[bytes]], None] | None = None) -> Iterator[tuple[str, IO[bytes]]]:
    """``(name, binary stream)`` of each TMX document in ``path``, decompressing as it reads.

    A plain file is one document; gzip data (recognised by its magic bytes, whatever the
    name) is one; a zip archive gives each member whose name ends in ``.tmx``, named
    ``archive.zip!member.tmx``. Nothing is decompressed to memory or disk.
    """
    import gzip
    import zipfile

    p = Path(path)
    with open(p, "rb") as raw:
        if on_open is not None:
            on_open(raw)
        magic = raw.read(4)
        raw.seek(0)
        if magic[:2] == b"\x1f\x8b":
            with gzip.GzipFile(fileobj=raw, mode="rb") as gz:
                yield str(p), gz  # type: ignore[misc]
            return
        if magic == b"PK\x03\x04":
            try:
                archive = zipfile.ZipFile(raw)
            except (zipfile.BadZipFile, OSError) as exc:
                raise FormatError(f"{p}: damaged zip archive ({exc})") from None
            with archive:
                members = [i for i in archive.infolist() if not i.is_dir() and i.filename.lower().endswith(".tmx")]
                if not members:
                    raise FormatError(f"{p}: the zip archive holds no .tmx file")
                for info in members:
                    try:
                        member = archive.open(info)
                    except (RuntimeError, NotImplementedError, zipfile.BadZipFile) as exc:
                        if info.flag_bits & 0x1:
                            raise FormatError(f"{p}!{info.filename}: the zip member is encrypted; tmkit cannot "
                                              "read password-protected archives (unpack it first)") from None
                        raise FormatError(f"{p}!{info.filename}: cannot read this zip member ({exc})") from None
                    with member:
                        yield f"{p}!{info.filename}", member
            return
        yield str(p), raw


def _data_errors() -> tuple[type[BaseException], ...]:
    """What a damaged gzip or zip stream raises while it is read."""
    import zipfile

    return (OSError, EOFError, zlib.error, zipfile.BadZipFile)


def _data_error(name: str, exc: BaseException) -> FormatError:
    return FormatError(f"{name}: cannot read the compressed data: {exc} (the archive is damaged or truncated)")


def _peek(stream: Any) -> bytes:
    """The first bytes of ``stream`` without consuming them (b"" if it cannot peek)."""
    peek = getattr(stream, "peek", None)
    return peek(512)[:512] if peek else b""


def _sniff_encoding(head: bytes) -> str | None:
    """The encoding to force on the parser for a document starting with ``head``: UTF-16
    without a byte-order mark, else None (libxml2 reads BOMs and the XML declaration itself)."""
    import codecs

    from tmkit.textio import sniff_utf16

    if head.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    order = sniff_utf16(head)
    return {"utf-16-le": "UTF-16LE", "utf-16-be": "UTF-16BE"}.get(order or "")


def _syntax_error(name: str, exc: Any, context: Any) -> TmxSyntaxError:
    line, column = exc.position if exc.position else (0, 0)
    msg = exc.msg or str(exc)
    if not line:  # iterparse reports some errors only in its log
        errors = [e for e in context.error_log if e.level_name in ("ERROR", "FATAL")]
        if errors:
            line, column, msg = errors[0].line, errors[0].column, errors[0].message
    msg = " ".join(_POSITION_RE.sub("", msg.strip()).split())
    if not line and msg in ("no element found", "Document is empty"):
        msg = "no XML element in the file (empty or truncated)"
    return TmxSyntaxError(name, line, column, plain_xml_error(msg))


#: libxml2's safety limits, said in words a user can act on.
_LIMIT_MESSAGES = (
    ("Maximum entity amplification factor exceeded",
     "its entity declarations would expand enormously (an entity bomb such as 'billion laughs'); refused"),
    ("Detected an entity reference loop", "its entities refer to each other in a loop; refused"),
    ("Excessive depth in document",
     "elements nested more than 256 deep (a parser bomb, or not a real document); refused"),
    ("Text node too long", "a text of more than 10 MB in one element; refused (no real segment is that long)"),
    ("huge text node", "a text of more than 10 MB in one element; refused (no real segment is that long)"),
    ("Huge input lookup", "a single XML token of more than 10 MB; refused"),
)


def plain_xml_error(msg: str) -> str:
    """libxml2's message, or a plain one for its safety limits (without "use XML_PARSE_HUGE")."""
    for needle, plain in _LIMIT_MESSAGES:
        if needle in msg:
            return plain
    return msg


class _RefusingResolver:
    """Refuse every external DTD or entity (libxml2 is told not to ask; if it did, no)."""

    def __new__(cls, name: str) -> Any:
        from lxml import etree

        class Refuse(etree.Resolver):
            def resolve(self, url: str | None, pubid: str | None, context: Any) -> Any:
                raise FormatError(f"{name}: refers to the external resource {url or pubid}; "
                                  "tmkit never loads DTDs or entities")

        return Refuse()


# ======================================================================================
# Checking
# ======================================================================================
#
# ``check_tmx`` streams like the reader. DTD validation needs a tree, so it validates
# each ``<tu>`` subtree against the TMX 1.4b DTD before the unit is freed, and at the end
# the skeleton that is left (``<tmx>``, ``<header>``, ``<body>`` with any stray
# elements): together that is the whole document, in bounded memory. The lints then
# look at what the DTD cannot see.

#: Severity of each check; errors make ``tmkit tmx check`` exit 1.
CHECKS: dict[str, tuple[str, str]] = {
    "malformed": ("error", "the file is not well-formed XML (nothing after the error is checked)"),
    "not-tmx": ("error", "the file is not a TMX document"),
    "dtd": ("error", "invalid against the TMX 1.4b DTD"),
    "version": ("warning", "a TMX version other than 1.4 (validated against 1.4b anyway)"),
    "lang-attribute": ("error", "a <tuv> with TMX 1.1's lang instead of xml:lang"),
    "srclang": ("error", "the header's srclang is not a language tag or *all*"),
    "bad-lang": ("error", "a <tuv> without a language, or a tag that is not a language"),
    "no-source": ("error", "a unit without a <tuv> in the source language (srclang)"),
    "tag-mismatch": ("warning", "a tag for the source language spelt unlike srclang"),
    "one-language": ("warning", "a unit with fewer than two languages: useless for translation"),
    "duplicate-language": ("warning", "two <tuv> of one language in a unit"),
    "missing-language": ("warning", "units lacking a language that other units have"),
    "empty-seg": ("warning", "an empty segment"),
    "duplicate": ("warning", "a unit with the same texts as an earlier one"),
    "bad-date": ("error", "a date that cannot be read, or an impossible one"),
    "nonstandard-date": ("error", "a date not in TMX's format YYYYMMDDThhmmssZ (tmkit reads it)"),
    "bad-char": ("warning", "control, non- or replacement characters in a segment"),
    "unpaired-tag": ("error", "<bpt> without its <ept> (or the reverse) in a segment"),
    "entity": ("error", "an entity reference that cannot be resolved"),
    "too-long": ("warning", "a segment longer than the profile's tool matches"),
    "multilingual": ("warning", "more than two languages in a unit for a bilingual tool"),
    "profile-tag": ("warning", "a language tag the profile's tool does not recognise"),
}

# Characters XML allows but that do not belong in text: C1 controls (NEL aside, which
# some Windows tools write for line breaks, is still a control), noncharacters, and the
# replacement character left by a wrong encoding conversion.
_BAD_CHAR_RE = re.compile("[\x7f-\x9f\ufdd0-\ufdef\ufffd\ufffe\uffff]")


@dataclass
class Issue:
    """One finding of the checker."""

    source: str
    line: int | None
    severity: str  # error | warning
    code: str
    message: str

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.severity}: {self.message} [{self.code}]"

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.source, "line": self.line, "severity": self.severity, "code": self.code,
                "message": self.message}


@dataclass
class CheckReport:
    """What :func:`check_tmx` found: counts of every issue, the first few of each kind."""

    path: str
    profile: str | None = None
    units: int = 0
    langs: dict[str, int] = field(default_factory=dict)
    errors: int = 0
    warnings: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    dtd_valid: bool = True
    well_formed: bool = True

    @property
    def ok(self) -> bool:
        return self.errors == 0

    @property
    def not_shown(self) -> dict[str, int]:
        shown: dict[str, int] = {}
        for issue in self.issues:
            shown[issue.code] = shown.get(issue.code, 0) + 1
        return {code: n - shown.get(code, 0) for code, n in self.counts.items() if n > shown.get(code, 0)}

    def summary(self) -> str:
        langs = ", ".join(f"{lang} {n}" for lang, n in self.langs.items())
        verdict = "DTD-valid" if self.dtd_valid and self.well_formed else "not valid"
        return (f"{self.path}: {self.units} unit{'s' * (self.units != 1)}" + (f" ({langs})" if langs else "")
                + f"; {verdict}; {self.errors} error{'s' * (self.errors != 1)}, "
                f"{self.warnings} warning{'s' * (self.warnings != 1)}")

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.path, "profile": self.profile, "units": self.units, "langs": self.langs,
                "well_formed": self.well_formed, "dtd_valid": self.dtd_valid, "errors": self.errors,
                "warnings": self.warnings, "counts": self.counts,
                "issues": [i.as_dict() for i in self.issues], "not_shown": self.not_shown}


def load_dtd() -> Any:
    """The TMX 1.4b DTD as an ``lxml.etree.DTD``."""
    from lxml import etree

    with open(dtd_path(), "rb") as fh:
        return etree.DTD(fh)


def check_tmx(
    path: str | os.PathLike[str],
    profile: str | None = None,
    *,
    lang_map: Mapping[str, str] | None = None,
    max_per_code: int | None = 20,
    on_issue: Callable[[Issue], None] | None = None,
) -> CheckReport:
    """Validate a TMX file against the TMX 1.4b DTD and lint it (see :data:`CHECKS`).

    Streams the file. ``profile`` adds the limits of one CAT tool (segment length,
    bilingual units, tags it reads). Every issue is counted; the first ``max_per_code``
    of each kind (all with None) are kept in the report and passed to ``on_issue`` as
    they are found. Raises only for a file that cannot be opened at all.
    """
    from tmkit.formats.profiles import get_profile
    from tmkit.normalize import match_key, norm_hash

    prof = get_profile(profile) if profile else None
    dtd = load_dtd()
    report = CheckReport(path=str(path), profile=prof.name if prof else None)
    seen: dict[int, int] = {}  # 64-bit hash of a unit's texts -> its line
    lang_sets: dict[frozenset[str], list[int]] = {}  # the units' language sets: [count, first line]
    state: dict[str, Any] = {"source": str(path), "header": None}

    def emit(line: int | None, code: str, message: str, source: str | None = None) -> None:
        severity = CHECKS[code][0]
        n = report.counts.get(code, 0) + 1
        report.counts[code] = n
        if severity == "error":
            report.errors += 1
        else:
            report.warnings += 1
        if max_per_code is None or n <= max_per_code:
            issue = Issue(source or state["source"], line, severity, code, message)
            report.issues.append(issue)
            if on_issue is not None:
                on_issue(issue)

    def dtd_errors(element: Any) -> None:
        if not dtd.validate(element):
            for e in dtd.error_log:
                # validating a subtree, libxml2 sees the xml: prefix declared on its root;
                # and it says this of TMX 1.1's lang (reported better as lang-attribute)
                if e.message.startswith("No declaration for attribute xmlns:xml of") or \
                        e.message.endswith("required attribute xml:lang has no prefix"):
                    continue
                report.dtd_valid = False
                emit(e.line or None, "dtd", e.message)

    def on_tu(element: Any, unit: TmxUnit) -> None:
        dtd_errors(element)

    def on_stray(element: Any) -> None:
        report.dtd_valid = False
        name = element.tag if isinstance(element.tag, str) else "entity or comment"
        emit(element.sourceline, "dtd", f"<{name}> is not allowed in <body> (only <tu>)")

    def on_end(root: Any) -> None:
        dtd_errors(root)

    def check_header(header: TmxHeader) -> None:
        state["header"] = header
        if header.version not in ("1.4", "1.4b"):
            if header.version in ("1.1", "1.2", "1.3"):
                emit(header.line, "version", f"TMX {header.version} file; checked against TMX 1.4b")
            elif header.version is not None:
                emit(header.line, "version", f"TMX version {header.version!r}: tmkit reads 1.1 to 1.4b")
        if header.srclang is not None and header.lang is None:
            emit(header.line, "srclang", f"srclang={header.srclang!r} is neither a language tag nor *all*")
        for code, message in header.findings:
            emit(header.line, code, message)
        if prof is not None and prof.name == "omegat" and (header.segtype or "") == "paragraph":
            emit(header.line, "profile-tag", "segtype=\"paragraph\": OmegaT re-segments such units and "
                                             "rarely matches them; export sentences")

    reader = TmxReader(path, lang_map, on_tu=on_tu, on_stray=on_stray, on_end=on_end)
    try:
        for unit in reader:
            header = reader.header
            if header is not state["header"]:
                if header is not None:
                    state["source"] = header.source
                    check_header(header)
                state["header"] = header
            report.units += 1
            _lint_unit(unit, header, prof, emit, report, seen, lang_sets, match_key, norm_hash)
        for name in reader.documents:
            state["source"] = name
        if reader.header is not None and reader.header is not state["header"]:
            check_header(reader.header)
    except TmxSyntaxError as exc:
        report.well_formed = False
        emit(exc.line or None, "malformed", f"malformed XML at column {exc.column}: {exc.detail}",
             source=exc.source)
    except FormatError as exc:
        code = "not-tmx" if "not a TMX document" in str(exc) else "malformed"
        report.well_formed = False
        emit(None, code, str(exc).split(": ", 1)[-1])
    all_langs = set().union(*lang_sets) if lang_sets else set()
    for lang in sorted(all_langs, key=lambda x: (_LANG_ORDER.get(x, 9), x)):
        without = [entry for langs, entry in lang_sets.items() if lang not in langs and langs]
        count = sum(n for n, _ in without)
        if count:
            first = min(line for _, line in without)
            emit(None, "missing-language",
                 f"{count} unit{' has' if count == 1 else 's have'} no {lang} variant, while others do "
                 f"(first on line {first})")
    report.langs = dict(sorted(report.langs.items(), key=lambda kv: (-kv[1], _LANG_ORDER.get(kv[0], 9))))
    return report


_LANG_ORDER = {"en": 0, "ru": 1, "hy": 2}


def _lint_unit(unit: TmxUnit, header: TmxHeader | None, prof: Profile | None, emit: Callable[..., None],
               report: CheckReport, seen: dict[int, int], lang_sets: dict[frozenset[str], list[int]],
               match_key: Callable[[str], str], norm_hash: Callable[[str], int]) -> None:
    line = unit.line
    for problem in unit.problems:
        emit(line, "entity" if problem.startswith("entity") else "bad-lang", problem)
    for code, message in unit.findings:
        emit(line, code, message)
    langs = [v.lang for v in unit.variants if v.lang]
    for lang in langs:
        report.langs[lang] = report.langs.get(lang, 0) + 1
    distinct = frozenset(langs)
    if len(distinct) < len(langs):
        dup = sorted({x for x in langs if langs.count(x) > 1})
        emit(line, "duplicate-language", f"more than one <tuv> in {', '.join(dup)}")
    if unit.variants and len(distinct) < 2 and not unit.problems:
        emit(line, "one-language", f"only one language ({', '.join(sorted(distinct)) or '?'})")
    entry = lang_sets.get(distinct)
    if entry is not None:
        entry[0] += 1
    elif len(lang_sets) < 256:  # a hostile file cannot grow this
        lang_sets[distinct] = [1, line]
    # the source language: the tu's srclang, else the header's
    src_tag = unit.srclang if unit.srclang is not None else (header.srclang if header else None)
    src_lang = None
    if src_tag is not None and src_tag.strip().lower() != "*all*":
        try:
            src_lang = normalize_tag(src_tag)
        except UsageError:
            src_lang = None
    if src_lang is not None and langs and src_lang not in distinct and not unit.problems:
        emit(line, "no-source", f"no <tuv> in the source language {src_tag} (srclang)")
    texts = []
    for v in unit.variants:
        if src_lang is not None and v.lang == src_lang and v.tag is not None and src_tag is not None \
                and v.tag.replace("_", "-").lower() != src_tag.replace("_", "-").lower():
            emit(line, "tag-mismatch", f"xml:lang={v.tag!r} but srclang={src_tag!r}: tools that compare "
                                       "locales (Trados, memoQ) will not take it as the source")
        if not v.text.strip():
            emit(line, "empty-seg", f"empty segment ({v.tag})")
        bad = _BAD_CHAR_RE.search(v.text)
        if bad:
            ch = bad.group()
            what = "replacement character (text damaged by a wrong encoding conversion)" if ch == "\ufffd" \
                else "control character" if ord(ch) < 0xA0 else "noncharacter"
            emit(line, "bad-char", f"{what} U+{ord(ch):04X} in the {v.tag} segment")
        if prof is not None:
            cap = prof.max_segment_chars
            if cap and len(v.text) > cap:
                emit(line, "too-long", f"{v.tag} segment of {len(v.text)} characters; {prof.tool} "
                                       f"does not match segments over {cap}")
            if prof.name == "omegat" and v.tag and len(v.tag.split("-")[0].split("_")[0]) == 3:
                emit(line, "profile-tag", f"xml:lang={v.tag!r}: OmegaT does not recognise three-letter "
                                          "codes; use a two-letter tag such as hy or hy-AM")
        texts.append(f"{v.lang}\x1e{match_key(v.text)}")
    if prof is not None and not prof.multilingual and len(distinct) > 2:
        emit(line, "multilingual", f"{len(distinct)} languages in one unit; {prof.tool} takes one pair")
    if len(texts) >= 2:
        key = norm_hash("\x1f".join(sorted(texts)))
        first = seen.get(key)
        if first is None:
            seen[key] = line
        else:
            emit(line, "duplicate", f"same texts as the unit on line {first}")
