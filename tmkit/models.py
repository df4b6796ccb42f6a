"""Plain records passed between importers, the store and exporters.

They carry no behaviour and no SQL, so a second store backend (PostgreSQL is planned)
returns and accepts exactly the same objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class ArticleMeta:
    """Metadata of one language version of a story."""

    lang: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None  # ISO date YYYY-MM-DD
    source_path: str | None = None


@dataclass
class NewVariant:
    """One language side of a translation unit about to be stored."""

    lang: str
    text: str
    segment_ids: list[int] = field(default_factory=list)
    tag: str | None = None  # the language tag as the source wrote it (hy-AM …)
    markup: str | None = None  # original inline XML of a TMX <seg>, if it had markup
    props: dict[str, Any] | None = None  # <prop>/<note> of a TMX <tuv>
    article_id: int | None = None


@dataclass
class NewUnit:
    """A translation unit about to be stored."""

    variants: list[NewVariant]
    origin: str = "aligned"  # aligned | tmx | manual
    status: str = "auto"  # auto | confirmed | rejected
    score: float | None = None
    align_type: str | None = None  # "1-1", "2-1", "1-1-1" … in variant order
    story_id: int | None = None
    outlet: str | None = None
    published: str | None = None  # ISO date of publication, for filtering
    tuid: str | None = None
    created_at: str | None = None
    changed_at: str | None = None
    props: dict[str, Any] | None = None  # TMX props/notes: {"prop": [[type, value]], "note": [..]}
    source_id: int | None = None


@dataclass
class Term:
    """A glossary term (one language, one spelling) of a concept."""

    lang: str
    text: str
    kind: str = "full"  # full | abbreviation | variant
    status: str = "preferred"  # preferred | admitted | deprecated
    note: str | None = None
    flags: tuple[str, ...] = ()


@dataclass
class Concept:
    """A glossary concept with its terms in several languages."""

    id: str
    domain: str | None = None
    definition: str | None = None
    usage: str | None = None
    terms: list[Term] = field(default_factory=list)
    source: str | None = None

    def terms_in(self, lang: str) -> list[Term]:
        """The concept's terms in ``lang``, in file order."""
        return [t for t in self.terms if t.lang == lang]


@dataclass
class ExportVariant:
    """A variant as exporters see it."""

    lang: str
    text: str
    tag: str | None = None
    markup: str | None = None
    props: dict[str, Any] | None = None
    url: str | None = None
    n_segments: int = 0


@dataclass
class ExportUnit:
    """A translation unit with its variants, as streamed to exporters."""

    id: int
    tuid: str | None
    origin: str
    status: str
    score: float | None
    align_type: str | None
    story: str | None
    outlet: str | None
    published: str | None
    created_at: str
    changed_at: str
    props: dict[str, Any] | None
    variants: list[ExportVariant]

    def variant(self, lang: str) -> ExportVariant | None:
        """The variant in ``lang``, or None."""
        for v in self.variants:
            if v.lang == lang:
                return v
        return None
