"""Terminology QA of the memory: is every glossary concept of a source carried over?

For each unit with both languages, the glossary terms in the source are found (any
inflected form, :class:`tmkit.glossary.TermIndex`); the target must then contain one of
that concept's preferred or admitted terms in the target language. A deprecated target
term is reported even when the concept is otherwise rendered.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from tmkit.errors import NotFoundError, counted
from tmkit.glossary import TermIndex


@dataclass
class TermIssue:
    """One terminology problem in one unit."""

    unit_id: int
    concept: str
    issue: str  # missing | deprecated
    source_term: str  # the term as found in the source
    expected: list[str]  # the target's preferred and admitted terms
    found: str  # the deprecated target term, or "" when missing
    source: str
    target: str


@dataclass
class TermReport:
    """All issues of a ``tmkit qa terms`` run, with counts."""

    src: str
    tgt: str
    units: int = 0
    units_with_terms: int = 0
    checked: int = 0
    issues: list[TermIssue] = field(default_factory=list)

    def summary_dict(self) -> dict[str, Any]:
        kinds = Counter(i.issue for i in self.issues)
        return {"pair": f"{self.src}-{self.tgt}", "units": self.units, "units_with_terms": self.units_with_terms,
                "term_occurrences_checked": self.checked, "missing": kinds.get("missing", 0),
                "deprecated": kinds.get("deprecated", 0),
                "units_with_issues": len({i.unit_id for i in self.issues})}

    def summary(self) -> str:
        d = self.summary_dict()
        return (f"{d['pair']}: {counted(d['units'], 'unit')}, "
                f"{counted(d['term_occurrences_checked'], 'term occurrence')} checked in "
                f"{counted(d['units_with_terms'], 'unit')}; {d['missing']} missing, {d['deprecated']} "
                f"deprecated ({counted(d['units_with_issues'], 'unit')} to look at)")


def check_terms(
    store: Any,
    src: str,
    tgt: str,
    *,
    statuses: Iterable[str] = ("auto", "confirmed"),
    progress: Callable[[Iterable[Any], int | None, str], Iterable[Any]] | None = None,
) -> TermReport:
    """Check every ``src``-``tgt`` unit against the glossary held in ``store``."""
    index = TermIndex.from_store(store)
    if not len(index):
        raise NotFoundError("the glossary is empty; load it with `tmkit glossary import glossary/`")
    report = TermReport(src=src, tgt=tgt)
    wrap = progress or (lambda it, n, label: it)
    total = store.count_export_units(langs=[src, tgt], statuses=list(statuses))
    expected_cache: dict[str, list[str]] = {}
    for unit in wrap(store.iter_units(langs=[src, tgt], statuses=list(statuses)), total, "checking"):
        report.units += 1
        source, target = unit.variants[0].text, unit.variants[1].text
        src_hits = index.scan(source, langs=[src])
        if not src_hits:
            continue
        report.units_with_terms += 1
        seen: set[str] = set()
        for hit in src_hits:
            if hit.concept in seen:
                continue
            seen.add(hit.concept)
            report.checked += 1
            if hit.concept not in expected_cache:
                concept = index.concepts[hit.concept]
                expected_cache[hit.concept] = [t.text for t in concept.terms_in(tgt) if t.status != "deprecated"]
            expected = expected_cache[hit.concept]
            # the concept's target terms anywhere in the target, inside longer terms too
            present = index.terms_of(target, hit.concept, tgt)
            bad = [t.text for t in present if t.status == "deprecated"]
            if bad:
                report.issues.append(TermIssue(unit.id, hit.concept, "deprecated", hit.found, expected,
                                               bad[0], source, target))
            elif not present:
                report.issues.append(TermIssue(unit.id, hit.concept, "missing", hit.found, expected, "",
                                               source, target))
    return report
