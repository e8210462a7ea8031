"""``aiwarden approvals list|approve|deny``: decide pending firewall approval requests."""

from __future__ import annotations

import argparse
import getpass
import json
from typing import Any

DEFAULT_DB = "aiwarden-approvals.db"


def register(sub: Any) -> None:
    p = sub.add_parser("approvals", help="list, approve or deny pending tool-call approvals",
                       description="Pending approvals are written by the firewall's approval gate to a SQLite "
                       f"database (default ./{DEFAULT_DB}), which must exist. Exit 0: done; 2: usage error, "
                       "no such database, no such request, or a request already decided.")
    p.add_argument("--db", default=DEFAULT_DB, metavar="FILE")
    commands = p.add_subparsers(dest="approvals_command", metavar="COMMAND", required=True)
    listing = commands.add_parser("list", help="show requests")
    listing.add_argument("--all", action="store_true", help="include decided requests")
    listing.add_argument("--format", choices=("text", "json"), default="text")
    listing.set_defaults(run=run_list)
    for verb in ("approve", "deny"):
        decide = commands.add_parser(verb, help=f"{verb} a pending request")
        decide.add_argument("request_id", metavar="ID")
        decide.add_argument("--by", default=None, help="who decides (default: the current user)")
        decide.add_argument("--note", default="", help="why")
        decide.set_defaults(run=run_decide, approve=verb == "approve")


def run_list(args: argparse.Namespace) -> int:
    from aiwarden.core.display import safe_name
    from aiwarden.firewall.approvals import ApprovalStore

    requests = ApprovalStore(args.db, create=False).list(None if args.all else "pending")
    if args.format == "json":
        print(json.dumps([r.to_dict() for r in requests], indent=2, default=str))
        return 0
    import datetime  # here, not at import: every command's start-up pays for module-level imports

    for r in requests:
        when = datetime.datetime.fromtimestamp(r.created, datetime.UTC).strftime("%Y-%m-%d %H:%M:%S")
        print(f"{safe_name(r.id)}  {r.status:<8} {when}  {safe_name(r.tool)}({json.dumps(r.arguments)[:60]})  "
              f"{safe_name(r.reason)}")
    if not requests:
        print("no pending approvals" if not args.all else "no approvals")
    return 0


def run_decide(args: argparse.Namespace) -> int:
    from aiwarden.cli.inputs import argument
    from aiwarden.core.display import safe_name
    from aiwarden.firewall.approvals import ApprovalStore

    by = argument(args.by, "--by") if args.by else getpass.getuser()
    note = argument(args.note, "--note")
    request = ApprovalStore(args.db, create=False).decide(argument(args.request_id, "ID"), args.approve, by, note)
    print(f"{request.id} {request.status} by {safe_name(by)}: {safe_name(request.tool)}")
    return 0
