"""The scanners under comparison: how each is invoked and how its output becomes a per-entry verdict.

Verdicts follow the definitions used for the anchors in the research notes:
DET = reported as dangerous/unsafe; ERR = error or failure exit without a finding; clean otherwise.
"""

from __future__ import annotations

import enum
import json
import os
import re
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from measure import Run

SEVERITY_ORDER = ("info", "low", "medium", "high", "critical")
AIWARDEN_DET_SEVERITY = "high"
MAX_EVIDENCE = 4
PICKLESCAN_DANGEROUS = re.compile(r"^(?P<id>.+): dangerous import '(?P<what>.*)' FOUND")
PICKLESCAN_ERROR = re.compile(r"^ERROR: parsing pickle in (?P<id>.+?): ")
PICKLESCAN_SCANNING = "Scanning file "
PICKLESCAN_ABORT = "Unhandled exception"
PICKLESCAN_DANGEROUS_COUNT = re.compile(r"^Dangerous globals: (\d+)", re.MULTILINE)
FICKLING_EXIT = {0: "LIKELY_SAFE", 1: "unsafe", 2: "error"}
FICKLING_SEVERITIES = (
    "LIKELY_SAFE",
    "POSSIBLY_UNSAFE",
    "SUSPICIOUS",
    "LIKELY_UNSAFE",
    "LIKELY_OVERTLY_MALICIOUS",
    "OVERTLY_MALICIOUS",
)


class Verdict(enum.StrEnum):
    DET = "DET"
    ERR = "ERR"
    CLEAN = "clean"


@dataclass(frozen=True)
class Entry:
    """One manifest entry: a file or a folder, with the regular files a per-file tool is given."""

    rel: str
    label: str
    path: Path
    files: tuple[Path, ...]
    min_severity: str | None = None


@dataclass(frozen=True)
class Judgement:
    verdict: Verdict
    evidence: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"verdict": str(self.verdict), "evidence": list(self.evidence)}


Judgements = dict[str, Judgement]


def norm(path: str | Path) -> str:
    return os.path.normpath(os.path.abspath(path))


def owner(entries: Sequence[Entry], path: str) -> Entry | None:
    """The entry that ``path`` (a file path, possibly with ``:member``) belongs to."""
    for entry in entries:
        root = norm(entry.path)
        if path == root or path.startswith((root + os.sep, root + ":")):
            return entry
    return None


def combine(entries: Sequence[Entry], hits: dict[str, list[str]], errors: dict[str, list[str]]) -> Judgements:
    result: Judgements = {}
    for entry in entries:
        if hits.get(entry.rel):
            result[entry.rel] = Judgement(Verdict.DET, tuple(hits[entry.rel][:MAX_EVIDENCE]))
        elif errors.get(entry.rel):
            result[entry.rel] = Judgement(Verdict.ERR, tuple(errors[entry.rel][:MAX_EVIDENCE]))
        else:
            result[entry.rel] = Judgement(Verdict.CLEAN)
    return result


def add(bucket: dict[str, list[str]], entry: Entry | None, text: str) -> None:
    if entry is not None:
        bucket.setdefault(entry.rel, []).append(text)


def all_files(entries: Iterable[Entry]) -> list[Path]:
    return [path for entry in entries for path in entry.files]


def scratch_file(folder: Path, suffix: str) -> str:
    handle, name = tempfile.mkstemp(prefix="out-", suffix=suffix, dir=folder)
    os.close(handle)
    return name


def read_json_file(name: str) -> Any:
    try:
        with open(name, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return None


def read_json_objects(name: str) -> list[Any]:
    """Every JSON value in a file holding several concatenated ones (fickling's stacked-pickle output)."""
    try:
        text = Path(name).read_text(encoding="utf-8")
    except OSError:
        return []
    decoder, objects, index = json.JSONDecoder(), [], 0
    while index < len(text):
        try:
            value, index = decoder.raw_decode(text, index)
        except ValueError:
            break
        objects.append(value)
        while index < len(text) and text[index].isspace():
            index += 1
    return objects


def fickling_severity(name: str) -> str | None:
    """The highest severity among the objects of a fickling ``--json-output`` file."""
    found = [o.get("severity") for o in read_json_objects(name) if isinstance(o, dict)]
    ranked = [s for s in found if s in FICKLING_SEVERITIES]
    return max(ranked, key=FICKLING_SEVERITIES.index) if ranked else None


class Scanner(ABC):
    """A tool run over the whole corpus (one or many processes) and over single big files."""

    name: str
    big_files: bool = True

    @abstractmethod
    def corpus_argvs(self, corpus: Path, entries: Sequence[Entry]) -> list[list[str]]:
        """The processes of one timed pass over the corpus."""

    def detection_argvs(self, corpus: Path, entries: Sequence[Entry]) -> list[list[str]]:
        """The processes of the pass whose output is judged (may be more verbose than timed passes)."""
        return self.corpus_argvs(corpus, entries)

    @abstractmethod
    def judge(self, corpus: Path, entries: Sequence[Entry], runs: Sequence[Run]) -> Judgements:
        """Per-entry verdicts from the detection pass."""

    @abstractmethod
    def file_argv(self, path: Path) -> list[str]:
        """Scan one file (big-file and start-up measurements)."""

    @abstractmethod
    def describe(self, run: Run) -> str:
        """A short verdict for one single-file run."""


class Aiwarden(Scanner):
    name = "aiwarden"

    def __init__(self, executable: str) -> None:
        self.executable = executable

    def _argv(self, target: Path) -> list[str]:
        return [self.executable, "scan", str(target), "--format", "json", "--no-progress"]

    def corpus_argvs(self, corpus: Path, entries: Sequence[Entry]) -> list[list[str]]:
        return [self._argv(corpus)]

    def file_argv(self, path: Path) -> list[str]:
        return self._argv(path)

    def judge(self, corpus: Path, entries: Sequence[Entry], runs: Sequence[Run]) -> Judgements:
        report = parse_json(runs[0].stdout)
        hits: dict[str, list[str]] = {}
        errors: dict[str, list[str]] = {}
        if report is None:
            for entry in entries:
                add(errors, entry, f"exit {runs[0].returncode}, no JSON report")
            return combine(entries, hits, errors)
        for finding in report.get("findings", []):
            if severity_rank(finding["severity"]) >= severity_rank(AIWARDEN_DET_SEVERITY):
                add(hits, owner(entries, norm(finding["location"]["path"])), finding_text(finding))
        for error in report.get("errors", []):
            add(errors, owner(entries, norm(error["path"])), f"error: {error['message']}")
        return combine(entries, hits, errors)

    def max_severity_by_entry(self, entries: Sequence[Entry], run: Run) -> dict[str, str]:
        """The highest finding severity reported for each entry that has findings."""
        report = parse_json(run.stdout) or {}
        highest: dict[str, str] = {}
        for finding in report.get("findings", []):
            entry = owner(entries, norm(finding["location"]["path"]))
            if entry is None:
                continue
            current = highest.get(entry.rel)
            if current is None or severity_rank(finding["severity"]) > severity_rank(current):
                highest[entry.rel] = finding["severity"]
        return highest

    def findings_by_entry(self, entries: Sequence[Entry], run: Run) -> dict[str, list[str]]:
        """Every finding of any severity, by entry (used to list what benign files triggered)."""
        report = parse_json(run.stdout) or {}
        found: dict[str, list[str]] = {}
        for finding in report.get("findings", []):
            add(found, owner(entries, norm(finding["location"]["path"])), finding_text(finding))
        return found

    def describe(self, run: Run) -> str:
        report = parse_json(run.stdout)
        if report is None:
            return f"exit {run.returncode}, no report"
        findings = report.get("findings", [])
        rules = sorted({f"{f['rule_id']} ({f['severity']})" for f in findings})
        text = f"exit {run.returncode}, {len(findings)} finding(s)"
        text += f", {len(report.get('skipped', []))} skipped, {len(report.get('errors', []))} error(s)"
        return text + (": " + ", ".join(rules) if rules else "")


def parse_json(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return None


def severity_rank(name: str) -> int:
    return SEVERITY_ORDER.index(name.lower())


def finding_text(finding: dict[str, Any]) -> str:
    member = finding["location"].get("member")
    where = f" [{member}]" if member else ""
    return f"{finding['severity']} {finding['rule_id']}{where}"


class PicklescanDir(Scanner):
    """``picklescan -p CORPUS``; the judged pass runs at DEBUG level to attribute 7z temp paths."""

    name = "picklescan (dir)"
    big_files = False

    def __init__(self, executable: str) -> None:
        self.executable = executable

    def corpus_argvs(self, corpus: Path, entries: Sequence[Entry]) -> list[list[str]]:
        return [[self.executable, "-p", str(corpus)]]

    def detection_argvs(self, corpus: Path, entries: Sequence[Entry]) -> list[list[str]]:
        return [[self.executable, "-p", str(corpus), "-l", "DEBUG"]]

    def file_argv(self, path: Path) -> list[str]:
        return [self.executable, "-p", str(path)]

    def judge(self, corpus: Path, entries: Sequence[Entry], runs: Sequence[Run]) -> Judgements:
        walked = {norm(path) for path in all_files(entries)}
        hits: dict[str, list[str]] = {}
        errors: dict[str, list[str]] = {}
        current: Entry | None = None
        for line in runs[0].stdout.splitlines():
            if line.startswith(PICKLESCAN_SCANNING) and norm(line[len(PICKLESCAN_SCANNING) :]) in walked:
                current = owner(entries, norm(line[len(PICKLESCAN_SCANNING) :]))
            elif match := PICKLESCAN_DANGEROUS.match(line):
                add(hits, current, f"dangerous {match['what']}")
            elif PICKLESCAN_ERROR.match(line):
                add(errors, current, line[:200])
            elif line.startswith(PICKLESCAN_ABORT):
                add(errors, current, "unhandled exception: directory scan aborted")
        return combine(entries, hits, errors)

    def describe(self, run: Run) -> str:
        return describe_picklescan(run)


def describe_picklescan(run: Run) -> str:
    match = PICKLESCAN_DANGEROUS_COUNT.search(run.stdout)
    count = match.group(1) if match else "?"
    return f"exit {run.returncode}, dangerous globals: {count}"


class PicklescanFile(Scanner):
    name = "picklescan (per file)"

    def __init__(self, executable: str) -> None:
        self.executable = executable

    def corpus_argvs(self, corpus: Path, entries: Sequence[Entry]) -> list[list[str]]:
        return [self.file_argv(path) for path in all_files(entries)]

    def file_argv(self, path: Path) -> list[str]:
        return [self.executable, "-p", str(path)]

    def judge(self, corpus: Path, entries: Sequence[Entry], runs: Sequence[Run]) -> Judgements:
        hits: dict[str, list[str]] = {}
        errors: dict[str, list[str]] = {}
        for path, run in zip(all_files(entries), runs, strict=True):
            entry = owner(entries, norm(path))
            dangerous = [m["what"] for m in map(PICKLESCAN_DANGEROUS.match, run.stdout.splitlines()) if m]
            if dangerous or run.returncode == 1:
                add(hits, entry, f"exit {run.returncode}: dangerous {', '.join(dangerous)}")
            elif run.returncode != 0:
                add(errors, entry, f"exit {run.returncode}")
        return combine(entries, hits, errors)

    def describe(self, run: Run) -> str:
        return describe_picklescan(run)


class Modelscan(Scanner):
    """``modelscan -p PATH -r json --show-skipped -o OUT``."""

    name = "modelscan (dir)"

    def __init__(self, executable: str, scratch: Path) -> None:
        self.executable = executable
        self.scratch = scratch

    def _argv(self, target: Path) -> list[str]:
        out = scratch_file(self.scratch, ".json")
        return [self.executable, "-p", str(target), "-r", "json", "--show-skipped", "-o", out]

    def corpus_argvs(self, corpus: Path, entries: Sequence[Entry]) -> list[list[str]]:
        return [self._argv(corpus)]

    def file_argv(self, path: Path) -> list[str]:
        return self._argv(path)

    def judge(self, corpus: Path, entries: Sequence[Entry], runs: Sequence[Run]) -> Judgements:
        report = read_json_file(runs[0].argv[-1])
        hits: dict[str, list[str]] = {}
        errors: dict[str, list[str]] = {}
        if report is None:
            for entry in entries:
                add(errors, entry, f"exit {runs[0].returncode}, no JSON report")
            return combine(entries, hits, errors)
        for issue in report.get("issues", []):
            text = f"{issue.get('severity')} {issue.get('module')}.{issue.get('operator')}"
            add(hits, owner(entries, norm(corpus / issue.get("source", ""))), text)
        for error in report.get("errors", []):
            if "source" in error:
                text = f"{error.get('category')}: {str(error.get('description'))[:120]}"
                add(errors, owner(entries, norm(corpus / error["source"])), text)
        return combine(entries, hits, errors)

    def describe(self, run: Run) -> str:
        report = read_json_file(run.argv[-1])
        if report is None:
            return f"exit {run.returncode}, no report"
        skipped = report.get("summary", {}).get("skipped", {}).get("total_skipped", 0)
        issues, errs = len(report.get("issues", [])), len(report.get("errors", []))
        return f"exit {run.returncode}, {issues} issue(s), {errs} error(s), {skipped} skipped"


class FicklingCli(Scanner):
    """``fickling --check-safety --json-output OUT FILE``, one process per file.

    Exit 1 counts as DET only with a written report: an uncaught exception also exits 1, without one.
    """

    name = "fickling CLI (per file)"

    def __init__(self, executable: str, scratch: Path) -> None:
        self.executable = executable
        self.scratch = scratch

    def corpus_argvs(self, corpus: Path, entries: Sequence[Entry]) -> list[list[str]]:
        return [self.file_argv(path) for path in all_files(entries)]

    def file_argv(self, path: Path) -> list[str]:
        return [self.executable, "--check-safety", "--json-output", scratch_file(self.scratch, ".json"), str(path)]

    def judge(self, corpus: Path, entries: Sequence[Entry], runs: Sequence[Run]) -> Judgements:
        hits: dict[str, list[str]] = {}
        errors: dict[str, list[str]] = {}
        for path, run in zip(all_files(entries), runs, strict=True):
            entry = owner(entries, norm(path))
            severity = fickling_severity(run.argv[3])
            if run.returncode == 1 and severity is not None:
                add(hits, entry, f"exit 1: {severity}")
            elif run.returncode == 1:
                add(errors, entry, "exit 1 without a report (uncaught exception)")
            elif run.returncode != 0:
                add(errors, entry, f"exit {run.returncode}")
        return combine(entries, hits, errors)

    def describe(self, run: Run) -> str:
        severity = fickling_severity(run.argv[3]) or "no report"
        return f"exit {run.returncode} ({FICKLING_EXIT.get(run.returncode, 'other')}), {severity}"


class FicklingApi(Scanner):
    """``scan_zip_archive`` / ``scan_file`` (graceful) in one process over every file."""

    name = "fickling API"

    def __init__(self, python: str, script: Path) -> None:
        self.python = python
        self.script = script

    def corpus_argvs(self, corpus: Path, entries: Sequence[Entry]) -> list[list[str]]:
        return [[self.python, str(self.script), *map(str, all_files(entries))]]

    def file_argv(self, path: Path) -> list[str]:
        return [self.python, str(self.script), str(path)]

    def judge(self, corpus: Path, entries: Sequence[Entry], runs: Sequence[Run]) -> Judgements:
        hits: dict[str, list[str]] = {}
        errors: dict[str, list[str]] = {}
        for record in map(parse_json, runs[0].stdout.splitlines()):
            if not isinstance(record, dict):
                continue
            entry = owner(entries, norm(record["path"]))
            if record.get("detected"):
                add(hits, entry, f"{record['severity']}" + (" (with errors)" if record["errors"] else ""))
            elif "exception" in record:
                add(errors, entry, record["exception"])
        return combine(entries, hits, errors)

    def describe(self, run: Run) -> str:
        records = [r for r in map(parse_json, run.stdout.splitlines()) if isinstance(r, dict)]
        if not records:
            return f"exit {run.returncode}, no output"
        record = records[0]
        return str(record.get("severity") or record.get("exception"))
