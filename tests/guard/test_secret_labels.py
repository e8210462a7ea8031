"""Credentials named by a bare `token` label, an `*_TOKEN` variable, `api key:`, or passed to curl/wget on the
command line; and the everyday texts with the same words that are not credentials."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aiwarden.core.findings import Severity
from aiwarden.guard import secret_labels, secrets
from aiwarden.guard.types import OutputContext

CTX = OutputContext()


@pytest.mark.parametrize(("text", "value", "rule"), [
    ("token: 8f2k9d0s7a6h5j4k3l2", "8f2k9d0s7a6h5j4k3l2", "secrets.generic-assignment"),
    ("SLACK_TOKEN=q8w7e6r5t4y3u2i1o0p9", "q8w7e6r5t4y3u2i1o0p9", "secrets.generic-assignment"),
    ("export GITLAB_TOKEN=a7f3c9e1b2d4f6a8c0e2", "a7f3c9e1b2d4f6a8c0e2", "secrets.generic-assignment"),
    ("api key: 51c7b9a3e2f4d6c8b0a1", "51c7b9a3e2f4d6c8b0a1", "secrets.generic-assignment"),
    ("curl --user admin:S3cr3tPassw0rd https://api.example.com", "S3cr3tPassw0rd", "secrets.cli-credentials"),
    ("curl -s -u admin:S3cr3tPassw0rd https://api.example.com", "S3cr3tPassw0rd", "secrets.cli-credentials"),
    ("wget --user bob:Tr0ub4dor3x https://files.example.com/a", "Tr0ub4dor3x", "secrets.cli-credentials"),
])
def test_labelled_credentials_are_found(text: str, value: str, rule: str) -> None:
    findings = secrets.detect(text, CTX)
    assert [(f.rule_id, text[f.span[0]:f.span[1]]) for f in findings if f.span] == [(rule, value)]
    assert findings[0].severity == Severity.HIGH and findings[0].replacement


@pytest.mark.parametrize("text", [
    "token = tokenizer.encode(text)", "max_tokens=256", "token: 12345678", "The token: a parsed word from the input.",
    "Set token = None before the loop.", "token=${GITHUB_TOKEN}", "token: YOUR_TOKEN_HERE",
    "curl -u user:password https://x", "ls -u root:admin", "docker run -u 1000:1000 img",
    "docker exec -u postgres:postgres db psql", "Each token: one piece of the sentence.",
])
def test_the_same_words_in_ordinary_text_are_not_credentials(text: str) -> None:
    assert [f for f in secrets.detect(text, CTX) if f.severity >= Severity.MEDIUM] == []


def test_a_secret_key_prefix_before_a_random_body_needs_no_label() -> None:
    from aiwarden.guard import Guard

    guard = Guard(use_model=False)
    assert guard.scan_output("Here it is: sk-live-x57ouy475qd3p4nrhgytwxbtkn6oibfi").action == "redact"
    assert guard.scan_output("key_prod_Q7vX2mK9pL4wR8tN3bZ6cY1hJ5fD0sGa").action == "redact"
    for benign in ("see token_bucket_algorithm_implementation_details", "pk_live_x57ouy475qd3p4nrhgytwxbtkn6oibfi",
                   "commit 3f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f"):
        assert guard.scan_output(benign).action == "allow", benign


def _is_sequence_pair_by_pair(value: str) -> bool:
    core = "".join(c for c in value.lower() if c.isalnum())
    if len(core) < 8:
        return False
    steps = sum(1 for a, b in itertools.pairwise(core) if ord(b) - ord(a) == 1)
    return steps >= 0.6 * (len(core) - 1)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(("abcdef", "ABCDEFGH", "0123456789", "xyz", "-", "_", "é", "Ω", "9a")),
                          st.text(alphabet="abcdefXYZ0123456789-_", max_size=4)), max_size=8).map("".join))
def test_sequences_are_counted_as_the_pair_by_pair_walk(value: str) -> None:
    assert secret_labels._is_sequence(value) == _is_sequence_pair_by_pair(value)


def test_keyboard_runs_are_sequences_and_keys_are_not() -> None:
    assert secret_labels._is_sequence("abcdefgh12345678") and secret_labels._is_sequence("0123456789abcdef")
    assert not secret_labels._is_sequence("xQ7zK9pL2mN4vB8w")
