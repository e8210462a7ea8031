"""Exact formats: a key of a provider's documented shape is found in every context; a value that only comes
near it (wrong length or alphabet, a failed checksum, the prefix alone, masked, cut off, templated, a name or
a path, a public id, a test-mode key, a split key, an empty label, a code expression) raises nothing above info."""

from __future__ import annotations

from collections import Counter

import pytest

from aiwarden.core.findings import Severity
from aiwarden.guard import secrets
from aiwarden.guard.secret_nearmiss import shown_in_part
from aiwarden.guard.types import OutputContext
from tests.guard.secret_nearmiss_samples import FORMATS, near_misses, positives

CTX = OutputContext()
POSITIVES = [p for seed in (0, 1) for p in positives(seed)]
NEAR_MISSES = [n for seed in (1, 2) for n in near_misses(seed)]


def _blocking(text: str) -> list[tuple[int, int, str]]:
    return [(*f.span, f.rule_id) for f in secrets.detect(text, CTX) if f.severity > Severity.INFO and f.span]


def _found(text: str, key: str) -> bool:
    at = text.find(key)
    return any(s <= at and e >= at + len(key) for s, e, _ in _blocking(text))


def test_the_sets_are_large_and_cover_every_format() -> None:
    assert len(POSITIVES) >= 600 and len(NEAR_MISSES) >= 600
    assert {f.family for f in FORMATS} <= {family for family, _, _ in POSITIVES}


def test_exact_format_keys_are_found_in_every_context() -> None:
    missed = Counter(family for family, text, key in POSITIVES if not _found(text, key))
    assert sum(missed.values()) <= 0.02 * len(POSITIVES), missed


@pytest.mark.parametrize("kind", sorted({kind for kind, _ in NEAR_MISSES}))
def test_near_misses_raise_nothing_above_info(kind: str) -> None:
    flagged = [text for k, text in NEAR_MISSES if k == kind and _blocking(text)]
    assert flagged == []


@pytest.mark.parametrize(("text", "rule"), [
    ("GITHUB_TOKEN=ghp_" + "Ab3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eF3h", "secrets.generic-assignment"),  # 34: short
    ("NPM_TOKEN=npm_ptgUzEjfebzJ6sZWdoHIxrXl0gqn87b1PZq", "secrets.generic-assignment"),  # 35: short
    ("Authorization: Bearer glpat-" + "Zq7Xw2Rt5Yu8Io1Pa4S", "secrets.bearer-token"),  # 19: short
])
def test_a_claimed_prefix_without_its_format_is_info(text: str, rule: str) -> None:
    findings = [f for f in secrets.detect(text, CTX) if f.rule_id == rule]
    assert findings and all(f.severity == Severity.INFO and "not the format" in f.message for f in findings)


def test_a_random_value_with_no_provider_prefix_still_counts_under_its_label() -> None:
    text = "SERVICE_TOKEN=Zq7Xw2Rt5Yu8Io1Pa4SdF6gH9jK3lL0m"
    assert [r for _, _, r in _blocking(text)] == ["secrets.generic-assignment"]


def test_entropy_alone_needs_a_credential_word_before_it() -> None:
    token = "Zq7Xw2Rt5Yu8Io1Pa4SdF6gH9jK3lL0mN2bV5cX8"
    assert _blocking(f"build {token} finished") == []
    assert [r for _, _, r in _blocking(f"your new token is {token} ok")] == ["secrets.high-entropy-token"]


@pytest.mark.parametrize(("value", "after", "reason"), [
    ("sk-proj-****abcd", "", "masked"), ("ghp_••••1a2B", "", "masked"), ("AKIAxxxxxxxxxxxxxxxx", "", "masked"),
    ("glpat-Zq7Xw2", "…", "truncated or templated"), ("dop_v1_", "${", "truncated or templated"),
    ("Zq7Xw2Rt5Yu8Io1Pa4Sd", " ok", None),
])
def test_masked_cut_and_templated_values(value: str, after: str, reason: str | None) -> None:
    assert shown_in_part(value, after) == reason
