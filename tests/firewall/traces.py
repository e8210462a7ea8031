"""OpenAI-format tool calls and conversations for the firewall's tests: one builder instead of a copy per file."""

from __future__ import annotations

import json
import tomllib
from typing import Any

from aiwarden.firewall import Firewall
from aiwarden.firewall.policy import parse_policy


def firewall_from(policy: str) -> Firewall:
    return Firewall(parse_policy(tomllib.loads(policy)))


def call(name: str, **arguments: Any) -> dict[str, Any]:
    return {"id": "call", "type": "function", "function": {"name": name, "arguments": json.dumps(arguments)}}


def conversation(system: str, user: str, *tool_results: tuple[str, str]) -> list[dict[str, Any]]:
    """A system prompt, one user message, then each (tool, output) as an assistant call and its result."""
    messages: list[dict[str, Any]] = [{"role": "system", "content": system}, {"role": "user", "content": user}]
    for i, (tool, output) in enumerate(tool_results):
        messages.append({"role": "assistant", "tool_calls": [call(tool) | {"id": f"c{i}"}]})
        messages.append({"role": "tool", "tool_call_id": f"c{i}", "content": output})
    return messages
