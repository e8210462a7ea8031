"""Where argument values came from, in an OpenAI chat-completions conversation.

A value is *grounded* when it appears in a trusted message (system/user prompts, trusted tools, trusted
fields of structured tool output). Otherwise it is *tainted* by the untrusted messages it appears in, or
*invented* when it appears nowhere. Agents that keep lineage can pass ``LabeledStr`` values (see
``label``); the firewall then uses their labels instead of searching the conversation.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from aiwarden.firewall.policy import Sources

MAX_PARSE = 1_000_000  # structured tool output larger than this is treated as one untrusted blob
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Origin:
    role: str
    index: int
    trusted: bool
    tool: str | None = None
    field: str | None = None

    def describe(self) -> str:
        if self.tool:
            where = f"tool {self.tool} (message {self.index}"
            return where + (f", field {self.field})" if self.field else ")")
        return f"{self.role} message {self.index}"


class LabeledStr(str):
    """A string that remembers its origins. Use ``label`` to make one from a tool output."""

    origins: tuple[Origin, ...]

    def __new__(cls, value: str, origins: tuple[Origin, ...]) -> LabeledStr:
        instance = super().__new__(cls, value)
        instance.origins = origins
        return instance

    def __add__(self, other: str) -> LabeledStr:
        return LabeledStr(str(self) + str(other), self.origins + getattr(other, "origins", ()))

    def __radd__(self, other: str) -> LabeledStr:
        return LabeledStr(str(other) + str(self), getattr(other, "origins", ()) + self.origins)


def label(value: str, *, tool: str, trusted: bool = False, index: int = -1, field: str | None = None) -> LabeledStr:
    """Mark a value produced by a tool, so its provenance survives whatever the agent does with it."""
    return LabeledStr(value, (Origin("tool", index, trusted, tool, field),))


def normalize(text: str) -> str:
    return _SPACES.sub(" ", text.casefold()).strip()


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    origin: Origin


@dataclass(slots=True)
class Grounding:
    trusted: list[Origin] = field(default_factory=list)
    untrusted: list[Origin] = field(default_factory=list)

    @property
    def grounded(self) -> bool:
        return bool(self.trusted)

    @property
    def tainted(self) -> bool:
        return not self.trusted and bool(self.untrusted)

    @property
    def invented(self) -> bool:
        return not self.trusted and not self.untrusted


def content_text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # content parts
        return "\n".join(str(p.get("text", "")) for p in content if isinstance(p, dict))
    return "" if content is None else json.dumps(content)


class Conversation:
    """The messages before a tool call, indexed once as normalized segments with their origins."""

    def __init__(self, messages: list[dict[str, Any]], sources: Sources):
        self.segments: list[Segment] = []
        self.untrusted_seen = False
        self.calls: list[str] = []  # tool names called so far, in order
        tool_names: dict[str, str] = {}
        for index, message in enumerate(messages):
            role = str(message.get("role", ""))
            if role == "assistant":
                for call in message.get("tool_calls") or []:
                    name = (call.get("function") or {}).get("name") if isinstance(call, dict) else None
                    if isinstance(name, str):
                        tool_names[str(call.get("id", ""))] = name
                        self.calls.append(name)
                continue
            text = content_text(message.get("content"))
            if role in ("tool", "function"):
                name = message.get("name") or tool_names.get(str(message.get("tool_call_id", "")), "?")
                self._tool_output(str(name), index, text, sources)
            else:
                trusted = role in sources.trusted_roles
                self.untrusted_seen |= not trusted
                self.segments.append(Segment(normalize(text), Origin(role, index, trusted)))

    def _tool_output(self, name: str, index: int, text: str, sources: Sources) -> None:
        if name in sources.trusted_tools:
            self.segments.append(Segment(normalize(text), Origin("tool", index, True, name)))
            return
        fields = sources.untrusted_fields.get(name)
        parsed = _structured(text) if fields is not None else None
        if parsed is None:
            self.untrusted_seen = True
            self.segments.append(Segment(normalize(text), Origin("tool", index, False, name)))
            return
        for path, value in _leaves(parsed, ()):
            trusted = not (fields and any(part in fields for part in path))
            self.untrusted_seen |= not trusted
            origin = Origin("tool", index, trusted, name, ".".join(path) or None)
            self.segments.append(Segment(normalize(value), origin))

    def locate(self, value: Any) -> Grounding:
        """Where every atom (string or number) of a value appears; a value is grounded if all atoms are."""
        labels = getattr(value, "origins", None)
        if labels:
            grounding = Grounding()
            for origin in labels:
                (grounding.trusted if origin.trusted else grounding.untrusted).append(origin)
            return grounding
        atoms = list(_atoms(value))
        if not atoms:
            return Grounding(trusted=[Origin("literal", -1, True)])
        trusted: list[Origin] = []
        untrusted: list[Origin] = []
        invented = False
        for atom in atoms:
            found = self._locate_atom(atom)
            if found.trusted:
                trusted.extend(found.trusted)
            elif found.untrusted:
                untrusted.extend(found.untrusted)
            else:
                invented = True
        if untrusted:  # some part of the value is known only from untrusted content
            return Grounding(untrusted=untrusted)
        if invented:
            return Grounding()
        return Grounding(trusted=trusted)

    def _locate_atom(self, atom: str) -> Grounding:
        grounding = Grounding()
        boundary = len(atom) < 4 or atom.replace(".", "").isdigit()
        pattern = re.compile(rf"(?<!\w){re.escape(atom)}(?!\w)") if boundary else None
        for segment in self.segments:
            hit = pattern.search(segment.text) if pattern else atom in segment.text
            if hit:
                (grounding.trusted if segment.origin.trusted else grounding.untrusted).append(segment.origin)
        return grounding


def _atoms(value: Any, depth: int = 0) -> Iterator[str]:
    if depth > 16:
        return
    if isinstance(value, bool) or value is None:
        return
    if isinstance(value, int | float):
        yield str(int(value)) if float(value).is_integer() else str(value)
    elif isinstance(value, str):
        text = normalize(value)
        if text:
            yield text
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _atoms(item, depth + 1)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _atoms(item, depth + 1)


def _structured(text: str) -> Any:
    if len(text) > MAX_PARSE:
        return None
    try:
        parsed = json.loads(text)
    except ValueError:
        import yaml

        try:
            parsed = yaml.safe_load(text)
        except yaml.YAMLError:
            return None
    return parsed if isinstance(parsed, dict | list) else None


def _leaves(value: Any, path: tuple[str, ...], depth: int = 0) -> Iterator[tuple[tuple[str, ...], str]]:
    if depth > 32:
        return
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, str(key)), depth + 1)
    elif isinstance(value, list):
        for item in value:
            yield from _leaves(item, path, depth + 1)
    elif value is not None:
        yield path, str(value)
