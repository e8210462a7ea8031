"""``aiwarden guard``: check prompts (input) or model responses (output), one text or a JSONL file."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from aiwarden.cli import conventions
from aiwarden.core.errors import UsageError

# The same palette as the scan report: red for what blocks, yellow for what needs a look.
_ACTION_STYLE = {"block": "1;31", "redact": "33", "allow": "32"}
_SEVERITY_STYLE = {"critical": "1;31", "high": "31", "medium": "33", "low": "36", "info": "2"}


def register(sub: Any) -> None:
    p = sub.add_parser(
        "guard",
        help="detect prompt injection, jailbreaks, smuggled text (input) or leaks and unsafe content (output)",
        description="Scan TEXT (or stdin with '-'), or every line {\"id\", \"text\"} of a JSONL file. With --file, "
        "each line gives one output line {\"id\", \"flagged\", \"action\", \"score\", \"findings\"}. Exit 0: "
        "nothing flagged; 1: something flagged; 2: usage or input error.",
    )
    p.add_argument("text", nargs="?", metavar="TEXT", help="text to check ('-' reads stdin)")
    p.add_argument("--file", metavar="F.jsonl", help="JSONL input, one {\"id\", \"text\"} per line")
    p.add_argument("--direction", choices=("input", "output"), default="input")
    p.add_argument("--source", choices=("user", "untrusted"), default="user",
                   help="input only: 'untrusted' for tool output, web pages, retrieved documents")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--no-model", action="store_true", help="skip the learned tier (signatures and smuggling only)")
    p.add_argument("--tier", choices=("auto", "transformer", "ngram"),
                   help="learned tier: the transformer (needs the guard-model extra) or the n-gram scorer; "
                   "default: [guard] tier, else auto (the transformer when installed)")
    p.add_argument("--config", metavar="FILE", help="aiwarden.toml with a [guard] section")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from aiwarden.core.config import load_config
    from aiwarden.guard import Guard

    if (args.text is None) == (args.file is None):
        raise UsageError("give TEXT (or '-') or --file F.jsonl")
    config = load_config(args.config)
    conventions.config_used(args, config.source)
    guard = Guard.from_config(config)
    if args.no_model:
        guard.use_model = False
    if args.tier:
        guard.tier = args.tier
    if guard.use_model:
        guard.active_tier()  # a tier asked for by name that cannot run is an error before any input is read

    def check(text: str) -> Any:
        if args.direction == "output":
            return guard.scan_output(text)
        return guard.scan_input(text, args.source)

    if args.file:
        from aiwarden.cli.progress import ProgressLine

        # only when the results go elsewhere: a progress line between result lines on one terminal garbles both
        show = not conventions.quiet(args) and sys.stderr.isatty() and not sys.stdout.isatty()
        return _run_file(args.file, check, ProgressLine() if show else None)
    from aiwarden.cli.inputs import argument, read_stdin

    text = read_stdin() if args.text == "-" else argument(args.text, "TEXT")
    result = check(text)
    if args.format == "json":
        _print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        color = conventions.use_color(args)
        _print(f"{conventions.paint(result.action.upper(), _ACTION_STYLE.get(result.action, '0'), color)}  "
              f"score {result.score:.2f}")
        for finding in result.findings:
            severity = conventions.paint(f"{str(finding.severity).upper():<8}",
                                         _SEVERITY_STYLE.get(str(finding.severity), "0"), color)
            _print(f"  {severity} {finding.rule_id}: {finding.message}")
        if result.action == "redact":
            _print(result.text)
    return 1 if result.flagged else 0


def _run_file(path: str, check: Any, progress: Any = None) -> int:
    from aiwarden.cli.inputs import read_text
    from aiwarden.core.display import safe_name

    rows = []
    # Lines end at "\n" only: str.splitlines would also cut at U+2028 and friends inside a JSON string.
    for number, line in enumerate(read_text(path).split("\n"), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except (ValueError, RecursionError):
            raise UsageError(f"{safe_name(path)}:{number}: not valid JSON") from None
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise UsageError(f"{safe_name(path)}:{number}: expected an object with a string \"text\"")
        rows.append(item)
    flagged = False
    for done, item in enumerate(rows, 1):  # validate everything first: no partial output on bad input
        if progress:
            progress.items(done, f"of {len(rows)} inputs checked")
        result = check(item["text"])
        flagged |= result.flagged
        _print(json.dumps({"id": item.get("id"), "flagged": result.flagged, "action": result.action,
                          "score": round(result.score, 4), "findings": [f.to_dict() for f in result.findings]},
                         ensure_ascii=False))
    if progress:
        progress.clear()
    return 1 if flagged else 0


def _print(line: str) -> None:
    """Print ``line``; a lone surrogate (valid in a JSON string, not in UTF-8) is written as its backslash escape,
    which inside a JSON string is the same character, instead of failing the whole run."""
    print(line.encode("utf-8", "backslashreplace").decode("utf-8"))
