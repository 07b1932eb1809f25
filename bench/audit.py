"""Facet audit: how many of the top values of each entity facet are junk, judged by hand.

Reads an index (by default the Reuters index that bench/reuters.py builds, bench/out/reuters-index),
takes the top N values of People, Organizations, Regions and Countries over the whole archive, and
compares them with the judgements in bench/audit-judgements.json (values only: for each facet, the
values a person judged "ok" and "junk"). Prints one table: junk among the top N, People values that
are a surname-only fragment of a full name also listed, and how many values are not judged yet
(listed below the table, to judge and add).

Usage: .venv/bin/python bench/audit.py [--index bench/out/reuters-index] [--top 100] [--corpus reuters]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from archive.facets import FacetTables
from archive.models import SearchRequest
from archive.search import Archive

ROOT = Path(__file__).resolve().parent
JUDGEMENTS = ROOT / "audit-judgements.json"
FACETS = ("people", "organizations", "regions", "countries")


def fragments(values: list[str]) -> list[str]:
    """Return the one-word values that are the last word of a longer value in the list (a split person)."""
    surnames = {v.split()[-1] for v in values if len(v.split()) > 1}
    return [v for v in values if len(v.split()) == 1 and v in surnames]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, default=ROOT / "out" / "reuters-index")
    parser.add_argument("--top", type=int, default=100)
    parser.add_argument("--corpus", default="reuters", help="the key of this corpus in the judgements file")
    args = parser.parse_args()
    judged = json.loads(JUDGEMENTS.read_text()).get(args.corpus, {}) if JUDGEMENTS.exists() else {}
    archive = Archive(args.index)
    result = archive.search(SearchRequest(facet_limit=args.top, limit=1))
    searcher, _ = archive.current()
    started = time.perf_counter()
    FacetTables.from_reader(searcher.reader(), args.index)  # the resolve pass alone: segment tables are cached
    resolve_seconds = time.perf_counter() - started
    print(f"Facet audit, {args.corpus}: top {args.top} values of each facet over {result.total} documents")
    print("| facet | values | junk | fragments | not judged |\n|---|---|---|---|---|")
    unjudged: dict[str, list[str]] = {}
    for name in FACETS:
        values = [c.value for c in result.facets.get(name, ())]
        verdicts = judged.get(name, {})
        junk = [v for v in values if v in verdicts.get("junk", [])]
        unjudged[name] = [v for v in values if v not in verdicts.get("junk", []) and v not in verdicts.get("ok", [])]
        split = len(fragments(values)) if name == "people" else "-"
        print(f"| {name} | {len(values)} | {len(junk)} | {split} | {len(unjudged[name])} |")
    for name, values in unjudged.items():
        if values:
            print(f"\nnot judged, {name}: {json.dumps(values, ensure_ascii=False)}")
    print(f"\nresolve pass (facet tables from cached segment tables, resolution, curation): {resolve_seconds:.2f} s")
    print(f"\nfragments: {json.dumps(fragments([c.value for c in result.facets.get('people', ())]))}")
    for name in FACETS:
        junk = [v for v in (c.value for c in result.facets.get(name, ())) if v in judged.get(name, {}).get("junk", [])]
        if junk:
            print(f"junk, {name}: {json.dumps(junk, ensure_ascii=False)}")


if __name__ == "__main__":
    main()
