"""Errors in the OpenAI error shape, ``{"error": {"message", "type", "param", "code"}}``, with the status each
kind of refusal gets. Clients written for the OpenAI API show these messages as they are."""

from __future__ import annotations

import json
from typing import Any

# status -> OpenAI error type
_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    405: "invalid_request_error",
    408: "invalid_request_error",
    413: "invalid_request_error",
    429: "rate_limit_error",
    500: "server_error",
    502: "upstream_error",
    503: "service_unavailable",
    504: "upstream_timeout",
}


class GatewayRefusal(Exception):
    """Raised anywhere in a request's handling to answer with an OpenAI-shaped error."""

    def __init__(self, status: int, message: str, code: str, headers: dict[str, str] | None = None,
                 param: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code
        self.headers = headers or {}
        self.param = param

    def body(self) -> bytes:
        return error_body(self.status, self.message, self.code, self.param)


def error_body(status: int, message: str, code: str, param: str | None = None) -> bytes:
    error: dict[str, Any] = {"message": message, "type": _TYPES.get(status, "server_error"), "param": param,
                             "code": code}
    return json.dumps({"error": error}, ensure_ascii=False).encode("utf-8")
