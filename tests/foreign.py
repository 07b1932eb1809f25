"""Paragraphs in French, Russian, Spanish and German, of our own writing, put together at run time.

Each language has its own lists of subjects, verb phrases and closing phrases (singular subjects, verbs in the
present tense, so any combination is a grammatical sentence); `paragraphs` joins random sentences into
paragraphs of a given length. The language tests and bench/languages.py read these; nothing here is copied text.
"""

from __future__ import annotations

import random

# One line a language: the lists are data (tests/* may run past 120 characters).
# fmt: off
SUBJECTS = {
    "fr": ["Le conseil municipal", "La ministre de la santé", "Le syndicat des enseignants", "Une entreprise locale", "Le maire de la ville", "La direction de l'hôpital", "Le tribunal administratif", "Un groupe de chercheurs", "La société nationale des chemins de fer", "Le préfet de la région", "Une association de quartier", "Le gouvernement", "La commission européenne", "Le président du club", "Une agricultrice de la vallée"],
    "ru": ["Городской совет", "Министр здравоохранения", "Профсоюз учителей", "Местная компания", "Глава администрации", "Руководство больницы", "Областной суд", "Группа исследователей", "Железнодорожная компания", "Губернатор края", "Жилищное товарищество", "Правительство", "Европейская комиссия", "Председатель клуба", "Фермер из долины"],
    "es": ["El ayuntamiento", "La ministra de sanidad", "El sindicato de profesores", "Una empresa local", "El alcalde de la ciudad", "La dirección del hospital", "El tribunal supremo", "Un grupo de investigadores", "La compañía nacional de ferrocarriles", "El gobernador de la provincia", "Una asociación de vecinos", "El gobierno", "La comisión europea", "El presidente del club", "Una agricultora del valle"],
    "de": ["Der Stadtrat", "Die Gesundheitsministerin", "Die Gewerkschaft der Lehrer", "Ein örtliches Unternehmen", "Der Bürgermeister der Stadt", "Die Leitung des Krankenhauses", "Das Verwaltungsgericht", "Eine Gruppe von Forschern", "Die staatliche Eisenbahngesellschaft", "Der Landrat des Kreises", "Ein Verein aus dem Viertel", "Die Bundesregierung", "Die Europäische Kommission", "Der Präsident des Vereins", "Eine Bäuerin aus dem Tal"],
}

VERBS = {
    "fr": ["présente un nouveau budget pour les écoles", "annonce la fermeture de deux usines", "demande une enquête sur les prix de l'énergie", "refuse de commenter les chiffres publiés", "prévoit la construction d'un pont sur la rivière", "critique la réforme des retraites", "signe un accord avec les représentants des salariés", "reporte le vote sur le plan d'urbanisme", "publie un rapport sur la qualité de l'eau", "promet des aides aux familles touchées par les inondations", "ouvre une consultation sur les transports publics", "rejette la proposition des élus de l'opposition"],
    "ru": ["представляет новый бюджет для школ", "объявляет о закрытии двух заводов", "требует расследования цен на энергию", "отказывается комментировать опубликованные цифры", "планирует строительство моста через реку", "критикует пенсионную реформу", "подписывает соглашение с представителями работников", "откладывает голосование по плану застройки", "публикует доклад о качестве воды", "обещает помощь семьям, пострадавшим от наводнения", "начинает обсуждение общественного транспорта", "отклоняет предложение депутатов оппозиции"],
    "es": ["presenta un nuevo presupuesto para las escuelas", "anuncia el cierre de dos fábricas", "pide una investigación sobre los precios de la energía", "se niega a comentar las cifras publicadas", "prevé la construcción de un puente sobre el río", "critica la reforma de las pensiones", "firma un acuerdo con los representantes de los trabajadores", "aplaza la votación del plan urbanístico", "publica un informe sobre la calidad del agua", "promete ayudas a las familias afectadas por las inundaciones", "abre una consulta sobre el transporte público", "rechaza la propuesta de los concejales de la oposición"],
    "de": ["legt einen neuen Haushalt für die Schulen vor", "kündigt die Schließung von zwei Fabriken an", "fordert eine Untersuchung der Energiepreise", "lehnt es ab, die veröffentlichten Zahlen zu kommentieren", "plant den Bau einer Brücke über den Fluss", "kritisiert die Rentenreform", "unterzeichnet eine Vereinbarung mit den Vertretern der Beschäftigten", "verschiebt die Abstimmung über den Bebauungsplan", "veröffentlicht einen Bericht über die Wasserqualität", "verspricht den vom Hochwasser betroffenen Familien Hilfe", "eröffnet eine Befragung zum öffentlichen Nahverkehr", "weist den Vorschlag der Opposition zurück"],
}

TAILS = {
    "fr": ["lundi matin", "après une longue réunion", "malgré les protestations des habitants", "pour la deuxième fois", "selon un communiqué publié jeudi", "avant la fin de l'année", "sans donner de détails", ""],
    "ru": ["в понедельник утром", "после долгого заседания", "несмотря на протесты жителей", "во второй раз", "как сообщается в заявлении в четверг", "до конца года", "не раскрывая подробностей", ""],
    "es": ["el lunes por la mañana", "tras una larga reunión", "pese a las protestas de los vecinos", "por segunda vez", "según un comunicado publicado el jueves", "antes de que termine el año", "sin dar más detalles", ""],
    "de": ["am Montagmorgen", "nach einer langen Sitzung", "trotz der Proteste der Anwohner", "zum zweiten Mal", "laut einer am Donnerstag veröffentlichten Mitteilung", "noch vor Ende des Jahres", "ohne Einzelheiten zu nennen", ""],
}
# fmt: on

LANGUAGES = tuple(SUBJECTS)


def sentence(language: str, rng: random.Random) -> str:
    """Return one sentence: a subject, a verb phrase and, often, a closing phrase."""
    words = [rng.choice(SUBJECTS[language]), rng.choice(VERBS[language]), rng.choice(TAILS[language])]
    return " ".join(w for w in words if w) + "."


def paragraph(language: str, rng: random.Random, min_words: int = 20) -> str:
    """Return sentences joined until the paragraph has at least `min_words` words."""
    sentences: list[str] = []
    while sum(len(s.split()) for s in sentences) < min_words:
        sentences.append(sentence(language, rng))
    return " ".join(sentences)


def paragraphs(language: str, count: int, min_words: int = 20, seed: int = 15) -> list[str]:
    """Return `count` paragraphs of at least `min_words` words in one language, the same for the same seed."""
    rng = random.Random(f"{language}-{seed}")
    return [paragraph(language, rng, min_words) for _ in range(count)]


# Whole documents for the reindex tests: each names people and places the tests look for.
DOCUMENTS = {
    "fr": (
        "Inondations dans la vallée\n\n"
        "Hélène Marchand, maire adjointe de Lyon, a visité mardi les quartiers inondés au bord du Rhône. "
        "Selon Hélène Marchand, la ville ouvre trois gymnases pour accueillir les familles. Le conseil "
        "municipal prévoit un budget exceptionnel pour réparer les écoles avant la rentrée."
    ),
    "ru": (
        "Новый мост через реку\n\n"
        "В понедельник губернатор края объявил, что строительство моста начнётся весной. Москва выделит "
        "деньги на проект, а Приморский край оплатит дороги. Пресс-секретарь Борис Колбин сказал, что Бассейн "
        "Север и Библиотека Юг должны экономить. Председатель Комитета по Культуре объявила о заседании."
    ),
    "de": (
        "Neue Brücke über den Fluss\n\n"
        "Der Stadtrat hat am Dienstag beschlossen, eine neue Brücke über den Fluss zu bauen. Die Arbeiten "
        "beginnen im Frühjahr und sollen zwei Jahre dauern. Die Anwohner fordern seit langem eine bessere "
        "Verbindung, weil die Fähre im Winter oft nicht fährt. Stadtbaurat Gerold Wendt und Kämmerin Ilse "
        "Brandauer stellten die Pläne vor. Laut Wendt kostet die Brücke weniger als erwartet."
    ),
}
