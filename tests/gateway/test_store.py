"""The Store over real SQLite and a real PostgreSQL server: keys, the chained append from threads and processes,
every kind of tampering found at the right record, and retention that keeps the chain verifiable."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import threading
import time

import pytest

from aiwarden.core.errors import UsageError
from aiwarden.gateway.chain import GENESIS, record_hash
from aiwarden.gateway.store_sql import SqlStore
from aiwarden.gateway.types import AuditEntry, Quota, StoreError
from tests.gateway.conftest import Backend


def fill(store: SqlStore, n: int = 10, at: float | None = None) -> list[int]:
    now = time.time() if at is None else at
    entries = [AuditEntry(now + i * 0.001, "request", {"i": i, "model": "m", 2: "int key", 10: "sorts"},
                          {"prompt": f"p{i}", "response": "ünïcode"} if i % 2 == 0 else None) for i in range(n)]
    return store.append(entries)


def test_keys_round_trip_with_scope_limits_expiry_and_revocation(backend: Backend) -> None:
    store = backend.open()
    expires = time.time() + 3600
    key, token = store.create_key("alice", models=("gpt-4o", "llama"), routes=("chat", "embeddings"),
                                  quota=Quota(rpm=60, tpm=10_000, concurrency=4), expires_at=expires)
    assert token.startswith(f"aw_{key.id}_") and len(token) == 59
    found = store.authenticate(token)
    assert found == key and found.models == ("gpt-4o", "llama") and found.routes == ("chat", "embeddings")
    assert found.quota == Quota(60, 10_000, 4) and found.refusal(time.time()) is None
    assert found.refusal(expires + 1) == "expired"
    other, other_token = store.create_key("bob")
    assert [k.id for k in store.list_keys()] == [key.id, other.id]
    # only the SHA-256 of the secret is stored, never the secret
    secret = token[len("aw_") + 12 + 1:]
    dump = repr(backend.sql("SELECT * FROM keys"))
    assert secret not in dump and hashlib.sha256(secret.encode()).hexdigest() in dump
    assert store.revoke_key(key.id) and not store.revoke_key(key.id) and not store.revoke_key("000000000000")
    revoked = store.authenticate(token)
    assert revoked is not None and revoked.refusal(time.time()) == "revoked"
    assert store.authenticate(other_token) == other
    store.close()
    reopened = backend.open(create=False)
    assert reopened.authenticate(token) == revoked
    reopened.close()


def test_key_settings_are_checked(backend: Backend) -> None:
    store = backend.open()
    for kwargs in ({"routes": ("admin",)}, {"quota": Quota(rpm=0)}, {"models": ("",)}):
        with pytest.raises(UsageError):
            store.create_key("x", **kwargs)  # type: ignore[arg-type]
    with pytest.raises(UsageError):
        store.create_key(" ")
    assert store.list_keys() == []
    store.close()


def test_wrong_secrets_and_malformed_tokens_authenticate_nothing(backend: Backend) -> None:
    store = backend.open()
    key, token = store.create_key("alice")
    flipped = token[:-1] + ("A" if token[-1] != "A" else "B")
    shapes = [
        flipped, "aw_000000000000_" + token[16:], "", "aw_", "aw__", token[:-1], token + "A", "x" * 10_000,
        token[:20] + "é" + token[21:], token.replace("aw_", "sk_", 1), token.upper(), token[:15] + "-" + token[16:],
        token + "\n", " " + token[:-1], token[:16] + "=" * 43, "aw_" + key.id + "_" + token[16:-2] + "==",
        "aw_" + key.id.upper() + token[15:], "\x00" * 59, token.replace("_", "", 1) + "A",
    ]
    # an id of digits only (about 1 in 280) upper-cases to itself: that shape is then the real token, not a wrong one
    for shape in (s for s in shapes if s != token):
        assert store.authenticate(shape) is None, shape[:80]
    assert store.authenticate(token) == key
    store.close()
    # a malformed token is refused by its shape alone: even a closed store answers, without touching the database
    for shape in (s for s in shapes[2:] if s != token):  # the digits-only id case again: that shape is the token
        assert store.authenticate(shape) is None
    with pytest.raises(StoreError, match="closed"):
        store.authenticate(token)


def test_an_untouched_trail_verifies_and_exports_in_order(backend: Backend) -> None:
    store = backend.open()
    assert store.verify().ok and store.verify().head == GENESIS
    assert fill(store, 6) == list(range(6))
    assert store.append([AuditEntry(time.time(), "alert", {"why": "x"})]) == [6]
    report = store.verify_report()
    assert report.check.ok and report.check.records == 7 and report.bodies_kept == 3
    exported = list(store.export())
    assert [r["seq"] for r in exported] == list(range(7)) and exported[0]["prev"] == GENESIS
    assert exported[0]["bodies"] == {"prompt": "p0", "response": "ünïcode"} and exported[1]["bodies"] is None
    assert exported[0]["data"]["2"] == "int key" and exported[-1]["hash"] == report.check.head
    assert [r["seq"] for r in store.export(since_seq=5)] == [5, 6]
    store.close()


def test_entries_that_are_not_json_are_refused_whole(backend: Backend) -> None:
    store = backend.open()
    for bad in (AuditEntry(1.0, "request", {"x": float("nan")}), AuditEntry(1.0, "request", {"x": object()}),
                AuditEntry(1.0, "", {}), AuditEntry(float("inf"), "request", {})):
        with pytest.raises(StoreError):
            store.append([AuditEntry(1.0, "ok", {}), bad])
    assert list(store.export()) == [] and store.append([AuditEntry(5, "ok", {})]) == [0] and store.verify().ok
    store.close()


def _shift_up(backend: Backend, start: int, last: int) -> None:
    for seq in range(last, start - 1, -1):  # one row at a time: the primary key must never clash
        backend.sql("UPDATE audit SET seq = seq + 1 WHERE seq = ?", (seq,))
        backend.sql("UPDATE audit_bodies SET seq = seq + 1 WHERE seq = ?", (seq,))


def _move(backend: Backend, source: int, target: int) -> None:
    backend.sql("UPDATE audit SET seq = ? WHERE seq = ?", (target, source))
    backend.sql("UPDATE audit_bodies SET seq = ? WHERE seq = ?", (target, source))


TAMPERS = {
    "edited data": (lambda b: b.sql("UPDATE audit SET data = ? WHERE seq = 4", ('{"i":999}',)), 4, "edited"),
    "edited time": (lambda b: b.sql("UPDATE audit SET time = time + 1 WHERE seq = 4"), 4, "edited"),
    "edited event": (lambda b: b.sql("UPDATE audit SET event = 'alert' WHERE seq = 4"), 4, "edited"),
    "edited hash": (lambda b: b.sql("UPDATE audit SET hash = ? WHERE seq = 4", ("a" * 64,)), 4, "edited"),
    "edited prev": (lambda b: b.sql("UPDATE audit SET prev = ? WHERE seq = 4", ("a" * 64,)), 4, "chain"),
    "data not json": (lambda b: b.sql("UPDATE audit SET data = 'oops' WHERE seq = 6"), 6, "not JSON"),
    "deleted": (lambda b: b.sql("DELETE FROM audit WHERE seq = 4"), 4, "missing"),
    "two deleted": (lambda b: b.sql("DELETE FROM audit WHERE seq IN (4, 5)"), 4, "records 4 to 5 missing"),
    "first deleted": (lambda b: b.sql("DELETE FROM audit WHERE seq = 0"), 0, "missing"),
    "inserted at the end": (lambda b: b.sql(
        "INSERT INTO audit VALUES (10, 1.0, 'request', '{}', NULL, (SELECT hash FROM audit WHERE seq = 9), ?)",
        ("f" * 64,)), 10, "edited"),
    "inserted in the middle": (lambda b: (_shift_up(b, 4, 9), b.sql(
        "INSERT INTO audit VALUES (4, 1.0, 'request', '{}', NULL, (SELECT hash FROM audit WHERE seq = 3), ?)",
        ("f" * 64,))), 4, "edited"),
    "swapped": (lambda b: (_move(b, 3, -1), _move(b, 4, 3), _move(b, -1, 4)), 3, "does not chain"),
    "body edited": (lambda b: b.sql("UPDATE audit_bodies SET bodies = ? WHERE seq = 4", ('{"prompt":"x"}',)), 4,
                    "bodies do not match"),
    "body deleted": (lambda b: b.sql("DELETE FROM audit_bodies WHERE seq = 4"), 4, "bodies deleted"),
    "body added": (lambda b: b.sql("INSERT INTO audit_bodies VALUES (5, '{}')"), 5, "bodies added"),
    # The same value spelled with a duplicate key: a first-key-wins reader would see "i" as 999.
    "duplicate key in data": (lambda b: b.sql("UPDATE audit SET data = '{\"i\":999,' || substr(data, 2) "
                                              "WHERE seq = 4"), 4, "not in the form"),
    "body spelled differently": (lambda b: b.sql("UPDATE audit_bodies SET bodies = '{\"prompt\":\"x\",' || "
                                                 "substr(bodies, 2) WHERE seq = 4"), 4, "bodies do not match"),
}


@pytest.mark.parametrize("where", ["planted", "left by a deleted last record"])
def test_bodies_of_a_record_that_is_not_in_the_trail_are_found(backend: Backend, where: str) -> None:
    store = backend.open()
    fill(store, 10)
    if where == "planted":
        backend.sql("INSERT INTO audit_bodies VALUES (77, '{}')")
    else:
        backend.sql("DELETE FROM audit WHERE seq = 8")  # the last record with bodies, cut without them
        backend.sql("DELETE FROM audit WHERE seq = 9")
    check = store.verify()
    assert not check.ok and check.first_bad == (77 if where == "planted" else 8) and "not in the trail" in check.reason
    store.close()


@pytest.mark.parametrize("tamper", list(TAMPERS))
def test_every_kind_of_tampering_is_found_at_the_first_bad_record(backend: Backend, tamper: str) -> None:
    store = backend.open()
    fill(store, 10)
    edit, first_bad, reason = TAMPERS[tamper]
    edit(backend)
    check = store.verify()
    assert not check.ok and check.first_bad == first_bad and reason in check.reason, check
    assert check.records == (first_bad if first_bad else 0) and f"broken at record {first_bad}" in check.describe()
    store.close()


def test_an_hmac_trail_needs_its_key_and_cannot_be_rebuilt_without_it(backend: Backend) -> None:
    store = backend.open(hmac_key=b"key one")
    fill(store, 5)
    assert store.verify().ok and store.verify(b"key one").ok
    for key, reason in ((b"key two", "wrong HMAC key"), (None, "pass it")):
        opened = backend.open(create=False)
        check = opened.verify(key)
        assert not check.ok and check.first_bad == 0 and reason in check.reason
        opened.close()
    for writer_key in (b"key two", None):  # a writer with another key (or none) would break the chain: refused
        other = backend.open(hmac_key=writer_key)
        with pytest.raises(StoreError, match="HMAC key"):
            other.append([AuditEntry(time.time(), "request", {})])
        other.close()
    # someone without the key rewrites every hash with plain SHA-256 and drops the key check: still caught
    prev = GENESIS
    for seq, t, event, data, digest in backend.sql("SELECT seq, time, event, data, bodies_digest FROM audit "
                                                    "ORDER BY seq"):
        new = record_hash(seq, t, event, json.loads(data), digest, prev, None)
        backend.sql("UPDATE audit SET prev = ?, hash = ? WHERE seq = ?", (prev, new, seq))
        prev = new
    backend.sql("DELETE FROM aiwarden_meta WHERE name = 'hmac_check'")
    check = store.verify(b"key one")
    assert not check.ok and check.first_bad == 0 and "HMAC" in check.reason
    store.close()


def test_purged_bodies_still_verify_and_recent_ones_cannot_vanish(backend: Backend) -> None:
    store = backend.open()
    now = time.time()
    fill(store, 6, at=now - 1000)
    fill(store, 4, at=now)
    assert store.purge_counts(bodies_before=now - 500) == (3, 0)
    report = store.verify_report()
    assert report.check.ok and report.bodies_purged == 3 and report.bodies_kept == 2 and report.check.records == 11
    assert store.purge(bodies_before=now - 500) == 0  # nothing left to purge: no new record
    backend.sql("DELETE FROM audit_bodies WHERE seq = 8")  # a recent body, which no purge covers
    check = store.verify()
    assert not check.ok and check.first_bad == 8 and "bodies deleted" in check.reason
    store.close()


def test_purged_records_leave_an_anchored_chain_and_deleting_past_the_anchor_is_found(backend: Backend) -> None:
    store = backend.open()
    now = time.time()
    fill(store, 6, at=now - 2000)
    fill(store, 4, at=now - 1000)
    fill(store, 3, at=now)
    assert store.purge_counts(bodies_before=now - 500) == (5, 0)  # the purge record is seq 13
    assert store.purge_counts(records_before=now - 1500) == (0, 6)  # purge record 14 anchors record 5
    report = store.verify_report()
    assert report.check.ok and report.anchor == 5 and report.check.records == 9 and report.bodies_purged == 2
    fill(store, 2)
    assert store.verify().ok
    # a second purge deletes the first purge record too: the newest one still says which bodies may be gone
    assert store.purge_counts(records_before=now - 500) == (0, 4)
    report = store.verify_report()
    assert report.check.ok and report.anchor == 9 and report.bodies_purged == 0
    backend.sql("DELETE FROM audit WHERE seq IN (10, 11)")  # more head records deleted than any purge attests
    check = store.verify()
    assert not check.ok and check.first_bad == 10 and "records 10 to 11 missing" in check.reason
    assert "purged only up to record 9" in check.reason
    store.close()


def test_deleting_the_purge_record_with_what_it_attests_is_found(backend: Backend) -> None:
    store = backend.open()
    now = time.time()
    fill(store, 5, at=now - 1000)
    fill(store, 3, at=now)
    store.purge(records_before=now - 500)  # deletes 0..4, appends purge record 8
    fill(store, 2)
    backend.sql("DELETE FROM audit WHERE seq <= 8")
    check = store.verify()
    assert not check.ok and check.first_bad == 0 and "records 0 to 8 missing" in check.reason
    store.close()


def test_purging_everything_keeps_the_chain_going(backend: Backend) -> None:
    store = backend.open()
    fill(store, 3, at=time.time() - 100)
    assert store.purge_counts(records_before=time.time()) == (2, 3)
    assert store.append([AuditEntry(time.time(), "request", {})]) == [4]
    report = store.verify_report()
    assert report.check.ok and report.anchor == 2 and report.check.records == 2
    store.close()


def test_threads_appending_through_one_store_keep_one_chain(backend: Backend) -> None:
    store = backend.open()
    seqs: list[int] = []
    lock = threading.Lock()

    def work(worker: int) -> None:
        for i in range(25):
            got = store.append([AuditEntry(time.time(), "request", {"w": worker, "i": i, "j": j})
                                for j in range(1 + i % 3)])
            with lock:
                seqs.extend(got)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert sorted(seqs) == list(range(len(seqs))) and len(seqs) == 4 * (9 * 1 + 8 * 2 + 8 * 3)
    check = store.verify()
    assert check.ok and check.records == len(seqs)
    store.close()


APPENDER = """
import sys, time
from aiwarden.gateway.store import open_store
from aiwarden.gateway.types import AuditEntry
store = open_store(sys.argv[1], create=False)
for i in range(40):
    store.append([AuditEntry(time.time(), "request", {"pid": sys.argv[2], "i": i, "j": j}) for j in range(3)])
store.close()
"""


def test_two_processes_appending_keep_one_chain(backend: Backend) -> None:
    store = backend.open()
    fill(store, 2)
    children = [subprocess.Popen([sys.executable, "-c", APPENDER, backend.target, str(n)]) for n in range(2)]
    try:
        assert [child.wait(timeout=240) for child in children] == [0, 0]
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
                child.wait()
    check = store.verify()
    assert check.ok and check.records == 2 + 2 * 40 * 3
    assert [r["seq"] for r in store.export()] == list(range(242))
    store.close()


def test_opening_a_database_that_is_not_ours(backend: Backend) -> None:
    if backend.kind == "sqlite":
        backend.sql("CREATE TABLE keys (x)")
    else:
        backend.sql("CREATE TABLE keys (x int)")
    with pytest.raises(StoreError, match="not an aiwarden gateway database"):
        backend.open(create=False)
    with pytest.raises(StoreError, match="table named 'keys' that aiwarden did not make"):
        backend.open(create=True)


def test_a_newer_or_unknown_schema_is_refused(backend: Backend) -> None:
    backend.open().close()
    for version, message in (("2", "newer than this aiwarden"), ("x", "unknown schema version")):
        backend.sql("UPDATE aiwarden_meta SET value = ? WHERE name = 'schema_version'", (version,))
        with pytest.raises(StoreError, match=message) as caught:
            backend.open(create=False)
        assert "\n" not in str(caught.value)


def test_the_store_refuses_work_after_close(backend: Backend) -> None:
    store = backend.open()
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.append([AuditEntry(time.time(), "request", {})])
