"""What each CAT tool wants from a TMX file.

A profile fixes language tags, header attributes, property names, the byte-order mark,
a segment-length cap and whether multilingual units are safe. The README's profile
table is generated from :data:`PROFILES` (``tmkit tmx profiles``), so the two cannot
drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tmkit.errors import UsageError

#: Region-qualified tags for the languages tmkit knows.
REGION_TAGS = {"en": "en-US", "ru": "ru-RU", "hy": "hy-AM"}


@dataclass(frozen=True)
class Profile:
    """Export settings for one target tool; ``why`` documents each choice."""

    name: str
    tool: str
    region_tags: bool
    bom: bool
    multilingual: bool
    max_segment_chars: int | None
    o_tmf: str
    prop_names: dict[str, str] = field(default_factory=dict)
    why: dict[str, str] = field(default_factory=dict)

    def tag(self, lang: str, overrides: dict[str, str] | None = None) -> str:
        """The ``xml:lang`` value to write for ``lang``."""
        if overrides and lang in overrides:
            return overrides[lang]
        if self.region_tags:
            return REGION_TAGS.get(lang, lang)
        return lang

    def prop(self, key: str) -> str:
        """The ``<prop type>`` used for tmkit's metadata field ``key``."""
        return self.prop_names.get(key, f"x-{key}")


_TRADOS_FIELDS = {k: f"x-{k.capitalize()}:SingleString" for k in
                  ("story", "outlet", "url", "published", "align", "score", "status", "origin")}

PROFILES: dict[str, Profile] = {
    "generic": Profile(
        name="generic", tool="any TMX 1.4b reader", region_tags=False, bom=False,
        multilingual=True, max_segment_chars=None, o_tmf="tmkit",
        why={
            "tags": "bare ISO 639-1 codes (en, ru, hy): the spec's minimum, matched by every reader",
            "bom": "no BOM: UTF-8 is the XML default and a BOM confuses line-based tools",
            "multilingual": "allowed: TMX 1.4b permits any number of <tuv> per <tu>",
            "props": "x- prefixed props, as TMX 1.4b requires for user-defined types",
        },
    ),
    "omegat": Profile(
        name="omegat", tool="OmegaT", region_tags=True, bom=False, multilingual=True,
        max_segment_chars=None, o_tmf="tmkit",
        why={
            "tags": "en-US/ru-RU/hy-AM: OmegaT matches en and en-US alike, but does not check the "
                    "target language and inserts the last non-source tuv when none matches, so the "
                    "tags must be right and complete",
            "bom": "no BOM (OmegaT reads both)",
            "multilingual": "allowed: OmegaT picks the project's languages from multilingual units",
            "props": "x- props; OmegaT loads units with unknown props unchanged",
            "segtype": "sentence, one sentence per unit: OmegaT re-segments paragraph units and "
                       "never matches multi-sentence units",
        },
    ),
    "memoq": Profile(
        name="memoq", tool="memoQ", region_tags=True, bom=False, multilingual=False,
        max_segment_chars=None, o_tmf="tmkit",
        prop_names={"story": "project", "outlet": "client", "url": "x-url", "published": "x-published"},
        why={
            "tags": "region tags: memoQ TMs are created for sub-languages (English (United States)); "
                    "a bare tag asks the user to map it on every import",
            "bom": "no BOM",
            "multilingual": "pairs only: a memoQ TM is bilingual and import asks which two languages "
                            "to take from multilingual units",
            "props": "story -> project and outlet -> client: memoQ maps these prop types onto its "
                     "own Project and Client metadata fields; the rest as x- props",
        },
    ),
    "trados": Profile(
        name="trados", tool="Trados Studio", region_tags=True, bom=True, multilingual=False,
        max_segment_chars=4000, o_tmf="tmkit",
        prop_names=_TRADOS_FIELDS,
        why={
            "tags": "region tags: Trados Studio TMs are created for specific locales (en-US -> hy-AM) "
                    "and import only units whose tags match them",
            "bom": "UTF-8 with BOM, as Trados Studio writes its own TMX exports",
            "multilingual": "pairs only: a Studio TM has exactly one language pair",
            "props": "x-Name:SingleString props, the form in which Studio imports custom fields",
            "length": "units over 4,000 characters are skipped (and counted): Studio segments "
                      "sentences and such units are never matched",
        },
    ),
    "phrase": Profile(
        name="phrase", tool="Phrase TMS (Memsource)", region_tags=False, bom=False,
        multilingual=True, max_segment_chars=None, o_tmf="tmkit",
        why={
            "tags": "bare codes: Phrase matches a TM language to any of its sub-languages",
            "bom": "no BOM",
            "multilingual": "allowed: Phrase TMs are multilingual",
            "props": "x- props, as TMX 1.4b requires for user-defined types",
        },
    ),
}


def get_profile(name: str) -> Profile:
    """The profile called ``name`` (case-insensitive)."""
    try:
        return PROFILES[name.lower()]
    except KeyError:
        raise UsageError(f"unknown TMX profile {name!r}; choose one of {', '.join(PROFILES)}") from None


def parse_lang_tags(specs: list[str] | tuple[str, ...]) -> dict[str, str]:
    """Parse ``--lang-tag hy=hy-AM`` options into ``{"hy": "hy-AM"}``."""
    from tmkit.langs import normalize_tag, parse_lang

    out: dict[str, str] = {}
    for spec in specs:
        if "=" not in spec:
            raise UsageError(f"--lang-tag wants LANG=TAG, e.g. hy=hy-AM (got {spec!r})")
        lang, tag = (part.strip() for part in spec.split("=", 1))
        lang = parse_lang(lang)
        normalize_tag(tag)  # validates the tag's shape
        out[lang] = tag
    return out
