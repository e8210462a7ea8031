"""``aiwarden redteam compare``: two runs' results.json side by side; a regression is a category or family
whose attacks succeed more often in the new run than in the baseline (or at all, where the baseline had none)."""

from __future__ import annotations

from typing import Any


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def problem(doc: dict[str, Any]) -> str | None:
    """Why a results.json cannot be compared, or None: counts that are not whole non-negative numbers (or more
    successes than attempts), families that are not named, or a run that did not finish (it proves nothing)."""
    for category, entry in doc["categories"].items():
        if not isinstance(entry, dict) or not _count(entry.get("attempts")) or not _count(entry.get("successes")):
            return f"category {category!r}: attempts and successes must be whole numbers of zero or more"
        if entry["successes"] > entry["attempts"]:
            return f"category {category!r}: more successes than attempts"
    families = doc.get("families", [])
    if not isinstance(families, list):
        return "'families' must be a list"
    for family in families:
        if not isinstance(family, dict) or not isinstance(family.get("family"), str) or not _count(
                family.get("attempts")) or not _count(family.get("successes")):
            return "every family needs a name and whole-number attempts and successes"
    raw_run = doc.get("run")
    run: dict[str, Any] = raw_run if isinstance(raw_run, dict) else {}
    if run.get("complete") is False or doc.get("attempts") == 0:
        why = run.get("stopped_by") or run.get("untested") or "attempts ended in errors"
        return f"the run is incomplete ({why}): it proves nothing to compare"
    return None


def _rate(entry: dict[str, Any] | None) -> float:
    if not entry or not entry.get("attempts"):
        return 0.0
    return float(entry.get("successes", 0)) / float(entry["attempts"])


def compare(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    rows = []
    regressions = []
    for category in dict.fromkeys([*before.get("categories", {}), *after.get("categories", {})]):
        a = before["categories"].get(category)
        b = after["categories"].get(category)
        row = {"category": category,
               "before": {"attempts": (a or {}).get("attempts", 0), "successes": (a or {}).get("successes", 0),
                          "rate": round(_rate(a), 4)},
               "after": {"attempts": (b or {}).get("attempts", 0), "successes": (b or {}).get("successes", 0),
                         "rate": round(_rate(b), 4)}}
        row["change"] = round(row["after"]["rate"] - row["before"]["rate"], 4)
        rows.append(row)
        if b and b.get("successes") and _rate(b) > _rate(a):
            regressions.append({"kind": "category", "name": category, "before": row["before"]["rate"],
                                "after": row["after"]["rate"]})
    fam_before = {f["family"]: f for f in before.get("families", []) if isinstance(f, dict) and "family" in f}
    for fam in after.get("families", []):
        if not isinstance(fam, dict) or "family" not in fam:
            continue
        old = fam_before.get(fam["family"])
        if fam.get("successes") and _rate(fam) > _rate(old):
            regressions.append({"kind": "family", "name": fam["family"], "before": round(_rate(old), 4),
                                "after": round(_rate(fam), 4)})
    return {"before": before.get("target"), "after": after.get("target"), "categories": rows,
            "regressions": regressions}


def render_text(diff: dict[str, Any], *, color: bool = False) -> str:
    from aiwarden.cli.conventions import paint

    lines = [f"baseline: {diff['before']}", f"new:      {diff['after']}",
             f"{'category':<24} {'baseline':>16} {'new':>16} {'change':>8}"]
    for row in diff["categories"]:
        b, a = row["before"], row["after"]
        change = f"{row['change']:+.0%}"
        if row["change"] > 0 and a["successes"]:
            change = paint(change, "1;31", color)
        elif row["change"] < 0:
            change = paint(change, "32", color)
        lines.append(f"{row['category']:<24} {b['successes']:>5}/{b['attempts']:<5} {b['rate']:>4.0%} "
                     f"{a['successes']:>5}/{a['attempts']:<5} {a['rate']:>4.0%} {change:>8}")
    if diff["regressions"]:
        lines.append(paint(f"{len(diff['regressions'])} regression(s):", "1;31", color))
        lines += [f"  {r['kind']} {r['name']}: {r['before']:.0%} -> {r['after']:.0%}" for r in diff["regressions"]]
    else:
        lines.append("no regressions")
    return "\n".join(lines) + "\n"
