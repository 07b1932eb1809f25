"""Shared fixtures: a documents folder with the demo archive, the seed article and a hostile page; a built index.

Also the test run's rules:

- `slow` marks tests that need spaCy, an index, a server or a browser (`pytestmark` in their
  modules; any test using the built index is marked here too). `pytest -m "not slow"` runs the
  rest in seconds, and fails a fast test that loads spaCy.
- Research data is read by path from ../shared, beside the repository and never in it. A test
  that needs it (through `write_seed`, by naming a ../shared path such as SEED in its body, or
  with `@pytest.mark.shared(path)`) is skipped where it is absent, and fails when CI=true.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive.config import load_settings
from archive.index import reindex

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "000_67a03b958ab11b3b.txt"
PAYLOAD_TITLE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned=2">'


def write_seed(folder: Path) -> None:
    """Copy the seed article (read by path, never committed) with a sidecar giving its publication date."""
    shutil.copy(require_shared(SEED), folder / "seed.txt")
    (folder / "seed.meta.json").write_text(json.dumps({"published": "2022-06-01", "source": "RFE/RL"}))


def require_shared(path: Path) -> Path:
    """Return a path into ../shared; skip the test where it is absent, or fail it when CI=true."""
    if path.exists():
        return path
    reason = f"research data {path} is absent (it is read from ../shared beside the repository, never committed)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI=true, so a missing file fails the run instead of skipping", pytrace=False)
    pytest.skip(reason)


def shared_paths(item: pytest.Item) -> list[Path]:
    """Return the ../shared paths a test needs: those its marker names and the module constants its body names."""
    paths = [Path(p) for mark in item.iter_markers("shared") for p in mark.args]
    function = getattr(item, "function", None)
    if function is None:
        return paths
    names: set[str] = set()
    codes = [function.__code__]
    while codes:  # the body and its nested functions and comprehensions
        code = codes.pop()
        names.update(code.co_names)
        codes += [c for c in code.co_consts if isinstance(c, types.CodeType)]
    module = vars(item.module) if getattr(item, "module", None) else {}
    named = [module[n] for n in sorted(names) if isinstance(module.get(n), Path)]
    return paths + [p for p in named if p.is_relative_to(SHARED)]


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test that uses the built index as slow, wherever it lives."""
    for item in items:
        if "index_path" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session: pytest.Session) -> None:
    """Refuse a fast run that imported spaCy while collecting: a module imports it at its top."""
    if "spacy" in sys.modules and session.items and not any(i.get_closest_marker("slow") for i in session.items):
        raise pytest.UsageError("spaCy was imported while collecting fast tests; import it inside slow tests only.")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    for path in shared_paths(item):
        require_shared(path)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """Fail a test not marked slow that loads spaCy: the fast set must stay fast."""
    loaded = "spacy" in sys.modules
    result = yield
    if not loaded and "spacy" in sys.modules and item.get_closest_marker("slow") is None:
        pytest.fail("this test loaded spaCy: mark it (or its module) slow", pytrace=False)
    return result


def write_payload(folder: Path) -> None:
    """Write a document whose title and body carry script payloads."""
    record = {
        "title": PAYLOAD_TITLE,
        "body": "Mayor Joanna Kowalska of Krakow said <script>window.__pwned = 3</script> on Friday "
        'that the <img src=x onerror="window.__pwned=4"> bridge in Poland would reopen. Payload test.',
        "published": "2023-09-15",
        "url": "javascript:alert(1)",
    }
    (folder / "payload.jsonl").write_text(json.dumps(record) + "\n")


@pytest.fixture(scope="session")
def documents(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("documents")
    shutil.copytree(ROOT / "documents", folder, dirs_exist_ok=True)
    write_seed(folder)
    write_payload(folder)
    return folder


@pytest.fixture(scope="session")
def index_path(documents: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("index")
    report = reindex(load_settings(documents=documents, index=path, workers=2))
    assert not report.failed, report.failed
    return path


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture()
def app(index_path: Path, documents: Path):
    from webui import create_app

    return create_app({"TESTING": True, "ARCHIVE_INDEX": str(index_path), "ARCHIVE_DOCUMENTS": str(documents)})


@pytest.fixture()
def client(app):
    return app.test_client()
