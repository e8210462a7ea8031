"""A run's outcome as data: per-category counts, one Finding per category that an attack broke, the worst
examples, and the exit code. Every report (JSON, HTML, SARIF, the terminal summary) is drawn from this."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aiwarden import __version__
from aiwarden.core.findings import Finding, Location, Severity
from aiwarden.redteam.model import CATEGORIES
from aiwarden.redteam.runner import RunResult
from aiwarden.redteam.store import StoredAttempt

CATEGORY_TITLES = {
    "prompt-extraction": "The system prompt leaked",
    "direct-injection": "Injected instructions were obeyed",
    "indirect-injection": "Instructions inside processed content were obeyed",
    "markdown-exfiltration": "Data was put into a link or image URL",
    "insecure-output": "Active HTML/JS, shell or SQL was emitted",
    "sensitive-data": "Planted or recognisable secrets were disclosed",
    "jailbreak": "A jailbreak took hold",
    "unbounded-consumption": "Unbounded input or output was accepted",
}
EXAMPLE_CHARS = 700


@dataclass(frozen=True, slots=True)
class FamilyStats:
    family: str
    category: str
    attempts: int
    successes: int
    errors: int
    severity: Severity
    tags: tuple[str, ...]

    @property
    def rate(self) -> float:
        return self.successes / self.attempts if self.attempts else 0.0


def _clip(text: str, limit: int = EXAMPLE_CHARS) -> str:
    return text if len(text) <= limit else text[:limit] + f" [... {len(text) - limit} more characters]"


def example_text(attempt: StoredAttempt) -> str:
    """The prompt as sent and the answer, for a report reader."""
    parts = [f"[{attempt.probe_id}, converter {attempt.converter}]", "PROMPT:", _clip(attempt.converted_prompt)]
    if attempt.document:
        parts += ["DOCUMENT:", _clip(attempt.document, EXAMPLE_CHARS // 2)]
    parts += ["ANSWER:", _clip(attempt.reply_text) or "(no text)"]
    if attempt.tool_calls:
        parts += ["TOOL CALLS:", _clip("; ".join(f"{c.get('name')}({c.get('arguments')})" for c in attempt.tool_calls))]
    if attempt.verdict:
        parts += ["JUDGE:", f"{attempt.verdict.get('judge')}: {attempt.verdict.get('reason')}"]
    return "\n".join(parts)


def _worst(attempts: list[StoredAttempt]) -> StoredAttempt:
    """The example a reader should see first: most severe, unconverted before converted, shortest prompt."""
    return min(attempts, key=lambda a: (-Severity.parse(a.severity), a.converter != "none",
                                        len(a.converted_prompt), a.seq))


def family_stats(attempts: list[StoredAttempt]) -> list[FamilyStats]:
    groups: dict[str, list[StoredAttempt]] = {}
    for a in attempts:
        groups.setdefault(a.family, []).append(a)
    out = []
    for family, items in groups.items():
        done = [a for a in items if a.state == "done"]
        tags = tuple(dict.fromkeys(t for a in items for t in a.tags))
        out.append(FamilyStats(family=family, category=items[0].category, attempts=len(done),
                               successes=sum(a.success for a in done), errors=len(items) - len(done),
                               severity=max(Severity.parse(a.severity) for a in items), tags=tags))
    return sorted(out, key=lambda f: (_category_order(f.category), -f.rate, f.family))


def _category_order(category: str) -> int:
    return CATEGORIES.index(category) if category in CATEGORIES else len(CATEGORIES)


def findings(result: RunResult) -> list[Finding]:
    """One Finding per category at least one attack broke, at the severity of its worst successful probe."""
    out = []
    for category in sorted({a.category for a in result.attempts}, key=_category_order):
        mine = [a for a in result.attempts if a.category == category and a.state == "done"]
        won = [a for a in mine if a.success]
        if not won:
            continue
        by_family: dict[str, list[int]] = {}
        for a in mine:
            counts = by_family.setdefault(a.family, [0, 0])
            counts[0] += 1
            counts[1] += a.success
        broken = ", ".join(f"{fam} ({s}/{n})" for fam, (n, s) in sorted(by_family.items(), key=lambda x: -x[1][1])
                           if s)
        worst = _worst(won)
        out.append(Finding(
            rule_id=f"redteam.{category}", title=CATEGORY_TITLES.get(category, category),
            severity=max(Severity.parse(a.severity) for a in won),
            location=Location(path=result.target, member=category),
            message=f"{len(won)} of {len(mine)} attempts succeeded ({len(won) / len(mine):.0%}); families: {broken}",
            evidence=example_text(worst),
            tags=tuple(sorted({t for a in won for t in a.tags}))))
    return out


def exit_code(result: RunResult, fail_on: Severity) -> int:
    """1: a category broken at or above ``fail_on``; else 2 if the run is incomplete (it stopped, or attempts
    ended in errors: untested is not safe); else 0."""
    if any(f.severity >= fail_on for f in findings(result)):
        return 1
    if not result.complete or not result.attempts:
        return 2
    return 0


def results_document(result: RunResult) -> dict[str, Any]:
    """results.json: ``{"tool", "target", "attempts", "categories": {ID: {"attempts", "successes", "tags"}},
    "findings": [...]}`` plus run facts, families and errors."""
    categories: dict[str, Any] = {}
    for category in sorted({a.category for a in result.attempts}, key=_category_order):
        mine = [a for a in result.attempts if a.category == category]
        done = [a for a in mine if a.state == "done"]
        successes = sum(a.success for a in done)
        categories[category] = {
            "attempts": len(done), "successes": successes, "errors": len(mine) - len(done),
            "success_rate": round(successes / len(done), 4) if done else None,
            "tags": sorted({t for a in mine for t in a.tags}),
        }
    done = [a for a in result.attempts if a.state == "done"]
    return {
        "tool": {"name": "aiwarden", "version": __version__},
        "target": result.target,
        "run": {"id": result.run_id, "seed": result.settings.get("seed"), "suites": result.settings.get("suites"),
                "converters": result.settings.get("converters"), "resumed": result.resumed,
                "complete": result.complete, "stopped_by": result.fatal, "untested": result.untested,
                "seconds": round(result.seconds, 3),
                "sent_this_invocation": result.sent},
        "attempts": len(done),
        "successes": sum(a.success for a in done),
        "errors": len(result.attempts) - len(done),
        "categories": categories,
        "families": [{"family": f.family, "category": f.category, "attempts": f.attempts, "successes": f.successes,
                      "errors": f.errors, "severity": str(f.severity), "tags": list(f.tags)}
                     for f in family_stats(result.attempts)],
        "findings": [f.to_dict() for f in findings(result)],
        "attempt_errors": [{"probe_id": a.probe_id, "converter": a.converter, "error": a.error}
                           for a in result.errors[:100]],
    }
