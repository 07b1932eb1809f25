"""E-mail: an .eml file is one message, an .mbox file many; each message is a document (subject, date, text,
sender and recipients) and each attachment in a readable format a document of its own, linked to its message.

Read with the standard library's e-mail parser (policy.default: RFC 2047 headers decoded, bodies in their
declared charset). An .mbox is split at its "From " lines in memory, each message keyed by its Message-ID
(else "message N"), as JSON records are keyed by their id.

Keys never collide: a message's is a Message-ID as RFC 5322 writes it ("<...>", no spaces), used when no other
message of the mailbox has it, else "message N" (its place in the file); an attachment's is "attachment N: name"
after its message's key and " / " (a file name holds no "/"), a record inside it " #" and its own key after
that. archive/formats/attachments.py follows a key back to its part, so /file/ serves an attachment's own bytes.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote

from ..errors import DocumentError
from ..models import RawDocument
from ..schema import document_id
from . import MAX_UNPACKED_BYTES, TIMED_OUT, cannot_read, current_clock

MAX_CORRESPONDENTS = 30  # people a message gets from its headers: a mailing to thousands names no one
MAX_ADDRESSES = 1_000  # addresses a message keeps
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # no line break or control character in a name (a header, a title)
MAX_DEPTH = 3  # forwarded messages inside forwarded messages: deeper ones are listed, not read
MAILBOX_SEPARATOR = re.compile(rb"(?:\A|(?<=\n\n)|(?<=\n\r\n))From [^\n]*\n")
KNOWN_HEADERS = ("from", "to", "cc", "subject", "date", "message-id")
# Words of a display name that is a desk, a list or a firm, not a person: "Harbour Weekly Desk", "Port Press Office"
MAILBOX_WORDS = {
    "desk", "team", "office", "news", "newsroom", "newsdesk", "info", "support", "service", "services", "press",
    "editors", "tips", "noreply", "no-reply", "admin", "list", "mailer", "daemon", "weekly", "daily", "gazette",
    "herald", "times", "inc", "ltd", "llc", "plc", "gmbh", "company", "council", "ministry", "agency", "department",
}  # fmt: skip
MESSAGE_ID = re.compile(r"<[^<>\s]+>")  # a Message-ID a key may be: no spaces, so no "message N" nor a part's key
CITED_ID = re.compile(r"cid:([^\s\"'<>()]+)", re.I)  # an HTML body's reference to an image part: src="cid:logo@x"
MAILBOX_META = ("url", "source", "language")  # what a mailbox's sidecar gives each message: the rest names one
PART_SUFFIXES = {"text/plain": ".txt", "text/html": ".html", "text/markdown": ".md", "message/rfc822": ".eml"}


def read(kind: str, data: bytes, name: str, meta: dict[str, Any]) -> tuple[list[RawDocument], list[str]]:
    """Return the documents of an .eml or .mbox file (messages and their attachments) and the problems met."""
    clock = current_clock()
    if kind == "email":
        with nesting_bounded():
            records, problems = read_message(parse_message(data), name, "", 0)
        return [_with_sidecar(r, meta) for r in records], problems
    records, problems = [], mailbox_sidecar_problems(meta)
    meta = {k: v for k, v in meta.items() if k in MAILBOX_META}
    messages = split_mailbox(data)
    for number, (key, chunk) in enumerate(messages, 1):
        if clock.expired():
            problems.append(f"{TIMED_OUT}: messages {number} to {len(messages)} not read")
            break
        try:
            with nesting_bounded():
                found, met = read_message(parse_message(chunk), name, key, 0)
        except DocumentError as exc:
            problems.append(f"message {number}: {exc}")
            continue
        except Exception as exc:  # the e-mail package's own bugs: this message fails, not the mailbox
            problems.append(f"message {number}: {cannot_read(exc)}")
            continue
        records += [_with_sidecar(r, meta) for r in found]
        problems += [f"message {number}: {p}" for p in met]
    if not records:
        raise DocumentError("; ".join(problems) or "no messages in the mailbox")
    return records, problems


def mailbox_sidecar_problems(meta: dict[str, Any]) -> list[str]:
    """Return the warning for what a mailbox's sidecar gives that would name every message alike (a title)."""
    unused = [k for k in meta if k not in MAILBOX_META]
    if not unused:
        return []
    return [f"sidecar's {', '.join(unused)} not used: a mailbox's sidecar gives its messages {', '.join(MAILBOX_META)}"]


@contextmanager
def nesting_bounded() -> Iterator[None]:
    """Turn the e-mail package's recursion over parts nested thousands deep into a DocumentError."""
    try:
        yield
    except RecursionError:
        raise DocumentError("parts nested too deeply to read (thousands of levels): not read") from None


def _with_sidecar(record: RawDocument, meta: dict[str, Any]) -> RawDocument:
    """Return a message with its file's sidecar metadata over its own (attachments keep theirs)."""
    if not meta or "parent" in record.meta:
        return record
    return dataclasses.replace(record, meta={**record.meta, **meta})


def parse_message(data: bytes) -> EmailMessage:
    """Return the parsed message in an .eml file's bytes; bytes that are no e-mail are a DocumentError."""
    return checked(BytesParser(policy=policy.default).parsebytes(data))


def checked(message: Message) -> EmailMessage:
    """Return a parsed message; bytes with none of an e-mail's headers are a DocumentError."""
    if not isinstance(message, EmailMessage) or not any(h.lower() in KNOWN_HEADERS for h in message.keys()):
        raise DocumentError("not an e-mail message: no From, To, Subject, Date or Message-ID header")
    return message


def split_mailbox(data: bytes) -> list[tuple[str, bytes]]:
    """Return the messages of an mbox file with their keys: the Message-ID when it is written as one ("<...>") and
    no other message has it, else "message N" (one-based)."""
    if not data.startswith(b"From "):
        raise DocumentError("not an mbox file: it does not start with a 'From ' line")
    chunks = [c for c in MAILBOX_SEPARATOR.split(data) if c.strip()]
    ids = [_header(BytesParser(policy=policy.default).parsebytes(c, headersonly=True), "message-id") for c in chunks]
    ids = [i.strip() for i in ids]
    uses = Counter(ids)
    return [
        (ident if MESSAGE_ID.fullmatch(ident) and uses[ident] == 1 else f"message {number}", chunk)
        for number, (ident, chunk) in enumerate(zip(ids, chunks, strict=True), 1)
    ]


def read_message(message: Message, name: str, key: str, depth: int) -> tuple[list[RawDocument], list[str]]:
    """Return the document of one message followed by those of its attachments, and the problems met."""
    problems = [f"damaged message ({type(d).__name__})" for d in message.defects[:3]]
    kind, body = message_body(message, problems)
    attached: list[tuple[str, str]] = []  # (file name, its document id, or "" when not indexed)
    records: list[RawDocument] = []
    parent = document_id(name, key)
    for filename, part_key, part in keyed_attachments(message, key):
        found, met = read_attachment(part, filename, name, part_key, depth, parent)
        problems += [f"{filename}: {p}" for p in met]
        attached.append((filename, document_id(name, found[0].key) if found else ""))
        records += found
    if not body.strip():
        if not attached:
            raise DocumentError("the message has no text and no attachments")
        kind, body = "text", "Attachments: " + ", ".join(n for n, _ in attached)
    meta = message_meta(message, problems)
    meta["attachments"] = attached
    return [RawDocument(path=name, key=key, kind=kind, body=body, meta=meta), *records], problems


def keyed_attachments(message: Message, key: str) -> list[tuple[str, str, Message]]:
    """Return (file name, key in the file, part) for each attachment of the message keyed `key`."""
    prefix = f"{key} / " if key else ""
    found = []
    for number, part in enumerate(_attachments(message), 1):
        filename = attachment_name(part, number)
        found.append((filename, f"{prefix}attachment {number}: {filename}", part))
    return found


def _attachments(message: Message) -> list[Message]:
    """Return a message's attachments (an empty list for a message of one part), without the images its HTML
    body shows (a logo, a tracking pixel): those are part of the message, not files attached to it."""
    if not message.is_multipart() or not isinstance(message, EmailMessage):
        return []
    cited = cited_content_ids(message)
    return [part for part in message.iter_attachments() if cited is None or not is_inline_image(part, cited)]


def cited_content_ids(message: EmailMessage) -> set[str] | None:
    """Return the Content-IDs (lower-cased, without <>) that a message's HTML body refers to as cid: URLs; None
    for a message without an HTML body."""
    html = message.get_body(preferencelist=("html",))
    if html is None:
        return None
    return {unquote(cited).lower() for cited in CITED_ID.findall(part_text(html, []))}


def is_inline_image(part: Message, cited: set[str]) -> bool:
    """Return whether a part is an image an HTML body shows: marked inline, or cited by it. (A plain-text message's
    inline image is a photo its sender attached, as mail apps send one: it stays an attachment.)"""
    if part.get_content_maintype() != "image":
        return False
    content_id = _header(part, "content-id").strip().strip("<>").lower()
    return part.get_content_disposition() == "inline" or (bool(content_id) and content_id in cited)


def message_body(message: Message, problems: list[str]) -> tuple[str, str]:
    """Return the kind ("text" or "html") and text of a message's body: its plain text, else its HTML."""
    part = message.get_body(preferencelist=("plain", "html")) if isinstance(message, EmailMessage) else None
    if part is None:
        return "text", ""
    return ("html" if part.get_content_subtype() == "html" else "text"), part_text(part, problems)


def part_text(part: Message, problems: list[str]) -> str:
    """Return a text part decoded by its declared charset; an unknown or wrong charset is guessed instead."""
    data = part.get_payload(decode=True)
    if not isinstance(data, bytes):
        return ""
    charset = part.get_content_charset() or "us-ascii"
    try:
        return data.decode(charset)
    except (LookupError, ValueError):  # an unknown name, bytes it cannot decode, a name with a NUL
        from ..sources import decode

        problems.append(f"text not in its declared charset {charset!r}: decoded by guess")
        try:
            return decode(data)
        except DocumentError:
            return data.decode("utf-8", errors="replace")


def message_meta(message: Message, problems: list[str]) -> dict[str, Any]:
    """Return a message's metadata: subject as title, date as publication date, sender as author, the people
    and addresses of its sender and recipients."""
    meta: dict[str, Any] = {}
    if subject := " ".join(_header(message, "subject").split()):
        meta["title"] = subject
    if published := message_date(message, problems):
        meta["published"] = published
    senders = mailboxes(message, ("from",))
    everyone = mailboxes(message, ("from", "to", "cc"))
    if authors := [n for n, _ in senders if n]:
        meta["authors"] = authors
    named = list(dict.fromkeys(n for n, _ in everyone if n))
    meta["correspondents"] = named[:MAX_CORRESPONDENTS]
    if len(named) > MAX_CORRESPONDENTS:
        problems.append(f"{len(named)} named senders and recipients: the first {MAX_CORRESPONDENTS} are its people")
    meta["addresses"] = list(dict.fromkeys(a for _, a in everyone if a))[:MAX_ADDRESSES]
    return meta


def message_date(message: Message, problems: list[str]) -> str | None:
    """Return the day a message was sent as YYYY-MM-DD, as its Date header writes it (its own time zone)."""
    raw = _header(message, "date")
    stamp = getattr(message.get("date"), "datetime", None) if raw else None
    if raw and stamp is None:
        problems.append(f"unreadable Date header {raw[:40]!r}")
    return None if stamp is None else str(stamp.date().isoformat())


def mailboxes(message: Message, headers: tuple[str, ...]) -> list[tuple[str, str]]:
    """Return (person's name or "", address) for each mailbox in the headers."""
    found = []
    for header in headers:
        for value in _values(message, header):
            for mailbox in getattr(value, "addresses", ()):
                address = (mailbox.addr_spec or "").strip().lower().removeprefix("<>")
                found.append((person_name(mailbox.display_name or "", address), address))
    return [(n, a) for n, a in found if n or a]


def person_name(display: str, address: str) -> str:
    """Return the person a display name names: "Berg, Anna" is Anna Berg; an address, a single word (a desk, a
    given name alone) or a name with a desk's or firm's word in it is no person."""
    name = " ".join(display.strip().strip("'\"").split())
    if name.count(",") == 1:
        last, first = (p.strip() for p in name.split(","))
        name = f"{first} {last}".strip()
    if not name or "@" in name or not any(c.isalpha() for c in name):
        return ""
    if " " not in name or any(w.strip(".()").lower() in MAILBOX_WORDS for w in name.split()):
        return ""  # one word ("Anna", "Newsdesk") names no one person; "City News Desk" names a desk
    return name


def _header(message: Message, header: str) -> str:
    """Return a header's decoded value ("" when absent)."""
    values = _values(message, header)
    return str(values[0]) if values else ""


def _values(message: Message, header: str) -> list[Any]:
    """Return a header's values; one the parser cannot read is left out (the e-mail package's header parser
    has raised on malformed input before, and a header must never cost the message)."""
    try:
        return list(message.get_all(header) or [])
    except Exception:  # noqa: BLE001
        return []


def attachment_name(part: Message, number: int) -> str:
    """Return an attachment's file name (its last path part), or "part N.ext" from its content type."""
    filename = part.get_filename() or ""
    filename = " ".join(CONTROL.sub(" ", PurePosixPath(filename.replace("\\", "/")).name).split())
    return filename or f"part {number}{PART_SUFFIXES.get(part.get_content_type(), '')}"


def read_attachment(
    part: Message, filename: str, name: str, key: str, depth: int, parent: str
) -> tuple[list[RawDocument], list[str]]:
    """Return the documents of one attachment in a readable format (none for any other) and the problems met."""
    from ..sources import KINDS, SourceBytes, parse_records

    if part.get_content_type() == "message/rfc822" or filename.lower().endswith(".eml"):
        return _forwarded(part, name, key, depth, parent)
    kind = KINDS.get(PurePosixPath(filename).suffix.lower())
    if kind is None or kind == "mbox":
        return [], []
    data = part.get_payload(decode=True)
    if not isinstance(data, bytes) or not data.strip():
        return [], ["empty attachment: not indexed"]
    if len(data) > MAX_UNPACKED_BYTES:
        return [], [f"larger than {MAX_UNPACKED_BYTES // (1024 * 1024)} MB: not indexed"]
    try:
        records, problems = parse_records(SourceBytes(kind, data), name)
    except DocumentError as exc:
        return [], [f"not indexed: {exc}"]
    except Exception as exc:  # a reader's bug costs this attachment, never its message or mailbox
        return [], [f"not indexed: {cannot_read(exc)}"]
    return [_attached(r, key, parent) for r in records], problems


def _attached(record: RawDocument, key: str, parent: str) -> RawDocument:
    """Return an attachment's record keyed inside the message file and linked to its message."""
    full_key = f"{key} #{record.key}" if record.key else key
    return dataclasses.replace(record, key=full_key, meta={**record.meta, "parent": parent})


def _forwarded(part: Message, name: str, key: str, depth: int, parent: str) -> tuple[list[RawDocument], list[str]]:
    """Return the documents of a message attached to a message (a forward), down to MAX_DEPTH."""
    if depth + 1 > MAX_DEPTH:
        return [], [f"forwarded more than {MAX_DEPTH} deep: not read"]
    try:
        records, problems = read_message(forwarded_message(part), name, key, depth + 1)
    except DocumentError as exc:
        return [], [f"not indexed: {exc}"]
    except Exception as exc:  # the e-mail package's bug in a forward costs the forward, as in any attachment
        return [], [f"not indexed: {cannot_read(exc)}"]
    first = dataclasses.replace(records[0], meta={**records[0].meta, "parent": parent})
    return [first, *records[1:]], problems


def forwarded_message(part: Message) -> Message:
    """Return the message inside a message/rfc822 part or an attached .eml file (a DocumentError if none)."""
    inner = part.get_payload(0) if part.get_content_type() == "message/rfc822" else None
    if isinstance(inner, Message):
        return inner
    data = part.get_payload(decode=True)
    return parse_message(data if isinstance(data, bytes) else b"")
