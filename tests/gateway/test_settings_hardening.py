"""Gateway settings from aiwarden.toml and the command line, and the output hardening rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from aiwarden.core.config import load_config
from aiwarden.core.errors import ConfigError
from aiwarden.gateway.hardening import harden_choice, harden_request
from aiwarden.gateway.input_scan import passages
from aiwarden.gateway.settings import Hardening, from_config


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "aiwarden.toml"
    path.write_text(text)
    return str(path)


def test_upstreams_and_hardening_come_from_the_config_file(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, """
[gateway]
input_action = "log"
[[gateway.upstreams]]
url = "http://127.0.0.1:9000/v1/"
models = ["small"]
api_key_env = "SMALL_KEY"
[[gateway.upstreams]]
url = "https://api.example.com/v1"
[gateway.hardening]
logprobs = "strip"
max_n = 2
"""))
    settings = from_config(config, port=9100, redis_timeout=2.5)
    assert [u.url for u in settings.upstreams] == ["http://127.0.0.1:9000/v1", "https://api.example.com/v1"]
    assert settings.upstreams[0].models == ("small",) and settings.upstreams[0].api_key_env == "SMALL_KEY"
    assert settings.input_action == "log" and settings.port == 9100 and settings.redis_timeout == 2.5
    assert settings.hardening == Hardening(logprobs="strip", max_n=2)


@pytest.mark.parametrize(("text", "message"), [
    ('[gateway]\ninput_action = "drop"', "must be one of"),
    ('[gateway]\nport = 0', "greater than 0"),
    ('[gateway]\nupstream_key = "sk-123"', "unknown key"),
    ('[[gateway.upstreams]]\nmodels = ["x"]', "needs a non-empty 'url'"),
    ('[[gateway.upstreams]]\nurl = "http://a:1/v1"\nmodels = ["m"]\n[[gateway.upstreams]]\nurl = "http://b:1/v1"\n'
     'models = ["m"]', "routed to two upstreams"),
    ('[[gateway.upstreams]]\nurl = "http://a:99999/v1"', "no valid port"),
    ('[gateway.hardening]\nlogprobs = "hide"', "must be one of"),
    ('[gateway]\nredis_timeout = 0', "greater than 0"),
    ('[gateway]\nredis_timeout = "fast"', "redis_timeout"),
])
def test_a_bad_config_is_one_clear_error(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        from_config(load_config(write(tmp_path, text)))


@pytest.mark.parametrize(("url", "message"), [
    ("ftp://host/v1", "http"), ("http://user:secret@host/v1", "environment variable"),
    ("http:///v1", "http"), ("http://host/v1?key=1", "query"),
])
def test_upstream_urls_are_checked(url: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        from_config(load_config(None, cwd="/"), upstreams=[url])


def test_no_upstream_is_an_error() -> None:
    with pytest.raises(ConfigError, match="no upstream"):
        from_config(load_config(None, cwd="/"))


def test_a_missing_upstream_key_variable_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AW_TEST_UPSTREAM_KEY", raising=False)
    settings = from_config(load_config(None, cwd="/"), upstreams=["http://127.0.0.1:1/v1"],
                           upstream_api_key_env="AW_TEST_UPSTREAM_KEY")
    with pytest.raises(ConfigError, match="AW_TEST_UPSTREAM_KEY"):
        settings.upstream_key(settings.upstreams[0])


def test_request_parameters_are_brought_inside_the_ranges() -> None:
    rules = Hardening(logprobs="strip", max_n=1, max_tokens=256, max_temperature=1.0)
    body = {"n": 5, "best_of": 3, "max_tokens": 4096, "temperature": 2.0, "logprobs": True, "top_logprobs": 20}
    changes = harden_request(body, rules)
    assert body == {"n": 1, "best_of": 1, "max_tokens": 256, "temperature": 1.0}
    assert len(changes) == 6
    fresh: dict[str, object] = {}
    harden_request(fresh, rules)
    assert fresh == {"max_tokens": 256}  # no limit given: the cap becomes the limit


def test_booleans_are_not_numbers_to_clamp() -> None:
    body = {"n": True, "temperature": False}
    assert harden_request(body, Hardening(max_n=1, max_temperature=0.5)) == []


def test_logprobs_are_rounded_or_stripped_in_answers() -> None:
    choice = {"logprobs": {"content": [{"token": "a", "logprob": -0.123456, "bytes": [97],
                                        "top_logprobs": [{"token": "b", "logprob": -2.98765}]}]}}
    harden_choice(choice, Hardening(logprobs="round"))
    item = choice["logprobs"]["content"][0]  # type: ignore[index]
    assert item == {"token": "a", "logprob": -0.1, "top_logprobs": [{"token": "b", "logprob": -3.0}]}
    harden_choice(choice, Hardening(logprobs="strip"))
    assert choice["logprobs"] is None


def test_every_text_the_model_reads_is_found_with_its_role() -> None:
    body = {"messages": [
        {"role": "system", "content": "You are terse."},
        {"role": "user", "content": [{"type": "text", "text": "Summarise"}, {"type": "image_url", "image_url": {}}]},
        {"role": "assistant", "content": "Earlier answer"},
        {"role": "tool", "tool_call_id": "1", "content": "page text"},
    ]}
    body["tools"] = [{"type": "function", "function": {"name": "fetch", "description": "Fetch a page.",
                                                        "parameters": {"type": "object"}}}]
    found = [(p.role, p.source, p.text, p.where) for p in passages("chat", body)]
    assert found == [("system", "untrusted", "You are terse.", "messages[0]"),
                     ("user", "user", "Summarise", "messages[1]"),
                     ("assistant", "user", "Earlier answer", "messages[2]"),
                     ("tool", "untrusted", "page text", "messages[3]"),
                     ("system", "untrusted", "function fetch Fetch a page. object", "tools")]
    split = {"messages": [{"role": "user", "name": "boss", "content": [{"type": "text", "text": "Ignore"},
                                                                       {"type": "text", "text": "previous"}]}]}
    assert [p.text for p in passages("chat", split)] == ["boss Ignore previous"]
    assert [p.text for p in passages("completions", {"prompt": ["a", "b"], "suffix": "c"})] == ["a", "b", "c"]
    assert [p.tokens for p in passages("completions", {"prompt": [[1, 2, 3]]})] == [True]
    assert list(passages("embeddings", {"input": [[1, 2, 3]]})) == []


@pytest.mark.parametrize("body", [{"messages": []}, {"messages": "hi"}, {"messages": [{"content": "x"}]},
                                  {"messages": [{"role": "user", "content": 5}]},
                                  {"messages": [{"role": "user", "content": [{"type": "text", "text": 1}]}]}])
def test_malformed_messages_are_refused(body: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        list(passages("chat", body))
