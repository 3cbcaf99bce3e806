import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from lien.lib.text import search_key

# French accented letters and their plain forms; æ and œ are ligatures, not accented letters.
ACCENTED, PLAIN = "àâäçéèêëîïôöùûüÿñ", "aaaceeeeiioouuuyn"
FRENCH = st.text(alphabet="abcdefghijklmnopqrstuvwxyz" + ACCENTED + " -'’", max_size=40)


def test_it_reduces_a_french_name_to_its_plain_form():
    assert search_key("  Hélène   ÉLUARD-Saint’Jean ") == "helene eluard saint jean"


@given(st.text())
def test_it_is_idempotent(text):
    assert search_key(search_key(text)) == search_key(text)


@given(st.text())
def test_it_never_leaves_double_or_edge_spaces(text):
    key = search_key(text)
    assert "  " not in key
    assert key == key.strip()


@given(st.text())
def test_it_gives_the_same_key_to_composed_and_decomposed_text(text):
    assert search_key(unicodedata.normalize("NFD", text)) == search_key(unicodedata.normalize("NFC", text))


@given(FRENCH)
def test_it_ignores_case(text):
    assert search_key(text.upper()) == search_key(text) == search_key(text.title())


@given(FRENCH)
def test_it_ignores_accents(text):
    plain = text.translate(str.maketrans(ACCENTED, PLAIN))
    assert search_key(text) == search_key(plain)
