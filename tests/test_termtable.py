"""Glossary tables (tmkit.formats.termtable): OmegaT pair TSV and termbase CSV, exact output and reading."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import DATA
from tmkit.errors import EncodingError, FormatError, InputError, UsageError
from tmkit.formats.termtable import best_match, read_table, slugify, write_table
from tmkit.glossary import read_any, read_file
from tmkit.models import Concept, Term

GLOSSARY = DATA / "glossary"
DOMAINS = {"csto": "organisations", "delimitation": "borders", "44-day-war": "conflict"}


def politics() -> list[Concept]:
    """csto, delimitation and 44-day-war from the fixture TSV, filed under their real domains."""
    return [replace(c, domain=DOMAINS[c.id]) for c in read_file(GLOSSARY / "politics.tsv")]


def concept(cid: str) -> Concept:
    return next(c for c in politics() if c.id == cid)


def written(concepts, fmt: str, src: str | None = None, tgt: str | None = None) -> bytes:
    buf = io.BytesIO()
    write_table(concepts, buf, fmt, src, tgt)
    return buf.getvalue()


def same(c: Concept) -> Concept:
    """A concept as a table keeps it: terms grouped by language (en, ru, hy), source unset."""
    order = {"en": 0, "ru": 1, "hy": 2}
    return replace(c, source=None, terms=sorted(c.terms, key=lambda t: order.get(t.lang, 9)))


CSTO_DEF = "csto: Russia-led military alliance of six post-Soviet states founded in 2002."
DELIM_DEF = ("delimitation: Legal definition of the line of a state border, agreed in treaty texts and on maps, "
             "before demarcation.")
WAR_DEF = "44-day-war: War between Azerbaijan and Armenia over Nagorno-Karabakh from 27 September to 10 November 2020."


# -- OmegaT pair TSV ----------------------------------------------------------------------------

@pytest.mark.parametrize("src, tgt, lines", [
    ("en", "hy", [
        f"Collective Security Treaty Organization\tՀավաքական անվտանգության պայմանագրի կազմակերպություն\t{CSTO_DEF}",
        # an abbreviation gets the target's abbreviation
        f"CSTO\tՀԱՊԿ\t{CSTO_DEF}",
        f"delimitation\tսահմանազատում\t{DELIM_DEF} | note: Not սահմանագծում, which is demarcation. | "
        "deprecated: դելիմիտացիա (Russian loanword heard in speech; write սահմանազատում.)",
        f"border delimitation\tսահմանազատում\t{DELIM_DEF} | note: Not սահմանագծում, which is demarcation. | "
        "deprecated: դելիմիտացիա (Russian loanword heard in speech; write սահմանազատում.)",
        # a deprecated source term is listed, so that OmegaT flags it in source texts
        "delineation\tսահմանազատում\tDEPRECATED, use delimitation (Imprecise; in the Armenia–Azerbaijan process the "
        f"agreed term is delimitation.) | {DELIM_DEF} | note: Not սահմանագծում, which is demarcation. | "
        "deprecated: դելիմիտացիա (Russian loanword heard in speech; write սահմանազատում.)",
        f"44-day war\t44-օրյա պատերազմ\t{WAR_DEF}",
        # an admitted variant gets the preferred target, not the target's variant
        f"Second Karabakh War\t44-օրյա պատերազմ\t{WAR_DEF}",
        "Patriotic War\t44-օրյա պատերազմ\tDEPRECATED, use 44-day war (Azerbaijani official name; quote only, "
        f"with attribution.) | {WAR_DEF}",
    ]),
    ("hy", "ru", [
        "Հավաքական անվտանգության պայմանագրի կազմակերպություն\t"
        f"Организация Договора о коллективной безопасности\t{CSTO_DEF}",
        f"ՀԱՊԿ\tОДКБ\t{CSTO_DEF}",
        f"սահմանազատում\tделимитация\t{DELIM_DEF}",
        "դելիմիտացիա\tделимитация\tDEPRECATED, use սահմանազատում (Russian loanword heard in speech; write "
        f"սահմանազատում.) | {DELIM_DEF}",
        f"44-օրյա պատերազմ\t44-дневная война\t{WAR_DEF} | deprecated: Отечественная война (Azerbaijani official name; "
        "quote only.)",
        f"Արցախյան երկրորդ պատերազմ\t44-дневная война\t{WAR_DEF} | deprecated: Отечественная война (Azerbaijani "
        "official name; quote only.)",
    ]),
])
def test_omegat_tsv_exact_lines(src: str, tgt: str, lines: list[str]) -> None:
    out = written(politics(), "tsv", src, tgt)
    assert not out.startswith(b"\xef\xbb\xbf")  # UTF-8 without BOM
    assert out.decode("utf-8") == (
        "# tmkit glossary export for OmegaT (columns: source, target, comment)\n"
        f"# source={src} target={tgt}\n" + "".join(line + "\n" for line in lines))


def test_tsv_fields_have_no_tabs_or_newlines() -> None:
    c = Concept(id="csto", definition="Russia-led\talliance,\nfounded in 2002.",
                terms=[Term("en", "CSTO"), Term("hy", "ՀԱՊԿ", note="Armenian\tabbreviation\r\nof the name")])
    assert written([c], "tsv", "en", "hy").decode("utf-8").splitlines()[2] == (
        "CSTO\tՀԱՊԿ\tcsto: Russia-led alliance, founded in 2002. | note: Armenian abbreviation of the name")


def test_tsv_skips_concepts_without_a_usable_target_and_counts() -> None:
    only_deprecated = Concept(id="blockade", terms=[Term("en", "blockade"),
                                                    Term("hy", "բլոկադա", status="deprecated", note="Russianism.")])
    no_source = Concept(id="odkb", terms=[Term("ru", "ОДКБ"), Term("hy", "ՀԱՊԿ")])
    buf = io.BytesIO()
    assert write_table(politics() + [only_deprecated, no_source], buf, "tsv", "en", "hy") == 3
    assert b"blockade" not in buf.getvalue() and b"odkb" not in buf.getvalue()


@pytest.mark.parametrize("term, expected", [
    (Term("en", "CSTO", kind="abbreviation"), "ՀԱՊԿ"),
    (Term("en", "Collective Security Treaty Organization"), "Հավաքական անվտանգության պայմանագրի կազմակերպություն"),
    (Term("en", "Collective Security Treaty", kind="variant"), "Հավաքական անվտանգության պայմանագրի կազմակերպություն"),
])
def test_best_match(term: Term, expected: str) -> None:
    assert best_match(term, concept("csto").terms_in("hy")).text == expected


def test_best_match_prefers_preferred_over_same_sort() -> None:
    targets = [Term("hy", "Հավաքական անվտանգության պայմանագրի կազմակերպություն"),
               Term("hy", "ՀԱՊԿ", kind="abbreviation", status="admitted")]
    assert best_match(Term("en", "CSTO", kind="abbreviation"), targets).text.startswith("Հավաքական")
    assert best_match(Term("en", "CSTO"), [Term("hy", "x", status="deprecated")]) is None


def test_tsv_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "glossary.txt"
    assert write_table(politics(), path, "tsv", "en", "hy") == 3
    csto, delim, war = read_table(path)
    assert (csto.id, csto.domain, csto.definition) == (
        "csto", "imported", "Russia-led military alliance of six post-Soviet states founded in 2002.")
    # the pair layout keeps ids, definitions, deprecations and notes; not kinds or admitted status
    assert [(t.lang, t.text, t.status, t.note) for t in delim.terms] == [
        ("en", "delimitation", "preferred", None),
        ("en", "border delimitation", "admitted", None),
        ("en", "delineation", "deprecated",
         "Imprecise; in the Armenia–Azerbaijan process the agreed term is delimitation."),
        ("hy", "սահմանազատում", "preferred", "Not սահմանագծում, which is demarcation."),
        ("hy", "դելիմիտացիա", "deprecated", "Russian loanword heard in speech; write սահմանազատում."),
    ]
    assert war.id == "44-day-war" and war.source == "glossary.txt"


def test_foreign_omegat_glossary_languages_from_file_name() -> None:
    concepts = read_table(GLOSSARY / "en-ru.txt")
    assert [c.id for c in concepts] == ["collective-security-treaty-organization", "csto", "cis", "delimitation"]
    cis = concepts[2]
    # lines with the same source term make one concept; the comment is about the target
    assert cis == Concept(id="cis", domain="imported", terms=[
        Term("en", "CIS"), Term("ru", "СНГ"),
        Term("ru", "Содружество Независимых Государств", status="admitted", note="full name")], source="en-ru.txt")


def test_foreign_glossary_languages_from_header_comment(tmp_path: Path) -> None:
    path = tmp_path / "terms.tsv"
    path.write_text("# source = ru, target = hy-AM\nОДКБ\tՀԱՊԿ\n", encoding="utf-8")
    assert read_table(path) == [Concept(id="concept-1", domain="imported",
                                        terms=[Term("ru", "ОДКБ"), Term("hy", "ՀԱՊԿ")], source="terms.tsv")]


def test_pair_file_of_unknown_languages(tmp_path: Path) -> None:
    path = tmp_path / "terms.tsv"
    path.write_text("CSTO\tՀԱՊԿ\n", encoding="utf-8")
    with pytest.raises(UsageError) as err:
        read_table(path)
    assert str(err.value) == (
        f"{path}: cannot tell the languages of this source<TAB>target glossary; name the file after them "
        "(e.g. en-hy.tsv) or make its first line '# source=en target=hy'")


@pytest.mark.parametrize("line, message", [
    ("CSTO", "expected source<TAB>target<TAB>comment (got 1 column)"),
    ("CSTO\t\tcomment", "expected source<TAB>target<TAB>comment (got 3 columns, an empty term)"),
    ("CSTO\tՀԱՊԿ\tcomment\textra", "expected source<TAB>target<TAB>comment (got 4 columns)"),
])
def test_bad_pair_lines(line: str, message: str, tmp_path: Path) -> None:
    path = tmp_path / "en-hy.tsv"
    path.write_text(f"EU\tԵՄ\n{line}\n", encoding="utf-8")  # "EU" looks like a code (Basque): still a pair
    with pytest.raises(FormatError) as err:
        read_table(path)
    assert str(err.value) == f"{path}:2: {message}"


@pytest.mark.parametrize("fmt, src, tgt, message", [
    ("tsv", None, None, "the tsv format is one language pair: give src and tgt, e.g. --src en --tgt hy"),
    ("tsv", "en", "en", "source and target language are both 'en'"),
    ("csv", "en", None, "give both src and tgt (or neither, for all languages)"),
    ("xlsx", None, None, "unknown table format 'xlsx'; use tsv or csv"),
])
def test_write_usage_errors(fmt: str, src, tgt, message: str) -> None:
    with pytest.raises(UsageError) as err:
        written(politics(), fmt, src, tgt)
    assert str(err.value) == message


# -- termbase CSV ---------------------------------------------------------------------------------

HEADER = ("ID,Domain,Definition,Note,en,en_status,en_kind,en_note,en_flags,ru,ru_status,ru_kind,ru_note,ru_flags,"
          "hy,hy_status,hy_kind,hy_note,hy_flags")


def test_csv_exact_output() -> None:
    out = written([concept("csto"), concept("delimitation")], "csv")
    assert out.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, for Excel and Trados
    assert out[3:].decode("utf-8").split("\r\n") == [
        HEADER,
        "csto,organisations,Russia-led military alliance of six post-Soviet states founded in 2002.,"
        "Armenia froze its participation in 2024; do not write that it left the CSTO.,"
        "Collective Security Treaty Organization|CSTO,preferred|preferred,full|abbreviation,,|case,"
        "Организация Договора о коллективной безопасности|ОДКБ,preferred|preferred,full|abbreviation,,,"
        "Հավաքական անվտանգության պայմանագրի կազմակերպություն|ՀԱՊԿ,preferred|preferred,full|abbreviation,,",
        # RFC 4180: fields with commas are quoted
        'delimitation,borders,"Legal definition of the line of a state border, agreed in treaty texts and on maps, '
        'before demarcation.",,delimitation|border delimitation|delineation,preferred|admitted|deprecated,'
        "full|variant|full,||Imprecise; in the Armenia–Azerbaijan process the agreed term is delimitation.,,"
        "делимитация|делимитация границы,preferred|admitted,full|variant,,,"
        'սահմանազատում|դելիմիտացիա,preferred|deprecated,full|full,"Not սահմանագծում, which is demarcation.|'
        'Russian loanword heard in speech; write սահմանազատում.",',
        "",
    ]


def test_csv_for_two_languages() -> None:
    out = written([concept("csto")], "csv", "en", "hy").decode("utf-8-sig").split("\r\n")
    assert out[0] == ("ID,Domain,Definition,Note,en,en_status,en_kind,en_note,en_flags,"
                      "hy,hy_status,hy_kind,hy_note,hy_flags")
    assert "ОДКБ" not in out[1]


@pytest.mark.parametrize("cid", ["csto", "delimitation", "44-day-war"])
def test_csv_round_trip_is_lossless(cid: str, tmp_path: Path) -> None:
    path = tmp_path / "glossary.csv"
    assert write_table([concept(cid)], path, "csv") == 1
    (back,) = read_table(path)
    assert same(back) == same(concept(cid))
    assert back.source == "glossary.csv"


def test_csv_round_trip_of_the_real_glossary(tmp_path: Path) -> None:
    from conftest import ROOT
    from tmkit.glossary import read_folder

    if not any((ROOT / "glossary").glob("*.tsv")):
        pytest.skip("no glossary/*.tsv")
    concepts = read_folder(ROOT / "glossary")
    path = tmp_path / "all.csv"
    write_table(concepts, path, "csv")
    assert [same(c) for c in read_table(path)] == [same(c) for c in concepts]


def test_csv_refuses_the_synonym_separator_in_data() -> None:
    c = Concept(id="armenia-azerbaijan", terms=[Term("en", "Armenia|Azerbaijan")])
    with pytest.raises(FormatError) as err:
        written([c], "csv")
    assert str(err.value) == ("concept armenia-azerbaijan: en term 'Armenia|Azerbaijan': '|' separates synonyms in "
                              "the CSV layout and cannot appear in a term or its note; export TBX instead")


def test_read_any_dispatches_tables(tmp_path: Path) -> None:
    for name, fmt in (("g.csv", "csv"), ("en-hy.tsv", "tsv")):
        path = tmp_path / name
        write_table(politics(), path, fmt, *(("en", "hy") if fmt == "tsv" else ()))
        assert [c.id for c in read_any(path)] == ["csto", "delimitation", "44-day-war"]


def test_hand_made_semicolon_csv() -> None:
    """Excel in a European locale: ';', language names with regions, aliases, no ids for some rows."""
    csto, demarcation = read_table(GLOSSARY / "handmade-semicolon.csv")
    assert csto == Concept(
        id="csto", domain="organisations",
        definition="Russia-led military alliance of six post-Soviet states founded in 2002.",
        terms=[Term("en", "Collective Security Treaty Organization"), Term("en", "CSTO"),
               Term("ru", "Организация Договора о коллективной безопасности"), Term("ru", "ОДКБ"),
               Term("hy", "ՀԱՊԿ")], source="handmade-semicolon.csv")
    assert (demarcation.id, demarcation.domain) == ("demarcation", "borders")
    assert demarcation.definition == ("Physical marking on the ground of an already delimited border line; "
                                      "pillars, signs or fences.")


def test_rows_with_one_id_merge(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text("ID,Definition,en,ru,hy\n"
                    "delimitation,Legal definition of a border line.,delimitation,делимитация,սահմանազատում\n"
                    "delimitation,,border delimitation,делимитация границы,\n", encoding="utf-8")
    (c,) = read_table(path)
    assert [t.text for t in c.terms] == ["delimitation", "делимитация", "սահմանազատում",
                                         "border delimitation", "делимитация границы"]
    assert c.definition == "Legal definition of a border line."


# -- broken tables ----------------------------------------------------------------------------------

@pytest.mark.parametrize("content, message", [
    ("Term,Translation\nCSTO,ՀԱՊԿ\n", "{path}:1: no 'en' column; the header must name languages, e.g. en,ru,hy"),
    ("ID,ru,hy\ncsto,ОДКБ,ՀԱՊԿ\n", "{path}:1: no 'en' column; the header must name languages, e.g. en,ru,hy"),
    ("ID,en,Definiton\ncsto,CSTO,alliance\n",
     "{path}:1: unknown column 'Definiton'; columns are ID, Domain, Definition, Note, language codes (en, ru, hy) "
     "and <lang>_status, _kind, _note, _flags"),
    ("en,en\nCSTO,ОДКБ\n", "{path}:1: column 'en' appears twice"),
    ("en,hy_status\nCSTO,preferred\n", "{path}:1: column 'hy_status' but no 'hy' column"),
    ("ID,en\ncsto,CSTO,ОДКБ\n", "{path}:2: 3 cells, but the header has 2 columns"),
    ("en,en_status\nCSTO|Collective Security Treaty Organization,preferred\n",
     "{path}:2: column 'en_status' has 1 values for 2 terms in column 'en'"),
    ("en,en_status\nCSTO,forbidden\n",
     "{path}:2: status 'forbidden' in 'en_status' is not one of preferred, admitted, deprecated"),
    ("en,en_kind\nCSTO,acronym\n", "{path}:2: kind 'acronym' in 'en_kind' is not one of full, abbreviation, variant"),
    ("en,en_flags\nCSTO,loud\n", "{path}:2: flag 'loud' in 'en_flags' is not one of homonym, case"),
    ("en\nCSTO||ОДКБ\n", "{path}:2: empty synonym in column 'en' (two '|' in a row?)"),
    ("ID,Definition,en\ncsto,Alliance.,CSTO\n\ncsto,Bloc.,ОДКБ\n",
     "{path}:4: concept 'csto' has another definition on an earlier row"),
    ('ID,Definition,en\ncsto,"Russia-led\nalliance",CSTO\ncsto,Bloc.,ОДКБ\n',
     "{path}:4: concept 'csto' has another definition on an earlier row"),
])
def test_bad_csv(content: str, message: str, tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(FormatError) as err:
        read_table(path)
    assert str(err.value) == message.format(path=path)


@pytest.mark.parametrize("content, error, message", [
    (b"", InputError, "{path}: the file is empty"),
    (b"# only a comment\n", InputError, "{path}: no glossary rows, only comments"),
    (b"ID,en,ru\n", InputError, "{path}: no glossary rows after the header"),
    ("ID,en,ru\ncsto,CSTO,ОДКБ\n".encode("cp1251"), EncodingError,
     "{path}: not valid UTF-8 (line 2, byte 19). Save it as UTF-8"),
    (b"PK\x03\x04 an xlsx file", InputError,
     "{path}: this is a ZIP archive (or a .docx/.xlsx/.odt file), not a text file"),
])
def test_unreadable_tables(content: bytes, error, message: str, tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_bytes(content)
    with pytest.raises(error) as err:
        read_table(path)
    assert str(err.value) == message.format(path=path)


def test_write_path_errors_leave_nothing(tmp_path: Path) -> None:
    bad = [Concept(id="x", terms=[Term("en", "a|b")])]
    with pytest.raises(FormatError):
        write_table(politics() + bad, tmp_path / "g.csv", "csv")
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(InputError, match="is a folder; give a file name such as en-hy.txt"):
        write_table(politics(), tmp_path, "tsv", "en", "hy")


def test_text_stream_output() -> None:
    buf = io.StringIO()
    assert write_table([concept("csto")], buf, "tsv", "ru", "en") == 1
    assert buf.getvalue().splitlines()[2] == (
        f"Организация Договора о коллективной безопасности\tCollective Security Treaty Organization\t{CSTO_DEF}")


@pytest.mark.parametrize("text, slug", [
    ("Collective Security Treaty Organization", "collective-security-treaty-organization"),
    ("Nagorno-Karabakh", "nagorno-karabakh"),
    ("Aliyev’s “peace agenda”", "aliyevs-peace-agenda"),
    ("Étienne", "etienne"),
    ("ՀԱՊԿ", ""),
])
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug


# -- a real CAT tool ----------------------------------------------------------------------------------

OMEGAT_JAR = Path("/usr/share/omegat/OmegaT.jar")


@pytest.mark.parametrize("name", ["en-hy.txt", "en-hy.utf8"])
def test_omegat_reads_the_tsv_export(name: str, tmp_path: Path) -> None:
    """OmegaT's own glossary reader sees exactly our lines, even under a Windows code page."""
    import shutil
    import subprocess

    java = shutil.which("java")
    if java is None or not OMEGAT_JAR.exists():
        pytest.skip("OmegaT (apt-get install omegat) and java not available")
    path = tmp_path / name
    write_table(politics(), path, "tsv", "en", "hy")
    run = subprocess.run(
        [java, "-Dfile.encoding=Cp1252", "-cp", str(OMEGAT_JAR), str(GLOSSARY / "ReadOmegaTGlossary.java"), str(path)],
        capture_output=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr.decode("utf-8", "replace")
    expected = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert run.stdout.decode("utf-8").splitlines() == expected


def test_our_glossary_source_format_is_handed_to_the_glossary_reader() -> None:
    """A glossary/*.tsv file starting with comment lines still reads as the TSV source format."""
    assert read_table(GLOSSARY / "politics.tsv") == read_file(GLOSSARY / "politics.tsv")
    assert read_any(GLOSSARY / "politics.tsv") == read_file(GLOSSARY / "politics.tsv")
