"""``aiwarden firewall``: replay a recorded conversation through a policy, lint a policy; pin and lint MCP
tools."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from aiwarden.cli import conventions
from aiwarden.cli.inputs import load_json
from aiwarden.core.display import safe_name, utf8_name
from aiwarden.core.errors import UsageError


def register(sub: Any) -> None:
    p = sub.add_parser("firewall", help="agent tool-call firewall: replay traces, pin and lint MCP tools",
                       description="Decide agent tool calls with a declarative policy (see docs/firewall.md).")
    commands = p.add_subparsers(dest="firewall_command", metavar="COMMAND", required=True)
    check = commands.add_parser("check", help="print the decision for every tool call of a recorded conversation",
                                description="Replay TRACE.json (OpenAI Chat Completions messages, OpenAI "
                                "Responses items or Anthropic Messages; see docs/firewall.md) and decide each tool "
                                "call against the messages before it. Exit 0: every call allowed; 1: some call "
                                "denied or needing approval; 2: usage or input error, including a trace with "
                                "anything the firewall cannot read.")
    check.add_argument("trace", metavar="TRACE.json")
    check.add_argument("--policy", required=True, metavar="POLICY", help="policy file (.toml or .yaml)")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument("--audit", metavar="LOG", help="append every decision to this tamper-evident log")
    check.add_argument("--trace-format", choices=("auto", "openai-chat", "openai-responses", "anthropic"),
                       default="auto", help="the trace's format (default: recognised from its shape)")
    check.set_defaults(run=run_check)
    pin = commands.add_parser("mcp-pin", help="print pins (sha256 per tool) for an MCP tools/list result",
                              description="Print {name: sha256} for every tool. Exit 0: pinned; 2: usage or input "
                              "error, including a tool without a name or two tools with the same name.")
    pin.add_argument("tools", metavar="TOOLS.json")
    pin.set_defaults(run=run_pin)
    lint = commands.add_parser("mcp-check", help="lint MCP tool descriptions and compare them with pins",
                               description="Exit 0: no issue; 1: hidden instructions, nameless or duplicate "
                               "tools, or changed/new/removed tools; 2: usage or input error.")
    lint.add_argument("tools", metavar="TOOLS.json")
    lint.add_argument("--pins", metavar="PINS.json", help="pins written by mcp-pin")
    lint.add_argument("--format", choices=("text", "json"), default="text")
    lint.set_defaults(run=run_mcp_check)
    policy_lint = commands.add_parser(
        "lint", help="check a policy file for mistakes that still load",
        description="List every unknown key and every rule that cannot mean what it says: rules that never fire, "
        "tools that act on the world with unchecked arguments, contradicting rules, approvals that are never "
        "asked, sources naming undeclared tools. Exit 0: clean; 1: problems found; 2: unreadable or invalid policy.")
    policy_lint.add_argument("policy", metavar="POLICY", help="policy file (.toml or .yaml)")
    policy_lint.add_argument("--format", choices=("text", "json"), default="text")
    policy_lint.set_defaults(run=run_lint)


def run_check(args: argparse.Namespace) -> int:
    from aiwarden.firewall import Firewall
    from aiwarden.firewall.traces import TraceError, read_trace

    firewall = Firewall.from_file(args.policy)
    try:
        trace = read_trace(load_json(args.trace), args.trace_format)
    except TraceError as exc:
        raise UsageError(f"{args.trace}: {exc}") from None
    if args.audit:
        from aiwarden.audit import AuditLog

        firewall.audit = AuditLog(args.audit)
    results = []
    session = firewall.session()  # each call is judged on the messages before it, indexed once
    for item in trace.messages:
        for call in item.message.get("tool_calls") or []:
            decision = session.check(call)
            results.append({"message": item.index, "where": item.where, "call_id": call["id"], **decision.to_dict()})
        session.observe(item.message, item.index)
    if args.format == "json":
        print(json.dumps({"policy": utf8_name(args.policy), "format": trace.format, "decisions": results}, indent=2))
    else:
        for r in results:
            print(f"[{r['message']:>3}] {r['action'].upper():<16} {safe_name(r['tool']):<24} {r['rule_id']}: "
                  f"{safe_name(r['reason'])}")
        blocked = sum(1 for r in results if r["action"] not in ("allow", "redact"))
        if not conventions.quiet(args):
            print(f"{len(results)} tool call(s), {blocked} blocked or awaiting approval ({trace.format} trace)")
    return 1 if any(r["action"] not in ("allow", "redact") for r in results) else 0


def _tools(path: str) -> list[dict[str, Any]]:
    data = load_json(path)
    tools = data.get("tools") if isinstance(data, dict) else data
    if isinstance(data, dict) and isinstance(data.get("result"), dict):
        tools = data["result"].get("tools")
    if not isinstance(tools, list) or not all(isinstance(t, dict) for t in tools):
        raise UsageError(f"{safe_name(path)}: expected an MCP tools/list result (a list of tools or "
                         "{\"tools\": [...]})")
    return tools


def run_pin(args: argparse.Namespace) -> int:
    from aiwarden.firewall.mcp import pin

    print(json.dumps(pin(_tools(args.tools)), indent=2, sort_keys=True))
    return 0


def run_mcp_check(args: argparse.Namespace) -> int:
    from aiwarden.firewall.mcp import check_pins, lint, naming_issues

    tools = _tools(args.tools)
    issues = [issue for tool in tools for issue in lint(tool)]
    if args.pins:
        pins = load_json(args.pins)
        if not isinstance(pins, dict) or not all(isinstance(v, str) for v in pins.values()):
            raise UsageError(f"{safe_name(args.pins)}: expected an object of tool name -> sha256")
        issues += check_pins(tools, pins)
    else:
        issues += naming_issues(tools)
    if args.format == "json":
        pins = utf8_name(args.pins) if args.pins else None
        print(json.dumps({"tools": len(tools), "pins": pins, "issues": [i.to_dict() for i in issues]}, indent=2))
    else:
        for issue in issues:
            print(f"{issue.kind:<20} {safe_name(issue.message)}")
    if not conventions.quiet(args):
        print(f"{len(tools)} tool(s), {len(issues)} issue(s)", file=sys.stderr)
    return 1 if issues else 0


def run_lint(args: argparse.Namespace) -> int:
    from aiwarden.firewall.lint import lint_policy_file

    problems = lint_policy_file(args.policy)
    if args.format == "json":
        print(json.dumps({"policy": utf8_name(args.policy), "problems": [p.to_dict() for p in problems]}, indent=2))
    else:
        for problem in problems:
            line = f":{problem.line}" if problem.line else ""
            print(f"{safe_name(args.policy)}{line}: {problem.kind}: {safe_name(problem.where)}: "
                  f"{safe_name(problem.message)}")
    if not conventions.quiet(args):
        print(f"{len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0
