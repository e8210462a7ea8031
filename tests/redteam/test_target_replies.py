"""How replies are read: chat.completion shapes, Retry-After forms, callables returning any reply shape."""

from __future__ import annotations

import asyncio
import email.utils
from typing import Any

import pytest

from aiwarden.redteam.model import TargetReply, ToolCall
from aiwarden.redteam.targets import (
    MAX_RETRY_AFTER_SECONDS,
    CallableTarget,
    TargetError,
    parse_retry_after,
    reply_from_completion,
)


def completion(message: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"id": "x", "object": "chat.completion", "choices": [{"index": 0, "message": message,
                                                                  "finish_reason": "stop"}], **extra}


def test_text_tool_calls_and_usage_are_read() -> None:
    body = completion({"role": "assistant", "content": "hello", "tool_calls": [
        {"id": "c1", "type": "function", "function": {"name": "send_email", "arguments": '{"to": "a@b.c"}'}},
        {"id": "c2", "type": "function", "function": {"name": "http_get", "arguments": {"url": "http://x"}}}]},
        usage={"prompt_tokens": 12, "completion_tokens": 3})
    reply = reply_from_completion(body)
    assert reply.text == "hello"
    assert reply.tool_calls == (ToolCall("send_email", '{"to": "a@b.c"}'), ToolCall("http_get", '{"url": "http://x"}'))
    assert (reply.prompt_tokens, reply.completion_tokens, reply.finish_reason) == (12, 3, "stop")


def test_content_parts_and_null_content() -> None:
    parts = completion({"role": "assistant", "content": [{"type": "text", "text": "a"}, {"type": "image"},
                                                         {"type": "text", "text": "b"}]})
    assert reply_from_completion(parts).text == "ab"
    assert reply_from_completion(completion({"role": "assistant", "content": None})).text == ""


@pytest.mark.parametrize("body", [[], "text", {}, {"choices": []}, {"choices": [1]}, {"choices": [{"index": 0}]}])
def test_malformed_completions_are_errors_that_say_so(body: Any) -> None:
    with pytest.raises(TargetError, match=r"^malformed response"):
        reply_from_completion(body)


def test_retry_after_seconds_dates_and_garbage() -> None:
    assert parse_retry_after("3") == 3.0
    assert parse_retry_after("0.5") == 0.5
    assert parse_retry_after("-4") == 0.0
    assert parse_retry_after("99999") == MAX_RETRY_AFTER_SECONDS
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    assert parse_retry_after("nan") is None
    now = 1_800_000_000.0
    date = email.utils.formatdate(now + 7, usegmt=True)
    assert parse_retry_after(date, now=now) == pytest.approx(7.0, abs=1.0)


def test_callables_sync_and_async_and_their_reply_shapes() -> None:
    seen: list[Any] = []

    def text_fn(messages: list[dict[str, Any]], tools: Any) -> str:
        seen.append((messages, tools))
        return "plain"

    async def dict_fn(messages: list[dict[str, Any]], tools: Any) -> dict[str, Any]:
        return {"content": "with call", "tool_calls": [{"name": "run_shell", "arguments": {"command": "id"}}]}

    def reply_fn(messages: list[dict[str, Any]], tools: Any) -> TargetReply:
        return TargetReply(text="as is", status=200)

    def bad_fn(messages: list[dict[str, Any]], tools: Any) -> int:
        return 5

    async def main() -> list[TargetReply]:
        msgs = [{"role": "user", "content": "hi"}]
        return [await CallableTarget(text_fn).send(msgs, None), await CallableTarget(dict_fn).send(msgs, None),
                await CallableTarget(reply_fn).send(msgs, None)]

    plain, with_call, as_is = asyncio.run(main())
    assert plain.text == "plain" and seen[0][0][0]["content"] == "hi"
    assert with_call.tool_calls == (ToolCall("run_shell", '{"command": "id"}'),)
    assert as_is.text == "as is"
    with pytest.raises(TargetError, match="returned int"):
        asyncio.run(CallableTarget(bad_fn).send([], None))  # type: ignore[arg-type]


@pytest.mark.parametrize("url, shown", [
    ("https://user:sk-secret@api.example/v1", "https://***@api.example/v1"),
    ("http://token@127.0.0.1:8000/v1", "http://***@127.0.0.1:8000/v1"),
    ("http://127.0.0.1:8000/v1", "http://127.0.0.1:8000/v1"),
])
def test_credentials_in_the_target_url_never_reach_reports(url: str, shown: str) -> None:
    import asyncio

    from aiwarden.redteam.targets import OpenAIChatTarget, without_credentials

    assert without_credentials(url) == shown
    target = OpenAIChatTarget(url, "m")
    assert target.description == f"{shown} (model m)"
    asyncio.run(target.aclose())
