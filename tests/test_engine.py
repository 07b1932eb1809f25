"""The Whoosh internals the archive reads (archive/engine.py): a new whoosh-reloaded that moves them fails here."""

from __future__ import annotations

from archive.engine import check_internals


def test_the_whoosh_internals_we_read_are_there() -> None:
    assert check_internals() == []
