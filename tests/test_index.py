from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from archive import search as search_module
from archive.config import load_settings
from archive.errors import IndexLockedError, IndexNotFoundError
from archive.index import index_stats, open_index, reindex
from archive.models import SearchRequest
from archive.search import Archive

pytestmark = pytest.mark.slow  # spaCy, an index or a server


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
    result = Archive(settings.index).search(SearchRequest(limit=100, all_copies=True))
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


def opened(settings) -> Archive:
    """Open the archive over the indexed two stories."""
    archive = Archive(settings.index)
    assert archive.search(SearchRequest()).total == 2
    return archive


def add_a_third_story(settings) -> None:
    story(settings.documents, "c.txt", "Fire", "A fire broke out near Athens.")
    reindex(settings)


def test_searcher_sees_a_commit_without_reopening(small) -> None:
    reindex(small)
    archive = opened(small)
    add_a_third_story(small)
    assert archive.search(SearchRequest()).total == 3


def test_a_still_index_folder_spares_whoosh_its_listing_until_a_commit(small, monkeypatch) -> None:
    reindex(small)
    time.sleep(2.1)  # the folder has been still for longer than a coarse clock's tick
    archive = opened(small)
    looks = []
    searcher = archive.generation().searcher
    monkeypatch.setattr(searcher, "up_to_date", lambda: looks.append(1) or True)
    for _ in range(5):
        archive.search(SearchRequest(query="strike"))
    assert looks == []  # the stamp said nothing changed
    add_a_third_story(small)
    monkeypatch.undo()
    assert archive.search(SearchRequest()).total == 3


def frozen_stamp(monkeypatch, seconds_ago: float, trusted_seconds: float) -> None:
    """Make the index folder's stamp one that never moves, as a file system with a very coarse clock gives, and
    trust a still stamp for `trusted_seconds`."""
    stamp = time.time_ns() - int(seconds_ago * 1e9)
    monkeypatch.setattr(search_module, "folder_stamp", lambda path: (1, 2, stamp, stamp))
    monkeypatch.setattr(search_module, "TRUSTED_SECONDS", trusted_seconds)


def test_a_commit_in_the_same_clock_tick_as_the_last_look_is_still_seen(small, monkeypatch) -> None:
    """A stamp as recent as a clock's tick is never trusted: a commit in that tick leaves it as it was."""
    reindex(small)
    frozen_stamp(monkeypatch, 0.5, trusted_seconds=600.0)
    archive = opened(small)
    add_a_third_story(small)
    assert archive.search(SearchRequest()).total == 3


def test_a_stamp_that_never_moves_is_trusted_for_a_moment_only(small, monkeypatch) -> None:
    """A writer whose clock lags, or a copy that restores old times, can leave an old stamp after a commit."""
    reindex(small)
    frozen_stamp(monkeypatch, 60, trusted_seconds=0.2)
    archive = opened(small)
    add_a_third_story(small)
    time.sleep(0.3)
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


def facet_snapshot(tables) -> dict:
    everything = tables.live
    return {
        name: tables.counts(name, everything, 0) for name in ("people", "regions", "countries", "dates", "published")
    } | {"timeline": tables.timeline(everything), "aliases": tables.aliases}


def test_facet_tables_after_incremental_commits_equal_a_fresh_build(small) -> None:
    from archive.facets import FacetTables, load_tables

    reindex(small)
    story(small.documents, "c.txt", "Talks", "Maria Lopez met Jan Novak in Prague on 3 March 2021.")
    reindex(small)
    story(small.documents, "a.txt", "Port strike over", "Maria Lopez said in Rotterdam the strike was over.")
    (small.documents / "b.txt").unlink()
    reindex(small)
    ix = open_index(small.index)
    with ix.searcher() as searcher:
        reader = searcher.reader()
        assert len(list(reader.leaf_readers())) >= 2  # the cached tables of older segments were reused
        fresh = FacetTables.from_reader(reader)
        cached = load_tables(reader, small.index)
        assert facet_snapshot(cached) == facet_snapshot(fresh)
        assert facet_snapshot(fresh)["people"][0].value == "Maria Lopez"
        assert {n: list(v) for n, v in cached.lengths.items()} == {n: list(v) for n, v in fresh.lengths.items()}
    segment_files = {p.name for p in small.index.glob("segment-*.npz")}
    with open_index(small.index).reader() as reader:  # closed: the index files are read, not mapped
        assert len(segment_files) == len(list(reader.leaf_readers()))


def test_relevance_scores_body_and_names_and_documents_naming_nobody(small) -> None:
    story(small.documents, "c.txt", "Talks", "Maria Lopez met Jan Novak in Prague. Lopez spoke first.")
    story(small.documents, "d.txt", "Weather", "It rained all day and the roads were wet.")
    reindex(small)
    result = Archive(small.index).search(SearchRequest(query="Lopez OR roads"))
    assert {h.title for h in result.hits} == {"Talks", "Weather"}
    assert all(0 < h.score < float("inf") for h in result.hits)


def test_a_word_repeated_in_the_body_ranks_first(small) -> None:
    story(small.documents, "m.txt", "Trade", "Officials discussed a tariff on steel and other matters of trade.")
    story(
        small.documents, "z.txt", "Steel", "The tariff on steel rose; a second tariff followed, and the tariff stays."
    )
    reindex(small)
    result = Archive(small.index).search(SearchRequest(query="tariff"))
    assert [h.title for h in result.hits] == ["Steel", "Trade"]
    assert result.hits[0].score > result.hits[1].score > 0


def test_damaged_caches_beside_the_index_are_rebuilt(small) -> None:
    reindex(small)
    (small.index / "digests.json").write_text(json.dumps({str(small.documents / "a.txt"): 5, "x": [1]}))
    for cache in (*small.index.glob("facets-*.npz"), *small.index.glob("segment-*.npz")):
        cache.write_bytes(b"PK\x03\x04 cut short")
    story(small.documents, "c.txt", "Fire", "A fire broke out near Athens in Greece.")
    report = reindex(small)
    assert (report.indexed, report.unchanged) == (1, 2)
    assert titles(small) == {"Port strike", "Flood", "Fire"}


def test_an_index_with_other_fields_is_rebuilt_in_full(small, monkeypatch) -> None:
    """An index built before a facet was declared lacks its field: the next reindex rebuilds it, saying so."""
    from archive import registry

    monkeypatch.setattr(registry, "FACETS", registry.FACETS[:-1])
    reindex(small)
    monkeypatch.undo()
    report = reindex(small)
    assert report.indexed == 2 and report.unchanged == 0
    assert any("rebuilt in full" in reason for _, reason in report.warnings)
    assert reindex(small).unchanged == 2
    result = Archive(small.index).search(SearchRequest(limit=100, all_copies=True))
    assert result.total == 2 and "organizations" in result.facets


@pytest.mark.filterwarnings("ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_damaged_index_is_a_message_not_a_traceback(small) -> None:
    """Whoosh leaves the damaged TOC file open when it fails to read it (its leak, hence the filter)."""
    import gc

    from archive.errors import ArchiveError

    reindex(small)
    for toc in small.index.glob("*.toc"):
        toc.write_bytes(b"not an index")
    with pytest.raises(ArchiveError, match="reindex --full"):
        Archive(small.index)
    gc.collect()  # the leaked file is closed here, inside this test's warning filter


def test_a_model_that_cannot_load_in_a_worker_is_a_message_not_a_hang(small) -> None:
    """The command extracts in a process pool; a pool whose initializer raises would start processes forever."""
    import subprocess
    import sys

    command = [sys.executable, "-c", "from archive.cli import main; main()"]
    env = {**os.environ, "ARCHIVE_MODEL": "json"}  # importable, but no spaCy model
    done = subprocess.run(
        [*command, "--documents", str(small.documents), "--index", str(small.index), "reindex"],
        capture_output=True, text=True, timeout=90, env=env,
    )
    assert done.returncode != 0
    assert "Cannot load the spaCy model 'json'" in done.stderr and "Traceback" not in done.stderr


def test_a_split_file_whose_part_failed_whole_is_redone_by_the_next_reindex() -> None:
    """Its other parts are written; its digest is not recorded, so no record of the lost part is lost for good."""
    from archive.index import ReindexReport, _store
    from archive.pipeline import FileResult

    lost = FileResult("feed.jsonl", "d1", error="extraction failed on the cluster (KilledWorker)", part=1, parts=2)
    report = ReindexReport()
    assert not _store([FileResult("feed.jsonl", "d1", part=0, parts=2), lost], report)
    assert report.failed == [("feed.jsonl", "part 2 of 2 not extracted: tried again next reindex")]
    report = ReindexReport()  # a part whose records each failed to clean is a warning, the file indexed
    cleaned = FileResult("feed.jsonl", "d1", problems=["record 40: empty text"], error="record 40: empty text", part=1, parts=2)
    assert _store([FileResult("feed.jsonl", "d1", part=0, parts=2), cleaned], report) and not report.failed
