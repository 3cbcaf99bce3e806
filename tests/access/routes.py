"""What the matrix checks: every named route of the URL resolver and every operation of the API,
read from the code (never listed by hand), and the requests that reach them."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from lien.api.api import api

API_PREFIX = "/api/v1"
# Namespaces left out: Django's administration site (its own permission system, one test below)
# and the API's own URLs (its operations are read from ``api`` instead).
EXCLUDED_NAMESPACES = {"admin", "api"}


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    pattern: str  # the path, for messages
    params: tuple[str, ...]  # names of the path parameters, in order


@dataclass(frozen=True)
class Operation:
    method: str
    path: str  # "/api/v1/people/{person_id}"
    params: tuple[str, ...]

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"


def _params(pattern) -> tuple[str, ...]:
    regex = pattern.regex
    return tuple(sorted(regex.groupindex, key=regex.groupindex.get))


def named_routes() -> tuple[dict[str, Route], list[str]]:
    """(named routes by name, patterns without a name) of the resolver, with namespaces."""
    routes: dict[str, Route] = {}
    unnamed: list[str] = []

    def walk(patterns, prefix: str, namespaces: tuple[str, ...], params: tuple[str, ...]) -> None:
        for entry in patterns:
            text = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                if entry.namespace in EXCLUDED_NAMESPACES:
                    continue
                inner = (*namespaces, entry.namespace) if entry.namespace else namespaces
                walk(entry.url_patterns, text, inner, params + _params(entry.pattern))
            elif isinstance(entry, URLPattern):
                if not entry.name:
                    unnamed.append(text)
                    continue
                name = ":".join((*namespaces, entry.name))
                routes[name] = Route(name, text, params + _params(entry.pattern))

    walk(get_resolver().url_patterns, "/", (), ())
    return routes, unnamed


def api_operations() -> dict[str, Operation]:
    """Every operation of every router of ``lien.api.api``, by "METHOD /api/v1/path"."""
    operations: dict[str, Operation] = {}
    for prefix, router in api._routers:
        for path, path_operation in router.path_operations.items():
            full = API_PREFIX + "/" + "/".join(part for part in (prefix.strip("/"), path.strip("/")) if part)
            full = full.rstrip("/") if full != API_PREFIX + "/" else full
            for operation in path_operation.operations:
                for method in operation.methods:
                    # "{int:person_id}" -> "{person_id}", as the OpenAPI document writes it
                    clean = "/".join(
                        "{" + part[1:-1].split(":")[-1] + "}" if part.startswith("{") else part
                        for part in full.split("/")
                    )
                    params = tuple(p[1:-1] for p in clean.split("/") if p.startswith("{"))
                    op = Operation(method.upper(), clean, params)
                    operations[op.key] = op
    return operations


# -- bodies: the smallest request the schema calls valid, so that the access check is what answers

_schema: dict[str, Any] = {}
FILE = "<file>"  # a file to upload (multipart bodies)


def openapi() -> dict[str, Any]:
    if not _schema:
        _schema.update(api.get_openapi_schema(path_prefix=API_PREFIX + "/"))
    return _schema


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = openapi()["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def example(schema: dict[str, Any], name: str, values: dict[str, Any]) -> Any:
    """A valid value for ``schema``: of an object, its required properties and those ``values``
    names; ``values`` gives the value of a property by its name (an organisation's slug, the id of
    an object of the world…)."""
    if name in values:
        return values[name]
    schema = _resolve(schema)
    if schema.get("type") == "object" or "properties" in schema:
        properties = schema.get("properties", {})
        required = set(schema.get("required", []))
        return {
            key: example(value, key, values)
            for key, value in properties.items()
            if key in required or key in values
        }
    for combinator in ("allOf", "anyOf", "oneOf"):
        if combinator in schema:
            choices = [s for s in schema[combinator] if _resolve(s).get("type") != "null"]
            return example(choices[0], name, values)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "array":
        return [example(schema.get("items", {}), name, values) for _ in range(schema.get("minItems", 0))]
    if kind == "integer" or kind == "number":
        return max(schema.get("minimum", 1), 1)
    if kind == "boolean":
        return False
    if schema.get("format") == "binary":
        return FILE
    if schema.get("format") == "date":
        return timezone.localdate().isoformat()
    if schema.get("format") == "date-time":
        return (timezone.now() + timedelta(days=2)).isoformat()
    return "Texte"


def request_body(operation: Operation, values: dict[str, Any]) -> tuple[str, Any] | None:
    """(content type, body) of a valid request to ``operation``, or None if it takes no body."""
    spec = openapi()["paths"][operation.path][operation.method.lower()]
    content = spec.get("requestBody", {}).get("content", {})
    if not content:
        return None
    content_type, media = next(iter(content.items()))
    return content_type, example(media["schema"], "", values)


def required_query(operation: Operation, values: dict[str, Any]) -> dict[str, Any]:
    spec = openapi()["paths"][operation.path][operation.method.lower()]
    return {
        p["name"]: example(p.get("schema", {}), p["name"], values)
        for p in spec.get("parameters", [])
        if p["in"] == "query" and p.get("required")
    }
