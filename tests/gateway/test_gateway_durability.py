"""No acknowledged request without its audit record: kill -9 the gateway under load, then every request that
got an answer is in the audit trail and the chain verifies."""

from __future__ import annotations

import json
import signal
import threading
import time
from pathlib import Path

import httpx

from tests.gateway.servers import aiwarden, fake_upstream, gateway, stop


def test_kill_9_under_load_loses_no_acknowledged_record(tmp_path: Path) -> None:
    acknowledged: list[str] = []
    lock = threading.Lock()
    halt = threading.Event()
    with fake_upstream() as upstream, gateway(upstream, tmp_path, "", "--no-access-log") as gw:
        key = gw.key()

        def load(worker: int) -> None:
            with httpx.Client(timeout=10) as client:
                for number in range(10_000):  # bounded; the kill ends it long before
                    if halt.is_set():
                        return
                    try:
                        response = client.post(f"{gw.url}/v1/chat/completions", headers={
                            "authorization": f"Bearer {key}"}, json={"model": "fake-model", "messages": [
                                {"role": "user", "content": f"say:answer {worker}-{number}"}]})
                    except httpx.HTTPError:
                        return  # the gateway is gone
                    if response.status_code == 200:
                        with lock:
                            acknowledged.append(response.headers["x-request-id"])

        workers = [threading.Thread(target=load, args=(i,)) for i in range(6)]
        for worker in workers:
            worker.start()
        deadline = time.monotonic() + 20
        while len(acknowledged) < 150 and time.monotonic() < deadline:
            time.sleep(0.05)
        stop(gw.proc, signal.SIGKILL)  # mid-flight: requests are in every stage of their handling
        halt.set()
        for worker in workers:
            worker.join(30)
    assert len(acknowledged) >= 150
    verified = aiwarden("audit", "verify", "--db", gw.db, check=False)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    out = tmp_path / "export.jsonl"
    aiwarden("audit", "export", "--db", gw.db, "--output", str(out))
    recorded = {json.loads(line)["data"].get("request_id") for line in out.read_text().splitlines()}
    missing = [rid for rid in acknowledged if rid not in recorded]
    assert not missing, f"{len(missing)} of {len(acknowledged)} acknowledged requests have no audit record"
