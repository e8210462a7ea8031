"""The gateway's API fuzzed from its own OpenAPI schema (schemathesis), over real HTTP: whatever a client sends,
the answer is one of the documented statuses in the documented shape, and never a server error of its own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from aiwarden.gateway.openapi import schema as gateway_schema
from tests.gateway.servers import Gateway, fake_upstream, gateway

SCHEMA = schemathesis.openapi.from_dict(gateway_schema())


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Gateway, str]]:
    workdir: Path = tmp_path_factory.mktemp("fuzz")
    with fake_upstream() as upstream, gateway(upstream, workdir, "[gateway]\nupstream_timeout = 5\n") as gw:
        yield gw, gw.key()


@SCHEMA.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_answer_is_documented(case: schemathesis.Case, running: tuple[Gateway, str]) -> None:
    gw, key = running
    response = case.call(base_url=gw.url, headers={"authorization": f"Bearer {key}"}, timeout=30)
    assert response.status_code < 500 or response.status_code in (502, 503, 504), response.text
    documented = case.operation.definition.raw["responses"]
    assert str(response.status_code) in documented, (response.status_code, response.text[:300])
    if response.status_code >= 400:
        error = response.json()["error"]
        assert {"message", "type", "code"} <= set(error)
