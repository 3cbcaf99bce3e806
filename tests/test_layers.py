"""The architecture of ARCHITECTURE.md, read from the code: the apps stand in layers and an import
only points to the same layer or below. An app above contributes to one below through the
registries the lower app offers (``people/panels.py``, ``followup/sections.py``,
``saisines/sections.py``, ``rights/sections.py``, ``workflow.register``), never by being imported
from it.

Imports under ``if TYPE_CHECKING:`` are names for the type checker (the journal names the person
it links to): they are not followed at run time and are not counted.
"""

import ast
from pathlib import Path

import pytest

import lien

ROOT = Path(lien.__file__).parent

# Bottom to top. Apps of one layer may import one another.
LAYERS = [
    {"lib"},
    {"accounts", "journal", "notifications", "communes", "web", "workflow"},
    {"people"},
    {"followup", "directory", "participation", "saisines", "referrals", "partners"},
    {"assessments", "rights", "orientations", "letters", "improvements", "workshops"},
    {"appointments", "prevention", "outreach", "reports"},
    {"activity", "opendata", "advocacy", "retention"},
    {"network"},
    {"api", "shell", "demo", "(project)"},
]
LAYER_OF = {app: index for index, apps in enumerate(LAYERS) for app in apps}


def _app_of(path: Path) -> str:
    parts = path.relative_to(ROOT).parts
    return parts[0] if len(parts) > 1 else "(project)"


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(node: ast.AST):
    """The ``lien.*`` modules imported anywhere under ``node`` (functions included), with their
    line, outside ``if TYPE_CHECKING:`` blocks."""
    if isinstance(node, ast.If) and _is_type_checking(node):
        for child in node.orelse:
            yield from _imports(child)
        return
    if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("lien."):
        yield node.module, node.lineno
    elif isinstance(node, ast.Import):
        yield from ((alias.name, node.lineno) for alias in node.names if alias.name.startswith("lien."))
    for child in ast.iter_child_nodes(node):
        yield from _imports(child)


def _modules():
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def test_every_app_has_a_layer():
    apps = {_app_of(path) for path in _modules()}
    assert apps - set(LAYER_OF) == set(), "Place these apps in LAYERS (and in ARCHITECTURE.md)."
    assert set(LAYER_OF) - apps == set(), "These apps no longer exist: remove them from LAYERS."


def test_arrows_only_point_down():
    upward = []
    for path in _modules():
        source = _app_of(path)
        for module, line in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            target = module.split(".")[1]
            if target in LAYER_OF and LAYER_OF[target] > LAYER_OF[source]:
                upward.append(f"{path.relative_to(ROOT.parent)}:{line} {source} → {target}")
    assert upward == [], "Imports that point up:\n" + "\n".join(upward)


@pytest.mark.parametrize(
    "source, forbidden",
    [
        ("followup", {"appointments", "orientations", "prevention", "outreach", "assessments", "rights"}),
        ("saisines", {"letters", "improvements", "reports"}),
        ("people", {"followup", "assessments", "rights", "outreach", "saisines"}),
    ],
)
def test_a_registry_stands_where_an_import_would_point_up(source, forbidden):
    """The apps with registries name none of the apps that fill them."""
    named = {
        module.split(".")[1]
        for path in (ROOT / source).rglob("*.py")
        if "migrations" not in path.parts
        for module, _line in _imports(ast.parse(path.read_text(encoding="utf-8")))
    }
    assert named & forbidden == set()
