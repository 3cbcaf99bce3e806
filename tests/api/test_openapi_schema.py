"""The OpenAPI schema tells the truth about every class it documents: one component per class, each
enum with its own values, and no string input where a NUL character would pass unsaid."""

import re
from enum import Enum
from importlib import import_module
from typing import Annotated, Any, Literal, get_args, get_origin

import pytest
from pydantic import BaseModel

from lien.api.api import api
from lien.api.openapi import component_name


def _operations():
    """Every ninja operation of the API."""
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            yield from path_view.operations


def _walk(annotation: Any, found: set[type]) -> None:
    """The pydantic models and enums that ``annotation`` reaches, into ``found``."""
    origin = get_origin(annotation)
    if origin is Literal:
        return
    if origin is Annotated:
        _walk(get_args(annotation)[0], found)
    elif origin is not None:  # list[X], dict[K, V], X | None…
        for argument in get_args(annotation):
            _walk(argument, found)
    elif isinstance(annotation, type) and annotation not in found:
        if issubclass(annotation, Enum):
            found.add(annotation)
        elif issubclass(annotation, BaseModel):
            found.add(annotation)
            for field in annotation.model_fields.values():
                _walk(field.annotation, found)


def _reachable() -> set[type]:
    """The classes the operations read and answer (their wrappers, ninja's own, aside)."""
    found: set[type] = set()
    for operation in _operations():
        for model in [*operation.models, *operation.response_models.values()]:
            if isinstance(model, type) and issubclass(model, BaseModel):
                for field in model.model_fields.values():
                    _walk(field.annotation, found)
    return found


def _path(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def _class(path: str) -> type:
    module, _, qualname = path, "", ""
    while module:
        module, _, last = module.rpartition(".")
        qualname = f"{last}.{qualname}" if qualname else last
        try:
            value: Any = import_module(module)
        except ImportError:
            continue
        for part in qualname.split("."):
            value = getattr(value, part)
        return value
    raise LookupError(path)


@pytest.fixture(scope="module")
def schema():
    return api.get_openapi_schema()


def test_it_finds_the_classes_of_the_operations():
    names = {cls.__name__ for cls in _reachable()}
    assert {"SaisineOut", "SaisineStatus", "PersonIn", "Gender", "ErrorOut"} <= names


def test_it_gives_every_class_a_component_name_of_its_own():
    owners: dict[str, set[str]] = {}
    for cls in _reachable():
        owners.setdefault(component_name(_path(cls)), set()).add(_path(cls))
    shared = {name: sorted(paths) for name, paths in owners.items() if len(paths) > 1}
    assert not shared, (
        f"Two classes under one component name: {shared}. Name the class after its entity "
        "(SaisineStatus), or add it to lien.api.api.COMPONENT_NAMES."
    )


def test_it_documents_each_component_from_one_class(schema):
    assert schema.collisions == {}
    components = schema["components"]["schemas"]
    assert set(components) <= set(schema.owners)
    assert {
        "SaisineStatus",
        "AppointmentStatus",
        "ProcedureStatus",
        "OutreachTopic",
        "PreventionTopic",
    } <= set(components)


def test_it_documents_each_enum_with_its_own_values(schema):
    components = schema["components"]["schemas"]
    enums = {name: component for name, component in components.items() if "enum" in component}
    assert len(enums) > 20
    for name, component in enums.items():
        cls = _class(schema.owners[name])
        assert component["enum"] == [member.value for member in cls], name


def _enum_values(value: Any, components: dict) -> list[list]:
    """The lists of values of the enums that a property schema allows, its references followed."""
    if isinstance(value, list):
        return [values for item in value for values in _enum_values(item, components)]
    if not isinstance(value, dict):
        return []
    if "$ref" in value:
        return _enum_values(components[value["$ref"].rsplit("/", 1)[-1]], components)
    found = [value["enum"]] if "enum" in value else []
    return found + [values for item in value.values() for values in _enum_values(item, components)]


def _enums(annotation: Any) -> set[type[Enum]]:
    found: set[type] = set()
    _walk(annotation, found)
    return {cls for cls in found if issubclass(cls, Enum)}


def test_it_refers_each_field_to_the_enum_of_its_class(schema):
    """A field typed ``SaisineStatus`` is documented with the saisine's statuses, in bodies and answers."""
    components = schema["components"]["schemas"]
    checked = 0
    for cls in _reachable():
        if not issubclass(cls, BaseModel) or component_name(_path(cls)) not in components:
            continue
        properties = components[component_name(_path(cls))].get("properties", {})
        for name, field in cls.model_fields.items():
            for enum in _enums(field.annotation):
                documented = _enum_values(
                    properties.get(field.alias or name, properties.get(name)), components
                )
                assert [member.value for member in enum] in documented, f"{cls.__name__}.{name}"
                checked += 1
    assert checked > 50


def test_it_refers_each_query_parameter_to_the_enum_of_its_class(schema):
    components = schema["components"]["schemas"]
    by_id = {
        details["operationId"]: details
        for methods in schema["paths"].values()
        for details in methods.values()
    }
    checked = 0
    for operation in _operations():
        details = by_id[operation.operation_id or api.get_openapi_operation_id(operation)]
        parameters = {parameter["name"]: parameter for parameter in details["parameters"]}
        for model in operation.models:
            if model.__ninja_param_source__ != "query":
                continue
            for field in model.model_fields.values():
                for name, subfield in getattr(field.annotation, "model_fields", {}).items():
                    for enum in _enums(subfield.annotation):
                        documented = _enum_values(parameters[name]["schema"], components)
                        assert [member.value for member in enum] in documented, (details["operationId"], name)
                        checked += 1
    assert checked > 5


# -- NUL characters ---------------------------------------------------------------------------


def _strings(value: Any, components: dict, seen: frozenset = frozenset()):
    """Every string schema (without enum or format) that ``value`` holds, its references followed."""
    if isinstance(value, list):
        for item in value:
            yield from _strings(item, components, seen)
    elif isinstance(value, dict):
        if "$ref" in value:
            name = value["$ref"].rsplit("/", 1)[-1]
            if name not in seen:
                yield from _strings(components[name], components, seen | {name})
            return
        if value.get("type") == "string" and not {"enum", "const", "format"} & set(value):
            yield value
        for key, item in value.items():
            if key not in {"enum", "const", "default", "examples", "example"}:
                yield from _strings(item, components, seen)


def test_it_says_that_every_string_it_reads_refuses_nul(schema):
    components = schema["components"]["schemas"]
    checked = 0
    for path, methods in schema["paths"].items():
        for method, details in methods.items():
            inputs = [details.get("parameters", []), details.get("requestBody", {})]
            for string in _strings(inputs, components):
                if string.get("maxLength") == 0:
                    continue
                pattern = string.get("pattern", "")
                assert pattern and not re.search(pattern, "a\x00b"), (method, path, string)
                checked += 1
    assert checked > 50


def test_it_refuses_nul_in_a_field_and_ignores_it_elsewhere(world, client_for):
    client = client_for(world.users["community_mediator"])
    person = {
        "organisation": "asso",
        "first_name": "Lola",
        "consent": {"given_on": "2024-01-02", "form": "oral"},
    }
    response = client.post(
        "/api/v1/people", person | {"last_name": "Ma\x00ury"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json() == {
        "detail": "Données invalides — payload.last_name : caractère nul (U+0000) interdit"
    }
    assert client.get("/api/v1/people", {"q": "a\x00"}).status_code == 422
    unknown = {"note\x00": "\x00", "first_name": "Lola"}
    assert client.post("/api/v1/people", person | unknown, content_type="application/json").status_code == 201
