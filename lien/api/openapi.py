"""The OpenAPI schema of the API, true to its classes: ninja names each component after its class
and merges the definitions of its many pydantic runs by name, so that two classes of one name
(``Status`` of the appointments and of the rights) would be documented as one. Here each class
gets a name of its own, and a clash is recorded (``LienOpenAPISchema.collisions``) for the tests."""

from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema
from ninja.schema import NinjaGenerateJsonSchema
from pydantic.json_schema import CoreModeRef, DefsRef

# Classes whose own name is shared with another class of the API: an app that has not named its
# enums after its entity yet, as ``lien.saisines.enums`` does (``SaisineStatus``).
COMPONENT_NAMES = {
    "lien.appointments.enums.Status": "AppointmentStatus",
    "lien.rights.enums.Status": "ProcedureStatus",
    "lien.outreach.enums.Topic": "OutreachTopic",
    "lien.prevention.enums.Topic": "PreventionTopic",
}


def component_name(path: str) -> str:
    """The component name of the class at ``path`` (``module.QualName``)."""
    return COMPONENT_NAMES.get(path, path.rsplit(".", 1)[-1])


class _ComponentNaming(NinjaGenerateJsonSchema):
    """Names each definition after its class, and keeps a name to one class across the many
    generator runs of one OpenAPI schema (ninja merges their definitions by name: a second class
    of the same name would silently replace the first one)."""

    owners: dict[str, str]  # component name -> dotted path of its class
    collisions: dict[str, set[str]]

    def get_defs_ref(self, core_mode_ref: CoreModeRef) -> DefsRef:
        defs_ref = super().get_defs_ref(core_mode_ref)
        core_ref = core_mode_ref[0]  # "module.QualName:id"
        if "[" in core_ref:  # a parametrised generic model: pydantic's own names
            return defs_ref
        path = core_ref.rsplit(":", 1)[0]
        # pydantic's choices, simplest first: "Name", "Name-Input", "module__Name"…
        choices = self._prioritized_defsref_choices[defs_ref]
        name = component_name(path)
        owner = self.owners.setdefault(name, path)
        if owner != path:
            # Keep the schema true (the module-qualified name is unique) and let the tests fail.
            self.collisions.setdefault(name, {owner}).add(path)
            name = choices[2]
            self.owners[name] = path
        mode = choices[1].rsplit("-", 1)[-1]
        choices[:2] = [DefsRef(name), DefsRef(f"{name}-{mode}")]
        return defs_ref


class _WithGenerator:
    """A ninja parameter or response model whose JSON schema comes from ``generator``: ninja
    passes its own generator in every call of ``model_json_schema``."""

    def __init__(self, model: Any, generator: type[NinjaGenerateJsonSchema]) -> None:
        self._model = model
        self._generator = generator

    def __getattr__(self, name: str) -> Any:
        return getattr(self._model, name)

    def model_json_schema(self, **kwargs: Any) -> dict[str, Any]:
        return self._model.model_json_schema(**{**kwargs, "schema_generator": self._generator})


class LienOpenAPISchema(OpenAPISchema):
    """Ninja's schema, with unique component names, and without the components that nothing
    refers to (query models, which ninja flattens into parameters)."""

    def __init__(self, api: NinjaAPI, path_prefix: str) -> None:
        self.owners: dict[str, str] = {}
        self.collisions: dict[str, set[str]] = {}
        self.generator = type(
            "ComponentNaming", (_ComponentNaming,), {"owners": self.owners, "collisions": self.collisions}
        )
        super().__init__(api, path_prefix)
        used = _refs(self["paths"])
        pending = list(used)
        while pending:
            for name in _refs(self.schemas.get(pending.pop(), {})) - used:
                used.add(name)
                pending.append(name)
        for name in set(self.schemas) - used:
            del self.schemas[name]

    def _wrap(self, model: Any) -> Any:
        return model if isinstance(model, _WithGenerator) else _WithGenerator(model, self.generator)

    def _extract_parameters(self, model: Any) -> list[dict[str, Any]]:
        return super()._extract_parameters(self._wrap(model))

    def _create_schema_from_model(self, model: Any, *args: Any, **kwargs: Any) -> tuple[dict[str, Any], bool]:
        return super()._create_schema_from_model(self._wrap(model), *args, **kwargs)

    def add_schema_definitions(self, definitions: dict) -> None:
        for name, definition in definitions.items():
            if name in COMPONENT_NAMES.values():
                definition["title"] = name
            if name in self.schemas and self.schemas[name] != definition:
                # The same class documented twice, differently (as input and as output).
                self.collisions.setdefault(name, set()).add(self.owners.get(name, name))
        super().add_schema_definitions(definitions)


def _refs(value: Any) -> set[str]:
    """The component names that ``value`` (part of a schema) refers to."""
    if isinstance(value, dict):
        found = {value["$ref"].rsplit("/", 1)[-1]} if isinstance(value.get("$ref"), str) else set()
        return found.union(*(_refs(item) for item in value.values()))
    if isinstance(value, list):
        return set().union(*(_refs(item) for item in value))
    return set()


class LienAPI(NinjaAPI):
    """A NinjaAPI whose OpenAPI schema is ``LienOpenAPISchema``."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> LienOpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return LienOpenAPISchema(self, path_prefix)
