"""Rebuild the output-guard evaluation set from the pinned mirrors listed in manifest.json (deterministic).

    .venv/bin/python benchmarks/guard/output_eval/build.py [--only SOURCE]

Each source becomes data/<source>.jsonl (one record a line, sorted by id); the manifest's record counts are
refreshed. Mirrors are read with ``git show <commit>:<path>`` from $OUTPUT_EVAL_MIRRORS (default
/work/.mirror/<owner>+<name>/repo), so a newer checkout never changes the data.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import benign_sources  # noqa: E402
import exfil_written  # noqa: E402
import pii_sources  # noqa: E402
import secret_sources  # noqa: E402
import trivy_sources  # noqa: E402
from records import Record, Source  # noqa: E402

BUILDERS: dict[str, Callable[[Source], list[Record]]] = {
    "noseyparker": secret_sources.noseyparker,
    "trivy": trivy_sources.trivy,
    "stdnum": pii_sources.stdnum,
    "card_validator": pii_sources.card_validator,
    "usaddress": pii_sources.usaddress,
    "address_formatting": pii_sources.address_formatting,
    "libphonenumber": pii_sources.libphonenumber,
    "written_exfil": lambda _: exfil_written.exfiltration() + exfil_written.benign_links(),
    "readme_links": benign_sources.readme_links,
    "pydoc_topics": benign_sources.pydoc_topics,
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--only", metavar="SOURCE", help="rebuild this source alone; the texts of the sources "
                        "before it are read from their data files, so the dedup is the full build's")
    only = parser.parse_args(argv).only
    manifest_path = HERE / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if only is not None and only not in {source["name"] for source in manifest["sources"]}:
        raise SystemExit(f"build.py: no source named {only!r} in manifest.json")
    (HERE / "data").mkdir(exist_ok=True)
    seen_texts: set[str] = set()
    before_only = only is not None
    for source in manifest["sources"]:
        path = HERE / "data" / f"{source['name']}.jsonl"
        if only is not None and source["name"] != only:
            if before_only:
                seen_texts.update(json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines())
            continue
        before_only = False
        records = []
        for rec in sorted(BUILDERS[source["builder"]](source), key=lambda r: r["id"]):
            if rec["text"] in seen_texts:  # one text, one label: the first source to give it keeps it
                continue
            seen_texts.add(rec["text"])
            records.append(rec)
        lines = "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in records)
        path.write_text(lines, encoding="utf-8")
        source["records"] = dict(sorted(Counter(f"{r['category']}/{r['label']}" for r in records).items()))
        print(f"{source['name']:32} {len(records):5} {source['records']}")
    manifest_path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

if __name__ == "__main__":
    main()
