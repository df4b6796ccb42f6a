"""tmkit.langs: language tags in every spelling CAT tools write, and the script check."""

from __future__ import annotations

import pytest

from tmkit.errors import LanguageMismatchError, UsageError
from tmkit.langs import check_script, normalize_tag, parse_lang, parse_langs, script_counts


@pytest.mark.parametrize("tag, code", [
    ("hy", "hy"), ("hy-AM", "hy"), ("HY-am", "hy"), ("hy_AM", "hy"), ("HY", "hy"), ("arm", "hy"), ("hye", "hy"),
    ("hy-Armn-AM", "hy"), ("ru-RU", "ru"), ("RU_ru", "ru"), ("rus", "ru"), ("en-GB", "en"), ("en-US", "en"),
    ("eng", "en"), ("English", "en"), ("de-DE", "de"), ("ger", "de"), ("ka-GE", "ka"), (" hy-AM ", "hy"),
])
def test_normalize_tag(tag: str, code: str) -> None:
    assert normalize_tag(tag) == code


@pytest.mark.parametrize("tag, lang_map, code", [
    ("Armenian-Eastern", {"armenian-eastern": "hy"}, "hy"),
    ("x_hy_east", {"X-HY-EAST": "hy"}, "hy"),  # case and _/- insensitive
    ("hy-AM", {"ru-RU": "ru"}, "hy"),  # a map that does not apply leaves the tag alone
])
def test_normalize_tag_with_map(tag: str, lang_map, code: str) -> None:
    assert normalize_tag(tag, lang_map) == code


@pytest.mark.parametrize("tag", ["", "  ", "*all*", "h", "hy AM", "hy--AM", "12", "hy-AM-", "русский"])
def test_not_a_tag(tag: str) -> None:
    with pytest.raises(UsageError, match="not a language tag"):
        normalize_tag(tag)


@pytest.mark.parametrize("code, lang", [("hy", "hy"), ("HY-am", "hy"), ("arm", "hy"), ("ru_RU", "ru"), ("en-GB", "en")])
def test_parse_lang(code: str, lang: str) -> None:
    assert parse_lang(code) == lang


@pytest.mark.parametrize("code", ["de", "fr-FR", "xx", "", "*all*"])
def test_parse_lang_refuses_other_languages(code: str) -> None:
    with pytest.raises(UsageError, match="unknown language .*tmkit supports en, ru, hy"):
        parse_lang(code)


def test_parse_langs() -> None:
    assert parse_langs("en,ru,hy") == ["en", "ru", "hy"]
    assert parse_langs("hy-AM, en-US") == ["hy", "en"]
    with pytest.raises(UsageError, match="at least two"):
        parse_langs("en")
    with pytest.raises(UsageError, match="listed twice"):
        parse_langs("en,en-GB")


def test_script_counts() -> None:
    assert script_counts("Пашинян (Pashinyan) Փաշինյան 2024!") == {"Armn": 8, "Cyrl": 7, "Latn": 9, "other": 0}


@pytest.mark.parametrize("text, lang", [
    ("Премьер-министр Армении Никол Пашинян заявил о заморозке участия в ОДКБ (CSTO).", "ru"),
    ("Հայաստանի վարչապետ Նիկոլ Փաշինյանը հայտարարել է ՀԱՊԿ-ին մասնակցության սառեցման մասին (CSTO):", "hy"),
    ("Armenia's prime minister Nikol Pashinyan said «Армения не вернётся».", "en"),
    ("ОДКБ", "en"),  # too few letters to judge
])
def test_check_script_accepts(text: str, lang: str) -> None:
    check_script(text, lang)


@pytest.mark.parametrize("text, lang, guess", [
    ("Премьер-министр Армении Никол Пашинян заявил о заморозке участия в ОДКБ.", "hy", "Russian"),
    ("Հայաստանի վարչապետ Նիկոլ Փաշինյանը հայտարարել է մասնակցության սառեցման մասին։", "ru", "Armenian"),
    ("Armenia's prime minister Nikol Pashinyan said the country froze its participation.", "ru", "English"),
])
def test_check_script_refuses_a_mislabelled_text(text: str, lang: str, guess: str) -> None:
    with pytest.raises(LanguageMismatchError, match=f"is it {guess}\\? Rename the file or pass --lang"):
        check_script(text, lang)
