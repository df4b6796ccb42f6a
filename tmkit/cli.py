"""The ``tmkit`` command line: parses arguments, calls the library, prints.

No SQL and no XML here. Library modules are imported inside the commands, so that a
quick command such as ``tmkit term`` loads only what it needs.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

import click

from tmkit import __version__
from tmkit.errors import TmkitError

T = TypeVar("T")

DEFAULT_DB = "tmkit.db"


class TmkitGroup(click.Group):
    """A click group that turns library errors into one line on stderr and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TmkitError as exc:
            click.echo(f"tmkit: error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except BrokenPipeError:
            # `tmkit export tmx - | head`: the reader went away, which is not an error
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(0)
        except KeyboardInterrupt:
            click.echo("tmkit: interrupted", err=True)
            ctx.exit(130)


class Obj:
    """Options of the top-level group, shared with the commands."""

    def __init__(self, db: str):
        self.db = db

    def store(self, *, readonly: bool = False, create: bool = True) -> Any:
        from tmkit.store import open_store

        return open_store(self.db, readonly=readonly, create=create)

    @contextlib.contextmanager
    def importing(self) -> Iterator[Any]:
        """The store for an import; a database that the failed import created is removed
        again, so a mistyped file name does not leave an empty database behind."""
        fresh = self.db != ":memory:" and not os.path.lexists(self.db)
        try:
            with self.store() as store:
                yield store
        except BaseException:
            if fresh:
                for suffix in ("", "-wal", "-shm"):
                    with contextlib.suppress(OSError):
                        os.unlink(self.db + suffix)
            raise


def progress(items: Iterable[T], length: int | None, label: str) -> Iterator[T]:
    """A progress bar on stderr when it is a terminal; the items unchanged otherwise."""
    if not sys.stderr.isatty() or (length is not None and length < 2):
        yield from items
        return
    with click.progressbar(items, length=length, label=label, file=sys.stderr) as bar:
        yield from bar


def echo_json(data: Any) -> None:
    """Print ``data`` as indented JSON on stdout."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def info(message: str) -> None:
    """A message for the user, on stderr (stdout carries data only)."""
    click.echo(message, err=True)


@click.group(cls=TmkitGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="tmkit")
@click.option("--db", "db", metavar="PATH", envvar="TMKIT_DB", default=DEFAULT_DB, show_default=True,
              help="The translation-memory database (also set by TMKIT_DB).")
@click.pass_context
def cli(ctx: click.Context, db: str) -> None:
    """tmkit: a translation memory for Armenian, Russian and English news.

    \b
    Typical session:
      tmkit import corpora/            import articles (one folder per story)
      tmkit align                      align the languages of every story
      tmkit export tmx en-hy.tmx --src en --tgt hy
      tmkit term ОДКБ                  look a term up in all three languages

    Run `tmkit COMMAND --help` for the options of each command.
    """
    ctx.obj = Obj(db)


# -- import, segment, align ----------------------------------------------------------------

@cli.command("import")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--lang", help="Language of the files when their names do not say (en, ru, hy).")
@click.option("--story", help="Story slug to file the articles under (default: folder or file name).")
@click.option("--encoding", help="Encoding of files that are not UTF-8, e.g. cp1251.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.pass_obj
def import_cmd(obj: Obj, paths: tuple[str, ...], lang: str | None, story: str | None,
               encoding: str | None, as_json: bool) -> None:
    """Import articles (.txt, .md, .html) and story folders.

    A story folder holds one file per language (en.txt, ru.txt, hy.html …) and an
    optional story.toml with title, url, outlet and date per language. Importing the
    same text again changes nothing; a changed file replaces that article.

    \b
    Examples:
      tmkit import corpora/
      tmkit import article.hy.html --story tavush-border
      tmkit import old-news.txt --lang ru --encoding cp1251
    """
    from tmkit.importers.articles import import_paths
    from tmkit.langs import parse_lang

    lang = parse_lang(lang) if lang else None
    with obj.importing() as store:
        report = import_paths(store, list(paths), lang=lang, encoding=encoding, story=story,
                              progress=progress)
    for warning in report.skipped:
        info(f"tmkit: warning: {warning}")
    if as_json:
        echo_json(report.as_dict())
    else:
        info(report.summary())


@cli.command()
@click.argument("file", default="-", metavar="[FILE|-]")
@click.option("--lang", required=True, help="Language of the text: en, ru or hy.")
@click.option("--paragraphs", is_flag=True, help="Separate paragraphs by a blank line.")
@click.option("--markdown", is_flag=True, help="Treat the input as Markdown (default for .md files).")
@click.option("--encoding", help="Encoding of a file that is not UTF-8.")
def segment(file: str, lang: str, paragraphs: bool, markdown: bool, encoding: str | None) -> None:
    """Split a text into sentences, one per line.

    Reads FILE (or standard input). Paragraphs are separated by blank lines in the input;
    every line of a block without blank lines is a paragraph of its own.

    \b
    Example:
      tmkit segment article.txt --lang hy --paragraphs
    """
    from tmkit.langs import parse_lang
    from tmkit.segment import segment_text
    from tmkit.textio import decode, read_text, clean_controls

    lang = parse_lang(lang)
    if file == "-":
        text = clean_controls(decode(sys.stdin.buffer.read(), "<stdin>", encoding))
    else:
        text = read_text(file, encoding=encoding)
        markdown = markdown or file.lower().endswith((".md", ".markdown"))
    first = True
    for para in segment_text(text, lang, markdown=markdown):
        if paragraphs and not first:
            click.echo("")
        first = False
        for sentence in para.sentences:
            click.echo(sentence)


@cli.command()
@click.option("--story", "stories", multiple=True, metavar="SLUG", help="Align only this story (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print the result per story as JSON.")
@click.pass_obj
def align(obj: Obj, stories: tuple[str, ...], as_json: bool) -> None:
    """Align the language versions of every story into translation units.

    Stories in three languages give trilingual units where the pairwise alignments
    agree. Re-aligning replaces automatic units and keeps confirmed and rejected ones.
    """
    from tmkit.memory import align_stories

    with obj.store() as store:
        report = align_stories(store, stories or None, progress=progress)
    if as_json:
        echo_json([{"story": s.story, "langs": s.langs, "units": len(s.units), "trilingual": s.triples,
                    "resolved": s.resolved, "to_review": s.to_review, "mean_score": s.mean_score}
                   for s in report.stories])
    else:
        for s in report.stories:
            mean = f"{s.mean_score:.3f}" if s.mean_score is not None else "-"
            info(f"{s.story}: {len(s.units)} units ({s.triples} trilingual, {s.resolved} resolved), "
                 f"mean score {mean}, {s.to_review} to review")
        info(report.summary())


@cli.command("align-files")
@click.argument("src_file", metavar="A")
@click.argument("tgt_file", metavar="B")
@click.option("--langs", required=True, help="Languages of A and B, e.g. en,hy.")
@click.option("--presegmented", is_flag=True, help="One sentence per line; lines are never split or altered.")
@click.option("-o", "--output", "out", metavar="OUT", help="Write OUT.tsv or OUT.tmx (default: TSV to stdout).")
@click.option("--profile", default="generic", show_default=True, help="TMX profile when OUT is .tmx.")
@click.option("--encoding", help="Encoding of files that are not UTF-8.")
@click.pass_obj
def align_files_cmd(obj: Obj, src_file: str, tgt_file: str, langs: str, presegmented: bool,
                    out: str | None, profile: str, encoding: str | None) -> None:
    """Align two documents, like LF Aligner: TSV (src, tgt, score) or TMX out.

    Uses the glossary of --db as extra anchors when that database exists.

    \b
    Examples:
      tmkit align-files article.en.txt article.hy.html --langs en,hy
      tmkit align-files en.txt ru.txt --langs en,ru --presegmented -o pairs.tmx
    """
    from tmkit.alignfiles import align_texts, concept_finder, output, read_sentences
    from tmkit.langs import parse_langs

    src_lang, tgt_lang = parse_langs(langs)[:2]
    if len(parse_langs(langs)) != 2:
        from tmkit.errors import UsageError

        raise UsageError("align-files takes exactly two languages, e.g. --langs en,hy")
    src = read_sentences(src_file, src_lang, presegmented=presegmented, encoding=encoding)
    tgt = read_sentences(tgt_file, tgt_lang, presegmented=presegmented, encoding=encoding)
    pairs = align_texts(src, tgt, concepts=concept_finder(obj.db))
    info(output(pairs, out, src_lang, tgt_lang, profile))


@cli.group(invoke_without_command=True)
@click.option("--story", help="Only this story.")
@click.option("--pair", "pair", metavar="L1-L2", help="Only units with these two languages, e.g. en-hy.")
@click.option("--threshold", type=click.FloatRange(0, 1), default=None,
              help="List units scoring below this (default 0.5).")
@click.option("--limit", type=click.IntRange(1), default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the units as JSON.")
@click.pass_context
def review(ctx: click.Context, story: str | None, pair: str | None, threshold: float | None, limit: int,
           as_json: bool) -> None:
    """List weak alignments, worst first; confirm, reject or re-pair them by id.

    \b
    Examples:
      tmkit review --pair en-hy
      tmkit review confirm 41 42
      tmkit review reject 43
      tmkit review pair 120 121 355      (segment ids: one unit from them)
    """
    if ctx.invoked_subcommand is not None:
        return
    from tmkit.align import REVIEW_THRESHOLD
    from tmkit.langs import parse_langs
    from tmkit.review import weak_units

    obj: Obj = ctx.obj
    langs = parse_langs(pair.replace("-", ",")) if pair else None
    with obj.store(readonly=True) as store:
        units = weak_units(store, threshold=REVIEW_THRESHOLD if threshold is None else threshold,
                           langs=langs, story=story, limit=limit)
    if as_json:
        echo_json(units)
        return
    if not units:
        info("nothing to review")
        return
    for u in units:
        click.echo(f"unit {u['id']}  score {u['score']:.3f}  {u['align_type']}  {u['story'] or ''}")
        for v in u["variants"]:
            if langs and v["lang"] not in langs:
                continue
            segs = ",".join(str(s) for s in v["segments"])
            click.echo(f"  {v['lang']} [{segs}] {v['text']}")
    info(f"{len(units)} units listed; confirm or reject them by unit id, or re-pair segments by id")


@review.command("confirm")
@click.argument("unit_ids", nargs=-1, type=int, required=True)
@click.pass_obj
def review_confirm(obj: Obj, unit_ids: tuple[int, ...]) -> None:
    """Mark units as confirmed (kept as they are by later re-alignment)."""
    from tmkit.review import set_status

    with obj.store() as store:
        n = set_status(store, unit_ids, "confirmed")
    info(f"confirmed {n} units")


@review.command("reject")
@click.argument("unit_ids", nargs=-1, type=int, required=True)
@click.pass_obj
def review_reject(obj: Obj, unit_ids: tuple[int, ...]) -> None:
    """Mark units as rejected (not exported by default; never re-created)."""
    from tmkit.review import set_status

    with obj.store() as store:
        n = set_status(store, unit_ids, "rejected")
    info(f"rejected {n} units")


@review.command("pair")
@click.argument("segment_ids", nargs=-1, type=int, required=True)
@click.pass_obj
def review_pair(obj: Obj, segment_ids: tuple[int, ...]) -> None:
    """Make one confirmed unit from these segments (two or more languages of one story)."""
    from tmkit.review import repair

    with obj.store() as store:
        unit_id = repair(store, segment_ids)
    info(f"created unit {unit_id} from segments {' '.join(map(str, segment_ids))}")


# -- export --------------------------------------------------------------------------------

@cli.group()
def export() -> None:
    """Export the memory (TMX)."""


@export.command("tmx")
@click.argument("out", metavar="OUT")
@click.option("--src", help="Source language (with --tgt): a bilingual file.")
@click.option("--tgt", help="Target language.")
@click.option("--langs", help="Several languages, source first (e.g. en,ru,hy): multilingual units.")
@click.option("--profile", default="generic", show_default=True,
              help="Target tool: omegat, memoq, trados, phrase or generic.")
@click.option("--lang-tag", "lang_tags", multiple=True, metavar="LANG=TAG",
              help="Override a language tag, e.g. hy=hy-AM (repeatable).")
@click.option("--story", help="Only this story.")
@click.option("--status", "statuses", multiple=True, type=click.Choice(["auto", "confirmed", "rejected"]),
              help="Only units with this status (repeatable; default: auto and confirmed).")
@click.option("--min-score", type=click.FloatRange(0, 1), help="Only units scoring at least this.")
@click.option("--origin", "origins", multiple=True, type=click.Choice(["aligned", "tmx", "manual"]),
              help="Only units of this origin (repeatable).")
@click.option("--outlet", help="Only units from this outlet.")
@click.option("--since", help="Only units published on or after this date (YYYY-MM-DD).")
@click.option("--until", help="Only units published on or before this date (YYYY-MM-DD).")
@click.option("--dedupe", type=click.Choice(["none", "exact", "newest"]), default="none", show_default=True,
              help="Duplicates: keep all, drop identical units, or keep the newest per source text.")
@click.option("--illegal", type=click.Choice(["tag", "replace", "skip"]), default="tag", show_default=True,
              help="XML-illegal characters: encode as a <ph> tag, replace with U+FFFD, or skip the unit.")
@click.pass_obj
def export_tmx_cmd(obj: Obj, out: str, src: str | None, tgt: str | None, langs: str | None, profile: str,
                   lang_tags: tuple[str, ...], story: str | None, statuses: tuple[str, ...],
                   min_score: float | None, origins: tuple[str, ...], outlet: str | None,
                   since: str | None, until: str | None, dedupe: str, illegal: str) -> None:
    """Write translation units as a TMX 1.4b file (OUT, or - for standard output).

    \b
    Examples:
      tmkit export tmx en-hy.tmx --src en --tgt hy --profile omegat
      tmkit export tmx all.tmx --langs en,ru,hy --min-score 0.5
      tmkit export tmx - --src ru --tgt hy --story pashinyan-putin-csto
    """
    from tmkit.errors import UsageError
    from tmkit.export import UnitFilter, export_tmx
    from tmkit.formats.profiles import parse_lang_tags
    from tmkit.importers.articles import normalize_date
    from tmkit.langs import parse_langs

    if langs and (src or tgt):
        raise UsageError("give either --langs or --src/--tgt, not both")
    if langs:
        lang_list = parse_langs(langs)
    elif src and tgt:
        lang_list = parse_langs(f"{src},{tgt}")
    else:
        raise UsageError("say which languages to export: --src en --tgt hy, or --langs en,ru,hy")
    for date, name in ((since, "--since"), (until, "--until")):
        if date and normalize_date(date) is None:
            raise UsageError(f"{name} wants a date such as 2024-11-29 (got {date!r})")
    filters = UnitFilter(
        story=story, statuses=list(statuses) or ["auto", "confirmed"], min_score=min_score,
        origins=list(origins) or None, outlet=outlet, since=normalize_date(since),
        until=normalize_date(until), dedupe=dedupe,
    )
    with obj.store(readonly=True) as store:
        report = export_tmx(store, out, lang_list, profile=profile, lang_tags=parse_lang_tags(lang_tags),
                            illegal=illegal, filters=filters, progress=progress if sys.stderr.isatty() else None)
    info(report.summary())


@cli.command("import-tmx")
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("--lang-map", "lang_maps", multiple=True, metavar="TAG=LANG",
              help="Read an odd language tag as one of ours, e.g. AM=hy (repeatable).")
@click.option("--on-duplicate", type=click.Choice(["skip", "overwrite", "keep-both"]), default="skip",
              show_default=True, help="A unit already in the memory (same texts): skip it, replace it, or keep both.")
@click.option("--skip-bad-units", is_flag=True,
              help="Import the readable units of a broken file and report the rest (default: import nothing).")
@click.option("--json", "as_json", is_flag=True, help="Print one summary per file as JSON.")
@click.pass_obj
def import_tmx_cmd(obj: Obj, files: tuple[str, ...], lang_maps: tuple[str, ...], on_duplicate: str,
                   skip_bad_units: bool, as_json: bool) -> None:
    """Import translation units from TMX files (.tmx, .tmx.gz, .zip).

    Each file is imported whole or not at all. Language tags are read case-insensitively
    (hy-AM, HY_am, arm, hye, ru-RU, en-GB …); units with two or more languages are kept
    with their props, notes and inline tags. A broken file is reported with its line and
    column; the other files are still imported, and the exit code is 1.

    \b
    Examples:
      tmkit import-tmx client-memory.tmx
      tmkit import-tmx old.tmx.gz --lang-map AR=hy --on-duplicate overwrite
      tmkit import-tmx export.zip --skip-bad-units
    """
    from tmkit.importers.tmx import import_tmx, parse_lang_map

    lang_map = parse_lang_map(lang_maps)
    failed = 0
    results = []
    with obj.store() as store:
        for path in files:
            try:
                report = import_tmx(store, path, lang_map=lang_map, on_duplicate=on_duplicate,
                                    skip_bad_units=skip_bad_units, progress=progress)
            except TmkitError as exc:
                failed += 1
                info(f"tmkit: error: {exc}")
                results.append({"path": path, "error": str(exc)})
                continue
            for problem in report.problems:
                info(f"tmkit: warning: {problem}")
            if report.bad_units > len(report.problems):
                info(f"tmkit: warning: … and {report.bad_units - len(report.problems)} more bad units")
            results.append(report.as_dict())
            if not as_json:
                info(report.summary())
    if as_json:
        echo_json(results)
    if failed:
        raise SystemExit(1)


@cli.group()
def tmx() -> None:
    """Work with TMX files: check one before sending it to a CAT tool."""


@tmx.command("check")
@click.argument("file", metavar="FILE")
@click.option("--profile", help="Also check the limits of one tool: omegat, memoq, trados, phrase or generic.")
@click.option("--lang-map", "lang_maps", multiple=True, metavar="TAG=LANG",
              help="Read an odd language tag as one of ours (repeatable).")
@click.option("--all", "show_all", is_flag=True, help="List every issue (default: the first 20 of each kind).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def tmx_check(file: str, profile: str | None, lang_maps: tuple[str, ...], show_all: bool, as_json: bool) -> None:
    """Validate a TMX file against the TMX 1.4b DTD and lint what the DTD cannot see.

    Reports language tags that do not match srclang, units missing a language, empty
    segments, duplicate units, bad dates, illegal characters and, with --profile, segments
    too long for the tool. One line per issue, then a summary; exit code 1 on errors.

    \b
    Examples:
      tmkit tmx check en-hy.tmx
      tmkit tmx check client.tmx --profile memoq --json
    """
    from tmkit.formats.tmx import check_tmx
    from tmkit.importers.tmx import parse_lang_map

    on_issue = None if as_json else (lambda issue: click.echo(str(issue)))
    report = check_tmx(file, profile, lang_map=parse_lang_map(lang_maps),
                       max_per_code=None if show_all else 20, on_issue=on_issue)
    if as_json:
        echo_json(report.as_dict())
    else:
        for code, n in report.not_shown.items():
            click.echo(f"… {n} more [{code}] not shown (use --all)")
        click.echo(report.summary())
    if not report.ok:
        raise SystemExit(1)


# -- glossary --------------------------------------------------------------------------------

def _print_concepts(result: Any, langs: list[str] | None) -> None:
    for i, concept in enumerate(result.concepts):
        if i:
            click.echo("")
        how = result.how.get(concept.id)
        matched = ", ".join(result.matched.get(concept.id, []))
        click.echo(click.style(concept.id, bold=True) + f"  [{concept.domain}]"
                   + (f"  (matched {matched} by {how})" if matched else ""))
        if concept.definition:
            click.echo(f"  {concept.definition}")
        for lang in ("en", "ru", "hy"):
            if langs and lang not in langs:
                continue
            terms = concept.terms_in(lang)
            for j, t in enumerate(terms):
                label = lang if j == 0 else "  "
                mark = "✗ " if t.status == "deprecated" else ""
                note = f" — {t.note}" if t.note else ""
                click.echo(f"  {label}  {mark}{t.text}  ({t.kind}, {t.status}){note}")
        if concept.usage:
            click.echo(f"  usage: {concept.usage}")


def _lookup(obj: Obj, query: str, lang: str | None, as_json: bool) -> None:
    from tmkit.errors import NotFoundError
    from tmkit.glossary import check_query, concept_as_dict, lookup
    from tmkit.langs import parse_lang

    check_query(query)
    langs = [parse_lang(lang)] if lang else None
    with obj.store(readonly=True) as store:
        if store.count_concepts() == 0:
            raise NotFoundError(f"the glossary in {obj.db} is empty; load it with `tmkit glossary import glossary/`")
        result = lookup(store, query)
    if as_json:
        echo_json({"query": query, "concepts": [dict(concept_as_dict(c, langs), matched=result.matched.get(c.id),
                                                      match=result.how.get(c.id)) for c in result.concepts],
                   "containing": [dict(concept_as_dict(c, langs), matched=result.contained_in.get(c.id))
                                  for c in result.containing],
                   "more_containing": result.more_containing,
                   "suggestions": result.suggestions})
        if not result.concepts and not result.containing:
            sys.exit(1)
        return
    if result.containing:
        click.echo(f"no term {query!r} as such; terms containing it:", err=True)
        _print_containing(result, langs)
        return
    if not result.concepts:
        hint = f"; did you mean: {', '.join(result.suggestions)}?" if result.suggestions else ""
        raise NotFoundError(f"no term {query!r} in the glossary{hint}")
    _print_concepts(result, langs)


def _print_containing(result: Any, langs: list[str] | None) -> None:
    """One line per concept: its id and, per language, the term containing the query
    (else the first term)."""
    for concept in result.containing:
        matched = set(result.contained_in.get(concept.id, []))
        parts = []
        for lang in ("en", "ru", "hy"):
            if langs and lang not in langs:
                continue
            terms = concept.terms_in(lang)
            hit = [t.text for t in terms if t.text in matched]
            if hit or terms:
                parts.append(f"{lang} {hit[0] if hit else terms[0].text}")
        click.echo(click.style(concept.id, bold=True) + f"  [{concept.domain}]  " + " | ".join(parts))
    if result.more_containing:
        click.echo(f"… and {result.more_containing} more; add a word to narrow it down", err=True)


@cli.command()
@click.argument("query")
@click.option("--lang", help="Show only this language's terms.")
@click.option("--json", "as_json", is_flag=True, help="Print the concepts as JSON.")
@click.pass_obj
def term(obj: Obj, query: str, lang: str | None, as_json: bool) -> None:
    """Look a term up in all three languages (any inflected form).

    When no term matches as a whole, the terms containing the query's words are
    listed, one concept a line (`tmkit term коридор`); failing that, terms spelled
    alike ("did you mean"). Exit code 1 only when nothing is found.

    \b
    Examples:
      tmkit term ОДКБ
      tmkit term делимитации
      tmkit term սահմանազատման --lang en
      tmkit term corridor
    """
    _lookup(obj, query, lang, as_json)


@cli.group()
def glossary() -> None:
    """Work with the political-terminology glossary."""


@glossary.command("lookup")
@click.argument("query")
@click.option("--lang", help="Show only this language's terms.")
@click.option("--json", "as_json", is_flag=True, help="Print the concepts as JSON.")
@click.pass_obj
def glossary_lookup(obj: Obj, query: str, lang: str | None, as_json: bool) -> None:
    """Look a term up (the same as `tmkit term`)."""
    _lookup(obj, query, lang, as_json)


@glossary.command("import")
@click.argument("path", metavar="FILE|FOLDER")
@click.pass_obj
def glossary_import(obj: Obj, path: str) -> None:
    """Load glossary files (the glossary/ folder, a .tsv, .tbx or .csv file), merging by concept id."""
    from tmkit.glossary import load

    with obj.importing() as store:
        counts = load(store, path)
    info(f"glossary: {counts['added']} concepts added, {counts['updated']} updated, "
         f"{counts['unchanged']} unchanged")


@glossary.command("check")
@click.argument("path", metavar="FILE|FOLDER", default="glossary")
def glossary_check(path: str) -> None:
    """Check glossary files for missing languages, duplicate ids and conflicting terms."""
    from pathlib import Path

    from tmkit.glossary import check, read_any

    concepts = read_any(Path(path))
    problems = check(concepts)
    for p in problems:
        click.echo(p)
    info(f"{len(concepts)} concepts, {sum(len(c.terms) for c in concepts)} terms, {len(problems)} problems")
    if problems:
        sys.exit(1)


# -- using the memory: concordance, fuzzy match, analysis ---------------------------------------

def _styled(text: str, spans: list[tuple[int, int]]) -> str:
    out, pos = [], 0
    for start, end in spans:
        out.append(text[pos:start])
        out.append(click.style(text[start:end], bold=True, underline=True))
        pos = end
    out.append(text[pos:])
    return "".join(out)


@cli.command()
@click.argument("query")
@click.option("--lang", help="Search only this language's segments.")
@click.option("--story", help="Only this story.")
@click.option("--since", help="Only units published on or after this date (YYYY-MM-DD).")
@click.option("--limit", type=click.IntRange(1), default=20, show_default=True)
@click.option("--forms", is_flag=True, help="Also match inflected forms of each word (делимитация → делимитации).")
@click.option("--json", "as_json", is_flag=True, help="Print the hits as JSON.")
@click.pass_obj
def search(obj: Obj, query: str, lang: str | None, story: str | None, since: str | None, limit: int,
           forms: bool, as_json: bool) -> None:
    """Concordance: how was this phrase translated before?

    Words must all occur; "quoted phrases", prefix*, AND, OR, NOT and parentheses work.
    Case, ё/е and Armenian marks are ignored. Each hit shows its translations.

    \b
    Examples:
      tmkit search '"zone of responsibility"'
      tmkit search делимитация --forms --lang ru
      tmkit search 'CSTO NOT Russia' --since 2024-01-01
    """
    from tmkit.importers.articles import normalize_date
    from tmkit.langs import parse_lang
    from tmkit.search import concordance

    lang = parse_lang(lang) if lang else None
    with obj.store(readonly=True) as store:
        hits = concordance(store, query, lang=lang, story=story, since=normalize_date(since) if since else None,
                           limit=limit, forms=forms)
    if as_json:
        echo_json([h.__dict__ for h in hits])
        return
    if not hits:
        info(f"no segment matches {query!r}")
        return
    for h in hits:
        meta = " · ".join(x for x in (h.story, h.outlet, h.published) if x)
        click.echo(f"[{h.unit_id}] {h.lang}  {_styled(h.text, h.spans)}" + (f"   ({meta})" if meta else ""))
        for other, text in sorted(h.translations.items()):
            click.echo(f"      {other}  {text}")
    info(f"{len(hits)} hits")


@cli.command()
@click.argument("sentence")
@click.option("--src", required=True, help="Language of SENTENCE.")
@click.option("--tgt", required=True, help="Language of the translations wanted.")
@click.option("--min", "min_percent", type=click.IntRange(1, 100), default=70, show_default=True,
              help="Lowest match percentage to show.")
@click.option("--limit", type=click.IntRange(1), default=5, show_default=True)
@click.option("--prev", help="The sentence before SENTENCE: an identical match in the same context is 101%.")
@click.option("--json", "as_json", is_flag=True, help="Print the matches as JSON.")
@click.pass_obj
def match(obj: Obj, sentence: str, src: str, tgt: str, min_percent: int, limit: int, prev: str | None,
          as_json: bool) -> None:
    """Fuzzy match: the closest translation units for a sentence, with a CAT-style %.

    Differences from the memory's sentence are marked [-only in yours-] {+only in the memory+}.

    \b
    Example:
      tmkit match "Armenia did not seek help from its ally." --src en --tgt hy
    """
    from tmkit.langs import parse_langs
    from tmkit.search import Matcher, format_diff

    src_lang, tgt_lang = parse_langs(f"{src},{tgt}")
    with obj.store(readonly=True) as store:
        matches = Matcher(store, src_lang, tgt_lang).match(sentence, min_percent=min_percent, limit=limit,
                                                           previous=prev)
    if as_json:
        echo_json([m.__dict__ for m in matches])
        return
    if not matches:
        info(f"no match of {min_percent}% or more")
        return
    for m in matches:
        click.echo(f"{m.percent:3d}%  [{m.unit_id}] {m.source}")
        click.echo(f"      {tgt_lang}: {m.target}")
        if m.percent < 100:
            click.echo(f"      diff: {format_diff(m.diff)}")


def _analysis_args(f):  # type: ignore[no-untyped-def]
    f = click.option("--terms", is_flag=True, help="Show the glossary terms found in each segment.")(f)
    f = click.option("--encoding", help="Encoding of a file that is not UTF-8.")(f)
    f = click.option("--tgt", required=True, help="Target language.")(f)
    f = click.option("--src", required=True, help="Language of the document.")(f)
    return click.argument("doc", metavar="DOC")(f)


@cli.command()
@_analysis_args
@click.option("--segments", "show_segments", is_flag=True, help="List every segment with its band and best match.")
@click.option("--json", "as_json", is_flag=True, help="Print the analysis as JSON.")
@click.pass_obj
def analyze(obj: Obj, doc: str, src: str, tgt: str, encoding: str | None, terms: bool, show_segments: bool,
            as_json: bool) -> None:
    """How much of a new article is already in the memory (the CAT analysis table).

    \b
    Example:
      tmkit analyze new-article.en.html --src en --tgt hy
    """
    from tmkit.analysis import analyze as run
    from tmkit.langs import parse_langs

    src_lang, tgt_lang = parse_langs(f"{src},{tgt}")
    with obj.store(readonly=True) as store:
        result = run(store, doc, src_lang, tgt_lang, encoding=encoding, terms=terms, progress=progress)
    table = result.table()
    if as_json:
        echo_json({"document": result.path, "src": src_lang, "tgt": tgt_lang, "bands": table,
                   "segments": [{"index": s.index, "text": s.text, "words": s.words, "band": s.band,
                                 "match": s.match.__dict__ if s.match else None, "terms": s.terms}
                                for s in result.segments]})
        return
    total_words = table["total"]["words"] or 1
    click.echo(f"{'band':12} {'segments':>8} {'words':>7} {'% words':>8}")
    for band, row in table.items():
        click.echo(f"{band:12} {row['segments']:8d} {row['words']:7d} {100 * row['words'] / total_words:7.1f}%")
    if show_segments or terms:
        click.echo("")
        for s in result.segments:
            pct = f"{s.match.percent}%" if s.match else "-"
            click.echo(f"{s.index + 1:4d} {s.band:12} {pct:>5}  {s.text}")
            for t in s.terms:
                click.echo(f"          term: {t['found']} → {t['concept']} ({t['lang']}, {t['status']})")


@cli.command()
@_analysis_args
@click.option("-o", "--output", "base", metavar="BASE",
              help="Write BASE.tsv and BASE.tmx (default: the document's name plus .SRC-TGT).")
@click.pass_obj
def pretranslate(obj: Obj, doc: str, src: str, tgt: str, encoding: str | None, terms: bool,
                 base: str | None) -> None:
    """Pre-translate a document from the memory: a TSV to start from and a TMX of the matches.

    The TSV has one row per segment: source, best translation, match % (0 when none), and
    with --terms the glossary terms found.

    \b
    Example:
      tmkit pretranslate new-article.en.txt --src en --tgt hy -o new-article
    """
    from pathlib import Path

    from tmkit.analysis import analyze as run, write_pretranslation
    from tmkit.langs import parse_langs

    src_lang, tgt_lang = parse_langs(f"{src},{tgt}")
    with obj.store(readonly=True) as store:
        result = run(store, doc, src_lang, tgt_lang, encoding=encoding, terms=terms, progress=progress)
    if base is None:
        p = Path(doc)
        base = str(p.with_name(p.name.split(".")[0] + f".{src_lang}-{tgt_lang}"))
    tsv, tmx = write_pretranslation(result, base)
    matched = sum(1 for s in result.segments if s.match)
    info(f"{matched} of {len(result.segments)} segments pre-translated; wrote {tsv} and {tmx}")


@glossary.command("export")
@click.option("--format", "fmt", type=click.Choice(["tbx", "tsv", "csv"]), default="tbx", show_default=True,
              help="tbx: TBX-Basic v3 (memoQ, Trados, Phrase); tsv: OmegaT glossary of one pair; "
                   "csv: termbase table for memoQ/Trados.")
@click.option("-o", "--output", "out", metavar="FILE", help="Output file (default: standard output).")
@click.option("--src", help="Source language (required for tsv; for tbx/csv, with --tgt, only these two).")
@click.option("--tgt", help="Target language.")
@click.option("--from", "source", metavar="FILE|FOLDER", help="Export glossary files instead of the glossary in --db.")
@click.pass_obj
def glossary_export(obj: Obj, fmt: str, out: str | None, src: str | None, tgt: str | None,
                    source: str | None) -> None:
    """Export the glossary as TBX, an OmegaT glossary (tsv) or a termbase CSV.

    OmegaT reads glossary files named .txt or .utf8 (not .tsv).

    \b
    Examples:
      tmkit glossary export -o glossary.tbx
      tmkit glossary export --format tsv --src en --tgt hy -o en-hy.txt
      tmkit glossary export --format csv -o glossary.csv
    """
    from pathlib import Path

    from tmkit.errors import NotFoundError, UsageError
    from tmkit.langs import parse_lang

    if bool(src) != bool(tgt):
        raise UsageError("give both --src and --tgt (or neither)")
    if fmt == "tsv" and not src:
        raise UsageError("an OmegaT glossary is one language pair: add --src en --tgt hy")
    langs = [parse_lang(src), parse_lang(tgt)] if src and tgt else None
    if langs and langs[0] == langs[1]:
        raise UsageError(f"--src and --tgt are both {langs[0]}")
    if source:
        from tmkit.glossary import read_any

        concepts: Any = read_any(Path(source))
    else:
        with obj.store(readonly=True) as store:
            concepts = store.concepts()
        if not concepts:
            raise NotFoundError(f"the glossary in {obj.db} is empty; load it with `tmkit glossary import glossary/`")
    to_stdout = out in (None, "-")
    if to_stdout:
        sys.stdout.flush()
    target: Any = sys.stdout.buffer if to_stdout else out
    if fmt == "tbx":
        from tmkit.formats.tbx import write_tbx

        n = write_tbx(concepts, target, langs=langs)
    else:
        from tmkit.formats.termtable import write_table

        n = write_table(concepts, target, fmt, *(langs or (None, None)))
    if to_stdout:
        sys.stdout.buffer.flush()
    info(f"exported {n} concepts as {fmt} to {'<stdout>' if to_stdout else out}")


@glossary.command("scan")
@click.argument("text", required=False)
@click.option("--file", "path", help="Scan this file instead (text, Markdown or HTML).")
@click.option("--lang", help="Only terms of this language.")
@click.option("--json", "as_json", is_flag=True, help="Print the hits as JSON.")
@click.pass_obj
def glossary_scan(obj: Obj, text: str | None, path: str | None, lang: str | None, as_json: bool) -> None:
    """List the glossary terms found in a text (argument, --file, or standard input),
    with character offsets, in any inflected form, longest match first.

    \b
    Examples:
      tmkit glossary scan "Армения приостановила участие в ОДКБ"
      tmkit glossary scan --file article.hy.txt --json
    """
    from tmkit.errors import UsageError
    from tmkit.glossary import TermIndex
    from tmkit.langs import parse_lang
    from tmkit.textio import clean_controls, decode, read_text

    if text is not None and path is not None:
        raise UsageError("give the text as an argument or with --file, not both")
    if path is not None:
        text = read_text(path, what="a text to scan")
    elif text is None:
        text = clean_controls(decode(sys.stdin.buffer.read(), "<stdin>"))
    langs = [parse_lang(lang)] if lang else None
    with obj.store(readonly=True) as store:
        index = TermIndex.from_store(store)
    if not len(index):
        from tmkit.errors import NotFoundError

        raise NotFoundError(f"the glossary in {obj.db} is empty; load it with `tmkit glossary import glossary/`")
    hits = index.scan(text, langs=langs)
    if as_json:
        echo_json([h.__dict__ for h in hits])
        return
    for h in hits:
        mark = "  ✗ deprecated" if h.status == "deprecated" else ""
        click.echo(f"{h.start}\t{h.end}\t{h.found}\t{h.concept}\t{h.lang}:{h.term}{mark}")
    info(f"{len(hits)} terms found")


@cli.group()
def qa() -> None:
    """Quality checks of the memory."""


@qa.command("terms")
@click.option("--src", required=True, help="Source language.")
@click.option("--tgt", required=True, help="Target language.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_obj
def qa_terms(obj: Obj, src: str, tgt: str, as_json: bool) -> None:
    """Check that every glossary concept in a source is rendered with an allowed term.

    Prints one TSV row per problem: unit id, concept, issue (missing or deprecated),
    source term, expected target terms, deprecated term found. Exit code 0 even with
    problems: they are findings, not errors.

    \b
    Example:
      tmkit qa terms --src en --tgt hy
    """
    from tmkit.langs import parse_langs
    from tmkit.qa import check_terms

    src_lang, tgt_lang = parse_langs(f"{src},{tgt}")
    with obj.store(readonly=True) as store:
        report = check_terms(store, src_lang, tgt_lang, progress=progress)
    if as_json:
        echo_json({"summary": report.summary_dict(), "issues": [i.__dict__ for i in report.issues]})
        return
    click.echo("unit\tconcept\tissue\tsource term\texpected\tfound")
    for i in report.issues:
        click.echo(f"{i.unit_id}\t{i.concept}\t{i.issue}\t{i.source_term}\t{' | '.join(i.expected)}\t{i.found}")
    info(report.summary())


# -- statistics and demo ----------------------------------------------------------------------

@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the statistics as JSON.")
@click.pass_obj
def stats(obj: Obj, as_json: bool) -> None:
    """Show what the memory holds: stories, segments, units per language pair, glossary."""
    with obj.store(readonly=True) as store:
        data = store.stats()
        data["story_list"] = store.stories()
    if as_json:
        echo_json(data)
        return
    def counts(d: dict[str, int]) -> str:
        return ", ".join(f"{k} {v}" for k, v in d.items()) or "none"

    click.echo(f"stories   {data['stories']}  (articles {data['articles']})")
    click.echo(f"segments  {counts(data['segments'])}")
    click.echo(f"units     {data['units']}  ({counts(data['units_by_status'])}; "
               f"from {counts(data['units_by_origin'])})")
    for pair, p in data["pairs"].items():
        mean = f"{p['mean_score']:.3f}" if p["mean_score"] is not None else "-"
        click.echo(f"  {pair:6} {p['units']:6} units, mean score {mean}")
    click.echo(f"glossary  {data['concepts']} concepts; terms {counts(data['terms'])}")
    for s in data["story_list"]:
        click.echo(f"  {s['slug']}: {s['langs'] or '-'} ({s['segments']} segments)")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the checks as JSON.")
@click.pass_obj
def check(obj: Obj, as_json: bool) -> None:
    """Check the database: integrity, foreign keys, orphan rows, counts, the search index.

    Exit code 1 when something is wrong.
    """
    # FTS5's integrity check is issued as a (non-modifying) command: it needs write access
    with obj.store(create=False) as store:
        report = store.health()
    if as_json:
        echo_json({"checks": [{"check": n, "ok": ok, "detail": d} for n, ok, d in report["checks"]],
                   "problems": report["problems"]})
    else:
        for name, ok, detail in report["checks"]:
            click.echo(f"{'ok  ' if ok else 'FAIL'}  {name}" + (f": {detail}" if detail else ""))
        info(f"{obj.db}: " + ("all checks passed" if not report["problems"] else f"{report['problems']} checks failed"))
    if report["problems"]:
        sys.exit(1)


@cli.command()
@click.argument("out", metavar="OUT.db")
@click.pass_obj
def backup(obj: Obj, out: str) -> None:
    """Copy the database to OUT.db safely, even while other tmkit processes use it."""
    with obj.store(readonly=True, create=False) as store:
        store.backup(out)
    info(f"backed up {obj.db} to {out}")


@cli.command()
@click.option("--out", default="demo", show_default=True, help="Folder for the demo database and TMX files.")
@click.option("--corpora", help="Corpora folder (default: ./corpora).")
@click.option("--glossary", "glossary_dir", help="Glossary folder (default: ./glossary).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def demo(out: str, corpora: str | None, glossary_dir: str | None, as_json: bool) -> None:
    """Build a fresh demo: import corpora/ and glossary/, align, export four TMX files."""
    from tmkit.demo import run_demo

    summary = run_demo(out, corpora, glossary_dir, progress=progress)
    if as_json:
        echo_json(summary)
        return
    st = summary["stats"]
    imp = summary["import"]
    click.echo(f"tmkit demo → {out}/")
    click.echo(f"  stories      {len(imp['stories'])}: {', '.join(imp['stories'])}")
    click.echo("  segments     " + ", ".join(f"{k} {v}" for k, v in st["segments"].items()))
    g = summary["glossary"]
    click.echo(f"  glossary     {st['concepts']} concepts ({g['added']} added, {g['updated']} updated)")
    for pair, p in st["pairs"].items():
        mean = f"{p['mean_score']:.3f}" if p["mean_score"] is not None else "-"
        click.echo(f"  units {pair:6} {p['units']:4}  mean alignment score {mean}")
    for pair, q in summary["qa"].items():
        click.echo(f"  term QA {pair:6} {q['term_occurrences_checked']:4} glossary terms checked, {q['missing']} not "
                   f"rendered with an allowed term, {q['deprecated']} deprecated (tmkit qa terms --src "
                   f"{pair[:2]} --tgt {pair[3:]})")
    for name, n in summary["files"].items():
        click.echo(f"  wrote {out}/{name}  ({n} units)")
    click.echo(f"  database     {summary['database']}  (try: tmkit --db {summary['database']} term ОДКБ)")


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="tmkit")


if __name__ == "__main__":  # pragma: no cover
    main()
