"""Signed checkpoints catch what the chain alone cannot: records removed from the end, and a trail rewritten
consistently by someone who can write the database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aiwarden.cli.main import main
from aiwarden.gateway.types import AuditEntry
from tests.gateway.conftest import Backend


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def fill(backend: Backend, count: int, start: int = 0) -> None:
    store = backend.open()
    try:
        store.append([AuditEntry(time=1_700_000_000.0 + i, event="request", data={"n": i}, bodies={"p": f"q{i}"})
                      for i in range(start, start + count)])
    finally:
        store.close()


@pytest.fixture
def keys(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[str, str]:
    private = tmp_path / "audit.pem"
    assert main(["keygen", str(private)]) == 0
    capsys.readouterr()
    return str(private), str(tmp_path / "audit.pub")


def test_a_checkpoint_verifies_and_later_appends_keep_it_valid(backend: Backend, keys: tuple[str, str],
                                                                tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    fill(backend, 5)
    point = tmp_path / "cp.json"
    assert run(capsys, "audit", "checkpoint", "--db", backend.target, "--key", keys[0], "-o", str(point))[0] == 0
    signed = json.loads(point.read_text())
    assert signed["seq"] == 4 and len(signed["hash"]) == 64
    fill(backend, 3, start=5)
    code, out, _ = run(capsys, "audit", "verify", "--db", backend.target, "--checkpoint", str(point),
                       "--public-key", keys[1])
    assert code == 0 and "intact: 8 records" in out


def test_records_removed_from_the_end_are_caught(backend: Backend, keys: tuple[str, str], tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    fill(backend, 6)
    point = tmp_path / "cp.json"
    run(capsys, "audit", "checkpoint", "--db", backend.target, "--key", keys[0], "-o", str(point))
    backend.sql("DELETE FROM audit_bodies WHERE seq >= 3")
    backend.sql("DELETE FROM audit WHERE seq >= 3")
    assert run(capsys, "audit", "verify", "--db", backend.target)[0] == 0  # the shorter chain is consistent
    code, out, _ = run(capsys, "audit", "verify", "--db", backend.target, "--checkpoint", str(point),
                       "--public-key", keys[1])
    assert code == 1 and "record 5" in out and "removed from the end" in out


def test_a_consistently_rewritten_trail_is_caught(backend: Backend, keys: tuple[str, str], tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    fill(backend, 4)
    point = tmp_path / "cp.json"
    run(capsys, "audit", "checkpoint", "--db", backend.target, "--key", keys[0], "-o", str(point))
    # Whoever writes the database (no HMAC key here) rebuilds the whole trail with other contents.
    backend.sql("DELETE FROM audit_bodies")
    backend.sql("DELETE FROM audit")
    fill(backend, 4, start=100)
    assert run(capsys, "audit", "verify", "--db", backend.target)[0] == 0
    code, out, _ = run(capsys, "audit", "verify", "--db", backend.target, "--checkpoint", str(point),
                       "--public-key", keys[1])
    assert code == 1 and "rewritten" in out


def test_forged_or_foreign_checkpoints_are_refused(backend: Backend, keys: tuple[str, str], tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    fill(backend, 4)
    point = tmp_path / "cp.json"
    run(capsys, "audit", "checkpoint", "--db", backend.target, "--key", keys[0], "-o", str(point))
    signed = json.loads(point.read_text())
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps({**signed, "seq": 1}))
    code, _, err = run(capsys, "audit", "verify", "--db", backend.target, "--checkpoint", str(forged),
                       "--public-key", keys[1])
    assert code == 1 and "does not verify" in err
    other = tmp_path / "other.pem"
    main(["keygen", str(other)])
    capsys.readouterr()
    code, _, err = run(capsys, "audit", "verify", "--db", backend.target, "--checkpoint", str(point),
                       "--public-key", str(tmp_path / "other.pub"))
    assert code == 1 and "does not verify" in err
    for text in ["{", "[]", json.dumps({**signed, "seq": "4"}), "x" * 70_000]:
        forged.write_text(text)
        code, _, err = run(capsys, "audit", "verify", "--db", backend.target, "--checkpoint", str(forged),
                           "--public-key", keys[1])
        assert code == 2 and "forged.json" in err and len(err.strip().splitlines()) == 1


def test_a_broken_trail_is_never_checkpointed(backend: Backend, keys: tuple[str, str],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    fill(backend, 3)
    backend.sql("UPDATE audit SET event = 'x' WHERE seq = 1")
    code, out, err = run(capsys, "audit", "checkpoint", "--db", backend.target, "--key", keys[0])
    assert code == 2 and "broken" in err and out == ""


def test_checkpoint_options_go_together(backend: Backend, keys: tuple[str, str], tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    fill(backend, 1)
    code, _, err = run(capsys, "audit", "verify", "--db", backend.target, "--checkpoint", str(tmp_path / "x"))
    assert code == 2 and "go together" in err


def test_an_empty_trail_is_not_checkpointed(backend: Backend, keys: tuple[str, str],
                                            capsys: pytest.CaptureFixture[str]) -> None:
    backend.open().close()
    code, out, err = run(capsys, "audit", "checkpoint", "--db", backend.target, "--key", keys[0])
    assert code == 2 and "empty" in err and out == ""
