"""The bodies of signed requests, parsed by hand after the signature check: into their wire
model (422 ``validation_failed`` naming the fields, 400 ``bad_json``) and into the OpenAPI
document as the route's request body."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from central.errors import BadJson, PlatformError, ValidationFailed


def json_body(model: str) -> dict[str, Any]:
    """The OpenAPI request body of a route that parses its body by hand, after the
    signature check (the schema itself is added by ``central.app``'s ``_install_openapi``)."""
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{model}"}}},
        }
    }


def _clean_errors(errors: Any) -> list[dict[str, Any]]:
    return [
        {
            "loc": [p if isinstance(p, int) else str(p) for p in error.get("loc", ())],
            "type": str(error.get("type", "")),
            "msg": str(error.get("msg", "")),
        }
        for error in list(errors)[:50]
    ]


M = TypeVar("M", bound=BaseModel)


def parsed(model: type[M], body: bytes) -> M:
    """A signed request's body as ``model`` (parsed by hand, after the signature check);
    422 ``validation_failed`` naming the fields otherwise."""
    try:
        return model.model_validate_json(body)
    except ValidationError as exc:
        raise validation_failure(exc.errors()) from None


# How pydantic's JSON parser says a document nests deeper than it reads (200 levels).
_TOO_DEEP = "recursion limit exceeded"


def validation_failure(errors: Any) -> PlatformError:
    cleaned = _clean_errors(errors)
    if any(e["type"] == "json_invalid" and _TOO_DEEP in e["msg"] for e in cleaned):
        return BadJson(
            "请求内容的 JSON 嵌套层数过多，平台不予解析。",
            "The request body's JSON is nested too deeply to be read.",
            details={"errors": cleaned, "reason": "nested_too_deeply"},
        )
    if any(e["type"] == "json_invalid" for e in cleaned):
        return BadJson(
            "请求内容不是合法的 JSON。",
            "The request body is not valid JSON.",
            details={"errors": cleaned},
        )
    where = "; ".join(".".join(str(p) for p in e["loc"]) + ": " + e["msg"] for e in cleaned[:5])
    return ValidationFailed(
        f"请求内容不符合接口格式：{where}",
        f"The request does not match the API schema: {where}",
        details={"errors": cleaned},
    )
