"""What the figures of a programme count: one definition each, used by the activity report (page,
PDF, spreadsheet, API) and by the statistics of the organisations (``shell.selectors``), and the
glossary that says them to the reader.

**Personnes accompagnées** over a period: the people with a file in the programme (the
organisation or one below it) who had at least one contact with the team in the period — every
record that says the team met or reached them, as the follow-up's sources register it
(``followup.sections.contact_source``: a reached call or interview, a contact at an outreach
session, a needs assessment, a procedure started, an orientation, an attended appointment, an
accompaniment, a prevention advice, a rapid test, a goal agreed). Anonymous contacts are counted
apart: they have no file. Anonymised files still count (the figures outlive a consent withdrawal).
"""

from datetime import date, timedelta

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from lien.followup.models import ContactDay
from lien.people.models import Person, PersonQuerySet


def contact_in(start: date, end: date, *, before: bool = False) -> Q:
    """A person (the outer row) had a contact between ``start`` and ``end``, or with ``before``,
    before ``start``: one indexed probe of the days of contact, which every source keeps
    (``followup.contact_days``)."""
    window = {"day__lt": start} if before else {"day__range": (start, end)}
    return Q(Exists(ContactDay.objects.filter(person_id=OuterRef("pk"), **window)))


def people_accompanied(organisation_ids: set[int], start: date, end: date) -> PersonQuerySet:
    """The people accompanied by these organisations over the period."""
    return Person.objects.filter(organisation_id__in=organisation_ids).filter(contact_in(start, end))


def new_condition(start: date) -> Q:
    """Accompanied for the first time: no contact before the period."""
    return ~contact_in(start, start, before=True)


def people_accompanied_count(
    organisation: OuterRef, start: date, end: date, *, new: bool = False
) -> Coalesce:
    """The number of people accompanied by one organisation (``OuterRef("pk")`` of an
    organisation queryset) over the period, as an annotation: one subquery, no query per row.
    With ``new``, those accompanied for the first time."""
    people = Person.objects.filter(organisation_id=organisation).filter(contact_in(start, end))
    if new:
        people = people.filter(new_condition(start))
    counted = people.order_by().values("organisation_id").annotate(n=Count("id")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def rolling_year(today: date) -> tuple[date, date]:
    """The twelve months up to ``today``: what « personnes accompagnées » counts outside a report."""
    return shifted_back(today, years=1) + timedelta(days=1), today


def shifted_back(day: date, *, years: int = 1) -> date:
    """The same day ``years`` earlier; 29 February becomes the 28th."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def previous_period(start: date, end: date) -> tuple[date, date]:
    """The same period one year earlier: what each figure of the report is compared with."""
    return shifted_back(start), shifted_back(end)


def glossary() -> list[tuple[str, str]]:
    """Each figure of the report and what it counts, in the reader's language."""
    return [
        (
            str(_("Personnes accompagnées")),
            str(
                _(
                    "Personnes ayant une fiche dans le programme (ou une structure qui lui est "
                    "rattachée) et au moins un contact avec l'équipe sur la période : entretien ou "
                    "appel abouti, rencontre lors d'une sortie, évaluation des besoins, démarche "
                    "d'accès aux droits commencée, orientation, rendez-vous honoré, accompagnement "
                    "physique, conseil de prévention, test rapide ou objectif convenu. Chaque personne "
                    "compte une fois, quel que soit le nombre de contacts. La même définition sert "
                    "sur toutes les pages de Lien."
                )
            ),
        ),
        (
            str(_("Nouvelles personnes")),
            str(_("Personnes accompagnées sur la période sans aucun contact enregistré auparavant.")),
        ),
        (
            str(_("Suivis en cours")),
            str(
                _(
                    "Dossiers de suivi ouverts à un moment de la période (commencés avant sa fin, "
                    "non clos avant son début)."
                )
            ),
        ),
        (
            str(_("Contacts anonymes")),
            str(
                _(
                    "Personnes rencontrées lors des sorties d'aller-vers sans fiche (comptées, non "
                    "identifiées) : elles ne font pas partie des personnes accompagnées."
                )
            ),
        ),
        (
            str(_("Temps bénévole")),
            str(
                _(
                    "Somme des heures de bénévolat enregistrées sur les sorties d'aller-vers de la "
                    "période, toutes les personnes bénévoles de chaque sortie ensemble. Seules les "
                    "sorties dont le temps est renseigné comptent : leur nombre est indiqué à côté."
                )
            ),
        ),
        (
            str(_("Adressages des médecins")),
            str(
                _(
                    "Patient·es adressé·es à la médiation par les médecins du centre de santé, selon "
                    "la date de l'adressage sur la période ; leur suite est celle du jour où le rapport "
                    "est produit. Médecins ayant adressé : personnes distinctes à l'origine d'au moins "
                    "un adressage de la période."
                )
            ),
        ),
        (
            str(_("Âge, genre, orientée par")),
            str(
                _(
                    "Tels qu'enregistrés dans la fiche. L'âge est la différence entre l'année de fin "
                    "de la période et l'année de naissance (la date de naissance n'est pas conservée). "
                    "« Non renseigné » : l'information manque dans la fiche."
                )
            ),
        ),
        (
            str(_("Communes atteintes")),
            str(
                _(
                    "Communes de résidence distinctes des personnes accompagnées et des contacts "
                    "d'aller-vers de la période."
                )
            ),
        ),
        (
            str(_("Communes du territoire")),
            str(
                _(
                    "Les communes que le programme a déclarées comme son territoire (page « Territoire "
                    "du programme »). Tant qu'il n'en a déclaré aucune : l'ensemble des communes des "
                    "départements où résident les personnes et les contacts enregistrés par le "
                    "programme (référentiel INSEE des communes). Une commune atteinte hors du "
                    "territoire est comptée à part."
                )
            ),
        ),
        (
            str(_("Part (%)")),
            str(
                _(
                    "Arrondie à l'unité la plus proche. Les parts d'une même répartition sont arrondies "
                    "par la méthode du plus fort reste : leur somme fait toujours 100 %. Un taux seul "
                    "(orientations abouties, rendez-vous honorés) est arrondi au plus proche."
                )
            ),
        ),
        (
            str(_("Un an plus tôt, évolution")),
            str(
                _(
                    "Le même chiffre sur la même période de l'année précédente, et sa variation en "
                    "pourcentage (« = » : inchangé ; « +3 » : 3 de plus quand l'année précédente n'en "
                    "comptait aucun)."
                )
            ),
        ),
        (
            str(_("Orientations abouties")),
            str(
                _(
                    "Orientations où la personne s'est rendue à la structure, rapportées aux "
                    "orientations dont la réussite ou l'échec est connu (celles dont la suite est "
                    "encore attendue ne comptent pas)."
                )
            ),
        ),
        (
            str(_("Rendez-vous honorés")),
            str(
                _(
                    "Rendez-vous passés où la personne est venue, rapportés aux rendez-vous "
                    "honorés ou manqués."
                )
            ),
        ),
        (
            str(_("Kilomètres parcourus")),
            str(_("Somme des distances enregistrées sur les accompagnements physiques de la période.")),
        ),
        (
            str(_("Rencontres partenaires")),
            str(
                _(
                    "Rencontres avec des acteurs locaux enregistrées dans le fichier partenaires de "
                    "l'annuaire, et structures distinctes rencontrées."
                )
            ),
        ),
        (
            str(_("Score EPICES")),
            str(
                _(
                    "Score de précarité (0 à 100) calculé sur les 11 questions EPICES, pour la dernière "
                    "évaluation complète de chaque personne sur la période ; la précarité commence à "
                    "30,17."
                )
            ),
        ),
        (
            str(_("Droits obtenus")),
            str(
                _(
                    "Démarches d'accès aux droits ayant reçu une décision favorable sur la période. "
                    "Ouverture d'une couverture : PUMa ou AME accordée à une personne qui n'en avait "
                    "pas (hors renouvellement) ; les renouvellements sont comptés à part ; médecin "
                    "traitant : déclaration enregistrée."
                )
            ),
        ),
        (
            str(_("Lien vers le soin")),
            str(_("Tests rapides réactifs dont la personne a été reçue par une structure de soins.")),
        ),
    ]
