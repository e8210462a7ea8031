"""Options every command shares, before or after the command name: colour (``NO_COLOR``, ``--color``) and
verbosity (``-q``, ``-v``). Commands ask this module, never the environment, so the rules stay one rule."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any, TextIO

COLOR_CHOICES = ("auto", "always", "never")


def add_shared_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """On the top-level parser the options carry the defaults; on a command they default to SUPPRESS, so
    `aiwarden -q scan X` is not undone by the command's own default."""
    def default(value: Any) -> Any:
        return value if top else argparse.SUPPRESS

    group = parser.add_argument_group("output conventions")
    group.add_argument("--color", "--colour", choices=COLOR_CHOICES, default=default("auto"),
                       help="colour the terminal output: auto (default: a terminal and NO_COLOR unset or empty), "
                       "always or never")
    group.add_argument("-q", "--quiet", action="store_true", default=default(False),
                       help="print only the report and errors: no summary, progress or notes")
    group.add_argument("-v", "--verbose", action="store_true", default=default(False),
                       help="print details on stderr: the config file used, time per file")


def add_to_every_command(parser: argparse.ArgumentParser) -> None:
    """Give every command and sub-command the shared options, so they are accepted in either place."""
    for action in parser._actions:  # argparse has no public walk over sub-parsers
        if isinstance(action, argparse._SubParsersAction):
            for command in dict.fromkeys(action.choices.values()):  # aliases share one parser
                add_shared_options(command, top=False)
                add_to_every_command(command)


def check(args: argparse.Namespace) -> str | None:
    """A usage error for contradictory options, or None."""
    if getattr(args, "quiet", False) and getattr(args, "verbose", False):
        return "-q/--quiet and -v/--verbose cannot be combined"
    return None


def use_color(args: argparse.Namespace, stream: TextIO | None = None) -> bool:
    """https://no-color.org: any non-empty NO_COLOR turns colour off; an explicit --color wins over it."""
    choice = getattr(args, "color", "auto")
    if choice != "auto":
        return bool(choice == "always")
    if os.environ.get("NO_COLOR"):
        return False
    stream = stream or sys.stdout
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a replaced or closed stream is not a terminal
        return False


def quiet(args: argparse.Namespace) -> bool:
    return bool(getattr(args, "quiet", False))


def verbose(args: argparse.Namespace) -> bool:
    return bool(getattr(args, "verbose", False))


def note(args: argparse.Namespace, message: str) -> None:
    """A summary or progress note on stderr; -q drops it (errors and warnings are printed elsewhere)."""
    if not quiet(args):
        print(f"aiwarden: {message}", file=sys.stderr)


def detail(args: argparse.Namespace, message: str) -> None:
    """Extra detail on stderr, printed only with -v."""
    if verbose(args):
        print(f"aiwarden: {message}", file=sys.stderr)


def paint(text: str, style: str, enabled: bool) -> str:
    """``text`` in an ANSI style (e.g. "31" red, "1;31" bold red) when colour is on."""
    return f"\x1b[{style}m{text}\x1b[0m" if enabled else text


def config_used(args: argparse.Namespace, source: str | None) -> None:
    """-v: which configuration file the command read, so a surprising setting can be traced to its file."""
    from aiwarden.core.display import safe_name

    detail(args, f"config: {safe_name(source) if source else 'none found (built-in defaults)'}")


def file_times(args: argparse.Namespace, seconds: dict[str, float]) -> None:
    """-v: the time each file took, slowest first (where a scan went)."""
    from aiwarden.core.display import safe_name

    if verbose(args):
        for path, spent in sorted(seconds.items(), key=lambda item: -item[1]):
            detail(args, f"{spent:8.3f}s {safe_name(path)}")
