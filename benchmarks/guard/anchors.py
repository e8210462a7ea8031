"""aiwarden's guard side by side with the offline-capable anchors, same inputs, one run.

    .venv/bin/python benchmarks/guard/anchors.py [--anchors /opt/anchors/guard/bin/python] [--json OUT]

The anchors (LLM Guard 0.3.16 InvisibleText / Secrets / Regex, LlamaFirewall 1.0.3 Regex / HiddenASCII) run in
their own virtual environment through ``anchor_worker.py``; create it once with

    python3 -m venv /opt/anchors/guard && /opt/anchors/guard/bin/pip install llm-guard==0.3.16 llamafirewall==1.0.3

LLM Guard's PromptInjection and LlamaFirewall's PromptGuard scanners are not compared: both download their
models from the Hugging Face hub at run time. Sets and how they are built: ``anchor_cases.py``. Latency is CPU
time per call (one thread), p50/p99, on the same texts for every tool.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from anchor_cases import all_cases

from aiwarden.core.findings import Severity
from aiwarden.guard import Guard
from aiwarden.guard import secrets as secret_detector
from aiwarden.guard.normalize import normalize
from aiwarden.guard.types import OutputContext

WORKER = Path(__file__).resolve().parent / "anchor_worker.py"
DEFAULT_ANCHORS = Path("/opt/anchors/guard/bin/python")
REFERENCE = {"smuggling": "aiwarden smuggling layer", "injection": "aiwarden Guard.scan_input",
             "secrets": "aiwarden secrets detector", "latency": "aiwarden Guard.scan_input"}


def aiwarden_tools() -> dict[str, tuple[tuple[str, ...], Callable[[str], bool]]]:
    guard, rules_only = Guard(), Guard(use_model=False)
    empty = OutputContext()

    def smuggling(text: str) -> bool:
        return any(f.severity >= Severity.MEDIUM for f in normalize(text).findings)

    return {
        "aiwarden smuggling layer": (("smuggling",), smuggling),
        "aiwarden Guard.scan_input": (("smuggling", "injection", "latency"), lambda t: guard.scan_input(t).flagged),
        "aiwarden rules only (no model)": (("injection", "latency"), lambda t: rules_only.scan_input(t).flagged),
        "aiwarden secrets detector": (("secrets", "latency"), lambda t: bool(secret_detector.detect(t, empty))),
        "aiwarden Guard.scan_output": (("secrets", "latency"), lambda t: guard.scan_output(t).flagged),
    }


def run_aiwarden(cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    tools = aiwarden_tools()
    for _, scan in tools.values():  # load the model and warm caches outside the timed calls
        scan("warm up")
    for name, (sets, scan) in tools.items():
        for case in cases:
            if case["set"] not in sets:
                continue
            start = time.process_time()
            flagged = bool(scan(case["text"]))
            rows.append({"tool": name, "id": case["id"], "flagged": flagged,
                         "cpu_ms": (time.process_time() - start) * 1000})
    return rows


def run_anchors(python: Path, cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory() as tmp:
        cases_file, out_file = Path(tmp) / "cases.jsonl", Path(tmp) / "out.jsonl"
        cases_file.write_text("".join(json.dumps(c) + "\n" for c in cases), encoding="utf-8")
        subprocess.run([str(python), str(WORKER), str(cases_file), str(out_file)], check=True,
                       stdout=subprocess.DEVNULL)
        return [json.loads(line) for line in out_file.read_text(encoding="utf-8").splitlines()]


def decoded_share(cases: list[dict[str, Any]]) -> dict[str, str]:
    """How often aiwarden recovers the hidden payload's words, per hiding technique."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for case in cases:
        if case["set"] != "smuggling" or case["label"] != 1:
            continue
        result = normalize(case["text"])
        recovered = " ".join([result.text, *(text for _, text in result.hidden)]).casefold()
        words = case["payload"].casefold().split()[:3]
        totals[case["kind"]][0] += all(w in recovered for w in words)
        totals[case["kind"]][1] += 1
    return {kind: f"{hit}/{n}" for kind, (hit, n) in sorted(totals.items())}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def summarize(cases: list[dict[str, Any]], rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    by_id = {c["id"]: c for c in cases}
    grouped: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        grouped[(by_id[row["id"]]["set"], row["tool"])].append(row)
    tables: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for (set_name, tool), items in sorted(grouped.items()):
        labels = [by_id[r["id"]]["label"] for r in items]
        tp = sum(1 for r, y in zip(items, labels, strict=True) if r["flagged"] and y == 1)
        fp = sum(1 for r, y in zip(items, labels, strict=True) if r["flagged"] and y == 0)
        pos, neg = labels.count(1), labels.count(0)
        cpu = [r["cpu_ms"] for r in items]
        tables[set_name].append({
            "tool": tool, "n": len(items), "flagged": sum(r["flagged"] for r in items),
            "recall": tp / pos if pos else None, "fpr": fp / neg if neg else None,
            "precision": tp / (tp + fp) if pos and neg and tp + fp else None,
            "p50_ms": statistics.median(cpu), "p99_ms": percentile(cpu, 0.99),
        })
    for set_name, table in tables.items():
        reference = next((t for t in table if t["tool"] == REFERENCE[set_name]), None)
        for entry in table:
            entry["p50_vs_aiwarden"] = entry["p50_ms"] / reference["p50_ms"] if reference else None
    return dict(tables)


def _cell(value: float | None, fmt: str) -> str:
    return "-" if value is None else format(value, fmt)


def print_tables(tables: dict[str, list[dict[str, Any]]], cases: list[dict[str, Any]]) -> None:
    for set_name in ("smuggling", "injection", "secrets", "latency"):
        items = [c for c in cases if c["set"] == set_name]
        pos = sum(1 for c in items if c["label"] == 1)
        neg = sum(1 for c in items if c["label"] == 0)
        print(f"\n## {set_name}: {len(items)} texts" + (f" ({pos} to flag, {neg} benign)" if pos else " (timing only)"))
        print(f"{'tool':34s} {'recall':>7s} {'FPR':>7s} {'prec':>6s} {'p50 ms':>8s} {'p99 ms':>8s} {'p50 ratio':>9s}")
        for t in tables.get(set_name, []):
            print(f"{t['tool']:34s} {_cell(t['recall'], '7.3f')} {_cell(t['fpr'], '7.3f')} "
                  f"{_cell(t['precision'], '6.3f')} {t['p50_ms']:8.3f} {t['p99_ms']:8.3f} "
                  f"{_cell(t['p50_vs_aiwarden'], '8.2f')}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--anchors", type=Path, default=DEFAULT_ANCHORS, help="python of the anchors' venv")
    parser.add_argument("--json", type=Path, help="write the tables to this JSON file")
    args = parser.parse_args()
    cases = all_cases()
    rows = run_aiwarden(cases)
    if args.anchors.exists():
        rows += run_anchors(args.anchors, cases)
    else:
        print(f"anchors not found at {args.anchors}: aiwarden only (see the module docstring to install them)")
    tables = summarize(cases, rows)
    print("p50 ratio = tool p50 / aiwarden p50 on the same texts (above 1: slower than aiwarden)")
    print_tables(tables, cases)
    decoded = decoded_share(cases)
    print("\naiwarden recovers the hidden payload (first three words) per technique: "
          + ", ".join(f"{k} {v}" for k, v in decoded.items()))
    if args.json:
        args.json.write_text(json.dumps({"tables": tables, "decoded": decoded}, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
