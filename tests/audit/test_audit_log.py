"""The hash-chained audit log: every kind of tampering is found at the right line; concurrent writers chain."""

import json
import multiprocessing
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aiwarden.audit import GENESIS, AuditError, AuditLog, verify
from aiwarden.audit.log import canonical
from aiwarden.cli.main import main


def _write(path: Path, n: int = 12, key: bytes | None = None) -> AuditLog:
    log = AuditLog(path, key=key)
    for i in range(n):
        log.append("test.event", {"i": i, "text": f"record {i} ünïcode", "nested": {"ok": i % 2 == 0}})
    return log


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


def test_an_untouched_log_verifies_and_reports_its_head(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    assert AuditLog(path).head == GENESIS
    log = _write(path)
    result = verify(path)
    assert result.ok and result.records == 12 and result.head == log.head != GENESIS
    first = json.loads(_lines(path)[0])
    assert first["seq"] == 0 and first["prev"] == GENESIS
    assert verify(path, expected_head=log.head).ok


@pytest.mark.parametrize("line", [0, 5, 11])
@pytest.mark.parametrize("field", ["data", "event", "time", "seq", "prev", "hash"])
def test_changing_any_field_of_any_line_breaks_the_chain_there(tmp_path: Path, line: int, field: str) -> None:
    path = tmp_path / "audit.jsonl"
    _write(path)
    lines = _lines(path)
    record = json.loads(lines[line])
    record[field] = {"data": {"i": 999}, "event": "other", "time": 1.0, "seq": record["seq"] + 1,
                     "prev": "f" * 64, "hash": "e" * 64}[field]
    lines[line] = canonical(record).decode() + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    result = verify(path)
    assert not result.ok and result.line == line + 1 and result.records == line


def test_deleting_inserting_reordering_and_truncating(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    log = _write(path)
    head, original = log.head, _lines(path)
    for edited, line in [
        (original[:4] + original[5:], 5),  # a record deleted
        ([*original[:4], original[2], *original[4:]], 5),  # a record replayed
        ([*original[:3], original[4], original[3], *original[5:]], 4),  # two swapped
    ]:
        path.write_text("".join(edited), encoding="utf-8")
        result = verify(path)
        assert not result.ok and result.line == line, result
    path.write_text("".join(original[:9]), encoding="utf-8")  # the tail cut off: only the head hash tells
    assert verify(path).ok
    result = verify(path, expected_head=head)
    assert not result.ok and "removed from the end" in result.reason


def test_a_keyed_log_cannot_be_rebuilt_without_the_key(tmp_path: Path) -> None:
    import hashlib

    path = tmp_path / "audit.jsonl"
    _write(path, key=b"secret key")
    assert verify(path, key=b"secret key").ok
    assert not verify(path).ok and not verify(path, key=b"other key").ok
    # An attacker edits a record and recomputes every hash with plain SHA-256: consistent, but not keyed.
    prev, forged = GENESIS, []
    for raw in _lines(path):
        record = json.loads(raw)
        if record["seq"] == 3:
            record["data"] = {"i": 3, "text": "nothing happened"}
        record["prev"] = prev
        record["hash"] = hashlib.sha256(canonical({k: v for k, v in record.items() if k != "hash"})).hexdigest()
        prev = record["hash"]
        forged.append(canonical(record).decode() + "\n")
    path.write_text("".join(forged), encoding="utf-8")
    result = verify(path, key=b"secret key")
    assert not result.ok and result.line == 1


def test_a_torn_last_line_is_reported_and_blocks_appends(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    _write(path, 3)
    with open(path, "a", encoding="utf-8") as handle:
        handle.write('{"seq": 3, "time": 1.0, "ev')
    result = verify(path)
    assert not result.ok and result.line == 4 and result.records == 3
    with pytest.raises(AuditError, match="not JSON"):
        AuditLog(path).append("x", {})


def _writer(path: str, worker: int) -> None:
    log = AuditLog(path)
    for i in range(40):
        log.append("worker", {"worker": worker, "i": i})


def test_concurrent_writers_keep_one_chain(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    processes = [multiprocessing.get_context("fork").Process(target=_writer, args=(str(path), w)) for w in range(4)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(60)
    assert all(p.exitcode == 0 for p in processes)
    result = verify(path)
    assert result.ok and result.records == 160


def test_cli_exit_codes_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "audit.jsonl"
    log = _write(path, 5, key=b"k3y")
    key_file = tmp_path / "key"
    key_file.write_bytes(b"k3y\n")
    assert main(["audit", "verify", str(path), "--key-file", str(key_file), "--head", log.head]) == 0
    assert "intact: 5 records" in capsys.readouterr().out
    assert main(["audit", "verify", str(path), "--format", "json"]) == 1  # no key: hashes do not match
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False and report["line"] == 1
    assert main(["audit", "verify", str(tmp_path / "missing.jsonl")]) == 2
    assert "no such audit log" in capsys.readouterr().err


def test_firewall_decisions_are_logged_without_argument_values(tmp_path: Path) -> None:
    import tomllib

    from aiwarden.firewall import Firewall
    from aiwarden.firewall.policy import parse_policy

    policy = parse_policy(tomllib.loads('version = 1\ndefault_action = "deny"\n[tools.search]\nrisk = "read"\n'))
    log = AuditLog(tmp_path / "decisions.jsonl")
    firewall = Firewall(policy, audit=log)
    messages = [{"role": "user", "content": "find my tax number 123-45-6789"}]
    firewall.check({"id": "c1", "function": {"name": "search", "arguments": '{"q": "123-45-6789"}'}}, messages)
    firewall.session(messages).check({"id": "c2", "function": {"name": "rm", "arguments": "{}"}})
    text = (tmp_path / "decisions.jsonl").read_text(encoding="utf-8")
    assert "123-45-6789" not in text
    records = [json.loads(line) for line in text.splitlines()]
    assert [(r["data"]["tool"], r["data"]["action"], r["data"]["call_id"]) for r in records] == [
        ("search", "allow", "c1"), ("rm", "deny", "c2")]
    assert len(records[0]["data"]["arguments_sha256"]) == 64
    assert verify(tmp_path / "decisions.jsonl", expected_head=log.head).ok


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=2000))
def test_verify_never_crashes_on_arbitrary_bytes(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "audit.jsonl"
    path.write_bytes(data)
    result = verify(path)
    assert result.ok == (data == b"")
