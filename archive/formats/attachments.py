"""An e-mail's attachment found again by its key in its .eml or .mbox file (the keys archive/formats/mail.py gives
them), so the web app serves an attachment's own bytes, never the whole message file."""

from __future__ import annotations

from dataclasses import dataclass
from email.message import Message

from .mail import MAX_DEPTH, forwarded_message, keyed_attachments, nesting_bounded, parse_message, split_mailbox


@dataclass(frozen=True)
class AttachedFile:
    """An attachment as its message carries it: file name, declared content type and charset, bytes."""

    name: str
    content_type: str
    charset: str | None
    data: bytes


def attached_file(kind: str, data: bytes, key: str) -> AttachedFile | None:
    """Return the attachment a document's key names in the bytes of its .eml ("email") or .mbox file; None when
    the key names a message or no part of these bytes (the file changed since it was indexed)."""
    try:
        with nesting_bounded():
            for message_key, chunk in [("", data)] if kind == "email" else split_mailbox(data):
                if not message_key or key.startswith(f"{message_key} / "):
                    return _part_of(parse_message(chunk), message_key, key, 0)
    except Exception:  # noqa: BLE001 - bytes that are no e-mail (DocumentError) or the e-mail package's own bugs
        return None
    return None


def _part_of(message: Message, message_key: str, key: str, depth: int) -> AttachedFile | None:
    """Return the attachment keyed `key` among a message's attachments or those of the messages forwarded in it."""
    for filename, part_key, part in keyed_attachments(message, message_key):
        if key == part_key or key.startswith(f"{part_key} #"):  # the attachment, or a record read from it
            return AttachedFile(filename, part.get_content_type(), part.get_content_charset(), _part_bytes(part))
        if key.startswith(f"{part_key} / ") and depth < MAX_DEPTH:
            return _part_of(forwarded_message(part), part_key, key, depth + 1)
    return None


def _part_bytes(part: Message) -> bytes:
    """Return an attachment's decoded bytes (a forwarded message's as an .eml file)."""
    if part.get_content_type() == "message/rfc822":
        return forwarded_message(part).as_bytes()
    data = part.get_payload(decode=True)
    return data if isinstance(data, bytes) else b""
