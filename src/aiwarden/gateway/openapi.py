"""The OpenAPI 3.0 description of the routes the gateway serves (the OpenAI subset it proxies), served at
/openapi.json and used to fuzz the gateway."""

from __future__ import annotations

from typing import Any

_ERROR = {"type": "object", "required": ["error"], "properties": {"error": {
    "type": "object", "required": ["message", "type", "code"],
    "properties": {"message": {"type": "string"}, "type": {"type": "string"},
                   "param": {"type": "string", "nullable": True}, "code": {"type": "string"}}}}}
_CONTENT = {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "object", "properties": {
    "type": {"type": "string"}, "text": {"type": "string"}}}}], "nullable": True}
_MESSAGE = {"type": "object", "required": ["role"], "properties": {
    "role": {"type": "string", "enum": ["system", "developer", "user", "assistant", "tool"]},
    "content": _CONTENT, "name": {"type": "string"}, "tool_call_id": {"type": "string"}}}
_COMMON = {"model": {"type": "string", "minLength": 1}, "stream": {"type": "boolean"},
           "max_tokens": {"type": "integer", "minimum": 1}, "temperature": {"type": "number"},
           "n": {"type": "integer", "minimum": 1}, "logprobs": {}, "top_logprobs": {"type": "integer"}}


def _errors(*statuses: int) -> dict[str, Any]:
    return {str(s): {"description": "error", "content": {"application/json": {"schema": _ERROR}}} for s in statuses}


def _post(summary: str, required: list[str], properties: dict[str, Any]) -> dict[str, Any]:
    return {"post": {
        "summary": summary, "security": [{"bearer": []}],
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "required": required, "properties": {**_COMMON, **properties}}}}},
        "responses": {"200": {"description": "the upstream's answer", "content": {
            "application/json": {"schema": {"type": "object"}}, "text/event-stream": {"schema": {"type": "string"}}}},
            **_errors(400, 401, 403, 404, 405, 408, 413, 429, 502, 503, 504)}}}


def schema() -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "aiwarden gateway", "version": "1"},
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        "paths": {
            "/v1/chat/completions": _post("chat completion", ["model", "messages"],
                                          {"messages": {"type": "array", "items": _MESSAGE, "minItems": 1}}),
            "/v1/completions": _post("text completion", ["model", "prompt"], {"prompt": {
                "oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}}),
            "/v1/embeddings": _post("embeddings", ["model", "input"], {"input": {
                "oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}}),
            "/v1/models": {"get": {"summary": "models", "security": [{"bearer": []}], "responses": {
                "200": {"description": "model list", "content": {"application/json": {"schema": {"type": "object"}}}},
                **_errors(401, 403, 405, 502, 504)}}},
            "/healthz": {"get": {"summary": "readiness", "responses": {"200": {"description": "ready"},
                                                                       **_errors(405, 503)}}},
        },
    }
