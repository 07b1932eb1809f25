"""Language detection: accuracy, speed and import cost of py3langid, lingua and fasttext-langdetect, and what
detection costs a Reuters reindex.

Texts: English paragraphs of the development sets under ../shared/eval (read by path, never copied), and
French, Russian, Spanish and German paragraphs put together at run time from our own words (tests/foreign.py).
Accuracy is counted on paragraphs of 20+ words and, apart, on short sentences (5-19 words). A detector that is
not installed, or whose model is not inside its package (it would download one at first use), is reported and
skipped. Then archive.language.detect_language (the one the reindex runs) times 2,000 Reuters texts.

Usage: .venv/bin/python bench/languages.py [--per-language 100] [--reuters 2000]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.language import detect_language  # noqa: E402
from tests.foreign import LANGUAGES, paragraphs  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval"

# Each detector: how to load it in a fresh process, and how it names a text's language (ISO 639-1).
LOADERS = {
    "py3langid": (
        "py3langid",
        "from py3langid.langid import LanguageIdentifier, MODEL_FILE\n"
        "ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)\n"
        "detect = lambda text: ident.classify(text)[0]",
    ),
    "lingua": (
        "lingua",
        "from lingua import LanguageDetectorBuilder\n"
        "detector = LanguageDetectorBuilder.from_all_languages().with_preloaded_language_models().build()\n"
        "def detect(text):\n"
        "    found = detector.detect_language_of(text)\n"
        "    return found.iso_code_639_1.name.lower() if found else None",
    ),
    "fasttext-langdetect": (
        "ftlangdetect",
        "from ftlangdetect import detect as _detect\n"
        "detect = lambda text: _detect(text.replace('\\n', ' '), low_memory=True)['lang']",
    ),
}


def english_texts() -> list[str]:
    """Return English paragraphs and sentences of the development sets: MEANTIME, article extraction, CoNLL."""
    texts = [json.loads(line)["text"] for line in (EVAL / "meantime" / "gold.jsonl").open(encoding="utf-8")]
    truth = json.loads((EVAL / "article-extraction" / "ground-truth.json").read_text(encoding="utf-8"))
    texts += [item.get("articleBody") or "" for item in truth.values()]
    pieces = [p.strip() for text in texts for p in re.split(r"\n+", text) if p.strip()]
    return pieces + conll_sentences()


def conll_sentences() -> list[str]:
    """Return the CoNLL-2003 development sentences rebuilt from their tokens."""
    sentences, words = [], []
    for line in (EVAL / "conll2003" / "eng.testa").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("-DOCSTART-"):
            words.append(line.split()[0])
        elif words:
            sentences.append(" ".join(words))
            words = []
    return sentences


def test_sets(per_language: int) -> dict[str, list[tuple[str, str]]]:
    """Return (text, language) pairs: 'paragraphs' of 20+ words and 'sentences' of 5-19 words."""
    english = english_texts()
    long = [(t, "en") for t in english if len(t.split()) >= 20][: per_language * 2]
    short = [(t, "en") for t in english if 5 <= len(t.split()) < 20][:per_language]
    for language in LANGUAGES:
        long += [(t, language) for t in paragraphs(language, per_language, min_words=20)]
        short += [(t, language) for t in paragraphs(language, per_language, min_words=5, seed=16)]
    return {"paragraphs of 20+ words": long, "sentences of 5-19 words": short}


def has_model(module: str) -> str | None:
    """Return why a detector cannot run here: not installed, or no model file inside its package."""
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.origin:
        return "not installed"
    if module == "ftlangdetect" and not any(Path(spec.origin).parent.rglob("*.bin")):
        return "no model in its wheel: it downloads lid.176 at first use, which nothing here may do"
    return None


def import_cost(setup: str) -> tuple[float, float]:
    """Return seconds and MB of resident memory to import a detector and judge one text, in a fresh process."""
    code = (
        "import resource, time\nstart = time.perf_counter()\n"
        f"{setup}\ndetect('a few words of English to judge')\n"
        "print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    return float(out[0]), float(out[1])


def measure(name: str, detect: Callable[[str], str | None], sets: dict[str, list[tuple[str, str]]]) -> None:
    """Print a detector's accuracy per set and language, and its time per text."""
    for label, pairs in sets.items():
        start = time.perf_counter()
        found = [detect(text) for text, _ in pairs]
        seconds = time.perf_counter() - start
        right = sum(f == want for f, (_, want) in zip(found, pairs, strict=True))
        unknown = found.count(None)
        per = {
            lang: f"{sum(f == lang for f, (_, w) in zip(found, pairs, strict=True) if w == lang)}/"
            f"{sum(w == lang for _, w in pairs)}"
            for lang in ("en", *LANGUAGES)
        }
        print(
            f"  {label:26} {right}/{len(pairs)} = {right / len(pairs):.1%} (wrong {len(pairs) - right - unknown}, "
            f"unknown {unknown})  "
            f"{seconds / len(pairs) * 1000:.2f} ms/text  {' '.join(f'{k} {v}' for k, v in per.items())}"
        )


def reuters_cost(count: int) -> None:
    """Print what archive.language.detect_language costs over Reuters texts, and which languages it finds."""
    spec = importlib.util.spec_from_file_location("reuters", ROOT / "bench" / "reuters.py")
    assert spec and spec.loader
    reuters = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(reuters)  # bench/ is no package, and a folder on the path would hide stdlib modules
    texts = [f"{title}\n\n{body}" for _, title, body, _ in reuters.articles(count)]
    detect_language("warm the model up before the clock starts")
    start = time.perf_counter()
    found = [detect_language(t) for t in texts]
    seconds = time.perf_counter() - start
    counts: dict[str, int] = {}
    for code in found:
        counts[code or "unknown"] = counts.get(code or "unknown", 0) + 1
    top = sorted(counts.items(), key=lambda kv: -kv[1])[:8]
    print(f"\nReuters: {len(texts)} texts in {seconds:.2f} s ({seconds / len(texts) * 1000:.2f} ms/text): {top}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-language", type=int, default=100, help="paragraphs per foreign language")
    parser.add_argument("--reuters", type=int, default=2000, help="Reuters texts to time detection on")
    args = parser.parse_args()
    sets = test_sets(args.per_language)
    print({label: len(pairs) for label, pairs in sets.items()})
    for name, (module, setup) in LOADERS.items():
        why = has_model(module)
        if why:
            print(f"\n{name}: skipped ({why})")
            continue
        seconds, megabytes = import_cost(setup)
        print(f"\n{name}: import and first text {seconds:.2f} s, {megabytes:.0f} MB resident")
        scope: dict[str, object] = {}
        exec(setup, scope)
        measure(name, scope["detect"], sets)  # type: ignore[arg-type]
    print("\narchive.language.detect_language (py3langid, unknown below 30 letters or 0.7 confidence):")
    detect_language("warm the model up before the clock starts")
    measure("archive", detect_language, sets)
    reuters_cost(args.reuters)


if __name__ == "__main__":
    main()
