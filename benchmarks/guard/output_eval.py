"""The output guard on an independent evaluation set (benchmarks/guard/output_eval/, held out by source), beside
detect-secrets 1.5.0 (default plugins) and a plain regex baseline for PII.

    .venv/bin/python benchmarks/guard/output_eval.py [--json benchmarks/guard/output_eval/results.json]

Every record's text goes through ``Guard(use_model=False).scan_output(text)`` with the default OutputContext
(no system prompt, canaries or allowed hosts). What counts:

- Positive (label 1), found: a finding of the record's kind (secrets: detector ``secrets``; pii: ``pii``; exfil:
  ``exfiltration`` or ``html``) whose span overlaps the labelled value in the text (a finding without a span counts).
  ``any``: such a finding of any severity above INFO. ``acted``: such a finding that redacts (it names a
  replacement) or blocks. ``blocking``: such a finding that blocks (severity HIGH or above, no replacement).
- Negative (label 0), false alarm, from any detector anywhere in the text: ``any``: a finding above INFO;
  ``acted``: the guard's action is redact or block; ``blocking``: the action is block.
- The headline figure is ``acted`` for secrets and PII (the value never reaches the user) and ``blocking`` for
  exfiltration (a redacted link is still rendered in some clients; the issue's bar is a blocking finding).
- detect-secrets: the text written to a file and scanned with ``scan_file`` under ``default_settings()``; a
  positive is found when a reported secret overlaps the value, a negative is a false alarm on any report.
- regex: one pattern each for emails, phones, card-like digit runs, SSN-shaped and long digit ids, and street
  addresses (house number + street word, either order); same overlap rule.

Latency: wall time of scan_output per text on one pinned core (the fastest of three runs), as ms per text (all
texts) and ms per 1,000 characters (texts of 400 characters or more).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from aiwarden.core.findings import Severity  # noqa: E402
from aiwarden.guard import Guard  # noqa: E402
from aiwarden.guard.types import GuardFinding  # noqa: E402

DATA = Path(__file__).resolve().parent / "output_eval" / "data"
KINDS = {"secrets": {"secrets"}, "pii": {"pii"}, "exfil": {"exfiltration", "html"}}
HEADLINE = {"secrets": "acted", "pii": "acted", "exfil": "blocking", "benign": "acted"}
MODES = ("any", "acted", "blocking")

MIN_CHARS_PER_KCHAR = 400
TIMING_REPEATS = 3
Span = tuple[int, int]
REGEX_PII = re.compile("|".join((
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+",  # email
    r"\+?\(?\d[\d\s().-]{6,}\d",  # phone, card, long digit ids
    r"\b\d{3}-\d{2}-\d{4}\b",  # SSN shape
    r"\b[A-Z]{1,6}\d{5,}[A-Z0-9]*\b",  # letter-prefixed ids
    r"(?i:\b\d{1,5}[a-z]?,?\s+(?:[\w'.-]+\s+){0,4}(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr"
    r"|court|ct|way|place|pl|highway|hwy|parkway|pkwy|rue|via|calle|avenida)\b\.?)",
    r"(?i:\b[\w'.-]+(?:stra(?:ss|ß)e|weg|gasse|platz|laan|straat|vej|gatan|katu)\s+\d+[a-z]?\b)",
)))


def load(paths: Iterable[Path]) -> list[dict[str, Any]]:
    return [json.loads(line) for path in paths for line in path.read_text(encoding="utf-8").splitlines()]


def value_span(record: dict[str, Any]) -> Span | None:
    value = record["value"]
    if value is None:
        return None
    start = record["text"].find(value)
    return (start, start + len(value)) if start >= 0 else None


def overlaps(span: Span | None, target: Span | None) -> bool:
    return span is None or target is None or (span[0] < target[1] and target[0] < span[1])


def _blocks(finding: GuardFinding) -> bool:
    return finding.severity >= Severity.HIGH and finding.replacement is None


def guard_verdicts(record: dict[str, Any], action: str, findings: list[GuardFinding]) -> dict[str, bool]:
    """{mode: flagged} for one record, by the rules in the module docstring."""
    if record["label"] == 1:
        target = value_span(record)
        mine = [f for f in findings if f.detector in KINDS[record["category"]] and overlaps(f.span, target)
                and f.severity > Severity.INFO]
        return {"any": bool(mine), "acted": any(f.replacement is not None or _blocks(f) for f in mine),
                "blocking": any(_blocks(f) for f in mine)}
    return {"any": any(f.severity > Severity.INFO for f in findings), "acted": action != "allow",
            "blocking": action == "block"}


def spans_hit(record: dict[str, Any], spans: list[Span]) -> bool:
    """Positive: a span overlaps the value; negative: any span at all."""
    if record["label"] == 0:
        return bool(spans)
    target = value_span(record)
    return any(overlaps(span, target) for span in spans)


def detect_secrets_spans(texts: list[str]) -> list[list[Span]]:
    from detect_secrets.core.scan import scan_file
    from detect_secrets.settings import default_settings

    out: list[list[Span]] = []
    with tempfile.TemporaryDirectory() as folder, default_settings():
        path = os.path.join(folder, "answer.txt")
        for text in texts:
            Path(path).write_text(text, encoding="utf-8")
            lines = text.split("\n")
            offsets = [sum(len(line) + 1 for line in lines[:n]) for n in range(len(lines))]
            spans: list[Span] = []
            for secret in scan_file(path):
                line_start = offsets[secret.line_number - 1]
                value = secret.secret_value or ""
                at = lines[secret.line_number - 1].find(value) if value else -1
                spans.append((line_start + at, line_start + at + len(value)) if at >= 0
                             else (line_start, line_start + len(lines[secret.line_number - 1])))
            out.append(spans)
    return out


def regex_spans(text: str) -> list[Span]:
    return [m.span() for m in REGEX_PII.finditer(text)]


def _pin_one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def run_guard(records: list[dict[str, Any]]) -> tuple[list[dict[str, bool]], list[float], list[float]]:
    guard = Guard(use_model=False)
    for record in records[:50]:  # warm the imports and compiled patterns
        guard.scan_output(record["text"])
    verdicts, per_text, per_kchar = [], [], []
    for record in records:
        result = guard.scan_output(record["text"])
        elapsed = math.inf
        for _ in range(TIMING_REPEATS):  # the fastest of a few runs: other processes on a shared core add noise
            started = time.perf_counter()
            guard.scan_output(record["text"])
            elapsed = min(elapsed, (time.perf_counter() - started) * 1000)
        per_text.append(elapsed)
        if len(record["text"]) >= MIN_CHARS_PER_KCHAR:  # a short text's fixed cost, scaled up, says nothing
            per_kchar.append(elapsed * 1000 / len(record["text"]))
        verdicts.append(guard_verdicts(record, result.action, result.findings))
    return verdicts, per_text, per_kchar


def rate(rows: list[tuple[dict[str, Any], bool | None]]) -> dict[str, Any]:
    rows = [(record, flag) for record, flag in rows if flag is not None]
    hits = sum(bool(flag) for _, flag in rows)
    return {"n": len(rows), "flagged": hits, "rate": round(hits / len(rows), 4) if rows else None}


def slices(records: list[dict[str, Any]]) -> dict[str, Callable[[dict[str, Any]], str | None]]:
    """Ways of grouping records: each maps a record to its group name (None: not in this grouping)."""
    return {
        "category": lambda r: f"{r['category']}/{'positives' if r['label'] else 'negatives'}",
        "source": lambda r: f"{r['source']}/{'positives' if r['label'] else 'negatives'}",
        "pii_subtype": lambda r: (f"{r['subtype']}/{'positives' if r['label'] else 'negatives'}"
                                  if r["category"] == "pii" else None),
    }


def tabulate(records: list[dict[str, Any]], systems: dict[str, list[bool | None]]) -> dict[str, dict[str, Any]]:
    table: dict[str, dict[str, Any]] = {}
    for grouping, key in slices(records).items():
        groups: dict[str, list[int]] = defaultdict(list)
        for n, record in enumerate(records):
            name = key(record)
            if name is not None:
                groups[name].append(n)
        table[grouping] = {name: {system: rate([(records[n], flags[n]) for n in members])
                                  for system, flags in systems.items()}
                           for name, members in sorted(groups.items())}
    return table


def print_table(table: dict[str, dict[str, Any]], systems: list[str]) -> None:
    for grouping, groups in table.items():
        print(f"\n== {grouping}: recall on positives, false-alarm rate on negatives")
        print(f"{'group':52} {'n':>5} " + " ".join(f"{s:>15}" for s in systems))
        for name, cells in groups.items():
            n = next(iter(cells.values()))["n"]
            row = " ".join(f"{cells[s]['rate']:>15.3f}" if cells[s]["rate"] is not None else f"{'-':>15}"
                           for s in systems)
            print(f"{name:52} {n:>5} {row}")


def _percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=1000)[int(q * 1000) - 1] if len(values) > 1 else values[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", type=Path, default=Path(__file__).resolve().parent / "output_eval" / "results.json")
    parser.add_argument("--no-detect-secrets", action="store_true", help="skip the detect-secrets baseline")
    args = parser.parse_args()
    _pin_one_core()
    records = load(sorted(DATA.glob("*.jsonl")))
    verdicts, per_text, per_kchar = run_guard(records)
    systems: dict[str, list[bool | None]] = {f"guard:{mode}": [v[mode] for v in verdicts] for mode in MODES}
    if not args.no_detect_secrets:
        found = detect_secrets_spans([r["text"] for r in records])
        systems["detect-secrets"] = [spans_hit(r, s) for r, s in zip(records, found, strict=True)]
    # The PII regexes judge PII positives and every negative; other positives are not theirs to find.
    systems["regex-pii"] = [spans_hit(r, regex_spans(r["text"])) if r["category"] == "pii" or r["label"] == 0
                            else None for r in records]
    table = tabulate(records, systems)
    print_table(table, list(systems))
    latency = {"ms_per_text": {"p50": round(statistics.median(per_text), 4),
                               "p99": round(_percentile(per_text, 0.99), 4)},
               "ms_per_1000_chars": {"p50": round(statistics.median(per_kchar), 4),
                                     "p99": round(_percentile(per_kchar, 0.99), 4)},
               "mean_chars": round(statistics.mean(len(r["text"]) for r in records), 1),
               "texts_per_1000_chars": len(per_kchar)}
    print(f"\nlatency: {latency}")
    headline = {category: f"guard:{mode}" for category, mode in HEADLINE.items()}
    misses = {system: sorted(r["id"] for r, flag in zip(records, flags, strict=True) if flag != bool(r["label"]))
              for system, flags in systems.items() if system.startswith("guard:")}
    args.json.write_text(json.dumps({"records": len(records), "headline_mode": headline, "table": table,
                                     "latency": latency, "errors": misses}, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
