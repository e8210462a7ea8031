"""``aiwarden aibom MODEL_DIR``: a CycloneDX 1.6 ML-BOM of a model directory, offline."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from aiwarden.cli import conventions


def register(sub: Any) -> None:
    p = sub.add_parser(
        "aibom",
        help="write a CycloneDX 1.6 AI bill of materials for a model directory",
        description="Build a CycloneDX 1.6 ML-BOM from local files only: the model with its OMS root digest, "
        "every file's SHA-256, a modelCard from README front matter and config.json, the chat template as its "
        "own hashed component, scanner formats and findings, and optionally the installed Python packages. "
        "Malformed README front matter, config.json or tokenizer_config.json is a warning on stderr. Exit 0: "
        "written; 2: usage or input error, including an empty directory.",
    )
    p.add_argument("model_dir", metavar="MODEL_DIR")
    p.add_argument("--format", choices=("cyclonedx-json",), default="cyclonedx-json")
    p.add_argument("--output", "-o", metavar="FILE", help="write the BOM to FILE (atomically)")
    p.add_argument("--env", action="store_true", help="include the installed Python distributions")
    p.add_argument("--no-scan", action="store_true", help="leave out scanner formats and findings")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from aiwarden.aibom import build_aibom
    from aiwarden.core.atomic import write_text_atomic
    from aiwarden.core.display import safe_name

    result = build_aibom(args.model_dir, include_env=args.env, scan=not args.no_scan)
    text = result.to_json()
    if args.output:
        write_text_atomic(args.output, text)
    else:
        sys.stdout.write(text)
    for warning in result.warnings:
        print(f"aiwarden: warning: {safe_name(warning)}", file=sys.stderr)
    missing = f"; not documented: {', '.join(result.missing)}" if result.missing else ""
    conventions.note(args, f"AIBOM completeness {result.completeness:.0%}{missing}")
    return 0
