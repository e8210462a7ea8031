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


# One or two characters off a provider's length, or the exact shape with a failing checksum: still nearly all of a
# key's entropy (repairable by trying each position), so medium and redacted rather than info.
REPAIRABLE = frozenset({"one-short", "one-long", "bad-checksum"})


@pytest.mark.parametrize("kind", sorted({kind for kind, _ in NEAR_MISSES} - REPAIRABLE))
def test_near_misses_raise_nothing_above_info(kind: str) -> None:
    flagged = [text for k, text in NEAR_MISSES if k == kind and _blocking(text)]
    assert flagged == []


def _claims_one_format(text: str) -> bool:
    """The sample's prefix names one provider (not a shared prefix such as Twilio's SK), and its format has no
    fixed suffix that the one-short sample leaves off."""
    fmt = next(f for f in FORMATS if text.startswith(f"{f.env}="))
    return not fmt.suffix and len(fmt.prefix) >= 3


@pytest.mark.parametrize("kind", sorted(REPAIRABLE))
def test_repairable_near_misses_are_redacted_as_possibly_edited(kind: str) -> None:
    texts = [text for k, text in NEAR_MISSES if k == kind and (kind == "bad-checksum" or _claims_one_format(text))]
    assert len(texts) >= 10
    unredacted = []
    for text in texts:
        findings = [f for f in secrets.detect(text, CTX) if f.severity > Severity.INFO and f.replacement]
        if not findings:
            unredacted.append(text)
        # a variable-length format may accept the value outright; otherwise the message says what is wrong
        assert all("possibly edited or invented" in f.message for f in findings if f.severity == Severity.MEDIUM)
    # a uniform draw of a hex or lower-case body reads as non-random about 1 time in 100
    assert len(unredacted) <= max(1, 0.02 * len(texts)), unredacted


@pytest.mark.parametrize(("text", "rule"), [
    ("GITHUB_TOKEN=ghp_" + "Ab3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eF3h", "secrets.generic-assignment"),  # 34: short
    ("NPM_TOKEN=npm_ptgUzEjfebzJ6sZWdoHIxrXl0gqn87b1PZq", "secrets.generic-assignment"),  # 35: short
    ("Authorization: Bearer glpat-" + "Zq7Xw2Rt5Yu8Io1Pa4S", "secrets.bearer-token"),  # 19: short
    ("the key ghp_" + "Ab3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eF3hJ7k leaked", "secrets.high-entropy-token"),  # 37: long
    ("see ghp_" + "Ab3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eF3hJ7k here", "secrets.near-miss-key"),  # no credential word
    ("AWS_ACCESS_KEY_ID=AKIA" + "QW3RT7YU2IO5PA4SD", "secrets.near-miss-key"),  # 17: one long
])
def test_a_value_one_or_two_off_a_format_is_medium_and_redacted(text: str, rule: str) -> None:
    findings = [f for f in secrets.detect(text, CTX) if f.rule_id == rule]
    assert findings and all(f.severity == Severity.MEDIUM and f.replacement == "SECRET" and
                            "possibly edited or invented" in f.message for f in findings)


@pytest.mark.parametrize(("text", "rule"), [
    ("GITHUB_TOKEN=ghp_" + "Ab3dE6gH9jK2mN5pQ8sT1vW4", "secrets.generic-assignment"),  # 24: far too short
    ("Authorization: Bearer glpat-" + "Zq7Xw2Rt5Yu8Io1Pa4SdF6gH9jK3", "secrets.bearer-token"),  # 27, no tail
])
def test_a_claimed_prefix_far_from_its_format_is_info(text: str, rule: str) -> None:
    findings = [f for f in secrets.detect(text, CTX) if f.rule_id == rule]
    assert findings and all(f.severity == Severity.INFO and "not the format" in f.message for f in findings)


@pytest.mark.parametrize("text", [
    "GITHUB_TOKEN=ghp_" + "x" * 35, "GITHUB_TOKEN=ghp_" + "0" * 37, "the key ghp_" + "Ab12" * 9 + "A leaked",
    "GITHUB_TOKEN=ghp_Ab3dE6gH9jK2mN5pQ8sT1vW4yZ7b...", "GITHUB_TOKEN=ghp_****************************abcd",
])
def test_non_random_near_misses_stay_info(text: str) -> None:
    assert _blocking(text) == []


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
