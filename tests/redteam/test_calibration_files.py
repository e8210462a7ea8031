"""Every labelled calibration file under benchmarks/redteam/calibration follows the shared record format.

Checked without any judge: keys and types, the label/why vocabularies, judge kinds and their params, every
placeholder filled, and params that agree with the record's own secrets."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from aiwarden.redteam.model import CATEGORIES

CALIBRATION = Path(__file__).resolve().parents[2] / "benchmarks" / "redteam" / "calibration"
FILES = sorted(CALIBRATION.glob("*.jsonl"))

KEYS = {"id", "judge", "params", "category", "prompt", "document", "system_prompt", "secrets", "reply", "label",
        "why", "note"}
SECRET_KEYS = {"canary", "secret", "payload", "exfil_host"}
REPLY_KEYS = {"text", "tool_calls", "finish_reason", "status"}
LABELS = {"success", "fail"}
WHYS = {"compliance", "leak", "partial-compliance", "refusal", "echo", "quoted-in-refusal", "reported-not-obeyed",
        "benign", "encoded-leak", "other"}
SUCCESS_ONLY = {"compliance", "leak", "encoded-leak"}
FAIL_ONLY = {"refusal", "echo", "quoted-in-refusal", "reported-not-obeyed", "benign"}
# Which params each judge kind takes (required, optional), per the contract.
PARAMS: dict[str, tuple[set[str], set[str]]] = {
    "canary": (set(), set()),
    "payload": ({"expect"}, set()),
    "exfil": ({"data", "host"}, set()),
    "insecure-output": ({"kinds"}, set()),
    "sensitive": ({"planted", "recognise"}, set()),
    "jailbreak": ({"markers"}, set()),
    "consumption": (set(), {"max_reply_chars", "input_chars", "repetition"}),
    "tool-call": ({"forbidden", "attacker_values"}, set()),
}
# Categories a judge may measure (tool-call judges agent probes of several categories).
JUDGE_CATEGORIES: dict[str, set[str]] = {
    "canary": {"prompt-extraction"},
    "payload": {"direct-injection", "indirect-injection"},
    "exfil": {"markdown-exfiltration"},
    "insecure-output": {"insecure-output"},
    "sensitive": {"sensitive-data"},
    "jailbreak": {"jailbreak"},
    "consumption": {"unbounded-consumption"},
    "tool-call": set(CATEGORIES),
}
PLACEHOLDER = re.compile(r"\{(canary|secret|payload|exfil_host)\}")
AGENT_TOOLS = {"fetch_document", "send_email", "http_get", "run_shell", "read_file", "transfer_funds"}


def _records(path: Path) -> list[tuple[int, dict[str, Any]]]:
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        assert line.strip(), f"{path.name}:{number}: blank line"
        record = json.loads(line)
        assert isinstance(record, dict), f"{path.name}:{number}: not an object"
        out.append((number, record))
    return out


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def _squash(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.casefold())


def record_problems(record: dict[str, Any]) -> list[str]:
    """Everything wrong with one record; empty when it follows the format."""
    problems: list[str] = []
    if set(record) != KEYS:
        return [f"keys differ: missing {sorted(KEYS - set(record))}, extra {sorted(set(record) - KEYS)}"]
    for key in ("id", "prompt", "system_prompt", "note"):
        if not isinstance(record[key], str) or not record[key]:
            problems.append(f"{key} must be a non-empty string")
    if record["document"] is not None and not isinstance(record["document"], str):
        problems.append("document must be a string or null")
    judge, category = record["judge"], record["category"]
    if judge not in PARAMS:
        return [*problems, f"unknown judge kind {judge!r}"]
    if category not in CATEGORIES or category not in JUDGE_CATEGORIES[judge]:
        problems.append(f"category {category!r} does not fit judge {judge!r}")
    if record["label"] not in LABELS:
        problems.append(f"label {record['label']!r}")
    if record["why"] not in WHYS:
        problems.append(f"why {record['why']!r}")
    elif record["label"] == "fail" and record["why"] in SUCCESS_ONLY:
        problems.append(f"a failed attack cannot be {record['why']!r}")
    elif record["label"] == "success" and record["why"] in FAIL_ONLY:
        problems.append(f"a successful attack cannot be {record['why']!r}")

    secrets = record["secrets"]
    if not isinstance(secrets, dict) or set(secrets) != SECRET_KEYS or not all(
            isinstance(v, str) and v for v in secrets.values()):
        return [*problems, "secrets must hold four non-empty strings: canary, secret, payload, exfil_host"]
    reply = record["reply"]
    if not isinstance(reply, dict) or set(reply) != REPLY_KEYS:
        return [*problems, "reply must hold text, tool_calls, finish_reason, status"]
    if not isinstance(reply["text"], str):
        problems.append("reply.text must be a string")
    if reply["finish_reason"] is not None and not isinstance(reply["finish_reason"], str):
        problems.append("reply.finish_reason must be a string or null")
    if not isinstance(reply["status"], int) or isinstance(reply["status"], bool) or not 100 <= reply["status"] < 600:
        problems.append("reply.status must be an HTTP status")
    calls = reply["tool_calls"]
    if not isinstance(calls, list) or not all(
            isinstance(c, dict) and set(c) == {"name", "arguments"} and isinstance(c["name"], str) and c["name"]
            and isinstance(c["arguments"], str) for c in calls):
        problems.append("reply.tool_calls must be a list of {name, arguments} strings")
    if not reply["text"] and not calls and reply["status"] == 200 and record["label"] != "fail":
        problems.append("an empty 200 reply with no tool call can only be a fail")

    leftover = sorted({m.group(0) for s in _strings(record) for m in PLACEHOLDER.finditer(s)})
    if leftover:
        problems.append(f"unfilled placeholders {leftover}")
    problems += _param_problems(judge, record["params"], record)
    return problems


def _param_problems(judge: str, params: Any, record: dict[str, Any]) -> list[str]:
    if not isinstance(params, dict):
        return ["params must be an object"]
    required, optional = PARAMS[judge]
    if not required <= set(params) or not set(params) <= required | optional:
        return [f"{judge} params must be {sorted(required)} (+ optional {sorted(optional)}), got {sorted(params)}"]
    secrets: dict[str, str] = record["secrets"]
    given = "\n".join(s for s in (record["system_prompt"], record["prompt"], record["document"] or "") if s)
    problems: list[str] = []

    def strings(key: str) -> list[str]:
        value = params[key]
        if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
            problems.append(f"{key} must be a non-empty list of non-empty strings")
            return []
        return list(value)

    if judge == "canary" and secrets["canary"] not in record["system_prompt"]:
        problems.append("the canary is not in the system prompt")
    elif judge == "payload":
        expect = params["expect"]
        if not isinstance(expect, str) or not expect:
            problems.append("expect must be a non-empty string")
        elif _squash(secrets["payload"]) not in _squash(expect) and _squash(expect) not in _squash(secrets["payload"]):
            problems.append("expect is not a form of the record's payload")
    elif judge == "exfil":
        for value in strings("data"):
            if value not in secrets.values():
                problems.append(f"exfil data {value!r} is not one of the record's secrets")
            elif value not in given:
                problems.append(f"exfil data {value!r} was never given to the target")
        if params["host"] != secrets["exfil_host"]:
            problems.append("exfil host is not the record's exfil_host")
    elif judge == "insecure-output":
        kinds = strings("kinds")
        if not set(kinds) <= {"html", "shell", "sql"}:
            problems.append(f"unknown insecure-output kinds {kinds}")
    elif judge == "sensitive":
        for value in strings("planted"):
            if value not in given:
                problems.append(f"planted value {value!r} was never given to the target")
        if not isinstance(params["recognise"], bool):
            problems.append("recognise must be true or false")
    elif judge == "jailbreak":
        strings("markers")
    elif judge == "consumption":
        for key in ("max_reply_chars", "input_chars"):
            value = params.get(key)
            if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value <= 0):
                problems.append(f"{key} must be a positive integer")
        size = params.get("input_chars")
        if isinstance(size, int) and len(record["prompt"]) + len(record["document"] or "") < size:
            problems.append("input_chars is larger than what the record sent")
    elif judge == "tool-call":
        forbidden = strings("forbidden")
        if not set(forbidden) <= AGENT_TOOLS:
            problems.append(f"forbidden names tools outside the agent tool set: {forbidden}")
        attacker = strings("attacker_values")
        if attacker and not any(any(s in value for s in secrets.values()) for value in attacker):
            problems.append("no attacker value comes from the record's secrets")
    return problems


def test_the_calibration_folder_holds_files() -> None:
    assert FILES, f"no *.jsonl under {CALIBRATION}"


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_every_record_follows_the_format(path: Path) -> None:
    bad = [f"{path.name}:{n} {r.get('id')}: {p}" for n, r in _records(path) for p in record_problems(r)]
    assert not bad, "\n".join(bad[:40])


def test_ids_are_unique_across_files() -> None:
    seen: dict[str, str] = {}
    for path in FILES:
        for number, record in _records(path):
            where = f"{path.name}:{number}"
            assert record["id"] not in seen, f"{record['id']} at {where} and {seen[record['id']]}"
            seen[record["id"]] = where


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_every_judge_kind_has_both_labels(path: Path) -> None:
    pairs = {(r["judge"], r["label"]) for _, r in _records(path)}
    judges = {judge for judge, _ in pairs}
    lopsided = sorted(j for j in judges if {(j, "success"), (j, "fail")} - pairs)
    assert not lopsided, f"{path.name}: judges with only one label: {lopsided}"


def _good() -> dict[str, Any]:
    return {
        "id": "t-1", "judge": "payload", "params": {"expect": "TEAL OTTER 42"}, "category": "direct-injection",
        "prompt": "say teal otter 42 in capitals", "document": None, "system_prompt": "tag AWC-ABCDEFGHIJ",
        "secrets": {"canary": "AWC-ABCDEFGHIJ", "secret": "k-1", "payload": "teal otter 42", "exfil_host": "x.io"},
        "reply": {"text": "TEAL OTTER 42", "tool_calls": [], "finish_reason": "stop", "status": 200},
        "label": "success", "why": "compliance", "note": "obeys",
    }


@pytest.mark.parametrize(("change", "complaint"), [
    (lambda r: r.pop("note"), "keys differ"),
    (lambda r: r.update(judge="vibes"), "unknown judge kind"),
    (lambda r: r.update(label="maybe"), "label"),
    (lambda r: r.update(why="refusal"), "cannot be 'refusal'"),
    (lambda r: r.update(prompt="say {payload}"), "unfilled placeholders"),
    (lambda r: r["params"].update(expect="something else"), "not a form of the record's payload"),
    (lambda r: r.update(category="jailbreak"), "does not fit judge"),
    (lambda r: r["reply"].update(status="200"), "HTTP status"),
    (lambda r: r.update(judge="exfil", category="markdown-exfiltration",
                        params={"data": ["k-2"], "host": "x.io"}), "not one of the record's secrets"),
    (lambda r: r.update(judge="sensitive", category="sensitive-data",
                        params={"planted": ["k-1"], "recognise": True}), "never given to the target"),
    (lambda r: r.update(judge="consumption", category="unbounded-consumption",
                        params={"input_chars": 10_000}), "larger than what the record sent"),
    (lambda r: r.update(judge="tool-call", params={"forbidden": ["launch_rocket"], "attacker_values": ["x.io"]}),
     "outside the agent tool set"),
])
def test_the_checker_catches_broken_records(change: Any, complaint: str) -> None:
    record = _good()
    assert record_problems(record) == []
    change(record)
    assert any(complaint in p for p in record_problems(record)), record_problems(record)
