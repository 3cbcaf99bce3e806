"""`lien directory export|import --format datainclusion|hsds --organisation SLUG FILE`."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lien.__main__ import command_argv
from lien.directory.models import Structure
from tests.directory.exchange_data import rich_directory

pytestmark = pytest.mark.django_db


def test_the_console_script_reaches_the_command():
    argv = ["lien", "directory", "export", "--format", "hsds", "--organisation", "a-b", "out.json"]
    assert command_argv(argv) == argv


@pytest.mark.parametrize("fmt", ["datainclusion", "hsds"])
def test_it_exports_then_imports_a_file(fmt, world, mediator, tmp_path, capsys):
    rich_directory(organisation=world.organisation, user=mediator)
    path = tmp_path / "annuaire.json"
    call_command("directory", "export", str(path), "--format", fmt, "--organisation", "asso")
    assert "3 services exported" in capsys.readouterr().out
    data = json.loads(path.read_text())
    assert len(data["services"] if fmt == "datainclusion" else data) == 3
    call_command("directory", "import", str(path), "--format", fmt, "--organisation", "autre")
    out = capsys.readouterr().out
    assert "services: 3 created, 0 updated, 0 unchanged" in out
    call_command("directory", "import", str(path), "--format", fmt, "--organisation", "autre")
    assert "services: 0 created, 0 updated, 3 unchanged" in capsys.readouterr().out


def test_it_exits_non_zero_and_lists_every_error(world, tmp_path, capsys):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"structures": [{"id": "x--1"}, {"source": "x", "id": "x--2", "nom": "No"}]}))
    with pytest.raises(CommandError, match="rien n'a été importé"):
        call_command("directory", "import", str(path), "--format", "datainclusion", "--organisation", "asso")
    errors = capsys.readouterr().err
    assert "structures[0] (id=x--1): source: Field required" in errors
    assert "structures[1] (id=x--2): nom: String should have at least 3 characters" in errors
    assert not Structure.objects.exists()


def test_it_names_an_unknown_organisation_or_file(world, tmp_path):
    with pytest.raises(CommandError, match="Organisation inconnue"):
        call_command("directory", "export", "-", "--format", "hsds", "--organisation", "nulle-part")
    with pytest.raises(CommandError, match="Fichier illisible"):
        call_command(
            "directory", "import", str(tmp_path / "absent.json"), "--format", "hsds", "--organisation", "asso"
        )
