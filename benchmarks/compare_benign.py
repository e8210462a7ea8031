"""False alarms of aiwarden and the anchor scanners on a benign-only corpus (real files from library releases).

The corpus is the folder written by ``scripts/corpus_real_benign.py build`` (or the committed subset in
``tests/corpus/real-benign``): a ``manifest.json`` listing every file with the release that wrote it. Each file
is one entry. A tool's false alarm is a DET verdict (the same judgement as ``compare_scanners.py``: aiwarden high
or critical, picklescan a dangerous import, modelscan any issue, fickling above LIKELY_SAFE); an error is ERR.
The report gives, per tool, false alarms and errors over the whole corpus and per library release, and lists
every aiwarden false alarm with its rule. No corpus file is loaded by this script.

    python benchmarks/compare_benign.py --corpus /tmp/aiwarden-real-benign/corpus --anchors /opt/anchors \
        --json /tmp/real-benign-results.json
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from compare_scanners import build_scanners, default_aiwarden, git_state, machine, tool_versions
from measure import Run, run_measured
from scanners import Aiwarden, Entry, Judgements, Scanner, Verdict, owner, parse_json, severity_rank

FP_TARGET = 0.01


@dataclass
class ToolOutcome:
    name: str
    judgements: Judgements
    wall_s: float
    processes: int
    runs: list[Run]


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True, help="folder holding manifest.json")
    parser.add_argument("--anchors", type=Path, default=Path("/opt/anchors"), help="anchor virtualenvs")
    parser.add_argument("--aiwarden", default=default_aiwarden(), help="aiwarden executable")
    parser.add_argument("--tools", nargs="*", help="only these tool names (e.g. aiwarden 'picklescan (dir)')")
    parser.add_argument("--json", type=Path, help="write the raw results here")
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds allowed per process")
    return parser.parse_args(argv)


def load(corpus: Path) -> tuple[list[Entry], dict[str, dict[str, str]]]:
    records = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))["files"]
    entries, by_path = [], {}
    for record in records:
        path = corpus / record["path"]
        if path.is_file():
            entries.append(Entry(record["path"], "benign", path, (path,)))
            by_path[record["path"]] = record
        else:
            print(f"warning: listed but missing: {record['path']}", file=sys.stderr)
    return entries, by_path


def release_of(record: dict[str, str]) -> str:
    """``py37 sklearn-0.22.2.post1``: the environment and the library folder the file was written in."""
    env, folder = record["path"].split("/")[:2]
    return f"{env} {folder}"


def measure(scanner: Scanner, corpus: Path, entries: Sequence[Entry], timeout: float, cwd: Path) -> ToolOutcome:
    print(f"benign corpus: {scanner.name}", file=sys.stderr)
    runs = [run_measured(argv, cwd, timeout) for argv in scanner.detection_argvs(corpus, entries)]
    judgements = scanner.judge(corpus, entries, runs)
    return ToolOutcome(scanner.name, judgements, sum(r.wall_s for r in runs), len(runs), runs)


def rate(count: int, total: int) -> str:
    return f"{100.0 * count / total:.2f}%" if total else "n/a"


def summary_table(outcomes: Sequence[ToolOutcome], by_path: dict[str, dict[str, str]]) -> list[str]:
    """Per tool: over all files, then over generated files and package test data separately (the ONNX
    backend's hundreds of node models would otherwise dilute the rate)."""
    subsets = {"all": set(by_path)}
    for source in sorted({r["source"] for r in by_path.values()}):
        subsets[source] = {p for p, r in by_path.items() if r["source"] == source}
    lines = ["| tool | files | false alarms (DET) | FP rate | errors (ERR) | DET+ERR rate | wall (s) | processes |",
             "|---|---|---|---|---|---|---|---|"]
    for o in outcomes:
        for label, paths in subsets.items():
            verdicts = Counter(j.verdict for p, j in o.judgements.items() if p in paths)
            det, err, total = verdicts[Verdict.DET], verdicts[Verdict.ERR], len(paths)
            whole = label == "all"
            name = o.name if whole else f"{o.name}: {label}"
            timing = f"{o.wall_s:.1f} | {o.processes}" if whole else " | "
            lines.append(f"| {name} | {total} | {det} | {rate(det, total)} | {err} | {rate(det + err, total)} "
                         f"| {timing} |")
    return lines


def size_table(by_path: dict[str, dict[str, str]]) -> list[str]:
    groups: dict[str, list[dict[str, str]]] = defaultdict(list)
    for record in by_path.values():
        groups[release_of(record)].append(record)
    lines = ["| environment | library release | files | python | source |", "|---|---|---|---|---|"]
    for key, records in sorted(groups.items()):
        env, folder = key.split(" ", 1)
        sources = ", ".join(sorted({r["source"] for r in records}))
        lines.append(f"| {env} | {folder} | {len(records)} | {records[0]['python']} | {sources} |")
    return lines


def per_release_table(outcomes: Sequence[ToolOutcome], by_path: dict[str, dict[str, str]]) -> list[str]:
    """Releases where some tool raised a false alarm or errored: DET/ERR counts per tool."""
    names = [o.name for o in outcomes]
    lines = ["| release | files | " + " | ".join(f"{n} DET/ERR" for n in names) + " |",
             "|---|---|" + "---|" * len(names)]
    groups: dict[str, list[str]] = defaultdict(list)
    for path, record in by_path.items():
        groups[release_of(record)].append(path)
    for key, paths in sorted(groups.items()):
        cells = []
        for o in outcomes:
            verdicts = Counter(o.judgements[p].verdict for p in paths)
            cells.append(f"{verdicts[Verdict.DET]}/{verdicts[Verdict.ERR]}")
        if any(c != "0/0" for c in cells):
            lines.append(f"| {key} | {len(paths)} | " + " | ".join(cells) + " |")
    return lines


def false_alarms(outcome: ToolOutcome, by_path: dict[str, dict[str, str]]) -> list[str]:
    return [f"  {path} [{by_path[path]['made_by']}; {by_path[path]['api']}]: {'; '.join(j.evidence)}"
            for path, j in sorted(outcome.judgements.items()) if j.verdict == Verdict.DET]


def aiwarden_alarm_details(outcome: ToolOutcome, entries: Sequence[Entry]) -> list[str]:
    """Every aiwarden finding at high or above on the corpus: severity, rule, file and message."""
    report = parse_json(outcome.runs[0].stdout) if outcome.runs else None
    lines = []
    for finding in (report or {}).get("findings", []):
        entry = owner(entries, finding["location"]["path"])
        if entry is not None and severity_rank(finding["severity"]) >= severity_rank("high"):
            lines.append(f"  {finding['severity']} {finding['rule_id']} {entry.rel}: {finding['message']}")
    return sorted(lines)


def errors(outcome: ToolOutcome) -> list[str]:
    return [f"  {path}: {'; '.join(j.evidence)}" for path, j in sorted(outcome.judgements.items())
            if j.verdict == Verdict.ERR]


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    args.corpus = args.corpus.absolute()
    args.corpus_label = str(args.corpus)
    entries, by_path = load(args.corpus)
    with tempfile.TemporaryDirectory(prefix="aiwarden-benign-") as scratch_name:
        scratch = Path(scratch_name)
        scanners = [s for s in build_scanners(args, scratch) if not args.tools or s.name in args.tools]
        outcomes = [measure(s, args.corpus, entries, args.timeout, scratch) for s in scanners]
    total = len(entries)
    print("## Corpus size by library release\n")
    print("\n".join(size_table(by_path)))
    print(f"\n## False alarms ({total} benign files; aiwarden target <= {FP_TARGET:.0%} at high+)\n")
    print("\n".join(summary_table(outcomes, by_path)))
    print("\n## Releases with a false alarm or error (DET/ERR per tool)\n")
    print("\n".join(per_release_table(outcomes, by_path)))
    for outcome in outcomes:
        alarms = false_alarms(outcome, by_path)
        if isinstance(next(iter(s for s in scanners if s.name == outcome.name)), Aiwarden) or len(alarms) <= 40:
            print(f"\n{outcome.name} false alarms ({len(alarms)}):")
            print("\n".join(alarms) or "  none")
        if outcome.name == "aiwarden":
            print("aiwarden findings at high or above, with their messages:")
            print("\n".join(aiwarden_alarm_details(outcome, entries)) or "  none")
        failed = errors(outcome)
        print(f"{outcome.name} errors ({len(failed)}):")
        print("\n".join(failed[:40]) or "  none")
    if args.json:
        raw: dict[str, Any] = {
            "command": shlex.join([Path(sys.executable).name, *sys.argv]),
            "checkout": git_state(),
            "machine": machine(),
            "versions": tool_versions(args),
            "corpus": {"path": str(args.corpus), "files": total},
            "tools": {o.name: {"wall_s": o.wall_s, "processes": o.processes,
                               "entries": {k: j.to_dict() for k, j in o.judgements.items()}} for o in outcomes},
        }
        args.json.write_text(json.dumps(raw, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
