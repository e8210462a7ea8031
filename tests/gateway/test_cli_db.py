"""`aiwarden keys` and `aiwarden audit verify|export|purge --db` through the real entry point, on real SQLite and
PostgreSQL databases: exit codes, one-line errors, the secret printed once."""

from __future__ import annotations

import datetime
import json
import time
from pathlib import Path

import pytest

from aiwarden.cli.main import main
from aiwarden.gateway.store import open_store
from aiwarden.gateway.types import AuditEntry
from tests.gateway.conftest import Backend
from tests.gateway.pgcluster import PASSWORD


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("aiwarden: error: "), err
    return lines[0]


def test_keys_create_list_revoke(backend: Backend, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "keys", "create", "--db", backend.target, "--name", "team a", "--models", "gpt-4o",
                         "llama", "--routes", "chat", "models", "--rpm", "60", "--tpm", "1000", "--concurrency", "2",
                         "--expires", "2099-01-31", "--format", "json")
    assert code == 0, err
    created = json.loads(out)
    assert created["key"].startswith(f"aw_{created['id']}_") and created["models"] == ["gpt-4o", "llama"]
    assert created["routes"] == ["chat", "models"] and created["rpm"] == 60 and created["concurrency"] == 2
    assert created["expires_at"] == datetime.datetime(2099, 1, 31, tzinfo=datetime.UTC).timestamp()  # midnight UTC
    code, out, err = run(capsys, "keys", "create", "--db", backend.target, "--name", "b")
    token = out.strip()
    assert code == 0 and token.startswith("aw_") and "shown only now" in err
    code, out, _ = run(capsys, "keys", "list", "--db", backend.target, "--format", "json")
    listed = json.loads(out)
    assert code == 0 and [k["name"] for k in listed] == ["team a", "b"]
    assert created["key"] not in out and token not in out and "secret" not in out
    code, out, _ = run(capsys, "keys", "list", "--db", backend.target)
    assert code == 0 and "active" in out and "rpm=60" in out and "models=gpt-4o,llama" in out
    code, out, _ = run(capsys, "keys", "revoke", "--db", backend.target, created["id"])
    assert code == 0 and "revoked" in out
    code, out, _ = run(capsys, "keys", "revoke", "--db", backend.target, created["id"])
    assert code == 0 and "already revoked" in out
    code, _, err = run(capsys, "keys", "revoke", "--db", backend.target, "000000000000")
    assert code == 2 and "no key '000000000000'" in one_line_error(err)
    store = backend.open(create=False)
    revoked = store.authenticate(created["key"])
    assert revoked is not None and revoked.refusal(time.time()) == "revoked"
    store.close()


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--rpm", "abc", "--rpm: expected a positive integer"),
    ("--tpm", "0", "--tpm: expected a positive integer"),
    ("--concurrency", "-3", "--concurrency: expected a positive integer"),
    ("--expires", "31/01/2030", "--expires: not an ISO date"),
    ("--expires", "2001-01-01T00:00:00+02:00", "is in the past"),
])
def test_keys_create_refuses_bad_options_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                     option: str, value: str, message: str) -> None:
    db = tmp_path / "gateway.db"
    code, out, err = run(capsys, "keys", "create", "--db", str(db), "--name", "x", option, value)
    assert code == 2 and out == "" and message in one_line_error(err)
    assert not db.exists()  # nothing made for a refused command


def test_keys_default_database_and_missing_or_foreign_files(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "keys", "list")
    assert code == 2 and "aiwarden.db: no such gateway database" in one_line_error(err)
    assert not (tmp_path / "aiwarden.db").exists()
    code, _, err = run(capsys, "keys", "revoke", "abcdefabcdef")
    assert code == 2 and "no such gateway database" in one_line_error(err)
    assert run(capsys, "keys", "create", "--name", "x")[0] == 0 and (tmp_path / "aiwarden.db").is_file()
    junk = tmp_path / "junk.db"
    junk.write_text("not a database at all, " * 100)
    for argv in (("keys", "list", "--db", str(junk)), ("audit", "verify", "--db", str(junk)),
                 ("audit", "export", "--db", str(junk)), ("keys", "create", "--db", str(junk), "--name", "x")):
        code, _, err = run(capsys, *argv)
        assert code == 2 and "not a SQLite database" in one_line_error(err), argv


def write_trail(backend: Backend, n: int = 8, *, key: bytes | None = None, at: float | None = None) -> None:
    store = open_store(backend.target, create=True, hmac_key=key)
    now = time.time() if at is None else at
    store.append([AuditEntry(now + i / 1000, "request", {"i": i}, {"prompt": f"p{i}"}) for i in range(n)])
    store.close()


def test_audit_verify_db_intact_broken_and_keyed(backend: Backend, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    key_file = tmp_path / "audit.key"
    key_file.write_bytes(b"a long random key\n")
    write_trail(backend, key=b"a long random key")
    code, out, _ = run(capsys, "audit", "verify", "--db", backend.target, "--key-file", str(key_file))
    assert code == 0 and "intact: 8 records" in out and PASSWORD not in out
    code, out, _ = run(capsys, "audit", "verify", "--db", backend.target, "--format", "json")
    result = json.loads(out)
    assert code == 1 and result["first_bad"] == 0 and "HMAC key" in result["reason"]
    code, out, _ = run(capsys, "audit", "verify", "--db", backend.target, "--key-file", str(key_file),
                       "--format", "json")
    head = json.loads(out)["head"]
    backend.sql("DELETE FROM audit_bodies WHERE seq = 7")
    backend.sql("DELETE FROM audit WHERE seq = 7")  # the tail cut off cleanly: only the expected head tells
    assert run(capsys, "audit", "verify", "--db", backend.target, "--key-file", str(key_file))[0] == 0
    code, out, _ = run(capsys, "audit", "verify", "--db", backend.target, "--key-file", str(key_file),
                       "--head", head)
    assert code == 1 and "broken at record 7" in out and "removed from the end" in out
    backend.sql("UPDATE audit SET data = '{\"i\":42}' WHERE seq = 3")
    code, out, _ = run(capsys, "audit", "verify", "--db", backend.target, "--key-file", str(key_file))
    assert code == 1 and "broken at record 3" in out and "edited" in out


def test_audit_verify_takes_a_log_or_a_db_exactly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for argv in ((), ("log.jsonl", "--db", "x.db")):
        code, _, err = run(capsys, "audit", "verify", *argv)
        assert code == 2 and "exactly one" in one_line_error(err)
    code, _, err = run(capsys, "audit", "verify", "--db", str(tmp_path / "none.db"))
    assert code == 2 and "no such gateway database" in one_line_error(err)
    assert not (tmp_path / "none.db").exists()


def test_audit_export_to_stdout_and_atomically_to_a_file(backend: Backend, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    write_trail(backend, 5)
    code, out, _ = run(capsys, "audit", "export", "--db", backend.target)
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [r["seq"] for r in records] == list(range(5)) and records[2]["bodies"] == {"prompt": "p2"}
    output = tmp_path / "export.jsonl"
    output.write_text("old export\n")
    code, _, err = run(capsys, "audit", "export", "--db", backend.target, "--since", "3", "--output", str(output))
    assert code == 0 and "2 records written" in err
    assert [json.loads(line)["seq"] for line in output.read_text().splitlines()] == [3, 4]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".aiwarden-")] == []
    code, _, err = run(capsys, "audit", "export", "--db", backend.target, "--since", "x")
    assert code == 2 and "--since: expected a whole number" in one_line_error(err)
    code, _, err = run(capsys, "audit", "export", "--db", backend.target, "--output", str(tmp_path))
    assert code == 2 and "is a directory" in one_line_error(err)


def test_audit_purge_keeps_the_trail_verifiable(backend: Backend, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    write_trail(backend, 6, at=time.time() - 40 * 86400)
    write_trail(backend, 4, at=time.time() - 10 * 86400)
    write_trail(backend, 2)
    code, out, _ = run(capsys, "audit", "purge", "--db", backend.target, "--bodies-older-than", "7")
    assert code == 0 and "purged 10 bodies and 0 records" in out
    code, out, _ = run(capsys, "audit", "purge", "--db", backend.target, "--records-older-than", "30")
    assert code == 0 and "purged 0 bodies and 6 records" in out
    code, out, _ = run(capsys, "audit", "verify", "--db", backend.target, "--format", "json")
    result = json.loads(out)
    assert code == 0 and result["anchor"] == 5 and result["bodies_purged"] == 4 and result["bodies_kept"] == 2
    for argv, message in ((("--bodies-older-than", "soon"), "expected a number of days"),
                          (("--records-older-than", "-1"), "expected a number of days"),
                          ((), "give --bodies-older-than")):
        code, _, err = run(capsys, "audit", "purge", "--db", backend.target, *argv)
        assert code == 2 and message in one_line_error(err)


def test_a_keyed_trail_is_purged_only_with_its_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "gateway.db")
    write_trail(Backend("sqlite", db), 3, key=b"k", at=time.time() - 10 * 86400)
    code, _, err = run(capsys, "audit", "purge", "--db", db, "--records-older-than", "1")
    assert code == 2 and "HMAC key" in one_line_error(err)
    key_file = tmp_path / "k"
    key_file.write_text("k")
    code, out, _ = run(capsys, "audit", "purge", "--db", db, "--records-older-than", "1", "--key-file", str(key_file))
    assert code == 0 and "3 records" in out
    assert run(capsys, "audit", "verify", "--db", db, "--key-file", str(key_file))[0] == 0


def test_export_never_replaces_the_database_or_a_special_file(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    import os

    db = tmp_path / "g.db"
    assert main(["keys", "create", "--db", str(db), "--name", "x", "-q"]) == 0
    capsys.readouterr()
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for target, message in ((db, "over the database"), (fifo, "not a regular file")):
        code, _, err = run(capsys, "audit", "export", "--db", str(db), "--output", str(target))
        assert code == 2 and message in err
    assert main(["keys", "list", "--db", str(db)]) == 0  # still a database
