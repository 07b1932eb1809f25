"""Exceptions raised by the archive library.

ArchiveError                  every error the archive reports to a person
  +-- SettingsError          an ARCHIVE_* environment variable has a bad value
  +-- IndexNotFoundError      no index at the configured path yet
  +-- IndexDamagedError       the index's files cannot be read (truncated, missing, garbled)
  +-- IndexLockedError        another reindex holds the writer lock
  +-- DocumentError           one source file could not be read or parsed
  +-- ServeError              the server cannot listen where it was told to
  +-- QueryError              a search request is malformed
        +-- QuerySyntaxError  the query string does not parse
"""

from __future__ import annotations

from collections.abc import Mapping


class ArchiveError(Exception):
    """Base of every error the archive reports with a message, never a traceback."""


class SettingsError(ArchiveError):
    """A setting has a value the archive cannot use."""


class IndexNotFoundError(ArchiveError):
    """The index folder holds no index yet."""


class IndexDamagedError(ArchiveError):
    """The index's files are damaged: only a full reindex rebuilds it."""


class IndexLockedError(ArchiveError):
    """Another process is writing the index."""


class DocumentError(ArchiveError):
    """A source document could not be read, decoded or parsed."""


class ServeError(ArchiveError):
    """The server's address is taken or cannot be bound."""


class QueryError(ArchiveError):
    """A search request has a bad parameter.

    `field` names the SearchRequest field at fault; the message may say "{name}" where the parameter
    is named, so each face names it as its user typed it (`--from` on the command line, `from` in a URL).
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.template = message
        self.field = field

    def named(self, names: Mapping[str, str]) -> str:
        """Return the message with the parameter called by the name its user typed."""
        field = self.field or ""
        # the first "{name}" is ours: the parameter leads the message, and what the user typed comes after
        return self.template.replace("{name}", names.get(field, field.replace("_", "-")), 1)

    def __str__(self) -> str:
        return self.named({})


class QuerySyntaxError(QueryError):
    """The query string does not parse."""
