"""Latency of the gateway's limiter (admit + release) and of the extraction monitor's observe.

    python benchmarks/gateway/limits_bench.py [--requests 4000]

Starts a throwaway redis-server on a free port (stopped at the end), then for the memory and the Redis limiter
at concurrency 1 and 8 times ``admit`` followed by ``release`` per request (rpm, tpm and concurrency quotas all
set and never refusing) and prints p50 / p99 in microseconds. Then times ``ExtractionMonitor.observe`` on new
prompts and on repeats.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from aiwarden.gateway.limits_memory import MemoryLimiter
from aiwarden.gateway.limits_redis import RedisLimiter
from aiwarden.gateway.monitor import ExtractionMonitor
from aiwarden.gateway.types import Limiter, Quota

QUOTA = Quota(rpm=10**9, tpm=10**12, concurrency=10**6)
ROOT = Path(__file__).resolve().parents[2]


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p50 = ordered[len(ordered) // 2] * 1e6
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1e6
    return f"p50 {p50:8.1f} us   p99 {p99:8.1f} us"


async def time_limiter(limiter: Limiter, requests: int, concurrency: int) -> list[float]:
    samples: list[float] = []

    async def worker(count: int) -> None:
        for index in range(count):
            started = time.perf_counter()
            verdict = await limiter.admit(f"key{index % 50}", QUOTA, 100)
            await limiter.release(f"key{index % 50}", QUOTA, verdict.lease, 7)
            samples.append(time.perf_counter() - started)
            assert verdict.allowed

    await asyncio.gather(*(worker(requests // concurrency) for _ in range(concurrency)))
    return samples


@contextlib.contextmanager
def redis_server(directory: str):  # type: ignore[no-untyped-def]
    binary = shutil.which("redis-server")
    if not binary:
        sys.exit("redis-server is not installed")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly",
                                "no", "--dir", directory], stdout=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


async def limiters(url: str, requests: int) -> None:
    for name in ("memory", "redis"):
        for concurrency in (1, 8):
            limiter: Limiter = MemoryLimiter() if name == "memory" else RedisLimiter(url)
            try:
                await time_limiter(limiter, min(requests, 500), concurrency)  # warm up
                started = time.perf_counter()
                samples = await time_limiter(limiter, requests, concurrency)
                rate = len(samples) / (time.perf_counter() - started)
            finally:
                await limiter.close()
            print(f"{name:6} concurrency {concurrency}: admit+release {percentiles(samples)}  "
                  f"{rate:8.0f} requests/s  (n={len(samples)})")


def monitor(requests: int) -> None:
    lines = (ROOT / "tests" / "data" / "guard" / "hard_negatives.jsonl").read_text().splitlines()
    prompts = [json.loads(line)["text"] for line in lines if line]
    for label, texts in (("new prompts", [f"{p} ({i})" for i, p in enumerate(prompts * 8)][:requests]),
                         ("repeats", [prompts[i % 20] for i in range(requests)])):
        watcher = ExtractionMonitor()
        samples = []
        for index, text in enumerate(texts):
            started = time.perf_counter()
            watcher.observe("k", text, 100, index * 0.5)
            samples.append(time.perf_counter() - started)
        mean = statistics.mean(len(t) for t in texts)
        print(f"monitor observe, {label} ({mean:.0f} chars): {percentiles(samples)}  (n={len(samples)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=4000, help="timed requests per run (bounded: 100..100000)")
    args = parser.parse_args()
    requests = max(100, min(100_000, args.requests))
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as directory, redis_server(directory) as url:
        asyncio.run(limiters(url, requests))
    monitor(requests)


if __name__ == "__main__":
    main()
