"""``aiwarden config show``: which configuration file applies here, and the settings it results in."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser("config", help="show which aiwarden.toml applies and the effective settings",
                       description="aiwarden.toml (or [tool.aiwarden] in pyproject.toml) is looked up from the "
                       "working directory up to the repository root (the first directory with .git) or the "
                       "filesystem root; the nearest wins, and --config FILE overrides it.")
    commands = p.add_subparsers(dest="config_command", metavar="COMMAND", required=True)
    show = commands.add_parser("show", help="print the config file used and every effective setting",
                               description="Print the path of the configuration file in use (none: built-in "
                               "defaults) and every setting with its effective value, defaults included. Exit 0: "
                               "printed; 2: the file is unreadable or invalid.")
    show.add_argument("--config", metavar="FILE", help="aiwarden.toml or pyproject.toml to use instead")
    show.add_argument("--format", choices=("toml", "json"), default="toml")
    show.set_defaults(run=run_show)


def effective_settings(data: dict[str, Any]) -> dict[str, Any]:
    """Every setting the file can hold, with the value that applies: the file's, else the built-in default."""
    from dataclasses import asdict

    from aiwarden.core.config import SCHEMA
    from aiwarden.guard.guard import CONFIG_DEFAULTS
    from aiwarden.scan.context import Limits

    scan = dict(data.get("scan", {}))
    limits = {key: value for key, value in asdict(Limits()).items() if key in SCHEMA["scan"]["limits"]}
    return {
        "scan": {"fail_on": scan.get("fail_on", "high"), "jobs": scan.get("jobs", 1),
                 "exclude": scan.get("exclude", []), "allow_globals": scan.get("allow_globals", []),
                 "limits": limits | scan.get("limits", {}), "suppress": scan.get("suppress", [])},
        "guard": CONFIG_DEFAULTS | data.get("guard", {}),
    }


def run_show(args: argparse.Namespace) -> int:
    from aiwarden.cli import conventions
    from aiwarden.core.config import load_config, to_toml
    from aiwarden.core.display import safe_name, utf8_name

    config = load_config(args.config)
    conventions.config_used(args, config.source)
    settings = effective_settings(config.data)
    source = utf8_name(config.source) if config.source else None
    if args.format == "json":
        print(json.dumps({"source": source, "settings": settings}, indent=2, ensure_ascii=False))
    else:
        comment = safe_name(config.source) if config.source else "none found (built-in defaults)"
        sys.stdout.write(f"# config: {comment}\n{to_toml(settings)}")
    return 0
