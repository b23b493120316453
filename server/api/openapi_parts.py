"""The pieces the OpenAPI document is built of: shape references, answers, error references,
bodies, operations."""

from server.api.openapi_components import components

BEARER = [{"bearerAuth": []}]


def ref(shape):
    """A reference to a shape (server/api/*_shapes.py) among the document's schemas."""
    return {"$ref": f"#/components/schemas/{shape.__name__}"}


def ok(description, schema=None, media="application/json"):
    answer = {"description": description}
    if schema is not None:
        answer["content"] = {media: {"schema": schema}}
    return answer


def error(name):
    return {"$ref": f"#/components/responses/{name}"}


def json_body(shape, example):
    return {
        "required": True,
        "content": {"application/json": {"schema": ref(shape), "example": example}},
    }


def operation(operation_id, tag, summary, responses, description=None, secured=False, **extra):
    spec = {"operationId": operation_id, "tags": [tag], "summary": summary, "responses": responses}
    if description:
        spec["description"] = description
    spec["security"] = BEARER if secured else []
    if secured:
        responses.setdefault("401", error("Unauthorized"))
    return spec | extra


def query_parameters(shape):
    """The OpenAPI parameters of a query shape, each with its description and example (if it has one:
    a date's example would go stale)."""
    schema = components([shape], [])[shape.__name__]
    required = set(schema.get("required", []))
    parameters = []
    for name, prop in schema["properties"].items():
        parameter = {
            "name": name,
            "in": "query",
            "required": name in required,
            "description": prop.pop("description"),
        }
        example = prop.pop("example", None)
        parameters.append(
            parameter | {"schema": prop} | ({"example": example} if example is not None else {})
        )
    return parameters
