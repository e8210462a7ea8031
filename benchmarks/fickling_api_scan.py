"""Scan files with the fickling Python API; run with the interpreter of a fickling virtualenv.

Zip files go to ``fickling.scan_zip_archive(path, graceful=True)``, everything else to
``fickling.scan_file(path, graceful=True)``. One JSON object per file is printed on stdout:
``{"path", "severity", "detected", "errors"}`` or ``{"path", "exception"}``. ``detected`` means a
severity above LIKELY_SAFE. Neither call unpickles anything: fickling decompiles the opcode stream.
"""

from __future__ import annotations

import json
import sys
import zipfile
from typing import Any

MAX_ERRORS = 3
MAX_TEXT = 300


def scan_one(path: str) -> dict[str, Any]:
    import fickling
    from fickling.analysis import Severity

    if zipfile.is_zipfile(path):
        results = list(fickling.scan_zip_archive(path, graceful=True).values())
    else:
        results = [fickling.scan_file(path, graceful=True)]
    severity = max((r.severity for r in results), default=Severity.LIKELY_SAFE)
    errors = [str(e)[:MAX_TEXT] for r in results for e in r.errors][:MAX_ERRORS]
    return {
        "path": path,
        "severity": severity.name,
        "detected": severity > Severity.LIKELY_SAFE,
        "errors": errors,
    }


def main(paths: list[str]) -> int:
    for path in paths:
        try:
            record = scan_one(path)
        except Exception as exc:
            record = {"path": path, "exception": f"{type(exc).__name__}: {exc}"[:MAX_TEXT]}
        print(json.dumps(record), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
