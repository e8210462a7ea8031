"""Reference targets for the red-team tests: real HTTP servers on 127.0.0.1, started in a thread and stopped after."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any

import pytest

from tests.redteam.reference_target import RunningTarget, TargetOptions, serve_in_thread


@pytest.fixture(scope="module")
def vulnerable_target() -> Iterator[RunningTarget]:
    """The vulnerable reference target, one per test module."""
    with serve_in_thread(TargetOptions(mode="vulnerable")) as running:
        yield running


@pytest.fixture(scope="module")
def hardened_target() -> Iterator[RunningTarget]:
    """The hardened reference target, one per test module."""
    with serve_in_thread(TargetOptions(mode="hardened")) as running:
        yield running


@pytest.fixture
def start_target() -> Iterator[Callable[..., RunningTarget]]:
    """Start a reference target with any ``TargetOptions`` (faults, API key...); all are stopped after the test."""
    with ExitStack() as stack:

        def start(**options: Any) -> RunningTarget:
            return stack.enter_context(serve_in_thread(TargetOptions(**options)))

        yield start
