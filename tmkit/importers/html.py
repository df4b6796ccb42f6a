"""Article extraction from HTML pages with lxml.html.

Keeps the article's paragraph structure (headings, paragraphs, list items, quotes) and
drops page furniture (scripts, styles, navigation, headers, footers, asides, forms).
Metadata (title, canonical URL, outlet, publication date, page language) comes from the
usual ``<meta>`` tags. The parser never touches the network.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tmkit.errors import InputError

_DROP = {
    "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe",
    "svg", "button", "select", "template", "object", "canvas", "menu", "dialog",
}
_VOID = {"embed", "source", "track", "wbr", "keygen", "param"}
_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "dd", "dt",
           "figcaption", "pre", "td", "th", "caption", "summary"}
_CONTAINER_HINT = re.compile(r"article|content|post|story|entry|text|body", re.I)
_NOISE_HINT = re.compile(r"comment|share|social|related|promo|advert|banner|subscribe|cookie|breadcrumb|sidebar|widget|menu", re.I)
_WS = re.compile(r"\s+")
# An internal DTD subset (<!DOCTYPE html [ <!ENTITY …> ]>): XML entity games, never HTML.
_DTD_SUBSET = re.compile(r"\ufeff?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<!DOCTYPE[^>\[]*\[", re.I | re.S)
_HTML_OPEN = re.compile(r"<html[\s>]", re.I)
_HTML_CLOSE = re.compile(r"</html\s*>", re.I)


@dataclass
class HtmlArticle:
    """What :func:`extract` found in a page."""

    paragraphs: list[str]
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    lang: str | None = None
    meta: dict[str, str] = field(default_factory=dict)


def extract(html_text: str, name: str = "HTML page") -> HtmlArticle:
    """Extract the article text and metadata from an HTML document."""
    from lxml import etree, html

    if _DTD_SUBSET.match(html_text):
        raise InputError(f"{name}: its DOCTYPE declares entities or a DTD, which HTML pages never do; "
                         "refused (tmkit never expands entities)")
    # A page cut off by an interrupted download ends inside its text or a tag. (HTML lets
    # a complete page leave out </body> and </html>; such a page still ends with a tag.)
    opened = _HTML_OPEN.search(html_text)
    if opened and not _HTML_CLOSE.search(html_text, opened.end()) and not html_text.rstrip().endswith(">"):
        raise InputError(f"{name}: the page stops in the middle of its text: it looks cut off (an "
                         "interrupted download?); save the whole page again")
    parser = html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True,
                             recover=True, default_doctype=False)
    try:
        root = html.document_fromstring(html_text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"{name}: not a readable HTML page ({exc})") from None
    if root is None:
        raise InputError(f"{name}: not a readable HTML page")

    meta = _meta(root)
    for el in list(root.iter()):
        if not isinstance(el.tag, str):
            continue
        if el.tag in _VOID:
            # libxml2 parses HTML 4, where <embed> may hold what follows it; in HTML it is
            # empty: drop the tag, keep the text after it
            el.drop_tag()
        elif el.tag in _DROP or el.get("hidden") is not None or el.get("aria-hidden") == "true":
            _drop(el)
    container = _container(root)
    paragraphs = _paragraphs(container)
    title = meta.get("og:title") or meta.get("twitter:title")
    if not title:
        h1 = root.find(".//h1")
        title = _text(h1) if h1 is not None else None
    if not title:
        t = root.find(".//title")
        title = _text(t) if t is not None else None
    lang = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    published = (meta.get("article:published_time") or meta.get("datePublished")
                 or meta.get("pubdate") or meta.get("date") or _time_element(root))
    return HtmlArticle(
        paragraphs=paragraphs,
        title=title or None,
        url=meta.get("og:url") or meta.get("canonical"),
        outlet=meta.get("og:site_name") or meta.get("application-name"),
        published=published,
        lang=lang,
        meta=meta,
    )


def _drop(el) -> None:  # type: ignore[no-untyped-def]
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail and tail.strip():
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def _meta(root) -> dict[str, str]:  # type: ignore[no-untyped-def]
    out: dict[str, str] = {}
    for m in root.iter("meta"):
        key = (m.get("property") or m.get("name") or m.get("itemprop") or "").strip()
        value = (m.get("content") or "").strip()
        if key and value and key not in out:
            out[key] = value
    for link in root.iter("link"):
        if (link.get("rel") or "").lower() == "canonical" and link.get("href"):
            out.setdefault("canonical", link.get("href").strip())
    return out


def _time_element(root) -> str | None:  # type: ignore[no-untyped-def]
    for t in root.iter("time"):
        if t.get("datetime"):
            return t.get("datetime").strip()
    return None


def _text(el) -> str:  # type: ignore[no-untyped-def]
    return _WS.sub(" ", el.text_content()).strip()


def _container(root):  # type: ignore[no-untyped-def]
    """The element that holds the article: <article>, <main>, or the densest block."""
    for path in (".//*[@itemprop='articleBody']", ".//article", ".//main", ".//*[@role='main']"):
        found = [el for el in root.findall(path) if len(_text(el)) > 200] if path else []
        if found:
            return max(found, key=lambda el: len(_text(el)))
    body = root.find(".//body")
    body = body if body is not None else root
    best, best_score = body, 0.0
    for el in body.iter("div", "section"):
        ident = f"{el.get('class', '')} {el.get('id', '')}"
        if _NOISE_HINT.search(ident):
            continue
        ps = el.findall(".//p")
        score = sum(len(_text(p)) for p in ps)
        if _CONTAINER_HINT.search(ident):
            score *= 1.2
        if score > best_score:
            best, best_score = el, score
    return best


_CONTAINERS = {"div", "section", "article", "main", "body", "ul", "ol", "dl", "table",
               "tbody", "thead", "tr", "figure", "center", "details"}


def _paragraphs(container) -> list[str]:  # type: ignore[no-untyped-def]
    out: list[str] = []
    _walk(container, out)
    return [p for p in out if p]


def _is_blockish(el) -> bool:  # type: ignore[no-untyped-def]
    return isinstance(el.tag, str) and (el.tag in _BLOCKS or el.tag in _CONTAINERS)


def _walk(el, out: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Paragraphs of ``el`` in document order; inline runs between blocks form paragraphs."""
    if el.tag in _BLOCKS or not any(_is_blockish(d) for d in el.iterdescendants()):
        out.extend(_block_lines(el))
        return
    run: list[str] = [el.text or ""]
    for child in el:
        if not isinstance(child.tag, str):
            pass
        elif _is_blockish(child) or any(_is_blockish(d) for d in child.iterdescendants()):
            out.extend(_flush(run))
            _walk(child, out)
        elif child.tag == "br":
            out.extend(_flush(run))
        else:
            run.append(child.text_content())
        run.append(child.tail or "")
    out.extend(_flush(run))


def _flush(run: list[str]) -> list[str]:
    text = _WS.sub(" ", "".join(run)).strip()
    run.clear()
    return [text] if text else []


def _block_lines(el) -> list[str]:  # type: ignore[no-untyped-def]
    """The text of a block element; <br> starts a new paragraph."""
    parts: list[str] = []
    buf: list[str] = []

    def walk(node) -> None:  # type: ignore[no-untyped-def]
        if node.text:
            buf.append(node.text)
        for child in node:
            if not isinstance(child.tag, str):
                pass
            elif child.tag == "br":
                parts.append("".join(buf))
                buf.clear()
            elif child.tag in _BLOCKS:
                parts.append("".join(buf))
                buf.clear()
                walk(child)
                parts.append("".join(buf))
                buf.clear()
            else:
                walk(child)
            if child.tail:
                buf.append(child.tail)

    walk(el)
    parts.append("".join(buf))
    return [_WS.sub(" ", p).strip() for p in parts if p.strip()]
