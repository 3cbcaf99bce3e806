"""The address block of a letter (NF Z10-011): six lines of 38 characters at most, the postal code
and the town last in capitals, a foreign country below them, nothing made up when incomplete."""

import pytest

from lien.letters.address import (
    LINE_LENGTH,
    MAX_LINES,
    AddressBlock,
    PostalAddress,
    address_block,
    postal_form,
    salutation,
)

MARTINE = PostalAddress(
    civility="Madame",
    first_name="Martine",
    last_name="Dufour",
    street="3 rue Jean Jaurès",
    postal_code="59600",
    town="Maubeuge",
)


def _fits(block: AddressBlock) -> bool:
    return len(block.lines) <= MAX_LINES and all(0 < len(line) <= LINE_LENGTH for line in block.lines)


def test_it_prints_the_name_the_street_then_the_postal_code_and_town_in_capitals():
    block = address_block(MARTINE)
    assert block.lines == ("Madame Martine DUFOUR", "3 rue Jean Jaurès", "59600 MAUBEUGE")
    assert block.complete and block.printed == block.lines and not block.shortened


def test_it_puts_every_line_in_the_order_of_la_poste_and_drops_the_empty_ones():
    full = PostalAddress(
        civility="Monsieur",
        first_name="Kévin",
        last_name="Delcourt",
        recipient="Chez Mme Nadine Delcourt",
        building="Résidence Villars bâtiment B",
        street="27 avenue de France",
        locality="BP 12",
        postal_code="59600",
        town="Maubeuge",
    )
    assert address_block(full).lines == (
        "Monsieur Kévin DELCOURT",
        "Chez Mme Nadine Delcourt",
        "Résidence Villars bâtiment B",
        "27 avenue de France",
        "BP 12",
        "59600 MAUBEUGE",
    )
    without_complements = PostalAddress(
        first_name="Kévin", street="27 avenue de France", postal_code="59600", town="Maubeuge"
    )
    assert address_block(without_complements).lines == ("Kévin", "27 avenue de France", "59600 MAUBEUGE")


def test_it_writes_the_town_without_accents_nor_punctuation():
    block = address_block(
        PostalAddress(first_name="Léa", street="1 place de l'Église", postal_code="95290", town="L'Isle-Adam")
    )
    assert block.lines[-1] == "95290 L ISLE ADAM"
    assert postal_form("Saint-Étienne-du-Rouvray") == "SAINT ETIENNE DU ROUVRAY"
    assert postal_form("Œuilly") == "OEUILLY"


def test_it_abbreviates_then_cuts_a_town_too_long_for_the_last_line_as_la_poste_does():
    block = address_block(
        PostalAddress(
            first_name="Léa",
            street="2 rue Haute",
            postal_code="51290",
            town="Saint-Remy-en-Bouzemont-Saint-Genest-et-Isson",
        )
    )
    assert block.lines[-1] == "51290 ST REMY EN BOUZEMONT ST GENEST"
    assert block.shortened and _fits(block)


def test_it_shortens_a_long_name_step_by_step_and_never_passes_38_characters():
    def name_line(civility: str, first_name: str, last_name: str) -> str:
        address = PostalAddress(civility=civility, first_name=first_name, last_name=last_name)
        return address_block(address).lines[0]

    assert name_line("Madame", "Anne-Sophie", "Martin-Lefebvre") == "Madame Anne-Sophie MARTIN-LEFEBVRE"
    assert (
        name_line("Madame", "Anne-Sophie", "Martin-Lefebvre-Duval") == "Mme Anne-Sophie MARTIN-LEFEBVRE-DUVAL"
    )
    assert name_line("Monsieur", "Jean-Christophe", "Martin-Lefebvre-Duval") == "M. J. MARTIN-LEFEBVRE-DUVAL"
    assert (
        name_line("Madame", "Marie", "de La Tour d'Auvergne-Lauraguais")
        == "Mme DE LA TOUR D'AUVERGNE-LAURAGUAIS"
    )
    cut = name_line("Madame", "Marie", "de La Tour d'Auvergne-Lauraguais-Bouillon")
    assert cut == "Mme DE LA TOUR D'AUVERGNE-LAURAGUAIS" and len(cut) <= LINE_LENGTH


def test_it_abbreviates_a_street_line_that_does_not_fit_with_the_words_of_la_poste():
    block = address_block(
        PostalAddress(
            first_name="Léa",
            street="128 boulevard du Maréchal de Lattre de Tassigny",
            postal_code="59600",
            town="Maubeuge",
        )
    )
    assert block.lines[1] == "128 BD DU MAL DE LATTRE DE TASSIGNY"
    assert block.shortened and _fits(block)


def test_it_cuts_between_words_what_no_abbreviation_saves():
    block = address_block(
        PostalAddress(
            first_name="Léa",
            street="7 rue des Anciens Combattants d'Afrique du Nord et d'Indochine",
            postal_code="59600",
            town="Maubeuge",
        )
    )
    assert block.lines[1] == "7 RUE DES ANCIENS COMBATTANTS"  # not « … D »: no dangling word
    assert _fits(block)


@pytest.mark.parametrize("length", [1, 37, 38, 39, 60, 200])
def test_no_line_ever_passes_38_characters_nor_the_block_six_lines(length):
    text = ("Résidence " * 30)[:length]
    block = address_block(
        PostalAddress(
            civility="Monsieur",
            first_name="A" * length,
            last_name="B" * length,
            recipient=text,
            building=text,
            street=text,
            locality=text,
            postal_code="59600",
            town="C" * length,
            country="Belgique" if length % 2 else "",
        )
    )
    assert _fits(block)


def test_a_foreign_country_is_the_last_line_in_capitals():
    block = address_block(
        PostalAddress(
            civility="Madame",
            first_name="Anne",
            last_name="Peeters",
            street="Rue de la Loi 16",
            postal_code="1000",
            town="Bruxelles",
            country="Belgique",
        )
    )
    assert block.lines == ("Madame Anne PEETERS", "Rue de la Loi 16", "1000 BRUXELLES", "BELGIQUE")
    assert block.complete


def test_france_is_never_printed():
    for country in ["", "France", "FRANCE", "france métropolitaine"]:
        assert (
            address_block(PostalAddress(**{**MARTINE.__dict__, "country": country})).lines[-1]
            == "59600 MAUBEUGE"
        )


def test_abroad_two_complements_share_a_line_so_that_the_block_keeps_six_lines():
    block = address_block(
        PostalAddress(
            first_name="Anne",
            last_name="Peeters",
            recipient="Chez M. Janssens",
            building="Résidence Europa",
            street="Rue de la Loi 16",
            locality="BP 1040",
            postal_code="1000",
            town="Bruxelles",
            country="Belgique",
        )
    )
    assert block.lines == (
        "Anne PEETERS",
        "Chez M. Janssens Résidence Europa",
        "Rue de la Loi 16",
        "BP 1040",
        "1000 BRUXELLES",
        "BELGIQUE",
    )


def test_without_a_street_the_block_is_incomplete_and_prints_the_name_alone():
    block = address_block(
        PostalAddress(
            civility="Madame", first_name="Martine", last_name="Dufour", postal_code="59600", town="Maubeuge"
        )
    )
    assert not block.complete
    assert block.missing == ("le numéro et la voie (ou le lieu-dit)",)
    assert block.printed == ("Madame Martine DUFOUR",)  # never « 59600 MAUBEUGE » as if it were an address


def test_a_lieu_dit_or_a_post_office_box_is_an_address_without_a_street():
    block = address_block(
        PostalAddress(first_name="Paul", locality="Lieu-dit Les Granges", postal_code="11500", town="Quillan")
    )
    assert block.complete and block.lines == ("Paul", "Lieu-dit Les Granges", "11500 QUILLAN")


def test_it_says_everything_that_is_missing():
    assert address_block(PostalAddress(first_name="Paul")).missing == (
        "le numéro et la voie (ou le lieu-dit)",
        "le code postal",
        "la commune",
    )
    abroad = address_block(PostalAddress(first_name="Paul", street="Rue de la Loi 16", country="Belgique"))
    assert abroad.missing == ("le code postal", "la ville")


@pytest.mark.parametrize(
    ("civility", "last_name", "expected"),
    [
        ("Madame", "Dupont", "Madame Dupont"),
        ("Monsieur", "Martin", "Monsieur Martin"),
        ("Monsieur", "LE GALL", "Monsieur Le Gall"),
        ("Madame", "", "Madame"),
        ("", "Dupont", "Madame, Monsieur"),
        ("", "", "Madame, Monsieur"),
    ],
)
def test_the_greeting_uses_the_civility_and_the_name_when_known(civility, last_name, expected):
    assert salutation(civility, last_name) == expected
