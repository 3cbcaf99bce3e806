"""The pseudonymiser: its figures on the annotated set, the NIR detector, the command of
INTERFACES.md (« Pseudonymisation »)."""

import io
import json
import sys

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from lien.lib import nir
from lien.lib.pseudonymise import PLACEHOLDERS, KnownNames, pseudonymise
from tests.advocacy.corpus import load
from tests.advocacy.scores import HOLDOUT, HOLDOUT2, score

# The goals of the issue: names found at 95 %, every NIR, e-mail and phone number, and what is
# found right at 85 % at least for every label.
RECALL_GOALS = {"NOM": 0.95, "NIR": 1.0, "EMAIL": 1.0, "TELEPHONE": 1.0}
PRECISION_GOAL = 0.85


@pytest.fixture(scope="module")
def scores():
    return score()


# A second set, written apart from the first; its misses were read to tune the rules in a second
# round (general rules, no name of the set listed), so it is no longer a measure of text the rules
# were not fitted to: a floor all the same.
HOLDOUT_FLOORS = {
    "NOM": 0.95,
    "LIEU": 0.95,
    "NIR": 1.0,
    "EMAIL": 1.0,
    "TELEPHONE": 1.0,
    "ADRESSE": 0.95,
    "DATE_NAISSANCE": 0.95,
}

# A third set, written before that round and never read to tune the rules (only its totals are
# looked at): the figures quoted as « not tuned on ». Floors below what it measures, the goals of
# the issue where it has them.
HOLDOUT2_FLOORS = {
    "NOM": 0.95,
    "LIEU": 0.9,
    "NIR": 1.0,
    "EMAIL": 1.0,
    "TELEPHONE": 1.0,
    "ADRESSE": 0.85,
    "DATE_NAISSANCE": 0.85,
}


@pytest.fixture(scope="module")
def holdout_scores():
    return score(load(HOLDOUT))


@pytest.mark.parametrize(("label", "floor"), HOLDOUT_FLOORS.items())
def test_it_holds_on_a_set_written_apart(holdout_scores, label, floor):
    assert holdout_scores.recall(label) >= floor, holdout_scores.table()
    assert holdout_scores.precision(label) >= PRECISION_GOAL, holdout_scores.table()


@pytest.fixture(scope="module")
def holdout2_scores():
    return score(load(HOLDOUT2))


@pytest.mark.parametrize(("label", "floor"), HOLDOUT2_FLOORS.items())
def test_it_holds_on_a_set_it_was_not_tuned_on(holdout2_scores, label, floor):
    assert holdout2_scores.recall(label) >= floor, holdout2_scores.table()
    assert holdout2_scores.precision(label) >= PRECISION_GOAL, holdout2_scores.table()


@pytest.mark.parametrize(("label", "goal"), RECALL_GOALS.items())
def test_it_finds_what_the_goals_ask_on_the_annotated_set(scores, label, goal):
    assert scores.recall(label) >= goal, scores.table()


@pytest.mark.parametrize("label", PLACEHOLDERS)
def test_what_it_finds_is_right_often_enough(scores, label):
    assert scores.precision(label) >= PRECISION_GOAL, scores.table()


def _nir(sex: int, year: int, month: int, departement: str, commune: int, order: int) -> str:
    body = f"{sex}{year:02d}{month:02d}{departement}{commune:03d}{order:03d}"
    return body + f"{nir.key(body):02d}"


nirs = st.builds(
    _nir,
    st.sampled_from([1, 2, 7, 8]),
    st.integers(0, 99),
    st.integers(1, 12),
    st.sampled_from(["01", "11", "2A", "2B", "59", "69", "75", "95", "97", "99"]),
    st.integers(1, 999),
    st.integers(1, 999),
)
groupings = st.sampled_from(
    [
        lambda n: n,
        lambda n: f"{n[0]} {n[1:3]} {n[3:5]} {n[5:7]} {n[7:10]} {n[10:13]} {n[13:]}",
        lambda n: f"{n[0]}.{n[1:3]}.{n[3:5]}.{n[5:7]}.{n[7:10]}.{n[10:13]}.{n[13:]}",
        lambda n: f"{n[:13]} {n[13:]}",
    ]
)


@settings(max_examples=150, deadline=None)
@given(number=nirs, grouping=groupings)
def test_it_finds_every_nir_with_a_right_key_however_grouped(number, grouping):
    written = grouping(number)
    result = pseudonymise(f"Son numéro : {written}, à vérifier.")
    assert [(entity.label, entity.text) for entity in result.entities] == [("NIR", written)]
    assert result.text == "Son numéro : [NIR], à vérifier."


@settings(max_examples=150, deadline=None)
@given(number=nirs, wrong=st.integers(1, 96))
def test_it_leaves_a_nir_shape_with_a_wrong_key(number, wrong):
    key = (int(number[13:]) + wrong - 1) % 97 + 1
    assert key != int(number[13:])
    written = f"{number[:13]}{key:02d}"
    assert all(entity.label != "NIR" for entity in pseudonymise(f"Dossier {written}").entities)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mme Rose Marchand a apporté des roses.", "Mme [NOM] a apporté des roses."),
        ("vu le docteur lefebvre pour mme n'diaye", "vu le docteur [NOM] pour mme [NOM]"),
        ("Karim du CCAS a appelé.", "[NOM] du CCAS a appelé."),
        ("Il me dit que le docteur est parti, monsieur le maire aussi.", None),
        ("Le médecin de Quillan est parti à la retraite en 2023.", None),
        ("Rendez-vous le 12/03/2024 à 14 h 30, appeler le 115.", None),
        ("La maladie de Parkinson et la Fondation Abbé Pierre.", None),
        (
            "Née le 3 mars 1978, elle vit au hameau des Crozes.",
            "Née le [DATE_NAISSANCE], elle vit au [LIEU].",
        ),
        ("Écrire au 3 bis avenue Jean Jaurès, 11300 Limoux.", "Écrire au [ADRESSE]."),
        ("tél +33 (0)6.12.34.56.78 ou j.roux@orange.fr", "tél [TÉLÉPHONE] ou [EMAIL]"),
        # Names told by the words around them, known to no list.
        (
            "Interprète réservé pour sa fille Parisa et son fils Omid.",
            "Interprète réservé pour sa fille [NOM] et son fils [NOM].",
        ),
        ("Fiche — Nom : KARAPETYAN / Prénom : Armen", "Fiche — Nom : [NOM] / Prénom : [NOM]"),
        (
            "Les Moldovan vivent dans une caravane depuis l'été.",
            "Les [NOM] vivent dans une caravane depuis l'été.",
        ),
        ("Tonton Idriss garde les enfants.", "Tonton [NOM] garde les enfants."),
        (
            "Il s'appelle Tamerlan, on l'appelle Tamik au foyer.",
            "Il s'appelle [NOM], on l'appelle [NOM] au foyer.",
        ),
        (
            "Présents : nadia, julien, Dr Morel ; excusée : sophie",
            "Présents : [NOM], [NOM], Dr [NOM] ; excusée : [NOM]",
        ),
        # … and what stays: towns after an institution or a verb of place, drugs, peoples, offices.
        ("Prescription du CH de Narbonne, relais par le SSIAD de Lézignan.", None),
        ("Elle a quitté Nancy pour s'installer à Valence.", None),
        ("Il prend du Levothyrox depuis mars.", None),
        ("Son mari Algérien travaille sur les chantiers.", None),
        ("Membres : Mairie, Département et CPAM.", None),
        # Places where people are sheltered, dates of birth in a form.
        ("Logée à l'hôtel social Les Alizés avec ses enfants.", "Logée à l'[LIEU] avec ses enfants."),
        ("Né le : 12/05/1980, sans papiers.", "Né le : [DATE_NAISSANCE], sans papiers."),
    ],
)
def test_it_replaces_what_identifies_and_leaves_the_rest(text, expected):
    assert pseudonymise(text).text == (expected if expected is not None else text)


def test_the_names_lien_knows_are_replaced_where_the_model_would_miss_them():
    text = "Vu Zorglub pour son dossier."
    assert pseudonymise(text).text == text
    assert pseudonymise(text, KnownNames(["Zorglub Martin"])).text == "Vu [NOM] pour son dossier."


def _run(*args, stdin: str | None = None) -> list[dict]:
    out = io.StringIO()
    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8")
    try:
        call_command("pseudonymise", *args, stdout=out)
    finally:
        sys.stdin = sys.__stdin__
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_the_command_prints_one_object_per_line_with_offsets_in_the_line(tmp_path):
    lines = [
        "Mme Josiane Roux, née le 12/03/1985, tél 06 12 34 56 78.",
        "",
        "Rien à cacher ici.",
        "NIR 1 85 05 78 006 084 91 — écrire à jo.martin@example.org",
    ]
    path = tmp_path / "notes.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = _run(str(path))
    assert len(results) == len(lines)
    for line, result in zip(lines, results, strict=True):
        assert set(result) == {"text", "entities"}
        previous_end = 0
        rebuilt = []
        for entity in result["entities"]:
            assert set(entity) == {"start", "end", "label", "text"}
            assert line[entity["start"] : entity["end"]] == entity["text"]
            assert entity["start"] >= previous_end  # in order, no overlap
            rebuilt += [line[previous_end : entity["start"]], PLACEHOLDERS[entity["label"]]]
            previous_end = entity["end"]
        assert "".join([*rebuilt, line[previous_end:]]) == result["text"]
    assert results[0]["text"] == "Mme [NOM], née le [DATE_NAISSANCE], tél [TÉLÉPHONE]."
    assert results[0]["entities"][0] == {"start": 4, "end": 16, "label": "NOM", "text": "Josiane Roux"}
    assert results[1] == {"text": "", "entities": []}
    assert results[2] == {"text": "Rien à cacher ici.", "entities": []}
    assert [entity["label"] for entity in results[3]["entities"]] == ["NIR", "EMAIL"]


def test_the_command_reads_standard_input():
    assert _run("-", stdin="Appeler Fatou au 0612345678\r\n") == [
        {
            "text": "Appeler [NOM] au [TÉLÉPHONE]",
            "entities": [
                {"start": 8, "end": 13, "label": "NOM", "text": "Fatou"},
                {"start": 17, "end": 27, "label": "TELEPHONE", "text": "0612345678"},
            ],
        }
    ]


@pytest.mark.django_db
def test_the_command_adds_the_names_known_in_the_organisation(tmp_path):
    from tests.factories import OrganisationFactory, PersonFactory

    organisation = OrganisationFactory(slug="asso-noms", kind="association")
    PersonFactory(organisation=organisation, first_name="Zorglub", last_name="Qwertz")
    path = tmp_path / "t.txt"
    path.write_text("Passage de Qwertz à la permanence.\n", encoding="utf-8")
    assert _run(str(path))[0]["entities"] == []
    assert _run(str(path), "--organisation", "asso-noms")[0]["text"] == "Passage de [NOM] à la permanence."


@pytest.mark.django_db
def test_the_command_refuses_what_it_cannot_read(tmp_path):
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Hélène".encode("latin-1"))
    with pytest.raises(CommandError, match="UTF-8"):
        _run(str(bad))
    with pytest.raises(CommandError, match="introuvable"):
        _run(str(tmp_path / "absent.txt"))
    good = tmp_path / "ok.txt"
    good.write_text("ok\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Organisation inconnue"):
        _run(str(good), "--organisation", "nulle-part")
