"""tmkit.normalize: stored text looks like the input; the match key folds what differs only in style."""

from __future__ import annotations

import pytest

from tmkit.normalize import clean, clean_segment, match_key, norm_hash


@pytest.mark.parametrize("a, b", [
    ("Նա ասաց:", "Նա ասաց։"),  # the ASCII colon web text uses for the Armenian full stop
    ("Սա և այն", "Սա եւ այն"),  # և / եւ orthographies
    ("Ի՞նչ է սա", "Ինչ է սա"),  # in-word marks
    ("Այո՛", "Այո"),
    ("«Да», — сказал он", '"да", - сказал он'),  # quotes and dashes
    ("Всё решено", "все решено"),  # ё / е and case
    ("Pashinyan’s visit", "pashinyan's visit"),
    ("2024 թ․", "2024 թ."),  # the Armenian one-dot leader
    ("Он ушёл…", "он ушел..."),
    ("ОДКБ\u200b и\u00a0ЕАЭС", "одкб и еаэс"),  # zero-width and no-break spaces
    ("ﬁnal", "final"),  # compatibility ligature (NFKC)
    ("Премьер-министр", "Премьер‑министр"),  # non-breaking hyphen
])
def test_match_key_folds(a: str, b: str) -> None:
    assert match_key(a) == match_key(b)
    assert norm_hash(match_key(a)) == norm_hash(match_key(b))


@pytest.mark.parametrize("a, b", [
    ("Армения вошла в ОДКБ.", "Армения вышла из ОДКБ."),
    ("2 000", "2000"),  # digit grouping is kept: it may be two numbers
    ("Նա ասաց.", "Նա ասաց։"),  # an Armenian "." is a mid-sentence stop, not a full stop
])
def test_match_key_keeps_apart(a: str, b: str) -> None:
    assert match_key(a) != match_key(b)


def test_norm_hash_is_stable() -> None:
    # stored in every database: it must never change between versions
    assert norm_hash("армения вышла из одкб.") == -8271353798531632170
    assert norm_hash("") == -5426141060434712860


@pytest.mark.parametrize("text, expected", [
    ("  Ի՞նչ   է\u00a0սա ։  ", "Ի՞նչ է սա ։"),
    ("line one \r\nline   two\r", "line one\nline two"),
    ("Е\u0308лка", "Ёлка"),  # decomposed to NFC
])
def test_clean(text: str, expected: str) -> None:
    assert clean(text) == expected


def test_clean_segment_joins_lines() -> None:
    assert clean_segment("Пашинян\nзаявил,\u2009что ") == "Пашинян заявил, что"
