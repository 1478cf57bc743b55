"""JSON Schemas of the data files (draft-07, as editors and SchemaStore read them)."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from inspcheck import models

DRAFT_07 = "http://json-schema.org/draft-07/schema#"

SCHEMAS: dict[str, tuple[type[BaseModel], str]] = {
    "recommendations.schema.json": (
        models.RegisterFile,
        "inspcheck register: agencies, inspections and recommendations (recommendations.yaml)",
    ),
    "responses.schema.json": (
        models.ResponsesFile,
        "inspcheck responses: one agency's responses (responses/<agency>.yaml)",
    ),
    "settings.schema.json": (models.Settings, "inspcheck settings (inspcheck.yaml)"),
}


class _Draft07(GenerateJsonSchema):
    """An optional key is left out, never null: say so, and say nothing of null defaults."""

    def nullable_schema(self, schema: core_schema.NullableSchema) -> JsonSchemaValue:
        return self.generate_inner(schema["schema"])

    def default_schema(self, schema: core_schema.WithDefaultSchema) -> JsonSchemaValue:
        json_schema = super().default_schema(schema)
        if json_schema.get("default", ...) is None:
            json_schema.pop("default")
        return json_schema


def schema(model: type[BaseModel], title: str) -> dict[str, Any]:
    generated = model.model_json_schema(
        ref_template="#/definitions/{model}", schema_generator=_Draft07
    )
    out: dict[str, Any] = {"$schema": DRAFT_07, "title": title}
    out.update((k, v) for k, v in generated.items() if k not in ("$defs", "title"))
    if "$defs" in generated:
        out["definitions"] = generated["$defs"]
    return out


def render_all() -> dict[str, str]:
    """File name -> JSON text, stable byte for byte."""
    return {
        name: json.dumps(schema(model, title), indent=2, ensure_ascii=False) + "\n"
        for name, (model, title) in SCHEMAS.items()
    }
