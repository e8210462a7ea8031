"""Firewall decisions: pure functions of (policy, tool call, conversation). No I/O, no clock; the only model is
the prompt guard's, consulted when a policy uses the injected-argument rule."""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from aiwarden.audit.log import AuditLog
from aiwarden.firewall.intents import Intent
from aiwarden.firewall.passages import Passages
from aiwarden.firewall.policy import Action, ArgRule, FlowRule, Policy, ToolRule, load_policy
from aiwarden.firewall.provenance import Conversation, Grounding, targets_in_text

TAGS = ("LLM06:2025", "ASI02")
FLOW_TAGS = ("LLM01:2025", "LLM06:2025", "ASI01", "ASI02", "AML.T0051.001", "AML.T0053")
EXFIL_TAGS = ("AML.T0086",)


@dataclass(frozen=True, slots=True)
class Reason:
    rule_id: str
    action: Action
    message: str
    tags: tuple[str, ...] = TAGS


@dataclass(frozen=True, slots=True)
class Decision:
    action: Action
    tool: str
    rule_id: str
    reason: str
    tags: tuple[str, ...] = ()
    reasons: tuple[Reason, ...] = field(default_factory=tuple)

    @property
    def allowed(self) -> bool:
        return self.action in (Action.ALLOW, Action.REDACT)

    def to_dict(self) -> dict[str, Any]:
        return {
            "action": str(self.action),
            "tool": self.tool,
            "rule_id": self.rule_id,
            "reason": self.reason,
            "tags": list(self.tags),
            "reasons": [{"rule_id": r.rule_id, "action": str(r.action), "message": r.message} for r in self.reasons],
        }


def parse_tool_call(tool_call: dict[str, Any]) -> tuple[str, Any]:
    """(name, arguments) from an OpenAI tool call ({"function": {"name", "arguments": "<json>"}}) or a plain
    {"name", "arguments": {...}} mapping. Malformed argument JSON comes back as the raw string."""
    function = tool_call.get("function") if isinstance(tool_call.get("function"), dict) else tool_call
    name = function.get("name") if isinstance(function, dict) else None
    arguments = function.get("arguments", {}) if isinstance(function, dict) else {}
    if isinstance(arguments, str):
        with contextlib.suppress(ValueError):
            arguments = json.loads(arguments) if arguments.strip() else {}
    return (name if isinstance(name, str) else ""), arguments


class Firewall:
    def __init__(self, policy: Policy, passages: Passages | None = None, audit: AuditLog | None = None):
        self.policy = policy
        self.audit = audit  # every decision appended to this hash-chained log (arguments as a digest only)
        self._passages = passages
        self._needs_passages = any(f.when == "injected-argument" for f in policy.flows)

    @property
    def passages(self) -> Passages | None:
        """The injected-passage detector, built (and the guard's model loaded) only if a rule needs it."""
        if self._passages is None and self._needs_passages:
            from aiwarden.firewall.passages import GuardPassages

            self._passages = GuardPassages()
        return self._passages

    @classmethod
    def from_file(cls, path: str | Path) -> Firewall:
        return cls(load_policy(path))

    def check(self, tool_call: dict[str, Any], messages: list[dict[str, Any]]) -> Decision:
        """Decide one tool call given the conversation that led to it (messages before the call)."""
        return self.decide(tool_call, Conversation(messages, self.policy.sources, self.passages))

    def session(self, messages: Sequence[dict[str, Any]] = ()) -> Session:
        """A conversation indexed as it grows: ``observe`` each message when it arrives, then ``check`` calls
        without re-reading the history (for agent loops and the gateway)."""
        return Session(self, messages)

    def decide(self, tool_call: dict[str, Any], conversation: Conversation) -> Decision:
        name, arguments = parse_tool_call(tool_call)
        decision = self._decide(name, arguments, conversation)
        if self.audit is not None:
            # A digest identifies the arguments without storing values that may be secrets or personal data.
            canonical = json.dumps(arguments, sort_keys=True, separators=(",", ":"), default=str).encode("utf-8")
            self.audit.append("firewall.decision", decision.to_dict() | {
                "call_id": str(tool_call.get("id", "")), "arguments_sha256": hashlib.sha256(canonical).hexdigest()})
        return decision

    def _decide(self, name: str, arguments: Any, conversation: Conversation) -> Decision:
        tool = self.policy.tools.get(name)
        if tool is None:
            reason = Reason("unknown-tool", self.policy.default_action,
                            f"tool {name!r} is not declared in the policy (default {self.policy.default_action})")
            return _decide(name, [reason])
        reasons: list[Reason] = []
        if tool.action is not Action.ALLOW:
            reasons.append(Reason(f"tool:{name}", tool.action, f"policy sets {name} to {tool.action}"))
        if not isinstance(arguments, dict):
            reasons.append(Reason("malformed-arguments", Action.DENY, f"{name}: arguments are not a JSON object"))
            return _decide(name, reasons)
        reasons.extend(_argument_constraints(tool, arguments))
        reasons.extend(self._flows(tool, arguments, conversation))
        reasons.extend(self._limits(tool, conversation))
        return _decide(name, reasons)

    def _flows(self, tool: ToolRule, arguments: dict[str, Any], conversation: Conversation) -> list[Reason]:
        reasons = []
        for arg_name, rule in tool.args.items():
            # grounded = true: the argument must come from a trusted source whatever the flow rules say.
            if rule.grounded and arg_name in arguments and not any(
                    f.matches(tool) and f.when in ("tainted-argument", "ungrounded-argument")
                    for f in self.policy.flows):
                grounding = conversation.locate(arguments[arg_name], rule.grounded_by)
                for when in ("tainted-argument", "ungrounded-argument"):
                    reason = _flow_reason(f"grounded:{tool.name}.{arg_name}", when, Action.DENY, tool, arg_name,
                                          arguments[arg_name], grounding)
                    if reason:
                        reasons.append(reason)
        for flow in self.policy.flows:
            if not flow.matches(tool):
                continue
            if flow.when == "untrusted-context":
                if conversation.untrusted_seen:
                    reasons.append(Reason(flow.id, flow.action, f"{tool.name} is called after untrusted content "
                                          "entered the conversation", FLOW_TAGS))
                continue
            if flow.when == "injected-argument":
                reasons.extend(_injected(flow, tool, arguments, conversation))
                continue
            if flow.when == "unrequested-action":
                reasons.extend(_unrequested(flow, tool, self.policy.intents_of(tool), arguments, conversation))
                continue
            for arg_name, value in arguments.items():
                declared = tool.args.get(arg_name)
                subject = _subject(declared, value, flow.when)
                if subject is None:
                    continue
                grounding = conversation.locate(subject, declared.grounded_by if declared else ())
                reason = _flow_reason(flow.id, flow.when, flow.action, tool, arg_name, subject, grounding)
                if reason:
                    reasons.append(reason)
        return reasons

    def _limits(self, tool: ToolRule, conversation: Conversation) -> list[Reason]:
        reasons = []
        for limit in self.policy.limits:
            if tool.name in limit.tools:
                used = sum(1 for call in conversation.calls if call in limit.tools)
                if used >= limit.max_calls:
                    reasons.append(Reason(limit.id, limit.action,
                                          f"{tool.name}: {used} earlier calls reach the limit of {limit.max_calls}"))
        for sequence in self.policy.sequences:
            if tool.name in sequence.then:
                earlier = sorted(set(conversation.calls) & sequence.after)
                if earlier:
                    reasons.append(Reason(sequence.id, sequence.action, f"{tool.name} after {', '.join(earlier)}"))
        return reasons


class Session:
    """One agent conversation for one firewall, indexed incrementally."""

    def __init__(self, firewall: Firewall, messages: Sequence[dict[str, Any]]):
        self.firewall = firewall
        self.conversation = Conversation([], firewall.policy.sources, firewall.passages, prepare=True)
        for message in messages:
            self.observe(message)

    def observe(self, message: dict[str, Any], index: int | None = None) -> None:
        """Add the next message (system, user, assistant with tool_calls, or a tool result); ``index`` is the
        number reasons give it (default: its position in the session)."""
        self.conversation.add(message, index)

    def check(self, tool_call: dict[str, Any]) -> Decision:
        """Decide a tool call given every message observed so far."""
        return self.firewall.decide(tool_call, self.conversation)


def _injected(flow: FlowRule, tool: ToolRule, arguments: dict[str, Any], conversation: Conversation) -> list[Reason]:
    reasons = []
    for arg_name, value in arguments.items():
        declared = tool.args.get(arg_name)
        if declared is not None and declared.grounded is False:
            continue
        subject = _select(value, declared.fields) if declared is not None and declared.fields else value
        free_text = declared is not None and declared.free_text
        origins = conversation.injected(subject, whole_text=free_text)
        if free_text:
            origins += conversation.injected(targets_in_text(subject))
        if origins:
            where = ", ".join(sorted({o.describe() for o in origins})[:3])
            tags = FLOW_TAGS + (EXFIL_TAGS if tool.risk in ("send", "share", "browse") else ())
            reasons.append(Reason(flow.id, flow.action, f"{tool.name}.{arg_name}={_show(subject)} is named by an "
                                  f"instruction injected into untrusted content ({where})", tags))
    return reasons


def _unrequested(flow: FlowRule, tool: ToolRule, intents: tuple[Intent, ...], arguments: dict[str, Any],
                 conversation: Conversation) -> list[Reason]:
    """The user must ask for this kind of action, no value of it may be asked for only by a tool output, and a
    value that a tool output mentions while the user never names it is held for approval: the user may have
    delegated the choice ("pay the bill in my inbox"), or a tool output may have made it."""
    if not intents:
        return []
    names = "/".join(i.name for i in intents)
    if not any(conversation.requested(intent) for intent in intents):
        examples = ", ".join(w for i in intents for w in i.words[:3])
        return [Reason(flow.id, flow.action, f"{tool.name} is a {names} action the user did not ask for (the user's "
                       f"messages hold no word of intent {names}, such as {examples})", FLOW_TAGS)]
    reasons = []
    for arg_name, value in arguments.items():
        declared = tool.args.get(arg_name)
        # Content is not a target: an event title copied from an invitation that says "schedule" is ordinary.
        if declared is not None and (declared.grounded is False or declared.free_text):
            continue
        subject = _select(value, declared.fields) if declared is not None and declared.fields else value
        asked = conversation.asked_by_untrusted(subject, intents)
        if asked:
            where = ", ".join(sorted({f"{o.describe()}: {word!r}" for o, word in asked})[:3])
            reasons.append(Reason(flow.id, flow.action, f"{tool.name}.{arg_name}={_show(subject)} is asked for by "
                                  f"untrusted content ({where}), not by the user", FLOW_TAGS))
            continue
        mentioned = conversation.mentioned_by_untrusted(subject, declared.grounded_by if declared else ())
        if mentioned:
            where = ", ".join(sorted({o.describe() for o in mentioned})[:3])
            reasons.append(Reason(flow.id, min(flow.action, Action.REQUIRE_APPROVAL), f"{tool.name}.{arg_name}="
                                  f"{_show(subject)} is mentioned by untrusted content ({where}) and never named by "
                                  "the user: confirm that the user chose it", FLOW_TAGS))
    return reasons


def _subject(declared: ArgRule | None, value: Any, when: str) -> Any:
    """The part of an argument value a flow rule judges, or None if the rule does not apply to it."""
    if declared is None:
        return value
    if declared.grounded is False:
        return None
    if declared.fields:
        value = _select(value, declared.fields)
    if declared.free_text:
        # Content, not a target; but links, addresses and account numbers inside it are targets.
        found = targets_in_text(value)
        return found if found and when == "tainted-argument" else None
    return value


def _select(value: Any, fields: tuple[str, ...], depth: int = 0) -> Any:
    if depth > 16:
        return []
    if isinstance(value, dict):
        return [v for k, v in value.items() if k in fields]
    if isinstance(value, list | tuple):
        return [_select(item, fields, depth + 1) for item in value]
    return value


def _flow_reason(rule_id: str, when: str, action: Action, tool: ToolRule, arg: str, value: Any,
                 grounding: Grounding) -> Reason | None:
    shown = _show(value)
    if when == "tainted-argument" and grounding.tainted:
        sources = ", ".join(sorted({o.describe() for o in grounding.untrusted})[:3])
        tags = FLOW_TAGS + (EXFIL_TAGS if tool.risk in ("send", "share", "browse") else ())
        return Reason(rule_id, action, f"{tool.name}.{arg}={shown} comes from untrusted content ({sources}), not "
                      "from a trusted source", tags)
    if when == "ungrounded-argument" and grounding.invented:
        return Reason(rule_id, action, f"{tool.name}.{arg}={shown} appears in no trusted message (not grounded)",
                      FLOW_TAGS)
    return None


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(str(value))
    return text if len(text) <= 80 else text[:77] + "..."


def _decide(tool: str, reasons: list[Reason]) -> Decision:
    if not reasons:
        return Decision(Action.ALLOW, tool, "allow", f"{tool}: allowed by policy", ())
    worst = max(reasons, key=lambda r: r.action)
    tags = tuple(dict.fromkeys(t for r in reasons if r.action == worst.action for t in r.tags))
    return Decision(worst.action, tool, worst.rule_id, worst.message, tags, tuple(reasons))


# -- argument constraints ------------------------------------------------------------------------


def _argument_constraints(tool: ToolRule, arguments: dict[str, Any]) -> list[Reason]:
    reasons = []
    for name, rule in tool.args.items():
        if name not in arguments:
            if rule.required:
                reasons.append(Reason(f"arg:{tool.name}.{name}:required", Action.DENY,
                                      f"{tool.name}: required argument {name!r} is missing"))
            continue
        for problem in _check_value(rule, arguments[name]):
            reasons.append(Reason(f"arg:{tool.name}.{name}", Action.DENY, f"{tool.name}.{name}: {problem}"))
    if tool.strict_args:
        for name in sorted(set(arguments) - set(tool.args)):
            reasons.append(Reason(f"arg:{tool.name}.{name}:unknown", Action.DENY,
                                  f"{tool.name}: argument {name!r} is not declared in the policy"))
    return reasons


def _scalars(value: Any) -> list[Any]:
    return [v for item in value for v in _scalars(item)] if isinstance(value, list | tuple) else [value]


def _check_value(rule: ArgRule, value: Any) -> list[str]:
    problems = []
    for item in _scalars(value):
        text = str(item)
        if rule.allow and text not in rule.allow:
            problems.append(f"{_show(item)} is not one of the allowed values")
        if rule.pattern is not None and not rule.pattern.fullmatch(text):
            problems.append(f"{_show(item)} does not match {rule.pattern.pattern!r}")
        if rule.max_length is not None and len(text) > rule.max_length:
            problems.append(f"value longer than {rule.max_length} characters")
        if rule.minimum is not None or rule.maximum is not None:
            number = _number(item)
            if number is None:
                problems.append(f"{_show(item)} is not a number")
            elif (rule.minimum is not None and number < rule.minimum) or (
                    rule.maximum is not None and number > rule.maximum):
                problems.append(f"{_show(item)} is outside [{rule.minimum}, {rule.maximum}]")
        if rule.domains and not _domain_allowed(text, rule.domains):
            problems.append(f"{_show(item)} is not in an allowed domain ({', '.join(rule.domains)})")
    if rule.schema is not None:
        import jsonschema

        error = jsonschema.exceptions.best_match(jsonschema.validators.validator_for(rule.schema)(rule.schema)
                                                 .iter_errors(value))
        if error is not None:
            problems.append(f"schema: {error.message[:120]}")
    return problems


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _domain_allowed(text: str, domains: tuple[str, ...]) -> bool:
    """An e-mail address or URL whose host is one of the domains or a subdomain of one."""
    text = text.strip().lower()
    if "@" in text and "://" not in text:
        host = text.rsplit("@", 1)[1]
    else:
        host = (urlsplit(text if "://" in text else f"//{text}").hostname or "").rstrip(".")
    return any(host == d or host.endswith("." + d) for d in domains)
