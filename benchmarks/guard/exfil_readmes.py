"""Exfiltration blocks over installed packages' READMEs and /usr/share/doc markdown: a benign-only check.

    .venv/bin/python benchmarks/guard/exfil_readmes.py [--list]

Each file (a package's METADATA long description, a markdown document) is cut into 2,000-character chunks;
chunks without "://" are skipped. The count of chunks with an exfiltration finding at HIGH or above is the
number of false alarms, since no README means to send a reader's data anywhere. What is installed differs
between machines, so compare two revisions on one machine, not figures across machines.
"""

from __future__ import annotations

import argparse
import sys
import sysconfig
from pathlib import Path

from aiwarden.core.findings import Severity
from aiwarden.guard import exfil
from aiwarden.guard.types import OutputContext

_CHUNK = 2000


def _files() -> list[Path]:
    site = Path(sysconfig.get_paths()["purelib"])
    return sorted(site.glob("*.dist-info/METADATA")) + sorted(Path("/usr/share/doc").rglob("*.md"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="print each blocking chunk's file and finding")
    args = parser.parse_args(argv)
    chunks = blocked = 0
    for path in _files():
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for start in range(0, len(text), _CHUNK):
            chunk = text[start: start + _CHUNK]
            if "://" not in chunk:
                continue
            chunks += 1
            worst = [f for f in exfil.detect(chunk, OutputContext()) if f.severity >= Severity.HIGH]
            if worst:
                blocked += 1
                if args.list:
                    print(f"{path}: {worst[0].rule_id} {worst[0].evidence}", file=sys.stdout)
    print(f"{chunks} URL-bearing chunks, {blocked} blocked")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
