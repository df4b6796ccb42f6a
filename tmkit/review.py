"""Reviewing weak alignments: list them worst first, confirm, reject, or re-pair segments.

A confirmed unit is never touched by re-alignment; a rejected pairing is never
re-created; a re-paired unit (``origin = manual``) replaces the automatic units that
covered its segments.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tmkit.align import REVIEW_THRESHOLD
from tmkit.errors import UsageError
from tmkit.memory import lang_order
from tmkit.models import NewUnit, NewVariant


def weak_units(store: Any, *, threshold: float = REVIEW_THRESHOLD, langs: Sequence[str] | None = None,
               story: str | None = None, limit: int = 20) -> list[dict[str, Any]]:
    """Automatic units scoring under ``threshold``, worst first."""
    return store.units_for_review(threshold=threshold, langs=langs, story=story, limit=limit)


def set_status(store: Any, unit_ids: Sequence[int], status: str) -> int:
    """Mark units ``confirmed`` or ``rejected`` (or back to ``auto``)."""
    if status not in ("auto", "confirmed", "rejected"):
        raise UsageError(f"unknown status {status!r}")
    if not unit_ids:
        raise UsageError("give one or more unit ids (see `tmkit review`)")
    with store.transaction():
        return store.set_unit_status(list(unit_ids), status)


def repair(store: Any, segment_ids: Sequence[int]) -> int:
    """Make one confirmed unit from the given segments (two or more languages of one story,
    contiguous within each language); automatic units that used them are deleted.
    Returns the new unit's id."""
    if len(segment_ids) < 2:
        raise UsageError("give the segment ids of both sides, e.g. tmkit review pair 12 13 40")
    if len(set(segment_ids)) != len(segment_ids):
        raise UsageError("a segment id is given twice")
    with store.transaction():
        segments = store.segments_by_id(list(segment_ids))
        stories = {s["story_id"] for s in segments}
        if len(stories) > 1:
            raise UsageError("the segments belong to different stories; a unit pairs one story's languages")
        by_lang: dict[str, list[dict[str, Any]]] = {}
        for s in segments:
            by_lang.setdefault(s["lang"], []).append(s)
        if len(by_lang) < 2:
            raise UsageError("the segments are all in one language; give segments of two or more languages")
        variants = []
        for lang in sorted(by_lang, key=lang_order):
            segs = sorted(by_lang[lang], key=lambda s: s["position"])
            positions = [s["position"] for s in segs]
            if positions != list(range(positions[0], positions[0] + len(positions))):
                raise UsageError(f"the {lang} segments are not consecutive in their article")
            variants.append(NewVariant(lang=lang, text=" ".join(s["text"] for s in segs),
                                       segment_ids=[s["id"] for s in segs], article_id=segs[0]["article_id"]))
        store.delete_auto_units_using(list(segment_ids))
        first = by_lang[variants[0].lang][0]
        unit = NewUnit(variants=variants, origin="manual", status="confirmed", score=1.0,
                       align_type="-".join(str(len(v.segment_ids)) for v in variants),
                       story_id=first["story_id"], outlet=first["outlet"], published=first["published"])
        return store.add_unit(unit)
