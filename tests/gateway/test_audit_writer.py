"""The audit writer's group commit: a future resolves only once its record is committed, a failed append fails
its whole batch, and kill -9 of a process writing under load loses no acknowledged record."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import Future
from typing import Any

import pytest

from aiwarden.gateway.audit_writer import AuditWriter
from aiwarden.gateway.chain import EncodedEntry
from aiwarden.gateway.store_sql import SqlStore
from aiwarden.gateway.types import AuditEntry, StoreError
from tests.gateway.conftest import Backend


def entry(i: int) -> AuditEntry:
    return AuditEntry(time.time(), "request", {"i": i}, {"prompt": f"prompt {i}"})


def test_concurrent_submitters_each_get_their_own_committed_seq(backend: Backend) -> None:
    store = backend.open()
    writer = AuditWriter(store)
    futures: list[Future[int]] = []
    lock = threading.Lock()

    def work(worker: int) -> None:
        for i in range(40):
            future = writer.submit(entry(worker * 100 + i))
            with lock:
                futures.append(future)
            if i % 4 == 0:
                future.result(timeout=60)  # some wait, as requests do; the rest pile up into batches

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    seqs = sorted(future.result(timeout=60) for future in futures)
    assert seqs == list(range(320))
    writer.close()
    exported = {record["seq"]: record["data"]["i"] for record in store.export()}
    assert sorted(exported.values()) == sorted(w * 100 + i for w in range(8) for i in range(40))
    assert store.verify().ok
    store.close()


class FailingSecondAppend:
    """A real store whose second append fails (the database going away mid-run), holding the first append until
    the test has queued a whole batch behind it."""

    def __init__(self, store: SqlStore) -> None:
        self.store = store
        self.calls = 0
        self.release = threading.Event()
        self.batches: list[int] = []

    def append_encoded(self, encoded: list[EncodedEntry]) -> list[int]:  # the writer's path into the store
        self.calls += 1
        self.batches.append(len(encoded))
        if self.calls == 1:
            self.release.wait(30)
            return self.store.append_encoded(encoded)
        raise StoreError("database is gone")

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)


def test_a_failed_append_fails_every_future_of_its_batch(backend: Backend) -> None:
    store = backend.open()
    wrapped = FailingSecondAppend(store)
    writer = AuditWriter(wrapped)  # type: ignore[arg-type]
    first = writer.submit(entry(0))
    deadline = time.monotonic() + 10
    while wrapped.calls == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    batch = [writer.submit(entry(i)) for i in range(1, 6)]
    wrapped.release.set()
    assert first.result(timeout=30) == 0
    for future in batch:
        with pytest.raises(StoreError, match="database is gone"):
            future.result(timeout=30)
    assert wrapped.batches == [1, 5]
    writer.close()
    assert [r["seq"] for r in store.export()] == [0] and store.verify().ok
    store.close()


def test_close_drains_then_refuses_and_a_bad_entry_fails_alone(backend: Backend) -> None:
    store = backend.open()
    writer = AuditWriter(store, max_batch=7)
    bad = writer.submit(AuditEntry(time.time(), "request", {"x": float("nan")}))
    futures = [writer.submit(entry(i)) for i in range(50)]
    writer.close()
    assert all(future.done() for future in futures) and [f.result() for f in futures] == list(range(50))
    with pytest.raises(StoreError, match="JSON"):
        bad.result(timeout=1)
    late = writer.submit(entry(99))
    with pytest.raises(StoreError, match="closed"):
        late.result(timeout=1)
    assert store.verify().records == 50
    store.close()


CHILD = """
import os, sys, threading, time
from aiwarden.gateway.audit_writer import AuditWriter
from aiwarden.gateway.chain import EncodedEntry
from aiwarden.gateway.store import open_store
from aiwarden.gateway.types import AuditEntry
writer = AuditWriter(open_store(sys.argv[1], create=False))
def work(n):
    i = 0
    while True:
        seq = writer.submit(AuditEntry(time.time(), "request", {"w": n, "i": i}, {"prompt": "x" * 200})).result()
        os.write(1, f"{seq}\\n".encode())  # one write per line: whole lines reach the pipe (< PIPE_BUF)
        i += 1
threads = [threading.Thread(target=work, args=(n,), daemon=True) for n in range(8)]
for t in threads:
    t.start()
for t in threads:
    t.join()
"""


def test_kill_9_under_load_loses_no_acknowledged_record(backend: Backend) -> None:
    backend.open().close()
    child = subprocess.Popen([sys.executable, "-c", CHILD, backend.target], stdout=subprocess.PIPE,
                             start_new_session=True)
    assert child.stdout is not None
    acknowledged: list[int] = []
    reader_done = threading.Event()

    def read() -> None:
        assert child.stdout is not None
        buffer = b""
        while chunk := os.read(child.stdout.fileno(), 65536):
            buffer += chunk
            *lines, buffer = buffer.split(b"\n")  # a partial last line was never acknowledged whole
            acknowledged.extend(int(line) for line in lines)
        reader_done.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 120
        while len(acknowledged) < 400 and time.monotonic() < deadline and child.poll() is None:
            time.sleep(0.01)
        assert len(acknowledged) >= 400, f"only {len(acknowledged)} acknowledged (exit {child.poll()})"
        os.killpg(child.pid, signal.SIGKILL)  # mid-write, under load
        child.wait(30)
        assert reader_done.wait(30)
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
    store = backend.open(create=False)
    stored = {record["seq"] for record in store.export()}
    missing = sorted(set(acknowledged) - stored)
    assert not missing, f"{len(missing)} acknowledged records lost: {missing[:10]}"
    check = store.verify()
    assert check.ok and check.records == len(stored) >= len(acknowledged)
    store.append([entry(0)])  # the database is usable after the crash
    assert store.verify().ok
    store.close()
