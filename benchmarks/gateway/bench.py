"""Added latency and throughput of the gateway, side by side with a direct call and LiteLLM proxy, in one run.

    python benchmarks/gateway/bench.py [--duration 10] [--concurrency 1 8] [--litellm PATH/TO/litellm]
                                       [--postgres] [--soak SECONDS] [--json OUT.json]

Starts the repo's fake OpenAI-compatible upstream (tests/gateway/fake_upstream.py), then for each target a
closed-loop wrk run per concurrency (bounded by --duration): direct to the upstream, the gateway with the guard off
and on (SQLite; PostgreSQL with --postgres), and LiteLLM proxy when its binary is given (run with
LITELLM_LOCAL_MODEL_COST_MAP=True, so it makes no outside call). Prints p50/p99, requests/s, added latency
(target minus direct) and the ratios; --soak runs the guarded gateway at concurrency 8 for that long and samples
its RSS. Everything listens on 127.0.0.1 and is stopped at the end. Needs wrk (Debian package).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
FAKE = ROOT / "tests" / "gateway" / "fake_upstream.py"
AIWARDEN = [sys.executable, "-m", "aiwarden"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_http(url: str, seconds: float = 60.0, headers: dict[str, str] | None = None) -> None:
    import urllib.request

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with suppress(OSError):
            request = urllib.request.Request(url, headers=headers or {})
            with urllib.request.urlopen(request, timeout=2) as response:
                if response.status == 200:
                    return
        time.sleep(0.2)
    raise SystemExit(f"{url} did not come up within {seconds:.0f} s")


@contextmanager
def process(argv: list[str], env: dict[str, str] | None = None,
            log: Path | None = None) -> Iterator[subprocess.Popen[bytes]]:
    out = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115
    proc = subprocess.Popen(argv, env={**os.environ, **(env or {})}, stdout=out, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        yield proc
    finally:
        with suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        if log:
            out.close()  # type: ignore[union-attr]


def rss_mib(pid: int) -> float:
    total = 0
    for child in [pid, *children(pid)]:
        with suppress(OSError), open(f"/proc/{child}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return total / 1024


def children(pid: int) -> list[int]:
    with suppress(OSError):
        found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        return [int(c) for c in found] + [g for c in found for g in children(int(c))]
    return []


def cpu_seconds(pid: int) -> float:
    total = 0.0
    for child in [pid, *children(pid)]:
        with suppress(OSError):
            fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def wrk(url: str, concurrency: int, duration: int, key: str = "") -> dict[str, float]:
    argv = ["wrk", "-t1", f"-c{concurrency}", f"-d{duration}s", "--timeout", "10s", "-s", str(HERE / "post.lua"), url]
    out = subprocess.run(argv, env={**os.environ, "GW_KEY": key}, capture_output=True, text=True,
                         timeout=duration + 60).stdout
    found = re.search(r"AWRESULT (.*)", out)
    if not found:
        raise SystemExit(f"wrk gave no result for {url}:\n{out}")
    values = {k: float(v) for k, v in (item.split("=") for item in found[1].split())}
    return {"rps": values["requests"] / (values["duration_us"] / 1e6), "p50_ms": values["p50_us"] / 1000,
            "p90_ms": values["p90_us"] / 1000, "p99_ms": values["p99_us"] / 1000, "requests": values["requests"],
            "errors": values["errors"], "non2xx": values["non2xx"]}


def create_key(db: str) -> str:
    out = subprocess.run([*AIWARDEN, "keys", "create", "--db", db, "--name", "bench", "--format", "json"],
                         capture_output=True, text=True, check=True).stdout
    return str(json.loads(out)["key"])


@contextmanager
def gateway(upstream: str, db: str, guard: bool, workdir: Path, label: str) -> Iterator[tuple[str, str, int]]:
    port = free_port()
    config = workdir / f"{label}.toml"
    actions = "" if guard else 'input_action = "off"\nsystem_action = "off"\noutput_action = "off"\n'
    config.write_text(f'[gateway]\nmonitor = {"true" if guard else "false"}\n{actions}')
    key = create_key(db)
    argv = [*AIWARDEN, "serve", "--upstream", upstream, "--port", str(port), "--db", db, "--config", str(config),
            "--no-access-log"]
    with process(argv, log=workdir / f"{label}.log") as proc:
        wait_http(f"http://127.0.0.1:{port}/healthz")
        yield f"http://127.0.0.1:{port}/v1/chat/completions", key, proc.pid


@contextmanager
def litellm(binary: str, upstream: str, workdir: Path) -> Iterator[tuple[str, str, int]]:
    port = free_port()
    config = workdir / "litellm.yaml"
    config.write_text("model_list:\n  - model_name: fake-model\n    litellm_params:\n      model: openai/fake-model\n"
                      f"      api_base: \"{upstream}\"\n      api_key: \"sk-fake-upstream\"\n"
                      "general_settings:\n  master_key: \"sk-bench-master\"\nlitellm_settings:\n  telemetry: false\n")
    env = {"LITELLM_LOCAL_MODEL_COST_MAP": "True", "LITELLM_TELEMETRY": "False", "LITELLM_LOG": "ERROR"}
    with process([binary, "--config", str(config), "--host", "127.0.0.1", "--port", str(port)], env,
                 log=workdir / "litellm.log") as proc:
        wait_http(f"http://127.0.0.1:{port}/health/liveliness", 180)
        yield f"http://127.0.0.1:{port}/v1/chat/completions", "sk-bench-master", proc.pid


@contextmanager
def postgres(workdir: Path) -> Iterator[str]:
    """A private PostgreSQL cluster on a free loopback port (run as the postgres user when we are root)."""
    bindir = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"))), None)
    if bindir is None:
        raise SystemExit("PostgreSQL server binaries not found (apt-get install postgresql)")
    data = workdir / "pg"
    data.mkdir()
    prefix: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(workdir, "postgres")
        shutil.chown(data, "postgres")
        prefix = ["runuser", "-u", "postgres", "--"]
    port = free_port()
    subprocess.run([*prefix, str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "bench"], check=True,
                   capture_output=True)
    subprocess.run([*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-l", str(data / "log"), "-w", "-o",
                    f"-h 127.0.0.1 -p {port} -k {data}", "start"], check=True, capture_output=True)
    try:
        yield f"postgresql://bench@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"], capture_output=True)


def measure(label: str, url: str, key: str, pid: int | None, args: argparse.Namespace,
            results: list[dict[str, object]]) -> None:
    wrk(url, 4, 2, key)  # warm-up: connections, caches, the guard's first calls
    for concurrency in args.concurrency:
        before = cpu_seconds(pid) if pid else 0.0
        row: dict[str, object] = {"target": label, "c": concurrency, **wrk(url, concurrency, args.duration, key)}
        if pid:
            row["rss_mib"] = round(rss_mib(pid), 1)
            row["cpu_ms_per_request"] = round((cpu_seconds(pid) - before) * 1000 / max(1.0, float(row["requests"])), 3)
        results.append(row)
        print(f"  {label:<22} c={concurrency:<3} {row['rps']:>9.1f} req/s  p50 {row['p50_ms']:.3f} ms  "
              f"p99 {row['p99_ms']:.3f} ms  non2xx {int(row['non2xx'])}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run (default 10)")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8])
    parser.add_argument("--litellm", metavar="BIN", help="the litellm binary of a venv with litellm[proxy]")
    parser.add_argument("--postgres", action="store_true", help="also run the gateway on PostgreSQL")
    parser.add_argument("--soak", type=int, default=0, metavar="SECONDS", help="RSS soak of the guarded gateway")
    parser.add_argument("--json", metavar="OUT", help="write every row as JSON")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk not found (apt-get install wrk)")
    results: list[dict[str, object]] = []
    soak: list[tuple[float, float]] = []
    with tempfile.TemporaryDirectory(prefix="aw-gw-bench-") as tmp:
        workdir = Path(tmp)
        os.chmod(workdir, 0o755)
        port = free_port()
        with process([sys.executable, str(FAKE), str(port)]) as upstream_proc:
            upstream = f"http://127.0.0.1:{port}/v1"
            wait_http(upstream + "/models")
            print("target                 concurrency  throughput        latency", flush=True)
            measure("direct", upstream + "/chat/completions", "", upstream_proc.pid, args, results)
            db = str(workdir / "bench.db")
            with gateway(upstream, db, False, workdir, "gw-off") as (url, key, pid):
                measure("aiwarden guard off", url, key, pid, args, results)
            with gateway(upstream, db, True, workdir, "gw-on") as (url, key, pid):
                measure("aiwarden guard on", url, key, pid, args, results)
                if args.soak:
                    soak = run_soak(url, key, pid, args.soak)
            if args.postgres:
                with postgres(workdir) as dsn, gateway(upstream, dsn, True, workdir, "gw-pg") as (url, key, pid):
                    measure("aiwarden on, postgres", url, key, pid, args, results)
            if args.litellm:
                with litellm(args.litellm, upstream, workdir) as (url, key, pid):
                    measure("litellm", url, key, pid, args, results)
    report(results, soak)
    if args.json:
        Path(args.json).write_text(json.dumps({"rows": results, "soak": soak}, indent=1))
    return 0


def run_soak(url: str, key: str, pid: int, seconds: int) -> list[tuple[float, float]]:
    samples = [(0.0, rss_mib(pid))]
    began = time.monotonic()
    while time.monotonic() - began < seconds:
        wrk(url, 8, min(30, seconds), key)
        samples.append((round(time.monotonic() - began, 1), round(rss_mib(pid), 1)))
    print("  soak RSS (s, MiB): " + ", ".join(f"{t:.0f}:{m:.0f}" for t, m in samples), flush=True)
    return samples


def report(results: list[dict[str, object]], soak: list[tuple[float, float]]) -> None:
    direct = {row["c"]: row for row in results if row["target"] == "direct"}
    print("\nadded latency (target minus direct, ms) and throughput ratios")
    by = {(row["target"], row["c"]): row for row in results}
    for row in results:
        if row["target"] == "direct":
            continue
        base = direct[row["c"]]
        line = (f"  {row['target']:<22} c={row['c']:<3} added p50 {float(row['p50_ms']) - float(base['p50_ms']):7.3f}  "  # type: ignore[arg-type]
                f"added p99 {float(row['p99_ms']) - float(base['p99_ms']):7.3f}")  # type: ignore[arg-type]
        other = by.get(("litellm", row["c"]))
        if other and row["target"] != "litellm":
            line += f"  req/s vs litellm x{float(row['rps']) / float(other['rps']):.1f}"  # type: ignore[arg-type]
        print(line)
    if soak:
        print(f"  soak: RSS {soak[0][1]:.0f} -> {soak[-1][1]:.0f} MiB over {soak[-1][0]:.0f} s")


if __name__ == "__main__":
    sys.exit(main())
