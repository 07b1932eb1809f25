from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from archive.config import DEFAULT_MODEL
from archive.extraction import extract_request

pytestmark = pytest.mark.slow  # spaCy, an index or a server

ARCHIVE = Path(sys.executable).parent / "archive"
BAD_REQUESTS = [
    ('{"id": 1, "text": 42}', 1),
    ('{"id": 2}', 2),
    ('{"id": 3, "text": null}', 3),
    ('{"id": 4, "html": ["<p>Hello</p>"]}', 4),
    ('{"id": 5, "text": "Putin spoke.", "published": 2022}', 5),
    ('{"id": 6, "text": "Putin spoke.", "dct": {"value": "2022"}}', 6),
    ('{"id": 7, "text": "Putin spoke.", "task": ["ner"]}', 7),
    ('{"id": "eight", "text": "\\ud800 lone surrogate"}', "eight"),
    ('{"text": 42}', None),
    ('{"id": 9, "text": "unfinished', None),
    ("[1, 2]", None),
    ("42", None),
]


@pytest.mark.parametrize(("line", "request_id"), BAD_REQUESTS)
def test_bad_request_is_answered_with_an_error_carrying_its_id(line: str, request_id: object) -> None:
    answer = extract_request(line, DEFAULT_MODEL)
    assert answer.keys() == {"id", "error"}
    assert answer["id"] == request_id and answer["error"]


def test_scorer_request_is_answered_in_the_scorer_shape() -> None:
    line = json.dumps({"doc_id": "d1", "text": "Vladimir Putin spoke in Moscow.", "dct": "2022-06-01", "task": "ner"})
    assert extract_request(line, DEFAULT_MODEL)["entities"] == [
        {"start": 0, "end": 14, "label": "PERSON"},
        {"start": 24, "end": 30, "label": "LOC"},
    ]


def test_jsonl_command_answers_every_bad_line_and_goes_on() -> None:
    """Run the real console command: one answer per line, in order, the good request after the bad ones answered."""
    good = json.dumps({"id": "last", "text": "Vladimir Putin spoke in Moscow on Friday.", "published": "2022-06-01"})
    lines = [line for line, _ in BAD_REQUESTS] + [good]
    done = subprocess.run(
        [str(ARCHIVE), "extract", "--jsonl"], input="\n".join(lines) + "\n", capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    assert [a["id"] for a in answers] == [request_id for _, request_id in BAD_REQUESTS] + ["last"]
    assert all("error" in a for a in answers[:-1])
    assert [p["name"] for p in answers[-1]["people"]] == ["Vladimir Putin"]
    assert answers[-1]["dates"][0]["value"] == "2022-05-27"
