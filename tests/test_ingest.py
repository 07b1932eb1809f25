"""Hostile names and ids: file names that are not UTF-8, lone surrogates, repeated ids, long names, folders
that cannot be read. Each is indexed (or kept) and every page, export and command still answers."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive.cli import main
from archive.config import load_settings
from archive.index import ReindexReport, reindex
from archive.models import SearchRequest
from archive.search import Archive
from tests.hostile import without_root_reads, write_hostile_names

pytestmark = pytest.mark.slow  # spaCy and an index


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path, dict[str, str], ReindexReport]]:
    root = tmp_path_factory.mktemp("names")
    docs, index = root / "docs", root / "index"
    titles = write_hostile_names(docs)
    report = reindex(load_settings(documents=docs, index=index, workers=1))
    yield docs, index, titles, report


def hits(index: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for hit in Archive(index).search(SearchRequest(limit=100, all_copies=True)).hits:
        found.setdefault(hit.path, []).append(hit.title)
    return found


def test_every_hostile_name_is_indexed_under_valid_text(built) -> None:
    _, index, titles, report = built
    assert not report.failed, report.failed
    found = hits(index)
    for name, title in titles.items():
        assert title in found.get(name, []), (name, found.keys())
    for name in found:
        name.encode("utf-8")  # every stored name is valid text


def test_repeated_ids_are_each_a_document_of_their_own_and_reported(built) -> None:
    _, index, _, report = built
    archive = Archive(index)
    repeats = archive.search(SearchRequest(query="report", limit=10)).hits
    assert sorted(h.title for h in repeats) == ["Repeat 1", "Repeat 2", "Repeat 3"]
    opened = [archive.document(h.id) for h in repeats]
    assert sorted(r.title for r in opened if r) == ["Repeat 1", "Repeat 2", "Repeat 3"]
    warned = [reason for name, reason in report.warnings if name == "repeats.jsonl"]
    assert len(warned) == 2 and all("repeats line 1" in w for w in warned)


def test_pages_exports_and_files_answer_for_hostile_names(built) -> None:
    from webui import create_app

    docs, index, titles, _ = built
    client = create_app({"TESTING": True, "ARCHIVE_INDEX": str(index), "ARCHIVE_DOCUMENTS": str(docs)}).test_client()
    archive = Archive(index)
    for hit in archive.search(SearchRequest(limit=100, all_copies=True)).hits:
        for url in (f"/doc/{hit.id}", f"/api/doc/{hit.id}", f"/file/{hit.id}"):
            with client.get(url) as answer:
                assert answer.status_code == 200, (url, hit.path, answer.status_code)
    latin = next(h for h in archive.search(SearchRequest(limit=100, all_copies=True)).hits if h.title == "Latin name")
    with client.get(f"/file/{latin.id}") as answer:
        assert b"A story told in Lyon." in answer.data
    for url in ("/?q=*", "/api/search?q=*", "/api/export.csv?q=*", "/api/export.json?q=*", "/region/Nantes"):
        answer = client.get(url)
        assert answer.status_code == 200, url
    assert "Broken \ufffd title" in client.get("/?q=Nantes").get_data(as_text=True)


def test_the_cli_prints_hostile_names_and_titles(built) -> None:
    _, index, _, _ = built
    out = CliRunner().invoke(main, ["--index", str(index), "search", "*", "--limit", "20"])
    assert out.exit_code == 0, out.output
    assert "Broken \ufffd title" in out.output and "Latin name" in out.output


def cli(docs: Path, index: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run a reindex in its own process that obeys file permissions even as root."""
    base = [sys.executable, "-m", "archive", "--documents", str(docs), "--index", str(index)]
    return subprocess.run(
        [*base, "reindex", "--workers", "1", *args], capture_output=True, text=True, timeout=300, preexec_fn=without_root_reads
    )


def test_an_unreadable_folder_is_reported_and_its_documents_kept(tmp_path: Path) -> None:
    docs, index = tmp_path / "docs", tmp_path / "index"
    (docs / "desk").mkdir(parents=True)
    (docs / "top.txt").write_text("Top story\n\nThe mayor of Leeds spoke on Monday.")
    (docs / "desk" / "inner.txt").write_text("Desk story\n\nThe harbour of Bergen froze on Friday.")
    assert cli(docs, index).returncode == 0
    assert set(hits(index)) == {"top.txt", "desk/inner.txt"}
    (docs / "desk").chmod(0)
    try:
        for args in ((), ("--full",)):
            done = cli(docs, index, *args)
            assert done.returncode == 0, done.stderr
            assert "desk: cannot read this folder (Permission denied): its 1 indexed files are kept" in done.stderr
            assert set(hits(index)) == {"top.txt", "desk/inner.txt"}, args
    finally:
        (docs / "desk").chmod(0o755)
    (docs / "desk" / "inner.txt").unlink()
    assert cli(docs, index).returncode == 0
    assert set(hits(index)) == {"top.txt"}
