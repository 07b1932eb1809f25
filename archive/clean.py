"""Turn raw records into clean documents: main text, title and metadata."""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from html import unescape
from typing import Any

from .bulk import strip_bulk
from .errors import DocumentError
from .language import document_language
from .models import Document, RawDocument
from .published import normalize_published, published_or_problem

__all__ = ["clean", "clean_html", "clean_markdown", "clean_plain", "normalize_published", "repair_text"]

PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
SPACES = re.compile(r"[ \t\u00a0]+")
FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)
MAX_TEXT = 2_000_000  # characters of clean text kept per document


def clean(raw: RawDocument, problems: list[str] | None = None) -> Document:
    """Return the clean document of a raw record, metadata from the record overriding the page's; what is
    wrong in it but does not stop it (an unreadable publication date) is added to problems."""
    problems = [] if problems is None else problems
    if raw.kind == "html":
        doc = clean_html(raw.body, problems)
    elif raw.kind == "markdown":
        doc = clean_markdown(raw.body, problems)
    elif raw.kind == "pages":
        doc = clean_pages(raw.body)
    else:
        doc = clean_plain(raw.body, with_title=not raw.meta.get("title"))
    meta = dict(raw.meta)
    authors = meta.pop("authors", None)
    published = published_or_problem(meta.pop("published", None), problems)
    fields: dict[str, Any] = {
        k: repair_text(text) if k != "url" else text
        for k, v in meta.items()
        if k in ("title", "url", "source", "language") and (text := text_value(v))
    }
    if authors:
        names = [text_value(a) for a in (authors if isinstance(authors, list) else [authors])]
        fields["authors"] = tuple(repair_text(n) for n in names if n)
    if published:
        fields["published"] = published
    fields.update(mail_fields(meta))
    doc = Document(**{**doc.__dict__, **fields})
    if not doc.text.strip():
        raise DocumentError("no text after cleaning")
    if not doc.title:
        doc = Document(**{**doc.__dict__, "title": first_words(doc.text)})
    return Document(**{**doc.__dict__, "language": document_language(doc.language, doc.text)})


def mail_fields(meta: dict[str, Any]) -> dict[str, Any]:
    """Return the e-mail fields a reader (archive/formats/mail.py) put in a record's metadata."""
    fields: dict[str, Any] = {k: tuple(meta[k]) for k in ("addresses", "correspondents") if meta.get(k)}
    if meta.get("attachments"):
        fields["attachments"] = tuple((str(n), str(i)) for n, i in meta["attachments"])
    if isinstance(meta.get("parent"), str):
        fields["parent"] = meta["parent"]
    return fields


def text_value(value: Any) -> str | None:
    """Return metadata as text: a string as is, a number written out, a list's first string; nothing else
    (an object is no title, and a Python repr must never become one)."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str | int | float) and not isinstance(v, bool)), None)
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    return str(value).strip() or None


def first_words(text: str, limit: int = 80) -> str:
    """Return the start of the text as a stand-in title."""
    line = text.strip().split("\n", 1)[0]
    return line if len(line) <= limit else line[:limit].rsplit(" ", 1)[0] + "…"


def clean_plain(text: str, with_title: bool = True) -> Document:
    """Return a plain-text document: first non-empty line as title, wrapped lines joined."""
    text = normalize_text(text)
    title = ""
    if with_title:
        head, _, rest = text.strip().partition("\n")
        if rest.strip() and len(head) <= 300:
            title, text = head.strip(), rest
    return Document(title=title, text=join_paragraphs(text))


def clean_pages(body: str) -> Document:
    """Return a paged document (pages joined by form feeds, as archive/formats/pdf.py writes them): each page
    cleaned as plain text, `pages` where each page after the first starts in the text. No line is taken for a
    title: a PDF's first line is as often a running head or half a sentence."""
    first, *rest = body.split("\f")
    text, starts = clean_plain(first, with_title=False).text, []
    for page in rest:
        if len(text) >= MAX_TEXT:
            break
        page_text = clean_plain(page, with_title=False).text
        text += "\n\n" if text and page_text else ""
        starts.append(len(text))
        text += page_text
    return Document(title="", text=text[:MAX_TEXT], pages=tuple(starts))


def normalize_text(text: str) -> str:
    """Return NFC text with unified newlines, mojibake repaired and no control characters."""
    text = repair_text(text[:MAX_TEXT].replace("\r\n", "\n").replace("\r", "\n"))
    text = unicodedata.normalize("NFC", text)
    return "".join(c for c in text if c in "\n\t" or unicodedata.category(c) != "Cc")


def repair_text(text: str) -> str:
    """Return text with the mojibake of an earlier wrong decoding undone ("Ã©tÃ©" -> "été", "Â£" -> "£").

    ftfy changes only sequences that are almost never meant, and only its encoding repairs are used here
    (quotes, widths and ligatures stay as written); the file itself is never written.
    """
    if text.isascii():
        return text
    import ftfy  # only for text that is not ASCII
    from ftfy.badness import is_bad

    return ftfy.fix_text(text, _ftfy_config()) if is_bad(text) else text


@lru_cache(maxsize=1)
def _ftfy_config() -> Any:
    from ftfy import TextFixerConfig

    return TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_surrogates=False,
        remove_control_chars=False,
        normalization=None,
        explain=False,
    )


def join_paragraphs(text: str) -> str:
    """Join hard-wrapped lines into paragraphs; keep blank-line and indented paragraph breaks."""
    paragraphs = []
    for block in PARAGRAPH_BREAK.split(text):
        lines = [line for line in block.split("\n") if line.strip()]
        if lines:
            paragraphs.extend(_unwrap(lines))
    return "\n\n".join(paragraphs)


def _unwrap(lines: list[str]) -> list[str]:
    width = max(len(line.rstrip()) for line in lines)
    paragraphs: list[list[str]] = []
    previous = ""
    for line in lines:
        indented = line[:1] in (" ", "\t") and len(line) - len(line.lstrip()) >= 2
        previous_full = bool(paragraphs) and len(previous) >= 0.6 * width and width >= 40
        text = SPACES.sub(" ", line.strip())
        if paragraphs and previous_full and not indented and not _is_item(line):
            paragraphs[-1].append(text)
        else:
            paragraphs.append([text])
        previous = text
    return [" ".join(p) for p in paragraphs]


def _is_item(line: str) -> bool:
    return bool(re.match(r"\s*([-*•]|\d+[.)])\s", line))


def clean_markdown(text: str, problems: list[str] | None = None) -> Document:
    """Return a Markdown document: front matter as metadata, the first heading as title."""
    from markdown_it import MarkdownIt

    text = normalize_text(text)
    meta: dict[str, Any] = {}
    match = FRONT_MATTER.match(text)
    if match:
        meta = parse_front_matter(match.group(1))
        text = text[match.end() :]
    title = text_value(meta.get("title")) or ""
    heading = re.match(r"\s*#\s+(.+)\n", text)
    if heading:
        title = title or heading.group(1).strip()
        text = text[heading.end() :]
    html = MarkdownIt("commonmark", {"html": False}).render(text)
    body = html_to_text(html)
    authors = meta.get("authors") or meta.get("author")
    return Document(
        title=title or "",
        text=body,
        published=published_or_problem(meta.get("published") or meta.get("date"), problems),
        url=meta.get("url"),
        source=meta.get("source"),
        authors=tuple(authors) if isinstance(authors, list) else ((str(authors),) if authors else ()),
    )


def parse_front_matter(block: str) -> dict[str, Any]:
    """Return key: value pairs of a simple YAML front matter block ([a, b] lists allowed)."""
    meta: dict[str, Any] = {}
    for line in block.splitlines():
        key, sep, value = line.partition(":")
        if not sep or not key.strip():
            continue
        value = value.strip().strip("\"'")
        if value.startswith("[") and value.endswith("]"):
            meta[key.strip().lower()] = [v.strip().strip("\"'") for v in value[1:-1].split(",") if v.strip()]
        else:
            meta[key.strip().lower()] = value
    return meta


BLOCK_TAGS = [
    "p",
    "div",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "blockquote",
    "pre",
    "section",
    "article",
    "br",
]
TAG = re.compile(r"<[^>]*>")
# Meta tags that state a page's publication date, in order of trust.
PUBLISHED_META = (
    "article:published_time",
    "datepublished",
    "date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "pubdate",
    "publishdate",
    "publication_date",
)
MAX_TAGS_FOR_TREE = 20_000


def html_to_text(html: str) -> str:
    """Return the visible text of an HTML fragment, one paragraph per block element."""
    from bs4 import BeautifulSoup

    if html.count("<") > MAX_TAGS_FOR_TREE:  # BeautifulSoup is quadratic in nesting depth
        return _strip_tags(html)
    try:
        soup = BeautifulSoup(html, "html.parser")
        for tag in soup(["script", "style", "noscript", "template", "iframe", "nav", "footer", "form", "head"]):
            tag.decompose()
        for tag in soup.find_all(BLOCK_TAGS):
            tag.append("\n\n")
        text = soup.get_text("")
    except RecursionError:
        return _strip_tags(html)
    return _paragraphs(text)


def _strip_tags(html: str) -> str:
    """Return the text of HTML too large or deep for a tree: block tags break paragraphs, others vanish."""
    html = re.sub(r"(?is)<(script|style|head|nav|footer)\b.*?</\1\s*>", " ", html)
    html = re.sub(r"(?i)</?(?:p|div|li|h[1-6]|tr|br|article|section)\b[^>]*>", "\n\n", html)
    return _paragraphs(unescape(TAG.sub(" ", html)))


def _paragraphs(text: str) -> str:
    blocks = [SPACES.sub(" ", b.replace("\n", " ")).strip() for b in PARAGRAPH_BREAK.split(text)]
    return "\n\n".join(b for b in blocks if b)


def clean_html(html: str, problems: list[str] | None = None) -> Document:
    """Return the main article text of an HTML page and its metadata (meta tags, Open Graph, JSON-LD).

    The publication date is the one the page states; trafilatura's guess is not used (it takes a date
    the article mentions, and writes "2022-06" as "2022-06-01").
    """
    import trafilatura

    html = normalize_text(strip_bulk(html))
    try:
        tree = trafilatura.load_html(html)
    except (ValueError, RecursionError):
        tree = None
    if tree is None:
        return Document(title="", text=html_to_text(html))
    meta = page_metadata(tree)
    try:
        result = trafilatura.bare_extraction(tree, with_metadata=True, include_comments=False)
    except (ValueError, RecursionError, TypeError):
        result = None
    title = (getattr(result, "title", None) or meta.get("title") or "").strip()
    text = (getattr(result, "text", None) or "").strip()
    if not text:
        text = html_to_text(html)
    text = _drop_leading_title(text, title)
    return Document(
        title=title,
        text=join_paragraphs(text.replace("\n", "\n\n")),
        published=published_or_problem(meta.get("published"), problems),
        url=meta.get("url") or getattr(result, "url", None),
        source=meta.get("source") or getattr(result, "sitename", None),
        authors=tuple(meta.get("authors") or _split_authors(getattr(result, "author", None))),
        language=meta.get("language"),
    )


def _drop_leading_title(text: str, title: str) -> str:
    head, _, rest = text.partition("\n")
    return rest.strip() if title and head.strip() == title and rest.strip() else text


def _split_authors(value: str | None) -> list[str]:
    return [a.strip() for a in re.split(r";|\band\b|,", value or "") if a.strip()]


def page_metadata(tree: Any) -> dict[str, Any]:
    """Return title, published, url, source, authors and language read from the page head."""
    meta: dict[str, Any] = {}
    language = tree.get("lang") if hasattr(tree, "get") else None
    if language:
        meta["language"] = language.split("-")[0].lower()
    props: dict[str, str] = {}
    for tag in tree.iter("meta"):
        key = (tag.get("property") or tag.get("name") or tag.get("itemprop") or "").lower()
        if key and tag.get("content"):
            props.setdefault(key, tag.get("content").strip())
    for tag in tree.iter("link"):
        if (tag.get("rel") or "").lower() == "canonical" and tag.get("href"):
            meta["url"] = tag.get("href").strip()
    meta.setdefault("url", props.get("og:url"))
    meta["title"] = props.get("og:title") or _tag_text(tree, "title")
    meta["source"] = props.get("og:site_name")
    meta["published"] = next((props[k] for k in PUBLISHED_META if props.get(k)), None) or _time_published(tree)
    authors = [props[k] for k in ("author", "article:author") if k in props and "://" not in props[k]]
    meta.update({k: v for k, v in json_ld(tree).items() if v and not meta.get(k)})
    if authors and not meta.get("authors"):
        meta["authors"] = _split_authors(authors[0])
    return {k: v for k, v in meta.items() if v}


def _time_published(tree: Any) -> str | None:
    """Return the date of a <time> element marked as the publication date (itemprop or pubdate)."""
    for tag in tree.iter("time"):
        if (tag.get("itemprop") or "").lower() == "datepublished" or tag.get("pubdate") is not None:
            return tag.get("datetime") or (tag.text_content() or "").strip() or None
    return None


def _tag_text(tree: Any, name: str) -> str | None:
    for tag in tree.iter(name):
        text = (tag.text_content() or "").strip()
        if text:
            return text
    return None


def json_ld(tree: Any) -> dict[str, Any]:
    """Return headline, datePublished and authors of the first article object in JSON-LD."""
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        for item in _ld_items(data):
            if isinstance(item, dict) and ("headline" in item or "datePublished" in item):
                return {
                    "title": text_value(item.get("headline")),
                    "published": item.get("datePublished"),
                    "authors": _ld_names(item.get("author")),
                }
    return {}


def _ld_items(data: Any) -> list[Any]:
    if isinstance(data, list):
        return data
    if isinstance(data, dict) and isinstance(data.get("@graph"), list):
        return data["@graph"]
    return [data]


def _ld_names(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    names = [v.get("name") if isinstance(v, dict) else v for v in values]
    return [str(n).strip() for n in names if isinstance(n, str) and n.strip()]
