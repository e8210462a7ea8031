"""Policy lint: what loads but cannot mean what its author wrote. Loading (policy.py) stops at the first
error; lint lists every unknown key, then checks the loaded policy for rules that can never fire, tools that
take any argument although they act on the world, rules that contradict each other, approvals that can
never be asked, and sources that name tools the policy does not know."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiwarden.core.display import safe_name
from aiwarden.firewall.intents import BUILTIN
from aiwarden.firewall.policy import (
    KNOWN_KEYS,
    Action,
    ArgRule,
    FlowRule,
    Policy,
    ToolRule,
    parse_policy,
    read_policy_document,
)


@dataclass(frozen=True, slots=True)
class Problem:
    kind: str  # unknown-key, never-matches, unconstrained-tool, contradiction, unreachable-approval, ...
    path: tuple[str | int, ...]  # keys from the top of the document: ("tools", "send_money", "args", "amount")
    message: str
    line: int | None = None

    @property
    def where(self) -> str:
        """``tools.send_money.args.amount``, ``rules[2]``."""
        text = ""
        for part in self.path:
            text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
        return text

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "where": self.where, "line": self.line, "message": self.message}


def lint_policy_file(path: str | Path) -> list[Problem]:
    """Every problem found, in file order where lines are known. Raises ConfigError when the file cannot be
    read or is invalid in a way lint cannot see past (wrong types, bad patterns, unknown tools in rules)."""
    text, data = read_policy_document(Path(path))
    problems = _unknown_keys(data)
    policy = parse_policy(_without(data, problems), safe_name(str(path)))
    problems += lint_policy(policy)
    lines = _Lines(text)
    located = [Problem(p.kind, p.path, p.message, lines.find(p.path)) for p in problems]
    return sorted(located, key=lambda p: (p.line is None, p.line or 0))


def lint_policy(policy: Policy) -> list[Problem]:
    problems: list[Problem] = []
    for tool in policy.tools.values():
        problems += _tool_problems(tool, policy)
    for index, flow in enumerate(policy.flows):
        problems += _flow_problems(index, flow, policy)
    problems += _contradictions(policy)
    for index, limit in enumerate(policy.limits):
        problems += _only_denied(("limits", index), limit.id, limit.tools, limit.action, policy)
    for index, sequence in enumerate(policy.sequences):
        problems += _only_denied(("sequences", index), sequence.id, sequence.then, sequence.action, policy)
    problems += _source_problems(policy)
    return problems


# -- unknown keys -----------------------------------------------------------------------------------------


def _unknown_keys(data: Any) -> list[Problem]:
    found: list[Problem] = []

    def check(table: Any, allowed: set[str], *where: str | int) -> None:
        if isinstance(table, dict):
            for key in table:
                if key not in allowed:
                    found.append(Problem("unknown-key", (*where, key), f"unknown key {str(key)!r} (known: "
                                         f"{', '.join(sorted(allowed))})"))

    check(data, KNOWN_KEYS["top"])
    if not isinstance(data, dict):
        return found
    check(data.get("sources"), KNOWN_KEYS["sources"], "sources")
    tools = data.get("tools")
    for name, spec in (tools.items() if isinstance(tools, dict) else ()):
        check(spec, KNOWN_KEYS["tool"], "tools", name)
        args = spec.get("args") if isinstance(spec, dict) else None
        for arg, arg_spec in (args.items() if isinstance(args, dict) else ()):
            check(arg_spec, KNOWN_KEYS["arg"], "tools", name, "args", arg)
    for key, kind in (("rules", "rule"), ("limits", "limit"), ("sequences", "sequence")):
        items = data.get(key)
        for index, item in enumerate(items if isinstance(items, list) else ()):
            check(item, KNOWN_KEYS[kind], key, index)
    return found


def _without(data: Any, unknown: list[Problem]) -> Any:
    """The document with the unknown keys removed, so that the rest can still be checked."""
    data = copy.deepcopy(data)
    for problem in unknown:
        *parents, leaf = problem.path
        node = data
        for part in parents:
            node = node[part]
        del node[leaf]
    return data


# -- checks on the loaded policy --------------------------------------------------------------------------


def _tool_problems(tool: ToolRule, policy: Policy) -> list[Problem]:
    key: tuple[str | int, ...] = ("tools", tool.name)
    problems = []
    if tool.is_sink and tool.action in (Action.ALLOW, Action.REDACT):
        if not tool.args and not tool.strict_args:
            problems.append(Problem("unconstrained-tool", key, f"{tool.name} has risk {tool.risk!r} and is allowed "
                                    "with no argument rules: any arguments pass; declare them and set strict_args "
                                    "= true"))
        elif not tool.strict_args:
            problems.append(Problem("unconstrained-tool", key, f"{tool.name} has risk {tool.risk!r} but "
                                    "strict_args is false: arguments not declared under args pass unchecked"))
    for name, arg in tool.args.items():
        problems += _arg_problems((*key, "args", name), arg, policy)
    return problems


def _arg_problems(key: tuple[str | int, ...], arg: ArgRule, policy: Policy) -> list[Problem]:
    problems = []
    if arg.minimum is not None and arg.maximum is not None and arg.minimum > arg.maximum:
        problems.append(Problem("never-matches", key, f"min {arg.minimum:g} is greater than max {arg.maximum:g}: "
                                "no value can pass"))
    if arg.allow:
        failing = [value for value in arg.allow if _fails(arg, value)]
        if failing and len(failing) == len(arg.allow):
            problems.append(Problem("never-matches", (*key, "allow"), "no allowed value passes the argument's other "
                                    "constraints (pattern, max_length, min/max or domains): every call is denied"))
        elif failing:
            problems.append(Problem("never-matches", (*key, "allow"), f"allowed value {failing[0]!r} can never pass "
                                    "the argument's other constraints"))
    for source in arg.grounded_by:
        tool = source.split(".", 1)[0]
        if tool not in policy.tools and source not in policy.sources.trusted_roles:
            problems.append(Problem("unknown-source", (*key, "grounded_by"), f"{source!r} is neither a trusted "
                                    "role nor a declared tool: it can never ground this argument"))
    return problems


def _fails(arg: ArgRule, value: str) -> bool:
    if arg.pattern is not None and not arg.pattern.fullmatch(value):
        return True
    if arg.max_length is not None and len(value) > arg.max_length:
        return True
    if arg.minimum is not None or arg.maximum is not None:
        try:
            number = float(value)
        except ValueError:
            return True
        if (arg.minimum is not None and number < arg.minimum) or (arg.maximum is not None and number > arg.maximum):
            return True
    if arg.domains:
        from aiwarden.firewall.engine import _domain_allowed

        return not _domain_allowed(value, arg.domains)
    return False


def _flow_problems(index: int, flow: FlowRule, policy: Policy) -> list[Problem]:
    key = ("rules", index)
    matched = [tool for tool in policy.tools.values() if flow.matches(tool)]
    if not matched:
        return [Problem("never-matches", key, f"rule {flow.id!r} applies to no declared tool (risks "
                        f"{', '.join(sorted(flow.risks)) or '-'}): it can never fire")]
    if flow.when in ("tainted-argument", "ungrounded-argument", "injected-argument"):
        judged = [tool for tool in matched if not _exempt(tool, flow.when)]
        if not judged:
            return [Problem("never-matches", key, f"rule {flow.id!r} ({flow.when}) only applies to tools whose "
                            "every argument is exempt (grounded = false or free_text) and strict_args is set: it "
                            "can never fire")]
    if flow.when == "unrequested-action" and not any(policy.intents_of(tool) for tool in matched):
        return [Problem("never-matches", key, f"rule {flow.id!r} (unrequested-action) only applies to tools with no "
                        "intent (declare intent = [...] on them; built-in intents: "
                        f"{', '.join(sorted(BUILTIN))}): it can never fire")]
    return _only_denied(key, flow.id, frozenset(t.name for t in matched), flow.action, policy)


def _exempt(tool: ToolRule, when: str) -> bool:
    """Whether no argument of this tool can ever be judged by a rule of this kind."""
    if not tool.strict_args:
        return False  # undeclared arguments are judged
    for arg in tool.args.values():
        if arg.grounded is False:
            continue
        if arg.free_text and when == "ungrounded-argument":
            continue
        return False
    return True


def _only_denied(key: tuple[str | int, ...], rule_id: str, tools: frozenset[str], action: Action,
                 policy: Policy) -> list[Problem]:
    """A rule whose every tool is denied outright never changes a decision; an approval there is never asked."""
    if not tools or any(policy.tools[name].action is not Action.DENY for name in tools if name in policy.tools):
        return []
    names = ", ".join(sorted(tools))
    if action is Action.REQUIRE_APPROVAL:
        return [Problem("unreachable-approval", key, f"rule {rule_id!r} asks for approval, but {names} "
                        "is always denied (action = \"deny\"): the approval is never asked")]
    return [Problem("never-matches", key, f"rule {rule_id!r} only applies to {names}, which is always denied: it "
                    "never changes a decision")]


def _contradictions(policy: Policy) -> list[Problem]:
    """Two flow rules of the same kind on the same tool with different actions: the more severe always wins,
    so the other one is dead for that tool (and an approval it asks for is never asked)."""
    problems = []
    flows = list(enumerate(policy.flows))
    for i, first in flows:
        for j, second in flows[i + 1:]:
            if first.when != second.when or first.action == second.action:
                continue
            shared = sorted(t.name for t in policy.tools.values() if first.matches(t) and second.matches(t))
            if not shared:
                continue
            weak_index, weak = (i, first) if first.action < second.action else (j, second)
            strong = second if weak is first else first
            kind = "unreachable-approval" if weak.action is Action.REQUIRE_APPROVAL else "contradiction"
            problems.append(Problem(kind, ("rules", weak_index), f"rules {weak.id!r} ({weak.action}) and "
                                    f"{strong.id!r} ({strong.action}) both fire on {weak.when} for "
                                    f"{', '.join(shared[:3])}{' ...' if len(shared) > 3 else ''}; "
                                    f"{strong.action} always wins, so {weak.id!r} never decides there"))
    return problems


def _source_problems(policy: Policy) -> list[Problem]:
    problems = []
    for name in sorted(policy.sources.trusted_tools):
        if name not in policy.tools:
            problems.append(Problem("unknown-source", ("sources", "trusted_tools"), f"{name!r} is not declared under "
                                    f"[tools] (default_action {policy.default_action}): a typo?"))
    for name in sorted(policy.sources.untrusted_fields):
        where = ("sources", "tool_fields", name)
        if name in policy.sources.trusted_tools:
            problems.append(Problem("contradiction", where, f"{name} is also in trusted_tools, which trusts its "
                                    "whole output: these untrusted fields are ignored"))
        elif name not in policy.tools:
            problems.append(Problem("unknown-source", where, f"{name!r} is not declared under [tools]: a typo?"))
    return problems


# -- locations ----------------------------------------------------------------------------------------


class _Lines:
    """Best-effort line numbers for key paths in TOML or YAML text (tomllib and yaml.safe_load keep none)."""

    def __init__(self, text: str):
        self.lines = text.split("\n")

    def find(self, path: tuple[str | int, ...]) -> int | None:
        start = 0
        for part in path:
            found = self._next(part, start)
            if found is None:
                return start + 1 if start else None
            start = found
        return start + 1

    def _next(self, part: str | int, start: int) -> int | None:
        if isinstance(part, int):  # the part-th [[table]] or "- " item after start
            seen = -1
            for number in range(start, len(self.lines)):
                line = self.lines[number].strip()
                if line.startswith("[[") or line.startswith("- "):
                    seen += 1
                    if seen == part:
                        return number
            return None
        name = re.escape(part)
        key = re.compile(rf"""^\s*(?:\[\[?)?\s*(?:[\w"'.-]*\.)?["']?{name}["']?\s*(?:[=:\].]|$)""")
        for number in range(start, len(self.lines)):
            if key.search(self.lines[number]):
                return number
        return None
