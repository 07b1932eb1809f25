from __future__ import annotations

import json
from pathlib import Path

import pytest

from archive.config import load_settings
from archive.errors import IndexLockedError, IndexNotFoundError
from archive.index import index_stats, open_index, reindex
from archive.models import SearchRequest
from archive.search import Archive


def story(folder: Path, name: str, title: str, body: str) -> None:
    (folder / name).write_text(f"{title}\n\n{body}\n", encoding="utf-8")


@pytest.fixture()
def small(tmp_path: Path):
    docs = tmp_path / "docs"
    docs.mkdir()
    story(docs, "a.txt", "Port strike", "Dock workers in Rotterdam ended a strike on Monday.")
    story(docs, "b.txt", "Flood", "Heavy rain flooded Porto Alegre in Brazil.")
    return load_settings(documents=docs, index=tmp_path / "index", workers=1)


def titles(settings) -> set[str]:
    result = Archive(settings.index).search(SearchRequest(limit=100))
    return {h.title for h in result.hits}


def test_incremental_reindex_adds_changes_and_removes(small) -> None:
    first = reindex(small)
    assert (first.indexed, first.unchanged, first.removed) == (2, 0, 0)
    again = reindex(small)
    assert (again.indexed, again.unchanged, again.removed) == (0, 2, 0)
    story(small.documents, "a.txt", "Port strike over", "Dock workers in Rotterdam went back to work.")
    story(small.documents, "c.txt", "Fire", "A fire broke out near Athens in Greece.")
    (small.documents / "b.txt").unlink()
    third = reindex(small)
    assert (third.indexed, third.unchanged, third.removed) == (2, 0, 1)
    assert titles(small) == {"Port strike over", "Fire"}


def test_sidecar_change_counts_as_a_change(small) -> None:
    reindex(small)
    (small.documents / "a.meta.json").write_text(json.dumps({"published": "2020-01-02"}))
    report = reindex(small)
    assert report.indexed == 1
    hits = Archive(small.index).search(SearchRequest(query="strike")).hits
    assert hits[0].published == "2020-01-02"


def test_bad_files_are_reported_and_good_files_indexed(small) -> None:
    (small.documents / "empty.txt").write_bytes(b"")
    (small.documents / "binary.html").write_bytes(bytes(range(256)) * 50)
    (small.documents / "bad.json").write_text("{not json")
    report = reindex(small)
    assert report.indexed == 2
    assert {name for name, _ in report.failed} == {"empty.txt", "binary.html", "bad.json"}
    assert all(reason for _, reason in report.failed)
    assert titles(small) == {"Port strike", "Flood"}


def test_full_reindex_rebuilds_everything(small) -> None:
    reindex(small)
    report = reindex(small, full=True)
    assert report.indexed == 2
    assert index_stats(small.index).documents == 2


def test_searcher_sees_a_commit_without_reopening(small) -> None:
    reindex(small)
    archive = Archive(small.index)
    assert archive.search(SearchRequest()).total == 2
    story(small.documents, "c.txt", "Fire", "A fire broke out near Athens.")
    reindex(small)
    assert archive.search(SearchRequest()).total == 3


def test_a_second_writer_is_told_a_reindex_is_running(small) -> None:
    reindex(small)
    story(small.documents, "c.txt", "Fire", "A fire broke out near Athens.")
    writer = open_index(small.index).writer()
    try:
        with pytest.raises(IndexLockedError, match="Another reindex"):
            reindex(small)
    finally:
        writer.cancel()


def test_missing_index_says_how_to_build_it(tmp_path: Path) -> None:
    with pytest.raises(IndexNotFoundError, match="archive reindex"):
        Archive(tmp_path / "nothing")


def test_documents_are_never_modified(small) -> None:
    before = {p: p.read_bytes() for p in small.documents.iterdir()}
    reindex(small)
    reindex(small, full=True)
    assert {p: p.read_bytes() for p in small.documents.iterdir()} == before


def test_a_touched_but_unchanged_file_is_not_reindexed(small) -> None:
    import os

    reindex(small)
    path = small.documents / "a.txt"
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    assert reindex(small).indexed == 0
    path.write_text("Port strike\n\nDock workers in Rotterdam ended a strike on Tuesday.\n")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns))
    assert reindex(small).indexed == 1


def test_removed_files_are_counted_once(small) -> None:
    reindex(small)
    (small.documents / "b.txt").unlink()
    assert reindex(small).removed == 1
    assert reindex(small).removed == 0


def test_stats_count_only_values_of_live_documents(small) -> None:
    reindex(small)
    before = index_stats(small.index).distinct["countries"]
    (small.documents / "b.txt").unlink()  # the only story naming Brazil
    reindex(small)
    assert index_stats(small.index).distinct["countries"] == before - 1
