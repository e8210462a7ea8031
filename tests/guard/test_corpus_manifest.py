"""The committed guard v2 corpus agrees with its manifest and keeps its data rules."""

from __future__ import annotations

import gzip
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from guard_corpus.build import AGENTDOJO_MARKERS, HELDOUT_SOURCES  # noqa: E402
from guard_corpus.common import FORBIDDEN_SOURCES, norm_key  # noqa: E402

DATA = ROOT / "data" / "guard"
CORPUS = DATA / "corpus.jsonl.gz"
FIELDS = {"text", "label", "kind", "source", "author_group", "lang", "channel", "origin", "split"}


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


@pytest.fixture(scope="module")
def manifest() -> dict:
    return json.loads((DATA / "manifest.json").read_text(encoding="utf-8"))


def test_corpus_size_is_bounded(rows: list[dict]) -> None:
    assert CORPUS.stat().st_size < 15 * 1024 * 1024
    assert 40_000 <= len(rows) <= 100_000
    # The trainer caps each source at 5,000-6,000 rows; the training split bounds one epoch on two cores to about
    # an hour and a quarter.
    assert sum(r["split"] == "train" for r in rows) <= 88_000
    labels = Counter(r["label"] for r in rows)
    # The trainer weighs the two classes equally whatever their counts; hard negatives outnumber attacks by design.
    assert 0.35 <= labels[1] / len(rows) <= 0.6


def test_rows_follow_the_schema(rows: list[dict]) -> None:
    for r in rows:
        assert set(r) == FIELDS, r
        assert r["label"] in (0, 1)
        assert r["kind"] in ("injection", "jailbreak", "benign")
        assert (r["label"] == 0) == (r["kind"] == "benign"), r
        assert r["channel"] in ("user", "untrusted")
        assert r["split"] in ("train", "heldout")
        assert r["text"].strip() and r["lang"]


def test_counts_match_the_manifest(rows: list[dict], manifest: dict) -> None:
    assert manifest["rows"] == len(rows)
    total: dict[str, Counter[str]] = defaultdict(Counter)
    per_source: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    for r in rows:
        for f in ("label", "kind", "lang", "channel", "split"):
            total[f][str(r[f])] += 1
            per_source[r["source"]][f][str(r[f])] += 1
    assert {k: dict(v) for k, v in total.items()} == manifest["total"]
    assert {s: {f: dict(c) for f, c in d.items()} for s, d in per_source.items()} == manifest["sources"]
    assert Counter(r["origin"] for r in rows if r["origin"]) == manifest["origins"]


def test_every_row_has_a_licence_bearing_source(rows: list[dict], manifest: dict) -> None:
    registry = manifest["source_registry"]
    table = (DATA / "MANIFEST.md").read_text(encoding="utf-8")
    for name in {r["source"] for r in rows} | {r["origin"] for r in rows if r["origin"]}:
        assert name in registry, name
        reg = registry[name]
        assert reg["licence"] and reg["url"], name
        if reg["licence_file"]:
            assert (DATA / "licenses" / reg["licence_file"]).is_file(), reg["licence_file"]
    for name in manifest["sources"]:
        assert f"| {name} |" in table, name
    for r in rows:
        assert r["author_group"] == registry[r["source"]]["author_group"]


def test_no_forbidden_source(rows: list[dict], manifest: dict) -> None:
    names = {r["source"] for r in rows} | {r["origin"] for r in rows} | {r["author_group"] for r in rows}
    names |= set(manifest["source_registry"])
    for name in names:
        assert not any(f in name.lower() for f in FORBIDDEN_SOURCES), name
    for reg in manifest["source_registry"].values():
        assert not any(f in reg["url"].lower() for f in ("bipia", "injecguard", "tensor-trust", "cyberseceval"))


def test_no_agentdojo_template_wording(rows: list[dict]) -> None:
    for r in rows:
        low = r["text"].lower()
        assert not any(m in low for m in AGENTDOJO_MARKERS), r["text"][:200]


def test_no_duplicates_within_or_across_splits(rows: list[dict]) -> None:
    seen: dict[str, str] = {}
    for r in rows:
        k = norm_key(r["text"])
        assert k not in seen, (r["source"], seen.get(k), r["text"][:120])
        seen[k] = r["split"]


def test_heldout_sources_are_whole_and_never_feed_training(rows: list[dict], manifest: dict) -> None:
    assert set(manifest["heldout_sources"]) == set(HELDOUT_SOURCES)
    for r in rows:
        assert (r["split"] == "heldout") == (r["source"] in HELDOUT_SOURCES), r["source"]
        assert r["origin"] not in HELDOUT_SOURCES, r
    held = {r["source"] for r in rows if r["split"] == "heldout"}
    assert {r["label"] for r in rows if r["split"] == "heldout"} == {0, 1}
    assert held == set(HELDOUT_SOURCES)


def test_languages_and_channels_are_covered(rows: list[dict]) -> None:
    attack_langs = {r["lang"] for r in rows if r["label"] == 1}
    benign_langs = {r["lang"] for r in rows if r["label"] == 0}
    six = {"de", "fr", "es", "it", "pt", "nl", "pl"}
    assert len(six & attack_langs) >= 6 and len(six & benign_langs) >= 5
    for label in (0, 1):
        assert {r["channel"] for r in rows if r["label"] == label} == {"user", "untrusted"}


def test_leave_one_out_keeps_converted_copies_out(rows: list[dict]) -> None:
    from guard_corpus.splits import leave_one_out

    folds = {group: (fit, test) for group, fit, test in leave_one_out(rows, "source")}
    assert "s-labs" in folds and "aiwarden-converters" in folds
    fit, test = folds["s-labs"]
    assert test and all(r["source"] == "s-labs" for r in test)
    assert not any(r["source"] == "s-labs" or r["origin"] == "s-labs" for r in fit)
    assert not any(r["split"] == "heldout" for r in fit)
