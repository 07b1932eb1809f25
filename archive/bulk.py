"""Drop the bulk of a web page that no reader sees before any size cut: a 2 MB inline image must not push
the article past the limit.

Dropped: inline script bodies (JSON-LD kept: it carries the metadata), style sheets, SVG drawings, comments,
and long data URIs. One pass; an element that is never closed is kept as it is.
"""

from __future__ import annotations

import re
from functools import lru_cache

OPENING = re.compile(r"<!--|<(script|style|svg)\b([^<>]{0,4000}+)>", re.I)  # stops at the next tag: no rescans
LINKED_DATA = re.compile(r"application/ld\+json", re.I)
DATA_URI = re.compile(
    r"data:[\w.+-]+/[\w.+-]+(?:;[\w.+=-]+)*"
    r"(?:;base64,[A-Za-z0-9+/=]{64,}|,[^\"'\s<>)]{1024,})",  # base64, or long URL-encoded content
    re.I,
)


def strip_bulk(html: str) -> str:
    """Return the page without inline scripts, styles, drawings, comments and long data URIs."""
    pieces = []
    pos = 0
    while (start := OPENING.search(html, pos)) is not None:
        name = start.group(1)
        if name and name.lower() == "script" and LINKED_DATA.search(start.group(2)):
            pieces.append(html[pos : start.end()])
            pos = start.end()
            continue
        close = _closing(name.lower() if name else None).search(html, start.end())
        if close is None:
            break
        pieces += [html[pos : start.start()], start.group(0) + close.group(0) if name else ""]
        pos = close.end()
    pieces.append(html[pos:])
    return DATA_URI.sub("data:,", "".join(pieces))


def strip_bulk_bytes(data: bytes) -> bytes:
    """Return the raw bytes of a page without its bulk (the patterns are ASCII: latin-1 maps bytes one to one)."""
    return strip_bulk(data.decode("latin-1")).encode("latin-1")


@lru_cache(maxsize=8)
def _closing(name: str | None) -> re.Pattern[str]:
    return re.compile("-->" if name is None else rf"</{name}\s*>", re.I)
