"""The demo registry: most partners may be proposed; one awaits validation, one convention ends
within 30 days, one ended; loading twice adds nothing."""

import pytest
from django.utils import timezone

from lien.accounts.services import organisation_upsert, user_add
from lien.demo import load as demo_load
from lien.demo.partners import demo_partners_load
from lien.partners.models import PatientPartner
from lien.partners.rules import partner_proposable
from lien.partners.tasks import convention_expiry_notify
from tests.factories import CommuneFactory

pytestmark = pytest.mark.django_db


def test_the_demo_registry(fast_password_hashing):
    for index, code in enumerate(["11", "09", "31", "34", "69"]):
        CommuneFactory(insee_code=f"{code}{index:03d}", departement=code)
    slug = "patients-partenaires-occitanie"
    network, _ = organisation_upsert(slug=slug, name="Patients partenaires Occitanie", kind="association")
    users = {}
    for account in demo_load.ACCOUNTS:
        if account.organisation == slug:
            users[account.email], _ = user_add(email=account.email, organisation=network, role=account.role)
    today = timezone.localdate()
    demo_partners_load(organisations={slug: network}, users=users, today=today)
    demo_partners_load(organisations={slug: network}, users=users, today=today)
    partners = list(PatientPartner.objects.for_list())
    assert len(partners) == 6
    reasons = sorted(reason for p in partners for reason in partner_proposable(p, today).reasons)
    assert len(reasons) == 2 and reasons[0] == "Aucune formation validée"
    assert reasons[1].startswith("Convention expirée le")
    assert PatientPartner.objects.proposable(today).count() == 4
    assert PatientPartner.objects.get(first_name="Michel").user is not None
    assert convention_expiry_notify(today=today) == 2  # one ending within 30 days, one ended
