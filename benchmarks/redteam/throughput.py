"""Attempts per second of `aiwarden redteam run` and of garak against the same local target, in one run.

    python benchmarks/redteam/throughput.py [--concurrency 1 4] [--garak GARAK_BIN]

The target is the faithful OpenAI-compatible fake of the gateway's tests (tests/gateway/fake_upstream.py: it
answers every chat request at once), so the numbers measure each tool's own cost per attempt: planning,
converting, sending, judging and storing. Each tool runs as its users run it (a CLI process, wall time
including start-up) on about 1,000 attempts: aiwarden on its whole library with the plain text and two
converters, garak on four prompt-injection probes of its own (it cannot read our probes). garak is optional
(installed --no-deps in its own venv, see docs/benchmarks.md); without it only aiwarden runs.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FAKE = ROOT / "tests" / "gateway" / "fake_upstream.py"
GARAK_PROBES = ("promptinject.HijackHateHumans,promptinject.HijackKillHumans,promptinject.HijackLongPrompt,"
                "encoding.InjectBase64")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run_aiwarden(url: str, concurrency: int, work: Path) -> tuple[int, float]:
    out = work / f"aiwarden-{concurrency}"
    began = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "aiwarden", "redteam", "run", "--target", url, "--model",
                           "fake-model", "--suite", "all", "--converter", "none", "--converter", "base64",
                           "--converter", "leetspeak", "--concurrency", str(concurrency), "--out", str(out), "-q"],
                          capture_output=True, text=True, timeout=1800)
    seconds = time.perf_counter() - began
    if done.returncode not in (0, 1):
        raise SystemExit(f"aiwarden failed ({done.returncode}): {done.stderr.strip()}")
    attempts = json.loads((out / "results.json").read_text())["attempts"]
    return int(attempts), seconds


def run_garak(garak: str, url: str, concurrency: int, work: Path) -> tuple[int, float]:
    options = work / "garak-options.json"
    options.write_text(json.dumps({"openai": {"OpenAICompatible": {"uri": url, "model": "fake-model",
                                                                   "api_key": "unused", "suppressed_params": ["n"]}}}))
    prefix = f"aiwarden-bench-{os.getpid()}-{concurrency}"
    command = [garak, "--target_type", "openai.OpenAICompatible", "--target_name", "fake-model",
               "--generator_option_file", str(options), "--probes", GARAK_PROBES, "--generations", "1",
               "--report_prefix", prefix]
    if concurrency > 1:
        command += ["--parallel_attempts", str(concurrency)]
    began = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, timeout=1800,
                          env={**os.environ, "HF_HUB_OFFLINE": "1", "OPENAI_API_KEY": "unused"})
    seconds = time.perf_counter() - began
    report = next(Path.home().glob(f".local/share/garak/garak_runs/{prefix}.report.jsonl"), None)
    if done.returncode != 0 or report is None:
        raise SystemExit(f"garak failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    attempts = sum(1 for line in report.read_text().splitlines()
                   if '"entry_type": "attempt"' in line and '"status": 2' in line)
    for leftover in report.parent.glob(f"{prefix}.*"):
        leftover.unlink()
    return attempts, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 4])
    parser.add_argument("--garak", help="path of the garak executable (optional)")
    args = parser.parse_args()
    port = free_port()
    fake = subprocess.Popen([sys.executable, str(FAKE), str(port)], stdout=subprocess.PIPE, start_new_session=True)
    work = Path(tempfile.mkdtemp(prefix="aiwarden-rt-bench-"))
    try:
        assert fake.stdout is not None and fake.stdout.readline().strip() == b"ready"
        url = f"http://127.0.0.1:{port}/v1"
        print(f"{'tool':<10} {'concurrency':>11} {'attempts':>9} {'seconds':>8} {'attempts/s':>11}")
        for concurrency in args.concurrency:
            ours, ours_s = run_aiwarden(url, concurrency, work)
            print(f"{'aiwarden':<10} {concurrency:>11} {ours:>9} {ours_s:>8.1f} {ours / ours_s:>11.1f}")
            if args.garak:
                theirs, theirs_s = run_garak(args.garak, url, concurrency, work)
                print(f"{'garak':<10} {concurrency:>11} {theirs:>9} {theirs_s:>8.1f} {theirs / theirs_s:>11.1f}"
                      f"   aiwarden/garak: {(ours / ours_s) / (theirs / theirs_s):.2f}x")
    finally:
        fake.terminate()
        fake.wait(10)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
