"""Prompt guard: detect direct and indirect prompt injection, jailbreaks, smuggled text and unsafe output.

    from aiwarden.guard import Guard
    result = Guard().scan_input("Ignore all previous instructions", source="user")
    result.action  # "block"
"""

from aiwarden.guard.guard import Guard, GuardResult
from aiwarden.guard.spotlight import datamark, delimit, encode
from aiwarden.guard.types import GuardFinding, OutputContext

__all__ = ["Guard", "GuardFinding", "GuardResult", "OutputContext", "datamark", "delimit", "encode"]
