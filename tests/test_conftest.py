"""The test run's own rules (tests/conftest.py): research data from ../shared skips where absent, fails in CI."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SEED, SHARED, require_shared, shared_paths


def test_present_research_data_is_returned(tmp_path: Path) -> None:
    assert require_shared(tmp_path) == tmp_path


def test_absent_research_data_skips_with_the_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="absent") as caught:
        require_shared(tmp_path / "eval")
    assert str(tmp_path / "eval") in str(caught.value)


def test_absent_research_data_fails_in_ci(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        require_shared(tmp_path / "eval")


@pytest.mark.shared(SHARED / "eval")
def test_a_test_needs_the_paths_its_marker_and_its_body_name(request: pytest.FixtureRequest) -> None:
    assert shared_paths(request.node) == [SHARED / "eval", SEED, SHARED]
    assert SEED.name.endswith(".txt")  # names SEED, so the run requires it


def test_a_test_naming_no_shared_path_needs_none(request: pytest.FixtureRequest) -> None:
    assert shared_paths(request.node) == []
