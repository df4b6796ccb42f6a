"""tmkit.stem: the forms of one word meet at one stem, different words stay apart."""

from __future__ import annotations

import pytest

from tmkit.stem import stem, stem_name, stem_text

# Each row: forms that must share a stem (real forms from news text).
SAME = [
    # Armenian: articles, cases, plurals (-ներ and the one-syllable -եր), -ություն/-ության, -ում/-ման
    ["սահմանազատում", "սահմանազատման", "սահմանազատումը", "սահմանազատումն", "սահմանազատել", "սահմանազատված"],
    ["կազմակերպություն", "կազմակերպության", "կազմակերպությունների", "կազմակերպությանը", "կազմակերպությունից"],
    ["միություն", "միության", "միությանը", "միությանն", "միությունը", "միությամբ", "միությունից"],
    ["քայլ", "քայլեր", "քայլերը", "քայլերի", "քայլերով", "քայլերից"],
    ["դիրք", "դիրքեր", "դիրքերը", "դիրքերում"],
    ["գյուղ", "գյուղեր", "գյուղերի", "գյուղերում", "գյուղը", "գյուղում"],
    ["նախարար", "նախարարը", "նախարարի", "նախարարները", "նախարարներից"],
    ["ՀԱՊԿ", "ՀԱՊԿից", "ՀԱՊԿին", "ՀԱՊԿի"],  # tokens: the hyphen is gone (tokenize.words)
    ["ԵՄ", "ԵՄին", "ԵՄն", "ԵՄի"],
    ["ԱՄՆ", "ԱՄՆում", "ԱՄՆի"],
    ["Մոսկվա", "Մոսկվայում", "Մոսկվայից", "Մոսկվայի"],
    ["Երևան", "Երևանում", "Երևանի", "Երեւանից"],
    ["անդամակցություն", "անդամակցության", "անդամակցել", "անդամակցելու"],
    ["գալ", "գալու", "գալը"],
    # the -ի- of a final closed syllable drops before an ending
    ["պայմանագիր", "պայմանագրի", "պայմանագիրը", "պայմանագրով", "պայմանագրեր", "պայմանագրերը"],
    ["հռչակագիր", "հռչակագրի", "հռչակագրով"],
    ["նախագիծ", "նախագծի", "նախագիծը"],
    ["կառավարիչ", "կառավարչի"],
    # Russian (Snowball)
    ["делимитация", "делимитации", "делимитацию", "делимитацией"],
    ["ЕАЭС", "ЕАЭСе", "ЕАЭСа"],
    ["граница", "границы", "границе", "границу", "границей"],
    ["ёлка", "елке"],
    # English: plurals, possessives, British/American spelling
    ["organisation", "organization", "organisations", "organization's"],
    ["defence", "defense"],
    ["enclave", "enclaves"],
    ["CSTO", "CSTO's"],
]

# Pairs that must stay apart.
APART = [
    ("միություն", "մի"),
    ("սեր", "սահման"),
    ("Armenia", "Azerbaijan"),
    ("граница", "гражданин"),
]


@pytest.mark.parametrize("forms", SAME, ids=[f[0] for f in SAME])
def test_forms_share_a_stem(forms: list[str]) -> None:
    assert len({stem(f) for f in forms}) == 1, {f: stem(f) for f in forms}


@pytest.mark.parametrize("a, b", APART)
def test_different_words_stay_apart(a: str, b: str) -> None:
    assert stem(a) != stem(b)


@pytest.mark.parametrize("word, expected", [
    ("սահմանազատման", "սահմանազատ"),
    ("կազմակերպություններից", "կազմակերպ"),
    ("միությանն", "միությ"),
    ("քայլերը", "քայլ"),
    ("պայմանագրերի", "պայմանագր"),
    ("Փաշինյանի", "փաշինյա"),  # the final -ն goes as if an article, in every form
    ("делимитации", "делимитац"),
    ("organisations", "organiz"),
])
def test_stem(word: str, expected: str) -> None:
    assert stem(word) == expected


@pytest.mark.parametrize("word, expected", [
    ("Իսրայել", "իսրայել"),  # a name keeps its -ել: it is not a verb
    ("Իսրայելի", "իսրայել"),
    ("Փաշինյանը", "փաշինյա"),
    ("Մադրիդի", "մադրիդ"),  # names keep the -ի- that nouns drop
])
def test_stem_name(word: str, expected: str) -> None:
    assert stem_name(word) == expected


@pytest.mark.parametrize("word, expected", [
    ("organisations", "organization"),  # in running text English loses only its plural
    ("CSTO's", "csto"),
    ("делимитации", "делимитац"),
])
def test_stem_text(word: str, expected: str) -> None:
    assert stem_text(word) == expected
