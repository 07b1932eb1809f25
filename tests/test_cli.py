from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from archive.cli import main
from tests.conftest import SEED

pytestmark = pytest.mark.slow  # spaCy, an index or a server


def test_search_json_has_the_documented_shape(runner, index_path: Path) -> None:
    result = runner.invoke(main, ["--index", str(index_path), "search", "Putin", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    keys = {"total", "stories", "hits", "facets", "timeline", "charts", "seconds", "suggestion", "relaxed"}
    assert set(data) == keys  # the API's shape
    hit = data["hits"][0]
    assert {"id", "title", "published", "score", "snippet", "people", "regions", "countries", "dates", "copies"} <= set(hit)
    assert set(data["facets"]) == {"people", "regions", "countries", "organizations", "languages", "years", "months"}
    assert {"value": "Vladimir Putin", "count": 1} in data["facets"]["people"]
    assert any(y["value"] == "2022" for y in data["facets"]["years"])


def test_search_filters_from_options(runner, index_path: Path) -> None:
    result = runner.invoke(
        main, ["--index", str(index_path), "search", "--country", "Russia", "--person", "Natalya Kochugova", "--json"]
    )
    data = json.loads(result.output)
    assert data["total"] == 2
    assert all("Natalya Kochugova" in h["people"] for h in data["hits"])


def test_search_text_output_lists_hits_and_facets(runner, index_path: Path) -> None:
    result = runner.invoke(main, ["--index", str(index_path), "search", "flour"])
    assert result.exit_code == 0
    assert "Bakers in Lyon protest flour prices" in result.output
    assert "countries: France (1)" in result.output


def test_missing_index_is_a_one_line_error(runner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["--index", str(tmp_path / "none"), "search", "x"])
    assert result.exit_code == 1
    assert "Run 'archive reindex' first" in result.output
    assert "Traceback" not in result.output


def test_syntax_error_is_a_message_not_a_traceback(runner, index_path: Path) -> None:
    result = runner.invoke(main, ["--index", str(index_path), "search", '"unclosed'])
    assert result.exit_code == 1
    assert "quotation mark" in result.output


def test_usage_error_exits_2(runner, index_path: Path) -> None:
    result = runner.invoke(main, ["--index", str(index_path), "search", "x", "--limit", "0"])
    assert result.exit_code == 2


def test_show_and_stats(runner, index_path: Path) -> None:
    found = json.loads(runner.invoke(main, ["--index", str(index_path), "search", "Putin", "--json"]).output)
    shown = runner.invoke(main, ["--index", str(index_path), "show", found["hits"][0]["id"]])
    assert shown.exit_code == 0
    assert "people: Vladimir Putin" in shown.output
    stats = runner.invoke(main, ["--index", str(index_path), "stats"])
    assert stats.exit_code == 0
    assert "documents: " in stats.output and "distinct people" in stats.output


def test_extract_file_prints_entities_with_offsets(runner) -> None:
    result = runner.invoke(main, ["extract", str(SEED), "--published", "2022-06-01"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["published"] == "2022-06-01"
    putin = next(p for p in data["people"] if p["name"] == "Vladimir Putin")
    for mention in putin["mentions"]:
        assert data["text"][mention["start"] : mention["end"]] == mention["text"]
    assert {d["value"] for d in data["dates"]} == {"2022-05-31", "2022-05-27", "2022-02-24", "2022-03-25"}
    assert {"name": "Primorsky Krai", "country": "Russia"}.items() <= next(
        r for r in data["regions"] if r["name"] == "Primorsky Krai"
    ).items()


def test_extract_jsonl_answers_each_line_as_it_comes() -> None:
    """Run the real console command as a long-lived process, one request at a time."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "archive", "extract", "--jsonl"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert proc.stdin and proc.stdout
    answers = []
    for request in (
        {"id": "a", "text": "Vladimir Putin spoke in Moscow on Friday.", "published": "2022-06-01"},
        {
            "id": "b",
            "html": "<html><body><article><p>Mayor Joanna Kowalska of Krakow spoke on May 3.</p></article></body></html>",
        },
        "not json",
    ):
        proc.stdin.write((request if isinstance(request, str) else json.dumps(request)) + "\n")
        proc.stdin.flush()
        answers.append(json.loads(proc.stdout.readline()))
    proc.stdin.close()
    assert proc.wait(timeout=60) == 0
    proc.stdout.close()
    assert answers[0]["id"] == "a"
    assert [p["name"] for p in answers[0]["people"]] == ["Vladimir Putin"]
    assert answers[0]["dates"] == [{"value": "2022-05-27", "mentions": [{"start": 34, "end": 40, "text": "Friday"}]}]
    assert answers[1]["id"] == "b" and answers[1]["people"][0]["name"] == "Joanna Kowalska"
    assert "error" in answers[2]


def test_reindex_prints_a_summary_with_failures(runner, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "good.txt").write_text("Title\n\nThe mayor of Krakow spoke.")
    (docs / "bad.txt").write_bytes(b"")
    result = runner.invoke(
        main, ["--documents", str(docs), "--index", str(tmp_path / "ix"), "reindex", "--workers", "1"]
    )
    assert result.exit_code == 0
    assert "indexed 1 files" in result.output and "failed 1" in result.output
    assert "failed: bad.txt: empty file" in result.output


def test_search_path_imports_neither_spacy_nor_flask() -> None:
    code = "import sys, archive.cli, archive.search; print(sorted(m for m in ('spacy', 'flask', 'trafilatura') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_extract_jsonl_reports_a_missing_file_and_survives_bad_bytes(runner, tmp_path: Path) -> None:
    missing = runner.invoke(main, ["extract", "--jsonl", str(tmp_path / "none.jsonl")])
    assert missing.exit_code == 2 and "no file" in missing.output
    requests = tmp_path / "requests.jsonl"
    requests.write_bytes(b'\xff\xfe{"id": 1}\n{"id": 2, "text": "Putin spoke in Moscow."}\n')
    result = runner.invoke(main, ["extract", "--jsonl", str(requests)])
    assert result.exit_code == 0, result.output
    answers = [json.loads(line) for line in result.output.splitlines()]
    assert "error" in answers[0] and answers[1]["id"] == 2 and answers[1]["people"]


def test_only_documented_variables_are_read(runner, index_path: Path) -> None:
    """click's auto_envvar_prefix would read ARCHIVE_SEARCH_LIMIT (or ARCHIVE_SERVE_HOST) unannounced."""
    result = runner.invoke(main, ["--index", str(index_path), "search", "--json"], env={"ARCHIVE_SEARCH_LIMIT": "1"})
    assert len(json.loads(result.output)["hits"]) == 10


@pytest.mark.parametrize(("option", "name"), [("--from", "--from"), ("--published-to", "--published-to")])
def test_a_bad_date_names_the_option_typed(runner, index_path: Path, option: str, name: str) -> None:
    result = runner.invoke(main, ["--index", str(index_path), "search", option, "May"])
    assert result.exit_code == 1
    assert f"Error: {name} must be a date as YYYY, YYYY-MM or YYYY-MM-DD, not 'May'." in result.output
