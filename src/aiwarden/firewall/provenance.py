"""Where argument values came from, in an OpenAI chat-completions conversation.

A value is *grounded* when it appears in a trusted message (system/user prompts, trusted tools, trusted
fields of structured tool output). Otherwise it is *tainted* by the untrusted messages it appears in, or
*invented* when it appears nowhere. Agents that keep lineage can pass ``LabeledStr`` values (see
``label``); the firewall then uses their labels instead of searching the conversation.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from aiwarden.firewall.passages import Passages
from aiwarden.firewall.policy import Sources

MAX_OCCURRENCES = 8  # places per segment checked against flagged passages
MIN_COPIED_TEXT = 12  # shorter free text is too common to call a copy of an injected passage
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

    def __init__(self, messages: list[dict[str, Any]], sources: Sources, passages: Passages | None = None):
        self.passages = passages
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
        leaves = _structured_leaves(text) if fields is not None else None
        if leaves is None:
            self.untrusted_seen = True
            self.segments.append(Segment(normalize(text), Origin("tool", index, False, name)))
            return
        for path, value in leaves:
            trusted = not (fields and any(part in fields for part in path))
            self.untrusted_seen |= not trusted
            origin = Origin("tool", index, trusted, name, ".".join(path) or None)
            self.segments.append(Segment(value, origin))

    def locate(self, value: Any, grounded_by: tuple[str, ...] = ()) -> Grounding:
        """Where every atom (string or number) of a value appears; a value is grounded if all atoms are.

        With grounded_by, only those sources ("user", a tool name, "tool.field") can ground it.
        """
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
            if grounded_by:
                found.trusted = [o for o in found.trusted if _origin_matches(o, grounded_by)]
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

    def injected(self, value: Any, whole_text: bool = False) -> list[Origin]:
        """Untrusted origins where a passage flagged as an injected instruction names the value (or, with
        whole_text, contains the whole text verbatim). Values the system or user prompt names are exempt."""
        if self.passages is None:
            return []
        if whole_text:
            text = normalize(value) if isinstance(value, str) else ""
            atoms = [text] if len(text) >= MIN_COPIED_TEXT else []
        else:
            atoms = list(_atoms(value))
        origins: list[Origin] = []
        for atom in atoms:
            if any(_occurrences(atom, s.text, 1) for s in self.segments if s.origin.trusted and s.origin.tool is None):
                continue
            for segment in self.segments:
                if segment.origin.trusted:
                    continue
                if any(self.passages.covers(segment.text, start, end)
                       for start, end in _token_occurrences(atom, segment.text, MAX_OCCURRENCES)):
                    origins.append(segment.origin)
        return origins

    def _locate_atom(self, atom: str) -> Grounding:
        grounding = Grounding()
        pattern = _atom_pattern(atom)
        for segment in self.segments:
            hit = pattern.search(segment.text) if pattern else atom in segment.text
            if hit:
                (grounding.trusted if segment.origin.trusted else grounding.untrusted).append(segment.origin)
        return grounding


def _occurrences(atom: str, text: str, limit: int) -> list[tuple[int, int]]:
    pattern = _atom_pattern(atom)
    if pattern is not None:
        return [m.span() for _, m in zip(range(limit), pattern.finditer(text), strict=False)]
    spans: list[tuple[int, int]] = []
    start = text.find(atom)
    while start >= 0 and len(spans) < limit:
        spans.append((start, start + len(atom)))
        start = text.find(atom, start + 1)
    return spans


@functools.lru_cache(maxsize=8192)
def _token_pattern(atom: str) -> re.Pattern[str]:
    """An atom as a whole token, not a piece of a URL, address or path ("random" is not named by ".../random")."""
    return re.compile(rf"(?<![\w./@:-]){re.escape(atom)}(?![\w/@-]|[.:]\w)")


def _token_occurrences(atom: str, text: str, limit: int) -> list[tuple[int, int]]:
    if atom not in text:
        return []
    return [m.span() for _, m in zip(range(limit), _token_pattern(atom).finditer(text), strict=False)]


def _origin_matches(origin: Origin, allowed: tuple[str, ...]) -> bool:
    if origin.tool is None:
        return origin.role in allowed
    if origin.tool in allowed:
        return True
    field = origin.field or ""
    return any(entry == f"{origin.tool}.{field}" or entry == f"{origin.tool}.{field.rsplit('.', 1)[-1]}"
               for entry in allowed)


_TARGETS = re.compile(
    r"https?://[^\s<>\"')\]]+"  # URLs
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail addresses
    r"|\b[A-Z]{2}\d{2}[A-Z0-9]{10,30}\b"  # IBAN-shaped account numbers
    r"|\bwww\.[\w-]+(?:\.[\w-]+)+[^\s<>\"')\]]*",
    re.IGNORECASE,
)


def targets_in_text(value: Any) -> list[str]:
    """Where a free-text argument could send something: the URLs, e-mail addresses and account numbers in it."""
    texts = [value] if isinstance(value, str) else [str(v) for v in _atoms(value)]
    return [m.group(0).rstrip(".,;:!?") for text in texts for m in _TARGETS.finditer(text)]


_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec")
_MONTH = "(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b"
_NOT_AFTER_MONTH = "".join(rf"(?<!{m} )(?<!{m}\. )" for m in _MONTHS)  # fixed-width look-behinds, one per month


@functools.lru_cache(maxsize=8192)
def _atom_pattern(atom: str) -> re.Pattern[str] | None:
    """Short strings and numbers must match as whole tokens; numbers not inside dates, times or decimals
    ("13" is not grounded by "2024-05-13 10:30")."""
    if atom.replace(".", "").isdigit():
        # Not a day of the month either: "June 13" or "13 June" is a date, not the id 13.
        return re.compile(rf"(?<![\w.:/-]){_NOT_AFTER_MONTH}{re.escape(atom)}(?!\w|[.:/-]\d|(?:st|nd|rd|th)?\s+"
                          rf"(?:of\s+)?{_MONTH})")
    if len(atom) < 4:
        return re.compile(rf"(?<!\w){re.escape(atom)}(?!\w)")
    return None


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


@functools.lru_cache(maxsize=4096)
def _structured_leaves(text: str) -> tuple[tuple[tuple[str, ...], str], ...] | None:
    """(field path, normalized value) of every leaf of a JSON or YAML tool output; None if unstructured.

    Cached: an agent loop re-checks the same earlier outputs at every call.
    """
    if len(text) > MAX_PARSE:
        return None
    try:
        parsed = json.loads(text)
    except ValueError:
        import yaml

        try:
            # The C build of the safe loader when available: plain data only, and 10x faster.
            parsed = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except yaml.YAMLError:
            return None
    if not isinstance(parsed, dict | list):
        return None
    return tuple((path, normalize(value)) for path, value in _leaves(parsed, ()))


def _leaves(value: Any, path: tuple[str, ...], depth: int = 0) -> Iterator[tuple[tuple[str, ...], str]]:
    if depth > 32:
        return
    if isinstance(value, dict):
        for key, item in value.items():
            yield path, str(key)  # keys carry data too: {"john@x.com": "rw"}
            yield from _leaves(item, (*path, str(key)), depth + 1)
    elif isinstance(value, list):
        for item in value:
            yield from _leaves(item, path, depth + 1)
    elif value is not None:
        yield path, str(value)
