"""TBX export/import (tmkit.formats.tbx): exact output, schema validity, round trips, hostile files."""

from __future__ import annotations

import http.server
import io
import threading
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from conftest import DATA, ROOT, SCHEMAS
from tmkit import __version__
from tmkit.errors import FormatError, InputError
from tmkit.formats.tbx import read_tbx, write_tbx
from tmkit.glossary import read_any, read_file, read_folder
from tmkit.models import Concept, Term

GLOSSARY = DATA / "glossary"
TBX_SCHEMAS = SCHEMAS / "tbx"
NS = {"t": "urn:iso:std:iso:30042:ed-2"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SECRET = "TOP-SECRET-7f3a9c"


def politics() -> list[Concept]:
    """csto, delimitation and 44-day-war from the fixture TSV (our own source format)."""
    return read_file(GLOSSARY / "politics.tsv")


def csto() -> Concept:
    """The CSTO concept, filed under its real glossary domain."""
    return replace(next(c for c in politics() if c.id == "csto"), domain="organisations")


def to_bytes(concepts, **kw) -> bytes:
    buf = io.BytesIO()
    write_tbx(concepts, buf, **kw)
    return buf.getvalue()


def same(concept: Concept) -> Concept:
    """A concept as TBX keeps it: terms grouped by language (en, ru, hy), source unset."""
    order = {"en": 0, "ru": 1, "hy": 2}
    return replace(concept, source=None, terms=sorted(concept.terms, key=lambda t: order.get(t.lang, 9)))


def round_trip(concepts, tmp_path: Path, **kw) -> list[Concept]:
    path = tmp_path / "out.tbx"
    write_tbx(concepts, path, **kw)
    return read_tbx(path)


# -- writing -------------------------------------------------------------------------------

def test_exact_output() -> None:
    expected = (GLOSSARY / "csto-expected.tbx").read_text(encoding="utf-8").replace("@VERSION@", __version__)
    assert to_bytes([csto()]).decode("utf-8") == expected


def test_returns_count_and_skips_concepts_without_terms_in_langs() -> None:
    only_ru = Concept(id="odkb-only", domain="organisations", terms=[Term("ru", "ОДКБ", kind="abbreviation")])
    buf = io.BytesIO()
    assert write_tbx(politics() + [only_ru], buf, langs=["en", "hy"]) == 3
    doc = etree.fromstring(buf.getvalue())
    assert doc.xpath("//t:conceptEntry/@id", namespaces=NS) == ["csto", "delimitation", "_44-day-war"]
    assert sorted(set(doc.xpath("//t:langSec/@xml:lang", namespaces=NS))) == ["en", "hy"]


def test_langs_order_the_sections() -> None:
    doc = etree.fromstring(to_bytes([csto()], langs=["hy", "en"]))
    assert [s.get(XML_LANG) for s in doc.iterfind(".//t:langSec", NS)] == ["hy", "en"]


def test_empty_glossary_is_still_valid_tbx() -> None:
    out = to_bytes([])
    assert b"<text></text>" in out and b"<body" not in out
    rng = relaxng()
    assert rng.validate(etree.fromstring(out)), rng.error_log


@pytest.mark.parametrize("concept, where", [
    # with English terms the English definition sits in the English langSec …
    (Concept(id="csto", definition="Russia-led military alliance.", terms=[Term("en", "CSTO"), Term("hy", "ՀԱՊԿ")]),
     "langSec"),
    # … without them at conceptEntry level, marked as English
    (Concept(id="csto", definition="Russia-led military alliance.", terms=[Term("ru", "ОДКБ"), Term("hy", "ՀԱՊԿ")]),
     "conceptEntry"),
])
def test_definition_placement(concept: Concept, where: str, tmp_path: Path) -> None:
    doc = etree.fromstring(to_bytes([concept]))
    definition = doc.find(".//t:descrip[@type='definition']", NS)
    assert etree.QName(definition.getparent()).localname == where
    if where == "langSec":
        assert definition.getparent().get(XML_LANG) == "en" and definition.get(XML_LANG) is None
    else:
        assert definition.get(XML_LANG) == "en"
    assert round_trip([concept], tmp_path)[0].definition == "Russia-led military alliance."


def test_id_starting_with_a_digit_is_escaped_and_restored(tmp_path: Path) -> None:
    war = next(c for c in politics() if c.id == "44-day-war")
    assert b'<conceptEntry id="_44-day-war">' in to_bytes([war])
    assert round_trip([war], tmp_path)[0].id == "44-day-war"


@pytest.mark.parametrize("concepts, message", [
    ([Concept(id="csto", terms=[Term("en", "CSTO")]), Concept(id="csto", terms=[Term("en", "ОДКБ")])],
     "concept id 'csto' is used twice; TBX ids must be unique"),
    ([Concept(id="csto", terms=[Term("en", "CSTO\x01")])], "concept csto: All strings must be XML compatible"),
    ([Concept(id="csto", terms=[Term("en", "CSTO", kind="acronym")])],
     "concept csto: term 'CSTO' has unknown kind 'acronym'"),
    ([Concept(id="csto", terms=[Term("en", "CSTO", status="forbidden")])],
     "concept csto: term 'CSTO' has unknown status 'forbidden'"),
    ([Concept(id="cs to", terms=[Term("en", "CSTO")])], "concept id 'cs to' cannot be a TBX id"),
])
def test_data_tbx_cannot_hold(concepts, message: str) -> None:
    with pytest.raises(FormatError) as err:
        to_bytes(concepts)
    assert str(err.value).startswith(message)


def test_failed_export_leaves_no_file(tmp_path: Path) -> None:
    target = tmp_path / "glossary.tbx"
    twice = [Concept(id="csto", terms=[Term("en", "CSTO")])] * 2
    with pytest.raises(FormatError):
        write_tbx(twice, target)
    assert list(tmp_path.iterdir()) == []


def test_bad_output_paths(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a folder; give a file name such as glossary.tbx"):
        write_tbx(politics(), tmp_path)
    with pytest.raises(InputError, match="does not exist"):
        write_tbx(politics(), tmp_path / "nope" / "g.tbx")


def test_writer_streams_one_entry_per_concept() -> None:
    """Each entry is on the stream before the next concept is even asked for."""
    buf = io.BytesIO()
    seen: list[bytes] = []

    def concepts():
        for c in politics():
            seen.append(buf.getvalue())
            yield c

    write_tbx(concepts(), buf)
    assert b'id="csto"' not in seen[0]
    # lxml's xmlfile buffers a little; by the third concept the first must be out
    assert b'id="csto"' in seen[2]


# -- validity ------------------------------------------------------------------------------

def relaxng() -> etree.RelaxNG:
    rng = TBX_SCHEMAS / "TBXcoreStructV03.rng"
    if not rng.exists():
        pytest.skip(f"{rng} not available")
    return etree.RelaxNG(etree.parse(str(rng)))


def real_glossary() -> list[Concept]:
    folder = ROOT / "glossary"
    if not any(folder.glob("*.tsv")):
        pytest.skip("no glossary/*.tsv")
    return read_folder(folder)


@pytest.mark.parametrize("source", ["fixture", "glossary"])
def test_export_validates_against_tbx_core_rng(source: str) -> None:
    rng = relaxng()
    concepts = politics() if source == "fixture" else real_glossary()
    doc = etree.fromstring(to_bytes(concepts))
    assert rng.validate(doc), rng.error_log.last_error


def test_official_example_is_valid_for_our_rng_setup() -> None:
    rng = relaxng()
    assert rng.validate(etree.parse(str(TBX_SCHEMAS / "Example_Astronomy_DCA_VALID.tbx")))


class Schematron:
    """TBX-Basic_DCA.sch run by Saxon (saxonche).

    The Schematron says ``queryBinding="xslt2"``; it is compiled with the ISO Schematron
    skeleton that ships inside lxml (``iso_svrl_for_xslt1.xsl``, the only skeleton on
    PyPI), which refuses that binding by name, so it is told ``xslt``. The compiled
    stylesheet then runs in Saxon, an XSLT 3 processor, where the XPath 2 functions the
    rules use (``matches``, ``./local-name()``) work.
    """

    def __init__(self) -> None:
        saxonche = pytest.importorskip("saxonche", reason="saxonche not installed (pip install saxonche)",
                                       exc_type=ImportError)  # absent or broken: skip either way
        import lxml

        sch = TBX_SCHEMAS / "TBX-Basic_DCA.sch"
        skeleton = (Path(lxml.__file__).parent / "isoschematron" / "resources" / "xsl"
                    / "iso-schematron-xslt1" / "iso_svrl_for_xslt1.xsl")
        if not sch.exists() or not skeleton.exists():
            pytest.skip("TBX-Basic Schematron or the ISO Schematron skeleton not available")
        text = sch.read_text(encoding="utf-8-sig").replace('queryBinding="xslt2"', 'queryBinding="xslt"')
        self.proc = saxonche.PySaxonProcessor(license=False)
        xslt = self.proc.new_xslt30_processor()
        compiled = xslt.compile_stylesheet(stylesheet_file=str(skeleton)).transform_to_string(
            xdm_node=self.proc.parse_xml(xml_text=text))
        self.validator = xslt.compile_stylesheet(stylesheet_text=compiled)

    def failures(self, data: bytes) -> tuple[int, list[str]]:
        """(rules fired, failed assertions as "location: message")."""
        svrl = self.validator.transform_to_string(xdm_node=self.proc.parse_xml(xml_text=data.decode("utf-8")))
        report = etree.fromstring(svrl.encode("utf-8"))
        ns = {"svrl": "http://purl.oclc.org/dsdl/svrl"}
        fired = len(report.findall("svrl:fired-rule", ns))
        failed = [f"{f.get('location')}: {' '.join(f.findtext('svrl:text', '', ns).split())}"
                  for f in report.iterfind("svrl:failed-assert", ns)]
        return fired, failed


@pytest.fixture(scope="module")
def schematron() -> Schematron:
    return Schematron()


@pytest.mark.parametrize("source", ["fixture", "glossary"])
def test_export_passes_tbx_basic_schematron(schematron: Schematron, source: str) -> None:
    concepts = politics() if source == "fixture" else real_glossary()
    fired, failed = schematron.failures(to_bytes(concepts))
    assert failed == []
    assert fired > 50  # the rules did look at the document


def test_schematron_harness_catches_errors(schematron: Schematron) -> None:
    """The check above is not vacuous: data categories or levels TBX-Basic forbids fail."""
    data = to_bytes([csto()])
    data = data.replace(b'type="termType">fullForm<', b'type="termType">longForm<', 1)
    data = data.replace(b'<descrip type="subjectField">', b'<descrip type="usageNote">', 1)
    _, failed = schematron.failures(data)
    assert any("/termType/ type may be" in f for f in failed)
    assert any("Permitted type value(s): subjectField, context, definition" in f for f in failed)


# -- reading -------------------------------------------------------------------------------

@pytest.mark.parametrize("concept_id", ["csto", "delimitation", "44-day-war"])
def test_round_trip_is_lossless(concept_id: str, tmp_path: Path) -> None:
    original = next(c for c in politics() if c.id == concept_id)
    (back,) = round_trip([original], tmp_path)
    assert same(back) == same(original)
    assert back.source == "out.tbx"


def test_round_trip_of_the_real_glossary(tmp_path: Path) -> None:
    concepts = real_glossary()
    assert [same(c) for c in round_trip(concepts, tmp_path)] == [same(c) for c in concepts]


def test_round_trip_keeps_deprecated_notes_usage_and_flags(tmp_path: Path) -> None:
    by_id = {c.id: c for c in round_trip(politics(), tmp_path)}
    assert by_id["csto"].usage == "Armenia froze its participation in 2024; do not write that it left the CSTO."
    assert [t.flags for t in by_id["csto"].terms_in("en")] == [(), ("case",)]
    assert [(t.text, t.status, t.note) for t in by_id["delimitation"].terms_in("hy")] == [
        ("սահմանազատում", "preferred", "Not սահմանագծում, which is demarcation."),
        ("դելիմիտացիա", "deprecated", "Russian loanword heard in speech; write սահմանազատում."),
    ]


def test_read_any_dispatches_tbx(tmp_path: Path) -> None:
    path = tmp_path / "export.tbx"
    write_tbx(politics(), path)
    assert [c.id for c in read_any(path)] == ["csto", "delimitation", "44-day-war"]


def test_official_tbx_basic_example_reads() -> None:
    example = TBX_SCHEMAS / "Example_Astronomy_DCA_VALID.tbx"
    if not example.exists():
        pytest.skip(f"{example} not available")
    concepts = read_tbx(example)
    assert len(concepts) == 45
    first = concepts[0]
    assert (first.id, first.domain) == ("c1", "General")
    # the definition comes from the English langSec, whitespace of the pretty-printed file collapsed
    assert first.definition == "A group of stars formed together in the spiral arms of a galaxy."
    assert first.usage == "G-Source: http://www.physics.drexel.edu/observatory/dump.shtml"
    assert [(t.lang, t.text, t.status) for t in first.terms] == [
        ("en", "open cluster", "preferred"), ("en", "galactic cluster", "deprecated"),
        ("es", "cúmulo abierto", "preferred")]
    assert first.terms[1].note.startswith("Another name for an open star cluster.")
    assert first.terms[1].note.endswith("N-Source: http://www.delscope.demon.co.uk/astronomy/glossary.htm#G")


def test_tbx_v2_martif_file() -> None:
    """TBX-Basic 2008: martif, termEntry/langSet/tig/ntig, regional tags, DOCTYPE not loaded."""
    csto_, delim = read_tbx(GLOSSARY / "csto-tbx2-martif.tbx")
    assert csto_ == Concept(
        id="csto-1", domain="organisations",
        definition="Russia-led military alliance of six post-Soviet states founded in 2002.",
        terms=[Term("en", "Collective Security Treaty Organization"), Term("en", "CSTO", kind="abbreviation"),
               Term("ru", "ОДКБ", kind="abbreviation"), Term("hy", "ՀԱՊԿ", kind="abbreviation")],
        source="csto-tbx2-martif.tbx")
    # no id: the slug of its first English term; no subject field: "imported";
    # superseded → deprecated, with a note since tmkit wants a reason for each
    assert delim == Concept(
        id="delimitation", domain="imported",
        terms=[Term("en", "delimitation"), Term("en", "delineation", status="deprecated", note="Superseded term."),
               Term("hy", "սահմանազատում", note="Not սահմանագծում, which is demarcation.")],
        source="csto-tbx2-martif.tbx")


def test_tbx_v3_dct_style() -> None:
    (concept,) = read_tbx(GLOSSARY / "delimitation-dct.tbx")
    assert concept == Concept(
        id="delimitation", domain="borders", definition="Legal definition of the line of a state border.",
        terms=[Term("en", "delimitation"), Term("en", "border delimitation", kind="variant", status="admitted"),
               Term("ru", "делимитация"),
               Term("hy", "դելիմիտացիա", status="deprecated",
                    note="Russian loanword heard in speech; Armenian official and media usage is սահմանազատում.")],
        source="delimitation-dct.tbx")


def tbx(body: str, doctype: str = "") -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + (doctype + "\n" if doctype else "")
            + '<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">'
            '<tbxHeader><fileDesc><sourceDesc><p>t</p></sourceDesc></fileDesc></tbxHeader>'
            f'<text><body>{body}</body></text></tbx>\n')


def entry(term: str, cid: str = "csto") -> str:
    return (f'<conceptEntry id="{cid}"><langSec xml:lang="en"><termSec><term>{term}</term></termSec></langSec>'
            '</conceptEntry>')


def test_ids_are_made_unique_and_clean(tmp_path: Path) -> None:
    path = tmp_path / "g.tbx"
    path.write_text(tbx('<conceptEntry id="Entry_12"><langSec xml:lang="en"><termSec><term>CSTO</term></termSec>'
                        '</langSec></conceptEntry>'
                        '<conceptEntry><langSec xml:lang="hy"><termSec><term>ՀԱՊԿ</term></termSec></langSec>'
                        '</conceptEntry>'
                        '<conceptEntry><langSec xml:lang="en"><termSec><term>CSTO</term></termSec></langSec>'
                        '</conceptEntry>'
                        '<conceptEntry id="csto"><langSec xml:lang="en"><termSec><term>CSTO</term></termSec></langSec>'
                        '</conceptEntry>'), encoding="utf-8")
    assert [c.id for c in read_tbx(path)] == ["entry-12", "concept-2", "csto-2", "csto"]


@pytest.mark.parametrize("body, message", [
    (entry("CSTO") + entry("ОДКБ"), "g.tbx:1: concept id 'csto' is also used on line 1"),
    ('<conceptEntry id="a"><langSec><termSec><term>CSTO</term></termSec></langSec></conceptEntry>',
     "g.tbx:1: <langSec> without xml:lang"),
    ('<conceptEntry id="a"><langSec xml:lang="e n"><termSec><term>CSTO</term></termSec></langSec></conceptEntry>',
     "g.tbx:1: xml:lang='e n' is not a language tag"),
    ('<conceptEntry id="a"><langSec xml:lang="en"><termSec><term> </term></termSec></langSec></conceptEntry>',
     "g.tbx:1: <termSec> without term text"),
    ('<conceptEntry id="a"><langSec xml:lang="en"><termSec><term>CSTO</term><note>tmkit-flags: loud</note>'
     '</termSec></langSec></conceptEntry>', "g.tbx:1: unknown tmkit flag 'loud' (known: homonym, case)"),
])
def test_unusable_entries(body: str, message: str, tmp_path: Path) -> None:
    path = tmp_path / "g.tbx"
    path.write_text(tbx(body).replace("\n", ""), encoding="utf-8")
    with pytest.raises(FormatError) as err:
        read_tbx(path)
    assert str(err.value) == f"{tmp_path}/{message}"


# -- hostile and broken files --------------------------------------------------------------

@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(SECRET, encoding="utf-8")
    return path


@pytest.fixture
def http_server():
    """A local HTTP server recording every request (to prove the reader never fetches)."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server API)
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(f'<!ENTITY ext "{SECRET}">'.encode())

        def log_message(self, *args) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()
    server.server_close()


BILLION_LAUGHS = "<!DOCTYPE tbx [\n <!ENTITY lol \"lol\">\n" + "".join(
    f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n' for i in range(1, 10)) + "]>"


@pytest.mark.parametrize("doctype, term, message", [
    # XXE: an external entity reading a local file
    ('<!DOCTYPE tbx [<!ENTITY xxe SYSTEM "file://{secret}">]>', "&xxe;",
     "DTDs and entities are not allowed in TBX files (the DOCTYPE declares entity 'xxe')"),
    # the same through a parameter entity, expanded inside the DTD
    ('<!DOCTYPE tbx [<!ENTITY % p SYSTEM "file://{secret}"> %p;]>', "CSTO",
     "DTDs and entities are not allowed in TBX files (the DOCTYPE declares entity 'p')"),
    # billion laughs
    (BILLION_LAUGHS, "&lol9;",
     "DTDs and entities are not allowed in TBX files (the DOCTYPE declares entity 'lol')"),
    # an internal entity is refused as well: no DOCTYPE games at all
    ('<!DOCTYPE tbx [<!ENTITY org "CSTO">]>', "&org;",
     "DTDs and entities are not allowed in TBX files (the DOCTYPE declares entity 'org')"),
])
def test_entities_are_refused(doctype: str, term: str, message: str, tmp_path: Path, secret_file: Path) -> None:
    path = tmp_path / "evil.tbx"
    path.write_text(tbx(entry(term), doctype.replace("{secret}", str(secret_file))), encoding="utf-8")
    with pytest.raises(FormatError) as err:
        read_tbx(path)
    assert str(err.value) == f"{path}: {message}"
    assert SECRET not in str(err.value)


def test_external_dtd_is_never_fetched(tmp_path: Path, http_server) -> None:
    url, hits = http_server
    doctype = f'<!DOCTYPE tbx SYSTEM "{url}/TBXcoreStructV03.dtd">'
    plain = tmp_path / "plain.tbx"
    plain.write_text(tbx(entry("CSTO"), doctype), encoding="utf-8")
    # a DOCTYPE naming an external DTD (as TBX v2 files have) is fine: it is ignored
    assert [t.text for t in read_tbx(plain)[0].terms] == ["CSTO"]
    # an entity that only that DTD could define cannot be resolved: refused, not fetched
    evil = tmp_path / "evil.tbx"
    evil.write_text(tbx(entry("&ext;"), doctype), encoding="utf-8")
    with pytest.raises(FormatError) as err:
        read_tbx(evil)
    assert str(err.value) == (f"{evil}:3: entity reference &ext; cannot be resolved: "
                              "DTDs and entities are not allowed in TBX files")
    assert hits == []


def test_no_secret_in_any_output_of_a_hostile_file(tmp_path: Path, secret_file: Path) -> None:
    """Whatever happens, the content of a local file never reaches concepts or messages."""
    path = tmp_path / "evil.tbx"
    path.write_text(tbx(entry("&xxe;"), f'<!DOCTYPE tbx [<!ENTITY xxe SYSTEM "file://{secret_file}">]>'),
                    encoding="utf-8")
    try:
        result = repr(read_tbx(path))
    except FormatError as exc:
        result = str(exc)
    assert SECRET not in result


@pytest.mark.parametrize("content, message", [
    ('<?xml version="1.0"?>\n<tmx version="1.4"><header srclang="en"/><body/></tmx>\n',
     "{path}: not a TBX file (root element <tmx>)"),
    ("<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>CSTO</title></head><body><p>ОДКБ<br></body></html>",
     "{path}: not a TBX file (root element <html>)"),
    (tbx(entry("CSTO"))[:300], "{path}:2:262: malformed XML: expected '>'"),  # truncated
    ("CSTO\tОДКБ\n", "{path}:1:1: malformed XML: Start tag expected, '<' not found"),
])
def test_not_tbx_or_broken(content: str, message: str, tmp_path: Path) -> None:
    path = tmp_path / "g.tbx"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(FormatError) as err:
        read_tbx(path)
    assert str(err.value) == message.format(path=path)


def test_not_utf8_xml_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "g.tbx"
    path.write_bytes(tbx(entry("ОДКБ")).encode("utf-8").replace("ОДКБ".encode("utf-8"), "ОДКБ".encode("cp1251")))
    with pytest.raises(FormatError) as err:
        read_tbx(path)
    assert str(err.value) == f"{path}:2:235: malformed XML: Invalid bytes in character encoding"


@pytest.mark.parametrize("make, error, message", [
    (lambda p: p.write_bytes(b""), InputError, "{path}: the file is empty"),
    (lambda p: None, InputError, "{path}: no such file"),
    (lambda p: p.mkdir(), InputError, "{path}: is a folder, not a file"),
])
def test_missing_or_empty(make, error, message: str, tmp_path: Path) -> None:
    path = tmp_path / "g.tbx"
    make(path)
    with pytest.raises(error) as err:
        read_tbx(path)
    assert str(err.value) == message.format(path=path)
