"""Shared fixtures: a documents folder with the demo archive, the seed article and a hostile page; a built index."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive.config import load_settings
from archive.index import reindex

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seed" / "000_67a03b958ab11b3b.txt"
PAYLOAD_TITLE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned=2">'


def write_seed(folder: Path) -> None:
    """Copy the seed article (read by path, never committed) with a sidecar giving its publication date."""
    shutil.copy(SEED, folder / "seed.txt")
    (folder / "seed.meta.json").write_text(json.dumps({"published": "2022-06-01", "source": "RFE/RL"}))


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
