"""MCP tools: pin definitions by hash (a changed description is a "rug pull"), lint descriptions for hidden
instructions, and map `tools/call` requests onto the firewall's tool calls."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from aiwarden.core.errors import UsageError

# Instructions addressed to the model inside a tool description: the tool-poisoning pattern.
_HIDDEN = [
    (re.compile(r"<\s*(important|system|instructions?|secret)\s*>", re.I), "markup addressed to the model"),
    (re.compile(r"\b(ignore|disregard|forget)\b.{0,40}\b(previous|prior|above|other)\b.{0,40}"
                r"\b(instructions?|rules|tools?)\b", re.I | re.S), "asks to ignore other instructions"),
    (re.compile(r"\b(do not|don't|never)\b.{0,30}\b(tell|inform|mention|reveal|show)\b.{0,30}\buser\b",
                re.I | re.S), "asks to hide something from the user"),
    (re.compile(r"\b(before|after|instead of)\b.{0,40}\b(using|calling)\b.{0,40}\b(this|any|other)\b.{0,10}"
                r"\btools?\b", re.I | re.S), "tries to steer other tool calls"),
    (re.compile(r"(~|\$HOME|/home/\w+|/root)/\.(ssh|aws|config|env|netrc|npmrc|pypirc)|id_rsa|\.env\b"
                r"|credentials|private key", re.I), "refers to credentials or secret files"),
    (re.compile(r"\b(send|post|upload|forward|exfiltrate|copy)\b.{0,60}\b(to|into)\b.{0,40}"
                r"(https?://|\w+@\w+\.\w+)", re.I | re.S), "asks to send data to an address"),
]
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\U000e0000-\U000e007f]")


def canonical(tool: dict[str, Any]) -> bytes:
    """The part of an MCP tool definition that decides behaviour, in canonical JSON."""
    body = {k: tool.get(k) for k in ("name", "description", "inputSchema", "annotations") if k in tool}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


@dataclass(frozen=True, slots=True)
class ToolIssue:
    tool: str
    kind: str  # "changed" | "new" | "removed" | "nameless" | "duplicate" | "hidden-instruction" | "invisible-text"
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"tool": self.tool, "kind": self.kind, "message": self.message}


class PinError(UsageError):
    """The tool list cannot be pinned one definition per name."""


def naming_issues(tools: list[dict[str, Any]]) -> list[ToolIssue]:
    """Tools a pin file cannot tell apart: without a name (a client cannot call it by name either) or sharing
    a name with an earlier tool (one of the definitions would go unpinned)."""
    issues = []
    first: dict[str, int] = {}
    for index, tool in enumerate(tools):
        name = tool.get("name")
        if not isinstance(name, str) or not name:
            issues.append(ToolIssue("", "nameless", f"tool {index} has no name"))
        elif name in first:
            issues.append(ToolIssue(name, "duplicate", f"tools {first[name]} and {index} are both named {name!r}"))
        else:
            first[name] = index
    return issues


def pin(tools: list[dict[str, Any]]) -> dict[str, str]:
    """name -> SHA-256 of each tool's definition; raises PinError unless every tool has its own name."""
    issues = naming_issues(tools)
    if issues:
        more = f" ({len(issues) - 1} more such problem(s))" if len(issues) > 1 else ""
        raise PinError(f"{issues[0].message}: cannot pin it{more}")
    return {str(t["name"]): _digest(t) for t in tools}


def _digest(tool: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(tool)).hexdigest()


def check_pins(tools: list[dict[str, Any]], pins: dict[str, str]) -> list[ToolIssue]:
    """Naming problems, then every definition compared with the pin of its name (each of two tools sharing a
    name is compared, so a second definition cannot hide behind a pinned first one)."""
    issues = naming_issues(tools)
    named = sorted((str(t["name"]), _digest(t)) for t in tools if isinstance(t.get("name"), str) and t["name"])
    for name, digest in named:
        if name not in pins:
            issues.append(ToolIssue(name, "new", f"tool {name!r} is not pinned"))
        elif pins[name] != digest:
            issues.append(ToolIssue(name, "changed", f"tool {name!r} changed since it was pinned (rug pull?)"))
    for name in sorted(set(pins) - {name for name, _ in named}):
        issues.append(ToolIssue(name, "removed", f"pinned tool {name!r} is no longer offered"))
    return list({(i.kind, i.message): i for i in issues}.values())


def lint(tool: dict[str, Any]) -> list[ToolIssue]:
    name = str(tool.get("name") or "(nameless tool)")
    texts = [str(tool.get("description") or "")]
    schema = tool.get("inputSchema")
    if isinstance(schema, dict):
        texts += [str(p.get("description", "")) for p in (schema.get("properties") or {}).values()
                  if isinstance(p, dict)]
    issues = []
    for text in texts:
        if _INVISIBLE.search(text):
            issues.append(ToolIssue(name, "invisible-text", f"{name}: description contains invisible characters"))
        folded = unicodedata.normalize("NFKC", _INVISIBLE.sub("", text))
        for pattern, why in _HIDDEN:
            if pattern.search(folded):
                issues.append(ToolIssue(name, "hidden-instruction", f"{name}: description {why}"))
    return list({(i.kind, i.message): i for i in issues}.values())


def tool_call_from_mcp(request: dict[str, Any]) -> dict[str, Any]:
    """A JSON-RPC `tools/call` request as a tool call the firewall understands."""
    if request.get("method") != "tools/call" or not isinstance(request.get("params"), dict):
        raise ValueError("not an MCP tools/call request")
    params = request["params"]
    return {"id": str(request.get("id", "")), "type": "function",
            "function": {"name": str(params.get("name", "")), "arguments": json.dumps(params.get("arguments") or {})}}
