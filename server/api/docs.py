"""GET /api/v1/docs: the OpenAPI document as a page in Chinese, rendered on the server (no CDN)."""

import json

from flask import render_template

from server.api import bp
from server.api.openapi import DOCUMENT

METHODS = ("get", "post", "put", "patch", "delete")
TYPE_NAMES = {"string": "字符串", "integer": "整数", "number": "数字", "boolean": "布尔", "object": "对象"}


@bp.get("/docs")
def docs():
    return render_template(
        "api/docs.html",
        info=DOCUMENT["info"],
        base=DOCUMENT["servers"][0]["url"],
        tags=[(tag, _operations(tag["name"])) for tag in DOCUMENT["tags"]],
        schemas=[(name, _rows(schema)) for name, schema in DOCUMENT["components"]["schemas"].items()],
        schema_names=set(DOCUMENT["components"]["schemas"]),
        error_example=_pretty(DOCUMENT["components"]["responses"]["ValidationFailed"]),
    )


def _operations(tag):
    return [
        _operation(path, method, spec)
        for path, methods in DOCUMENT["paths"].items()
        for method, spec in methods.items()
        if method in METHODS and tag in spec["tags"]
    ]


def _operation(path, method, spec):
    media, body = next(iter(spec.get("requestBody", {}).get("content", {}).items()), (None, None))
    return {
        "id": spec["operationId"],
        "method": method.upper(),
        "path": path,
        "summary": spec["summary"],
        "description": spec.get("description", ""),
        "secured": bool(spec["security"]),
        "parameters": [_parameter(p) for p in spec.get("parameters", [])],
        "body_schema": _ref_name(body["schema"]) if body else None,
        "body_media": "JSON" if media == "application/json" else media,
        "responses": [_response(status, spec["responses"][status]) for status in sorted(spec["responses"])],
        "example": _example_request(path, method, spec, media, body),
    }


def _parameter(parameter):
    return {
        "name": parameter["name"],
        "where": {"query": "查询参数", "header": "请求头", "path": "路径"}[parameter["in"]],
        "required": parameter.get("required", False),
        "type": describe_type(parameter["schema"]),
        "description": parameter.get("description", ""),
    }


def _response(status, answer):
    if "$ref" in answer:
        answer = DOCUMENT["components"]["responses"][_ref_name(answer)]
    content = answer.get("content", {})
    media, schema = next(((m, c["schema"]) for m, c in content.items()), (None, None))
    return {
        "status": status,
        "description": answer["description"],
        "media": media,
        "type": describe_type(schema) if schema else "（无内容）",
    }


def _example_request(path, method, spec, media, body):
    parameters = [p for p in spec.get("parameters", []) if "example" in p]
    query = "&".join(f"{p['name']}={p['example']}" for p in parameters if p["in"] == "query")
    for parameter in (p for p in parameters if p["in"] == "path"):
        path = path.replace("{" + parameter["name"] + "}", str(parameter["example"]))
    lines = [
        f"curl -X {method.upper()} 'https://<域名>{DOCUMENT['servers'][0]['url']}{path}"
        + (f"?{query}'" if query else "'")
    ]
    if spec["security"]:
        lines.append("  -H 'Authorization: Bearer <token>'")
    if body and media == "multipart/form-data":
        fields = _schema(body)["properties"].items()
        lines += [_form_field(name, prop, body["example"]) for name, prop in fields]
    elif body:
        lines.append("  -H 'Content-Type: application/json'")
        lines.append(f"  -d '{json.dumps(body['example'], ensure_ascii=False, indent=2)}'")
    return " \\\n".join(lines)


def _form_field(name, prop, example):
    value = "@<文件路径>" if prop.get("format") == "binary" else example.get(name, "")
    return f"  -F '{name}={value}'"


def _schema(body):
    return DOCUMENT["components"]["schemas"][_ref_name(body["schema"])]


def _rows(schema, prefix=""):
    """One row per property (nested objects' too, as `category.name`, `missing_fields[].label`)."""
    required = set(schema.get("required", []))
    rows = []
    for name, prop in schema.get("properties", {}).items():
        rows.append(_row(prefix + name, prop, name in required))
        inner, mark = (prop["items"], "[].") if prop.get("type") == "array" else (prop, ".")
        if "properties" in inner:
            rows += _rows(inner, prefix + name + mark)
    return rows


def _row(name, prop, required):
    return {
        "name": name,
        "type": describe_type(prop),
        "required": required,
        "description": prop.get("description", ""),
        "enum": [v for v in prop.get("enum", []) if v is not None],
        "example": json.dumps(prop["example"], ensure_ascii=False) if "example" in prop else "",
    }


def describe_type(schema):
    """A short Chinese description of a schema's type: 字符串（date）, 数组<Category>, 对象…"""
    if "$ref" in schema:
        return _ref_name(schema)
    kind = schema.get("type", "object")
    if kind == "array":
        text = f"数组<{describe_type(schema['items'])}>"
    else:
        text = TYPE_NAMES.get(kind, kind)
        if schema.get("format"):
            text += f"（{schema['format']}）"
    return text + ("，可为空" if schema.get("nullable") else "")


def _ref_name(schema):
    return schema["$ref"].rsplit("/", 1)[-1]


def _pretty(response):
    return json.dumps(response["content"]["application/json"]["example"], ensure_ascii=False, indent=2)
