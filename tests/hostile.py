"""Make hostile documents at test time (nothing big is committed): one writer per case, each with what it checks."""

from __future__ import annotations

import json
import os
from pathlib import Path

RUSSIAN = "Губернатор Приморья Олег Кожемяко заявил во вторник, что паром в Сахалин возобновит рейсы в мае."
FRENCH = "Le maire de Besançon a déclaré mardi que la fête de Noël aurait lieu près du théâtre municipal."


def write_hostile(folder: Path, big: bool = True) -> dict[str, str]:
    """Write hostile files into folder; return name -> what must become of it ("indexed" or "failed")."""
    expect: dict[str, str] = {}

    def put(name: str, data: bytes, outcome: str) -> None:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        expect[name] = outcome

    put("empty.txt", b"", "failed")
    put("blank.md", b"   \n\n  ", "failed")
    put("binary.txt", bytes(range(256)) * 64, "failed")
    put("png-named.html", b"\x89PNG\r\n\x1a\n" + bytes(2000), "failed")
    put(
        "invalid-utf8.txt",
        "Titel\n\nDer Bürgermeister von München sprach am Montag.".encode("latin-1") + b"\xff\xfe\xfa",
        "indexed",
    )
    put("utf16-bom.txt", "\ufeffBOM title\n\n".encode("utf-16-le") + RUSSIAN.encode("utf-16-le"), "indexed")
    put("utf16-nobom.txt", ("No BOM title\n\n" + RUSSIAN).encode("utf-16-le"), "indexed")
    put("cp1251.txt", ("Заголовок\n\n" + RUSSIAN).encode("cp1251"), "indexed")
    put("latin1.txt", ("Titre\n\n" + FRENCH).encode("latin-1"), "indexed")
    put(
        "lying-charset.html",
        f'<html><head><meta charset="iso-8859-1"><title>Lying</title></head><body><article><p>{RUSSIAN}</p></article></body></html>'.encode(),
        "indexed",
    )
    script = '<html><head><title>Scripted</title><script>alert(1)</script></head><body onload="alert(2)"><article><p>The council met in Leeds on Monday. <a href="javascript:alert(3)">link</a> <img src=x onerror="alert(4)"></p></article></body></html>'
    put("script.html", script.encode(), "indexed")
    put(
        "deep.html",
        b"<html><body>" + b"<div>" * 100_000 + b"Deep text in Oslo." + b"</div>" * 100_000 + b"</body></html>",
        "indexed",
    )
    good = json.dumps({"title": "Good line", "body": "The mayor of Lisbon spoke on Tuesday."})
    put("broken.jsonl", f"{good}\n{{oops\n\n[1, 2]\n{good}\n".encode(), "indexed")
    put("dir with spaces/näme ünïcode.txt", "Unicode name\n\nA story from Zürich.".encode(), "indexed")
    put("new\nline.txt", b"Newline name\n\nA story from Bergen.", "indexed")
    put("Ёлка.md", "# Ёлка\n\nA story from Tallinn.".encode(), "indexed")
    if big:
        line = b"The harbour of Gdansk was busy on Monday as ships waited for berths in the port. " * 12 + b"\n"
        with open(folder / "huge.txt", "wb") as handle:
            handle.write(b"Huge file\n\n")
            for _ in range(100 * 1024 * 1024 // len(line) + 1):
                handle.write(line)
        expect["huge.txt"] = "indexed"
        para = b"<p>" + b"Officials in Gdansk said the port would stay open through the winter months. " * 8 + b"</p>\n"
        with open(folder / "huge.html", "wb") as handle:
            handle.write(b"<html><head><title>Huge page</title></head><body><article>")
            for _ in range(50 * 1024 * 1024 // len(para) + 1):
                handle.write(para)
            handle.write(b"</article></body></html>")
        expect["huge.html"] = "indexed"
    outside = folder.parent / f"{folder.name}-outside"
    outside.mkdir(exist_ok=True)
    (outside / "secret.txt").write_text("Secret\n\nThis must never be indexed.")
    os.symlink(outside, folder / "link-out")
    os.symlink(folder, folder / "loop")
    unreadable = folder / "unreadable.txt"
    unreadable.write_text("Locked\n\nNobody may read this.")
    unreadable.chmod(0)
    expect["unreadable.txt"] = "failed" if os.geteuid() != 0 else "indexed"  # root reads anything
    return expect


FORMULA_SIGNS = ("=", "\uff1d", "\ufe66", "+", "\uff0b", "-", "\uff0d", "@", "\uff20", "|")  # ASCII, full-width, small
FORMULA_LEADS = ("", " ", "   ", "\u3000", "\u00a0", "\t", "\r")


def formula_cells() -> list[str]:
    """Return cell texts that some spreadsheet runs as a formula: every sign after every kind of lead."""
    return [f'{lead}{sign}HYPERLINK("http://example.invalid","x")' for lead in FORMULA_LEADS for sign in FORMULA_SIGNS]


def write_formula_titles(folder: Path) -> list[str]:
    """Write a JSON Lines file of stories titled with formulas; return the titles."""
    titles = formula_cells()
    lines = [json.dumps({"title": t, "body": f"Story {n} about the port of Gdansk."}) for n, t in enumerate(titles)]
    (folder / "formulas.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return titles
