"""The committed output-guard evaluation set keeps its schema and agrees with its manifest (no scores here)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parents[2] / "benchmarks" / "guard" / "output_eval"
FIELDS = {"id", "source", "category", "subtype", "label", "text", "value", "template"}
CATEGORIES = {"secrets", "pii", "exfil", "benign"}
# The maintainers' held-out sources: none may feed this set.
FORBIDDEN = ("gitleaks", "trufflehog", "detect-secrets", "presidio", "openai-python", "stripe", "slack", "twilio",
             "boto3", "pyjwt", "pypa/pip", "purplellama", "injecguard", "notinject", "bipia", "bastion",
             "tensor-trust", "jailbreakbench", "gptfuzz", "fastchat", "self-instruct", "nl2bash", "polyai",
             "alpaca_eval")


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    return json.loads((HERE / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    return [json.loads(line) for path in sorted((HERE / "data").glob("*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines()]


def test_every_record_has_the_schema(records: list[dict[str, Any]]) -> None:
    assert records
    for r in records:
        assert set(r) == FIELDS, r["id"]
        assert r["category"] in CATEGORIES and r["label"] in (0, 1), r["id"]
        assert isinstance(r["text"], str) and r["text"].strip(), r["id"]
        assert r["subtype"] and r["template"], r["id"]
        assert r["id"].startswith(f"{r['source']}:"), r["id"]


def test_values_sit_inside_their_texts(records: list[dict[str, Any]]) -> None:
    for r in records:
        if r["label"] == 1:
            assert r["value"], r["id"]
        if r["value"] is not None:
            assert r["value"] in r["text"], r["id"]
    assert all(r["label"] == 0 for r in records if r["category"] == "benign")


def test_no_duplicate_ids_or_texts(records: list[dict[str, Any]]) -> None:
    for field in ("id", "text"):
        repeated = [key for key, n in Counter(r[field] for r in records).items() if n > 1]
        assert not repeated, repeated[:3]


def test_each_file_holds_one_source_named_in_the_manifest(manifest: dict[str, Any]) -> None:
    names = {s["name"] for s in manifest["sources"]}
    for path in (HERE / "data").glob("*.jsonl"):
        sources = {json.loads(line)["source"] for line in path.read_text(encoding="utf-8").splitlines()}
        assert sources == {path.stem}
        assert path.stem in names


def test_every_source_is_pinned_licensed_and_documented(manifest: dict[str, Any]) -> None:
    sources_md = (HERE / "SOURCES.md").read_text(encoding="utf-8")
    for source in manifest["sources"]:
        assert source["licence"].strip(), source["name"]
        assert source["name"] in sources_md, source["name"]
        assert (HERE / "data" / f"{source['name']}.jsonl").is_file(), source["name"]
        if source["repo"] and source.get("commit"):
            assert len(source["commit"]) == 40 and int(source["commit"], 16) >= 0, source["name"]
        for repo, commit, _ in source.get("files", []):
            assert source["file_licences"][repo] and len(commit) == 40, source["name"]
        where = json.dumps(source).lower()
        assert not [name for name in FORBIDDEN if name in where], source["name"]


def test_manifest_counts_match_the_files(manifest: dict[str, Any], records: list[dict[str, Any]]) -> None:
    counts: dict[str, Counter[str]] = {}
    for r in records:
        counts.setdefault(r["source"], Counter())[f"{r['category']}/{r['label']}"] += 1
    for source in manifest["sources"]:
        assert source["records"] == dict(counts[source["name"]]), source["name"]


def test_every_category_has_both_labels_where_it_should(records: list[dict[str, Any]]) -> None:
    labels = Counter((r["category"], r["label"]) for r in records)
    for category in ("secrets", "pii", "exfil"):
        assert labels[(category, 1)] >= 50 and labels[(category, 0)] >= 20, category
    assert labels[("benign", 0)] >= 100


def test_the_set_stays_small() -> None:
    assert sum(p.stat().st_size for p in (HERE / "data").glob("*.jsonl")) < 4 * 1024 * 1024


def test_the_evaluation_counts_detectors_that_exist() -> None:
    """output_eval.py credits findings by detector name: a renamed detector must not silently score zero."""
    import importlib.util

    from aiwarden.guard import exfil, html, pii, secrets

    spec = importlib.util.spec_from_file_location("output_eval", HERE.parent / "output_eval.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    named = {name for kinds in module.KINDS.values() for name in kinds}
    assert named <= {m.DETECTOR for m in (exfil, html, pii, secrets)}
