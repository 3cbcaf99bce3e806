import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

import lien.__main__
from lien.accounts.enums import OrganisationKind, Role
from lien.accounts.models import Membership, Organisation, User
from lien.demo.load import PEOPLE
from lien.demo.partners import PARTNERS as DEMO_PARTNERS
from lien.demo.saisines import REQUESTER_ADDRESSES
from lien.lib.text import search_key
from lien.partners.models import PartnerAccompaniment, PartnerMeeting
from lien.people.models import Person
from tests.factories import CommuneFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def _call(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_it_creates_an_organisation():
    output = _call("add_organisation", "cpam-hainaut", "--name", "CPAM du Hainaut", "--kind", "fund")
    organisation = Organisation.objects.get(slug="cpam-hainaut")
    assert (organisation.name, organisation.kind, organisation.parent) == ("CPAM du Hainaut", "fund", None)
    assert "créée" in output


def test_it_updates_the_name_when_run_again_with_the_same_slug():
    _call("add_organisation", "cpam-hainaut", "--name", "CPAM Hainaut", "--kind", "fund")
    output = _call("add_organisation", "cpam-hainaut", "--name", "CPAM du Hainaut", "--kind", "fund")
    assert list(Organisation.objects.values_list("slug", "name")) == [("cpam-hainaut", "CPAM du Hainaut")]
    assert "mise à jour" in output


def test_it_places_an_organisation_under_its_parent():
    national = OrganisationFactory(slug="assurance-maladie", national=True)
    _call(
        "add_organisation",
        "cpam-hainaut",
        "--name",
        "CPAM du Hainaut",
        "--kind",
        "fund",
        "--parent",
        national.slug,
    )
    assert Organisation.objects.get(slug="cpam-hainaut").parent == national


def test_it_refuses_an_unknown_parent_clearly():
    with pytest.raises(CommandError, match="Organisation parente inconnue : nulle-part"):
        _call(
            "add_organisation", "cpam-hainaut", "--name", "CPAM", "--kind", "fund", "--parent", "nulle-part"
        )
    assert not Organisation.objects.exists()


def test_it_refuses_an_unknown_kind_clearly():
    with pytest.raises(CommandError, match="invalid choice: 'club'"):
        _call("add_organisation", "club-sante", "--name", "Club", "--kind", "club")
    assert not Organisation.objects.exists()


def test_it_refuses_an_organisation_as_its_own_ancestor():
    national = OrganisationFactory(slug="national", national=True)
    OrganisationFactory(slug="regional", regional=True, parent=national)
    with pytest.raises(CommandError, match="propre parente"):
        _call(
            "add_organisation", "national", "--name", "National", "--kind", "national", "--parent", "regional"
        )
    assert Organisation.objects.get(slug="national").parent is None


def _link_path(output: str) -> str:
    link = re.search(r"Lien à usage unique pour choisir le mot de passe : (\S+)", output).group(1)
    assert link.startswith("https://lien.example.org/")
    return link.removeprefix("https://lien.example.org")


def test_it_creates_a_user_with_a_role_and_a_one_time_link_that_works(client):
    organisation = OrganisationFactory(slug="cpam-hainaut", fund=True)
    output = _call(
        "add_user",
        "Claire.Lefebvre@CPAM-hainaut.example",
        "--organisation=cpam-hainaut",
        "--role=institutional_mediator",
        "--name=Claire Lefebvre",
        "--base-url=https://lien.example.org/",
    )
    user = User.objects.get()
    assert (user.email, user.full_name, user.has_usable_password()) == (
        "claire.lefebvre@cpam-hainaut.example",
        "Claire Lefebvre",
        False,
    )
    assert list(user.memberships.values_list("organisation", "role")) == [
        (organisation.pk, Role.INSTITUTIONAL_MEDIATOR)
    ]

    response = client.get(_link_path(output), follow=True)
    assert response.context["validlink"] is True
    assert 'name="new_password1"' in response.content.decode()
    password = "une phrase de passe assez longue"
    response = client.post(
        response.redirect_chain[-1][0], {"new_password1": password, "new_password2": password}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(password)
    # One time only: the link is spent once the password is chosen.
    assert client.get(_link_path(output), follow=True).context["validlink"] is False


def test_it_adds_a_second_role_to_the_same_user():
    OrganisationFactory(slug="cpam-hainaut", fund=True)
    OrganisationFactory(slug="assurance-maladie", national=True)
    _call("add_user", "nadia@lien.example", "--organisation", "cpam-hainaut", "--role", "assistant")
    output = _call(
        "add_user", "nadia@lien.example", "--organisation", "assurance-maladie", "--role", "coordinator"
    )
    assert "Rôle ajouté" in output
    assert User.objects.count() == 1
    assert set(Membership.objects.values_list("organisation__slug", "role")) == {
        ("cpam-hainaut", Role.ASSISTANT),
        ("assurance-maladie", Role.COORDINATOR),
    }


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["not-an-email", "--organisation", "asso", "--role", "assistant"], "Adresse e-mail invalide"),
        (["a@lien.example", "--organisation", "nulle-part", "--role", "assistant"], "Organisation inconnue"),
        (["a@lien.example", "--organisation", "asso", "--role", "chef"], "invalid choice: 'chef'"),
    ],
)
def test_it_refuses_a_user_it_cannot_create(arguments, message):
    OrganisationFactory(slug="asso")
    with pytest.raises(CommandError, match=message):
        _call("add_user", *arguments)
    assert not User.objects.exists()


def _demo_counts() -> dict[str, int]:
    return {
        "organisations": Organisation.objects.count(),
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
        "people": Person.objects.count(),
    }


def test_it_refuses_the_demo_data_outside_debug_and_says_why():
    with pytest.raises(CommandError, match="mot de passe est public.*LIEN_DEBUG=1.*--force"):
        _call("demo_data")
    assert not User.objects.exists()


def test_it_loads_the_demo_data_in_debug(settings, monkeypatch):
    loaded = []
    monkeypatch.setattr(
        "lien.demo.management.commands.demo_data.demo_data_load", lambda: loaded.append(1) or []
    )
    settings.DEBUG = True
    assert "Jeu de démonstration chargé." in _call("demo_data")
    assert loaded == [1]


def test_it_loads_the_demo_data_once_however_often_it_runs():
    # The communes of the demo people, so that the full referential need not be loaded.
    # The requesters' postal codes are checked against their commune's: give each its own.
    postal = {
        person[-1]: REQUESTER_ADDRESSES[person[1]]["postal_code"]
        for _slug, _author, people in PEOPLE
        for person in people
        if person[1] in REQUESTER_ADDRESSES
    }
    for code in {person[-1] for _slug, _author, people in PEOPLE for person in people}:
        CommuneFactory(insee_code=code, name=f"Commune {code}", postal_codes=postal.get(code, "11500"))
    # A commune in each département where the demo's patient partners go.
    for departement in {code for partner in DEMO_PARTNERS for code in partner[5]}:
        CommuneFactory(insee_code=f"{departement}999", departement=departement)
    output = _call("demo_data", "--force")
    first = _demo_counts()
    _call("demo_data", "--force")
    assert _demo_counts() == first
    # Every person of the core demo once (the community demo adds its own).
    names = list(Person.objects.values_list("search_name", flat=True))
    for _slug, _author, people in PEOPLE:
        for first_name, last_name, *_ in people:
            assert names.count(search_key(f"{first_name} {last_name}")) == 1
    kinds = dict(Organisation.objects.values_list("slug", "kind"))
    assert {
        slug: kinds.get(slug)
        for slug in [
            "assurance-maladie",
            "cpam-hainaut",
            "mdm-haute-vallee-aude",
            "centre-sante-bron",
            "patients-partenaires-occitanie",
        ]
    } == {
        "assurance-maladie": OrganisationKind.NATIONAL,
        "cpam-hainaut": OrganisationKind.FUND,
        "mdm-haute-vallee-aude": OrganisationKind.ASSOCIATION,
        "centre-sante-bron": OrganisationKind.HEALTH_CENTRE,
        "patients-partenaires-occitanie": OrganisationKind.ASSOCIATION,
    }
    assert "Jeu de démonstration chargé." in output
    # The network's partners accompany patients of the association and of the health centre.
    accompaniments = PartnerAccompaniment.objects.filter(
        partner__organisation__slug="patients-partenaires-occitanie"
    )
    assert set(accompaniments.values_list("organisation__slug", flat=True)) == {
        "mdm-haute-vallee-aude",
        "centre-sante-bron",
    }
    assert accompaniments.filter(status="contacted").count() == 3
    assert PartnerAccompaniment.objects.filter(status="proposed").count() == 1
    assert PartnerMeeting.objects.filter(accompaniment__partner__first_name="Michel").count() == 4


def test_it_maps_the_console_commands_to_management_commands(monkeypatch):
    called = []
    monkeypatch.setattr("django.core.management.execute_from_command_line", called.append)
    monkeypatch.setattr(
        sys, "argv", ["lien", "add-organisation", "my-org", "--name", "Mon-Organisation", "--kind", "fund"]
    )
    lien.__main__.main()
    assert called == [["lien", "add_organisation", "my-org", "--name", "Mon-Organisation", "--kind", "fund"]]


def test_it_installs_the_lien_console_script(tmp_path):
    script = Path(sys.executable).with_name("lien")  # next to the interpreter of the virtualenv
    environ = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = subprocess.run(  # noqa: S603 -- the project's own script, fixed arguments
        [script, "add-organisation", "--help"],
        cwd=tmp_path,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "--kind {national,regional,fund,association,health_centre}" in result.stdout
