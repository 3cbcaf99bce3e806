import pytest

from lien.lib.identifiers import find_identifiers, mask


@pytest.mark.parametrize(
    ("text", "kind", "found"),
    [
        ("appelez-moi au 06 12 34 56 78 demain", "phone", "06 12 34 56 78"),
        ("mon numéro : 06.12.34.56.78", "phone", "06.12.34.56.78"),
        ("le +33 6 12 34 56 78 de ma fille", "phone", "+33 6 12 34 56 78"),
        ("fixe 0468201142.", "phone", "0468201142"),
        ("écrivez à jo.martin@example.org !", "email", "jo.martin@example.org"),
        ("ma carte : 1 85 05 78 006 084 91", "nir", "1 85 05 78 006 084 91"),
        ("NIR 185057800608491 sur la carte", "nir", "185057800608491"),
        ("numéro 2 90 12 2A 004 123 67", "nir", "2 90 12 2A 004 123 67"),
        ("j'ai vu Mme Dupont hier", "name", "Dupont"),
        ("le Dr Blaes m'a reçu", "name", "Blaes"),
        ("et madame Le Gall aussi", "name", "Le Gall"),
    ],
)
def test_it_finds_what_may_identify_someone(text, kind, found):
    assert [(finding.kind, finding.text) for finding in find_identifiers(text)] == [(kind, found)]


def test_it_finds_the_persons_own_names_without_accents_or_case():
    findings = find_identifiers("helene est venue avec ÉLUARD", names=["Hélène", "Éluard"])
    assert [finding.text for finding in findings] == ["helene", "ÉLUARD"]


@pytest.mark.parametrize(
    "text",
    [
        "Le médecin de Quillan est parti à la retraite en 2023.",
        "Trois mois d'attente, 45 minutes de route, 12 € de reste à charge.",
        "Rendez-vous le 12/03/2024 à 14 h 30.",
        "Il me Donne",  # a capital in a sentence is not a name without a title
        "ma carte : 1 85 05 78 006 084 36",  # a NIR's shape with a wrong key is not one
    ],
)
def test_it_leaves_ordinary_testimonies_alone(text):
    assert find_identifiers(text, names=["Jo"]) == []


def test_it_masks_every_finding():
    text = "Mme Dupont m'a donné le 06 12 34 56 78 ; Hélène aussi."
    assert mask(text, names=["Helene"]) == "Mme [NOM] m'a donné le [TÉLÉPHONE] ; [NOM] aussi."
