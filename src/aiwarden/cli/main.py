"""Entry point: ``aiwarden COMMAND ...``. Exit codes: 0 clean, 1 findings at/above --fail-on, 2 usage or
input error (including nothing scanned). User errors are one line on stderr, never a traceback."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from aiwarden import __version__
from aiwarden.core.errors import AiwardenError

COMMANDS = {
    "scan": "aiwarden.cli.scan_cmd",
    "demo": "aiwarden.cli.demo_cmd",
    "sign": "aiwarden.cli.sign_cmd",
    "verify": "aiwarden.cli.verify_cmd",
    "keygen": "aiwarden.cli.keygen_cmd",
    "aibom": "aiwarden.cli.aibom_cmd",
    "firewall": "aiwarden.cli.firewall_cmd",
    "approvals": "aiwarden.cli.approvals_cmd",
    "guard": "aiwarden.cli.guard_cmd",
    "audit": "aiwarden.cli.audit_cmd",
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"aiwarden: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    import importlib

    parser = _Parser(
        prog="aiwarden",
        description="Security toolkit for AI systems: scan model files for code-execution payloads "
        "without loading them.",
    )
    parser.add_argument("--version", action="version", version=f"aiwarden {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in COMMANDS.values():
        module = importlib.import_module(module_name)
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        code: int = args.run(args)
        return code
    except AiwardenError as exc:
        print(f"aiwarden: error: {exc.diagnostic()}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("aiwarden: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def entry() -> None:
    sys.exit(main())
