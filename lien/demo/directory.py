"""Demo directory: the structures a mediator of the Haute Vallée de l'Aude, of Bron and of the
Hainaut would use. Names of places are real, contact details (phones, e-mails, people) are
fictitious. Loaded through the data·inclusion importer, so it is idempotent."""

from datetime import date, timedelta

from lien.accounts.models import Organisation, User
from lien.demo.directory_data import BRON, HAINAUT, HVA
from lien.directory.enums import DifficultyKind, Visibility
from lien.directory.exchange.common import dumps_bytes
from lien.directory.exchange.datainclusion import import_datainclusion
from lien.directory.models import OrientationDifficulty, PartnerMeeting, PartnershipNote, Service, Structure
from lien.directory.services import (
    contact_save,
    difficulty_report,
    meeting_save,
    partnership_note_save,
    refresh_services_of,
)

LIEN_ONLY = ("key", "typology", "languages", "directions", "ame", "c2s")


def _document(entries, today: date) -> dict:
    structures, services = [], []
    for structure, offers in entries:
        record = {k: v for k, v in structure.items() if k not in LIEN_ONLY and v not in ("", None)}
        record |= {
            "source": "lien-demo",
            "id": f"lien-demo--{structure['key']}",
            "date_maj": today.isoformat(),
        }
        structures.append(record)
        for index, offer in enumerate(offers, start=1):
            service = {k: v for k, v in offer.items() if k not in LIEN_ONLY}
            service |= {
                "source": "lien-demo",
                "id": f"lien-demo--{structure['key']}--{index}",
                "structure_id": record["id"],
                "date_maj": today.isoformat(),
            }
            services.append(service)
    return {"structures": structures, "services": services}


def _lien_fields(organisation: Organisation, entries, *, published: bool) -> None:
    for structure_data, offers in entries:
        structure = Structure.objects.get(
            organisation=organisation, source_id=f"lien-demo--{structure_data['key']}"
        )
        structure.typology = structure_data["typology"]
        structure.languages = structure_data.get("languages", ["fr"])
        structure.access_directions = structure_data.get("directions", "")
        structure.visibility = Visibility.NETWORK if published else Visibility.PRIVATE
        structure.refresh_search_fields()
        structure.save()
        for index, offer in enumerate(offers, start=1):
            Service.objects.filter(
                organisation=organisation, source_id=f"lien-demo--{structure_data['key']}--{index}"
            ).update(accepts_ame=offer["ame"], accepts_c2s=offer["c2s"])
        refresh_services_of(structure)


def _partnership(
    organisation: Organisation,
    author: User,
    today: date,
    *,
    pass_key: str,
    cpam_key: str,
    waiting_key: str,
    contacts: list[tuple[str, str, str]],
) -> None:
    def get(key):
        return Structure.objects.get(organisation=organisation, source_id=f"lien-demo--{key}")

    pass_, cpam, waiting = get(pass_key), get(cpam_key), get(waiting_key)
    if not pass_.contacts.exists():
        for name, role, notes in contacts:
            contact_save(acting_user=author, structure=pass_, name=name, role=role, notes=notes)
    if not PartnershipNote.objects.filter(organisation=organisation, structure=pass_).exists():
        partnership_note_save(
            acting_user=author,
            organisation=organisation,
            structure=pass_,
            how_to_reach="Appeler l'assistante sociale le matin avant 10 h : elle rappelle dans la journée.",
            waiting_times="Consultation sous 48 h pour une urgence ressentie, 2 à 3 semaines sinon.",
            what_works="Envoyer la fiche de liaison la veille et accompagner la première fois.",
            notes="Ne jamais orienter le vendredi après-midi : plus d'assistante sociale.",
        )
    if not PartnerMeeting.objects.filter(organisation=organisation).exists():
        meeting_save(
            acting_user=author,
            organisation=organisation,
            structures=[pass_, cpam],
            held_on=today - timedelta(days=40),
            participants="Médiatrice en santé, assistante sociale de la PASS, conseillère CPAM",
            topics="Délais d'ouverture de l'AME ; circuit des dossiers urgents.",
            follow_ups="La CPAM transmet une adresse de courriel dédiée aux dossiers urgents.",
            follow_up_due_on=today + timedelta(days=20),
        )
    if not OrientationDifficulty.objects.filter(organisation=organisation).exists():
        difficulty_report(
            acting_user=author,
            organisation=organisation,
            structure=waiting,
            kind=DifficultyKind.WAITING_LIST,
            occurred_on=today - timedelta(days=12),
            description="Pas de premier rendez-vous avant deux mois.",
        )
        difficulty_report(
            acting_user=author,
            organisation=organisation,
            structure=pass_,
            kind=DifficultyKind.UNREACHABLE,
            occurred_on=today - timedelta(days=5),
            description="Standard saturé toute la matinée.",
        )


def demo_directory_load(
    *, organisations: dict[str, Organisation], users: dict[str, User], today: date
) -> None:
    """The three demo directories, their Lien-only fields and a partnership file each."""
    for slug, author, entries, published, keys, contacts in (
        (
            "mdm-haute-vallee-aude",
            "amina.ould@mdm-hva.example",
            HVA,
            True,
            ("pass-carcassonne", "cpam-aude-limoux", "cmp-limoux"),
            [
                ("Sophie Castel", "Assistante sociale de la PASS", "Ligne directe le matin : 04 65 71 10 11"),
                ("Dr Hélène Marty", "Médecin coordinatrice", "Par courriel, réponse sous 48 h"),
            ],
        ),
        (
            "centre-sante-bron",
            "karim.haddad@cds-bron.example",
            BRON,
            False,
            ("pass-edouard-herriot", "cpam-rhone-bron", "cmp-vinatier-bron"),
            [("Nathalie Brun", "Assistante sociale de la PASS", "Passer par le secrétariat, poste 12")],
        ),
        (
            "cpam-hainaut",
            "claire.lefebvre@cpam-hainaut.example",
            HAINAUT,
            True,
            ("pass-valenciennes", "cpam-hainaut-valenciennes", "pass-denain"),
            [("Olivier Dumont", "Cadre de santé de la PASS", "Joignable le mardi et le jeudi")],
        ),
    ):
        organisation = organisations[slug]
        result = import_datainclusion(organisation=organisation, data=dumps_bytes(_document(entries, today)))
        if not result.ok:
            raise RuntimeError("Demo directory invalid: " + "; ".join(result.errors))
        _lien_fields(organisation, entries, published=published)
        structures = Structure.objects.filter(organisation=organisation, source="lien-demo")
        # Two entries long unchecked, to show the reminder.
        for index, structure in enumerate(structures.order_by("search_name")):
            verified = today - timedelta(days=250 if index % 4 == 3 else 20)
            Structure.objects.filter(pk=structure.pk).update(verified_on=verified)
        pass_key, cpam_key, waiting_key = keys
        _partnership(
            organisation,
            users[author],
            today,
            pass_key=pass_key,
            cpam_key=cpam_key,
            waiting_key=waiting_key,
            contacts=contacts,
        )
