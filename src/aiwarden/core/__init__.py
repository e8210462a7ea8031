"""Core types shared by every aiwarden capability. Standard library only; imports nothing of ours."""

from aiwarden.core.errors import AiwardenError, ConfigError, UsageError
from aiwarden.core.findings import Finding, Location, Report, ScanError, Severity, Skipped

__all__ = [
    "AiwardenError",
    "ConfigError",
    "Finding",
    "Location",
    "Report",
    "ScanError",
    "Severity",
    "Skipped",
    "UsageError",
]
