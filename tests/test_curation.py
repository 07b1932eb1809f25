"""Corrections kept beside the index (archive entities merge|rename|reject|retype) and the entities listing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive.cli import main
from archive.config import load_settings
from archive.index import reindex

pytestmark = pytest.mark.slow


@pytest.fixture()
def settings(tmp_path: Path):
    docs = tmp_path / "docs"
    docs.mkdir()
    stories = {
        "a": "Mayor Helga Brandt opened a bridge in Hamburg, Germany.",
        "b": "Helga Brandt met Oskar Lindqvist in Stockholm, Sweden.",
        "c": "Mrs Brandt said later in Hamburg that the bridge was safe.",
    }
    for name, body in stories.items():
        (docs / f"{name}.txt").write_text(f"Story {name}\n\n{body}\n", encoding="utf-8")
    found = load_settings(documents=docs, index=tmp_path / "index", workers=1)
    reindex(found)
    return found


def entities(settings, *args: str) -> dict:
    result = CliRunner().invoke(main, ["--index", str(settings.index), "entities", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def correct(settings, *args: str) -> None:
    result = CliRunner().invoke(main, ["--index", str(settings.index), "entities", *args])
    assert result.exit_code == 0, result.output


def values(listing: dict, noun: str) -> dict[str, int]:
    return {item["value"]: item["count"] for item in listing[noun]}


def test_listing_shows_counts_and_merged_spellings(settings) -> None:
    listing = entities(settings, "--type", "person")
    assert list(listing) == ["person"]
    people = {item["value"]: item for item in listing["person"]}
    assert people["Helga Brandt"]["count"] == 3 and "Brandt" in people["Helga Brandt"]["merged"]


def test_corrections_apply_and_survive_a_full_reindex(settings) -> None:
    correct(settings, "rename", "person", "Helga Brandt", "Helga M. Brandt")
    correct(settings, "reject", "place", "Stockholm")
    correct(settings, "retype", "person", "Oskar Lindqvist", "organization")
    for _ in range(2):
        listing = entities(settings)
        assert values(listing, "person") == {"Helga M. Brandt": 3}
        assert "Stockholm" not in values(listing, "place") and values(listing, "place")["Hamburg"] == 2
        assert values(listing, "organization")["Oskar Lindqvist"] == 1
        reindex(load_settings(documents=settings.documents, index=settings.index, workers=1), full=True)
    saved = json.loads((settings.index / "curation.json").read_text())
    assert saved[0] == {"op": "rename", "type": "person", "value": "Helga Brandt", "to": "Helga M. Brandt"}


def test_merge_counts_a_value_under_another(settings) -> None:
    correct(settings, "merge", "place", "Stockholm", "Hamburg")
    assert values(entities(settings, "--type", "place"), "place")["Hamburg"] == 3


def test_a_bad_type_is_a_one_line_error(settings) -> None:
    result = CliRunner().invoke(main, ["--index", str(settings.index), "entities", "reject", "planet", "Mars"])
    assert result.exit_code == 1 and "no entity type 'planet'" in result.output


def test_renaming_onto_a_value_it_holds_merges_them(settings) -> None:
    correct(settings, "rename", "place", "Stockholm", "Hamburg")
    assert values(entities(settings, "--type", "place"), "place")["Hamburg"] == 3


def test_values_are_read_as_the_facets_store_them_and_unknown_ones_are_warned_about(settings) -> None:
    correct(settings, "reject", "person", "Helga,  Brandt")
    assert "Helga Brandt" not in values(entities(settings, "--type", "person"), "person")
    result = CliRunner().invoke(main, ["--index", str(settings.index), "entities", "reject", "person", "Nobody Here"])
    assert result.exit_code == 0 and "warning: no person 'Nobody Here' in the archive" in result.output


def test_an_unknown_type_is_a_usage_error(settings) -> None:
    result = CliRunner().invoke(main, ["--index", str(settings.index), "entities", "--type", "planet"])
    assert result.exit_code == 2


def test_an_unreadable_curation_file_is_a_message(settings) -> None:
    (settings.index / "curation.json").mkdir()  # a folder where the file should be: reading it fails
    result = CliRunner().invoke(main, ["--index", str(settings.index), "entities", "--type", "person"])
    assert result.exit_code == 1 and "Cannot read" in result.output and "Traceback" not in result.output
