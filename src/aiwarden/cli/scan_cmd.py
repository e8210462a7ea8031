"""``aiwarden scan PATH...``: scan model files and folders without loading them."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from aiwarden.cli import conventions
from aiwarden.cli.options import positive_int
from aiwarden.cli.progress import ProgressLine
from aiwarden.core.display import safe_name
from aiwarden.core.findings import Severity
from aiwarden.report import FORMATS

SEVERITY_NAMES = [str(s) for s in Severity]


def register(sub: Any) -> None:
    p = sub.add_parser(
        "scan",
        help="scan model files for code-execution payloads and unsafe structure",
        description="Scan model files and folders by content (pickle, PyTorch, joblib, NumPy, Keras, ONNX, "
        "GGUF, safetensors, archives) without loading them. Exit 0: nothing at/above --fail-on; 1: findings "
        "at/above it; 2: usage error, unreadable input, or nothing scanned.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or directories to scan")
    p.add_argument("--format", choices=FORMATS, default="text",
                   help="report format: text, json, sarif, markdown (PR comment or job summary), github "
                   "(Actions annotations), html (one self-contained page)")
    p.add_argument("--output", "-o", metavar="FILE",
                   help="write the report to FILE (atomically; a summary line goes to stderr); '-' is stdout")
    p.add_argument("--fail-on", choices=SEVERITY_NAMES, default=None,
                   help="lowest severity that makes the exit code 1 (default: high, or scan.fail_on)")
    p.add_argument("--jobs", "-j", type=positive_int, default=None, help="files scanned in parallel")
    p.add_argument("--config", metavar="FILE", help="aiwarden.toml or pyproject.toml to use")
    p.add_argument("--follow-symlinks", action="store_true",
                   help="also follow links that leave the scanned folder (by default they are reported, "
                   "not followed; links inside it, such as a Hugging Face cache snapshot's, are followed)")
    p.add_argument("--no-progress", action="store_true", help="never draw the progress bar")
    p.add_argument("--allow-empty", action="store_true",
                   help="exit 0 when no recognised model file was found (for pre-commit hooks)")
    p.set_defaults(run=run)


def options_from_config(section: dict[str, Any], jobs: int | None, follow_symlinks: bool = False) -> Any:
    from aiwarden.core.errors import ConfigError
    from aiwarden.scan.context import Limits
    from aiwarden.scan.engine import ScanOptions, Suppression

    limits = Limits(**section.get("limits", {}))
    suppressions = tuple(Suppression(s["rule"], s["path"], s["reason"]) for s in section.get("suppress", []))
    from aiwarden.scan.rules import RULES

    for s in suppressions:
        if s.rule == "*":
            # one line in a repository's config would otherwise hide every finding, code execution included
            raise ConfigError("scan.suppress: rule '*' would hide every finding, code execution included; name the "
                              "rule to accept (the report shows each finding's rule id)")
        if s.rule not in RULES:
            raise ConfigError(f"scan.suppress: unknown rule {s.rule!r}")
    from aiwarden.scan.pkl.policy import unsafe_to_allow

    for name in section.get("allow_globals", []):
        reached = unsafe_to_allow(name)
        if reached:
            # a scanned repository's own aiwarden.toml must not be able to switch the gate off
            raise ConfigError(f"scan.allow_globals: {name!r} reaches {reached!r}, which runs code, reads or writes "
                              "files or loads objects; it cannot be allowed")
    n = jobs if jobs is not None else section.get("jobs", 1)
    if n < 1:
        raise ConfigError("jobs must be at least 1")
    return ScanOptions(
        limits=limits,
        extra_safe_globals=frozenset(section.get("allow_globals", [])),
        suppressions=suppressions,
        exclude=tuple(section.get("exclude", [])),
        jobs=n,
        follow_symlinks=follow_symlinks,
    )


def run(args: argparse.Namespace) -> int:
    from aiwarden.core.atomic import write_text_atomic
    from aiwarden.core.config import load_config
    from aiwarden.core.errors import ConfigError
    from aiwarden.report import render
    from aiwarden.report.text import safe_text, summary_line
    from aiwarden.scan.engine import scan_paths

    config = load_config(args.config)
    conventions.config_used(args, config.source)
    relaxing = [k for k in ("allow_globals", "exclude", "suppress") if config.section("scan").get(k)]
    if config.section("scan").get("fail_on", "high") != "high":
        relaxing.append("fail_on")
    if relaxing and not args.config:
        conventions.note(args, f"using config {safe_name(config.source or '')} (found by search), which sets "
                         f"{', '.join('scan.' + k for k in relaxing)}")
    section = config.section("scan")
    fail_on_name = args.fail_on or section.get("fail_on", "high")
    try:
        fail_on = Severity.parse(fail_on_name)
    except ValueError as exc:
        raise ConfigError(f"scan.fail_on: {exc}") from None
    options = options_from_config(section, args.jobs, args.follow_symlinks)
    show_progress = not args.no_progress and not conventions.quiet(args) and sys.stderr.isatty()
    line = ProgressLine() if show_progress else None
    report = scan_paths(args.paths, options, progress=line.files if line else None,
                        member_progress=line.member if line else None)
    if line:
        line.clear()
    to_file = args.output not in (None, "-")
    color = not to_file and args.format == "text" and conventions.use_color(args)
    text = render(report, args.format, color=color, fail_on=fail_on)
    if to_file:
        write_text_atomic(args.output, text)
        # The report is out of sight: say what it holds and where it went (CI logs are otherwise empty).
        conventions.note(args, f"{summary_line(report)}; {args.format} report written to {safe_name(args.output)}")
    else:
        sys.stdout.write(text)
    conventions.file_times(args, report.file_seconds)
    for error in report.errors:
        print(f"aiwarden: error: {safe_name(error.path)}: {safe_text(error.message)}", file=sys.stderr)
    if not report.scanned and not report.errors:
        if args.allow_empty:
            return 1 if any(f.severity >= fail_on for f in report.findings) else 0
        print("aiwarden: error: nothing was scanned (no recognised model files)", file=sys.stderr)
    return report.exit_code(fail_on)
