"""Where argument values came from, in an OpenAI chat-completions conversation.

A value is *grounded* when it appears in a trusted message (system/user prompts, trusted tools, trusted
fields of structured tool output). Otherwise it is *tainted* by the untrusted messages it appears in, or
*invented* when it appears nowhere. Agents that keep lineage can pass ``LabeledStr`` values (see
``label``); the firewall then uses their labels instead of searching the conversation.
"""

from __future__ import annotations

import functools
import itertools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from aiwarden.firewall.intents import Intent
from aiwarden.firewall.passages import Passages
from aiwarden.firewall.policy import Sources
from aiwarden.firewall.textfold import deobfuscated, fold

MAX_OCCURRENCES = 8  # places per segment checked against flagged passages
MIN_COPIED_TEXT = 12  # shorter free text is too common to call a copy of an injected passage
MAX_PARSE = 1_000_000  # structured tool output larger than this is treated as one untrusted blob
SENTENCE_REACH = 200  # how far around a value its sentences are searched for a word that asks for an action
MAX_ALIASES = 8  # other identifying fields of a record kept per value
# Keys of structured output whose values identify their record (a file's id and name, a user's e-mail).
_IDENTIFYING = re.compile(r"(?:^|[_\s.-]|file|user|channel|event|message|document|doc)"
                          r"(?:id|uuid|name|filename|title|email|e-mail|username|handle|slug|path)$")
_SENTENCE_END = re.compile(r"[.!?;](?:\s|$)")
_TOKEN = re.compile(r"\w+")


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
    return fold(text)


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    origin: Origin
    record: int = -1  # the object of structured output that holds it, numbered across the conversation


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

    def __init__(self, messages: list[dict[str, Any]], sources: Sources, passages: Passages | None = None,
                 prepare: bool = False):
        self.passages = passages
        self.prepare = prepare  # analyse untrusted output when it arrives (a Session), not at decision time
        self.sources = sources
        self.segments: list[Segment] = []
        self.untrusted_seen = False
        self.calls: list[str] = []  # tool names called so far, in order
        self.requests: list[str] = []  # normalized texts of the messages that state the task (intent roles)
        self._tool_names: dict[str, str] = {}
        self._aliases: dict[str, set[str]] = {}  # value -> other identifying values of its trusted records
        self._records: dict[str, set[int]] = {}  # identifying value -> the records it identifies
        self._record_count = 0
        self._token_index: dict[str, list[int]] = {}  # word token -> positions of the segments holding it
        self._count = 0
        for message in messages:
            self.add(message)

    def add(self, message: dict[str, Any], index: int | None = None) -> None:
        """Index one more message (the next in the conversation). Untrusted output is also prepared for the
        passage detector here, so that later decisions only look values up. ``index`` numbers the message in
        reasons (default: its position); a trace read from another format names the item of its own file."""
        if index is None:
            index = self._count
        self._count += 1
        sources = self.sources
        role = str(message.get("role", ""))
        if role == "assistant":
            for call in message.get("tool_calls") or []:
                name = (call.get("function") or {}).get("name") if isinstance(call, dict) else None
                if isinstance(name, str):
                    self._tool_names[str(call.get("id", ""))] = name
                    self.calls.append(name)
            return
        first_new = len(self.segments)
        text = content_text(message.get("content"))
        if role in ("tool", "function"):
            name = message.get("name") or self._tool_names.get(str(message.get("tool_call_id", "")), "?")
            self._tool_output(str(name), index, text, sources)
        else:
            trusted = role in sources.trusted_roles
            self.untrusted_seen |= not trusted
            folded = normalize(text)
            self._append(Segment(folded, Origin(role, index, trusted)))
            if role in sources.intent_roles:
                self.requests.append(folded)
        if self.prepare and self.passages is not None:
            for segment in self.segments[first_new:]:
                if not segment.origin.trusted:
                    self.passages.prepare(segment.text)

    def _append(self, segment: Segment) -> None:
        variants = [segment]
        if not segment.origin.trusted and (plain := deobfuscated(segment.text)) is not None:
            # "mallory (at) darkmail dot net" names mallory@darkmail.net: a value re-encoded by untrusted
            # content is still known from it, not invented.
            variants.append(Segment(plain, segment.origin, segment.record))
        for variant in variants:
            position = len(self.segments)
            self.segments.append(variant)
            for token in set(_TOKEN.findall(variant.text)):
                self._token_index.setdefault(token, []).append(position)

    def _candidates(self, atom: str) -> list[Segment]:
        """Segments that can contain ``atom``: for a one-token atom, those holding that token (the index
        built at ingest), so an id like "11" is not regex-searched in every timestamp of a long inbox."""
        if _TOKEN.fullmatch(atom):
            return [self.segments[i] for i in self._token_index.get(atom, ())]
        return self.segments

    def _tool_output(self, name: str, index: int, text: str, sources: Sources) -> None:
        named = _named_fields(name, sources.grounding_sources)
        if name in sources.trusted_tools:
            self._append(Segment(normalize(text), Origin("tool", index, True, name)))
            # The fields a grounded_by names are sources of their own, so "tool.field" can ground a value.
            for path, value, _ in (_structured_leaves(text) or ()) if named else ():
                if path and (".".join(path) in named or path[-1] in named):
                    self._append(Segment(value, Origin("tool", index, True, name, ".".join(path))))
            return
        fields = sources.untrusted_fields.get(name)
        # A wholly untrusted tool whose fields a grounded_by names is read field by field, every field untrusted.
        leaves = _structured_leaves(text) if fields is not None or named else None
        if leaves is None:
            self.untrusted_seen = True
            self._append(Segment(normalize(text), Origin("tool", index, False, name)))
            return
        records: dict[int, list[str]] = {}
        base = self._record_count
        for path, value, record in leaves:
            trusted = fields is not None and not (fields and any(part in fields for part in path))
            self.untrusted_seen |= not trusted
            origin = Origin("tool", index, trusted, name, ".".join(path) or None)
            self._append(Segment(value, origin, base + record if record >= 0 else -1))
            self._record_count = max(self._record_count, base + record + 1)
            if trusted and record >= 0 and path and _IDENTIFYING.search(path[-1].casefold().strip("_- ")):
                records.setdefault(base + record, []).append(value)
        for record, names in records.items():
            distinctive = [n for n in names if _distinctive(n)][:MAX_ALIASES]
            for value in names:
                self._aliases.setdefault(value, set()).update(n for n in distinctive if n != value)
                self._records.setdefault(value, set()).add(record)

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
                # An untrusted source the argument names as its own grounds it, and only the named ones do.
                found.trusted = [o for o in found.trusted + found.untrusted if _origin_matches(o, grounded_by)]
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
            for segment in self._unprompted_untrusted(atom):
                if any(self.passages.covers(segment.text, start, end)
                       for start, end in _token_occurrences(atom, segment.text, MAX_OCCURRENCES)):
                    origins.append(segment.origin)
        return origins

    def _unprompted_untrusted(self, atom: str) -> list[Segment]:
        """The untrusted segments that may hold the atom; none when the system or user prompt names it."""
        candidates = self._candidates(atom)
        if any(_occurrences(atom, s.text, 1) for s in candidates if s.origin.trusted and s.origin.tool is None):
            return []
        return [s for s in candidates if not s.origin.trusted]

    def _unnamed(self, atom: str) -> list[str]:
        """The atom and the other identifying fields of its trusted records (a file's name for its id); none
        when the system or user prompt names any of them."""
        names = [atom, *sorted(self._aliases.get(atom, ()))]
        for name in names:
            if any(_occurrences(name, s.text, 1) for s in self._candidates(name)
                   if s.origin.trusted and s.origin.tool is None):
                return []
        return names

    def mentioned_by_untrusted(self, value: Any, grounded_by: tuple[str, ...] = ()) -> list[Origin]:
        """Untrusted origins that name the value, or another identifying field of its record, when the system
        or user prompt names neither: the choice of this value may have come from a tool output. A record naming
        itself (a file whose content repeats its name) and the sources the argument's grounded_by names (its
        declared sources) do not count."""
        origins: list[Origin] = []
        for atom in _atoms(value):
            own = self._records.get(atom, set())
            for name in self._unnamed(atom):
                origins.extend(s.origin for s in self._candidates(name)
                               if not s.origin.trusted and s.record not in own
                               and not (grounded_by and _origin_matches(s.origin, grounded_by))
                               and _value_occurrences(name, s.text))
        return origins

    def requested(self, intent: Intent) -> str | None:
        """The first word of the intent that the messages stating the task use, or None if they never ask."""
        return next((word for text in self.requests if (word := intent.find(text)) is not None), None)

    def asked_by_untrusted(self, value: Any, intents: tuple[Intent, ...]) -> list[tuple[Origin, str]]:
        """Untrusted origins (with the word) where the value, or another identifying field of its record, is named
        in or next to a sentence with a word of the intents: the request for this value came from a tool output.
        Values the system or user prompt names (or an identifying field of their record) are exempt."""
        found: list[tuple[Origin, str]] = []
        for atom in _atoms(value):
            for name in self._unnamed(atom):
                for segment in self._candidates(name):
                    if segment.origin.trusted:
                        continue
                    for start, end in _value_occurrences(name, segment.text):
                        word = _sentence_word(segment.text, start, end, intents)
                        if word is not None:
                            found.append((segment.origin, word))
                            break
        return found

    def _locate_atom(self, atom: str) -> Grounding:
        grounding = Grounding()
        pattern = _atom_pattern(atom)
        for segment in self._candidates(atom):
            # The substring test first: it is C-fast and rules out almost every segment before the regex runs.
            hit = atom in segment.text and (pattern is None or pattern.search(segment.text))
            if hit:
                (grounding.trusted if segment.origin.trusted else grounding.untrusted).append(segment.origin)
        return grounding


def _occurrences(atom: str, text: str, limit: int) -> list[tuple[int, int]]:
    if atom not in text:
        return []
    pattern = _atom_pattern(atom)
    if pattern is not None:
        return [m.span() for m in itertools.islice(pattern.finditer(text), limit)]
    spans: list[tuple[int, int]] = []
    start = text.find(atom)
    while start >= 0 and len(spans) < limit:
        spans.append((start, start + len(atom)))
        start = text.find(atom, start + 1)
    return spans


def _value_occurrences(atom: str, text: str) -> list[tuple[int, int]]:
    """Numbers as numbers (not inside dates), other values as whole tokens."""
    if atom.replace(".", "").isdigit():
        return _occurrences(atom, text, MAX_OCCURRENCES)
    return _token_occurrences(atom, text, MAX_OCCURRENCES)


def _sentence_word(text: str, start: int, end: int, intents: tuple[Intent, ...]) -> str | None:
    """A word of the intents in the sentence around text[start:end] or the sentence before or after it (at most
    SENTENCE_REACH characters out: "Please clean up. The file is 13." asks too), not inside the value itself:
    every URL holds "https" or "www", which would read as a request to browse it."""
    low = max(0, start - SENTENCE_REACH)
    ends = [m.end() for m in _SENTENCE_END.finditer(text, low, start)]
    sentence_start = ends[-2] if len(ends) > 1 else low
    high = min(len(text), end + SENTENCE_REACH)
    after = list(itertools.islice(_SENTENCE_END.finditer(text, end, high), 2))
    sentence_end = after[1].start() if len(after) > 1 else high
    return next((word for intent in intents for a, b in ((sentence_start, start), (end, sentence_end))
                 if (word := intent.find(text, a, b)) is not None), None)


@functools.lru_cache(maxsize=8192)
def _token_pattern(atom: str) -> re.Pattern[str]:
    """An atom as a whole token, not a piece of a URL, address or path ("random" is not named by ".../random")."""
    return re.compile(rf"(?<![\w./@:-]){re.escape(atom)}(?![\w/@-]|[.:]\w)")


def _token_occurrences(atom: str, text: str, limit: int) -> list[tuple[int, int]]:
    if atom not in text:
        return []
    return [m.span() for m in itertools.islice(_token_pattern(atom).finditer(text), limit)]


def _distinctive(value: str) -> bool:
    """Distinctive enough to stand for its record when another field of it is the value ("13" is not)."""
    return len(value) >= 3 and (len(value) >= 4 or any(c.isalpha() for c in value))


def _named_fields(tool: str, entries: frozenset[str]) -> frozenset[str]:
    """The fields of a tool that grounded_by entries ("tool.field") name."""
    prefix = tool + "."
    return frozenset(entry[len(prefix):] for entry in entries if entry.startswith(prefix) and len(entry) > len(prefix))


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
_MONTH = r"\b(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b"


class _NumberPattern:
    """A number as a whole token, not inside a date, time or decimal ("13" is not grounded by "2024-05-13
    10:30") and not a day of the month ("June 13", "13th of June"). The month context is checked around each
    match instead of as look-behinds, so a new number costs one small compile."""

    __slots__ = ("_regex",)

    def __init__(self, atom: str) -> None:
        self._regex = re.compile(rf"(?<![\w.:/-]){re.escape(atom)}(?!\w|[.:/-]\d)")

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        for match in self._regex.finditer(text):
            start, end = match.span()
            if _MONTH_BEFORE.search(text, max(0, start - 12), start) or _MONTH_AFTER.match(text, end):
                continue
            yield match

    def search(self, text: str) -> re.Match[str] | None:
        return next(self.finditer(text), None)


_MONTH_BEFORE = re.compile(_MONTH + r"\.? $")
_MONTH_AFTER = re.compile(r"(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH)


@functools.lru_cache(maxsize=8192)
def _atom_pattern(atom: str) -> re.Pattern[str] | _NumberPattern | None:
    """Short strings and numbers must match as whole tokens (numbers: see _NumberPattern)."""
    if atom.replace(".", "").isdigit():
        return _NumberPattern(atom)
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
def _structured_leaves(text: str) -> tuple[tuple[tuple[str, ...], str, int], ...] | None:
    """(field path, normalized value, record) of every leaf of a JSON or YAML tool output, where record numbers
    the object that holds the leaf (-1 for an object's keys); None if unstructured.

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
    return tuple((path, normalize(value), record) for path, value, record in _leaves(parsed, (), itertools.count()))


def _leaves(value: Any, path: tuple[str, ...], records: Iterator[int], record: int = -1,
            depth: int = 0) -> Iterator[tuple[tuple[str, ...], str, int]]:
    if depth > 32:
        return
    if isinstance(value, dict):
        own = next(records)
        for key, item in value.items():
            yield path, str(key), -1  # keys carry data too: {"john@x.com": "rw"}
            yield from _leaves(item, (*path, str(key)), records, own, depth + 1)
    elif isinstance(value, list):
        for item in value:
            yield from _leaves(item, path, records, record, depth + 1)
    elif value is not None:
        yield path, str(value), record
