"""One error base whose message is a one-line diagnostic for users; the CLI catches only this base."""


class AiwardenError(Exception):
    """A user-facing error: bad input, bad config, unreadable file. Never a bug."""

    exit_code = 2

    def diagnostic(self) -> str:
        return str(self)


class UsageError(AiwardenError):
    """The command line or API was called wrongly."""


class ConfigError(AiwardenError):
    """The configuration file is malformed or has unknown keys."""
