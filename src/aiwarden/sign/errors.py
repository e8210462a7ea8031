"""Verification failures, with a one-line reason naming the file, key, certificate or field."""

from aiwarden.core.errors import AiwardenError


class VerificationError(AiwardenError):
    """The model does not match its signature, or the signature does not verify. Fail closed. Exit code 1."""

    exit_code = 1

    def __init__(self, reason: str, details: tuple[str, ...] = ()):
        super().__init__(reason)
        self.reason = reason
        self.details = details


class UnverifiableError(VerificationError):
    """The model directory or its signature cannot be read (missing, unreadable, not a directory). Still a
    VerificationError, so ``except VerificationError`` refuses the model; exit code 2 like other I/O errors."""

    exit_code = 2
