"""Encoding detection and repair: accuracy on our own texts in many languages and code pages, and speed.

Each case is a text of ours (tests/hostile.py, `encoded_texts`) encoded in a code page it was commonly
saved in; a case is right when `archive.sources.decode` gives the text back exactly. Besides the
table per language, a few mixed cases: UTF-8 with one stray byte, a long ASCII start before
Cyrillic, text garbled before it reached the archive. Then the time to read a big file.

Usage: .venv/bin/python bench/encodings.py [-v]
"""

from __future__ import annotations

import argparse
import collections
import time

from archive.clean import MAX_TEXT, repair_text
from archive.sources import decode
from tests.hostile import WRITTEN, encoded_texts

# Written after the detector was tuned on tests/hostile.py's texts, to check it on text it never saw.
HELD_OUT = [
    ("fr", "Forte grêle sur Besançon : les pompiers sont intervenus près de soixante fois.", "cp1252"),
    ("fr", "Le député a démissionné après la révélation d'un conflit d'intérêts.", "latin-1"),
    ("de", "Glatteis auf der Autobahn: Zwölf Unfälle zwischen Würzburg und Nürnberg.", "cp1252"),
    ("de", "Die Gemeinde erhöht die Grundsteuer um fünf Prozent.", "latin-1"),
    ("es", "La selección española ganó el partido en el último minuto.", "cp1252"),
    ("pt", "O Benfica venceu em Guimarães e lidera a classificação.", "latin-1"),
    ("it", "Nevicate in montagna: chiusa la statale per l'intera giornata di venerdì.", "cp1252"),
    ("nl", "De coördinator van de hulpdiensten zei dat één brug gesloten blijft.", "cp1252"),
    ("da", "Stormen væltede træer i Ålborg, og færgerne blev aflyst.", "cp1252"),
    ("pl", "Burza zerwała dachy w Gdańsku; strażacy wyjeżdżali kilkaset razy.", "cp1250"),
    ("pl", "Sąd uniewinnił byłego burmistrza Białegostoku.", "iso8859-2"),
    ("cs", "Vichřice poškodila střechy v Ostravě a hasiči zasahovali celou noc.", "cp1250"),
    ("sk", "Prezidentka podpísala zákon o štátnom rozpočte na budúci rok.", "cp1250"),
    ("hu", "Az országgyűlés csütörtökön elfogadta a költségvetést.", "iso8859-2"),
    ("ro", "Primăria a anunţat că podul va fi închis pentru reparaţii.", "cp1250"),
    ("ru", "Сборная России проиграла в финале чемпионата мира по хоккею.", "cp1251"),
    ("ru", "Синоптики обещают сильные морозы на выходных.", "koi8-r"),
    ("uk", "Збірна України здобула перемогу в останньому матчі відбору.", "cp1251"),
    ("sr", "Влада Србије усвојила је нови закон о образовању.", "cp1251"),
    ("el", "Ισχυρή σεισμική δόνηση σημειώθηκε στην Κρήτη το πρωί.", "cp1253"),
    ("tr", "Fenerbahçe deplasmanda üç puanı iki golle aldı.", "cp1254"),
    ("lt", "Vilniaus savivaldybė paskelbė naują šventės programą.", "cp1257"),
]


def mixed_cases() -> list[tuple[str, bytes, str]]:
    """Return (label, bytes, expected text) for the cases that are not one text in one code page."""
    cases = []
    for language, (short, more, _) in WRITTEN.items():
        text = f"{short}\n\n{more}"
        half = len(text) // 2
        stray = text[:half].encode() + b"\xff" + text[half:].encode()
        cases.append((f"{language} utf-8 + one stray byte", stray, text[:half] + "\ufffd" + text[half:]))
        cases.append((f"{language} utf-8", text.encode(), text))
    prefix = "The harbour log, kept in English for years.\n" * 5000
    for language in ("ru", "bg", "el", "pl", "fr"):
        short, more, encodings = WRITTEN[language]
        text = prefix + f"{short}\n\n{more}"
        cases.append((f"{language} {encodings[0]} after 220 KB of ASCII", text.encode(encodings[0]), text))
    return cases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="print every wrong case")
    args = parser.parse_args()
    by_group: dict[str, list[bool]] = collections.defaultdict(list)
    cases = [(label, text.encode(encoding), text) for label, text, encoding in encoded_texts()] + mixed_cases()
    cases += [(f"held-out {language} {encoding}", text.encode(encoding), text) for language, text, encoding in HELD_OUT]
    for label, data, expected in cases:
        try:
            got = decode(data)
        except Exception as exc:  # a failure is a wrong answer here, not the end of the bench
            got = f"<{type(exc).__name__}: {exc}>"
        right = got == expected
        group = label.split(" ", 1)[1] if "utf-8" in label or "ASCII" in label else label.split()[0]
        group = "held-out" if label.startswith("held-out") else group
        by_group[group].append(right)
        if not right and args.verbose:
            print(f"WRONG {label}: {got[-90:]!r}")
    total = [r for results in by_group.values() for r in results]
    for group, results in sorted(by_group.items()):
        print(f"{group:32} {sum(results):3}/{len(results)}")
    print(f"{'all':32} {sum(total):3}/{len(total)}  ({100 * sum(total) / len(total):.1f}%)")
    timing()


def timing() -> None:
    """Print the time to decode 8 MB of cp1252 text and of UTF-8 text (the most a file is read), and to
    repair mojibake in the most text a document keeps (MAX_TEXT): correct, one garbled line, all garbled."""
    text = (WRITTEN["fr"][0] + "\n" + WRITTEN["de"][1] + "\n") * 40_000
    for encoding in ("utf-8", "cp1252"):
        data = text.encode(encoding)[: 8 * 1024 * 1024]
        start = time.perf_counter()
        decode(data)
        print(f"decode 8 MB {encoding}: {time.perf_counter() - start:.2f} s")
    every = "\n".join(f"{short} {more}" for short, more, _ in WRITTEN.values()) + "\n"
    correct = (every * (MAX_TEXT // len(every) + 1))[:MAX_TEXT]
    half = len(correct) // 2
    for label, sample in (
        ("correct", correct),
        ("one garbled line", correct[:half] + "\nProfits rose to Â£3.9bn.\n" + correct[half:]),
        ("all garbled", correct.encode().decode("cp1252", errors="replace")[:MAX_TEXT]),
    ):
        start = time.perf_counter()
        repair_text(sample)
        print(f"repair {len(sample) / 1e6:.1f} M characters, {label}: {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
