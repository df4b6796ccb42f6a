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
import re
from pathlib import Path
from collections.abc import Sequence
from typing import IO, Any

from tmkit import __version__
from tmkit.errors import UsageError
from tmkit.formats.profiles import Profile
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
    """Escape character data (``>`` too, so ``]]>`` can never appear)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_attr(text: str) -> str:
    """Escape an attribute value, keeping tabs and newlines as character references."""
    return (escape_text(text).replace('"', "&quot;").replace("\n", "&#10;")
            .replace("\r", "&#13;").replace("\t", "&#9;"))


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
    ) -> None:
        if illegal not in ILLEGAL_POLICIES:
            raise UsageError(f"unknown policy for illegal characters {illegal!r}; use one of {', '.join(ILLEGAL_POLICIES)}")
        self.profile = profile
        self.lang_tags = lang_tags or {}
        self.illegal = illegal
        self.srclang = srclang
        self._out = io.TextIOWrapper(stream, encoding="utf-8", newline="\n", write_through=False)
        self._tags: dict[str, str] = {}
        self.counts = {"units": 0, "skipped_empty": 0, "skipped_long": 0, "skipped_illegal": 0,
                       "illegal_chars": 0}
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

    def _seg(self, text: str, markup: str | None) -> str | None:
        if markup is not None and not ILLEGAL_XML_RE.search(text):
            return markup
        if not ILLEGAL_XML_RE.search(text):
            return escape_text(text)
        n = len(ILLEGAL_XML_RE.findall(text))
        if self.illegal == "skip":
            return None
        self.counts["illegal_chars"] += n
        if self.illegal == "replace":
            return escape_text(ILLEGAL_XML_RE.sub("\ufffd", text))
        return ILLEGAL_XML_RE.sub(
            lambda m: f'<ph type="{CHAR_PH_TYPE}">U+{ord(m.group()):04X}</ph>',
            escape_text(text),
        )

    def write(self, unit: ExportUnit, langs: Sequence[str] | None = None) -> bool:
        """Write one unit (its variants in ``langs``, default all); False if it was skipped."""
        variants = unit.variants if langs is None else [v for v in unit.variants if v.lang in langs]
        if len(variants) < 2 or any(not v.text.strip() for v in variants):
            self.counts["skipped_empty"] += 1
            return False
        cap = self.profile.max_segment_chars
        if cap and any(len(v.text) > cap for v in variants):
            self.counts["skipped_long"] += 1
            return False
        segs = []
        for v in variants:
            seg = self._seg(v.text, v.markup)
            if seg is None:
                self.counts["skipped_illegal"] += 1
                return False
            segs.append(seg)
        parts = [f'    <tu tuid="{escape_attr(unit.tuid or str(unit.id))}"']
        created, changed = tmx_date(unit.created_at), tmx_date(unit.changed_at)
        if created:
            parts.append(f' creationdate="{created}"')
        if changed:
            parts.append(f' changedate="{changed}"')
        parts.append(">\n")
        for key, value in self._meta(unit, variants):
            parts.append(f'      <prop type="{escape_attr(self.profile.prop(key))}">{escape_text(value)}</prop>\n')
        extra = unit.props or {}
        for note in extra.get("note", ()):
            parts.append(f"      <note>{escape_text(note)}</note>\n")
        for ptype, value in extra.get("prop", ()):
            parts.append(f'      <prop type="{escape_attr(ptype)}">{escape_text(value)}</prop>\n')
        for v, seg in zip(variants, segs):
            parts.append(f'      <tuv xml:lang="{escape_attr(self.tag(v.lang))}">')
            vprops = v.props or {}
            if vprops:
                parts.append("\n")
                for note in vprops.get("note", ()):
                    parts.append(f"        <note>{escape_text(note)}</note>\n")
                for ptype, value in vprops.get("prop", ()):
                    parts.append(f'        <prop type="{escape_attr(ptype)}">{escape_text(value)}</prop>\n')
                parts.append("        ")
            parts.append(f"<seg>{seg}</seg></tuv>\n")
        parts.append("    </tu>\n")
        self._out.write("".join(parts))
        self.counts["units"] += 1
        return True

    def _meta(self, unit: ExportUnit, variants: Sequence[Any]) -> list[tuple[str, str]]:
        extra = (unit.props or {}).get("meta", {})
        url = variants[0].url or extra.get("url")
        if len(variants) == 2 and variants[0].n_segments and variants[1].n_segments:
            align = f"{variants[0].n_segments}-{variants[1].n_segments}"
        else:
            align = unit.align_type
        values = {
            "story": unit.story or extra.get("story"),
            "outlet": unit.outlet,
            "url": url,
            "published": unit.published,
            "align": align,
            "score": None if unit.score is None else f"{unit.score:.3f}",
            "status": unit.status if unit.status != "auto" else None,
        }
        return [(k, str(values[k])) for k in META_PROPS if values[k] not in (None, "")]

    def close(self) -> None:
        """Finish the document and flush (the underlying stream stays open)."""
        self._out.write("  </body>\n</tmx>\n")
        self._out.flush()
        self._out.detach()
