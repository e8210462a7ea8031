"""Entry point: ``aiwarden COMMAND ...``. Exit codes: 0 clean, 1 findings at/above --fail-on, 2 usage or
input error (including nothing scanned), 141 the reader of stdout went away (broken pipe), 130 interrupted.
User errors are one line on stderr, never a traceback; an unexpected exception (a bug) is one line too, and
exits 2 so that it can never read as "findings" (1) or success (0)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from aiwarden import __version__
from aiwarden.cli import conventions
from aiwarden.cli.conventions import add_shared_options, add_to_every_command
from aiwarden.core.errors import AiwardenError

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

# 128 + SIGPIPE, what a shell reports for a writer killed by a closed pipe: never 0 (a `| head` must not turn
# findings or denials into success under `set -o pipefail`) and never 1 (nothing was found).
EXIT_BROKEN_PIPE = 141

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
    "keys": "aiwarden.cli.keys_cmd",
    "config": "aiwarden.cli.config_cmd",
    "serve": "aiwarden.cli.serve_cmd",
    "redteam": "aiwarden.cli.redteam_cmd",
}


class _Formatter(argparse.HelpFormatter):
    """argparse's formatter, sized without importing shutil (its default does, on every parser: start-up)."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        from aiwarden.report.text import terminal_columns

        super().__init__(prog, indent_increment, max_help_position, width or terminal_columns() - 2)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        # argparse swallows OSError here, so `aiwarden --help | head -1` would exit 0 through a broken pipe.
        if message:
            (file or sys.stderr).write(message)

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
    parser.add_argument("-V", "--version", action="version", version=f"aiwarden {__version__}")
    add_shared_options(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in COMMANDS.values():
        module = importlib.import_module(module_name)
        module.register(sub)
    add_to_every_command(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    if sys.stdout is None:  # started with stdout closed: a report would be lost, so nothing is decided
        print("aiwarden: error: standard output is closed; redirect it (to /dev/null to discard the report)",
              file=sys.stderr)
        return 2
    try:
        code = _main(argv)
        sys.stdout.flush()  # here, not at interpreter exit, so that a broken pipe is caught below
        return code
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except OSError as exc:  # stdout on a full disk or a failing device: an I/O error, never a traceback
        _silence_stdout()
        print(f"aiwarden: error: I/O error: {exc.strerror or exc}", file=sys.stderr)
        return 2


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit:  # --help, --version and usage errors exit from argparse: their output is flushed first
        sys.stdout.flush()
        raise
    if args.command is None:
        parser.print_help()
        return 2
    problem = conventions.check(args)
    if problem:
        parser.error(problem)
    try:
        code: int = args.run(args)
        return code
    except AiwardenError as exc:
        print(f"aiwarden: error: {exc.diagnostic()}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("aiwarden: interrupted", file=sys.stderr)
        return 130
    except OSError:
        raise  # main() turns a broken pipe into 141 and any other I/O error (a full disk) into 2
    except Exception as exc:  # a bug: fail closed with exit 2, never 1 ("findings"); AIWARDEN_DEBUG shows it whole
        from aiwarden.core.display import safe_name

        if os.environ.get("AIWARDEN_DEBUG"):
            import traceback

            traceback.print_exc()
        print(f"aiwarden: internal error: {type(exc).__name__}: {safe_name(str(exc))[:200]}; please report it "
              "(set AIWARDEN_DEBUG=1 for the traceback)", file=sys.stderr)
        return 2


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that the flush at interpreter exit does not fail again and print "Exception
    ignored ... BrokenPipeError" (the recipe in the Python docs, "Note on SIGPIPE")."""
    try:
        fd = sys.stdout.fileno()
    except (OSError, ValueError):  # not a real file (replaced in tests): nothing is flushed at exit
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)


def _terminate(signum: int, _frame: object) -> None:
    """SIGTERM unwinds like an exception, so that cleanup (a half-made --copy-to staging folder) runs."""
    raise SystemExit(128 + signum)


def entry() -> None:
    import signal

    signal.signal(signal.SIGTERM, _terminate)
    sys.exit(main())
