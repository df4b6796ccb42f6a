"""The shipped glossary/ folder: complete, consistent, and still holding the seed's terms."""

from __future__ import annotations

import pytest

from conftest import ROOT
from tmkit.glossary import GLOSSARY_LANGS, check, exact_key, read_folder

GLOSSARY = ROOT / "glossary"
DOMAINS = {"organisations", "borders", "security", "diplomacy", "conflict", "governance", "economy", "places",
           "people"}

# The starter list: concepts of the seed article that must never disappear.
SEED_CONCEPTS = [
    "csto", "eaeu", "cis", "delimitation", "sovereign-territory", "zone-of-responsibility", "veto", "summit",
    "nagorno-karabakh", "point-of-no-return", "allied-obligation", "strategic-ally", "military-bloc",
    "incursion", "enclave", "external-aggression", "member-state", "freezing-of-participation", "final-document",
    "red-line", "retaliatory-measure", "national-security-concept", "karabakh-war-2020", "prime-minister",
    "border-crossing", "opposition", "pashinyan-nikol", "putin-vladimir", "astana", "aleppo", "natural-gas",
    "electricity", "wheat", "yerevan",
]


@pytest.fixture(scope="module")
def concepts():
    return read_folder(GLOSSARY)


def test_size_and_domains(concepts) -> None:
    assert len(concepts) >= 150
    assert {c.domain for c in concepts} == DOMAINS
    assert sum(len(c.terms) for c in concepts) >= 6 * 150


def test_no_problems(concepts) -> None:
    assert check(concepts) == []


def test_every_concept_has_three_languages_and_a_definition(concepts) -> None:
    for c in concepts:
        assert c.definition, c.id
        for lang in GLOSSARY_LANGS:
            assert any(t.status == "preferred" for t in c.terms_in(lang)), (c.id, lang)


def test_ids_are_unique(concepts) -> None:
    ids = [c.id for c in concepts]
    assert len(ids) == len(set(ids))


def test_a_term_belongs_to_one_concept_unless_homonym(concepts) -> None:
    owners: dict[tuple[str, str], set[str]] = {}
    flagged: dict[tuple[str, str], bool] = {}
    for c in concepts:
        for t in c.terms:
            key = (t.lang, exact_key(t.text))
            owners.setdefault(key, set()).add(c.id)
            flagged[key] = flagged.get(key, True) and "homonym" in t.flags
    clashes = {k: v for k, v in owners.items() if len(v) > 1 and not flagged[k]}
    assert clashes == {}


def test_seed_terms_are_still_there(concepts) -> None:
    ids = {c.id for c in concepts}
    assert [c for c in SEED_CONCEPTS if c not in ids] == []


def test_deprecated_terms_say_why_and_loaded_wording_has_usage_notes(concepts) -> None:
    deprecated = [t for c in concepts for t in c.terms if t.status == "deprecated"]
    assert deprecated and all(t.note for t in deprecated)
    by_id = {c.id: c for c in concepts}
    for cid in ("nagorno-karabakh", "zangezur-corridor", "freezing-of-participation"):
        assert by_id[cid].usage, cid


def test_abbreviations_in_all_three_languages(concepts) -> None:
    by_id = {c.id: c for c in concepts}
    expected = {"csto": ("CSTO", "ОДКБ", "ՀԱՊԿ"), "eaeu": ("EAEU", "ЕАЭС", "ԵԱՏՄ"), "cis": ("CIS", "СНГ", "ԱՊՀ"),
                "osce": ("OSCE", "ОБСЕ", "ԵԱՀԿ")}
    for cid, abbrs in expected.items():
        found = [next(t.text for t in by_id[cid].terms_in(lang) if t.kind == "abbreviation")
                 for lang in ("en", "ru", "hy")]
        assert tuple(found) == abbrs
