"""``aiwarden demo``: scan the bundled demo set of safe and unsafe model files and print the report."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from aiwarden.cli import conventions


def demo_dir() -> str:
    return os.path.join(os.path.dirname(os.path.dirname(__file__)), "demo", "files")


def register(sub: Any) -> None:
    p = sub.add_parser("demo", help="scan the bundled demo model files (safe and unsafe) and print the report",
                       description="Scan aiwarden's bundled demo set: real benign model files and harmless "
                       "malicious ones. Exits 0 when every unsafe file was caught and no safe one was flagged.")
    p.add_argument("--format", choices=("text", "json", "sarif"), default="text")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from aiwarden.core.findings import Severity
    from aiwarden.report import render
    from aiwarden.scan.engine import scan_paths

    # Scan from inside the demo folder: paths then read like a user's model directory.
    os.chdir(demo_dir())
    names = sorted(os.listdir("."))
    report = scan_paths(names)
    sys.stdout.write(render(report, args.format, color=args.format == "text" and conventions.use_color(args)))
    conventions.file_times(args, report.file_seconds)
    flagged = {f.location.path for f in report.findings if f.severity >= Severity.HIGH}
    unsafe = {n for n in names if n.startswith("unsafe-")}
    missed, false_alarms = unsafe - flagged, flagged - unsafe
    if args.format == "text" and not conventions.quiet(args):
        print(f"\ndemo: {len(unsafe - missed)}/{len(unsafe)} unsafe files flagged high or critical, "
              f"{len(false_alarms)} safe file(s) flagged; `aiwarden scan` would exit {report.exit_code()}")
    return 0 if not missed and not false_alarms else 1
