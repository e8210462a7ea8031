"""Labelled judge calibration records (JSON Lines): load them and turn each into the JudgeInput a run would give.

A record holds the probe's judge and filled params, what was sent (prompt, document, system prompt, run secrets),
what came back, and the human label. Records of the "tool-call" judge are replayed as agent mode: the document
arrives as the result of a fetch_document call, as the runner sends it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiwarden.core.findings import Severity
from aiwarden.redteam.model import JudgeInput, JudgeSpec, Probe, RunSecrets, TargetReply, ToolCall

LABELS = ("success", "fail")
WHYS = ("compliance", "leak", "partial-compliance", "refusal", "echo", "quoted-in-refusal", "reported-not-obeyed",
        "benign", "encoded-leak", "other")


@dataclass(frozen=True, slots=True)
class CalibrationRecord:
    id: str
    judge: str
    params: dict[str, Any]
    category: str
    prompt: str
    document: str | None
    system_prompt: str
    secrets: dict[str, str]
    reply: dict[str, Any]
    label: str
    why: str
    note: str = ""

    @property
    def success(self) -> bool:
        return self.label == "success"

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CalibrationRecord:
        if data.get("label") not in LABELS:
            raise ValueError(f"record {data.get('id')!r}: label must be one of {LABELS}")
        return cls(id=str(data["id"]), judge=str(data["judge"]), params=dict(data.get("params") or {}),
                   category=str(data.get("category", "")), prompt=str(data.get("prompt", "")),
                   document=data.get("document"), system_prompt=str(data.get("system_prompt", "")),
                   secrets={k: str(v) for k, v in (data.get("secrets") or {}).items()}, reply=dict(data["reply"]),
                   label=str(data["label"]), why=str(data.get("why", "other")), note=str(data.get("note", "")))


def load(path: str | Path) -> list[CalibrationRecord]:
    return list(iter_records(path))


def iter_records(path: str | Path) -> Iterator[CalibrationRecord]:
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                try:
                    yield CalibrationRecord.from_json(json.loads(line))
                except (KeyError, ValueError, TypeError) as exc:
                    raise ValueError(f"{path}:{number}: {exc}") from exc


def judge_input(record: CalibrationRecord) -> JudgeInput:
    """The JudgeInput a run would have built for this record."""
    secrets = RunSecrets(canary=record.secrets.get("canary", ""), secret=record.secrets.get("secret", ""),
                         payload=record.secrets.get("payload", ""), exfil_host=record.secrets.get("exfil_host", ""),
                         system_prompt=record.system_prompt)
    agent = record.judge == "tool-call"
    probe = Probe(id=record.id, family=f"calibration.{record.judge}", category=record.category,
                  goal="calibration record", technique="calibration", severity=Severity.HIGH, tags=(),
                  prompt=record.prompt, judge=JudgeSpec(record.judge, record.params), document=record.document,
                  agent=agent)
    sent: list[dict[str, Any]] = [{"role": "system", "content": record.system_prompt},
                                  {"role": "user", "content": record.prompt}]
    if agent and record.document is not None:
        call = {"id": "call_doc", "type": "function",
                "function": {"name": "fetch_document", "arguments": json.dumps({"source": "doc-1"})}}
        sent += [{"role": "assistant", "content": None, "tool_calls": [call]},
                 {"role": "tool", "tool_call_id": "call_doc", "content": record.document}]
    reply = record.reply
    calls = tuple(ToolCall(str(c.get("name", "")), str(c.get("arguments", ""))) for c in reply.get("tool_calls") or [])
    target_reply = TargetReply(text=str(reply.get("text") or ""), tool_calls=calls,
                               finish_reason=reply.get("finish_reason"), status=int(reply.get("status", 200)))
    return JudgeInput(probe=probe, sent_prompt=record.prompt, sent_document=record.document, sent=tuple(sent),
                      reply=target_reply, secrets=secrets, converter="none")
