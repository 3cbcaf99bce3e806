"""Precision and recall of the pseudonymiser on the annotated sets, per label.

A found entity is right when it has the label and the exact span of an annotated one; the
figures are also given for « covered » (the annotated text is entirely inside entities of any
label: what matters for privacy — nothing of it is left in clear).

    python -m tests.advocacy.scores [--set tuned|holdout|holdout2] [-v]

``--holdout`` and ``--holdout2`` are short for ``--set holdout`` and ``--set holdout2``. The rules
were tuned on the first set, then on the first held-out set too; the second held-out set was
written before that round, and its misses (``-v``) are not read while tuning: its figures are
those of text the rules were not fitted to.
"""

import os
import sys
from collections import Counter
from dataclasses import dataclass

from lien.lib.pseudonymise import LABELS, pseudonymise_many
from tests.advocacy.corpus import HOLDOUT, HOLDOUT2, SETS, Example, load


@dataclass
class Scores:
    true_positives: Counter
    found: Counter
    expected: Counter
    covered: Counter
    misses: list
    extras: list

    def precision(self, label: str) -> float:
        return self.true_positives[label] / self.found[label] if self.found[label] else 1.0

    def recall(self, label: str) -> float:
        return self.true_positives[label] / self.expected[label] if self.expected[label] else 1.0

    def coverage(self, label: str) -> float:
        return self.covered[label] / self.expected[label] if self.expected[label] else 1.0

    def table(self) -> str:
        lines = [f"{'label':16} {'annotated':>9} {'found':>6} {'precision':>9} {'recall':>7} {'covered':>8}"]
        for label in LABELS:
            lines.append(
                f"{label:16} {self.expected[label]:9} {self.found[label]:6} "
                f"{self.precision(label):9.3f} {self.recall(label):7.3f} {self.coverage(label):8.3f}"
            )
        return "\n".join(lines)


def score(examples: list[Example] | None = None) -> Scores:
    examples = examples if examples is not None else load()
    results = pseudonymise_many([example.text for example in examples])
    tp: Counter[str] = Counter()
    found: Counter[str] = Counter()
    expected: Counter[str] = Counter()
    covered: Counter[str] = Counter()
    misses: list[tuple[str, str, str]] = []
    extras: list[tuple[str, str, str]] = []
    for example, result in zip(examples, results, strict=True):
        gold = set(example.entities)
        got = {(entity.start, entity.end, entity.label) for entity in result.entities}
        for start, end, label in gold:
            expected[label] += 1
            if (start, end, label) in got:
                tp[label] += 1
            else:
                misses.append((example.text, example.text[start:end], label))
            if all(
                any(s <= i < e for s, e, _ in got) for i in range(start, end) if not example.text[i].isspace()
            ):
                covered[label] += 1
        for start, end, label in got:
            found[label] += 1
            if (start, end, label) not in gold:
                extras.append((example.text, example.text[start:end], label))
    return Scores(tp, found, expected, covered, misses, extras)


__all__ = ["HOLDOUT", "HOLDOUT2", "SETS", "Scores", "chosen_set", "score"]


def chosen_set(argv: list[str]) -> str:
    """The name of the set the command line asks for (``tuned`` by default)."""
    if "--set" in argv:
        index = argv.index("--set") + 1
        if index >= len(argv) or argv[index] not in SETS:
            raise SystemExit(f"--set takes one of: {', '.join(SETS)}")
        return argv[index]
    for name in ("holdout2", "holdout"):
        if f"--{name}" in argv:
            return name
    return "tuned"


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lien.settings")
    django.setup()
    scores = score(load(SETS[chosen_set(sys.argv[1:])]))
    print(scores.table())
    if "-v" in sys.argv:
        for text, missed, label in scores.misses:
            print("MISS", label, repr(missed), "|", text)
        for text, extra, label in scores.extras:
            print("EXTRA", label, repr(extra), "|", text)
