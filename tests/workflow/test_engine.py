"""The named-actions engine (lien/workflow) and the guarantees every lifecycle gets from it."""

import ast
import importlib
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied

from lien.accounts.permissions import Perm
from lien.saisines.enums import Status
from lien.saisines.models import Saisine
from lien.saisines.workflow import SAISINES
from lien.workflow.engine import REGISTRY, ActionRefused, Workflow, action
from lien.workflow.models import ActionLog

LIEN = Path(__file__).resolve().parents[2] / "lien"


def test_it_refuses_a_table_with_twice_the_same_action():
    with pytest.raises(ValueError, match="Duplicate"):
        Workflow(
            key="twice",
            model=Saisine,
            states=Status,
            actions=(
                action("a", "A", sources=[Status.RECEIVED], permission=Perm.SAISINE_CHANGE),
                action("a", "A", sources=[Status.CLOSED], permission=Perm.SAISINE_CHANGE),
            ),
        )


def test_it_refuses_a_table_with_an_unknown_state():
    with pytest.raises(ValueError, match="unknown states"):
        Workflow(
            key="unknown",
            model=Saisine,
            states=Status,
            actions=(action("a", "A", sources=["nowhere"], permission=Perm.SAISINE_CHANGE),),
        )


def test_it_knows_every_lifecycle_of_lien():
    # Loaded by WorkflowConfig.ready from each app's workflow.py.
    assert REGISTRY["saisine"] is SAISINES
    for key, workflow in REGISTRY.items():
        assert workflow.key == key
        assert [a.name for a in workflow.actions] == workflow.names


@pytest.mark.django_db
def test_its_log_is_append_only(saisine_for_engine):
    log = ActionLog.objects.get(object_id=saisine_for_engine.pk)
    with pytest.raises(PermissionDenied):
        log.save()
    with pytest.raises(PermissionDenied):
        log.delete()
    with pytest.raises(PermissionDenied):
        ActionLog.objects.all().update(action="x")
    with pytest.raises(PermissionDenied):
        ActionLog.objects.all().delete()


@pytest.mark.django_db
def test_it_refuses_by_role_first_then_by_state(saisine_for_engine, world):
    saisine = saisine_for_engine
    with pytest.raises(PermissionDenied):
        SAISINES.check(world.users["director"], saisine, "close")
    with pytest.raises(ActionRefused, match="n'est pas possible pour un dossier au statut « Reçue »"):
        SAISINES.check(world.users["institutional_mediator"], saisine, "close")
    assert SAISINES.allows(world.users["institutional_mediator"], saisine, "examine")
    assert not SAISINES.allows(None, saisine, "examine")


@pytest.fixture
def saisine_for_engine(world):
    from lien.accounts.services import membership_add
    from lien.saisines.services import saisine_receive
    from tests.factories import OrganisationFactory

    fund = OrganisationFactory(slug="cpam-engine", fund=True)
    user = world.users["institutional_mediator"]
    membership_add(organisation=fund, user=user, role="institutional_mediator")
    user.__dict__.pop("_lien_perm_cache", None)
    return saisine_receive(
        acting_user=user,
        organisation=fund,
        received_on=__import__("datetime").date(2024, 2, 26),
        channel="email",
        author_type="insured",
        origin="direct",
        perimeter="after_claim",
        process="other",
    )


# -- guarantees over every lifecycle, by reading the code ----------------------------------------


def _app_of(workflow: Workflow) -> str:
    return workflow.model._meta.app_label


@pytest.mark.parametrize("key", sorted(REGISTRY))
def test_every_action_has_a_service_that_performs_it(key):
    """Each named action appears, by name, in a call of its app's services (perform, start…)."""
    workflow = REGISTRY[key]
    services = importlib.import_module(f"lien.{_app_of(workflow)}.services")
    tree = ast.parse(Path(services.__file__).read_text())
    named = {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }
    missing = [name for name in workflow.names if name not in named]
    assert not missing, f"{key}: actions without a service: {missing}"


def _state_writes(path: Path, fields: dict[str, set[str]]) -> list[str]:
    """Assignments ``<var>.<state field> = …`` where <var> names the model (``saisine.status``),
    and ``.update(<state field>=…)`` on a queryset of it."""
    found = []
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.Assign):
            targets = [
                t
                for target in node.targets
                for t in (target.elts if isinstance(target, ast.Tuple) else [target])
            ]
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name):
                if target.attr in fields.get(target.value.id, set()):
                    found.append(f"{path.relative_to(LIEN)}:{node.lineno} {target.value.id}.{target.attr}")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "update":
            source = ast.unparse(node.func.value)
            chain = _chain_names(node.func.value)
            for var, names in fields.items():
                if var in chain and any(k.arg in names for k in node.keywords):
                    found.append(f"{path.relative_to(LIEN)}:{node.lineno} {source}.update(…)")
    return found


def _chain_names(node: ast.AST) -> str:
    """The names along a queryset chain, without its arguments: ``Saisine.objects.filter(…)`` →
    « saisine objects filter ». A lookup in an argument (``rights_reminder__procedure__person``)
    does not make the chain a queryset of that model."""
    names = []
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            names.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Subscript):
            node = node.value
        else:
            names.append(ast.unparse(node))
            return " ".join(reversed(names)).lower()


def test_only_the_engine_changes_a_state():
    """The service of each action is the only code that changes the state — through
    Workflow.perform. The CSV import of saisines writes the facts of the national tool as rows
    (INTERFACES.md) and the benchmark generator builds rows: both are data loads, not actions."""
    fields: dict[str, set[str]] = {}
    for workflow in REGISTRY.values():
        name = workflow.model.__name__.lower()
        fields.setdefault(name, set()).add(workflow.state_field)
    allowed = {"workflow/engine.py", "saisines/importer.py", "demo/bench.py"}
    writes = []
    for path in LIEN.rglob("*.py"):
        relative = str(path.relative_to(LIEN))
        if "migrations" in relative or relative in allowed:
            continue
        writes += _state_writes(path, fields)
    assert not writes, "state changed outside Workflow.perform:\n" + "\n".join(writes)
