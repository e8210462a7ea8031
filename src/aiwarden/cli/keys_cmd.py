"""``aiwarden keys create|list|revoke``: the gateway's API keys. The secret is printed once, at creation; the
database keeps only its SHA-256."""

from __future__ import annotations

import argparse
import json
import time
from typing import Any

from aiwarden.cli import conventions
from aiwarden.cli.gateway_db import DEFAULT_DB, add_db_option, open_db
from aiwarden.core.display import safe_name
from aiwarden.core.errors import UsageError

ROUTE_CHOICES = ("chat", "completions", "embeddings", "models")  # store_sql.ROUTES, without importing it here


def register(sub: Any) -> None:
    p = sub.add_parser("keys", help="create, list or revoke gateway API keys",
                       description=f"API keys for `aiwarden serve`, kept in the gateway database (default "
                       f"./{DEFAULT_DB}, or a postgresql:// URL). Exit 0: done; 2: usage error, no such "
                       "database or key.")
    commands = p.add_subparsers(dest="keys_command", metavar="COMMAND", required=True)
    create = commands.add_parser("create", help="make a key and print its secret (shown once)",
                                 description="Make a key (and the database, if missing). The token is printed "
                                 "once: only its hash is stored.")
    add_db_option(create)
    create.add_argument("--name", required=True, help="who or what the key is for")
    create.add_argument("--models", nargs="+", metavar="MODEL", default=[],
                        help="models the key may use (default: every model)")
    create.add_argument("--routes", nargs="+", metavar="ROUTE", default=[], choices=ROUTE_CHOICES,
                        help=f"routes the key may use: {', '.join(ROUTE_CHOICES)} (default: every route)")
    create.add_argument("--rpm", metavar="N", help="requests per minute (default: unlimited)")
    create.add_argument("--tpm", metavar="N", help="tokens per minute (default: unlimited)")
    create.add_argument("--concurrency", metavar="N", help="requests in flight at once (default: unlimited)")
    create.add_argument("--expires", metavar="DATE",
                        help="ISO date or date-time the key stops working (UTC unless it names a zone)")
    create.add_argument("--format", choices=("text", "json"), default="text")
    create.set_defaults(run=run_create)
    listing = commands.add_parser("list", help="show every key (never a secret)")
    add_db_option(listing)
    listing.add_argument("--format", choices=("text", "json"), default="text")
    listing.set_defaults(run=run_list)
    revoke = commands.add_parser("revoke", help="revoke a key at once (it stays listed)")
    add_db_option(revoke)
    revoke.add_argument("key_id", metavar="ID")
    revoke.set_defaults(run=run_revoke)


MAX_LIMIT = 2**53 - 1


def positive_int(text: str | None, option: str) -> int | None:
    if text is None:
        return None
    try:
        value = int(text.strip(), 10)
    except ValueError:
        value = 0
    if value < 1:
        raise UsageError(f"{option}: expected a positive integer, got {safe_name(text)!r}")
    if value > MAX_LIMIT:  # beyond what the databases store as an integer
        raise UsageError(f"{option}: at most {MAX_LIMIT}, got {safe_name(text)[:40]!r}")
    return value


def parse_expiry(text: str | None, now: float) -> float | None:
    """Seconds since the epoch for an ISO date (midnight) or date-time; UTC when no zone is given."""
    if text is None:
        return None
    import datetime

    try:
        moment = datetime.datetime.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"--expires: not an ISO date or date-time: {safe_name(text)!r} (e.g. 2030-01-31 or "
                         "2030-01-31T18:00:00+01:00)") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    when = moment.timestamp()
    if when <= now:
        raise UsageError(f"--expires: {safe_name(text)} is in the past")
    return when


def run_create(args: argparse.Namespace) -> int:
    from aiwarden.cli.inputs import argument
    from aiwarden.gateway.types import Quota

    name = argument(args.name, "--name").strip()
    if not name:
        raise UsageError("--name: a key needs a name")
    models = tuple(argument(model, "--models") for model in args.models)
    if any(not model for model in models):
        raise UsageError("--models: a model name is empty")
    quota = Quota(positive_int(args.rpm, "--rpm"), positive_int(args.tpm, "--tpm"),
                  positive_int(args.concurrency, "--concurrency"))
    expires_at = parse_expiry(args.expires, time.time())
    store = open_db(args.db, create=True)
    try:
        key, token = store.create_key(name, models=models, routes=tuple(dict.fromkeys(args.routes)), quota=quota,
                                      expires_at=expires_at)
    finally:
        store.close()
    if args.format == "json":
        print(json.dumps({"key": token, **key.to_dict()}))
    else:
        print(token)
        conventions.note(args, f"key {key.id} ({safe_name(key.name)}) created in {store.shown}; the token above "
                         "is shown only now: store it safely")
    return 0


def run_list(args: argparse.Namespace) -> int:
    store = open_db(args.db, create=False)
    try:
        keys = store.list_keys()
    finally:
        store.close()
    if args.format == "json":
        print(json.dumps([key.to_dict() for key in keys]))
        return 0
    import datetime

    def when(moment: float | None) -> str:
        if moment is None:
            return "-"
        return datetime.datetime.fromtimestamp(moment, datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    now = time.time()
    for key in keys:
        limits = " ".join(f"{label}={value}" for label, value in (("rpm", key.quota.rpm), ("tpm", key.quota.tpm),
                          ("concurrency", key.quota.concurrency)) if value is not None) or "unlimited"
        print(f"{key.id}  {key.refusal(now) or 'active':<8} {safe_name(key.name)}  "
              f"models={','.join(safe_name(m) for m in key.models) or '*'}  routes={','.join(key.routes) or '*'}  "
              f"{limits}  expires={when(key.expires_at)}")
    if not keys:
        print("no keys")
    return 0


def run_revoke(args: argparse.Namespace) -> int:
    from aiwarden.cli.inputs import argument

    key_id = argument(args.key_id, "ID")
    store = open_db(args.db, create=False)
    try:
        key = store.get_key(key_id)
        if key is None:
            raise UsageError(f"no key {safe_name(key_id)!r} in {store.shown}")
        revoked = store.revoke_key(key_id)
    finally:
        store.close()
    print(f"{key.id} revoked ({safe_name(key.name)})" if revoked else f"{key.id} was already revoked")
    return 0
