"""Make hostile documents at test time (nothing big is committed): one writer per case, each with what it checks."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

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


LONE_SURROGATE = "\ud83d"  # half of a pair: JSON may carry it as an escape, UTF-8 cannot encode it


def write_hostile_names(folder: Path) -> dict[str, str]:
    """Write files whose names or ids are hostile; return name as the index stores it -> title it must show."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / os.fsdecode("Café in latin-1.txt".encode("latin-1"))).write_text("Latin name\n\nA story told in Lyon.")
    surrogates = json.dumps({"id": f"id-{LONE_SURROGATE}-1", "title": f"Broken {LONE_SURROGATE} title", "body": f"The port of Nantes {LONE_SURROGATE} reopened."})
    (folder / "surrogates.jsonl").write_text(surrogates + "\n", encoding="utf-8")
    with open(folder / "repeats.jsonl", "w", encoding="utf-8") as handle:
        for n, town in enumerate(("Porto", "Braga", "Faro"), 1):
            handle.write(json.dumps({"id": "story", "title": f"Repeat {n}", "body": f"A report from {town}."}) + "\n")
    long_stem = "ü" * 125  # 250 bytes: the name fits, a sidecar's name could not
    (folder / f"{long_stem}.txt").write_text("Long name\n\nA story from Riga.")
    return {
        "Caf\\xe9 in latin-1.txt": "Latin name",
        "surrogates.jsonl": "Broken \ufffd title",
        "repeats.jsonl": "Repeat 1",
        f"{long_stem}.txt": "Long name",
    }


def without_root_reads() -> None:
    """preexec_fn that makes a root process obey file permissions (drops the two capabilities that bypass
    them), so a test can meet an unreadable folder even when it runs as root."""
    if os.geteuid() == 0:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
            if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
                raise OSError(ctypes.get_errno(), "cannot drop a capability")


def write_accented(folder: Path) -> dict[str, str]:
    """Write stories whose names carry accents, some in composed (NFC) and some in decomposed (NFD) Unicode;
    return file name -> its title. Search must find each by its words written without accents, in any case
    and either form, and its facet values (people, places) by the same words in a filter."""
    import unicodedata

    stories = {
        "geneve.txt": (
            "NFC",
            "Talks in Genève",
            "President François Hollande met Chancellor Angela Merkel in Genève on Tuesday. "
            "Hollande said the talks on water rights went well, over crème brûlée at a café by the lake.",
        ),
        "zurich.txt": (
            "NFD",
            "Bankers in Zürich",
            "The mayor of Zürich, Corine Mauch, said on Monday that bankers in Zürich would pay more tax. "
            "Mauch spoke to José Pérez of the Banco de Bogotá over a plate of rösti.",
        ),
        "munster.txt": (
            "NFC",
            "Floods near Münster",
            "Heavy rain flooded Münster and Köln on Sunday. Mayor Jürgen Weiß of Münster said the water reached "
            "the Fußball pitch.",
        ),
        "trains.txt": (
            "NFC",
            "Late trains",
            "Night trains ran late between Kraków, Gdańsk, Málaga, Besançon, Bogotá, Córdoba, Linköping, "
            "Zaragoza, Porto and Lyon on Friday, the rail company said.",
        ),
    }
    for name, (form, title, body) in stories.items():
        (folder / name).write_text(unicodedata.normalize(form, f"{title}\n\n{body}\n"), encoding="utf-8")
    return {name: title for name, (_, title, _) in stories.items()}


# Our own news sentences in several languages, each with the legacy code pages it was commonly saved in:
# `encoded_texts` makes the cases that encoding detection must read back exactly (tests and bench/encodings.py).
WRITTEN = {
    "fr": (
        "Réunion à Genève : le conseil a voté mercredi un budget de 3,2 millions pour rénover l'école.",
        "Selon le maire, les travaux commenceront après l'été et dureront près de deux ans ; "
        "les élèves seront accueillis dans des bâtiments provisoires près du lycée.",
        ("latin-1", "cp1252", "iso8859-15", "mac_roman"),
    ),
    "de": (
        "Der Bürgermeister von Köln eröffnete am Dienstag die neue Brücke über den Rhein.",
        "Die Bauarbeiten dauerten fünf Jahre länger als geplant, und die Kosten stiegen um ein Drittel; "
        "Anwohner hatten sich über Lärm und Straßensperrungen beschwert.",
        ("cp1252", "latin-1", "iso8859-15"),
    ),
    "es": (
        "El alcalde de Cádiz anunció el miércoles que la limpieza de las playas comenzará en junio.",
        "Según el ayuntamiento, la campaña costará más de lo previsto porque habrá que contratar "
        "a trabajadores de otras regiones durante el verano; los vecinos piden que se amplíe.",
        ("cp1252", "latin-1"),
    ),
    "pt": (
        "A câmara de São Paulo aprovou na terça-feira a construção de três escolas na região leste.",
        "As obras deverão começar em março e a prefeitura promete que não haverá interrupção das aulas; "
        "os professores pedem mais informação sobre a transição.",
        ("cp1252", "latin-1"),
    ),
    "it": (
        "Il sindaco di Forlì ha annunciato giovedì che la città ospiterà la più grande fiera della regione.",
        "Secondo l'assessore, l'evento porterà migliaia di visitatori e sarà necessario potenziare "
        "i trasporti pubblici già a partire da novembre; però mancano ancora i fondi.",
        ("cp1252", "latin-1"),
    ),
    "sv": (
        "Kommunstyrelsen i Göteborg beslutade på måndagen att bygga en ny bro över älven.",
        "Bygget väntas ta fyra år och kostnaden beräknas till drygt två miljarder kronor; "
        "oppositionen kräver att färjetrafiken behålls under tiden.",
        ("cp1252", "latin-1"),
    ),
    "pl": (
        "Prezydent Łodzi ogłosił w środę, że remont głównej ulicy zakończy się przed świętami.",
        "Mieszkańcy narzekają na korki i hałas, a właściciele sklepów twierdzą, że stracili połowę klientów; "
        "urząd obiecuje rekompensaty dla najbardziej poszkodowanych.",
        ("cp1250", "iso8859-2"),
    ),
    "cs": (
        "Starosta Plzně v úterý oznámil, že opravy mostu přes řeku potrvají až do příštího léta.",
        "Doprava bude omezena a řidiči musí počítat se zdržením; radnice proto posílí autobusové spoje "
        "a zřídí nová parkoviště na okraji města.",
        ("cp1250", "iso8859-2"),
    ),
    "hu": (
        "A győri polgármester szerdán bejelentette, hogy a város új kerékpárutakat épít a folyó mentén.",
        "A munkálatok tavasszal kezdődnek, és a tervek szerint két év alatt készülnek el; "
        "a lakók többsége üdvözölte a döntést, de sokan aggódnak a fák kivágása miatt.",
        ("cp1250", "iso8859-2"),
    ),
    "ru": (
        "Мэр Новосибирска в четверг объявил, что ремонт моста через Обь завершится к осени.",
        "По словам чиновников, движение по мосту будет частично открыто уже весной, а стоимость работ "
        "выросла почти вдвое из-за подорожания металла; жители жалуются на пробки.",
        ("cp1251", "koi8-r", "iso8859-5", "cp866"),
    ),
    "uk": (
        "Міський голова Львова у п'ятницю повідомив, що нова лінія трамваю відкриється навесні.",
        "Будівництво коштуватиме більше, ніж планували, але місто отримало кредит від європейського банку; "
        "мешканці чекають на зручніший шлях до центру.",
        ("cp1251", "koi8-u"),
    ),
    "bg": (
        "Кметът на Пловдив обяви в понеделник, че общината ще построи нов парк край реката.",
        "Паркът ще бъде готов до две години и ще има детски площадки, пейки и алеи за велосипеди; "
        "жителите на квартала събраха подписи в подкрепа на проекта.",
        ("cp1251",),
    ),
    "el": (
        "Ο δήμαρχος της Θεσσαλονίκης ανακοίνωσε την Τρίτη ότι το μετρό θα λειτουργήσει τον χειμώνα.",
        "Οι εργασίες καθυστέρησαν πολλά χρόνια εξαιτίας αρχαιολογικών ευρημάτων, και το κόστος αυξήθηκε σημαντικά· "
        "οι κάτοικοι ελπίζουν ότι η κυκλοφορία στο κέντρο θα μειωθεί.",
        ("cp1253", "iso8859-7"),
    ),
    "tr": (
        "İzmir belediye başkanı çarşamba günü, şehirdeki yeni köprünün gelecek yıl açılacağını söyledi.",
        "Köprünün yapımı iki yıl sürdü ve maliyeti beklenenden yüksek oldu; esnaf ise trafiğin "
        "azalmasıyla işlerin düzeleceğini umuyor.",
        ("cp1254", "iso8859-9"),
    ),
    "he": (
        "ראש העיר חיפה הודיע ביום שני כי הנמל החדש ייפתח בשנה הבאה.",
        "לדבריו, העבודות יימשכו עוד כמה חודשים והעלות גבוהה מהצפוי; התושבים מקווים שהתנועה בעיר תפחת.",
        ("cp1255",),
    ),
    "ar": (
        "أعلن رئيس بلدية الإسكندرية يوم الأحد أن الميناء الجديد سيفتح العام المقبل.",
        "وقال إن الأعمال ستستمر عدة أشهر وإن التكلفة أعلى من المتوقع، بينما يأمل السكان أن تخف حركة المرور.",
        ("cp1256",),
    ),
    "ja": (
        "東京都の知事は火曜日、新しい橋の建設が来年始まると発表した。",
        "工事には三年かかる見込みで、費用は当初の計画より大きく増えるという。住民は騒音を心配している。",
        ("shift_jis", "euc-jp"),
    ),
    "zh": (
        "上海市市长周三宣布，新的地铁线路将于明年开通。",
        "工程比原计划推迟了两年，费用也大幅增加；附近居民希望交通状况能够得到改善。",
        ("gb2312", "gbk"),
    ),
}
# Western text with the characters only cp1252 has in 0x80-0x9F (quotes, dashes, the euro sign).
WRITTEN_CP1252 = "Le « budget » de l’école — 3,2 M€ — a été voté : “enfin”, dit le maire… Œuvre collective."


def encoded_texts() -> list[tuple[str, str, str]]:
    """Return (label, text, encoding) for each language, length (one sentence, a paragraph) and code page."""
    cases = []
    for language, (short, more, encodings) in WRITTEN.items():
        for length, text in (("short", short), ("paragraph", f"{short}\n\n{more}\n\n{short.split(' ', 3)[-1]}")):
            cases += [(f"{language} {length} {encoding}", text, encoding) for encoding in encodings]
    cases.append(("fr cp1252-only short cp1252", WRITTEN_CP1252, "cp1252"))
    return cases


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


def write_misspellings(folder: Path) -> dict[str, int]:
    """Write wire stories whose words a journalist misspells, and near neighbours that trap a corrector: a stem
    ("inflat") or a commoner word ("open") beside the word meant ("inflation", "OPEC"), a rare real word beside
    a far commoner one ("Volker", "Volcker"), an accented name ("Genève"). Return how many stories use each word.
    """
    verbs = ["slowed", "eased", "rose", "held steady", "picked up", "fell back"]
    # (how many, title, body, published): {i} is the story's number, {verb} a verb that varies
    series = [
        (
            24,
            "Volcker sees {verb} prices",
            "Federal Reserve chairman Paul Volcker told a Senate committee on day {i} of the hearings that inflation "
            "{verb} last month. Volcker said the dollar was near its lows.",
            "1987-03-{day:02d}",
        ),
        (4, "OPEC ministers meet, output {i}", "OPEC oil ministers met in Vienna and agreed on {i} million barrels.",
         "1987-03-{day:02d}"),
        (8, "Market open {i}", "Traders said the market would open higher for no clear reason; dealers held {i} open "
         "lots.", "1987-03-{day:02d}"),
        (6, "Acme Tools earnings {i}", "Oper shr {i} cts vs 9 cts. Oper net {i} mln dlrs. Operating revenues rose.",
         "1987-03-{day:02d}"),
        (3, "Ministers meet in Genève {i}", "Trade ministers met in Genève on day {i} and gave no reason for the "
         "delay; one may resign.", "1988-0{day}-10"),
    ]
    records = [
        {
            "title": title.format(i=i, verb=verbs[i % 6]),
            "body": body.format(i=i, verb=verbs[i % 6]) + (" He denied he would resign." if "Volcker" in body and i < 3 else ""),
            "published": published.format(day=i + 2),
        }
        for count, title, body, published in series
        for i in range(count)
    ]
    records += [
        {"title": "Farmer sells his herd", "published": "1987-05-04",
         "body": "Volker Hansen, a dairy farmer, sold his herd to inflate his savings for a reason of his own."},
        {"title": "Chairman to step down", "published": "1987-05-05",
         "body": "The chairman of Acme Tools will resign in May, for a reason the board did not give."},
    ]  # fmt: skip
    with (folder / "wire.jsonl").open("w", encoding="utf-8") as handle:
        for number, record in enumerate(records):
            handle.write(json.dumps({"id": f"spell-{number}", **record}, ensure_ascii=False) + "\n")
    return {"Volcker": 24, "Volker": 1, "inflation": 24, "OPEC": 4, "open": 8, "Genève": 3, "resign": 7}


def write_timeline_stories(folder: Path, count: int = 240) -> dict[str, int]:
    """Write `count` stories (one JSON Lines file) whose dates cluster in 2021-2022, most in March-April 2022,
    with a few strays that would stretch a timeline over centuries: a clock time read as a year ("1800 CDT"),
    a bridge opened in 1803, a plan for 2080. Return how many stories mention each stray year."""
    import json
    import random

    rng = random.Random(13)
    people = ("Maria Lopez", "Jan Novak", "Olga Petrova", "Tom Baker", "Ana Silva", "Piet de Vries")
    cities = ("Rotterdam", "Prague", "Lisbon", "Riga", "Porto", "Gdansk")
    months = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December")  # fmt: skip
    strays = {"1800": "Trading closed at 1800 CDT, the exchange said.", "1803": "The old bridge opened in 1803.",
              "2080": "The port plan runs until 2080."}  # fmt: skip
    mentioned = dict.fromkeys(strays, 0)
    lines = []
    for number in range(count):
        year = 2022 if number % 4 else 2021
        month = rng.choice((3, 4)) if year == 2022 and number % 3 else rng.randint(1, 12)
        day = rng.randint(1, 28)
        person, city = rng.choice(people), rng.choice(cities)
        body = f"{person} spoke to dock workers in {city} on {day} {months[month - 1]} {year} about the new cranes."
        if number % 80 == 7:
            stray = list(strays)[number // 80 % len(strays)]
            body += " " + strays[stray]
            mentioned[stray] += 1
        published = f"{year}-{month:02d}-{min(28, day + 1):02d}"
        lines.append(json.dumps({"title": f"Cranes in {city}, story {number}", "body": body, "published": published}))
    (folder / "stories.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return mentioned


# Towns for write_timetables: enough that a facet lists a page of them and finds the rest by asking the server.
TOWNS = (
    "Lisbon Madrid Rome Valencia Bilbao Riga Toulouse Bordeaux Nantes Lille Strasbourg Milan Turin Naples "
    "Palermo Tallinn Vilnius Genoa Munich Hamburg Frankfurt Stuttgart Dresden Leipzig Vienna Graz Salzburg Prague "
    "Budapest Warsaw Bratislava Ljubljana Zagreb Belgrade Sofia Bucharest Athens Helsinki Oslo Stockholm"
).split()


def write_timetables(folder: Path) -> list[str]:
    """Write rail notices that name 40 towns and Gdańsk: the first three towns in every notice, the others in one
    each, Gdańsk (accented) in a notice of its own. Return the towns, commonest first (the extractor finds about 40
    of them). A regions list of ten leaves most of them for the filter box and "Show more" to find."""
    common, rest = TOWNS[:3], TOWNS[3:]
    for number, start in enumerate(range(0, len(rest), 8)):
        towns = ", ".join([*common, *rest[start : start + 8]])
        text = f"Timetable notice {number}\n\nNight trains ran late between {towns} on Friday, the rail company said.\n"
        (folder / f"timetable-{number}.txt").write_text(text, encoding="utf-8")
    (folder / "gdansk.txt").write_text(
        "Ferries late\n\nFerries ran late between Gdańsk and Karlskrona on Monday, the port said.\n", encoding="utf-8"
    )
    return [*TOWNS, "Gdańsk"]


def lookup_texts() -> list[str]:
    """Return what a person might type into a facet's filter box that a naive lookup trips on: pattern syntax,
    marks with no letter, spaces only, control and invisible characters, other scripts, the longest allowed."""
    marks = "".join(chr(c) for c in range(0x300, 0x310))
    return [
        ".*", "(", "[a-", "\\", "%", "%25", "'\"", "<script>", " ", "\t\n", marks, "\u200b\u200f", "\x00\x01",
        "ß", "ǅ", "İ", "ﬃ", "日本", "🇺🇦", "a" * 100, ("é" + marks)[:100], ",", " , ",
    ]  # fmt: skip


def write_feed(path: Path, count: int) -> list[str]:
    """Write a JSON Lines feed of `count` wire stories, large enough to be split across workers, with the traps
    a split must keep right: a broken line, a record with no body, an id used twice (its second record stored as
    `id (line N)`), a lone surrogate escape. Return the ids the archive should store, in file order."""
    lines, ids = [], []
    for number in range(count):
        town, other = TOWNS[number % len(TOWNS)], TOWNS[(number * 7 + 3) % len(TOWNS)]
        ident = "wire-0007" if number == 90 else f"wire-{number:04d}"
        body = (
            f"Officials in {town} said on Tuesday that freight between {town} and {other} would resume next week "
            f"after talks with the dock union ended. Minister Anna Lindqvist visited {other} on March {number % 28 + 1}, "
            "1987, and promised new cranes for the harbour. Traders expect prices to ease as ships unload."
        )
        lines.append(json.dumps({"id": ident, "title": f"Freight resumes in {town} \ud800", "body": body,
                                 "published": f"1987-03-{number % 28 + 1:02d}"}))  # fmt: skip
        ids.append(f"{ident} (line {number + 1})" if number == 90 else ident)
    lines[4] = '{"id": "wire-0004", "title": "cut off'  # broken JSON: reported, not indexed
    lines[12] = json.dumps({"id": "wire-0012", "title": "No body"})  # no body: reported, not indexed
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [i for i in ids if i not in ("wire-0004", "wire-0012")]


SCAN_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"  # Debian's fonts-dejavu-core (scripts/setup.sh)
SCAN_LINES = [
    "The harbour council of Vladivostok met on Tuesday to discuss",
    "the winter timetable of the ferry to Sakhalin. Captain Irina",
    "Volkova said the icebreaker would lead convoys from January.",
    "Fishermen in Nakhodka asked for a second berth near the pier.",
    "Freight rates rose by 4.5 percent in 1996, the port office said.",
]


def render_scan(lines: list[str], dpi: int = 300, points: int = 11, mode: str = "L") -> Any:
    """Return a Pillow image of an A4 page (width) with the lines set in DejaVu Serif at `points`, as a clean
    scan at `dpi` would show them; our own sentences, drawn at test time."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(SCAN_FONT, round(points * dpi / 72))
    step = round(points * dpi / 72 * 1.6)
    image = Image.new(mode, (round(8.27 * dpi), dpi + step * (len(lines) + 1)), "white")
    draw = ImageDraw.Draw(image)
    for number, line in enumerate(lines):
        draw.text((dpi, dpi // 2 + number * step), line, font=font, fill="black")
    return image


def scan_bytes(lines: list[str], fmt: str = "PNG", dpi: int = 300) -> bytes:
    """Return a rendered page (render_scan) saved in a format Pillow writes (PNG, JPEG, TIFF, PDF)."""
    buffer = io.BytesIO()
    render_scan(lines, dpi).save(buffer, fmt, dpi=(dpi, dpi), **({"resolution": dpi} if fmt == "PDF" else {}))
    return buffer.getvalue()


def scan_pages(pages: list[list[str]], fmt: str) -> bytes:
    """Return several rendered pages as one multi-page file: a TIFF (one frame a page) or an image-only PDF."""
    images = [render_scan(lines) for lines in pages]
    buffer = io.BytesIO()
    extra = {"resolution": 300} if fmt == "PDF" else {"dpi": (300, 300)}
    images[0].save(buffer, fmt, save_all=True, append_images=images[1:], **extra)
    return buffer.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """Return a tiny PNG whose header claims width x height one-bit pixels: a decompression bomb's shape
    (a real one would unpack to gigabytes; this one only needs its header read)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = zlib.compress(b"\x00" * ((width + 7) // 8 + 1) * 64)  # a few rows of white; the rest never comes
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


def tiff_with_big_frame(side: int) -> bytes:
    """Return a two-page TIFF, a small first page and a blank side x side second one, packed small (group 4)."""
    from PIL import Image

    buffer = io.BytesIO()
    first, big = Image.new("1", (100, 100), 1), Image.new("1", (side, side), 1)
    first.save(buffer, "TIFF", save_all=True, append_images=[big], compression="group4")
    return buffer.getvalue()


def tiff_with_lost_page() -> bytes:
    """Return a two-page TIFF whose first page says the next one lies past the end of the file."""
    import struct

    data = bytearray(scan_pages([SCAN_LINES[:1], SCAN_LINES[1:2]], "TIFF"))  # little-endian, as Pillow writes it
    first = struct.unpack("<I", data[4:8])[0]
    entries = struct.unpack("<H", data[first : first + 2])[0]
    link = first + 2 + 12 * entries  # where the first page's list of fields ends: the next page's offset
    data[link : link + 4] = struct.pack("<I", len(data) + 5000)
    return bytes(data)


def write_scan_traps(folder: Path) -> dict[str, str]:
    """Write images the OCR reader must refuse with a clear reason; return name -> words of that reason."""
    folder.mkdir(parents=True, exist_ok=True)
    page = scan_bytes(SCAN_LINES[:2])
    traps = {
        "bomb.png": (png_claiming(40_000, 40_000), "decompression bomb"),  # 1.6 billion pixels: Pillow's error
        "bomb-mild.png": (png_claiming(10_000, 10_000), "decompression bomb"),  # 100 million: Pillow only warns
        "truncated.png": (page[: len(page) // 2], "damaged"),
        "noise.jpg": (b"\xff\xd8\xff\xe0" + bytes(range(256)) * 40, "not an image"),
        "text.tiff": (b"II*\x00 this is no tiff at all", "not an image"),
        "frame-bomb.tiff": (tiff_with_big_frame(12_000), "decompression bomb"),  # a bomb on page 2
        "broken-chain.tiff": (tiff_with_lost_page(), "damaged"),
    }
    for name, (data, _) in traps.items():
        (folder / name).write_bytes(data)
    return {name: reason for name, (_, reason) in traps.items()}


def handmade_pdf(content: bytes, compress: bool = True) -> bytes:
    """Return a one-page PDF written by hand around a content stream (flate-compressed when asked), with a
    correct cross-reference table: what fpdf2 will not write, such as a stream that unpacks to a bomb."""
    import zlib

    stream = zlib.compress(content, 9) if compress else content
    filters = b"/Filter /FlateDecode " if compress else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>",
        b"<< " + filters + b"/Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    table = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, table)
    return bytes(out)


def write_hostile_pdfs(folder: Path, unpacked_limit: int) -> dict[str, str]:
    """Write PDFs a reader must refuse with a clear reason, never a traceback: locked by a password, random
    bytes behind a PDF header, a file cut in half, and one whose only page unpacks past `unpacked_limit`.
    Return file name -> a word the reason must hold."""
    import random

    from tests.office import REPORT_PAGES, pdf_writer

    folder.mkdir(parents=True, exist_ok=True)
    pdf = pdf_writer()
    pdf.set_encryption(owner_password="desk", user_password="secret")
    pdf.add_page()
    pdf.multi_cell(0, 6, REPORT_PAGES[0])
    pdf.output(str(folder / "locked.pdf"))
    noise = random.Random(15)
    (folder / "noise.pdf").write_bytes(b"%PDF-1.7\n" + bytes(noise.randrange(256) for _ in range(4000)))
    whole = handmade_pdf(b"BT /F1 12 Tf 72 700 Td (The ferry timetable changes in June.) Tj ET")
    (folder / "halved.pdf").write_bytes(whole[: len(whole) // 2])
    bomb = b"BT /F1 12 Tf 72 700 Td (Bomb) Tj ET\n" + b" " * (unpacked_limit + 1024)
    (folder / "bomb.pdf").write_bytes(handmade_pdf(bomb))
    return {"locked.pdf": "password", "noise.pdf": "not a readable PDF", "halved.pdf": "PDF", "bomb.pdf": "page 1"}


def write_hostile_docx(folder: Path, unpacked_limit: int) -> dict[str, str]:
    """Write .docx files a reader must refuse with a clear reason: locked by a password (msoffcrypto-tool),
    a zip whose document part unpacks past `unpacked_limit`, random bytes, and a zip whose document part is
    not XML. Return file name -> a word the reason must hold."""
    import io
    import random
    import zipfile

    import msoffcrypto.format.ooxml

    from tests.office import write_docx

    folder.mkdir(parents=True, exist_ok=True)
    plain = write_docx(folder / "plain.tmp")
    with open(plain, "rb") as source, open(folder / "locked.docx", "wb") as target:
        msoffcrypto.format.ooxml.OOXMLFile(source).encrypt("secret", target)
    parts = zipfile.ZipFile(plain)
    for name, document in (("bomb.docx", b" " * (unpacked_limit + 1024)), ("garbled.docx", b"<w:document><<<")):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
            for item in parts.infolist():
                out.writestr(item.filename, document if item.filename == "word/document.xml" else parts.read(item))
        (folder / name).write_bytes(buffer.getvalue())
    parts.close()
    plain.unlink()
    noise = random.Random(16)
    (folder / "noise.docx").write_bytes(b"PK\x03\x04" + bytes(noise.randrange(256) for _ in range(3000)))
    return {"locked.docx": "password", "bomb.docx": "limit", "garbled.docx": "damaged", "noise.docx": "not a readable"}

def write_hostile_mail(folder: Path) -> dict[str, str]:
    """Write e-mail that tests a reader: headers in RFC 2047 encoded words, a Latin-1 body, a file that is no
    message, a message whose charset is unknown, a mailbox with one message that is no message, parts nested 3,000
    deep (the e-mail package recurses per level); return name ->
    what must become of it ("indexed" or "failed")."""
    from email.header import Header

    folder.mkdir(parents=True, exist_ok=True)
    encoded = (
        f"From: {Header('Zoë Ñúñez', 'utf-8').encode()} <zoe@example.org>\r\n"
        "To: =?iso-8859-1?q?Jos=E9_Garc=EDa?= <jose@example.es>\r\n"
        "Subject: =?iso-8859-1?q?Gr=E8ve_au_port_de_S=E8te?=\r\n"
        "Date: Wed, 05 Mar 2025 09:30:00 +0100\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: text/plain; charset="iso-8859-1"\r\n'
        "Content-Transfer-Encoding: 8bit\r\n\r\n"
    ).encode("ascii") + "Les grévistes du quai sont réunis depuis l'aube; la pêche attend.\r\n".encode("latin-1")
    (folder / "encoded.eml").write_bytes(encoded)
    (folder / "not-mail.eml").write_bytes(bytes(range(256)) * 8)
    unknown = (
        b"From: Ruth Ochoa <ruth@example.org>\nSubject: Unknown charset\nDate: Thu, 06 Mar 2025 08:00:00 +0000\n"
        b'Content-Type: text/plain; charset="x-no-such-charset"\n\nThe ferry timetable changed on Thursday.\n'
    )
    (folder / "unknown-charset.eml").write_bytes(unknown)
    (folder / "nul-charset.eml").write_bytes(unknown.replace(b"x-no-such-charset", b"utf-8\x00"))
    good = b"From: Ruth Ochoa <ruth@example.org>\nSubject: Good one\n\nThe quay lights were repaired.\n"
    (folder / "mixed.mbox").write_bytes(b"From ruth Thu Mar  6 08:00:00 2025\n" + good + b"\nFrom junk\n" + bytes(range(1, 256)))
    deep = b"From: Ruth Ochoa <ruth@example.org>\nSubject: Deep\nContent-Type: multipart/mixed; boundary=b0\n\n"
    deep += b"".join(b"--b%d\nContent-Type: multipart/mixed; boundary=b%d\n\n" % (i, i + 1) for i in range(3000))
    (folder / "deep-parts.eml").write_bytes(deep + b"--b3000\nContent-Type: text/plain\n\nAt the bottom.\n")
    return {
        "encoded.eml": "indexed",
        "not-mail.eml": "failed",
        "unknown-charset.eml": "indexed",
        "nul-charset.eml": "indexed",
        "mixed.mbox": "indexed",
        "deep-parts.eml": "failed",
    }




def write_colliding_mail(folder: Path) -> dict[str, str]:
    """Write a mailbox whose Message-IDs are written as other keys are: "message 3" (the place of a message without
    one) and "message 4 / attachment 1: tide.txt" (the key of a later message's attachment); its fourth message has
    an attachment named with quotes, accents and a Windows path. Return key in the file -> that record's title."""
    from email.message import EmailMessage

    def note(number: int, ident: str | None) -> EmailMessage:
        msg = EmailMessage()
        msg["From"] = "Ruth Ochoa <ruth@example.org>"
        msg["Subject"] = f"Colliding key {number}"
        msg["Date"] = "Sat, 08 Mar 2025 10:00:00 +0000"
        if ident is not None:
            msg["Message-ID"] = ident
        msg.set_content(f"Pilot boat number {number} is back in service.\n")
        return msg

    messages = [note(1, "message 3"), note(2, "message 4 / attachment 1: tide.txt"), note(3, None), note(4, None)]
    messages[3].add_attachment("Tide table for the estuary\n\nHigh water at noon.\n", filename="tide.txt")
    crew = 'C:\\crew\\Quai "nord" – été.txt'
    messages[3].add_attachment("Crew list for the night shift\n\nSix pilots.\n", filename=crew)
    messages.append(note(5, "<pilots@example.org>"))
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "colliding.mbox").write_bytes(
        b"".join(b"From ruth@example.org Sat Mar  8 10:00:00 2025\n" + bytes(m).replace(b"\r\n", b"\n") + b"\n" for m in messages)
    )
    return {
        "message 1": "Colliding key 1",
        "message 2": "Colliding key 2",
        "message 3": "Colliding key 3",
        "message 4": "Colliding key 4",
        "message 4 / attachment 1: tide.txt": "Tide table for the estuary",
        'message 4 / attachment 2: Quai "nord" – été.txt': "Crew list for the night shift",
        "<pilots@example.org>": "Colliding key 5",
    }
