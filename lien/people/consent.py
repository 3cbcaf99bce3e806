"""The information given to a person before their file is kept, by version.

A consent records which version was shown: when the wording changes, add a version here and
keep the old ones, so that every recorded consent still says what the person was told.
"""

CURRENT_INFORMATION_VERSION = "2026-01"

INFORMATION_TEXTS: dict[str, str] = {
    "2026-01": (
        "Pour vous accompagner dans l'accès à vos droits, à la prévention et aux soins, notre "
        "équipe de médiation en santé vous propose de garder une fiche à votre nom.\n\n"
        "Ce que contient la fiche : votre prénom ou un pseudonyme (le nom n'est pas obligatoire), "
        "votre année de naissance, votre commune, le moyen de vous joindre, votre couverture "
        "santé, les démarches que nous faisons ensemble et les difficultés que vous rencontrez "
        "pour vous soigner.\n\n"
        "Qui la voit : seulement l'équipe de médiation de notre structure. Les bénévoles ne voient "
        "pas les informations de santé. Chaque consultation de la fiche est enregistrée. Rien "
        "n'est transmis à un partenaire (CPAM, hôpital, service social) sans votre accord, donné "
        "pour cela.\n\n"
        "À quoi elle sert : vous accompagner, vous rappeler les dates importantes (renouvellement "
        "de l'AME ou de la C2S) et compter, sans vos nom et prénom, les personnes accompagnées "
        "pour rendre compte de notre action et défendre l'accès aux soins.\n\n"
        "Vos droits : vous pouvez demander à voir votre fiche, la corriger, ou retirer votre "
        "accord à tout moment, oralement ou par écrit. La fiche est alors anonymisée : votre nom, "
        "votre téléphone et votre adresse sont effacés ; seuls des chiffres anonymes sont gardés.\n\n"
        "Accepter ou refuser n'a aucune conséquence sur l'aide que nous vous apportons."
    ),
}

INFORMATION_VERSIONS = list(INFORMATION_TEXTS)
