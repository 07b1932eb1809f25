"""A running server answers exactly what a fresh process answers, after every kind of reindex."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.live import archive_command, fresh, served, serving

pytestmark = pytest.mark.slow  # spaCy, an index and a server

def story(folder: Path, name: str, title: str, body: str) -> None:
    (folder / name).write_text(f"{title}\n\n{body}\n", encoding="utf-8")


@pytest.fixture()
def archive(tmp_path: Path) -> Iterator[tuple[list[str], str]]:
    """A documents folder with three stories, its index, and `archive serve` running over it in its own process."""
    docs = tmp_path / "docs"
    docs.mkdir()
    story(docs, "a.txt", "Harbour strike", "Dock workers in Rotterdam ended a strike on Monday.")
    story(docs, "b.txt", "Flood warning", "Heavy rain flooded Porto Alegre in Brazil.")
    story(docs, "c.txt", "Bridge opens", "Mayor Ana Kowal opened a bridge in Gdansk, Poland.")
    base = archive_command(docs, tmp_path / "index")
    subprocess.run([*base, "reindex", "--workers", "1"], check=True, capture_output=True)
    with serving(base) as url:
        yield base, url


def test_the_server_follows_changes_deletions_and_full_rebuilds(archive: tuple[list[str], str]) -> None:
    base, url = archive
    docs = Path(base[base.index("--documents") + 1])
    assert served(url) == fresh(base) and len(fresh(base)) == 3
    steps = [
        lambda: story(docs, "a.txt", "Harbour strike over", "Dock workers in Rotterdam went back to work."),
        lambda: (docs / "b.txt").unlink(),
        lambda: story(docs, "d.txt", "Fire", "A fire broke out near Athens in Greece."),
        None,  # reindex --full with nothing changed
    ]
    for step in steps:
        if step is None:
            subprocess.run([*base, "reindex", "--full", "--workers", "1"], check=True, capture_output=True)
        else:
            step()
            subprocess.run([*base, "reindex", "--workers", "1"], check=True, capture_output=True)
        assert served(url) == fresh(base)
    titles = {title for _, title in served(url)}
    assert titles == {"Harbour strike over", "Bridge opens", "Fire"}
    assert os.path.exists(docs / "c.txt")
