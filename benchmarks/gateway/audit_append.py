"""Audit trail write speed through the AuditWriter (group commit) and key lookup speed, on SQLite (durability
normal and full) and on a private PostgreSQL 15 cluster (fsync on) started and stopped by this script.

    .venv/bin/python benchmarks/gateway/audit_append.py [--records N] [--no-postgres]

Prints appends per second and per-append latency (p50, p99) for one submitter waiting on each append, and for 8
threads submitting at once (requests in flight on one gateway replica)."""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # tests.gateway.pgcluster

from aiwarden.gateway.audit_writer import AuditWriter
from aiwarden.gateway.store import open_store
from aiwarden.gateway.types import AuditEntry


def _entry(i: int) -> AuditEntry:
    return AuditEntry(time.time(), "request", {"key": "0123456789ab", "model": "gpt-4o", "route": "chat",
                                               "status": 200, "prompt_tokens": 120, "completion_tokens": 80,
                                               "ms": {"total": 812.4, "upstream": 790.1}, "i": i,
                                               "guard": {"decision": "allow", "score": 0.03}},
                      {"prompt": "Summarise the attached report in three bullet points. " * 8,
                       "response": "- point one\n- point two\n- point three"})


def _measure(writer: AuditWriter, submitters: int, per_submitter: int) -> tuple[float, float, float]:
    latencies: list[float] = []
    lock = threading.Lock()

    def work(base: int) -> None:
        mine = []
        for i in range(per_submitter):
            start = time.perf_counter()
            writer.submit(_entry(base + i)).result()
            mine.append(time.perf_counter() - start)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=work, args=(n * per_submitter,)) for n in range(submitters)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return len(latencies) / elapsed, statistics.median(latencies) * 1e3, p99 * 1e3


def bench(label: str, target: str, records: int, durability: str = "normal") -> None:
    store = open_store(target, create=True, durability=durability)
    _, token = store.create_key("bench")
    start = time.perf_counter()
    for _ in range(2000):
        store.authenticate(token)
    auth_us = (time.perf_counter() - start) / 2000 * 1e6
    writer = AuditWriter(store)
    single = _measure(writer, 1, records)
    eight = _measure(writer, 8, records // 8 * 2)
    writer.close()
    check = store.verify()
    start = time.perf_counter()
    store.verify()
    verify_rate = check.records / (time.perf_counter() - start)
    store.close()
    print(f"{label:<22} authenticate {auth_us:6.1f} us | 1 submitter: {single[0]:7.0f} appends/s, "
          f"p50 {single[1]:6.2f} ms, p99 {single[2]:6.2f} ms | 8 submitters: {eight[0]:7.0f} appends/s, "
          f"p50 {eight[1]:6.2f} ms, p99 {eight[2]:6.2f} ms | verify {verify_rate:7.0f} records/s"
          f" ({'intact' if check.ok else 'BROKEN'})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=1000, help="appends by the single submitter")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        bench("sqlite normal", str(Path(directory) / "normal.db"), args.records)
        bench("sqlite full", str(Path(directory) / "full.db"), args.records, "full")
    if args.no_postgres:
        return
    from tests.gateway.pgcluster import PostgresCluster

    cluster = PostgresCluster(fsync=True)
    try:
        cluster.start()
        bench("postgresql 15 (fsync)", cluster.url(cluster.create_database()), args.records)
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
