"""Find source files under the documents folder, read and decode them, split them into records."""

from __future__ import annotations

import dataclasses
import errno
import hashlib
import json
import logging
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .atomicfile import write_atomically
from .bulk import strip_bulk_bytes
from .errors import DocumentError
from .formats import EXTENSIONS, MAX_FILE_BYTES, is_binary, read_binary
from .models import RawDocument

KINDS = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    **EXTENSIONS,  # binary formats, read in archive/formats
}
log = logging.getLogger(__name__)
SIDECAR_SUFFIX = ".meta.json"
META_KEYS = ("title", "published", "url", "source", "authors", "language")
MAX_BYTES = 8 * 1024 * 1024  # larger files are indexed from their first 8 MB, with a warning
MAX_PAGE_BYTES = 64 * 1024 * 1024  # what is read of a web page, for the cut to come after its bulk is dropped
BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def is_source(path: Path) -> bool:
    """Return whether the file is a document the archive indexes (sidecars are not)."""
    name = path.name.lower()
    return not name.endswith(SIDECAR_SUFFIX) and not name.startswith(".") and path.suffix.lower() in KINDS


def find_files(root: Path, unreadable: list[tuple[str, str]] | None = None) -> Iterator[Path]:
    """Yield source files under root, sorted, never leaving root through a link.

    A folder that cannot be listed is added to `unreadable` as (its name in the index, why), so its
    documents can be kept rather than taken for deleted.
    """
    root = root.resolve()
    seen: set[str] = set()

    def failed(exc: OSError) -> None:
        if unreadable is not None and exc.filename is not None:
            folder = Path(os.fsdecode(exc.filename))
            unreadable.append((relative_name(folder, root) if folder != root else ".", exc.strerror or str(exc)))

    for folder, dirs, files in os.walk(root, followlinks=True, onerror=failed):
        real = os.path.realpath(folder)
        if real in seen or not _inside(Path(real), root):
            dirs[:] = []
            continue
        seen.add(real)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(folder) / name
            if is_source(path) and (not os.path.islink(path) or _inside(path.resolve(), root)):
                yield path


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def relative_name(path: Path, root: Path) -> str:
    """Return the path as stored in the index: relative to the resolved root, POSIX separators, valid
    text (a byte that is not UTF-8 in a file name is written as \\xE9; `source_path` reverses it)."""
    name = path.relative_to(root).as_posix() if path.is_absolute() else path.as_posix()
    return os.fsencode(name).decode("utf-8", "backslashreplace")


ESCAPED_BYTE = re.compile(rb"\\x([0-9a-f]{2})")


def source_path(root: Path, name: str) -> Path:
    """Return the file a name in the index stands for (the inverse of `relative_name`)."""
    path = root / name
    if "\\x" in name and not os.path.lexists(path):
        raw = ESCAPED_BYTE.sub(lambda m: bytes([int(m[1], 16)]), name.encode("utf-8"))
        path = root / os.fsdecode(raw)
    return path


LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def valid_text(value: Any) -> Any:
    """Return a value with every string in it encodable as UTF-8: a lone surrogate (a JSON escape such as
    \\ud800 with no partner) becomes U+FFFD, so nothing downstream fails on it. Text is made valid here,
    once, as it enters the archive."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return LONE_SURROGATE.sub("\ufffd", value)
        return value
    if isinstance(value, list):
        return [valid_text(v) for v in value]
    if isinstance(value, dict):
        return {valid_text(k): valid_text(v) for k, v in value.items()}
    return value


def is_regular(path: Path) -> bool:
    """Return whether a path is a regular file (after links): a pipe or a device would block or never end."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def file_digest(path: Path) -> str:
    """Return a content hash of the file and its sidecar, which judges whether it changed."""
    if not is_regular(path):
        raise OSError(errno.EINVAL, "not a regular file")
    digest = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    sidecar = usable_sidecar(path)
    if sidecar is not None:
        digest.update(b"\0sidecar\0" + sidecar.read_bytes())
    return digest.hexdigest()


def usable_sidecar(path: Path) -> Path | None:
    """Return a file's sidecar when it has one that is a regular file inside the file's own folder (a link
    out of it is never followed: a sidecar must not read files from outside the archive)."""
    sidecar = sidecar_path(path)
    if not is_regular(sidecar):
        return None
    if sidecar.is_symlink() and not _inside(sidecar.resolve(), path.parent.resolve()):
        log.warning("sidecar %s links out of its folder: not read", sidecar)
        return None
    return sidecar


def sidecar_path(path: Path) -> Path:
    """Return where the metadata sidecar of a file would be: story.html -> story.meta.json."""
    return path.with_name(path.stem + SIDECAR_SUFFIX)


def decode(data: bytes) -> str:
    """Decode bytes to text: BOM first, then UTF-8 (a few invalid bytes replaced), then the code page whose
    reading of the non-ASCII parts makes words."""
    if b"\0" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        data_utf16 = _sniff_utf16(data)
        if data_utf16 is None:
            raise DocumentError("binary content (NUL bytes), not text")
        return data_utf16
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from . import charsets  # only for files that are not UTF-8: kept off the search path

    mostly = charsets.decode_utf8_mostly(data)
    if mostly is not None:
        return mostly
    found = charsets.detect(data)
    if found is None:
        raise DocumentError("cannot detect the text encoding (binary content?)")
    return data.decode(found, errors="replace")


def _sniff_utf16(data: bytes) -> str | None:
    """Return UTF-16 text without a BOM, judged by the few distinct high bytes of one script."""
    sample = data[:4096]
    even, odd = set(sample[0::2]), set(sample[1::2])
    for high, low, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if len(high) <= 3 and len(low) > 6:
            text = data[: len(data) // 2 * 2].decode(encoding, errors="replace")
            controls = sum(1 for c in text[:2000] if c < " " and c not in "\n\r\t")
            if controls <= len(text[:2000]) * 0.02:
                return text
    return None


def parse_json(text: str) -> Any:
    """Parse JSON from a document; nesting too deep to parse is a ValueError like any other bad JSON."""
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError("nested too deeply") from None


def parse_sidecar(name: str, data: bytes) -> dict[str, Any]:
    """Return the metadata in a sidecar's bytes; `name` is the sidecar's file name, for the message."""
    try:
        meta = parse_json(decode(data))
    except (ValueError, DocumentError) as exc:
        raise DocumentError(f"bad sidecar {name}: {exc}") from exc
    if not isinstance(meta, dict):
        raise DocumentError(f"bad sidecar {name}: not a JSON object")
    return {k: meta[k] for k in META_KEYS if meta.get(k) not in (None, "")}


@dataclass(frozen=True)
class SourceBytes:
    """A source file as read: its kind, its bytes and its sidecar's (name, bytes), parsed wherever it is sent."""

    kind: str
    data: bytes
    sidecar: tuple[str, bytes] | None = None


def read_records(path: Path, name: str) -> tuple[list[RawDocument], list[str]]:
    """Return the records of one file and the problems met in it (bad JSON lines...)."""
    return parse_records(read_source(path), name)


def read_source(path: Path) -> SourceBytes:
    """Return the bytes of a source file and of its sidecar; an unreadable file is a DocumentError."""
    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        raise DocumentError(f"unsupported file type {path.suffix!r}")
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # not is_regular: a missing file must say "cannot read"
            raise DocumentError("not a regular file (a pipe or a device): not read")
        with open(path, "rb") as handle:
            data = handle.read(read_limit(kind) + 1)
    except OSError as exc:
        raise DocumentError(f"cannot read: {exc.strerror or exc}") from exc
    sidecar = usable_sidecar(path)
    return SourceBytes(kind, data, None if sidecar is None else (sidecar.name, sidecar.read_bytes()))


def read_limit(kind: str) -> int:
    """Return how many bytes of a file of this kind are read."""
    return MAX_PAGE_BYTES if kind == "html" else MAX_FILE_BYTES if is_binary(kind) else MAX_BYTES


def parse_records(source: SourceBytes, name: str) -> tuple[list[RawDocument], list[str]]:
    """Return the records in a source file's bytes and the problems met in them; `name` is its index name."""
    data, kind = source.data, source.kind
    if is_binary(kind):
        if len(data) > MAX_FILE_BYTES:
            raise DocumentError(f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MB: not read")
        if not data:
            raise DocumentError("empty file")
        sidecar = valid_text(parse_sidecar(*source.sidecar) if source.sidecar else {})
        records, problems = read_binary(kind, data, name, sidecar)
        # what a reader took from the file (an e-mail's raw 8-bit header) enters the archive valid, as text does
        return [dataclasses.replace(r, body=valid_text(r.body), meta=valid_text(r.meta)) for r in records], problems
    problems = []
    if kind == "html" and len(data) > MAX_BYTES:
        data = strip_bulk_bytes(data)  # inline images and scripts must not push the article past the cut
    if len(data) > MAX_BYTES:
        data = _cut(data, MAX_BYTES)
        problems.append(f"larger than {MAX_BYTES // (1024 * 1024)} MB: indexed the first part only")
    if not data.strip():
        raise DocumentError("empty file")
    text = decode(data)
    sidecar = valid_text(parse_sidecar(*source.sidecar) if source.sidecar else {})
    if kind in ("json", "jsonl"):
        records, bad = _json_records(text, name, kind, sidecar)
        return records, problems + bad
    return [RawDocument(path=name, key="", kind=kind, body=valid_text(text), meta=sidecar)], problems


def _cut(data: bytes, size: int) -> bytes:
    """Return the first size bytes of data, less a UTF-8 character the cut would split."""
    end = size
    while end > size - 3 and 0x80 <= data[end] < 0xC0:  # data[end] continues the character before it
        end -= 1
    return data[:end]


def _json_records(text: str, name: str, kind: str, sidecar: dict[str, Any]) -> tuple[list[RawDocument], list[str]]:
    items: list[tuple[str, Any]] = []
    problems: list[str] = []
    if kind == "json":
        try:
            data = parse_json(text)
        except ValueError as exc:
            raise DocumentError(f"invalid JSON: {exc}") from exc
        if isinstance(data, list):
            items = [(str(i), item) for i, item in enumerate(data)]
        else:
            items = [("", data)]
    else:
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                items.append((str(number), parse_json(line)))
            except ValueError as exc:
                problems.append(f"line {number}: invalid JSON ({getattr(exc, 'msg', exc)})")
    records = []
    first: dict[str, str] = {}  # record key -> where it was first used
    for place, item in items:
        try:
            record = record_from_json(valid_text(item), name, place, sidecar)
        except DocumentError as exc:
            problems.append(f"record {place or 1}: {exc}")
            continue
        if record.key in first:  # two records with one id: each must still be a document of its own
            where = "line" if kind == "jsonl" else "item"
            unique = f"{record.key} ({where} {place})"
            repeats = f"id {record.key!r} repeats {where} {first[record.key]}"
            problems.append(f"{where} {place}: {repeats}: stored as {unique!r}")
            record = dataclasses.replace(record, key=unique)
        first.setdefault(record.key, place)
        records.append(record)
    if not records and not problems:
        raise DocumentError("no records")
    if not records:
        raise DocumentError("; ".join(problems))
    return records, problems


def record_from_json(item: Any, name: str, key: str, sidecar: dict[str, Any]) -> RawDocument:
    """Return the raw document of one JSON record (title, body|text|html, published, ...)."""
    if not isinstance(item, dict):
        raise DocumentError("not a JSON object")
    if isinstance(item.get("html"), str) and item["html"].strip():
        kind, body = "html", item["html"]
    else:
        body = next((item[k] for k in ("body", "text") if isinstance(item.get(k), str)), "")
        kind = "text"
    if not body.strip():
        raise DocumentError("no body, text or html")
    meta = {k: item[k] for k in META_KEYS if item.get(k) not in (None, "")}
    ident = item.get("id")
    if key and isinstance(ident, str | int) and not isinstance(ident, bool) and str(ident).strip():
        key = str(ident).strip()
    return RawDocument(path=name, key=key, kind=kind, body=body, meta={**meta, **sidecar})


class DigestCache:
    """Content digests remembered by file size and modification time, so an unchanged folder is not re-read.

    The digest still judges change; size and time only say when it must be computed again.
    """

    def __init__(self, entries: dict[str, list[Any]] | None = None) -> None:
        self.entries = entries or {}
        self.current: dict[str, list[Any]] = {}

    @classmethod
    def load(cls, path: Path) -> DigestCache:
        """Return the cache saved at path, or an empty one if it is missing or unreadable."""
        try:
            entries = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        return cls(entries if isinstance(entries, dict) else {})

    def digest(self, path: Path) -> str:
        """Return the content digest of a file and its sidecar, computed only when either changed."""
        stat = path.stat()
        try:
            side = sidecar_path(path).stat()
            stamp = [stat.st_size, stat.st_mtime_ns, side.st_size, side.st_mtime_ns]
        except OSError:
            stamp = [stat.st_size, stat.st_mtime_ns, -1, -1]
        known = self.entries.get(str(path))
        if isinstance(known, list) and len(known) == 5 and known[:4] == stamp:  # a damaged entry only costs time
            digest = known[4]
        else:
            digest = file_digest(path)
        self.current[str(path)] = [*stamp, digest]
        return str(digest)

    def save(self, path: Path) -> None:
        """Write the digests of the files seen this time (atomically; a failure only costs speed)."""
        data = json.dumps(self.current).encode("utf-8")
        write_atomically(path, lambda handle: handle.write(data))
