"""Real benign files written by real library releases (Python 2.7 to 3.11, old and new versions) and data files
that packages ship for their own tests: none may be reported high or critical, and none may make the scanner error.

The files are a committed subset of ``scripts/corpus_real_benign.py``'s corpus; ``manifest.json`` names the
release that wrote each one. The full corpus is measured by ``benchmarks/compare_benign.py``."""

import json
import os
from pathlib import Path

import pytest

from aiwarden.core.findings import Report, Severity
from aiwarden.scan.engine import ScanOptions, scan_paths

CORPUS = Path(__file__).parent / "corpus" / "real-benign"


def _entries() -> list[dict[str, str]]:
    files: list[dict[str, str]] = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))["files"]
    return files


@pytest.fixture(scope="module")
def report() -> Report:
    return scan_paths([str(CORPUS)], ScanOptions(jobs=2))


def test_manifest_matches_the_files_on_disk() -> None:
    listed = {e["path"] for e in _entries()}
    on_disk = {str(p.relative_to(CORPUS)) for p in CORPUS.rglob("*") if p.is_file()} - {"manifest.json"}
    assert listed == on_disk


def test_every_entry_names_its_source_and_licence() -> None:
    for entry in _entries():
        assert entry["made_by"] and entry["licence"], entry
        assert entry["source"] in {"generated", "package test data"}, entry


@pytest.mark.parametrize("entry", _entries(), ids=lambda e: e["path"])
def test_real_benign_file_is_not_flagged_high(report: Report, entry: dict[str, str]) -> None:
    target = str(CORPUS / entry["path"])
    hits = [f for f in report.findings
            if f.severity >= Severity.HIGH and (f.location.path == target or f.location.path.startswith(target + os.sep)
                                                or f.location.path.startswith(target + ":"))]
    assert hits == [], [(f.rule_id, str(f.severity), f.message) for f in hits]


def test_no_scan_errors(report: Report) -> None:
    assert report.errors == []
