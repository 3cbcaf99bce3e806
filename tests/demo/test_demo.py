"""The demo directory: idempotent, valid in both standards, with something to verify."""

import pytest
from django.utils import timezone

from lien.accounts.models import Organisation, User
from lien.accounts.services import organisation_upsert, user_add
from lien.demo import load as demo_load
from lien.demo.directory import demo_directory_load
from lien.directory.exchange.datainclusion import export_datainclusion
from lien.directory.exchange.hsds import export_hsds, validation_errors
from lien.directory.models import Contact, PartnershipNote, Service, Structure
from lien.directory.selectors import SearchCriteria, service_search

pytestmark = pytest.mark.django_db


def _organisations_and_users() -> tuple[dict[str, Organisation], dict[str, User]]:
    organisations: dict[str, Organisation] = {}
    for slug, name, kind, parent in demo_load.ORGANISATIONS:
        organisations[slug], _ = organisation_upsert(
            slug=slug, name=name, kind=kind, parent=organisations.get(parent) if parent else None
        )
    users = {}
    for account in demo_load.ACCOUNTS:
        users[account.email], _ = user_add(
            email=account.email, organisation=organisations[account.organisation], role=account.role
        )
    return organisations, users


def test_it_loads_the_three_territories_once(fast_password_hashing):
    organisations, users = _organisations_and_users()
    today = timezone.localdate()
    demo_directory_load(organisations=organisations, users=users, today=today)
    counts = (Structure.objects.count(), Service.objects.count(), Contact.objects.count())
    demo_directory_load(organisations=organisations, users=users, today=today)
    assert (Structure.objects.count(), Service.objects.count(), Contact.objects.count()) == counts
    assert counts[0] == 25 and PartnershipNote.objects.count() == 3
    for slug in ("mdm-haute-vallee-aude", "centre-sante-bron", "cpam-hainaut"):
        export_datainclusion(organisation=organisations[slug])
        assert all(not validation_errors(s) for s in export_hsds(organisation=organisations[slug]))
    amina = users["amina.ould@mdm-hva.example"]
    near_quillan = service_search(
        user=amina, criteria=SearchCriteria(thematic="sante", commune="11304", radius_km=60, ame=True)
    )
    names = [hit.service.structure.name for hit in near_quillan.hits]
    assert names[0] == "CSAPA — permanence de Quillan"
    assert "PASS du Centre hospitalier de Carcassonne" in names
    # The Haute Vallée de l'Aude publishes to Médecins du Monde; its coordinator in Occitanie reads it.
    laure = users["laure.martinez@mdm-occitanie.example"]
    assert service_search(user=laure, criteria=SearchCriteria(thematic="sante")).count > 0
    assert (
        service_search(
            user=users["karim.haddad@cds-bron.example"], criteria=SearchCriteria(commune="11304")
        ).count
        == 0
    )
