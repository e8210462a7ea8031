"""The randomness tests of key bodies: after a provider's literal prefix, nearly every uniform draw is a key."""

from __future__ import annotations

import random
import string

import pytest

from aiwarden.guard.secret_entropy import looks_random, plausible_key_body

ALPHABETS = {
    "lower36": string.ascii_lowercase + string.digits,
    "upper36": string.ascii_uppercase + string.digits,
    "hex": "0123456789abcdef",
    "base62": string.ascii_letters + string.digits,
}


@pytest.mark.parametrize("alphabet", sorted(ALPHABETS))
@pytest.mark.parametrize("length", [16, 26, 32, 40])
def test_uniform_draws_after_a_prefix_are_plausible_keys(alphabet: str, length: int) -> None:
    rng = random.Random(f"{alphabet}-{length}")
    draws = ["".join(rng.choice(ALPHABETS[alphabet]) for _ in range(length)) for _ in range(2000)]
    # at most 1 in 1,000: a draw whose symbols are so skewed (entropy half a bit under the 1st percentile) that a
    # sequence or run of that alphabet would look the same
    assert sum(not plausible_key_body(d) for d in draws) <= 2


def test_the_full_randomness_test_refuses_some_uniform_draws() -> None:
    """Why prefixed rules use the lighter test: looks_random trades recall for unlabelled precision."""
    rng = random.Random(7)
    draws = ["".join(rng.choice(ALPHABETS["lower36"]) for _ in range(26)) for _ in range(2000)]
    assert sum(not looks_random(d, min_length=8, labelled=True) for d in draws) > 10


@pytest.mark.parametrize("body", ["aaaaaaaaaaaaaaaaaaaaaaaaaa", "abababababababababababab",
                                  "mysecretpasswordgoeshere00", "short1"])
def test_runs_words_and_short_bodies_are_refused(body: str) -> None:
    assert not plausible_key_body(body)
