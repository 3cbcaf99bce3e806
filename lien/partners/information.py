"""What a patient is told before consenting to be put in touch with a patient partner, by
version (as ``people/consent.py`` does for the file): a consent records the version shown, so a
new wording is a new version and the old ones stay."""

CURRENT_PARTNER_INFORMATION_VERSION = "pp-2026-01"

PARTNER_INFORMATION_TEXTS: dict[str, str] = {
    "pp-2026-01": (
        "Un·e patient·e partenaire est une personne qui a vécu la maladie et qui a été formée pour "
        "accompagner d'autres patient·es. Ce n'est ni un·e professionnel·le de santé, ni votre "
        "personne de confiance : il ou elle ne prend aucune décision avec vous ou pour vous.\n\n"
        "C'est vous qui décidez de prendre contact, ou non. Rien ne vous est imposé et refuser n'a "
        "aucune conséquence sur votre suivi.\n\n"
        "Si vous acceptez, le ou la patient·e partenaire que vous choisissez voit seulement votre "
        "prénom, le moyen de vous joindre et les dates de l'accompagnement. Il ou elle ne voit "
        "rien d'autre de votre fiche : ni votre santé, ni votre situation. L'équipe ne lui transmet "
        "aucune information sur vous.\n\n"
        "Vous pouvez arrêter à tout moment : il ou elle n'a alors plus accès à ces informations."
    ),
}

PARTNER_INFORMATION_VERSIONS = list(PARTNER_INFORMATION_TEXTS)

DEFAULT_SCOPE = (
    "Être mis·e en relation avec un·e patient·e partenaire, qui voit mon prénom, le moyen de me "
    "joindre et les dates de l'accompagnement."
)
