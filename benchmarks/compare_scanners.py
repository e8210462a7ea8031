"""Side-by-side benchmark of aiwarden and the anchor scanners (picklescan, modelscan, fickling).

One run measures, for every tool: detections and false alarms on the labelled corpus, whole-corpus wall
time and peak RSS, wall time / peak RSS / verdict on each big file, and start-up cost. Anchors are
expected in separate virtualenvs under ``--anchors`` (``picklescan``, ``modelscan``, ``fickling``).
No corpus file is ever loaded by this script: every file is only handed to the scanners.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from measure import Run, Summary, has_gnu_time, run_measured, summarize, which
from scanners import (
    Aiwarden,
    Entry,
    FicklingApi,
    FicklingCli,
    Judgements,
    Modelscan,
    PicklescanDir,
    PicklescanFile,
    Scanner,
    Verdict,
    severity_rank,
)

HERE = Path(__file__).resolve().parent
MANIFESTS = {"malicious": "manifest-malicious.json", "benign": "manifest-benign.json"}
BIG_FILES = ("big.pt", "big.safetensors", "big_legacy.bin")
READ_CHUNK = 16 * 1024 * 1024
STARTUP_RUNS = 20
SLOW_STARTUP_RUNS = 5
SLOW_STARTUP_TOOLS = ("modelscan",)


@dataclass
class ToolResult:
    name: str
    judgements: Judgements
    timing: Summary
    detection_exit_codes: list[int]
    detection: list[Run]
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class BigResult:
    tool: str
    file: str
    size_bytes: int
    timing: Summary
    verdict: str


@dataclass
class StartupResult:
    label: str
    command: str
    min_ms: float
    median_ms: float
    runs: int


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True, help="corpus folder holding the two manifests")
    parser.add_argument("--big", type=Path, help="folder made by make_big_files.py")
    parser.add_argument("--anchors", type=Path, default=Path("/opt/anchors"), help="anchor virtualenvs")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes per measurement")
    parser.add_argument("--json", type=Path, help="write the raw results here")
    parser.add_argument("--aiwarden", default=default_aiwarden(), help="aiwarden executable")
    parser.add_argument("--startup-runs", type=int, default=STARTUP_RUNS, help="runs per start-up command")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds allowed per process")
    return parser.parse_args(argv)


def default_aiwarden() -> str:
    beside = Path(sys.executable).parent / "aiwarden"
    return str(beside) if beside.exists() else which("aiwarden") or "aiwarden"


def load_entries(corpus: Path) -> list[Entry]:
    entries: list[Entry] = []
    for label, manifest in MANIFESTS.items():
        data = json.loads((corpus / manifest).read_text(encoding="utf-8"))
        for item in data["files"]:
            entry = make_entry(corpus, item["path"], label, item.get("min_severity"))
            if entry is None:
                print(f"warning: {label} entry missing on disk: {item['path']}", file=sys.stderr)
            else:
                entries.append(entry)
    return entries


def make_entry(corpus: Path, rel: str, label: str, min_severity: str | None) -> Entry | None:
    path = corpus / rel
    if path.is_dir():
        files = tuple(sorted(p for p in path.rglob("*") if p.is_file()))
    elif path.is_file():
        files = (path,)
    else:
        return None
    return Entry(rel, label, path, files, min_severity)


def anchor_bin(anchors: Path, venv: str, program: str) -> str | None:
    path = anchors / venv / "bin" / program
    return str(path) if path.exists() else None


def build_scanners(args: argparse.Namespace, scratch: Path) -> list[Scanner]:
    scanners: list[Scanner] = [Aiwarden(args.aiwarden)]
    picklescan = anchor_bin(args.anchors, "picklescan", "picklescan")
    if picklescan:
        scanners += [PicklescanDir(picklescan), PicklescanFile(picklescan)]
    modelscan = anchor_bin(args.anchors, "modelscan", "modelscan")
    if modelscan:
        scanners.append(Modelscan(modelscan, scratch))
    fickling = anchor_bin(args.anchors, "fickling", "fickling")
    if fickling:
        scanners.append(FicklingCli(fickling, scratch))
        python = anchor_bin(args.anchors, "fickling", "python")
        scanners.append(FicklingApi(python or "python", HERE / "fickling_api_scan.py"))
    return scanners


def package_version(python: str, *names: str) -> dict[str, str]:
    code = (
        "import importlib.metadata as m, json, sys\n"
        "out = {}\n"
        "for n in sys.argv[1:]:\n"
        "    try: out[n] = m.version(n)\n"
        "    except m.PackageNotFoundError: out[n] = 'not installed'\n"
        "print(json.dumps(out))"
    )
    proc = subprocess.run([python, "-c", code, *names], capture_output=True, text=True, check=False)
    return json.loads(proc.stdout) if proc.returncode == 0 else {n: "unknown" for n in names}


def tool_versions(args: argparse.Namespace) -> dict[str, dict[str, str]]:
    versions = {"aiwarden": package_version(sys.executable, "aiwarden", "torch", "numpy", "safetensors")}
    wanted = {
        "picklescan": ("picklescan", "numpy", "py7zr"),
        "modelscan": ("modelscan", "tensorflow", "h5py", "numpy"),
        "fickling": ("fickling",),
    }
    for venv, names in wanted.items():
        python = anchor_bin(args.anchors, venv, "python")
        versions[venv] = package_version(python, *names) if python else {"missing": str(args.anchors / venv)}
    return versions


def git_state() -> dict[str, str | bool]:
    """Commit of the checkout under test, and whether ``src`` differs from it."""
    repo = HERE.parent
    head = subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, text=True)
    status = subprocess.run(
        ["git", "-C", str(repo), "status", "--porcelain", "--", "src"], capture_output=True, text=True
    )
    return {"commit": head.stdout.strip() or "unknown", "src_modified": bool(status.stdout.strip())}


def machine() -> dict[str, Any]:
    return {
        "platform": platform.platform(),
        "cpu": cpu_model(),
        "cpu_count": os.cpu_count(),
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3, 1),
        "python": platform.python_version(),
        "rss_source": "GNU time -v" if has_gnu_time() else "wait4 rusage",
    }


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def run_pass(argvs: Sequence[Sequence[str]], cwd: Path, timeout: float) -> list[Run]:
    return [run_measured(argv, cwd, timeout) for argv in argvs]


def measure_corpus(
    scanner: Scanner, corpus: Path, entries: Sequence[Entry], args: argparse.Namespace, cwd: Path
) -> ToolResult:
    print(f"corpus: {scanner.name}", file=sys.stderr)
    detection = run_pass(scanner.detection_argvs(corpus, entries), cwd, args.timeout)
    judgements = scanner.judge(corpus, entries, detection)
    passes = [run_pass(scanner.corpus_argvs(corpus, entries), cwd, args.timeout) for _ in range(args.repeat)]
    exit_codes = sorted({run.returncode for run in detection})
    result = ToolResult(scanner.name, judgements, summarize(passes), exit_codes, detection)
    result.counts = count(judgements, entries)
    if isinstance(scanner, Aiwarden):
        result.counts["malicious_at_min_severity"] = at_min_severity(scanner, entries, detection[0])
    return result


def at_min_severity(scanner: Aiwarden, entries: Sequence[Entry], run: Run) -> int:
    """Malicious entries whose strongest aiwarden finding reaches the manifest's ``min_severity``."""
    highest = scanner.max_severity_by_entry(entries, run)
    return sum(
        1
        for e in entries
        if e.label == "malicious"
        and e.rel in highest
        and severity_rank(highest[e.rel]) >= severity_rank(e.min_severity or "high")
    )


def count(judgements: Judgements, entries: Sequence[Entry]) -> dict[str, int]:
    counts = {"malicious": 0, "benign": 0}
    for label in ("malicious", "benign"):
        verdicts = [judgements[e.rel].verdict for e in entries if e.label == label]
        counts[label] = len(verdicts)
        counts[f"{label}_det"] = verdicts.count(Verdict.DET)
        counts[f"{label}_det_err"] = verdicts.count(Verdict.DET) + verdicts.count(Verdict.ERR)
    return counts


def warm_cache(paths: Sequence[Path]) -> None:
    for path in paths:
        with path.open("rb") as handle:
            while handle.read(READ_CHUNK):
                pass


def measure_big(scanners: Sequence[Scanner], big: Path, args: argparse.Namespace, cwd: Path) -> list[BigResult]:
    files = [big / name for name in BIG_FILES if (big / name).is_file()]
    warm_cache(files)
    results: list[BigResult] = []
    for scanner in (s for s in scanners if s.big_files):
        for path in files:
            print(f"big: {scanner.name} {path.name}", file=sys.stderr)
            runs = [run_measured(scanner.file_argv(path), cwd, args.timeout) for _ in range(args.repeat)]
            verdict = scanner.describe(runs[0])
            timing = summarize([[run] for run in runs])
            results.append(BigResult(big_name(scanner), path.name, path.stat().st_size, timing, verdict))
    return results


def big_name(scanner: Scanner) -> str:
    return scanner.name.replace(" (per file)", "").replace(" (dir)", "")


def write_tiny_pickle(folder: Path) -> Path:
    """A 40-byte protocol-2 pickle of ``{'w': [0.0]}`` written byte by byte (nothing is unpickled)."""
    path = folder / "tiny.pkl"
    path.write_bytes(b"\x80\x02}q\x00X\x01\x00\x00\x00wq\x01]q\x02G\x00\x00\x00\x00\x00\x00\x00\x00as.")
    return path


def startup_commands(scanners: Sequence[Scanner], tiny: Path, aiwarden: str) -> list[tuple[str, list[str]]]:
    commands = [
        ("python -c pass", [sys.executable, "-c", "pass"]),
        ("aiwarden --help", [aiwarden, "--help"]),
        ("aiwarden scan tiny.pkl", [aiwarden, "scan", str(tiny), "--format", "json", "--no-progress"]),
    ]
    for scanner in scanners:
        if scanner.big_files and not isinstance(scanner, Aiwarden):
            commands.append((f"{big_name(scanner)} tiny.pkl", scanner.file_argv(tiny)))
    return commands


def measure_startup(commands: Sequence[tuple[str, list[str]]], runs: int, cwd: Path) -> list[StartupResult]:
    results: list[StartupResult] = []
    for label, argv in commands:
        print(f"start-up: {label}", file=sys.stderr)
        count_runs = SLOW_STARTUP_RUNS if label.startswith(SLOW_STARTUP_TOOLS) else runs
        if which("hyperfine"):
            results.append(hyperfine(label, argv, count_runs, cwd))
        else:
            results.append(loop_startup(label, argv, count_runs, cwd))
    return results


def hyperfine(label: str, argv: list[str], runs: int, cwd: Path) -> StartupResult:
    export = cwd / "hyperfine.json"
    options = ["-N", "-i", "--warmup", "2", "--runs", str(runs), "--style", "none"]
    command = ["hyperfine", *options, "--export-json", str(export), shlex.join(argv)]
    subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=True)
    data = json.loads(export.read_text(encoding="utf-8"))["results"][0]
    return StartupResult(label, shlex.join(argv), data["min"] * 1000, data["median"] * 1000, runs)


def loop_startup(label: str, argv: list[str], runs: int, cwd: Path) -> StartupResult:
    run_measured(argv, cwd)
    walls = [run_measured(argv, cwd).wall_s for _ in range(runs)]
    return StartupResult(label, shlex.join(argv), min(walls) * 1000, statistics.median(walls) * 1000, runs)


def ratio(value: float, base: float) -> str:
    return f"{value / base:.1f}x" if base > 0 else "n/a"


def corpus_table(results: Sequence[ToolResult]) -> list[str]:
    base = results[0].timing
    lines = [
        "| tool | malicious DET | malicious DET+ERR | benign DET (false alarms) | benign DET+ERR "
        "| wall min / median (s) | time vs aiwarden (min) | peak RSS (MB) | processes per pass |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        c, t = r.counts, r.timing
        lines.append(
            f"| {r.name} | {c['malicious_det']}/{c['malicious']} | {c['malicious_det_err']}/{c['malicious']} "
            f"| {c['benign_det']}/{c['benign']} | {c['benign_det_err']}/{c['benign']} "
            f"| {t.min_s:.2f} / {t.median_s:.2f} | {ratio(t.min_s, base.min_s)} | {t.max_rss_mb:.0f} "
            f"| {t.processes} |"
        )
    return lines


def big_table(results: Sequence[BigResult]) -> list[str]:
    base = {r.file: r.timing.min_s for r in results if r.tool == "aiwarden"}
    lines = [
        "| tool | file | wall min / median (s) | time vs aiwarden (min) | peak RSS (MB) | verdict |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        t = r.timing
        lines.append(
            f"| {r.tool} | {r.file} | {t.min_s:.2f} / {t.median_s:.2f} | {ratio(t.min_s, base.get(r.file, 0))} "
            f"| {t.max_rss_mb:.0f} | {r.verdict} |"
        )
    return lines


def startup_table(results: Sequence[StartupResult]) -> list[str]:
    lines = ["| command | min (ms) | median (ms) | runs |", "|---|---|---|---|"]
    lines += [f"| {r.label} | {r.min_ms:.0f} | {r.median_ms:.0f} | {r.runs} |" for r in results]
    return lines


def outliers(results: Sequence[ToolResult], entries: Sequence[Entry]) -> list[str]:
    """Malicious entries not detected and benign entries flagged, per tool."""
    lines: list[str] = []
    for r in results:
        verdicts = {e.rel: r.judgements[e.rel] for e in entries}
        missed = [
            f"{e.rel} ({verdicts[e.rel].verdict})"
            for e in entries
            if e.label == "malicious" and verdicts[e.rel].verdict != Verdict.DET
        ]
        flagged = [
            f"{e.rel}: {'; '.join(verdicts[e.rel].evidence)}"
            for e in entries
            if e.label == "benign" and verdicts[e.rel].verdict == Verdict.DET
        ]
        lines.append(f"{r.name}: missed {len(missed)}: {', '.join(missed) or '-'}")
        lines.append(f"{r.name}: benign flagged {len(flagged)}: {' | '.join(flagged) or '-'}")
    return lines


def aiwarden_benign_findings(entries: Sequence[Entry], args: argparse.Namespace, cwd: Path) -> dict[str, list[str]]:
    """Every aiwarden finding (any severity) on benign entries."""
    scanner = Aiwarden(args.aiwarden)
    run = run_measured(scanner.corpus_argvs(args.corpus, entries)[0], cwd, args.timeout)
    found = scanner.findings_by_entry(entries, run)
    return {e.rel: found[e.rel] for e in entries if e.label == "benign" and e.rel in found}


def raw_results(
    context: dict[str, Any],
    tools: Sequence[ToolResult],
    big: Sequence[BigResult],
    startup: Sequence[StartupResult],
) -> dict[str, Any]:
    return {
        **context,
        "tools": {
            t.name: {
                "counts": t.counts,
                "timing": t.timing.to_dict(),
                "detection_exit_codes": t.detection_exit_codes,
                "entries": {rel: j.to_dict() for rel, j in t.judgements.items()},
            }
            for t in tools
        },
        "big_files": [
            {
                "tool": b.tool,
                "file": b.file,
                "size_bytes": b.size_bytes,
                "timing": b.timing.to_dict(),
                "verdict": b.verdict,
            }
            for b in big
        ],
        "startup": [vars(s) for s in startup],
    }


def report(tools: Sequence[ToolResult], big: Sequence[BigResult], startup: Sequence[StartupResult]) -> str:
    sections = [
        ["## Corpus", *corpus_table(tools)],
        ["## Big files", *big_table(big)] if big else [],
        ["## Start-up", *startup_table(startup)],
    ]
    return "\n\n".join("\n".join(section) for section in sections if section)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    args.corpus = args.corpus.absolute()
    entries = load_entries(args.corpus)
    checkout = git_state()
    with tempfile.TemporaryDirectory(prefix="aiwarden-bench-") as scratch_name:
        scratch = Path(scratch_name)
        scanners = build_scanners(args, scratch)
        tools = [measure_corpus(s, args.corpus, entries, args, scratch) for s in scanners]
        big = measure_big(scanners, args.big.absolute(), args, scratch) if args.big else []
        commands = startup_commands(scanners, write_tiny_pickle(scratch), args.aiwarden)
        startup = measure_startup(commands, args.startup_runs, scratch)
        benign_findings = aiwarden_benign_findings(entries, args, scratch)
    print(report(tools, big, startup))
    print("\n## Misses and false alarms\n")
    print("\n".join(outliers(tools, entries)))
    print("\naiwarden findings of any severity on benign files:")
    print("\n".join(f"  {rel}: {'; '.join(found)}" for rel, found in benign_findings.items()) or "  none")
    if args.json:
        context = {
            "command": shlex.join([Path(sys.executable).name, *sys.argv]),
            "checkout": checkout,
            "machine": machine(),
            "versions": tool_versions(args),
            "corpus": {"path": str(args.corpus), "entries": len(entries)},
            "repeat": args.repeat,
            "aiwarden_benign_findings": benign_findings,
        }
        args.json.write_text(json.dumps(raw_results(context, tools, big, startup), indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
