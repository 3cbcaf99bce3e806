"""The demo's advocacy dossier: the haute vallée's mediator gathers testimonies the people opened
to advocacy — one reviewed, one waiting for its review — and a masked table, for the ARS."""

from datetime import date, timedelta

from lien.accounts.models import Organisation, User
from lien.advocacy.enums import Source
from lien.advocacy.models import Dossier
from lien.advocacy.services import dossier_create, excerpt_add, excerpt_review, figure_add
from lien.opendata.models import PublicPage
from lien.opendata.public import public_figure_add, public_page_set
from lien.participation.models import Testimony

MEDIATOR = "amina.ould@mdm-hva.example"
TITLE = "Se soigner dans la haute vallée de l'Aude"


def demo_advocacy_load(
    *, organisations: dict[str, Organisation], users: dict[str, User], today: date
) -> None:
    organisation = organisations["mdm-haute-vallee-aude"]
    mediator = users[MEDIATOR]
    _public_page(organisation, mediator, today)
    if Dossier.objects.filter(organisation=organisation, title=TITLE).exists():
        return
    dossier = dossier_create(
        acting_user=mediator,
        organisation=organisation,
        title=TITLE,
        recipient="ARS Occitanie — délégation de l'Aude",
        introduction=(
            "Depuis un an, l'équipe va au-devant des habitants de la haute vallée. Les paroles qui "
            "suivent ont été recueillies avec l'accord des personnes, pseudonymisées et relues ; "
            "les chiffres masquent les effectifs trop petits pour ne désigner personne."
        ),
    )
    testimonies = list(
        Testimony.objects.filter(organisation=organisation, advocacy_use=True).order_by("collected_on", "pk")[
            :2
        ]
    )
    for index, testimony in enumerate(testimonies):
        excerpt = excerpt_add(
            acting_user=mediator, dossier=dossier, source=Source.TESTIMONY, testimony_id=testimony.pk
        )
        if index == 0:  # the second waits for its review: the PDF says so until it is done
            excerpt_review(acting_user=mediator, excerpt=excerpt, text=excerpt.proposal, confirm=True)
    figure_add(
        acting_user=mediator,
        dossier=dossier,
        title="Personnes accompagnées selon leur couverture maladie",
        start=today - timedelta(days=364),
        end=today,
        dimensions=["coverage"],
        threshold=5,
    )


def _public_page(organisation: Organisation, mediator: User, today: date) -> None:
    """The programme's public page of figures, online: /donnees-ouvertes/publique/<slug>/."""
    if PublicPage.objects.filter(organisation=organisation, enabled=True).exists():
        return
    public_page_set(
        acting_user=mediator,
        organisation=organisation,
        enabled=True,
        introduction=(
            "Médecins du Monde va au-devant des habitants de la haute vallée de l'Aude pour "
            "faciliter leur accès aux droits et aux soins. Voici, sur l'année écoulée, qui nous "
            "avons accompagné."
        ),
    )
    for title, dimensions in (
        ("Personnes accompagnées selon leur couverture maladie", ["coverage"]),
        ("Personnes accompagnées selon la tranche d'âge et le genre", ["age_band", "gender"]),
        ("Freins à l'accès aux soins rencontrés", ["barrier"]),
    ):
        public_figure_add(
            acting_user=mediator,
            organisation=organisation,
            title=title,
            dimensions=dimensions,
            months=12,
            threshold=5,
            today=today,
        )
