"""The gazetteer (archive/extract/gazetteer.py) built from packaged GeoNames and ISO data, and its build cache."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from archive.buildcache import built
from archive.extract.gazetteer import gazetteer


@pytest.mark.parametrize(
    ("name", "prefer", "expected"),
    [
        ("Primorye Krai", None, ("Primorsky Krai", "region", "Russia")),
        ("Primorsky Krai", None, ("Primorsky Krai", "region", "Russia")),
        ("Luhansk", "region", ("Luhansk", "region", "Ukraine")),
        ("Luhansk", "city", ("Luhansk", "city", "Ukraine")),
        ("Kiev", None, ("Kyiv", "city", "Ukraine")),
        ("KYIV", None, ("Kyiv", "city", "Ukraine")),
        ("U.S.", None, ("United States", "country", "United States")),
        ("Britain", None, ("United Kingdom", "country", "United Kingdom")),
    ],
)
def test_names_resolve_to_one_entry_with_kind_and_country(name: str, prefer: str | None, expected: tuple) -> None:
    best = gazetteer().lookup(name, prefer=prefer)[0]
    assert (best.name, best.kind, best.country) == expected


def test_unknown_names_resolve_to_nothing() -> None:
    assert gazetteer().lookup("Qwertyuiop") == []


def test_a_cached_build_is_reused_and_a_damaged_one_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARCHIVE_CACHE", str(tmp_path))
    calls = []

    def build() -> dict[str, int]:
        calls.append(1)
        return {"built": len(calls)}

    assert built("sample", build, (), ("click",)) == {"built": 1}
    assert built("sample", build, (), ("click",)) == {"built": 1}  # read from the file, not built again
    (cached,) = tmp_path.glob("sample-*.pickle")
    cached.write_bytes(b"not a pickle")
    assert built("sample", build, (), ("click",)) == {"built": 2}
    assert pickle.loads(cached.read_bytes()) == {"built": 2}


def test_a_cache_folder_that_cannot_be_written_only_costs_the_build(tmp_path: Path, monkeypatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("ARCHIVE_CACHE", str(blocker / "cache"))
    assert built("sample", lambda: 42, (), ()) == 42
