"""What the secrets detector acts on in a text: the reader the secret-form tests share."""

from __future__ import annotations

from aiwarden.core.findings import Severity
from aiwarden.guard import secrets
from aiwarden.guard.types import OutputContext

CTX = OutputContext()


def acted(text: str) -> list[str]:
    """The values the secrets detector redacts or blocks in ``text``."""
    return [text[f.span[0]:f.span[1]] for f in secrets.detect(text, CTX)
            if f.span is not None and f.severity > Severity.INFO]
