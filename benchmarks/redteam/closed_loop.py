"""The closed loop: the same red-team run against the vulnerable reference target directly and through
`aiwarden serve` (default settings: guard on input and output, firewall off), success per category side by side.

    python benchmarks/redteam/closed_loop.py [--suite default] [--converter none ...] [--mode vulnerable]

Run from the repository root (it uses the tests' reference target and gateway launcher).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.gateway.servers import gateway  # noqa: E402
from tests.redteam.reference_target import TargetOptions, serve_in_thread  # noqa: E402


def redteam(url: str, out: Path, args: argparse.Namespace, env: dict[str, str] | None = None,
            key_env: str | None = None) -> dict[str, dict[str, int]]:
    command = [sys.executable, "-m", "aiwarden", "redteam", "run", "--target", url, "--model", "reference-target",
               "--out", str(out), "--concurrency", "4", "-q"]
    command += [x for suite in args.suite for x in ("--suite", suite)]
    command += [x for converter in args.converter for x in ("--converter", converter)]
    if key_env:
        command += ["--api-key-env", key_env]
    done = subprocess.run(command, capture_output=True, text=True, timeout=3600, env={**os.environ, **(env or {})})
    if done.returncode not in (0, 1):
        raise SystemExit(f"redteam failed ({done.returncode}): {done.stderr.strip()}")
    categories: dict[str, dict[str, int]] = json.loads((out / "results.json").read_text())["categories"]
    return categories


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--suite", nargs="+", default=["default"])
    parser.add_argument("--converter", nargs="+", default=["none"])
    parser.add_argument("--mode", default="vulnerable", choices=("vulnerable", "hardened"))
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="aiwarden-closed-loop-"))
    with serve_in_thread(TargetOptions(mode=args.mode)) as target:
        direct = redteam(target.url, work / "direct", args)
        with gateway(target.url, work) as running:
            key = running.key()
            proxied = redteam(f"{running.url}/v1", work / "gateway", args, env={"AW_BENCH_KEY": key},
                              key_env="AW_BENCH_KEY")
    print(f"{'category':<24} {'direct':>14} {'through serve':>14}")
    totals = [0, 0, 0, 0]
    for category, before in direct.items():
        after = proxied.get(category, {"attempts": 0, "successes": 0})
        totals = [totals[0] + before["successes"], totals[1] + before["attempts"], totals[2] + after["successes"],
                  totals[3] + after["attempts"]]
        print(f"{category:<24} {before['successes']:>6}/{before['attempts']:<7} {after['successes']:>6}/"
              f"{after['attempts']:<7}")
    print(f"{'all':<24} {totals[0]:>6}/{totals[1]:<7} {totals[2]:>6}/{totals[3]:<7}")


if __name__ == "__main__":
    main()
