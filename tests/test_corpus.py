"""The committed corpus as a gate: every malicious file flagged at the severity its technique deserves,
no benign file flagged high or critical, and nothing executed (the canary directory stays empty)."""

import json
import os
from pathlib import Path

import pytest

from aiwarden.core.findings import Report, Severity
from aiwarden.scan.engine import ScanOptions, scan_paths

CORPUS = Path(__file__).parent / "corpus"
CANARY = Path("/tmp/aiwarden-canary")


def _manifest(kind: str) -> list[dict[str, str]]:
    entries: list[dict[str, str]] = json.loads((CORPUS / f"manifest-{kind}.json").read_text())["files"]
    return entries


@pytest.fixture(scope="module")
def report() -> Report:
    before = set(os.listdir(CANARY)) if CANARY.exists() else set()
    result = scan_paths([str(CORPUS / "malicious"), str(CORPUS / "benign")], ScanOptions(jobs=2))
    after = set(os.listdir(CANARY)) if CANARY.exists() else set()
    assert after == before, f"scanning executed a payload: {sorted(after - before)}"
    return result


def _worst_for(report: Report, relpath: str) -> Severity | None:
    target = str(CORPUS / relpath)
    hits = [f.severity for f in report.findings if f.location.path == target or
            f.location.path.startswith(target + os.sep)]
    return max(hits, default=None)


@pytest.mark.parametrize("entry", _manifest("malicious"), ids=lambda e: e["path"])
def test_malicious_file_is_flagged(report: Report, entry: dict[str, str]) -> None:
    worst = _worst_for(report, entry["path"])
    assert worst is not None, f"missed: {entry['technique']}"
    assert worst >= Severity.parse(entry["min_severity"]), f"{entry['technique']}: only {worst}"


@pytest.mark.parametrize("entry", _manifest("benign"), ids=lambda e: e["path"])
def test_benign_file_is_not_flagged_high(report: Report, entry: dict[str, str]) -> None:
    worst = _worst_for(report, entry["path"])
    assert worst is None or worst < Severity.HIGH, [
        (f.rule_id, f.message) for f in report.findings if entry["path"] in f.location.path
    ]


def test_no_errors_and_nothing_unexpectedly_skipped(report: Report) -> None:
    assert report.errors == []
    skipped = {Path(s.path).name for s in report.skipped}
    assert skipped <= {"weights.bin", "README.md"}, skipped


def test_corpus_size_meets_the_bar() -> None:
    assert len(_manifest("malicious")) >= 40
    assert len(_manifest("benign")) >= 25
