"""tmkit.qa: is every glossary concept of a source rendered with an allowed target term?"""

from __future__ import annotations

import json

import pytest

from conftest import ROOT
from tmkit.cli import cli
from tmkit.errors import NotFoundError
from tmkit.glossary import load
from tmkit.models import NewUnit, NewVariant
from tmkit.qa import check_terms

# (en, ru, hy) units with what the check must say about each pair
UNITS = [
    # rendered in every language, in inflected forms
    ("Armenia froze its participation in the CSTO.", "Армения заморозила участие в ОДКБ.",
     "Հայաստանը սառեցրել է իր մասնակցությունը ՀԱՊԿ-ում։"),
    # the Russian drops the concept; the Armenian uses an abbreviation with its ending
    ("The EU and the EAEU cannot both be joined.", "Нельзя вступить в оба союза.",
     "Չի կարելի միաժամանակ լինել ԵՄ-ի և ԵԱՏՄ-ի անդամ։"),
    # a deprecated Russian name
    ("Yerevan said no.", "Эривань ответила отказом.", "Երևանը մերժեց։"),
    # no glossary term at all
    ("It rained all day.", "Весь день шёл дождь.", "Ամբողջ օրը անձրև էր։"),
    # the dropped -ի- of the Armenian genitive (պայմանագիր → պայմանագրի)
    ("The text of the peace treaty was agreed.", "Текст мирного договора согласован.",
     "Խաղաղության պայմանագրի տեքստը համաձայնեցվել է։"),
]


@pytest.fixture(scope="module")
def qstore(tmp_path_factory):
    from tmkit.store import open_store

    store = open_store(tmp_path_factory.mktemp("qa") / "q.db")
    load(store, ROOT / "glossary")
    with store.transaction():
        store.add_units([NewUnit(origin="manual", variants=[NewVariant(lang, text) for lang, text
                                                            in zip(("en", "ru", "hy"), texts)]) for texts in UNITS])
    yield store
    store.close()


def issues(report) -> list[tuple[int, str, str, str, str]]:
    return [(i.unit_id, i.concept, i.issue, i.source_term, i.found) for i in report.issues]


def test_en_ru(qstore) -> None:
    report = check_terms(qstore, "en", "ru")
    assert issues(report) == [
        (2, "eu", "missing", "EU", ""),
        (2, "eaeu", "missing", "EAEU", ""),
        (3, "yerevan", "deprecated", "Yerevan", "Эривань"),
    ]
    assert report.issues[0].expected == ["Европейский союз", "Евросоюз", "ЕС"]
    assert (report.units, report.units_with_terms) == (5, 4)
    assert report.summary() == ("en-ru: 5 units, 6 term occurrences checked in 4 units; 2 missing, "
                                "1 deprecated (2 units to look at)")


def test_en_hy_inflected_forms_pass(qstore) -> None:
    report = check_terms(qstore, "en", "hy")
    assert issues(report) == []
    assert report.summary() == ("en-hy: 5 units, 6 term occurrences checked in 4 units; 0 missing, "
                                "0 deprecated (0 units to look at)")


def test_ru_hy_one_unit(qstore) -> None:
    report = check_terms(qstore, "ru", "hy")
    assert report.summary_dict()["units_with_issues"] == 0
    assert report.checked == 4


def test_statuses_filter(qstore) -> None:
    assert check_terms(qstore, "en", "ru", statuses=["confirmed"]).units == 0


def test_empty_glossary(store) -> None:
    with pytest.raises(NotFoundError, match="the glossary is empty"):
        check_terms(store, "en", "ru")


def test_cli(qstore, runner) -> None:
    result = runner.invoke(cli, ["--db", qstore.path, "qa", "terms", "--src", "en", "--tgt", "ru"])
    assert result.exit_code == 0  # findings, not errors
    assert result.stdout.splitlines() == [
        "unit\tconcept\tissue\tsource term\texpected\tfound",
        "2\teu\tmissing\tEU\tЕвропейский союз | Евросоюз | ЕС\t",
        "2\teaeu\tmissing\tEAEU\tЕвразийский экономический союз | ЕАЭС\t",
        "3\tyerevan\tdeprecated\tYerevan\tЕреван | ереванский\tЭривань",
    ]
    assert result.stderr.endswith("(2 units to look at)\n")
    data = json.loads(runner.invoke(cli, ["--db", qstore.path, "qa", "terms", "--src", "en", "--tgt", "hy",
                                          "--json"]).stdout)
    assert data["summary"]["missing"] == 0 and data["issues"] == []


def test_summary_counts_in_the_singular() -> None:
    from tmkit.qa import TermIssue, TermReport

    report = TermReport(src="en", tgt="hy", units=1, units_with_terms=1, checked=1,
                        issues=[TermIssue(1, "csto", "missing", "CSTO", ["ՀԱՊԿ"], "", "CSTO", "—")])
    assert report.summary() == ("en-hy: 1 unit, 1 term occurrence checked in 1 unit; 1 missing, 0 deprecated "
                                "(1 unit to look at)")
