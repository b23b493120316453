"""The OpenAPI 3.0 schemas of the shapes (server/api/*_shapes.py). Pydantic writes JSON Schema
2020-12; OpenAPI 3.0 says "nullable" where it says `anyOf [..., null]`, "example" for "examples".
A nested shape not listed itself is written out where it is used, as is a shape that may be null."""

from pydantic.json_schema import models_json_schema

REF = "#/components/schemas/{model}"
NULL = {"type": "null"}
VALUES = ("example", "enum", "default")  # data, not schemas: copied as they are


def components(inputs, outputs):
    """{name: schema} for each shape: `inputs` as the API reads them, `outputs` as it writes them."""
    shapes = [(shape, "validation") for shape in inputs] + [(shape, "serialization") for shape in outputs]
    _, document = models_json_schema(shapes, ref_template=REF)
    definitions, named = document["$defs"], [shape.__name__ for shape, _ in shapes]
    convert = _Converter(definitions, set(named))
    return {name: convert(definitions[name]) for name in named}


class _Converter:
    def __init__(self, definitions, named):
        self.definitions, self.named = definitions, named

    def __call__(self, schema):
        if isinstance(schema, list):
            return [self(item) for item in schema]
        if not isinstance(schema, dict):
            return schema
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            return schema if name in self.named else self(self.definitions[name])
        options = schema.get("anyOf", [])
        if len(options) == 2 and NULL in options:
            return self._nullable(schema, next(option for option in options if option != NULL))
        return {
            "example" if key == "examples" else key: self._value(key, value)
            for key, value in schema.items()
            if key != "title" and not (key == "default" and value is None)
        }

    def _nullable(self, schema, inner):
        if "$ref" in inner:  # OpenAPI 3.0 ignores keywords beside a $ref: the shape is written out
            inner = self.definitions[inner["$ref"].rsplit("/", 1)[-1]]
        rest = {key: value for key, value in schema.items() if key != "anyOf"}
        merged = {**self(inner), **self(rest), "nullable": True}
        if "enum" in merged:
            merged["enum"] = [*merged["enum"], None]
        return merged

    def _value(self, key, value):
        if key == "examples":
            return value[0]
        if key in VALUES:
            return value
        if key == "properties":
            return {name: self(schema) for name, schema in value.items()}
        return self(value)
