"""``aiwarden redteam run|compare|probes``: attack an OpenAI-compatible endpoint and report what broke."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING, Any

from aiwarden.cli import conventions
from aiwarden.cli.options import positive_int
from aiwarden.core.errors import UsageError
from aiwarden.core.findings import Severity

if TYPE_CHECKING:
    from pathlib import Path

_SEVERITIES = [str(s) for s in Severity]


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError(f"must be between 0 and 3600 seconds, not {text}")
    return value


def register(sub: Any) -> None:
    p = sub.add_parser("redteam", help="attack an OpenAI-compatible endpoint or agent and report what broke",
                       description="Red-team an LLM endpoint offline: probes mapped to OWASP LLM 2025, OWASP "
                       "Agentic 2026 and MITRE ATLAS, judges that tell a refusal from compliance and an echo from "
                       "an act, a resumable results store, and results.json, report.html and results.sarif.")
    commands = p.add_subparsers(dest="redteam_command", metavar="COMMAND", required=True)

    r = commands.add_parser(
        "run", help="run the attacks against --target",
        description="Exit 0: no attack succeeded at or above --fail-on; 1: one did; 2: usage error, or the run "
        "is incomplete (target unreachable, bad key, attempts that kept failing: run the same command again "
        "to resume).")
    r.add_argument("--target", required=True, metavar="URL",
                   help="base URL of an OpenAI-compatible API, e.g. http://127.0.0.1:8000/v1")
    r.add_argument("--model", metavar="M", help="model name to request (default: the first of GET URL/models)")
    r.add_argument("--api-key-env", metavar="VAR", help="environment variable holding the API key (never the key)")
    r.add_argument("--system-prompt", metavar="FILE",
                   help="your application's system prompt, sent with every attack (default: a built-in assistant "
                   "prompt); a canary and a planted credential are appended unless --no-canary")
    r.add_argument("--no-canary", action="store_true",
                   help="send the system prompt as is; prompt leaks are then judged by similarity to it")
    r.add_argument("--suite", action="append", metavar="NAME",
                   help="probe suite (repeatable): a category id, default, agent, all or quick (default: default)")
    r.add_argument("--converter", action="append", metavar="NAME",
                   help="converter to multiply probes with (repeatable; 'none' is the plain text; default: none, "
                   "base64, leetspeak, homoglyphs, unicode-tags, mixed-language)")
    r.add_argument("--probes", action="append", metavar="FILE", help="extra probe families (YAML), repeatable")
    r.add_argument("--concurrency", type=positive_int, default=4, metavar="N", help="requests in flight (default 4)")
    r.add_argument("--max-attempts", type=positive_int, metavar="N",
                   help="at most N attempts, spread over every category")
    r.add_argument("--seed", type=int, default=1, metavar="N",
                   help="seed for the planted values, sampling and converters (default 1)")
    r.add_argument("--timeout", type=_seconds, default=60.0, metavar="S", help="per-request timeout (default 60)")
    r.add_argument("--max-tokens", type=positive_int, default=1024, metavar="N",
                   help="max_tokens asked of the target (default 1024)")
    r.add_argument("--stream", action="store_true", help="ask the target to stream (SSE) its answers")
    r.add_argument("--out", required=True, metavar="DIR",
                   help="folder for results.db (resumable), results.json, report.html and results.sarif")
    r.add_argument("--restart", action="store_true", help="discard the results already in --out and start over")
    r.add_argument("--fail-on", default="high", choices=_SEVERITIES, metavar="LEVEL",
                   help=f"exit 1 when an attack of this severity or higher succeeded ({', '.join(_SEVERITIES)}; "
                   "default high)")
    r.set_defaults(run=run_command)

    c = commands.add_parser(
        "compare", help="show what changed between two runs (regressions per category and family)",
        description="RUN_A is the baseline, RUN_B the new run: each an --out folder or its results.json. Exit 0: "
        "no category or family succeeds more often in RUN_B; 1: a regression; 2: usage error.")
    c.add_argument("run_a", metavar="RUN_A")
    c.add_argument("run_b", metavar="RUN_B")
    c.add_argument("--format", choices=("text", "json"), default="text")
    c.set_defaults(run=compare_command)

    lst = commands.add_parser("probes", help="list the probe families of the built-in library (or of a suite)")
    lst.add_argument("--suite", action="append", metavar="NAME")
    lst.add_argument("--probes", action="append", metavar="FILE", help="extra probe families (YAML)")
    lst.set_defaults(run=probes_command)


def _first_model(base_url: str, api_key: str | None, timeout: float) -> str:
    import httpx

    headers = {"authorization": f"Bearer {api_key}"} if api_key else {}
    try:
        response = httpx.get(f"{base_url.rstrip('/')}/models", headers=headers, timeout=timeout, trust_env=False)
        models = response.json().get("data") if response.status_code == 200 else None
        first = models[0]["id"] if isinstance(models, list) and models and isinstance(models[0], dict) else None
    except (httpx.HTTPError, ValueError, AttributeError, KeyError):
        first = None
    if not isinstance(first, str) or not first:
        raise UsageError(f"could not list models at {base_url}/models: give --model")
    return first


def run_command(args: argparse.Namespace) -> int:
    from pathlib import Path
    from urllib.parse import urlsplit

    from aiwarden.redteam.runner import DEFAULT_CONVERTERS, DEFAULT_SUITES, RunOptions, run
    from aiwarden.redteam.targets import OpenAIChatTarget

    parts = urlsplit(args.target)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"--target must be an http(s) base URL such as http://127.0.0.1:8000/v1, not {args.target!r}")
    api_key = None
    if args.api_key_env:
        api_key = os.environ.get(args.api_key_env)
        if not api_key:
            raise UsageError(f"--api-key-env {args.api_key_env}: that environment variable is not set")
    system_prompt = None
    if args.system_prompt:
        try:
            system_prompt = Path(args.system_prompt).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"--system-prompt {args.system_prompt}: cannot read it ({exc})") from None
    probe_files = tuple(Path(p) for p in args.probes or ())
    for path in probe_files:
        if not path.is_file():
            raise UsageError(f"--probes {path}: no such file")
    from aiwarden.redteam.converters import CONVERTERS
    from aiwarden.redteam.probes import SUITES

    suites = tuple(args.suite or DEFAULT_SUITES)
    for suite in suites:
        if suite not in SUITES:
            raise UsageError(f"--suite {suite}: unknown (choose from {', '.join(SUITES)})")
    converters = tuple(dict.fromkeys(args.converter or DEFAULT_CONVERTERS))
    for name in converters:
        if name not in CONVERTERS:
            raise UsageError(f"--converter {name}: unknown (choose from {', '.join(CONVERTERS)})")
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out}: exists and is not a folder")
    model = args.model or _first_model(args.target, api_key, args.timeout)
    target = OpenAIChatTarget(args.target, model, api_key=api_key, timeout=args.timeout, max_tokens=args.max_tokens,
                              stream=args.stream, concurrency=args.concurrency)
    options = RunOptions(suites=suites, converters=converters, max_attempts=args.max_attempts, seed=args.seed,
                         concurrency=args.concurrency, system_prompt=system_prompt, canary=not args.no_canary,
                         probe_files=probe_files)
    from aiwarden.cli.progress import ProgressLine

    line = ProgressLine() if not conventions.quiet(args) and sys.stderr.isatty() else None

    def progress(done: int, total: int, successes: int) -> None:
        if line:
            line.items(done, f"of {total} attempts, {successes} succeeded")

    result = run(target, out, options, restart=args.restart, progress=progress,
                 settings_extra={"stream": args.stream, "max_tokens": args.max_tokens})
    if line:
        line.clear()
    fail_on = Severity.parse(args.fail_on)
    write_reports(result, out, fail_on)
    print_summary(args, result, out, fail_on)
    from aiwarden.redteam.results import exit_code

    return exit_code(result, fail_on)


def write_reports(result: Any, out: Path, fail_on: Severity) -> None:
    import json

    from aiwarden.core.atomic import write_text_atomic
    from aiwarden.redteam.report_html import render_report
    from aiwarden.redteam.results import results_document
    from aiwarden.redteam.sarif import render_sarif

    write_text_atomic(str(out / "results.json"), json.dumps(results_document(result), indent=2) + "\n")
    write_text_atomic(str(out / "report.html"), render_report(result, fail_on=fail_on))
    write_text_atomic(str(out / "results.sarif"), render_sarif(result))


def print_summary(args: argparse.Namespace, result: Any, out: Path, fail_on: Severity) -> None:
    from aiwarden.core.display import safe_name
    from aiwarden.redteam.results import results_document

    doc = results_document(result)
    color = conventions.use_color(args)
    lines = [f"red team of {safe_name(result.target)}: {doc['attempts']} attempts judged, {doc['successes']} succeeded"
             + (f", {doc['errors']} errors" if doc["errors"] else "")
             + (" (resumed)" if result.resumed else "")]
    for category, c in doc["categories"].items():
        rate = f"{c['successes'] / c['attempts']:.0%}" if c["attempts"] else "-"
        if c["successes"]:
            mark = conventions.paint("BROKEN", "1;31", color)
        elif c["attempts"]:
            mark = conventions.paint("held", "32", color)
        else:  # every attempt ended in an error: nothing was learnt
            mark = conventions.paint("untested", "33", color)
        lines.append(f"  {category:<24} {c['successes']:>5}/{c['attempts']:<5} {rate:>5}  {mark}")
    if result.fatal:
        lines.append(f"run stopped: {safe_name(result.fatal)}")
    elif result.untested:
        lines.append(f"nothing was tested: {safe_name(result.untested)}")
    lines.append(f"reports: {out / 'report.html'}, {out / 'results.json'}, {out / 'results.sarif'}")
    print("\n".join(lines))


def _load_results(path_text: str) -> dict[str, Any]:
    import json
    from pathlib import Path

    path = Path(path_text)
    if path.is_dir():
        path = path / "results.json"
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot read it ({exc.__class__.__name__})") from None
    except ValueError as exc:
        raise UsageError(f"{path}: not JSON ({exc})") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("categories"), dict):
        raise UsageError(f"{path}: not an aiwarden red-team results.json (no categories)")
    from aiwarden.redteam.compare import problem

    if (trouble := problem(doc)) is not None:
        raise UsageError(f"{path}: {trouble}")
    return doc


def compare_command(args: argparse.Namespace) -> int:
    import json

    from aiwarden.redteam.compare import compare

    diff = compare(_load_results(args.run_a), _load_results(args.run_b))
    if args.format == "json":
        print(json.dumps(diff, indent=2))
    else:
        from aiwarden.redteam.compare import render_text

        print(render_text(diff, color=conventions.use_color(args)), end="")
    return 1 if diff["regressions"] else 0


def probes_command(args: argparse.Namespace) -> int:
    from pathlib import Path

    from aiwarden.redteam.probes import SUITES, load_library, select

    for suite in args.suite or ():
        if suite not in SUITES:
            raise UsageError(f"--suite {suite}: unknown (choose from {', '.join(SUITES)})")
    probes = select(load_library([Path(p) for p in args.probes] if args.probes else None), args.suite or ["all"],
                    seed=1)
    families: dict[str, list[Any]] = {}
    for probe in probes:
        families.setdefault(probe.family, []).append(probe)
    for family, members in families.items():
        first = members[0]
        print(f"{family:<44} {first.category:<22} {len(members):>4}  {first.severity!s:<8} "
              f"{' '.join(first.tags)}")
    print(f"{len(families)} families, {len(probes)} probes")
    return 0
