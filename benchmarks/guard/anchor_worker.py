"""Run the offline-capable anchor scanners over the benchmark cases; one JSON line per (tool, case).

Runs inside the anchors' own environment (it imports llm_guard and llamafirewall, never aiwarden):

    /opt/anchors/guard/bin/python benchmarks/guard/anchor_worker.py CASES.jsonl OUT.jsonl

Tools: LLM Guard 0.3.16 ``InvisibleText``, ``Secrets`` and ``Regex`` (which has no default patterns; it runs
with the bearer-token pattern from LLM Guard's documentation), LlamaFirewall 1.0.3 ``RegexScanner`` and
``HiddenASCIIScanner``. CPU time per call is measured around the scanner call only.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys
import time
from collections.abc import Callable
from typing import Any

# Which anchors apply to which set (the same question aiwarden answers for that set).
PLAN = {
    "smuggling": ("llm-guard InvisibleText", "llamafirewall HiddenASCII"),
    "injection": ("llamafirewall Regex",),
    "secrets": ("llm-guard Secrets", "llm-guard Regex (docs pattern)", "llamafirewall Regex"),
    "latency": ("llm-guard InvisibleText", "llm-guard Secrets", "llamafirewall Regex", "llamafirewall HiddenASCII"),
}
LLM_GUARD_DOCS_PATTERN = r"Bearer [A-Za-z0-9-._~+/]+"


def tools() -> dict[str, Callable[[str], bool]]:
    import structlog
    from llamafirewall.llamafirewall_data_types import ScanDecision, UserMessage
    from llamafirewall.scanners.hidden_ascii_scanner import HiddenASCIIScanner
    from llamafirewall.scanners.regex_scanner import RegexScanner
    from llm_guard.input_scanners import InvisibleText, Regex, Secrets

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.ERROR))
    logging.disable(logging.WARNING)
    invisible, secrets, regex = InvisibleText(), Secrets(), Regex(patterns=[LLM_GUARD_DOCS_PATTERN])
    lf_regex, lf_hidden = RegexScanner(), HiddenASCIIScanner()
    loop = asyncio.new_event_loop()

    def llamafirewall(scanner: Any) -> Callable[[str], bool]:
        return lambda text: loop.run_until_complete(scanner.scan(UserMessage(text))).decision == ScanDecision.BLOCK

    return {
        "llm-guard InvisibleText": lambda text: not invisible.scan(text)[1],
        "llm-guard Secrets": lambda text: not secrets.scan(text)[1],
        "llm-guard Regex (docs pattern)": lambda text: not regex.scan(text)[1],
        "llamafirewall Regex": llamafirewall(lf_regex),
        "llamafirewall HiddenASCII": llamafirewall(lf_hidden),
    }


def main() -> None:
    cases_path, out_path = sys.argv[1], sys.argv[2]
    with open(cases_path, encoding="utf-8") as lines:
        cases = [json.loads(line) for line in lines]
    scanners = tools()
    with open(out_path, "w", encoding="utf-8") as out:
        for name, scan in scanners.items():
            for case in cases:
                if name not in PLAN[case["set"]]:
                    continue
                start = time.process_time()
                flagged = bool(scan(case["text"]))
                cpu_ms = (time.process_time() - start) * 1000
                out.write(json.dumps({"tool": name, "id": case["id"], "flagged": flagged, "cpu_ms": cpu_ms}) + "\n")


if __name__ == "__main__":
    main()
