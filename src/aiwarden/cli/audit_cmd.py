"""``aiwarden audit verify|export|purge``: check a hash-chained audit log (a JSONL file, or the gateway's audit
trail in its database), export the trail as JSONL, and apply retention. Verify exits 0 intact, 1 broken, 2
unreadable."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import stat
import sys
import time
from collections.abc import Iterable
from typing import Any

from aiwarden.cli import conventions
from aiwarden.cli.gateway_db import DB_HELP, DEFAULT_DB, add_db_option, open_db, read_key_file
from aiwarden.core.display import safe_name
from aiwarden.core.errors import UsageError

DAY = 86400.0


def register(sub: Any) -> None:
    p = sub.add_parser("audit", help="verify, export or purge a tamper-evident audit trail",
                       description="Audit logs are JSON lines chained by SHA-256 (HMAC-SHA256 with a key); the "
                       "gateway keeps its trail, chained the same way, in its database.")
    commands = p.add_subparsers(dest="audit_command", metavar="COMMAND", required=True)
    check = commands.add_parser("verify", help="walk the chain and report the first broken record",
                                description="Verify a JSONL audit log (LOG) or the gateway's trail (--db), one "
                                "of the two. Exit 0 intact, 1 broken, 2 unreadable.")
    check.add_argument("log", metavar="LOG", nargs="?", help="a JSONL audit log")
    check.add_argument("--db", metavar="DB", help=DB_HELP.replace(" (default ./aiwarden.db)", ""))
    check.add_argument("--key-file", metavar="FILE", help="HMAC key the log was written with")
    check.add_argument("--head", metavar="HASH", help="expected hash of the last record (detects truncation)")
    check.add_argument("--checkpoint", metavar="FILE", help="--db only: a signed checkpoint (audit checkpoint); the "
                       "trail must still hold the record it signed (detects truncation and rewrites)")
    check.add_argument("--public-key", metavar="PEM", help="the public key that signed --checkpoint")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.set_defaults(run=run_verify)
    point = commands.add_parser("checkpoint", help="sign the head of the gateway's audit trail",
                                description="Verify the trail, then write its head (sequence number and hash) "
                                "signed with an ECDSA private key (aiwarden keygen). Keep checkpoints off the "
                                "database's host; `audit verify --checkpoint` later proves nothing before them "
                                "was removed or rewritten. Exit 0 written, 2 broken trail, bad key or unwritable "
                                "output.")
    add_db_option(point)
    point.add_argument("--key", required=True, metavar="PEM", help="ECDSA private key (PEM)")
    point.add_argument("--key-file", metavar="FILE", help="HMAC key the trail is written with")
    point.add_argument("--output", "-o", metavar="FILE", help="write to FILE atomically (default: stdout)")
    point.set_defaults(run=run_checkpoint)
    export = commands.add_parser("export", help="write the gateway's audit trail as JSON lines (for a SIEM)",
                                 description="One JSON object per record, in order, bodies included where still "
                                 "kept. Exit 0 written, 2 unreadable database or unwritable output.")
    add_db_option(export)
    export.add_argument("--output", "-o", metavar="FILE", help="write to FILE atomically (default: stdout)")
    export.add_argument("--since", metavar="SEQ", default="0", help="first record to export (default 0)")
    export.set_defaults(run=run_export)
    purge = commands.add_parser("purge", help="retention: delete old bodies or old records",
                                description="Delete prompt and response bodies, or whole records, older than a "
                                "number of days; a chained purge record keeps the trail verifiable. Exit 0 done, "
                                "2 usage error or unreadable database.")
    add_db_option(purge)
    purge.add_argument("--bodies-older-than", metavar="DAYS", help="delete bodies of records older than DAYS")
    purge.add_argument("--records-older-than", metavar="DAYS", help="delete records older than DAYS")
    purge.add_argument("--key-file", metavar="FILE", help="HMAC key the trail is written with (a keyed trail "
                       "needs it: the purge record is chained)")
    purge.set_defaults(run=run_purge)


def run_verify(args: argparse.Namespace) -> int:
    if (args.log is None) == (args.db is None):
        raise UsageError("audit verify: give either a LOG file or --db, exactly one")
    if (args.checkpoint is None) != (args.public_key is None):
        raise UsageError("audit verify: --checkpoint and --public-key go together")
    if args.checkpoint is not None and args.db is None:
        raise UsageError("audit verify: --checkpoint is for the gateway's trail (--db)")
    key = read_key_file(args.key_file)
    if args.db is not None:
        return _verify_db(args, key)
    from aiwarden.audit import verify

    result = verify(args.log, key=key, expected_head=args.head)
    if args.format == "json":
        print(json.dumps({"ok": result.ok, "records": result.records, "head": result.head, "line": result.line,
                          "reason": result.reason}))
    else:
        print(f"{safe_name(args.log)}: {result.describe()}")
    return 0 if result.ok else 1


def _verify_db(args: argparse.Namespace, key: bytes | None) -> int:
    from dataclasses import replace

    checkpoint = public_key = None
    if args.checkpoint is not None:
        from aiwarden.core.files import read_regular_file
        from aiwarden.gateway import checkpoint as checkpoints
        from aiwarden.sign.keys import load_public_key

        checkpoint = checkpoints.parse(read_regular_file(args.checkpoint, checkpoints.MAX_CHECKPOINT_BYTES + 1),
                                       safe_name(args.checkpoint))
        public_key = load_public_key(args.public_key)
    store = open_db(args.db, create=False)
    try:
        report = store.verify_report(key)
        missing = ""
        if checkpoint is not None and public_key is not None and report.check.ok:
            missing = checkpoints.check(store, checkpoint, public_key)
    finally:
        store.close()
    check = report.check
    if missing:
        check = replace(check, ok=False, first_bad=checkpoint["seq"] if checkpoint else None, reason=missing)
        report = replace(report, check=check)
    if check.ok and args.head is not None and check.head != args.head:
        next_seq = (report.anchor + 1 if report.anchor is not None else 0) + check.records
        check = replace(check, ok=False, first_bad=next_seq, reason=f"head is {check.head[:16]}..., expected "
                        f"{args.head[:16]}... (records removed from the end)")
        report = replace(report, check=check)
    if args.format == "json":
        print(json.dumps({"ok": check.ok, "records": check.records, "head": check.head,
                          "first_bad": check.first_bad, "reason": check.reason, "anchor": report.anchor,
                          "bodies_kept": report.bodies_kept, "bodies_purged": report.bodies_purged}))
    else:
        print(f"{store.shown}: {report.describe()}")
    return 0 if check.ok else 1


def run_checkpoint(args: argparse.Namespace) -> int:
    from aiwarden.gateway import checkpoint as checkpoints
    from aiwarden.sign.keys import load_private_key

    private_key = load_private_key(args.key)
    store = open_db(args.db, create=False)
    try:
        signed = checkpoints.make(store, private_key, read_key_file(args.key_file))
    finally:
        store.close()
    line = json.dumps(signed, sort_keys=True)
    if args.output:
        _write_lines_atomic(args.output, [line], protect=args.db)
    else:
        print(line)
    return 0


def _whole_number(text: str, option: str) -> int:
    try:
        value = int(text.strip(), 10)
    except ValueError:
        value = -1
    if value < 0:
        raise UsageError(f"{option}: expected a whole number, got {safe_name(text)!r}")
    return value


def _days(text: str | None, option: str) -> float | None:
    if text is None:
        return None
    try:
        days = float(text.strip())
    except ValueError:
        days = -1.0
    if not 0 <= days < 1e6:  # also refuses nan and inf
        raise UsageError(f"{option}: expected a number of days (0 or more), got {safe_name(text)!r}")
    return days


def run_export(args: argparse.Namespace) -> int:
    since = _whole_number(args.since, "--since")
    store = open_db(args.db, create=False)
    try:
        lines = (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"
                 for record in store.export(since))
        if args.output is None or args.output == "-":
            sys.stdout.writelines(lines)
        else:
            count = _write_lines_atomic(args.output, lines, protect=args.db)
            conventions.note(args, f"{count} records written to {safe_name(args.output)}")
    finally:
        store.close()
    return 0


def _write_lines_atomic(path: str, lines: Iterable[str], protect: str | None = None) -> int:
    """Stream lines into a temporary file beside ``path`` and rename it over ``path``: a reader (a SIEM
    shipper) never sees a partial export, and a failed one leaves the old file alone. Only a regular file (or
    nothing) is replaced: never a device, a pipe, or the database being read (``protect``, with its WAL files)."""
    shown = safe_name(path)
    if "\x00" in path:
        raise UsageError(f"{shown}: cannot write output: the path holds a NUL character")
    if os.path.isdir(path):
        raise UsageError(f"{shown}: cannot write output: is a directory")
    target = os.path.realpath(path)
    try:
        existing = os.stat(target)
    except OSError:
        existing = None
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        raise UsageError(f"{shown}: cannot write output: not a regular file (write to stdout to pipe it)")
    if existing is not None and protect is not None:
        for guarded in (protect, protect + "-wal", protect + "-shm", protect + "-journal"):
            try:
                same = os.path.samefile(target, guarded)
            except (OSError, ValueError):
                same = False
            if same:
                raise UsageError(f"{shown}: cannot write output over the database being read")
    tmp = os.path.join(os.path.dirname(target), f".aiwarden-{os.urandom(8).hex()}.tmp")
    count = 0
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
    except OSError as exc:
        raise UsageError(f"{shown}: cannot write output: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            for line in lines:
                handle.write(line)
                count += 1
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        _unlink_quietly(tmp)
        raise UsageError(f"{shown}: cannot write output: {exc.strerror or exc}") from None
    except BaseException:
        _unlink_quietly(tmp)
        raise
    return count


def _unlink_quietly(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def run_purge(args: argparse.Namespace) -> int:
    bodies_days = _days(args.bodies_older_than, "--bodies-older-than")
    records_days = _days(args.records_older_than, "--records-older-than")
    if bodies_days is None and records_days is None:
        raise UsageError("audit purge: give --bodies-older-than, --records-older-than or both")
    key = read_key_file(args.key_file)
    now = time.time()
    store = open_db(args.db, create=False, key=key)
    try:
        result = store.purge_counts(bodies_before=None if bodies_days is None else now - bodies_days * DAY,
                                    records_before=None if records_days is None else now - records_days * DAY)
    finally:
        store.close()
    print(f"{store.shown}: purged {result.bodies} bodies and {result.records} records")
    return 0


__all__ = ["DEFAULT_DB", "register"]
