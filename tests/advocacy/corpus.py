"""The annotated French test set of the pseudonymiser.

One sentence or passage per line of ``data/pseudonymisation_fr.txt`` (and of the two held-out
sets beside it, ``SETS``); blank lines and lines
starting with ``#`` are comments. Entities are marked inline as ``[[LABEL:text]]``;
:func:`load` gives each line as an :class:`Example`: the text without the markup, and the
entities as ``(start, end, label)`` character offsets into that text (end excluded).
"""

import re
from dataclasses import dataclass
from pathlib import Path

LABELS = frozenset({"NOM", "LIEU", "ADRESSE", "TELEPHONE", "EMAIL", "DATE_NAISSANCE", "NIR"})
DATA = Path(__file__).parent / "data"
DEFAULT_PATH = DATA / "pseudonymisation_fr.txt"
# Written apart from the first set; the second written before the rules it measures were changed.
HOLDOUT = DATA / "pseudonymisation_fr_holdout.txt"
HOLDOUT2 = DATA / "pseudonymisation_fr_holdout2.txt"
SETS = {"tuned": DEFAULT_PATH, "holdout": HOLDOUT, "holdout2": HOLDOUT2}

OPEN = "[["
CLOSE = "]]"
_LABEL = re.compile(r"([^:\[\]\s]*):")


@dataclass(frozen=True)
class Example:
    text: str
    entities: tuple[tuple[int, int, str], ...]


def parse(line: str, number: int = 1) -> Example:
    """One annotated line → its example; ValueError naming ``number`` if the markup is malformed."""
    parts: list[str] = []
    entities: list[tuple[int, int, str]] = []
    length = 0
    position = 0
    while True:
        start = line.find(OPEN, position)
        stray = line.find(CLOSE, position)
        if stray != -1 and (start == -1 or stray < start):
            raise ValueError(f"line {number}: '{CLOSE}' without '{OPEN}' at column {stray + 1}")
        if start == -1:
            parts.append(line[position:])
            break
        parts.append(line[position:start])
        length += start - position
        label_match = _LABEL.match(line, start + len(OPEN))
        if label_match is None:
            raise ValueError(f"line {number}: '{OPEN}' without a label at column {start + 1}")
        label = label_match.group(1)
        if label not in LABELS:
            raise ValueError(f"line {number}: unknown label {label!r} at column {start + 1}")
        end = line.find(CLOSE, label_match.end())
        if end == -1:
            raise ValueError(f"line {number}: unclosed '{OPEN}{label}:' at column {start + 1}")
        inner = line[label_match.end() : end]
        if OPEN in inner:
            raise ValueError(f"line {number}: nested markup in '{OPEN}{label}:' at column {start + 1}")
        if not inner:
            raise ValueError(f"line {number}: empty '{OPEN}{label}:' at column {start + 1}")
        entities.append((length, length + len(inner), label))
        parts.append(inner)
        length += len(inner)
        position = end + len(CLOSE)
    return Example(text="".join(parts), entities=tuple(sorted(entities)))


def load(path: Path | str | None = None) -> list[Example]:
    """The examples of the data file (by default the one next to this module), in file order."""
    examples = []
    lines = Path(path or DEFAULT_PATH).read_text(encoding="utf-8").splitlines()
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        examples.append(parse(line, number))
    return examples
