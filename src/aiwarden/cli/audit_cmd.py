"""``aiwarden audit verify LOG``: check a hash-chained audit log. Exit 0 intact, 1 broken, 2 unreadable."""

from __future__ import annotations

import argparse
import json
from typing import Any

from aiwarden.core.display import safe_name
from aiwarden.core.errors import UsageError


def register(sub: Any) -> None:
    p = sub.add_parser("audit", help="verify a tamper-evident audit log",
                       description="Audit logs are JSON lines chained by SHA-256 (HMAC-SHA256 with a key).")
    commands = p.add_subparsers(dest="audit_command", metavar="COMMAND", required=True)
    check = commands.add_parser("verify", help="walk the chain and report the first broken line")
    check.add_argument("log", metavar="LOG")
    check.add_argument("--key-file", metavar="FILE", help="HMAC key the log was written with")
    check.add_argument("--head", metavar="HASH", help="expected hash of the last record (detects truncation)")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.set_defaults(run=run_verify)


def run_verify(args: argparse.Namespace) -> int:
    from aiwarden.audit import verify

    key = None
    if args.key_file:
        from aiwarden.core.files import read_regular_file

        key = read_regular_file(args.key_file, 1024 * 1024).strip()
        if not key:
            raise UsageError(f"{safe_name(args.key_file)}: the key file is empty")
    result = verify(args.log, key=key, expected_head=args.head)
    if args.format == "json":
        print(json.dumps({"ok": result.ok, "records": result.records, "head": result.head, "line": result.line,
                          "reason": result.reason}))
    else:
        print(f"{safe_name(args.log)}: {result.describe()}")
    return 0 if result.ok else 1
