"""Concordance and fuzzy matching (tmkit.search) and the FTS index kept in step (store)."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from conftest import ROOT
from tmkit.cli import cli
from tmkit.errors import UsageError
from tmkit.importers.articles import import_paths
from tmkit.memory import align_stories
from tmkit.models import NewUnit, NewVariant
from tmkit.search import Matcher, concordance, format_diff, fts_query, percent


@pytest.fixture(scope="module")
def memory(tmp_path_factory):
    from tmkit.store import open_store

    folder = tmp_path_factory.mktemp("mem")
    store = open_store(folder / "m.db")
    import_paths(store, [shutil.copytree(ROOT / "corpora", folder / "corpora")])
    align_stories(store)
    yield store
    store.close()


@pytest.mark.parametrize("query, forms, expected", [
    ("делимитация", False, '"делимитация"'),
    ("Делимитация границы", False, '"делимитация" AND "границы"'),
    ('"zone of responsibility"', False, '"zone of responsibility"'),
    ("CSTO OR ОДКБ", False, '"csto" OR "одкб"'),
    ("CSTO NOT Russia", False, '"csto" NOT "russia"'),
    ("(CSTO OR EAEU) Armenia", False, '( "csto" OR "eaeu" ) AND "armenia"'),
    ("делимит*", False, '"делимит" *'),
    ("делимитации", True, '"делимитац" *'),
    ("ՀԱՊԿ-ից", False, '"հապկ ից"'),
    ("Ի՞նչ", False, '"ինչ"'),
    ("Ёлка NEAR", False, '"елка" AND "near"'),
])
def test_query_parser(query: str, forms: bool, expected: str) -> None:
    assert fts_query(query, forms=forms).fts == expected


@pytest.mark.parametrize("query, message", [
    ("", "give something to search for"),
    ("   ", "give something to search for"),
    ("!!! ...", "has no words to search for"),
    ("OR Armenia", "OR needs a word before it"),
    ("Armenia AND", "AND needs a word after it"),
    ("(Armenia", "unbalanced parentheses"),
    ("Armenia)", "unbalanced parentheses"),
])
def test_query_errors(query: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        fts_query(query)


def test_concordance_phrase_with_translations(memory) -> None:
    hits = concordance(memory, '"zone of responsibility"')
    assert len(hits) == 2
    first = hits[-1]
    assert first.lang == "en" and first.story == "pashinyan-putin-csto"
    assert first.text[first.spans[0][0]:first.spans[-1][1]] == "zone of responsibility"
    assert set(first.translations) == {"ru", "hy"}
    assert "зону ответственности" in first.translations["ru"]


def test_concordance_forms_and_armenian(memory) -> None:
    exact = concordance(memory, "делимитация", lang="ru")
    forms = concordance(memory, "делимитация", lang="ru", forms=True)
    assert len(forms) > len(exact) >= 1
    assert all(h.lang == "ru" for h in forms)
    hy = concordance(memory, "սահմանազատում", forms=True, lang="hy")
    assert len(hy) >= 3
    assert any("սահմանազատման" in h.text for h in hy)


def test_concordance_filters(memory) -> None:
    assert concordance(memory, "CSTO", story="tavush-border-delimitation") == []
    assert len(concordance(memory, "CSTO", limit=3)) == 3
    assert concordance(memory, "CSTO", since="2030-01-01") == []


def test_percent_and_diff() -> None:
    a = "armenia did not seek help from russia .".split()
    b = "armenia did not seek assistance from russia .".split()
    assert percent(a, b) == 87.5
    assert percent(a, a) == 100.0
    assert format_diff([("=", "a"), ("-", "b"), ("+", "c")]) == "a [-b-] {+c+}"


def test_fuzzy_match(memory) -> None:
    m = Matcher(memory, "en", "hy")
    [best] = m.match("Putin expressed hope that “Armenia will return to full-scale work within the organisation.”",
                     limit=1)
    assert best.percent == 94
    assert best.source == "Putin expressed hope that “Armenia will return to full-scale work within the organization.”"
    assert best.target.startswith("Պուտինը հույս է հայտնել")
    assert ("-", "organisation") in best.diff and ("+", "organization") in best.diff
    exact = m.match("The CSTO is designed to protect member states from external aggression.")
    assert exact[0].percent == 100
    assert Matcher(memory, "hy", "ru").match("Ռուսաստանը չմեկնաբանեց։", min_percent=90) == []


def test_101_percent_needs_the_same_previous_segment(memory) -> None:
    sentence = "We’ll see.”"
    prev = "If that’s the case, there is a possibility that Armenia will return to full-scale work within this organization."
    m = Matcher(memory, "en", "ru")
    assert m.match(sentence, previous=prev)[0].percent == 101
    assert m.match(sentence, previous="Something else.")[0].percent == 100


@pytest.mark.parametrize("small_window", [0, 2000])
def test_fuzzy_filter_never_misses_a_match(tmp_path: Path, monkeypatch, small_window: int) -> None:
    """Against an exhaustive scan on a random memory: the same best percentage every time,
    through the segment filter (small_window=0) and through the length-window scan."""
    import tmkit.search
    import tmkit.store.sqlite

    monkeypatch.setattr(tmkit.search, "_SMALL_WINDOW", small_window)
    monkeypatch.setattr(tmkit.store.sqlite, "COMMON_TERM", 40)  # make common words at this small scale
    from tmkit.normalize import match_key
    from tmkit.store import open_store
    from tmkit.tokenize import match_tokens

    rng = random.Random(7)
    words = [f"w{i}" for i in range(300)]
    sents = [" ".join(rng.choice(words[: rng.randint(20, 300)]) for _ in range(rng.randint(3, 25))) for _ in range(600)]
    with open_store(tmp_path / "f.db") as store:
        with store.transaction():
            store.add_units(NewUnit(origin="tmx", variants=[NewVariant("en", s), NewVariant("hy", "բ")]) for s in sents)
        store.refresh_term_stats()
        m = Matcher(store, "en", "hy")
        for k in range(60):
            toks = rng.choice(sents).split()
            for _ in range(rng.randint(0, 4)):
                toks[rng.randrange(len(toks))] = rng.choice(words)
            query = " ".join(toks)
            q = match_tokens(match_key(query))
            best = max(percent(q, match_tokens(match_key(s))) for s in sents)
            for threshold in (50, 70, 90):
                found = m.match(query, min_percent=threshold, limit=1)
                if best >= threshold:
                    assert found and found[0].percent in (int(best), 100, 101), (query, best)
                else:
                    assert found == []


def test_fts_index_stays_in_step(tmp_path: Path) -> None:
    from tmkit.store import open_store

    with open_store(tmp_path / "i.db") as store:
        import_paths(store, [shutil.copytree(ROOT / "tests" / "data" / "mini-story", tmp_path / "s")])
        align_stories(store)
        assert store.check_search_index() == []
        assert len(concordance(store, "Kremlin")) == 1
        align_stories(store)  # replaces every unit: the index follows the deletes
        assert store.check_search_index() == []
        assert len(concordance(store, "Kremlin")) == 1
        (tmp_path / "s" / "en.txt").write_text("A new headline\n\nNothing about the Kremlin here at all.\n")
        import_paths(store, [tmp_path / "s"])  # the replaced article's units are deleted
        assert store.check_search_index() == []
        assert concordance(store, '"declined to comment"') == []


def test_search_and_match_cli(runner, memory) -> None:
    db = memory.path
    result = runner.invoke(cli, ["--db", db, "search", "Astana", "--json"])
    assert result.exit_code == 0
    import json

    hits = json.loads(result.stdout)
    assert hits and all("Astana" in h["text"] for h in hits)
    result = runner.invoke(cli, ["--db", db, "search", "OR"])
    assert result.exit_code == 2 and "OR needs a word before it" in result.stderr
    result = runner.invoke(cli, ["--db", db, "match", "The CSTO is designed to protect member states.",
                                 "--src", "en", "--tgt", "ru", "--min", "50"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].startswith(" 75%  [")
    result = runner.invoke(cli, ["--db", db, "match", "Zzz qqq.", "--src", "en", "--tgt", "ru"])
    assert (result.exit_code, result.stderr) == (0, "no match of 70% or more\n")
    result = runner.invoke(cli, ["--db", db, "match", "...", "--src", "en", "--tgt", "ru"])
    assert result.exit_code == 0
