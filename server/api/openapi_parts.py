"""The pieces the OpenAPI document is built of: answers, error references, bodies, operations."""

from server.api.openapi_schemas import ref

BEARER = [{"bearerAuth": []}]


def ok(description, schema=None, media="application/json"):
    answer = {"description": description}
    if schema is not None:
        answer["content"] = {media: {"schema": schema}}
    return answer


def error(name):
    return {"$ref": f"#/components/responses/{name}"}


def json_body(schema_name, example):
    return {
        "required": True,
        "content": {"application/json": {"schema": ref(schema_name), "example": example}},
    }


def operation(operation_id, tag, summary, responses, description=None, secured=False, **extra):
    spec = {"operationId": operation_id, "tags": [tag], "summary": summary, "responses": responses}
    if description:
        spec["description"] = description
    spec["security"] = BEARER if secured else []
    if secured:
        responses.setdefault("401", error("Unauthorized"))
    return spec | extra
