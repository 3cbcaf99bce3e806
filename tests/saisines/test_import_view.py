"""Import from the page: a preview that writes nothing, then the import — all of it, or nothing."""

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lien.saisines.forms import IMPORT_MAX_BYTES
from lien.saisines.models import Saisine, SaisineEvent
from lien.saisines.views import PENDING_IMPORT

pytestmark = pytest.mark.django_db

HEADER = "reference,received_on,channel,author_type,origin,perimeter,process,subprocess,closed_on,outcome\n"
GOOD = HEADER + (
    "I-1,2024-01-05,email,insured,direct,after_claim,cash_benefits,sickness,,\n"
    "I-2,2024-01-08,letter,insured,direct,first_intention,care_access_complaint,gp_search,"
    "2024-01-20,resolved_by_explanation\n"
)
BAD = HEADER + (
    "I-1,2024-01-05,email,insured,direct,after_claim,cash_benefits,sickness,,\n"
    "I-2,2024-13-08,pigeon,insured,direct,first_intention,care_access_complaint,gp_search,,\n"
)


@pytest.fixture
def client(team, client_for):
    return client_for(team.mediator)


def _upload(client, team, text: str, name: str = "saisines.csv"):
    file = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")
    return client.post(reverse("saisines:import"), {"organisation": team.fund.pk, "file": file})


def test_the_preview_counts_what_would_change_and_writes_nothing(team, receive, client):
    receive(reference="I-1")
    before = (Saisine.objects.count(), SaisineEvent.objects.count())
    response = _upload(client, team, GOOD)
    assert response.status_code == 200
    result = response.context["result"]
    assert (result.ok, result.created, result.updated) == (True, 1, 1)
    assert "1 saisine à créer, 1 à mettre à jour" in html.unescape(response.content.decode())
    assert (Saisine.objects.count(), SaisineEvent.objects.count()) == before
    assert Saisine.objects.get(reference="I-1").channel == "letter"


def test_it_imports_the_file_previewed_once_confirmed(team, client):
    token = _upload(client, team, GOOD).context["token"]
    response = client.post(reverse("saisines:import_confirm"), {"token": token})
    assert response.status_code == 302
    assert response.url == reverse("saisines:list")
    imported = Saisine.objects.filter(organisation=team.fund).order_by("reference")
    assert [(s.reference, s.status) for s in imported] == [("I-1", "received"), ("I-2", "closed")]
    messages = [str(message) for message in client.get(response.url).context["messages"]]
    assert messages == ["Import terminé : 2 saisine(s) créée(s), 0 mise(s) à jour."]
    assert PENDING_IMPORT not in client.session


def test_it_lists_every_error_line_of_a_bad_file_and_imports_nothing(team, client):
    response = _upload(client, team, BAD)
    page = html.unescape(response.content.decode())
    assert response.context["result"].errors == [
        "line 3: received_on: date invalide « 2024-13-08 » (attendu AAAA-MM-JJ)",
        "line 3: channel: code inconnu « pigeon »",
    ]
    assert "line 3: channel: code inconnu « pigeon »" in page
    assert "2 erreurs : rien ne sera importé" in page
    assert response.context["token"] == ""
    assert PENDING_IMPORT not in client.session
    response = client.post(reverse("saisines:import_confirm"), {"token": ""})
    assert response.url == reverse("saisines:import")
    assert Saisine.objects.count() == 0


def test_it_refuses_a_file_that_is_not_utf8(team, client):
    file = SimpleUploadedFile("latin1.csv", GOOD.replace("I-1", "I-é").encode("latin-1"))
    response = client.post(reverse("saisines:import"), {"organisation": team.fund.pk, "file": file})
    assert "n'est pas encodé en UTF-8" in html.unescape(response.content.decode())
    assert Saisine.objects.count() == 0


def test_it_refuses_a_confirmation_without_the_token_of_the_preview(team, client):
    _upload(client, team, GOOD)
    response = client.post(reverse("saisines:import_confirm"), {"token": "forged"})
    assert response.url == reverse("saisines:import")
    assert Saisine.objects.count() == 0
    assert PENDING_IMPORT not in client.session


def test_a_new_visit_of_the_page_forgets_the_pending_preview(team, client):
    token = _upload(client, team, GOOD).context["token"]
    client.get(reverse("saisines:import"))
    client.post(reverse("saisines:import_confirm"), {"token": token})
    assert Saisine.objects.count() == 0


def test_it_refuses_a_file_over_5_mb(team, client):
    response = _upload(client, team, HEADER + "x" * IMPORT_MAX_BYTES)
    assert "Le fichier dépasse 5 Mo" in html.unescape(response.content.decode())
    assert response.context["result"] is None


def test_it_imports_only_into_the_users_own_fund(team, client_for):
    client = client_for(team.users["outsider"])
    file = SimpleUploadedFile("saisines.csv", GOOD.encode("utf-8"))
    response = client.post(reverse("saisines:import"), {"organisation": team.fund.pk, "file": file})
    assert response.context["result"] is None
    assert "organisation" in response.context["form"].errors
    assert PENDING_IMPORT not in client.session


def test_the_confirmation_needs_a_post(client):
    assert client.get(reverse("saisines:import_confirm")).status_code == 405
