"""Count chat-template findings at high or above on text files that are not chat templates: the Python sources,
docs and templates of an installed environment (jinja2 and transformers included). Every one is a false alarm.

    python benchmarks/template_false_alarms.py [SITE_PACKAGES]
"""

from __future__ import annotations

import sys
import sysconfig
from collections import Counter
from pathlib import Path

from aiwarden.core.findings import Severity
from aiwarden.scan.engine import ScanOptions, scan_paths

SUFFIXES = {".py", ".md", ".txt", ".rst", ".html", ".jinja", ".j2"}


def main() -> int:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else sysconfig.get_paths()["purelib"])
    files = sorted(str(p) for p in root.rglob("*") if p.suffix in SUFFIXES and p.is_file() and not p.is_symlink())
    report = scan_paths(files, ScanOptions(jobs=2))
    alarms = [f for f in report.findings if f.rule_id.startswith("template.") and f.severity >= Severity.HIGH]
    analysed = sum(1 for path in report.scanned if path.endswith(tuple(SUFFIXES)))
    print(f"{len(files)} text files under {root}; {analysed} recognised as some format")
    print(f"template findings at high or above: {len(alarms)}")
    for rule_id, count in Counter(f.rule_id for f in report.findings).most_common():
        print(f"  {rule_id}: {count}")
    for finding in alarms[:20]:
        print(f"  {finding.location.path}: {finding.message[:100]}")
    return 1 if alarms else 0


if __name__ == "__main__":
    raise SystemExit(main())
