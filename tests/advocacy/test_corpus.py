"""The annotated test set of the pseudonymiser: its parser, and the shape of the data itself."""

import re
from collections import Counter

import pytest

from lien.lib.nir import is_valid
from tests.advocacy.corpus import DEFAULT_PATH, HOLDOUT2, LABELS, SETS, Example, load, parse

MINIMUM_PER_LABEL = {
    "NOM": 250,
    "LIEU": 40,
    "ADRESSE": 40,
    "TELEPHONE": 40,
    "EMAIL": 30,
    "DATE_NAISSANCE": 30,
    "NIR": 30,
}

# A NIR-shaped number written in clear: 13 characters and a key, spaced or not.
NIR_SHAPED = re.compile(r"(?<![\w])[12378](?:[ .\-]?[0-9AB]){12}[ .\-]?\d{2}(?![\w])")


@pytest.fixture(scope="module")
def examples():
    return load()


def _entities(examples):
    for example in examples:
        for start, end, label in example.entities:
            yield example, example.text[start:end], label


def test_the_labels_are_the_seven_of_the_contract():
    assert set(MINIMUM_PER_LABEL) == LABELS


def test_it_has_enough_examples(examples):
    assert len(examples) >= 340


def test_it_uses_only_the_seven_labels(examples):
    assert {label for _, _, label in _entities(examples)} <= LABELS


def test_each_label_appears_often_enough(examples):
    counts = Counter(label for _, _, label in _entities(examples))
    assert {label: counts[label] for label in LABELS if counts[label] < MINIMUM_PER_LABEL[label]} == {}


def test_entities_are_sorted_and_do_not_overlap(examples):
    for example in examples:
        assert list(example.entities) == sorted(example.entities), example.text
        for (_, end, _), (start, _, _) in zip(example.entities, example.entities[1:], strict=False):
            assert end <= start, example.text


def test_entity_offsets_lie_inside_the_text(examples):
    for example in examples:
        for start, end, _ in example.entities:
            assert 0 <= start < end <= len(example.text), example.text


def test_entities_have_no_leading_or_trailing_space(examples):
    bad = [text for _, text, _ in _entities(examples) if text != text.strip()]
    assert bad == []


def test_every_annotated_nir_is_valid(examples):
    bad = [text for _, text, label in _entities(examples) if label == "NIR" and not is_valid(text)]
    assert bad == []


def test_nir_shaped_numbers_left_in_clear_are_not_valid(examples):
    """The negatives: a number shaped like a NIR but with a wrong key is not annotated (at least 10)."""
    clear = []
    for example in examples:
        masked = list(example.text)
        for start, end, _ in example.entities:
            masked[start:end] = " " * (end - start)
        clear += NIR_SHAPED.findall("".join(masked))
    assert [number for number in clear if is_valid(number)] == []
    assert len(clear) >= 10


def test_it_has_enough_lines_without_any_entity(examples):
    assert sum(1 for example in examples if not example.entities) >= 60


def test_no_markup_is_left_in_the_texts(examples):
    assert [example.text for example in examples if "[[" in example.text or "]]" in example.text] == []


def test_it_reads_a_line_with_several_entities():
    example = parse("Mme [[NOM:Josiane Roux]] est venue à la permanence avec [[NOM:Karim]] du CCAS.")
    assert example == Example(
        text="Mme Josiane Roux est venue à la permanence avec Karim du CCAS.",
        entities=((4, 16, "NOM"), (48, 53, "NOM")),
    )
    assert [example.text[start:end] for start, end, _ in example.entities] == ["Josiane Roux", "Karim"]


def test_it_reads_entities_with_colons_and_punctuation_inside():
    example = parse("écrire à [[EMAIL:j.roux@orange.fr]]. DDN : [[DATE_NAISSANCE:12/03/1985]]")
    assert example.text == "écrire à j.roux@orange.fr. DDN : 12/03/1985"
    assert example.entities == ((9, 25, "EMAIL"), (33, 43, "DATE_NAISSANCE"))


def test_it_reads_a_line_without_entity_and_an_entity_at_both_ends():
    assert parse("Elle a apporté une rose pour la marchande.") == Example(
        "Elle a apporté une rose pour la marchande.", ()
    )
    example = parse("[[NOM:Rose]] et [[NOM:Pierre]]")
    assert example == Example("Rose et Pierre", ((0, 4, "NOM"), (8, 14, "NOM")))


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("Mme [[PERSONNE:Roux]] est venue.", "unknown label"),
        ("Mme [[nom:Roux]] est venue.", "unknown label"),
        ("Mme [[NOM:Roux est venue.", "unclosed"),
        ("Mme [[NOM:Josiane [[NOM:Roux]]]] est venue.", "nested"),
        ("Mme [[Roux]] est venue.", "without a label"),
        ("Mme Roux]] est venue.", "without"),
        ("Mme [[NOM:]] est venue.", "empty"),
    ],
)
def test_it_refuses_malformed_markup_naming_the_line(line, message):
    with pytest.raises(ValueError, match=rf"line 7: .*{message}"):
        parse(line, 7)


def test_load_names_the_line_of_the_file(tmp_path):
    path = tmp_path / "corpus.txt"
    path.write_text(
        "# commentaire\n\nMme [[NOM:Roux]] est venue.\nM. [[NOM:Martin est parti.\n", encoding="utf-8"
    )
    with pytest.raises(ValueError, match=r"line 4: "):
        load(path)


def test_load_skips_comments_and_blank_lines(tmp_path):
    path = tmp_path / "corpus.txt"
    path.write_text("# [[NOM:pas lu\n   \nMme [[NOM:Roux]] est venue.\n  # non plus\n", encoding="utf-8")
    assert load(path) == [Example("Mme Roux est venue.", ((4, 8, "NOM"),))]


# The held-out sets: the same shape, checked the same way (their sizes are their own).
@pytest.mark.parametrize("name", ["holdout", "holdout2"])
def test_the_held_out_sets_are_well_formed(name):
    examples = load(SETS[name])
    for example in examples:
        assert list(example.entities) == sorted(example.entities), example.text
        for (_, end, _), (start, _, _) in zip(example.entities, example.entities[1:], strict=False):
            assert end <= start, example.text
        assert "[[" not in example.text and "]]" not in example.text, example.text
    entities = list(_entities(examples))
    assert [text for _, text, _ in entities if text != text.strip()] == []
    assert [text for _, text, label in entities if label == "NIR" and not is_valid(text)] == []
    clear = []
    for example in examples:
        masked = list(example.text)
        for start, end, _ in example.entities:
            masked[start:end] = " " * (end - start)
        clear += NIR_SHAPED.findall("".join(masked))
    assert [number for number in clear if is_valid(number)] == []


def test_the_second_held_out_set_is_large_and_varied():
    examples = load(HOLDOUT2)
    counts = Counter(label for _, _, label in _entities(examples))
    assert len(examples) >= 250
    assert sum(1 for example in examples if not example.entities) >= 40
    assert counts["NOM"] >= 250 and all(counts[label] >= 20 for label in LABELS), counts
    assert any(
        "2A" in text or "2B" in text.upper() for _, text, label in _entities(examples) if label == "NIR"
    )


def test_the_default_path_is_the_data_file_next_to_the_parser():
    assert DEFAULT_PATH.is_file()
    assert load() == load(DEFAULT_PATH)
