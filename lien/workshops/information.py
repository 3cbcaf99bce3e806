"""What a person is told before consenting to take part in a workshop programme, by version (as
``partners/information.py`` does): a registration records the version read out, so a new wording
is a new version and the old ones stay."""

CURRENT_WORKSHOP_INFORMATION_VERSION = "etp-2026-01"

WORKSHOP_INFORMATION_TEXTS: dict[str, str] = {
    "etp-2026-01": (
        "Les ateliers d'éducation thérapeutique réunissent quelques personnes qui vivent avec la "
        "même maladie, avec un·e professionnel·le et un·e patient·e partenaire, pour apprendre à "
        "vivre au quotidien avec elle.\n\n"
        "Votre participation est libre : vous pouvez arrêter à tout moment, sans conséquence sur "
        "votre suivi.\n\n"
        "L'équipe garde votre inscription et votre présence à chaque séance. Les patient·es "
        "partenaires qui animent les séances savent combien de personnes sont inscrites, jamais "
        "qui. Aucune information sur votre santé n'est notée.\n\n"
        "Si vous arrêtez, votre nom est retiré du programme ; les séances passées ne sont plus "
        "comptées qu'en nombre, sans votre nom."
    ),
}

WORKSHOP_INFORMATION_VERSIONS = list(WORKSHOP_INFORMATION_TEXTS)
