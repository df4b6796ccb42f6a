"""Hostile and broken files: nothing lost, nothing let in (issue 7).

Every file of ``tests/data/bad/`` (made by ``tests/data/make_bad.py``), and files that can
only be made here (pointing at a secret file or a live HTTP server of this test run; the
100 MB single line; zip, gzip, comment and attribute bombs; folders, FIFOs and symbolic
link loops; a database from a newer tmkit), goes through the real command line in a
subprocess, against a database that already holds a story, aligned units, TMX units and a
glossary. The table says what a mature tool does with each, and every case checks:

- the exit code; no traceback; standard error exactly as in the table (one line
  ``tmkit: error: …`` for a refused file; warnings and a summary where the right thing
  is to skip a part and import the rest; a summary where the file is fine);
- for a refused file, the database unchanged: its bytes, and every row of every table,
  the full-text index included;
- nothing local let in: no line of /etc/passwd and no secret string of the files the
  hostile files point at appears in standard output, standard error, or any value of
  any table of the database; and no request reaches the HTTP server;
- bounded memory: the peak resident size of the child (``wait4``) stays under
  ``MAX_RSS_MB`` for entity bombs, archive bombs, parser bombs and the 100 MB line.
"""

from __future__ import annotations

import http.server
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import DATA

BAD = DATA / "bad"
MINI = DATA / "mini-story"
MAX_RSS_MB = 200
TIMEOUT = 120
SECRET = "tmkitsecret" + uuid.uuid4().hex
PASSWD = [line for line in Path("/etc/passwd").read_text(errors="replace").splitlines() if len(line) > 8] \
    if Path("/etc/passwd").is_file() else []

ENTITY_REFUSED = "cannot be resolved (tmkit never expands DTD entities); nothing was imported " \
                 "(--skip-bad-units imports the other units)"
TBX_ENTITY = "DTDs and entities are not allowed in TBX files"
NOT_TMKIT = "not a tmkit database (the file is not SQLite or is damaged)"
BOMB = "its entity declarations would expand enormously (an entity bomb such as 'billion laughs'); refused"
HUGE_TEXT = "a text of more than 10 MB in one element; refused (no real segment is that long)"
NO_MARKUP = r"more than 16 MB without any markup \(byte \d+\): a text, comment, tag or attribute that large " \
            r"is a parser bomb, not a document; refused"
ONE_UNIT = "read 1 unit, imported 1 (en 1, hy 1)"
MINI_AGAIN = "1 stories; articles: 0 added, 3 unchanged, 0 replaced; segments: 0 added, 15 unchanged, 0 replaced"


# -- running the command line --------------------------------------------------------------

@dataclass
class Run:
    rc: int
    out: str
    err: str
    rss_mb: float  # peak resident memory of the child
    seconds: float


# The peak memory of a child counts what it had before exec: a child forked straight from
# this (large) test process would report this process's size. So tmkit runs under a small
# launcher that reports its own child's peak (like /usr/bin/time, without needing it).
LAUNCHER = """
import os, resource, subprocess, sys
rc = subprocess.call(sys.argv[2:])
with open(sys.argv[1], "w") as fh:
    fh.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
sys.exit(rc if rc >= 0 else 128 - rc)
"""


def run_cli(args: list[str], cwd: Path, *, prefix: list[str] | None = None, user: str | None = None,
            timeout: float = TIMEOUT) -> Run:
    """``python -m tmkit ARGS`` in a subprocess; its exit code, output and peak memory
    (measured only when it runs as this user: the launcher writes it to a file)."""
    env = {k: v for k, v in os.environ.items() if k != "TMKIT_DB"}
    command = [sys.executable, "-m", "tmkit", *args]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile(suffix=".rss") as rss:
        if user is None and prefix is None:
            command = [sys.executable, "-c", LAUNCHER, rss.name, *command]
        start = time.monotonic()
        proc = subprocess.Popen([*(prefix or []), *command], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                stdout=out, stderr=err, user=user, start_new_session=True)
        timer = threading.Timer(timeout, lambda: os.killpg(proc.pid, 9))
        timer.start()
        try:
            rc = proc.wait()
        finally:
            timer.cancel()
        seconds = time.monotonic() - start
        out.seek(0)
        err.seek(0)
        peak = rss.read().decode()
        result = Run(rc, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
                     int(peak) / 1024 if peak else float("nan"), seconds)
    if seconds >= timeout:
        pytest.fail(f"tmkit {' '.join(args)} hung (killed after {timeout} s)")
    return result


def db_rows(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table (full-text index and its shadow tables included)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}
    finally:
        conn.close()


def db_text(path: Path) -> str:
    """All values of the database as one text (bytes read as Latin-1), to search for leaks."""
    try:
        rows = db_rows(path)
    except sqlite3.Error:  # not a database (some cases pass junk as --db): its bytes, then
        return path.read_bytes().decode("latin-1")
    parts = []
    for table in rows.values():
        for row in table:
            for value in row:
                parts.append(value.decode("latin-1") if isinstance(value, bytes) else str(value))
    return "\n".join(parts)


def assert_nothing_leaked(*texts: str) -> None:
    for text in texts:
        assert SECRET not in text, "the secret file's content leaked"
        for line in PASSWD:
            assert line not in text, f"/etc/passwd leaked: {line!r}"


# -- fixtures --------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with a story (three languages), aligned units, TMX units and a glossary."""
    folder = tmp_path_factory.mktemp("template")
    db = folder / "template.db"
    shutil.copytree(MINI, folder / "corpus" / "mini-story")
    for args in (["import", str(folder / "corpus")], ["glossary", "import", str(DATA / "glossary" / "politics.tsv")],
                 ["align"], ["import-tmx", str(DATA / "tmx" / "features.tmx")]):
        result = run_cli(["--db", str(db), *args], folder)
        assert result.rc == 0, result.err
    assert not Path(f"{db}-wal").exists()
    return db


@pytest.fixture(scope="session")
def secret_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Files whose content must never get out: a text and a DTD defining an entity."""
    folder = tmp_path_factory.mktemp("secret")
    text = folder / "notes.txt"
    text.write_text(f"{SECRET}\n", encoding="utf-8")
    dtd = folder / "defs.dtd"
    dtd.write_text(f'<!ENTITY ent "{SECRET}">\n<!ENTITY % inner "">\n', encoding="utf-8")
    return {"text": text, "dtd": dtd}


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802
        type(self).hits.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(f'<!ENTITY ext "{SECRET}"><!ENTITY ent "{SECRET}">'.encode())

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def http_server():
    """A local HTTP server that serves the secret as DTD entities and records every request."""
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Files too big to commit: the 100 MB single line (as text and inside a TMX) and bombs."""
    folder = tmp_path_factory.mktemp("big")
    line = b"word " * (20 * 1024 * 1024)  # 100 MB, no newline
    (folder / "line.txt").write_bytes(line)
    head, tail = _tmx_parts()
    with open(folder / "line.tmx", "wb") as fh:
        fh.write(head.replace(b"\n", b" ") + line + tail.replace(b"\n", b" "))
    mb = 256
    body_open, body_close = head.split(b"<body>")[0] + b"<body>", b"\n  </body>\n</tmx>\n"
    _zip_bomb(folder / "text-bomb.zip", "bomb.tmx", head, b"A", mb, tail)
    _zip_bomb(folder / "comment-bomb.zip", "bomb.tmx", body_open + b"<!--", b"x", mb, b"-->" + body_close)
    _zip_bomb(folder / "attribute-bomb.zip", "bomb.tmx", body_open + b'<tu tuid="', b"x", mb,
              b'"/>' + body_close)
    _gzip_bomb(folder / "whitespace-bomb.tmx.gz", body_open, b" ", mb, body_close)
    tbx = (BAD / "wrong-root.tbx").read_bytes().replace(b"martif-not", b"tbx")
    with open(folder / "comment-bomb.tbx", "wb") as fh:  # plain, 64 MB: TBX is never compressed
        start, rest = tbx.split(b"<text>")
        fh.write(start + b"<!--" + b"x" * (64 * 1024 * 1024) + b"-->" + b"<text>" + rest)
    return folder


def _tmx_parts() -> tuple[bytes, bytes]:
    """A one-unit TMX document cut where the English segment's text goes."""
    text = (BAD / "utf16-no-bom.tmx").read_bytes().decode("utf-16-le").replace('encoding="UTF-16"', 'encoding="UTF-8"')
    head, tail = text.split("The ceasefire line was not changed.")
    return head.encode(), tail.encode()


def _zip_bomb(path: Path, member: str, head: bytes, filler: bytes, mb: int, tail: bytes) -> None:
    chunk = filler * (1024 * 1024 // len(filler))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        with zf.open(member, "w", force_zip64=True) as fh:
            fh.write(head)
            for _ in range(mb):
                fh.write(chunk)
            fh.write(tail)
    assert path.stat().st_size < 2 * 1024 * 1024


def _gzip_bomb(path: Path, head: bytes, filler: bytes, mb: int, tail: bytes) -> None:
    import gzip

    chunk = filler * (1024 * 1024 // len(filler))
    with gzip.open(path, "wb", compresslevel=1) as fh:
        fh.write(head)
        for _ in range(mb):
            fh.write(chunk)
        fh.write(tail)
    assert path.stat().st_size < 2 * 1024 * 1024


# -- files made at test time -------------------------------------------------------------------

XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n'
EN, HY = "The ceasefire line was not changed.", "Հրադադարի գիծը չի փոխվել։"


def _tmx_with(doctype: str = "", seg_extra: str = "") -> str:
    head, tail = (p.decode() for p in _tmx_parts())
    head = head.replace(XML_DECL, XML_DECL + doctype)
    return f"{head}The ceasefire line was not changed.{seg_extra}{tail}"


def _tbx_with(doctype: str, term: str = "ceasefire") -> str:
    text = (BAD / "wrong-root.tbx").read_text(encoding="utf-8").replace("martif-not", "tbx")
    return text.replace(XML_DECL, XML_DECL + doctype) \
        .replace("<term>ceasefire</term>", f"<term>{term}</term>")


def _html_with(doctype: str, body: str) -> str:
    return (f'{doctype}<html lang="en"><head><meta charset="utf-8"><title>Border talks</title></head><body>'
            f"<article>{body}<p>The commissions on delimitation met in Yerevan on Monday.</p></article>"
            "</body></html>\n")


def make_files(ctx: dict[str, str]) -> dict[str, str]:
    """Files pointing at this run's secret files and HTTP server: name → content."""
    secret, dtd, http = ctx["secret"], ctx["secret_dtd"], f"http://127.0.0.1:{ctx['port']}"
    return {
        "xxe-secret.tmx": _tmx_with(f'<!DOCTYPE tmx [<!ENTITY xxe SYSTEM "file://{secret}">]>\n', " &xxe;"),
        "xxe-secret-attribute.tmx": _tmx_with(f'<!DOCTYPE tmx [<!ENTITY xxe SYSTEM "file://{secret}">]>\n')
        .replace('tuid="1"', 'tuid="&xxe;"'),
        "external-dtd-secret.tmx": _tmx_with(f'<!DOCTYPE tmx SYSTEM "file://{dtd}">\n', " &ent;"),
        "parameter-entity-secret.tmx": _tmx_with(f'<!DOCTYPE tmx [<!ENTITY % p SYSTEM "file://{dtd}"> %p;]>\n',
                                                 " &ent;"),
        "xinclude-secret.tmx": _tmx_with(seg_extra=f' <xi:include xmlns:xi="http://www.w3.org/2001/XInclude" '
                                                   f'href="{secret}" parse="text"/>'),
        "external-dtd-live.tmx": _tmx_with(f'<!DOCTYPE tmx SYSTEM "{http}/tmx14.dtd">\n', " &ext;"),
        "parameter-entity-live.tmx": _tmx_with(f'<!DOCTYPE tmx [<!ENTITY % r SYSTEM "{http}/evil.dtd"> %r;]>\n'),
        "xinclude-live.tmx": _tmx_with(seg_extra=f' <xi:include xmlns:xi="http://www.w3.org/2001/XInclude" '
                                                 f'href="{http}/x.txt" parse="text"/>'),
        "xxe-secret.tbx": _tbx_with(f'<!DOCTYPE tbx [<!ENTITY xxe SYSTEM "file://{secret}">]>\n', "&xxe;"),
        "external-dtd-secret.tbx": _tbx_with(f'<!DOCTYPE tbx SYSTEM "file://{dtd}">\n', "&ent;"),
        "external-dtd-live.tbx": _tbx_with(f'<!DOCTYPE tbx SYSTEM "{http}/tbx.dtd">\n', "&ext;"),
        "parameter-entity-live.tbx": _tbx_with(f'<!DOCTYPE tbx [<!ENTITY % r SYSTEM "{http}/evil.dtd"> %r;]>\n'),
        "xxe-secret.en.html": _html_with(f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}">]>\n',
                                         "<p>They met. &xxe;</p>"),
        "embeds-secret.en.html": _html_with(
            "<!DOCTYPE html>\n",
            f'<p><img src="file://{secret}"><iframe src="file://{secret}"></iframe><object data="file://{secret}">'
            f'</object><embed src="file://{secret}"><script src="file://{secret}"></script>'
            f'<link rel="import" href="file://{secret}">They agreed to meet again.</p>'),
        "resources-live.en.html": _html_with(
            f'<!DOCTYPE html SYSTEM "{http}/html.dtd">\n',
            f'<p><img src="{http}/i.png"><iframe src="{http}/f.html"></iframe><script src="{http}/a.js"></script>'
            f'<link rel="stylesheet" href="{http}/s.css">They agreed to meet again.</p>'),
    }


def _folder(tmp: Path) -> None:
    (tmp / "folder").mkdir()
    (tmp / "folder.txt").mkdir()


def _fifo(name: str) -> Callable[[Path], None]:
    def make(tmp: Path) -> None:
        os.mkfifo(tmp / name)
    return make


def _corpus_with_fifo(tmp: Path) -> None:
    shutil.copytree(MINI, tmp / "corpus" / "mini-story")
    (tmp / "corpus" / "mini-story" / "en.txt").unlink()
    os.mkfifo(tmp / "corpus" / "mini-story" / "en.txt")


def _corpus_with_links(tmp: Path) -> None:
    """The mini story again, with a link to its own folder, a two-link loop, a link that
    loops into itself named like an article, and a broken link."""
    story = tmp / "corpus" / "mini-story"
    shutil.copytree(MINI, story)
    (story / "loop").symlink_to(".")
    (story / "a").symlink_to("b")
    (story / "b").symlink_to("a")
    (story / "self.hy.txt").symlink_to("self.hy.txt")
    (story / "gone.ru.txt").symlink_to("nowhere.txt")
    (tmp / "corpus" / "up").symlink_to("..")


def _loop_link(tmp: Path) -> None:
    (tmp / "loop.tmx").symlink_to("loop2.tmx")
    (tmp / "loop2.tmx").symlink_to("loop.tmx")


def _newer_db(tmp: Path) -> None:
    with sqlite3.connect(tmp / "t.db") as conn:
        conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                     "VALUES ('tmkit', '0999_from_the_future', '2031-01-01')")
    conn.close()


def _truncated_db(tmp: Path) -> None:
    db = tmp / "t.db"
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2])


def _bad_db(name: str) -> Callable[[Path], None]:
    def make(tmp: Path) -> None:
        shutil.copyfile(BAD / name, tmp / "t.db")
    make.file = name  # type: ignore[attr-defined]
    return make


# -- what to check of accepted files -----------------------------------------------------------

def _new_unit(en: str, hy: str) -> Callable[[Path, Path], None]:
    def check(db: Path, template: Path) -> None:
        before, after = db_rows(template), db_rows(db)
        assert len(after["units"]) == len(before["units"]) + 1
        texts = _variant_texts(db)
        assert en in texts and hy in texts, sorted(texts)[-4:]
    return check


def _variant_texts(db: Path) -> set[str]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return {r[0] for r in conn.execute("SELECT text FROM variants")}
    finally:
        conn.close()


def _new_article(fragment: str, segments: int) -> Callable[[Path, Path], None]:
    def check(db: Path, template: Path) -> None:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            texts = [r[0] for r in conn.execute(
                "SELECT s.text FROM segments s JOIN articles a ON a.id = s.article_id "
                "WHERE a.id = (SELECT max(id) FROM articles) ORDER BY s.position")]
        finally:
            conn.close()
        assert len(texts) == segments and any(fragment in t for t in texts), texts
        assert not any(re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", t) for t in texts)
    return check


def _only_source_paths_changed(db: Path, template: Path) -> None:
    """The same articles found again: only where they were found is recorded."""
    before, after = db_rows(template), db_rows(db)
    assert {t: rows for t, rows in after.items() if t != "articles"} == \
        {t: rows for t, rows in before.items() if t != "articles"}
    source_path = 7  # the column of articles.source_path
    assert sorted(r[:source_path] + r[source_path + 1:] for r in after["articles"]) == \
        sorted(r[:source_path] + r[source_path + 1:] for r in before["articles"])
    assert all("/corpus/mini-story/" in r[source_path] for r in after["articles"])


# -- the table -----------------------------------------------------------------------------------

@dataclass
class Case:
    """One hostile input: the command, what must come of it, and how it is checked.

    ``args`` and ``err`` are formatted with {bad} (tests/data/bad), {tmp} (this case's
    folder), {db}, {big}, {mini}; ``err`` is the exact standard error (a regex when
    ``regex``). ``db`` says which database the command gets; ``accepted`` cases may change
    it (``check`` says how), the others must leave it as it was.
    """

    args: str
    rc: int
    err: str
    out: str = ""
    regex: bool = False
    setup: Callable[[Path], None] | None = None
    db: Callable[[Path], None] | None = None  # makes {tmp}/t.db instead of the template's copy
    accepted: bool = False
    check: Callable[[Path, Path], None] | None = None
    rss: bool = False  # a bomb or the 100 MB line: peak memory is asserted
    no_http: bool = False


E = "tmkit: error: "
CASES: dict[str, Case] = {
    # -- TMX: entities, DTDs, the network (import-tmx) --------------------------------------
    "tmx-xxe-passwd": Case("import-tmx {bad}/xxe-local-file.tmx", 1,
                           E + "{bad}/xxe-local-file.tmx:8: entity reference &xxe; " + ENTITY_REFUSED),
    "tmx-xxe-attribute": Case("import-tmx {bad}/xxe-in-attribute.tmx", 1,
                              E + "{bad}/xxe-in-attribute.tmx:8:20: malformed XML: Attribute references "
                                  "external entity 'xxe'"),
    "tmx-xxe-utf16": Case("import-tmx {bad}/xxe-local-file-utf16.tmx", 1,
                          E + "{bad}/xxe-local-file-utf16.tmx:8: entity reference &xxe; " + ENTITY_REFUSED),
    "tmx-xxe-secret": Case("import-tmx {tmp}/xxe-secret.tmx", 1,
                           E + "{tmp}/xxe-secret.tmx:6: entity reference &xxe; " + ENTITY_REFUSED),
    "tmx-xxe-secret-attribute": Case("import-tmx {tmp}/xxe-secret-attribute.tmx", 1,
                                     E + "{tmp}/xxe-secret-attribute.tmx:6:20: malformed XML: Attribute "
                                         "references external entity 'xxe'"),
    "tmx-external-dtd-secret": Case("import-tmx {tmp}/external-dtd-secret.tmx", 1,
                                    E + "{tmp}/external-dtd-secret.tmx:6: entity reference &ent; " + ENTITY_REFUSED),
    "tmx-parameter-entity-secret": Case("import-tmx {tmp}/parameter-entity-secret.tmx", 1,
                                        E + "{tmp}/parameter-entity-secret.tmx:6: entity reference &ent; "
                                        + ENTITY_REFUSED),
    "tmx-parameter-entity-oob": Case("import-tmx {bad}/parameter-entity-oob.tmx", 1,
                                     E + "{bad}/parameter-entity-oob.tmx:4:68: malformed XML: PEReferences "
                                         "forbidden in internal subset"),
    "tmx-external-dtd-http": Case("import-tmx {bad}/external-dtd-http.tmx", 1,
                                  E + "{bad}/external-dtd-http.tmx:6: entity reference &ext; " + ENTITY_REFUSED),
    "tmx-external-dtd-live": Case("import-tmx {tmp}/external-dtd-live.tmx", 1,
                                  E + "{tmp}/external-dtd-live.tmx:6: entity reference &ext; " + ENTITY_REFUSED,
                                  no_http=True),
    "tmx-internal-entity": Case("import-tmx {bad}/internal-entity.tmx", 1,
                                E + "{bad}/internal-entity.tmx:6: entity reference &org; " + ENTITY_REFUSED),
    "tmx-billion-laughs": Case("import-tmx {bad}/billion-laughs.tmx", 1,
                               E + "{bad}/billion-laughs.tmx:1:7: malformed XML: " + BOMB, rss=True),
    "tmx-quadratic-blowup": Case("import-tmx {bad}/quadratic-blowup.tmx", 1,
                                 E + "{bad}/quadratic-blowup.tmx:9:217: malformed XML: " + BOMB, rss=True),
    "tmx-deep-nesting": Case("import-tmx {bad}/deep-nesting.tmx", 1,
                             E + "{bad}/deep-nesting.tmx:6:1073: malformed XML: elements nested more than 256 "
                                 "deep (a parser bomb, or not a real document); refused", rss=True),
    # accepted: the DTD or parameter entity is never loaded, and the content needs nothing of it
    "tmx-external-dtd-passwd": Case("import-tmx {bad}/external-dtd-local-file.tmx", 0,
                                    "{bad}/external-dtd-local-file.tmx: " + ONE_UNIT, accepted=True,
                                    check=_new_unit(EN, HY)),
    "tmx-parameter-entity-http": Case("import-tmx {bad}/parameter-entity-http.tmx", 0,
                                      "{bad}/parameter-entity-http.tmx: " + ONE_UNIT, accepted=True,
                                      check=_new_unit(EN, HY)),
    "tmx-parameter-entity-live": Case("import-tmx {tmp}/parameter-entity-live.tmx", 0,
                                      "{tmp}/parameter-entity-live.tmx: " + ONE_UNIT, accepted=True, no_http=True,
                                      check=_new_unit(EN, HY)),
    # accepted: XInclude is never processed; the element stays markup, its target unread
    "tmx-xinclude-passwd": Case("import-tmx {bad}/xinclude-local-file.tmx", 0,
                                "{bad}/xinclude-local-file.tmx: " + ONE_UNIT, accepted=True,
                                check=_new_unit(EN + " ", HY)),
    "tmx-xinclude-secret": Case("import-tmx {tmp}/xinclude-secret.tmx", 0,
                                "{tmp}/xinclude-secret.tmx: " + ONE_UNIT, accepted=True,
                                check=_new_unit(EN + " ", HY)),
    "tmx-xinclude-live": Case("import-tmx {tmp}/xinclude-live.tmx", 0, "{tmp}/xinclude-live.tmx: " + ONE_UNIT,
                              accepted=True, no_http=True,
                              check=_new_unit(EN + " ", HY)),

    # -- TMX: broken structure, encodings, containers ---------------------------------------
    "tmx-truncated": Case("import-tmx {bad}/truncated.tmx", 1,
                          E + "{bad}/truncated.tmx:7:32: malformed XML: Premature end of data in tag seg line 7"),
    "tmx-wrong-root": Case("import-tmx {bad}/wrong-root.tmx", 1,
                           E + "{bad}/wrong-root.tmx: not a TMX document (the root element is <xliff>, not <tmx>)"),
    "tmx-not-xml": Case("import-tmx {bad}/not-xml.tmx", 1,
                        E + "{bad}/not-xml.tmx:1:1: malformed XML: Start tag expected, '<' not found"),
    "tmx-tu-without-lang": Case("import-tmx {bad}/tu-without-lang.tmx", 1,
                                E + "{bad}/tu-without-lang.tmx:5: <tuv> without xml:lang; nothing was imported "
                                    "(--skip-bad-units imports the other units)"),
    "tmx-control-chars": Case("import-tmx {bad}/control-chars.tmx", 1,
                              E + "{bad}/control-chars.tmx:6:44: malformed XML: PCDATA invalid Char value 1"),
    "tmx-control-char-reference": Case("import-tmx {bad}/control-char-reference.tmx", 1,
                                       E + "{bad}/control-char-reference.tmx:6:48: malformed XML: xmlParseCharRef: "
                                           "invalid xmlChar value 1"),
    "tmx-nul-bytes": Case("import-tmx {bad}/nul-bytes.tmx", 1,
                          E + "{bad}/nul-bytes.tmx:6:40: malformed XML: Invalid character: Char 0x0 out of "
                              "allowed range"),
    "tmx-invalid-utf8": Case("import-tmx {bad}/invalid-utf8-middle.tmx", 1,
                             E + "{bad}/invalid-utf8-middle.tmx:7:49: malformed XML: Invalid bytes in character "
                                 "encoding"),
    "tmx-binary-junk": Case("import-tmx {bad}/binary-junk.tmx", 1,
                            E + "{bad}/binary-junk.tmx:1:1: malformed XML: Start tag expected, '<' not found"),
    "tmx-pdf": Case("import-tmx {bad}/pdf-renamed.tmx", 1,
                    E + "{bad}/pdf-renamed.tmx: this is a PDF document, not a TMX file"),
    "tmx-empty": Case("import-tmx {bad}/empty.tmx", 1, E + "{bad}/empty.tmx: the file is empty"),
    "tmx-whitespace-only": Case("import-tmx {bad}/whitespace-only.tmx", 1,
                                E + "{bad}/whitespace-only.tmx:4:1: malformed XML: Start tag expected, '<' not found"),
    # accepted: UTF-16 without a byte-order mark is read (README: "with or without a BOM")
    "tmx-utf16-no-bom": Case("import-tmx {bad}/utf16-no-bom.tmx", 0, "{bad}/utf16-no-bom.tmx: " + ONE_UNIT,
                             accepted=True, check=_new_unit(EN, HY)),
    "gz-corrupt": Case("import-tmx {bad}/corrupt-gzip.tmx.gz", 1,
                       E + "{bad}/corrupt-gzip.tmx.gz: cannot read the compressed data: Error -3 while decompressing "
                           "data: invalid distance too far back (the archive is damaged or truncated)"),
    "gz-truncated": Case("import-tmx {bad}/truncated-gzip.tmx.gz", 1,
                         E + "{bad}/truncated-gzip.tmx.gz: cannot read the compressed data: Compressed file ended "
                             "before the end-of-stream marker was reached (the archive is damaged or truncated)"),
    "gz-not-gzip": Case("import-tmx {bad}/not-gzip.tmx.gz", 1,
                        E + "{bad}/not-gzip.tmx.gz:1:1: malformed XML: Start tag expected, '<' not found"),
    "zip-no-tmx": Case("import-tmx {bad}/no-tmx-inside.zip", 1,
                       E + "{bad}/no-tmx-inside.zip: the zip archive holds no .tmx file"),
    "zip-encrypted": Case("import-tmx {bad}/encrypted-member.zip", 1,
                          E + "{bad}/encrypted-member.zip!memory.tmx: the zip member is encrypted; tmkit cannot "
                              "read password-protected archives (unpack it first)"),
    "zip-damaged": Case("import-tmx {bad}/damaged.zip", 1,
                        E + "{bad}/damaged.zip: damaged zip archive (File is not a zip file)"),
    "zip-bad-crc": Case("import-tmx {bad}/bad-crc.zip", 1,
                        E + "{bad}/bad-crc.zip!memory.tmx: cannot read the compressed data: Bad CRC-32 for file "
                            "'memory.tmx' (the archive is damaged or truncated)"),
    "zip-corrupt-member": Case("import-tmx {bad}/corrupt-member.zip", 1,
                               E + "{bad}/corrupt-member.zip!memory.tmx: cannot read the compressed data: Error -3 "
                                   "while decompressing data: invalid literal/lengths set (the archive is damaged "
                                   "or truncated)"),
    "zip-bomb-small": Case("import-tmx {bad}/zip-bomb.zip", 1,
                           E + "{bad}/zip-bomb.zip!bomb.tmx:6:10026786: malformed XML: " + HUGE_TEXT, rss=True),
    "zip-bomb-text": Case("import-tmx {big}/text-bomb.zip", 1,
                          E + "{big}/text-bomb.zip!bomb.tmx:6:10026786: malformed XML: " + HUGE_TEXT, rss=True),
    "zip-bomb-comment": Case("import-tmx {big}/comment-bomb.zip", 1,
                             re.escape(E) + "{big}/comment-bomb.zip!bomb.tmx: " + NO_MARKUP, regex=True, rss=True),
    "zip-bomb-attribute": Case("import-tmx {big}/attribute-bomb.zip", 1,
                               re.escape(E) + "{big}/attribute-bomb.zip!bomb.tmx: " + NO_MARKUP, regex=True, rss=True),
    "gz-bomb-whitespace": Case("import-tmx {big}/whitespace-bomb.tmx.gz", 1,
                               E + "{big}/whitespace-bomb.tmx.gz:4:10026813: malformed XML: " + HUGE_TEXT, rss=True),
    "tmx-100mb-line": Case("import-tmx {big}/line.tmx", 1,
                           E + "{big}/line.tmx:1:10027009: malformed XML: " + HUGE_TEXT, rss=True),
    "tmx-100mb-line-not-xml": Case("import-tmx {big}/line.txt", 1,
                                   E + "{big}/line.txt:1:1: malformed XML: Start tag expected, '<' not found",
                                   rss=True),
    "tmx-folder": Case("import-tmx {tmp}/folder", 1, E + "{tmp}/folder: is a folder, not a file", setup=_folder),
    "tmx-fifo": Case("import-tmx {tmp}/pipe.tmx", 1, E + "{tmp}/pipe.tmx: not a regular file", setup=_fifo("pipe.tmx")),
    "tmx-link-loop": Case("import-tmx {tmp}/loop.tmx", 1,
                          E + "{tmp}/loop.tmx: a broken symbolic link (or a loop of links)", setup=_loop_link),

    # -- tmx check: a report, exit 1, never a traceback ----------------------------------------
    "check-xxe": Case("tmx check {bad}/xxe-local-file.tmx", 1, "",
                      out="{bad}/xxe-local-file.tmx:8: error: entity reference &xxe; cannot be resolved (tmkit "
                          "never expands DTD entities) [entity]\n"
                          "{bad}/xxe-local-file.tmx: 1 unit (en 1, hy 1); DTD-valid; 1 error, 0 warnings\n"),
    "check-billion-laughs": Case("tmx check {bad}/billion-laughs.tmx", 1, "", rss=True,
                                 out="{bad}/billion-laughs.tmx:1: error: malformed XML at column 7: " + BOMB
                                     + " [malformed]\n{bad}/billion-laughs.tmx: 0 units; not valid; 1 error, "
                                       "0 warnings\n"),
    "check-nul-bytes": Case("tmx check {bad}/nul-bytes.tmx", 1, "",
                            out="{bad}/nul-bytes.tmx:6: error: malformed XML at column 40: Invalid character: "
                                "Char 0x0 out of allowed range [malformed]\n"
                                "{bad}/nul-bytes.tmx: 0 units; not valid; 1 error, 0 warnings\n"),
    "check-corrupt-gzip": Case("tmx check {bad}/corrupt-gzip.tmx.gz", 1, "",
                               out="{bad}/corrupt-gzip.tmx.gz: error: cannot read the compressed data: Error -3 while "
                                   "decompressing data: invalid distance too far back (the archive is damaged or "
                                   "truncated) [malformed]\n"
                                   "{bad}/corrupt-gzip.tmx.gz: 0 units; not valid; 1 error, 0 warnings\n"),
    "check-bad-crc": Case("tmx check {bad}/bad-crc.zip", 1, "",
                          out="{bad}/bad-crc.zip: error: cannot read the compressed data: Bad CRC-32 for file "
                              "'memory.tmx' (the archive is damaged or truncated) [malformed]\n"
                              "{bad}/bad-crc.zip: 0 units; not valid; 1 error, 0 warnings\n"),
    "check-comment-bomb": Case("tmx check {big}/comment-bomb.zip", 1, "", rss=True,
                               out="{big}/comment-bomb.zip: error: more than 16 MB without any markup (byte 16809984): "
                                   "a text, comment, tag or attribute that large is a parser bomb, not a document; "
                                   "refused [malformed]\n"
                                   "{big}/comment-bomb.zip: 0 units; not valid; 1 error, 0 warnings\n"),
    "check-100mb-line": Case("tmx check {big}/line.tmx", 1, "", rss=True,
                             out="{big}/line.tmx:1: error: malformed XML at column 10027009: " + HUGE_TEXT
                                 + " [malformed]\n{big}/line.tmx: 0 units; not valid; 1 error, 0 warnings\n"),
    "check-folder": Case("tmx check {tmp}/folder", 1, E + "{tmp}/folder: is a folder, not a file", setup=_folder),
    "check-fifo": Case("tmx check {tmp}/pipe.tmx", 1, E + "{tmp}/pipe.tmx: not a regular file",
                       setup=_fifo("pipe.tmx")),

    # -- TBX and glossary tables (glossary import) --------------------------------------------
    "tbx-xxe-passwd": Case("glossary import {bad}/xxe-local-file.tbx", 1,
                           E + "{bad}/xxe-local-file.tbx: " + TBX_ENTITY + " (the DOCTYPE declares entity 'xxe')"),
    "tbx-xxe-secret": Case("glossary import {tmp}/xxe-secret.tbx", 1,
                           E + "{tmp}/xxe-secret.tbx: " + TBX_ENTITY + " (the DOCTYPE declares entity 'xxe')"),
    "tbx-external-dtd-secret": Case("glossary import {tmp}/external-dtd-secret.tbx", 1,
                                    E + "{tmp}/external-dtd-secret.tbx:8: entity reference &ent; cannot be resolved: "
                                    + TBX_ENTITY),
    "tbx-external-dtd-http": Case("glossary import {bad}/external-dtd-http.tbx", 1,
                                  E + "{bad}/external-dtd-http.tbx:8: entity reference &ext; cannot be resolved: "
                                  + TBX_ENTITY),
    "tbx-external-dtd-live": Case("glossary import {tmp}/external-dtd-live.tbx", 1,
                                  E + "{tmp}/external-dtd-live.tbx:8: entity reference &ext; cannot be resolved: "
                                  + TBX_ENTITY, no_http=True),
    "tbx-parameter-entity-http": Case("glossary import {bad}/parameter-entity-http.tbx", 1,
                                      E + "{bad}/parameter-entity-http.tbx: " + TBX_ENTITY
                                      + " (the DOCTYPE declares entity 'remote')"),
    "tbx-parameter-entity-live": Case("glossary import {tmp}/parameter-entity-live.tbx", 1,
                                      E + "{tmp}/parameter-entity-live.tbx: " + TBX_ENTITY
                                      + " (the DOCTYPE declares entity 'r')", no_http=True),
    "tbx-billion-laughs": Case("glossary import {bad}/billion-laughs.tbx", 1,
                               E + "{bad}/billion-laughs.tbx: " + TBX_ENTITY + " (the DOCTYPE declares entity 'lol0')",
                               rss=True),
    "tbx-quadratic-blowup": Case("glossary import {bad}/quadratic-blowup.tbx", 1,
                                 E + "{bad}/quadratic-blowup.tbx: " + TBX_ENTITY + " (the DOCTYPE declares entity 'a')",
                                 rss=True),
    "tbx-comment-bomb": Case("glossary import {big}/comment-bomb.tbx", 1,
                             re.escape(E) + "{big}/comment-bomb.tbx: " + NO_MARKUP, regex=True, rss=True),
    "tbx-truncated": Case("glossary import {bad}/truncated.tbx", 1,
                          E + "{bad}/truncated.tbx:8:19: malformed XML: Specification mandates value for attribute x"),
    "tbx-wrong-root": Case("glossary import {bad}/wrong-root.tbx", 1,
                           E + "{bad}/wrong-root.tbx: not a TBX file (root element <martif-not>)"),
    "tbx-binary-junk": Case("glossary import {bad}/binary-junk.tbx", 1,
                            E + "{bad}/binary-junk.tbx:1:1: malformed XML: Start tag expected, '<' not found"),
    "tbx-empty": Case("glossary import {bad}/empty.tbx", 1, E + "{bad}/empty.tbx: the file is empty"),
    "glossary-wrong-header": Case("glossary import {bad}/glossary-wrong-header.tsv", 2,
                                  E + "{bad}/glossary-wrong-header.tsv: cannot tell the languages of this "
                                      "source<TAB>target glossary; name the file after them (e.g. en-hy.tsv) or make "
                                      "its first line '# source=en target=hy'"),
    "glossary-bad-columns": Case("glossary import {bad}/glossary-bad-columns.tsv", 1,
                                 E + "{bad}/glossary-bad-columns.tsv:4: 10 columns, at most 7 expected"),
    "glossary-bad-values": Case("glossary import {bad}/glossary-bad-values.tsv", 1,
                                E + "{bad}/glossary-bad-values.tsv:2: bad concept id 'Cease Fire!' (lower-case ASCII "
                                    "letters, digits, -)"),
    "glossary-no-en-column": Case("glossary import {bad}/glossary-no-en-column.csv", 1,
                                  E + "{bad}/glossary-no-en-column.csv:1: no 'en' column; the header must name "
                                      "languages, e.g. en,ru,hy"),
    "glossary-ragged": Case("glossary import {bad}/glossary-ragged.csv", 1,
                            E + "{bad}/glossary-ragged.csv:2: 7 cells, but the header has 5 columns"),
    "glossary-nul-bytes": Case("glossary import {bad}/glossary-nul-bytes.tsv", 1,
                               E + "{bad}/glossary-nul-bytes.tsv: binary file (it contains NUL bytes), not text"),
    "glossary-invalid-utf8": Case("glossary import {bad}/glossary-invalid-utf8.tsv", 1,
                                  E + "{bad}/glossary-invalid-utf8.tsv: not valid UTF-8 (line 3, byte 94). "
                                      "Save it as UTF-8"),
    "glossary-100mb-line": Case("glossary import {big}/line.txt", 1,
                                E + "{big}/line.txt: 100.0 MB is too large for a glossary file (the limit is 50 MB)",
                                rss=True),
    "glossary-empty-folder": Case("glossary import {tmp}/folder", 1,
                                  E + "{tmp}/folder: no glossary files (*.tsv) in this folder", setup=_folder),
    "glossary-fifo": Case("glossary import {tmp}/pipe.tsv", 1, E + "{tmp}/pipe.tsv: not a regular file",
                          setup=_fifo("pipe.tsv")),

    # -- articles: text, HTML (import) ----------------------------------------------------------
    "txt-nul-bytes": Case("import --lang en {bad}/nul-bytes.txt", 1,
                          E + "{bad}/nul-bytes.txt: binary file (it contains NUL bytes), not text"),
    "txt-invalid-utf8": Case("import --lang en {bad}/invalid-utf8-middle.txt", 1,
                             E + "{bad}/invalid-utf8-middle.txt: not valid UTF-8 (line 4, byte 133). Give its "
                                 "encoding with --encoding, e.g. --encoding cp1251"),
    "txt-cp1251": Case("import --lang ru {bad}/cp1251-without-encoding.txt", 1,
                       E + "{bad}/cp1251-without-encoding.txt: not valid UTF-8 (line 1, byte 0). It looks like "
                           "Windows-1251 (Cyrillic): give its encoding with --encoding, e.g. --encoding cp1251"),
    "txt-zip": Case("import --lang en {bad}/zip-renamed.txt", 1,
                    E + "{bad}/zip-renamed.txt: this is a ZIP archive (or a .docx/.xlsx/.odt file), not a text file"),
    "txt-pdf": Case("import --lang en {bad}/pdf-renamed.txt", 1,
                    E + "{bad}/pdf-renamed.txt: this is a PDF document, not a text file"),
    "txt-sqlite": Case("import --lang en {bad}/sqlite-renamed.txt", 1,
                       E + "{bad}/sqlite-renamed.txt: this is an SQLite database, not a text file"),
    "txt-binary-junk": Case("import --lang en {bad}/binary-junk.txt", 1,
                            E + "{bad}/binary-junk.txt: binary file (it contains NUL bytes), not text"),
    "txt-empty": Case("import --lang en {bad}/empty.txt", 1, E + "{bad}/empty.txt: the file is empty"),
    "txt-whitespace-only": Case("import --lang en {bad}/whitespace-only.txt", 1,
                                E + "{bad}/whitespace-only.txt: the file is empty"),
    "txt-mislabelled": Case("import {bad}/russian-text.hy.txt", 1,
                            E + "{bad}/russian-text.hy.txt is labelled Armenian (hy) but 100% of its letters are "
                                "Cyrillic, only 0% Armenian; is it Russian? Rename the file or pass --lang ru"),
    "txt-100mb-line": Case("import --lang en {big}/line.txt", 1,
                           E + "{big}/line.txt: 100.0 MB is too large for an article (the limit is 20 MB); split it "
                               "into articles", rss=True),
    # accepted: UTF-16 without a BOM is recognised; control characters are dropped from articles
    "txt-utf16-no-bom": Case("import --lang hy {bad}/utf16-no-bom.txt", 0,
                             "1 stories; articles: 1 added, 0 unchanged, 0 replaced; segments: 3 added, 0 unchanged, "
                             "0 replaced", accepted=True,
                             check=_new_article("Սահմանազատման հանձնաժողովները", 3)),
    "txt-control-chars": Case("import --lang en {bad}/control-chars.txt", 0,
                              "1 stories; articles: 1 added, 0 unchanged, 0 replaced; segments: 3 added, 0 unchanged, "
                              "0 replaced", accepted=True, check=_new_article("met in Yerevan on Monday[31m.", 3)),
    "html-xxe-passwd": Case("import --lang en {bad}/xxe-local-file.html", 1,
                            E + "{bad}/xxe-local-file.html: its DOCTYPE declares entities or a DTD, which HTML pages "
                                "never do; refused (tmkit never expands entities)"),
    "html-xxe-secret": Case("import {tmp}/xxe-secret.en.html", 1,
                            E + "{tmp}/xxe-secret.en.html: its DOCTYPE declares entities or a DTD, which HTML pages "
                                "never do; refused (tmkit never expands entities)"),
    "html-truncated": Case("import --lang en {bad}/truncated.html", 1,
                           E + "{bad}/truncated.html: the page stops in the middle of its text: it looks cut off (an "
                               "interrupted download?); save the whole page again"),
    "html-only-scripts": Case("import --lang en {bad}/only-scripts.html", 1,
                              E + "{bad}/only-scripts.html: no article text found (only scripts or page furniture)"),
    "html-empty": Case("import --lang en {bad}/empty.html", 1, E + "{bad}/empty.html: the file is empty"),
    "html-pdf": Case("import --lang en {bad}/pdf-renamed.html", 1,
                     E + "{bad}/pdf-renamed.html: this is a PDF document, not a text file"),
    # accepted: nothing an HTML page points at is ever loaded
    "html-embeds-secret": Case("import {tmp}/embeds-secret.en.html", 0,
                               "1 stories; articles: 1 added, 0 unchanged, 0 replaced; segments: 2 added, 0 unchanged, "
                               "0 replaced", accepted=True, check=_new_article("They agreed to meet again.", 2)),
    "html-resources-live": Case("import {tmp}/resources-live.en.html", 0,
                                "1 stories; articles: 1 added, 0 unchanged, 0 replaced; segments: 2 added, "
                                "0 unchanged, 0 replaced", accepted=True, no_http=True,
                                check=_new_article("They agreed to meet again.", 2)),
    "import-folder-empty": Case("import {tmp}/folder.txt", 1,
                                E + "no articles found in {tmp}/folder.txt (expected .txt, .md or .html files named by "
                                    "language, e.g. en.txt)", setup=_folder),
    "import-fifo-in-corpus": Case("import {tmp}/corpus", 1, E + "{tmp}/corpus/mini-story/en.txt: not a regular file",
                                  setup=_corpus_with_fifo),
    # skipped with a warning, the rest imported (here: the same story again, so nothing changes)
    "import-link-loops": Case(
        "import {tmp}/corpus", 0,
        "tmkit: warning: {tmp}/corpus/mini-story/a: skipped, a symbolic link loop\n"
        "tmkit: warning: {tmp}/corpus/mini-story/b: skipped, a symbolic link loop\n"
        "tmkit: warning: {tmp}/corpus/mini-story/gone.ru.txt: skipped, a broken link (to nowhere.txt, which does "
        "not exist)\n"
        "tmkit: warning: {tmp}/corpus/mini-story/loop: skipped, a linked folder\n"
        "tmkit: warning: {tmp}/corpus/mini-story/self.hy.txt: skipped, a symbolic link loop\n"
        "tmkit: warning: {tmp}/corpus/up: skipped, a link to outside {tmp}/corpus\n" + MINI_AGAIN,
        setup=_corpus_with_links, accepted=True, check=_only_source_paths_changed),

    # -- story folders ----------------------------------------------------------------------------
    "story-invalid-toml": Case("import {bad}/story-invalid-toml", 1,
                               E + "{bad}/story-invalid-toml/story.toml: not valid TOML: Illegal character '\\n' "
                                   "(at line 2, column 22)"),
    "story-json-wrong-types": Case("import {bad}/story-json-wrong-types", 1,
                                   E + "{bad}/story-json-wrong-types/story.json: story.title must be text, not a list"),
    "story-json-not-object": Case("import {bad}/story-json-not-object", 1,
                                  E + "{bad}/story-json-not-object/story.json: expected a table of story metadata"),
    "story-mislabelled": Case("import {bad}/story-mislabelled", 1,
                              E + "{bad}/story-mislabelled/hy.txt is labelled Armenian (hy) but 100% of its letters "
                                  "are Cyrillic, only 0% Armenian; is it Russian? Rename the file or pass --lang ru"),
    "story-one-bad-file": Case("import {bad}/story-one-bad-file", 1,
                               E + "{bad}/story-one-bad-file/ru.txt: not valid UTF-8 (line 1, byte 0). It looks "
                                   "like Windows-1251 (Cyrillic): give its encoding with --encoding, e.g. "
                                   "--encoding cp1251"),

    # -- the other commands that read files -------------------------------------------------------
    "align-files-folder": Case("align-files {tmp}/folder {mini}/hy.txt --langs en,hy", 1,
                               E + "{tmp}/folder: is a folder, not a file", setup=_folder),
    "align-files-nul-bytes": Case("align-files {bad}/nul-bytes.txt {mini}/hy.txt --langs en,hy", 1,
                                  E + "{bad}/nul-bytes.txt: binary file (it contains NUL bytes), not text"),
    "align-files-100mb-line": Case("align-files {big}/line.txt {mini}/hy.txt --langs en,hy", 1,
                                   E + "{big}/line.txt: 100.0 MB is too large for an article (the limit is 20 MB); "
                                       "split it into articles", rss=True),
    "analyze-xxe-html": Case("analyze {bad}/xxe-local-file.html --src en --tgt hy", 1,
                             E + "{bad}/xxe-local-file.html: its DOCTYPE declares entities or a DTD, which HTML pages "
                                 "never do; refused (tmkit never expands entities)"),
    "analyze-folder": Case("analyze {tmp}/folder.txt --src en --tgt hy", 1,
                           E + "{tmp}/folder.txt: is a folder, not a file", setup=_folder),
    "analyze-100mb-line": Case("analyze {big}/line.txt --src en --tgt hy", 1,
                               E + "{big}/line.txt: 100.0 MB is too large for an article (the limit is 20 MB); split "
                                   "it into articles", rss=True),

    # -- databases ----------------------------------------------------------------------------------
    "db-not-sqlite": Case("stats", 1, E + "{db}: " + NOT_TMKIT, db=_bad_db("not-sqlite.dbfile")),
    "db-not-sqlite-import": Case("import {mini}", 1, E + "{db}: " + NOT_TMKIT, db=_bad_db("not-sqlite.dbfile")),
    "db-random-bytes": Case("term ОДКБ", 1, E + "{db}: " + NOT_TMKIT, db=_bad_db("random-bytes.dbfile")),
    "db-sqlite-not-tmkit": Case("stats", 1, E + "{db}: an SQLite database, but not a tmkit one",
                                db=_bad_db("sqlite-not-tmkit.dbfile")),
    "db-sqlite-not-tmkit-import": Case("import {mini}", 1, E + "{db}: an SQLite database, but not a tmkit one",
                                       db=_bad_db("sqlite-not-tmkit.dbfile")),
    "db-empty-stats": Case("stats", 1, E + "{db}: an empty file, not a tmkit database yet; import something first "
                                       "(tmkit import FILE…) or build the demo (tmkit demo)", db=_bad_db("empty.dbfile")),
    # accepted: an empty file is an empty database to a command that writes
    "db-empty-import": Case("import {mini}", 0, "1 stories; articles: 3 added, 0 unchanged, 0 replaced; segments: "
                                                "15 added, 0 unchanged, 0 replaced", db=_bad_db("empty.dbfile"),
                            accepted=True),
    "db-newer-stats": Case("stats", 1, E + "{db}: written by a newer tmkit (schema 0999_from_the_future); upgrade "
                                       "tmkit to use this database", db=_newer_db),
    "db-newer-import": Case("import {mini}", 1, E + "{db}: written by a newer tmkit (schema 0999_from_the_future); "
                                                "upgrade tmkit to use this database", db=_newer_db),
    "db-newer-check": Case("check", 1, E + "{db}: written by a newer tmkit (schema 0999_from_the_future); upgrade "
                                       "tmkit to use this database", db=_newer_db),
    "db-truncated": Case("search CSTO", 1, E + "{db}: " + NOT_TMKIT, db=_truncated_db),
    "db-truncated-import": Case("import-tmx {bad}/utf16-no-bom.tmx", 1, E + "{db}: " + NOT_TMKIT, db=_truncated_db),
    "db-folder": Case("--db {tmp}/folder stats", 1,
                      E + "{tmp}/folder: is a folder; give a database file, e.g. --db tmkit.db", setup=_folder),
    "db-fifo": Case("--db {tmp}/pipe.db stats", 1,
                    E + "{tmp}/pipe.db: not a regular file; give a database file, e.g. --db tmkit.db",
                    setup=_fifo("pipe.db")),
}


def _context(tmp: Path, big: Path, db: Path, port: int, secret: dict[str, Path]) -> dict[str, str]:
    return {"bad": str(BAD), "tmp": str(tmp), "big": str(big), "db": str(db), "mini": str(MINI),
            "port": str(port), "secret": str(secret["text"]), "secret_dtd": str(secret["dtd"])}


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_input(name: str, tmp_path: Path, template_db: Path, big: Path, http_server,
                       secret_files: dict[str, Path]) -> None:
    case = CASES[name]
    db = tmp_path / "t.db"
    shutil.copyfile(template_db, db)
    if case.db is not None:
        case.db(tmp_path)
    ctx = _context(tmp_path, big, db, http_server.server_port, secret_files)
    for fname, content in make_files(ctx).items():
        (tmp_path / fname).write_text(content, encoding="utf-8")
    if case.setup is not None:
        case.setup(tmp_path)
    before_bytes = db.read_bytes()
    try:
        before_rows = db_rows(db) if _is_sqlite(before_bytes) else None
    except sqlite3.DatabaseError:  # a damaged database: its bytes are compared
        before_rows = None
    hits = len(_Recorder.hits)

    args = case.args.format(**ctx).split()
    if args[0] != "--db":
        args = ["--db", str(db), *args]
    result = run_cli(args, tmp_path)

    where = f"tmkit {' '.join(args)}\n--- stdout\n{result.out}--- stderr\n{result.err}"
    assert "Traceback" not in result.out + result.err, where
    assert result.rc == case.rc, where
    expected = case.err.format(**ctx)
    if case.regex:
        assert re.fullmatch(expected + "\n", result.err), where
    else:
        assert result.err == (expected + "\n" if expected else ""), where
    assert result.out == case.out.format(**ctx), where
    if case.rc != 0:
        assert len(result.err.splitlines()) <= 1 and (not result.err or result.err.startswith(E)), where
    if case.accepted:
        if case.check is not None:
            case.check(db, template_db)
    else:
        assert db.read_bytes() == before_bytes, "the database file changed"
        if before_rows is not None:
            assert db_rows(db) == before_rows, "the database's rows changed"
    assert_nothing_leaked(result.out, result.err, db_text(db) if db.exists() else "")
    if case.no_http:
        assert _Recorder.hits[hits:] == [], "tmkit made an HTTP request"
    if case.rss:
        assert result.rss_mb < MAX_RSS_MB, f"peak memory {result.rss_mb:.0f} MB"
    assert result.seconds < 30, f"took {result.seconds:.1f} s"


def _is_sqlite(data: bytes) -> bool:
    return data.startswith(b"SQLite format 3\x00")


def test_no_request_ever_reached_the_server(http_server) -> None:
    # runs after the table (file order): nothing of any case was fetched
    assert _Recorder.hits == []


# -- the corpus itself ---------------------------------------------------------------------------

def test_corpus_is_complete_and_small() -> None:
    files = [p for p in BAD.rglob("*") if p.is_file() and p.name != "README.md"]
    assert len(files) >= 40
    for p in files:
        assert p.stat().st_size <= 50 * 1024, f"{p} is too big to commit; make it at test time"
    used = " ".join([c.args for c in CASES.values()] + [getattr(c.db, "file", "") for c in CASES.values()])
    unused = [str(p.relative_to(BAD)) for p in files if p.name not in used and p.parent.name not in used]
    assert unused == [], "files of tests/data/bad/ that no case uses"


def test_corpus_is_reproducible(tmp_path: Path) -> None:
    """tests/data/make_bad.py makes the committed files (byte for byte, but for compressed
    ones: another zlib may compress the same data differently)."""
    sys.path.insert(0, str(DATA))
    try:
        import make_bad
    finally:
        sys.path.remove(str(DATA))
    for name, data in make_bad.files().items():
        if not name.endswith((".zip", ".gz")) and name != "zip-renamed.txt":
            assert (BAD / name).read_bytes() == data, name


# -- a read-only database ------------------------------------------------------------------------

def _unprivileged(probe_dir: Path) -> dict:
    """How to run tmkit so that file permissions hold: as is (not root), as user nobody, or
    as root without the capabilities that override permissions (setpriv); skip otherwise."""
    if os.geteuid() != 0:
        return {}
    probe = probe_dir / "probe"
    probe.write_bytes(b"")
    probe.chmod(0o444)
    code = f"open({str(probe)!r}, 'ab')"
    attempts: list[dict] = []
    try:
        import pwd

        pwd.getpwnam("nobody")
        attempts.append({"user": "nobody"})
    except (KeyError, ImportError):
        pass
    setpriv = shutil.which("setpriv")
    if setpriv:
        caps = "-dac_override,-dac_read_search,-fowner"
        attempts.append({"prefix": [setpriv, f"--inh-caps={caps}", f"--bounding-set={caps}"]})
    for how in attempts:
        try:
            r = subprocess.run([*how.get("prefix", []), sys.executable, "-c", code], capture_output=True, text=True,
                               user=how.get("user"), timeout=30)
        except (OSError, subprocess.SubprocessError):
            continue
        if r.returncode != 0 and "PermissionError" in r.stderr:
            return how
    pytest.skip("running as root, and neither user nobody nor setpriv can drop the power to ignore permissions")


@pytest.fixture
def readonly_place(tmp_path: Path):
    """A folder any user can enter (tmp_path's parents may be root's alone)."""
    place = Path(tempfile.mkdtemp(prefix="tmkit-ro-", dir="/tmp"))
    place.chmod(0o755)
    yield place
    for p in sorted(place.rglob("*"), reverse=True):
        p.parent.chmod(0o755)
    shutil.rmtree(place)


@pytest.mark.parametrize("folder_writable", [True, False], ids=["db-0444", "db-0444-in-folder-0555"])
def test_readonly_database(folder_writable: bool, readonly_place: Path, template_db: Path) -> None:
    how = _unprivileged(readonly_place)
    folder = readonly_place / "data"
    folder.mkdir()
    db = folder / "t.db"
    shutil.copyfile(template_db, db)
    db.chmod(0o444)
    shutil.copyfile(BAD / "utf16-no-bom.tmx", readonly_place / "u.tmx")
    (readonly_place / "u.tmx").chmod(0o644)
    folder.chmod(0o755 if folder_writable else 0o555)
    before_bytes, before_rows = db.read_bytes(), db_rows(db)

    def tmkit(*args: str) -> Run:
        return run_cli(["--db", str(db), *args], readonly_place, prefix=how.get("prefix"), user=how.get("user"))

    read_only = f"{E}{db}: the database is read-only; check the file's permissions\n"
    for args in (["import", str(MINI)], ["import-tmx", str(readonly_place / "u.tmx")],
                 ["glossary", "import", str(DATA / "glossary" / "politics.tsv")], ["align"],
                 ["review", "confirm", "1"]):
        r = tmkit(*args)
        assert (r.rc, r.err, r.out) == (1, read_only, ""), args
    r = tmkit("stats")
    assert r.rc == 0 and r.out.startswith("stories   1  (articles 3)\n"), r.err
    r = tmkit("term", "ОДКБ")
    assert r.rc == 0 and r.out.startswith("csto "), r.err
    r = tmkit("search", "CSTO")
    assert r.rc == 0 and "Armenia freezes its participation in the CSTO" in r.out, r.err
    r = tmkit("export", "tmx", "-", "--src", "en", "--tgt", "hy")
    assert r.rc == 0 and r.out.count("<tu ") >= 5, r.err
    assert db.read_bytes() == before_bytes
    assert db_rows(db) == before_rows
