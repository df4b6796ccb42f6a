"""Importing articles and story folders (tmkit.importers.articles, tmkit.textio)."""

from __future__ import annotations

import codecs
import shutil
from pathlib import Path

import pytest

from conftest import DATA, write_story
from tmkit.errors import EncodingError, InputError, LanguageMismatchError, UsageError
from tmkit.importers.articles import import_paths, lang_from_name, normalize_date, parse_article

MINI = DATA / "mini-story"


@pytest.mark.parametrize("name, expected", [
    ("en.txt", ("en", "")),
    ("hy.html", ("hy", "")),
    ("ru.md", ("ru", "")),
    ("csto.hy.txt", ("hy", "csto")),
    ("csto-summit_ru.md", ("ru", "csto-summit")),
    ("article.hy-AM.html", ("hy", "article")),
    ("report.arm.txt", ("hy", "report")),
    ("notes.txt", (None, "notes")),
    ("enclave.txt", (None, "enclave")),
])
def test_lang_from_name(name: str, expected: tuple) -> None:
    assert lang_from_name(Path(name)) == expected


@pytest.mark.parametrize("value, expected", [
    ("2024-11-29", "2024-11-29"),
    ("2024-11-29T10:00:00+04:00", "2024-11-29"),
    ("29.11.2024", "2024-11-29"),
    ("5/4/2024", "2024-04-05"),
    ("20241129T100000Z", "2024-11-29"),
    ("yesterday", None),
    ("", None),
])
def test_normalize_date(value: str, expected: str | None) -> None:
    assert normalize_date(value) == expected


def test_story_folder_imports_with_metadata(store, tmp_path: Path) -> None:
    folder = shutil.copytree(MINI, tmp_path / "freeze-story")
    report = import_paths(store, [folder])
    assert report.summary() == ("1 stories; articles: 3 added, 0 unchanged, 0 replaced; "
                                "segments: 15 added, 0 unchanged, 0 replaced")
    [story] = store.stories()
    assert (story["slug"], story["title"], story["langs"]) == (
        "freeze-story", "Armenia freezes its participation in the CSTO", "en,hy,ru")
    en = store.article(story["id"], "en")
    assert (en["title"], en["outlet"], en["url"], en["published"], en["n_paragraphs"]) == (
        "Armenia freezes its participation in the CSTO", "tmkit tests", "https://example.org/en/freeze",
        "2024-02-23", 3)
    hy = store.segments(store.article(story["id"], "hy")["id"])
    assert [s["text"] for s in hy] == [
        "Հայաստանը սառեցնում է մասնակցությունը ՀԱՊԿ-ին",
        "Վարչապետ Նիկոլ Փաշինյանը ուրբաթ օրը հայտարարեց, որ Հայաստանը սառեցրել է իր մասնակցությունը ՀԱՊԿ-ին։",
        "Նա հավելեց, որ որոշումը վերջնական չէ։",
        "«Մենք չենք մասնակցում դաշինքի նիստերին»,- Երևանում լրագրողներին ասաց նա։",
        "Կրեմլը հրաժարվեց մեկնաբանել։",
    ]
    assert [s["paragraph"] for s in hy] == [0, 1, 1, 2, 2]


def test_reimport_is_idempotent_and_changed_file_replaces(store, tmp_path: Path) -> None:
    folder = shutil.copytree(MINI, tmp_path / "s")
    import_paths(store, [folder])
    again = import_paths(store, [folder])
    assert again.articles == {"added": 0, "unchanged": 3, "replaced": 0}
    # Same text with other line endings and trailing spaces is the same article.
    (folder / "en.txt").write_bytes((folder / "en.txt").read_bytes().replace(b"\n", b"  \r\n"))
    assert import_paths(store, [folder]).articles["unchanged"] == 3
    (folder / "ru.txt").write_text("Новый заголовок\n\nОдно предложение. И второе.\n", encoding="utf-8")
    report = import_paths(store, [folder])
    assert report.articles == {"added": 0, "unchanged": 2, "replaced": 1}
    assert report.segments == {"added": 0, "unchanged": 10, "replaced": 3}
    assert store.conn.execute("SELECT count(*) FROM segments").fetchone()[0] == 13


def test_loose_files_group_into_stories(store, tmp_path: Path) -> None:
    (tmp_path / "csto.en.txt").write_text("Armenia and the CSTO.\n", encoding="utf-8")
    (tmp_path / "csto.hy.txt").write_text("Հայաստանը և ՀԱՊԿ-ն։\n", encoding="utf-8")
    (tmp_path / "eaeu.ru.md").write_text("# ЕАЭС\n\nАрмения остается в ЕАЭС.\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("no language in the name\n", encoding="utf-8")
    report = import_paths(store, [tmp_path])
    assert sorted(report.stories) == ["csto", "eaeu"]
    assert report.skipped == [f"{tmp_path / 'notes.txt'}: skipped, no language in its name (en.txt, ru.txt, hy.txt …)"]


def test_markdown_markup_is_removed(tmp_path: Path) -> None:
    p = tmp_path / "news.en.md"
    p.write_text("# Border talks\n\nThe commissions met in **Tavush** and\nagreed on "
                 "[four villages](https://example.org).\n\n- First item\n- Second item\n", encoding="utf-8")
    art = parse_article(p)
    assert art.paragraphs == [["Border talks"], ["The commissions met in Tavush and agreed on four villages."],
                              ["First item"], ["Second item"]]
    assert art.meta.title == "Border talks"


def test_html_article(tmp_path: Path) -> None:
    p = tmp_path / "page.ru.html"
    p.write_text(
        "<html lang='ru'><head><title>Сайт</title><meta property='og:title' content='Пашинян об ОДКБ'>"
        "<meta property='og:site_name' content='Новости'><link rel='canonical' href='https://example.org/a'>"
        "<meta property='article:published_time' content='2024-11-29T12:00:00+03:00'></head><body>"
        "<nav>Главная | Политика</nav><article><h1>Пашинян об ОДКБ</h1>"
        "<p>Премьер-министр Армении заявил, что страна не вернется в ОДКБ. Кремль промолчал.</p>"
        "<aside>Читайте также</aside><p>В. В. Путин выразил надежду на возвращение Армении.</p>"
        "<script>track()</script></article><footer>© 2024</footer></body></html>",
        encoding="utf-8")
    art = parse_article(p)
    assert art.paragraphs == [
        ["Пашинян об ОДКБ"],
        ["Премьер-министр Армении заявил, что страна не вернется в ОДКБ.", "Кремль промолчал."],
        ["В. В. Путин выразил надежду на возвращение Армении."],
    ]
    assert (art.meta.title, art.meta.outlet, art.meta.url, art.meta.published) == (
        "Пашинян об ОДКБ", "Новости", "https://example.org/a", "2024-11-29")


@pytest.mark.parametrize("bom, encoding", [
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
])
def test_bom_decides_the_encoding(tmp_path: Path, bom: bytes, encoding: str) -> None:
    p = tmp_path / "a.hy.txt"
    p.write_bytes(bom + "Հայաստանը դուրս է գալիս։ Ռուսաստանը լռում է։\n".encode(encoding))
    assert parse_article(p).paragraphs == [["Հայաստանը դուրս է գալիս։", "Ռուսաստանը լռում է։"]]


def test_utf16_without_bom_is_detected(tmp_path: Path) -> None:
    p = tmp_path / "a.ru.txt"
    p.write_bytes("Армения не вернется в ОДКБ. Так заявил премьер.\n".encode("utf-16-le"))
    assert parse_article(p).paragraphs == [["Армения не вернется в ОДКБ.", "Так заявил премьер."]]


def test_cp1251_needs_encoding_option(tmp_path: Path) -> None:
    p = tmp_path / "old.ru.txt"
    p.write_bytes("Армения приостановила участие в ОДКБ.\n".encode("cp1251"))
    with pytest.raises(EncodingError, match=r"not valid UTF-8 \(line 1, byte 0\)\. It looks like Windows-1251 "
                                            r"\(Cyrillic\): give its encoding with --encoding, e.g. --encoding cp1251"):
        parse_article(p)
    assert parse_article(p, encoding="cp1251").paragraphs == [["Армения приостановила участие в ОДКБ."]]


@pytest.mark.parametrize("content, message", [
    (b"", "the file is empty"),
    (b"  \n\n \t\n", "the file is empty"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3 binary", "this is a PDF document, not a text file"),
    (b"PK\x03\x04\x14\x00\x00\x00", "this is a ZIP archive"),
    (b"text\x00with\x00nul\x01\x02\xff", "binary file"),
])
def test_bad_files(tmp_path: Path, content: bytes, message: str) -> None:
    p = tmp_path / "bad.en.txt"
    p.write_bytes(content)
    with pytest.raises(InputError, match=message):
        parse_article(p)


def test_mislabelled_language_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "article.hy.txt"
    p.write_text("Премьер-министр Армении Никол Пашинян ответил Путину по поводу ОДКБ.\n", encoding="utf-8")
    with pytest.raises(LanguageMismatchError, match=r"labelled Armenian \(hy\) but 100% of its letters are "
                                                     r"Cyrillic, only 0% Armenian; is it Russian\? "
                                                     r"Rename the file or pass --lang ru"):
        parse_article(p)


def test_unknown_language_and_unnamed_file(tmp_path: Path) -> None:
    p = tmp_path / "article.txt"
    p.write_text("Some text here.\n", encoding="utf-8")
    with pytest.raises(UsageError, match="cannot tell the language from the file name"):
        parse_article(p)
    with pytest.raises(UsageError, match="unknown language 'de'"):
        parse_article(p, lang="de")


def test_failure_in_one_file_imports_nothing(store, tmp_path: Path) -> None:
    folder = shutil.copytree(MINI, tmp_path / "s")
    (folder / "ru.txt").write_bytes("Армения.\n".encode("cp1251"))
    with pytest.raises(EncodingError):
        import_paths(store, [folder])
    assert store.stories() == []
    assert store.conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 0


def test_symlink_outside_the_corpus_is_skipped(store, tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("top secret local content\n", encoding="utf-8")
    folder = write_story(tmp_path / "corpus" / "s", {"en": "A sentence here.\n"})
    (folder / "hy.txt").symlink_to(outside)
    (tmp_path / "corpus" / "loop").symlink_to(tmp_path / "corpus")
    report = import_paths(store, [tmp_path / "corpus"])
    assert report.articles["added"] == 1
    assert sorted(report.skipped) == [
        f"{tmp_path / 'corpus' / 'loop'}: skipped, a linked folder",
        f"{folder / 'hy.txt'}: skipped, a link to outside {(tmp_path / 'corpus').resolve()}",
    ]
    assert "secret" not in "".join(r[0] for r in store.conn.execute("SELECT text FROM segments"))


def test_missing_folder_and_empty_folder(store, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or folder"):
        import_paths(store, [tmp_path / "missing"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no articles found"):
        import_paths(store, [tmp_path / "empty"])


def test_html_without_optional_end_tags_is_complete(tmp_path: Path) -> None:
    """HTML lets a page leave out </body> and </html>: such a page is not 'cut off'."""
    from tmkit.importers.html import extract

    page = ("<!DOCTYPE html><html lang=en><head><title>Border talks</title></head><body><article>"
            "<p>The commissions on delimitation met in Yerevan on Monday.</p>"
            "<p>They agreed to meet again next month.</p></article>\n")
    assert extract(page).paragraphs == ["The commissions on delimitation met in Yerevan on Monday.",
                                        "They agreed to meet again next month."]
