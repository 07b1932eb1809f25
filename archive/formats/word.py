"""Read a Word file (.docx) with python-docx: its paragraphs and table cells in document order, and the title,
author and creation date of its core properties.

A .docx is a zip: the sizes its members unpack to are checked against MAX_UNPACKED_BYTES before python-docx
opens it, so a decompression bomb costs that file only. An encrypted .docx (a password-protected one is an
OLE container, not a zip) or a damaged one is a DocumentError with a one-line reason.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

from ..errors import DocumentError
from ..models import RawDocument
from . import MAX_UNPACKED_BYTES, one_line, own_meta

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a compound file: an encrypted .docx, or an old .doc
ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")
MAX_COLUMNS = 63  # the most columns a Word table may have


def read(kind: str, data: bytes, name: str, meta: dict[str, Any]) -> tuple[list[RawDocument], list[str]]:
    """Return the text of a .docx as one record, its core properties as metadata under the sidecar's."""
    document = open_docx(data)
    try:
        body = "\n\n".join(block for block in blocks(document) if block)
        found = core_meta(document.core_properties)
    except (KeyError, ValueError, AttributeError, TypeError) as exc:  # parts python-docx expected are missing
        raise DocumentError(f"damaged Word file: {one_line(exc)}") from exc
    if not body.strip():
        raise DocumentError("a Word file with no text")
    return [RawDocument(path=name, key="", kind="text", body=body, meta={**found, **meta})], []


def open_docx(data: bytes) -> Any:
    """Return the python-docx document of the bytes; an encrypted, damaged or oversized file is a DocumentError."""
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_MARK in data:
            raise DocumentError("encrypted Word file: it needs a password to be read")
        raise DocumentError("an old Word file (.doc) named .docx: save it as .docx to index it")
    check_unpacked_size(data)
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise DocumentError(f"not a readable Word file (damaged or not .docx): {one_line(exc)}") from exc
    except Exception as exc:  # lxml's XMLSyntaxError and kin, for a part that is not XML
        raise DocumentError(f"damaged Word file: {one_line(exc)}") from exc


def check_unpacked_size(data: bytes) -> None:
    """Raise DocumentError when the zip's members would unpack past MAX_UNPACKED_BYTES. The sizes the zip
    declares bound what is read too: Python's zipfile stops a member at its declared size."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise DocumentError(f"not a readable Word file (damaged or not .docx): {one_line(exc)}") from exc
    if unpacked > MAX_UNPACKED_BYTES:
        limit = MAX_UNPACKED_BYTES // (1024 * 1024)
        raise DocumentError(f"unpacks to {unpacked:,} bytes, over the {limit} MB limit: not read")


def blocks(container: Any) -> Iterator[str]:
    """Yield the text of each paragraph and table cell of a document or cell, in document order."""
    from docx.table import Table

    for item in container.iter_inner_content():
        if isinstance(item, Table):
            yield from table_text(item)
        else:
            yield item.text.strip()


def table_text(table: Any) -> Iterator[str]:
    """Yield a table's rows, one line each with its cells joined by tabs (a merged cell once)."""
    for row in table.rows:
        if sum(tc.grid_span for tc in row._tr.tc_lst) > MAX_COLUMNS:  # python-docx repeats a cell per column spanned
            raise DocumentError(f"a table row wider than Word's {MAX_COLUMNS} columns: damaged Word file")
        seen: set[int] = set()
        cells = []
        for cell in row.cells:
            if id(cell._tc) not in seen:  # a merged cell is listed once per grid column it spans
                seen.add(id(cell._tc))
                cells.append(" ".join(block for block in blocks(cell) if block))
        line = "\t".join(c for c in cells if c)
        if line:
            yield line


def core_meta(props: Any) -> dict[str, Any]:
    """Return title, authors and publication date (the creation date) from a document's core properties."""
    created = props.created.date().isoformat() if props.created is not None else None
    return own_meta(props.title or "", props.author or "", created)

