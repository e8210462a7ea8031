"""Verification failures: exit code 1, with a one-line reason naming the file, key or field."""

from aiwarden.core.errors import AiwardenError


class VerificationError(AiwardenError):
    """The model does not match its signature, or the signature does not verify. Fail closed."""

    exit_code = 1

    def __init__(self, reason: str, details: tuple[str, ...] = ()):
        super().__init__(reason)
        self.reason = reason
        self.details = details
