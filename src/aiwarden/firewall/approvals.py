"""Human approval gates: pending requests persisted in SQLite, decided from the CLI or a Python callback.

The decision path stays pure: ``Firewall.check`` says REQUIRE_APPROVAL; ``ApprovalGate`` records the
request, asks the approver (if one is wired in) and records who decided what, and when.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiwarden.core.display import safe_name
from aiwarden.core.errors import UsageError
from aiwarden.firewall.engine import Decision, parse_tool_call
from aiwarden.firewall.policy import Action

_SCHEMA = """
CREATE TABLE IF NOT EXISTS approvals (
    id TEXT PRIMARY KEY,
    created REAL NOT NULL,
    conversation TEXT,
    tool TEXT NOT NULL,
    arguments TEXT NOT NULL,
    rule_id TEXT NOT NULL,
    reason TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'denied')),
    decided REAL,
    decided_by TEXT,
    note TEXT
)
"""


@dataclass(frozen=True, slots=True)
class ApprovalRequest:
    id: str
    created: float
    conversation: str | None
    tool: str
    arguments: Any
    rule_id: str
    reason: str
    status: str
    decided: float | None = None
    decided_by: str | None = None
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


class ApprovalStore:
    """With ``create=False`` (the CLI) the database must exist already: deciding approvals in a new, empty
    database made by a typo or the wrong working directory would say "no pending approvals" when there are."""

    def __init__(self, path: str | Path, create: bool = True):
        self.path = str(path)
        shown = safe_name(self.path)
        if not create and not os.path.isfile(path):  # Path.is_file raises for a name too long to look up
            raise UsageError(f"{shown}: no approvals database there (the firewall's ApprovalGate creates it; "
                             "pass its path with --db)")
        try:
            if create:
                self._db = sqlite3.connect(self.path, isolation_level=None, timeout=10)
            else:  # mode=rw: never created here, even if the file goes away after the check above
                uri = f"{Path(path).absolute().as_uri()}?mode=rw"
                self._db = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=10)
            if not create and self._db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = "
                                               "'approvals'").fetchone() is None:
                self._db.close()  # someone else's database: not even its journal mode is changed
                raise UsageError(f"{shown}: not an approvals database (no approvals table)")
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(_SCHEMA)
        except sqlite3.Error as exc:
            raise UsageError(f"{shown}: cannot open the approvals database: {exc}") from None

    def close(self) -> None:
        self._db.close()

    def request(self, decision: Decision, tool_call: dict[str, Any], conversation: str | None = None
                ) -> ApprovalRequest:
        name, arguments = parse_tool_call(tool_call)
        request = ApprovalRequest(uuid.uuid4().hex[:12], time.time(), conversation, name, arguments,
                                  decision.rule_id, decision.reason, "pending")
        self._db.execute(
            "INSERT INTO approvals (id, created, conversation, tool, arguments, rule_id, reason, status) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (request.id, request.created, conversation, name, json.dumps(arguments, default=str), decision.rule_id,
             decision.reason, "pending"),
        )
        return request

    def get(self, request_id: str) -> ApprovalRequest:
        row = self._db.execute("SELECT * FROM approvals WHERE id = ?", (request_id,)).fetchone()
        if row is None:
            raise UsageError(f"no approval request {request_id!r} in {self.path}")
        return _row(row)

    def list(self, status: str | None = "pending") -> list[ApprovalRequest]:
        if status is None:
            rows = self._db.execute("SELECT * FROM approvals ORDER BY created").fetchall()
        else:
            rows = self._db.execute("SELECT * FROM approvals WHERE status = ? ORDER BY created", (status,)).fetchall()
        return [_row(r) for r in rows]

    def decide(self, request_id: str, approve: bool, by: str, note: str = "") -> ApprovalRequest:
        current = self.get(request_id)
        if current.status != "pending":
            raise UsageError(f"approval request {request_id} was already {current.status} by {current.decided_by}")
        self._db.execute("UPDATE approvals SET status = ?, decided = ?, decided_by = ?, note = ? "
                         "WHERE id = ? AND status = 'pending'",
                         ("approved" if approve else "denied", time.time(), by, note, request_id))
        return self.get(request_id)


def _row(row: tuple[Any, ...]) -> ApprovalRequest:
    rid, created, conversation, tool, arguments, rule_id, reason, status, decided, decided_by, note = row
    return ApprovalRequest(rid, created, conversation, tool, json.loads(arguments), rule_id, reason, status,
                           decided, decided_by, note)


Approver = Callable[[ApprovalRequest], bool]


class ApprovalGate:
    """Turns REQUIRE_APPROVAL into ALLOW or DENY through an approver, recording every request and answer.

    Without an approver the request stays pending (for `aiwarden approvals approve|deny`) and the call is
    denied for now: fail closed.
    """

    def __init__(self, store: ApprovalStore, approver: Approver | None = None, who: str = "callback"):
        self.store = store
        self.approver = approver
        self.who = who

    def resolve(self, decision: Decision, tool_call: dict[str, Any], conversation: str | None = None
                ) -> tuple[Decision, ApprovalRequest | None]:
        if decision.action is not Action.REQUIRE_APPROVAL:
            return decision, None
        request = self.store.request(decision, tool_call, conversation)
        if self.approver is None:
            return _with(decision, Action.DENY, f"awaiting approval {request.id}: {decision.reason}"), request
        approved = bool(self.approver(request))
        request = self.store.decide(request.id, approved, self.who)
        verdict = "approved" if approved else "denied"
        return _with(decision, Action.ALLOW if approved else Action.DENY,
                     f"{verdict} by {self.who} ({request.id}): {decision.reason}"), request

    def status(self, request_id: str) -> str:
        return self.store.get(request_id).status


def _with(decision: Decision, action: Action, reason: str) -> Decision:
    return Decision(action, decision.tool, decision.rule_id, reason, decision.tags, decision.reasons)
