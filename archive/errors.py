"""Exceptions raised by the archive library.

ArchiveError                  every error the archive reports to a person
  +-- IndexNotFoundError      no index at the configured path yet
  +-- IndexLockedError        another reindex holds the writer lock
  +-- DocumentError           one source file could not be read or parsed
  +-- QueryError              a search request is malformed
        +-- QuerySyntaxError  the query string does not parse
"""

from __future__ import annotations


class ArchiveError(Exception):
    """Base of every error the archive reports with a message, never a traceback."""


class IndexNotFoundError(ArchiveError):
    """The index folder holds no index yet."""


class IndexLockedError(ArchiveError):
    """Another process is writing the index."""


class DocumentError(ArchiveError):
    """A source document could not be read, decoded or parsed."""


class QueryError(ArchiveError):
    """A search request has a bad parameter."""


class QuerySyntaxError(QueryError):
    """The query string does not parse."""
