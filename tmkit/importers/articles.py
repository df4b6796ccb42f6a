"""Importing articles (``.txt``, ``.md``, ``.html``) and story folders into the store.

Layout understood by :func:`discover`::

    corpora/<story-slug>/story.toml   (or story.json: title/url/outlet/date per language)
    corpora/<story-slug>/en.txt       (ru.md, hy.html …: the name gives the language)
    any/folder/<name>.<lang>.txt      (loose files; the same <name> makes one story)

An import happens in two phases. First every file is read, decoded, checked against its
language's script and segmented — any bad file stops the import before the database is
touched. Then each article is stored in its own transaction, so a crash leaves every
article either wholly present or wholly absent, and other processes are never locked out
for long.
"""

from __future__ import annotations

import datetime as _dt
import errno
import hashlib
import json
import os
import re
import tomllib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tmkit.errors import InputError, UsageError
from tmkit.langs import LANGS, check_script, normalize_tag, parse_lang
from tmkit.models import ArticleMeta
from tmkit.normalize import clean, clean_segment
from tmkit.textio import check_readable_file, read_text

TEXT_EXTENSIONS = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
                   ".html": "html", ".htm": "html", ".xhtml": "html"}
META_FILES = ("story.toml", "story.json")
_SLUG_RE = re.compile(r"[^a-z0-9]+")


@dataclass
class ParsedArticle:
    """An article read from a file, segmented, ready to store."""

    path: str
    story: str
    meta: ArticleMeta
    paragraphs: list[list[str]]  # sentences per paragraph
    sha256: str
    story_title: str | None = None

    @property
    def n_segments(self) -> int:
        return sum(len(p) for p in self.paragraphs)


@dataclass
class ImportReport:
    """Counts of one ``tmkit import`` run."""

    stories: set[str] = field(default_factory=set)
    articles: dict[str, int] = field(default_factory=lambda: {"added": 0, "unchanged": 0, "replaced": 0})
    segments: dict[str, int] = field(default_factory=lambda: {"added": 0, "unchanged": 0, "replaced": 0})
    skipped: list[str] = field(default_factory=list)

    def summary(self) -> str:
        a, s = self.articles, self.segments
        return (
            f"{len(self.stories)} stories; articles: {a['added']} added, {a['unchanged']} unchanged, "
            f"{a['replaced']} replaced; segments: {s['added']} added, {s['unchanged']} unchanged, "
            f"{s['replaced']} replaced"
        )

    def as_dict(self) -> dict[str, Any]:
        return {"stories": sorted(self.stories), "articles": self.articles,
                "segments": self.segments, "skipped": self.skipped}


def slugify(name: str) -> str:
    """A story slug from a folder or file name: lower-case ASCII, digits and ``-``."""
    slug = _SLUG_RE.sub("-", name.lower()).strip("-")
    return slug or "story"


def lang_from_name(path: Path) -> tuple[str | None, str]:
    """(language, story key) from a file name: ``en.txt`` → (en, ""), ``csto.hy.md`` → (hy, "csto")."""
    stem = path.name
    for ext in sorted(TEXT_EXTENSIONS, key=len, reverse=True):
        if stem.lower().endswith(ext):
            stem = stem[: -len(ext)]
            break
    parts = re.split(r"[._-]", stem)
    if parts:
        try:
            lang = normalize_tag(parts[-1])
        except UsageError:
            lang = None
        if lang in LANGS and len(parts[-1]) <= 3:
            return lang, stem[: len(stem) - len(parts[-1])].rstrip("._-")
        if len(parts) >= 2:
            # hy-AM style endings: "article.hy-AM.txt"
            try:
                lang = normalize_tag("-".join(parts[-2:]))
            except UsageError:
                lang = None
            if lang in LANGS and len(parts[-2]) <= 3:
                return lang, stem[: len(stem) - len(parts[-2]) - len(parts[-1]) - 1].rstrip("._-")
    return None, stem


def normalize_date(value: Any) -> str | None:
    """An ISO date ``YYYY-MM-DD`` from a TOML date, an ISO timestamp or ``DD.MM.YYYY``."""
    if value is None or value == "":
        return None
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.strftime("%Y-%m-%d")
    text = str(value).strip()
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})", text)
    if m:
        return f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    m = re.match(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$", text)
    if m:
        return f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
    m = re.match(r"^(\d{4})(\d{2})(\d{2})(T|$)", text)
    if m:
        return f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    return None


def read_story_meta(folder: Path) -> dict[str, Any]:
    """The parsed ``story.toml`` / ``story.json`` of a story folder ({} if none)."""
    for name in META_FILES:
        p = folder / name
        if p.is_file():
            text = read_text(p, max_bytes=1024 * 1024, what="story metadata")
            try:
                data = tomllib.loads(text) if name.endswith(".toml") else json.loads(text)
            except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
                raise InputError(f"{p}: not valid {'TOML' if name.endswith('.toml') else 'JSON'}: {exc}") from None
            if not isinstance(data, dict):
                raise InputError(f"{p}: expected a table of story metadata")
            _check_meta(p, data)
            return data
    return {}


#: Fields of story metadata and the types they may have (None: not given).
_META_TYPES: dict[str, tuple[type, ...]] = {
    "title": (str,), "url": (str,), "outlet": (str,), "slug": (str,),
    "date": (str, _dt.date), "published": (str, _dt.date),
}


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, _dt.time):
        return "a time of day"
    return type(value).__name__


def _check_meta(p: Path, data: dict[str, Any]) -> None:
    """Refuse story metadata whose sections or fields have the wrong type."""
    for section, table in data.items():
        if section != "story" and section not in LANGS:
            continue
        if not isinstance(table, dict):
            raise InputError(f"{p}: {section!r} must be a table of title, url, outlet and date, "
                             f"not {_type_name(table)}")
        for key, value in table.items():
            types = _META_TYPES.get(key)
            if value is None or types is None or isinstance(value, types):
                continue
            wanted = "text or a date" if _dt.date in types else "text"
            raise InputError(f"{p}: {section}.{key} must be {wanted}, not {_type_name(value)}")


def parse_article(
    path: str | os.PathLike[str],
    lang: str | None = None,
    *,
    encoding: str | None = None,
    story: str | None = None,
    meta: dict[str, Any] | None = None,
    story_title: str | None = None,
) -> ParsedArticle:
    """Read, decode, check and segment one article file."""
    from tmkit.segment import segmenter, split_paragraphs

    p = check_readable_file(path)
    kind = TEXT_EXTENSIONS.get(p.suffix.lower())
    if kind is None:
        raise InputError(
            f"{p}: unsupported file type {p.suffix or '(none)'}; tmkit imports .txt, .md and .html "
            "articles (and TMX with `tmkit import-tmx`)"
        )
    name_lang, key = lang_from_name(p)
    if lang is None:
        lang = name_lang
    if lang is None:
        raise UsageError(
            f"{p}: cannot tell the language from the file name; name it en.txt, ru.txt or hy.txt "
            "(or story.hy.txt …), or pass --lang"
        )
    lang = parse_lang(lang)
    text = read_text(p, encoding=encoding)
    meta = dict(meta or {})
    if kind == "html":
        from tmkit.importers.html import extract

        page = extract(text, str(p))
        raw_paragraphs = page.paragraphs
        for k, v in (("title", page.title), ("url", page.url), ("outlet", page.outlet),
                     ("date", page.published)):
            if v and not meta.get(k):
                meta[k] = v
    else:
        raw_paragraphs = split_paragraphs(text, markdown=(kind == "markdown"))
    paragraphs_text = [clean_segment(para) for para in raw_paragraphs]
    paragraphs_text = [para for para in paragraphs_text if para]
    if not paragraphs_text:
        raise InputError(f"{p}: no article text found" + (" (only scripts or page furniture)" if kind == "html" else ""))
    body = "\n\n".join(paragraphs_text)
    check_script(body, lang, what=str(p))
    seg = segmenter(lang)
    paragraphs = [s for s in (seg.split(para) for para in paragraphs_text) if s]
    sha = hashlib.sha256(clean(body).encode("utf-8")).hexdigest()
    title = meta.get("title") or (paragraphs_text[0] if len(paragraphs_text[0]) <= 200 else None)
    article_meta = ArticleMeta(
        lang=lang,
        title=title,
        url=meta.get("url") or None,
        outlet=meta.get("outlet") or None,
        published=normalize_date(meta.get("date") or meta.get("published")),
        source_path=str(p),
    )
    story_slug = story or slugify(key or p.parent.name or p.stem)
    return ParsedArticle(path=str(p), story=story_slug, meta=article_meta, paragraphs=paragraphs,
                         sha256=sha, story_title=story_title)


@dataclass
class _Job:
    path: Path
    story: str
    lang: str | None
    meta: dict[str, Any]
    story_title: str | None


def discover(paths: Sequence[str | os.PathLike[str]], lang: str | None = None,
             story: str | None = None) -> tuple[list[_Job], list[str]]:
    """Turn files and folders into import jobs; returns (jobs, warnings)."""
    jobs: list[_Job] = []
    warnings: list[str] = []
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            if p.is_symlink():
                raise InputError(f"{p}: a broken symbolic link (or a loop of links)")
            raise InputError(f"{p}: no such file or folder")
        if p.is_dir():
            jobs.extend(_discover_folder(p, lang, story, warnings, root=p.resolve()))
        else:
            check_readable_file(p)
            jobs.append(_Job(p, story or "", lang, {}, None))
    if not jobs:
        raise InputError(
            "no articles found in " + ", ".join(map(str, paths))
            + " (expected .txt, .md or .html files named by language, e.g. en.txt)"
        )
    return jobs, warnings


def _link_problem(link: Path, root: Path) -> str | None:
    """Why a symbolic link in a corpus folder is not followed, or None for a link to a
    file inside ``root``. Linked folders are never followed: no loop can make the walk
    endless, and no file is imported twice."""
    try:
        target = link.resolve(strict=True)
    except FileNotFoundError:
        return f"a broken link (to {os.readlink(link)}, which does not exist)"
    except RuntimeError:  # a loop, before Python 3.13
        return "a symbolic link loop"
    except OSError as exc:
        return "a symbolic link loop" if exc.errno == errno.ELOOP else f"an unreadable link ({exc.strerror})"
    try:
        target.relative_to(root)
    except ValueError:
        return f"a link to outside {root}"
    if target.is_dir():
        return "a linked folder"
    return None


def _discover_folder(folder: Path, lang: str | None, story: str | None, warnings: list[str],
                     root: Path, depth: int = 0) -> list[_Job]:
    jobs: list[_Job] = []
    try:
        entries = sorted(folder.iterdir())
    except OSError as exc:
        raise InputError(f"{folder}: cannot read folder: {exc.strerror}") from None
    meta = read_story_meta(folder)
    story_meta = meta.get("story", {}) if isinstance(meta.get("story"), dict) else {}
    story_title = story_meta.get("title")
    slug = story or story_meta.get("slug")
    for entry in entries:
        if entry.name.startswith(".") or entry.name in META_FILES:
            continue
        if entry.is_symlink():
            problem = _link_problem(entry, root)
            if problem:
                warnings.append(f"{entry}: skipped, {problem}")
                continue
        if entry.is_dir():
            if depth < 3:
                jobs.extend(_discover_folder(entry, lang, story, warnings, root, depth + 1))
            continue
        if entry.suffix.lower() not in TEXT_EXTENSIONS or entry.name.lower() in ("readme.md", "readme.txt"):
            continue
        file_lang, key = lang_from_name(entry)
        file_lang = file_lang or lang
        if file_lang is None:
            warnings.append(f"{entry}: skipped, no language in its name (en.txt, ru.txt, hy.txt …)")
            continue
        per_lang = meta.get(file_lang, {}) if isinstance(meta.get(file_lang), dict) else {}
        job_story = slug or (slugify(key) if key else slugify(folder.name))
        jobs.append(_Job(entry, job_story, file_lang, per_lang, story_title))
    return jobs


def import_paths(
    store: Any,
    paths: Sequence[str | os.PathLike[str]],
    *,
    lang: str | None = None,
    encoding: str | None = None,
    story: str | None = None,
    progress: Callable[[Iterable[Any], int, str], Iterable[Any]] | None = None,
) -> ImportReport:
    """Import articles and story folders into ``store``; see the module docstring."""
    jobs, warnings = discover(paths, lang, story)
    wrap = progress or (lambda it, n, label: it)
    parsed: list[ParsedArticle] = []
    seen: dict[tuple[str, str], str] = {}
    for job in wrap(jobs, len(jobs), "reading"):
        article = parse_article(job.path, job.lang, encoding=encoding, story=job.story or None,
                                meta=job.meta, story_title=job.story_title)
        key = (article.story, article.meta.lang)
        if key in seen:
            raise InputError(
                f"{article.path}: story {article.story!r} already has a {article.meta.lang} article "
                f"({seen[key]}); give each language one file"
            )
        seen[key] = article.path
        parsed.append(article)
    report = ImportReport(skipped=warnings)
    for article in wrap(parsed, len(parsed), "storing"):
        with store.transaction():
            story_id = store.story_id(article.story, article.story_title)
            outcome, _, n = store.save_article(story_id, article.meta, article.sha256, article.paragraphs)
            if outcome != "unchanged":
                store.add_source("article", article.path, article.sha256, {"segments": n})
        report.stories.add(article.story)
        report.articles[outcome] += 1
        report.segments[outcome] += n
    return report
