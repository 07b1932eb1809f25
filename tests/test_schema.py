"""How a document becomes index fields (archive/schema.py): no model, no index."""

from __future__ import annotations

import json


def test_stored_entities_name_the_values_the_facets_hold() -> None:
    """GeoNames has names with commas and stray spaces: the facet field and the entities shown must agree."""
    from archive.models import Document, Entities, Mention, Person, Place
    from archive.schema import index_fields

    mention = (Mention(0, 5, "Smith"),)
    ents = Entities(
        people=(Person("Smith, John", mention),),
        places=(Place("Bonaire, Saint Eustatius and Saba ", "Bonaire,  Saba", mention, "country"),),
    )
    fields = index_fields("a.txt", "", "digest", Document("T", "Smith went."), ents)
    stored = json.loads(fields["entities"])
    assert fields["people"].split(",") == [p["name"] for p in stored["people"]] == ["Smith John"]
    assert fields["regions"].split(",") == [p["name"] for p in stored["regions"]]
    assert fields["countries"].split(",") == [p["country"] for p in stored["regions"]] == ["Bonaire Saba"]
