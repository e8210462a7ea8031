"""The firewall policy: a TOML or YAML file, validated strictly (unknown keys and wrong types are errors
that name the file and the key). See docs/firewall.md for the language with examples."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from aiwarden.core.display import safe_name
from aiwarden.core.errors import ConfigError
from aiwarden.core.files import read_regular_file
from aiwarden.firewall.intents import BUILTIN, Intent, make_intent


class Action(enum.IntEnum):
    """Ordered by severity: when several rules fire, the most severe action wins."""

    ALLOW = 0
    REDACT = 1
    REQUIRE_APPROVAL = 2
    DENY = 3

    @classmethod
    def parse(cls, text: str, where: str) -> Action:
        try:
            return cls[text.strip().upper().replace("-", "_")]
        except (KeyError, AttributeError):
            raise ConfigError(f"{where}: action must be allow, deny, require_approval or redact, not {text!r}") \
                from None

    def __str__(self) -> str:
        return self.name.lower()


RISKS = ("read", "write", "create", "send", "share", "pay", "delete", "execute", "browse")
SINK_RISKS = frozenset({"write", "create", "send", "share", "pay", "delete", "execute", "browse"})


@dataclass(frozen=True, slots=True)
class ArgRule:
    name: str
    free_text: bool = False
    grounded: bool | None = None  # None: decided by the tool's risk (sinks require grounding)
    required: bool = False
    allow: tuple[str, ...] = ()
    pattern: re.Pattern[str] | None = None
    minimum: float | None = None
    maximum: float | None = None
    domains: tuple[str, ...] = ()
    max_length: int | None = None
    schema: dict[str, Any] | None = None
    fields: tuple[str, ...] = ()  # structured values: only these keys carry targets (others are constants)
    # Only these sources may ground it: "user", "<tool>", "<tool>.<field>"; an untrusted source named here
    # grounds it too (e.g. links in message bodies may be followed, links in fetched pages may not).
    grounded_by: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ToolRule:
    name: str
    risk: str = "read"
    action: Action = Action.ALLOW
    args: dict[str, ArgRule] = field(default_factory=dict)
    strict_args: bool = False
    description_sha256: str | None = None
    intents: tuple[str, ...] = ()  # the kinds of request that ask for this call (default: its risk's, if any)

    @property
    def is_sink(self) -> bool:
        return self.risk in SINK_RISKS


@dataclass(frozen=True, slots=True)
class FlowRule:
    """when = "tainted-argument": a value from an untrusted source reaches an argument of a matching tool.
    when = "ungrounded-argument": a value appears in no message at all (invented) for a grounded argument.
    when = "untrusted-context": untrusted content is in the conversation when a matching tool is called.
    when = "injected-argument": a value (or free text, verbatim) is named by a passage of untrusted content that
    the prompt guard flags as an injected instruction, and not by the system or user prompt.
    when = "unrequested-action": the user's messages never ask for this kind of action (no word of the tool's
    intents), or a value of the call is asked for only by untrusted content (named in or next to a sentence of a
    tool output that holds such a word, and not by the user); a value that untrusted content merely mentions,
    and the user never names, is held for approval (at most the rule's action)."""

    id: str
    when: str
    action: Action
    risks: frozenset[str] = frozenset()
    tools: frozenset[str] = frozenset()

    def matches(self, tool: ToolRule) -> bool:
        return tool.name in self.tools or tool.risk in self.risks


@dataclass(frozen=True, slots=True)
class LimitRule:
    id: str
    tools: frozenset[str]
    max_calls: int
    action: Action = Action.DENY


@dataclass(frozen=True, slots=True)
class SequenceRule:
    id: str
    after: frozenset[str]
    then: frozenset[str]
    action: Action = Action.REQUIRE_APPROVAL


@dataclass(frozen=True, slots=True)
class Sources:
    trusted_roles: frozenset[str] = frozenset({"system", "developer", "user"})
    trusted_tools: frozenset[str] = frozenset()
    # tool -> field names whose values are untrusted; every other field of that tool's output is trusted
    untrusted_fields: dict[str, frozenset[str]] = field(default_factory=dict)
    # roles whose messages state the task: what they ask for grounds an action's intent
    intent_roles: frozenset[str] = frozenset({"user"})
    # every grounded_by entry of the policy: a "tool.field" one has that field of the tool's structured output
    # read as its own source, however the tool's trust is declared
    grounding_sources: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Policy:
    tools: dict[str, ToolRule]
    default_action: Action = Action.DENY
    sources: Sources = field(default_factory=Sources)
    flows: tuple[FlowRule, ...] = ()
    limits: tuple[LimitRule, ...] = ()
    sequences: tuple[SequenceRule, ...] = ()
    source: str = "<policy>"
    vocabularies: dict[str, Intent] = field(default_factory=lambda: dict(BUILTIN))

    def intents_of(self, tool: ToolRule) -> tuple[Intent, ...]:
        """The intents that ask for a tool: those it declares, else the one named after its risk, if any."""
        names = tool.intents or ((tool.risk,) if tool.risk in self.vocabularies else ())
        return tuple(self.vocabularies[name] for name in names)


# -- loading --------------------------------------------------------------------------------------

_TOP = {"version", "default_action", "sources", "tools", "rules", "limits", "sequences", "intents"}
_SOURCES = {"trusted_roles", "trusted_tools", "tool_fields", "intent_roles"}
_TOOL = {"risk", "action", "args", "strict_args", "description_sha256", "intent"}
_ARG = {"free_text", "grounded", "required", "allow", "pattern", "min", "max", "domains", "max_length", "schema",
        "fields", "grounded_by"}
_RULE = {"id", "when", "action", "risks", "tools"}
_WHEN = ("tainted-argument", "ungrounded-argument", "untrusted-context", "injected-argument", "unrequested-action")
_LIMIT = {"id", "tools", "max_calls", "action"}
_SEQUENCE = {"id", "after", "then", "action"}
# The keys each kind of table may hold (the linter lists every unknown one; loading stops at the first).
KNOWN_KEYS = {"top": _TOP, "sources": _SOURCES, "tool": _TOOL, "arg": _ARG, "rule": _RULE, "limit": _LIMIT,
              "sequence": _SEQUENCE}


def load_policy(path: str | Path) -> Policy:
    """Load and validate a policy file (.toml, .yaml or .yml)."""
    _, data = read_policy_document(Path(path))
    return parse_policy(data, safe_name(str(path)))  # the source names the file in messages: escaped


def read_policy_document(path: Path) -> tuple[str, Any]:
    """The text of a policy file and the document it holds, not yet validated."""
    shown = safe_name(str(path))
    try:
        text = read_regular_file(str(path), 16 * 1024 * 1024, ConfigError).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{shown}: policy is not valid UTF-8 (byte offset {exc.start})") from None
    if path.suffix in (".yaml", ".yml"):
        import yaml

        try:
            return text, yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise ConfigError(f"{shown}: invalid YAML: {str(exc).splitlines()[0]}") from None
    import tomllib

    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{shown}: invalid TOML: {exc}") from None


def parse_policy(data: Any, source: str = "<policy>") -> Policy:
    where = _Where(source)
    table = where.table(data, "", _TOP)
    version = table.get("version", 1)
    if version != 1:
        raise ConfigError(f"{source}: version must be 1, not {version!r}")
    vocabularies = _vocabularies(table.get("intents", {}), where)
    tools = {name: _tool(name, spec, where, vocabularies)
             for name, spec in where.table(table.get("tools", {}), "tools").items()}
    sources = _sources(table.get("sources", {}), where)
    grounding = frozenset(entry for tool in tools.values() for arg in tool.args.values() for entry in arg.grounded_by)
    sources = replace(sources, grounding_sources=grounding)
    flows = tuple(_flow(i, spec, where, tools) for i, spec in enumerate(where.list(table.get("rules", []), "rules")))
    limits = tuple(_limit(i, spec, where, tools) for i, spec in enumerate(where.list(table.get("limits", []),
                                                                                       "limits")))
    sequences = tuple(_sequence(i, spec, where, tools)
                      for i, spec in enumerate(where.list(table.get("sequences", []), "sequences")))
    ids = [r.id for r in flows] + [r.id for r in limits] + [r.id for r in sequences]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ConfigError(f"{source}: rule ids must be unique; repeated: {', '.join(duplicates)}")
    default = Action.parse(str(table.get("default_action", "deny")), f"{source}: default_action")
    return Policy(tools, default, sources, flows, limits, sequences, source, vocabularies)


def _vocabularies(spec: Any, where: _Where) -> dict[str, Intent]:
    """The built-in intents, replaced or joined by the policy's own ([intents] name = [words])."""
    vocabularies = dict(BUILTIN)
    for name, words in where.table(spec, "intents").items():
        listed = where.strings(words, f"intents.{name}")
        if not listed:
            raise where.fail(f"intents.{name}", "must list at least one word")
        vocabularies[name] = make_intent(name, listed)
    return vocabularies


class _Where:
    def __init__(self, source: str):
        self.source = source

    def fail(self, key: str, message: str) -> ConfigError:
        return ConfigError(f"{self.source}: {key}: {message}" if key else f"{self.source}: {message}")

    def table(self, value: Any, key: str, allowed: set[str] | None = None) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(key or "top level", "must be a table/mapping")
        if allowed is not None:
            unknown = sorted(set(value) - allowed)
            if unknown:
                raise self.fail(key or "top level", f"unknown key '{unknown[0]}' (known: {', '.join(sorted(allowed))})")
        return value

    def list(self, value: Any, key: str) -> list[Any]:
        if not isinstance(value, list):
            raise self.fail(key, "must be a list")
        return value

    def strings(self, value: Any, key: str) -> tuple[str, ...]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, "must be a string or a list of strings")
        return tuple(value)

    def number(self, value: Any, key: str) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(key, "must be a number")
        return float(value)

    def boolean(self, value: Any, key: str) -> bool:
        if not isinstance(value, bool):
            raise self.fail(key, "must be true or false")
        return value


def _tool(name: str, spec: Any, where: _Where, vocabularies: dict[str, Intent]) -> ToolRule:
    key = f"tools.{name}"
    spec = where.table(spec, key, _TOOL)
    risk = spec.get("risk", "read")
    if risk not in RISKS:
        raise where.fail(f"{key}.risk", f"must be one of {', '.join(RISKS)}, not {risk!r}")
    args = {arg: _arg(arg, arg_spec, where, f"{key}.args.{arg}")
            for arg, arg_spec in where.table(spec.get("args", {}), f"{key}.args").items()}
    digest = spec.get("description_sha256")
    if digest is not None and not (isinstance(digest, str) and re.fullmatch(r"[0-9a-f]{64}", digest)):
        raise where.fail(f"{key}.description_sha256", "must be 64 lowercase hex digits")
    intents = where.strings(spec.get("intent", []), f"{key}.intent")
    unknown = [i for i in intents if i not in vocabularies]
    if unknown:
        raise where.fail(f"{key}.intent", f"unknown intent {unknown[0]!r} (known: {', '.join(sorted(vocabularies))};"
                         " define others under [intents])")
    return ToolRule(name, risk, Action.parse(str(spec.get("action", "allow")), f"{where.source}: {key}.action"),
                    args, where.boolean(spec.get("strict_args", False), f"{key}.strict_args"), digest, intents)


def _arg(name: str, spec: Any, where: _Where, key: str) -> ArgRule:
    spec = where.table(spec, key, _ARG)
    pattern = None
    if "pattern" in spec:
        if not isinstance(spec["pattern"], str):
            raise where.fail(f"{key}.pattern", "must be a string")
        try:
            pattern = re.compile(spec["pattern"])
        except re.error as exc:
            raise where.fail(f"{key}.pattern", f"invalid regular expression: {exc}") from None
    schema = spec.get("schema")
    if schema is not None:
        if not isinstance(schema, dict):
            raise where.fail(f"{key}.schema", "must be a JSON Schema object")
        import jsonschema

        try:
            jsonschema.validators.validator_for(schema).check_schema(schema)
        except jsonschema.SchemaError as exc:
            raise where.fail(f"{key}.schema", f"invalid JSON Schema: {exc.message}") from None
    max_length = spec.get("max_length")
    if max_length is not None and (isinstance(max_length, bool) or not isinstance(max_length, int) or max_length < 0):
        raise where.fail(f"{key}.max_length", "must be a non-negative integer")
    return ArgRule(
        name,
        free_text=where.boolean(spec.get("free_text", False), f"{key}.free_text"),
        grounded=where.boolean(spec["grounded"], f"{key}.grounded") if "grounded" in spec else None,
        required=where.boolean(spec.get("required", False), f"{key}.required"),
        allow=where.strings(spec.get("allow", []), f"{key}.allow"),
        pattern=pattern,
        minimum=where.number(spec["min"], f"{key}.min") if "min" in spec else None,
        maximum=where.number(spec["max"], f"{key}.max") if "max" in spec else None,
        domains=tuple(d.lower().lstrip("@.") for d in where.strings(spec.get("domains", []), f"{key}.domains")),
        max_length=max_length,
        schema=schema,
        fields=where.strings(spec.get("fields", []), f"{key}.fields"),
        grounded_by=where.strings(spec.get("grounded_by", []), f"{key}.grounded_by"),
    )


def _sources(spec: Any, where: _Where) -> Sources:
    spec = where.table(spec, "sources", _SOURCES)
    fields = {tool: frozenset(where.strings(names, f"sources.tool_fields.{tool}"))
              for tool, names in where.table(spec.get("tool_fields", {}), "sources.tool_fields").items()}
    roles = spec.get("trusted_roles", ["system", "developer", "user"])
    return Sources(frozenset(where.strings(roles, "sources.trusted_roles")),
                   frozenset(where.strings(spec.get("trusted_tools", []), "sources.trusted_tools")), fields,
                   frozenset(where.strings(spec.get("intent_roles", ["user"]), "sources.intent_roles")))


def _names(spec: dict[str, Any], key: str, where: _Where, tools: dict[str, ToolRule]) -> frozenset[str]:
    names = frozenset(where.strings(spec.get("tools", []), f"{key}.tools"))
    unknown = sorted(names - set(tools))
    if unknown:
        raise where.fail(f"{key}.tools", f"unknown tool {unknown[0]!r} (declare it under [tools])")
    return names


def _rule_id(spec: dict[str, Any], key: str, where: _Where) -> str:
    rule_id = spec.get("id")
    if not isinstance(rule_id, str) or not re.fullmatch(r"[A-Za-z0-9_.:-]+", rule_id):
        raise where.fail(f"{key}.id", "every rule needs an id of letters, digits and -_.:")
    return rule_id


def _flow(index: int, spec: Any, where: _Where, tools: dict[str, ToolRule]) -> FlowRule:
    key = f"rules[{index}]"
    spec = where.table(spec, key, _RULE)
    when = spec.get("when")
    if when not in _WHEN:
        raise where.fail(f"{key}.when", f"must be one of {', '.join(_WHEN)}, not {when!r}")
    risks = frozenset(where.strings(spec.get("risks", []), f"{key}.risks"))
    bad = sorted(risks - set(RISKS))
    if bad:
        raise where.fail(f"{key}.risks", f"unknown risk {bad[0]!r}")
    names = _names(spec, key, where, tools)
    if not risks and not names:
        raise where.fail(key, "needs risks or tools to say which calls it applies to")
    return FlowRule(_rule_id(spec, key, where), when, Action.parse(str(spec.get("action", "deny")),
                                                                   f"{where.source}: {key}.action"), risks, names)


def _limit(index: int, spec: Any, where: _Where, tools: dict[str, ToolRule]) -> LimitRule:
    key = f"limits[{index}]"
    spec = where.table(spec, key, _LIMIT)
    max_calls = spec.get("max_calls")
    if isinstance(max_calls, bool) or not isinstance(max_calls, int) or max_calls < 0:
        raise where.fail(f"{key}.max_calls", "must be a non-negative integer")
    names = _names(spec, key, where, tools)
    if not names:
        raise where.fail(f"{key}.tools", "must name at least one tool")
    return LimitRule(_rule_id(spec, key, where), names, max_calls,
                     Action.parse(str(spec.get("action", "deny")), f"{where.source}: {key}.action"))


def _sequence(index: int, spec: Any, where: _Where, tools: dict[str, ToolRule]) -> SequenceRule:
    key = f"sequences[{index}]"
    spec = where.table(spec, key, _SEQUENCE)
    after = frozenset(where.strings(spec.get("after", []), f"{key}.after"))
    then = frozenset(where.strings(spec.get("then", []), f"{key}.then"))
    for label, names in (("after", after), ("then", then)):
        unknown = sorted(names - set(tools))
        if not names or unknown:
            detail = f"; unknown {unknown[0]!r}" if unknown else ""
            raise where.fail(f"{key}.{label}", f"must list declared tools{detail}")
    return SequenceRule(_rule_id(spec, key, where), after, then,
                        Action.parse(str(spec.get("action", "require_approval")), f"{where.source}: {key}.action"))
