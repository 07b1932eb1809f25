from __future__ import annotations

import subprocess
import sys

import pytest

from archive.names import fold_name, fold_place, name_key


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Anatoly Dolgachyov", "anatoly dolgachev"),
        ("Anatoly Dolgachev", "anatoly dolgachev"),
        ("Yevgeny Lyashenko", "evgeny lyashenko"),
        ("Aleksandr Sustov", "alexandr sustov"),
        ("Mikhail Khodorkovsky", "mihail hodorkovsky"),
        ("Seán O'Casey", "sean ocasey"),
        ("Jean-Luc  Picard", "jean luc picard"),
    ],
)
def test_name_key_folds_spellings_of_one_person(name: str, key: str) -> None:
    assert name_key(name) == key


@pytest.mark.parametrize(
    ("name", "folded"),
    [
        ("Filip De Wilde", "filip de wilde"),
        ("Jean-Luc Picard", "jean luc picard"),
        ("O'Neill's", "oneills"),
        ("Łukasz Żurek", "lukasz zurek"),
        ("G. Kersey 63", "g kersey"),
    ],
)
def test_fold_name_keeps_letters_and_spaces(name: str, folded: str) -> None:
    assert fold_name(name) == folded


@pytest.mark.parametrize(
    ("name", "folded"),
    [
        ("KYIV", "kyiv"),
        ("Côte d’Ivoire", "cote divoire"),
        ("the Netherlands", "netherlands"),
        ("U.S.", "u s"),
        ("Luhansk Oblast", "luhansk oblast"),
        ("Area 51", "area 51"),
    ],
)
def test_fold_place_is_the_gazetteer_key(name: str, folded: str) -> None:
    assert fold_place(name) == folded


def test_names_module_stays_light_for_the_search_path() -> None:
    code = "import sys, archive.names; print([m for m in sys.modules if m.startswith(('spacy', 'archive.extract'))])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_capitalized_words_of_other_scripts_but_a_sentences_first() -> None:
    from archive.names import capitalized_in_other_scripts

    text = "В понедельник Борис Колбин сказал, что Санкт-Петербург и Αθήνα ждут. Москва молчит. Hélène Marchand"
    assert capitalized_in_other_scripts(text) == ["Борис", "Колбин", "Санкт", "Петербург", "Αθήνα"]
    assert capitalized_in_other_scripts("All in ASCII, Boris.") == []
