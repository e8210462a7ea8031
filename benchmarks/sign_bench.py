"""Side-by-side signing benchmark: aiwarden vs model_signing on the same generated multi-GB model directory.

    python benchmarks/sign_bench.py --dir /tmp/sign-bench --gib 4 --repeat 3

Builds (once) a directory of N x 1 GiB pseudo-random weight shards plus small JSON files, warms the page
cache, then for each tool runs sign and verify as separate processes under /usr/bin/time and prints wall
time, CPU seconds, CPU-seconds per GB, throughput, peak RSS and the ratio model_signing / aiwarden.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

GIB = 1 << 30
BIN = Path(sys.executable).parent


def build_model(directory: Path, gib: int) -> int:
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    directory.mkdir(parents=True, exist_ok=True)
    (directory / "config.json").write_text(json.dumps({"model_type": "bench", "hidden_size": 4096}))
    (directory / "tokenizer_config.json").write_text(json.dumps({"chat_template": "{{ messages }}"}))
    (directory / "generation_config.json").write_text("{}")
    for index in range(gib):
        path = directory / f"model-{index + 1:05d}-of-{gib:05d}.safetensors"
        if path.exists() and path.stat().st_size == GIB:
            continue
        stream = Cipher(algorithms.AES(bytes(32)), modes.CTR(index.to_bytes(16, "big"))).encryptor()
        block = bytes(64 << 20)
        with open(path, "wb") as f:
            for _ in range(GIB // len(block)):
                f.write(stream.update(block))
    return sum(p.stat().st_size for p in directory.iterdir() if p.is_file())


def warm(directory: Path) -> None:
    for path in sorted(directory.iterdir()):
        if path.is_file():
            with open(path, "rb") as f:
                while f.read(16 << 20):
                    pass


def timed(command: list[str]) -> dict[str, float]:
    result = subprocess.run(["/usr/bin/time", "-v", *command], capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{result.stdout}\n{result.stderr[-2000:]}")

    def field(pattern: str) -> float:
        match = re.search(pattern, result.stderr)
        return float(match.group(1)) if match else float("nan")

    wall = result.stderr.split("Elapsed (wall clock) time (h:mm:ss or m:ss): ")[1].split("\n")[0]
    parts = [float(p) for p in wall.split(":")]
    seconds = parts[-1] + 60 * parts[-2] + (3600 * parts[-3] if len(parts) == 3 else 0)
    cpu = field(r"User time \(seconds\): ([\d.]+)") + field(r"System time \(seconds\): ([\d.]+)")
    return {"wall": seconds, "cpu": cpu, "rss_mb": field(r"Maximum resident set size \(kbytes\): (\d+)") / 1024}


def commands(model: Path, keys: Path, signature: Path) -> dict[str, dict[str, list[str]]]:
    return {
        "aiwarden": {
            "sign": [str(BIN / "aiwarden"), "sign", str(model), "--key", str(keys / "k.pem"), "--signature",
                     str(signature)],
            "verify": [str(BIN / "aiwarden"), "verify", str(model), "--key", str(keys / "k.pub"), "--signature",
                       str(signature)],
        },
        "model_signing": {
            "sign": [str(BIN / "model_signing"), "sign", "key", "--private_key", str(keys / "k.pem"), "--signature",
                     str(signature), str(model)],
            "verify": [str(BIN / "model_signing"), "verify", "key", "--public_key", str(keys / "k.pub"),
                       "--signature", str(signature), str(model)],
        },
    }


def make_keys(directory: Path) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    (directory / "k.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                                        serialization.PrivateFormat.PKCS8,
                                                        serialization.NoEncryption()))
    (directory / "k.pub").write_bytes(key.public_key().public_bytes(serialization.Encoding.PEM,
                                                                     serialization.PublicFormat.SubjectPublicKeyInfo))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "aiwarden-sign-bench")
    parser.add_argument("--gib", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write raw results here")
    args = parser.parse_args()
    if not shutil.which("/usr/bin/time"):
        raise SystemExit("needs GNU time (/usr/bin/time); apt-get install time")
    model = args.dir / "model"
    size = build_model(model, args.gib)
    work = Path(tempfile.mkdtemp())
    make_keys(work)
    warm(model)
    results: dict[str, dict[str, list[dict[str, float]]]] = {}
    table = commands(model, work, work / "bench.sig")
    # round robin: a burst of load from elsewhere hits both tools, not the one that happened to run then
    for _ in range(args.repeat):
        for step in ("sign", "verify"):
            for tool, steps in table.items():
                if step == "verify":  # each tool verifies its own signature
                    timed(steps["sign"])
                results.setdefault(tool, {}).setdefault(step, []).append(timed(steps[step]))
    gb = size / 1e9
    print(f"model: {gb:.2f} GB in {len(list(model.iterdir()))} files, {os.cpu_count()} cores, warm page cache, "
          f"median of {args.repeat}")
    print(f"{'tool':<14}{'step':<8}{'wall s':>8}{'GB/s':>7}{'CPU s':>8}{'CPU s/GB':>10}{'RSS MB':>8}")
    medians: dict[tuple[str, str], float] = {}
    for tool, steps in results.items():
        for step, runs in steps.items():
            wall = statistics.median(r["wall"] for r in runs)
            cpu = statistics.median(r["cpu"] for r in runs)
            rss = max(r["rss_mb"] for r in runs)
            medians[(tool, step)] = wall
            print(f"{tool:<14}{step:<8}{wall:>8.2f}{gb / wall:>7.2f}{cpu:>8.2f}{cpu / gb:>10.2f}{rss:>8.0f}")
    for step in ("sign", "verify"):
        ratio = medians[("model_signing", step)] / medians[("aiwarden", step)]
        print(f"{step}: model_signing wall / aiwarden wall = {ratio:.2f}x")
    if args.json:
        args.json.write_text(json.dumps({"bytes": size, "results": results}, indent=2))
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
