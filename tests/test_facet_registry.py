"""A facet declared once (archive/registry.py) works in every layer: index, search, CLI, web page, API, export."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest

from archive import registry
from archive.config import load_settings
from archive.index import reindex
from archive.models import SearchRequest
from archive.search import Archive

pytestmark = pytest.mark.slow  # spaCy, an index or a server

TOY = registry.Facet(
    "outlets", "outlet", "Outlets", "outlet", lambda doc, ents: [doc.source] if doc.source else [], page="outlet",
    sort="value",
)


def write_story(folder: Path, name: str, body: str, source: str) -> None:
    (folder / f"{name}.txt").write_text(f"{name.title()}\n\n{body}\n", encoding="utf-8")
    (folder / f"{name}.meta.json").write_text(json.dumps({"source": source, "published": "2021-05-04"}))


@pytest.fixture()
def toy_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """An index built with one more facet declared: the outlet (source) of each story."""
    monkeypatch.setattr(registry, "FACETS", [*registry.FACETS, TOY])
    docs = tmp_path / "docs"
    docs.mkdir()
    write_story(docs, "harbour", "Dock workers in Rotterdam ended a strike.", "Harbour Gazette")
    write_story(docs, "rain", "Heavy rain fell on Porto Alegre in Brazil.", "Evening Courier")
    write_story(docs, "ferry", "A ferry reached Rotterdam late.", "Harbour Gazette")
    settings = load_settings(documents=docs, index=tmp_path / "index", workers=1)
    assert not reindex(settings).failed
    yield settings
    monkeypatch.undo()
    import archive.cli

    importlib.reload(archive.cli)  # back to the options of the declared facets


def test_toy_facet_counts_filters_and_excludes_in_the_library(toy_index) -> None:
    archive = Archive(toy_index.index)
    result = archive.search(SearchRequest())
    assert [(c.value, c.count) for c in result.facets["outlets"]] == [("Evening Courier", 1), ("Harbour Gazette", 2)]
    only = archive.search(SearchRequest(filters={"outlets": ("Harbour Gazette",)}))
    assert only.total == 2 and all(h.values["outlets"] == ("Harbour Gazette",) for h in only.hits)
    assert archive.search(SearchRequest(excludes={"outlets": ("Harbour Gazette",)})).total == 1
    assert only.to_dict()["hits"][0]["outlets"] == ["Harbour Gazette"]


def test_toy_facet_has_cli_options(toy_index) -> None:
    from click.testing import CliRunner

    import archive.cli

    cli = importlib.reload(archive.cli)
    runner = CliRunner()
    found = runner.invoke(cli.main, ["--index", str(toy_index.index), "search", "--outlet", "Evening Courier", "--json"])
    assert found.exit_code == 0, found.output
    assert json.loads(found.output)["total"] == 1
    left = runner.invoke(cli.main, ["--index", str(toy_index.index), "search", "--exclude-outlet", "Evening Courier"])
    assert left.exit_code == 0 and left.output.startswith("2 documents")
    assert "outlets: Harbour Gazette (2)" in left.output


def test_toy_facet_on_the_page_the_api_the_entity_page_and_the_export(toy_index) -> None:
    from webui import create_app

    app = create_app({"TESTING": True, "ARCHIVE_INDEX": str(toy_index.index), "ARCHIVE_DOCUMENTS": "docs"})
    client = app.test_client()
    page = client.get("/?outlet=Harbour+Gazette").get_data(as_text=True)
    assert "<h2>Outlets</h2>" in page and 'outlet: Harbour Gazette <button form="narrow" class="remove"' in page
    found = client.get("/api/facet/outlets?contains=HARB").get_json()["values"]
    assert found == [{"value": "Harbour Gazette", "count": 2, "selected": None}]
    assert 'href="/?outlet=Harbour+Gazette&amp;xoutlet=' not in page  # a selected value offers no exclusion
    data = client.get("/api/search?xoutlet=Harbour+Gazette").get_json()
    assert data["total"] == 1 and data["facets"]["outlets"] == [{"value": "Evening Courier", "count": 1}]
    assert client.get("/outlet/Evening%20Courier").status_code == 200
    assert client.get("/outlet/Nobody").status_code == 404
    export = client.get("/api/export.csv?outlet=Evening+Courier").get_data(as_text=True)
    header = export.lstrip("\ufeff").splitlines()[0].split(",")  # the BOM tells Excel the file is UTF-8
    assert header == ["id", "title", "published", "path", "url", "snippet", *registry.facet_names(), "dates"]
    assert registry.facet_names()[-1] == "outlets"
    assert "Evening Courier" in export.splitlines()[1]
