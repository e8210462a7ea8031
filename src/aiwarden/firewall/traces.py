"""Recorded conversations in the formats agents log, read into the chat-completions messages the firewall judges.

Formats: OpenAI Chat Completions (``tool_calls`` and the legacy ``function_call``), OpenAI Responses (``message``,
``function_call`` and ``function_call_output`` items) and Anthropic Messages (``tool_use`` and ``tool_result``
blocks). Tool results are untrusted content in every format. A reader that skipped what it does not know would
let a tool call through undecided, so anything else (an unknown role, item or block type, a malformed call, a
trace with no message) raises ``TraceError`` naming where it is. Parsed data in, messages out: no I/O.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from aiwarden.core.display import safe_name
from aiwarden.core.errors import UsageError

FORMATS = ("openai-chat", "openai-responses", "anthropic")

_CHAT_ROLES = frozenset({"system", "developer", "user", "assistant", "tool", "function"})
_RESPONSES_ROLES = frozenset({"system", "developer", "user", "assistant"})
# Content parts that carry no text the firewall compares (images, audio, files): read as nothing.
_CHAT_MEDIA = frozenset({"image_url", "input_audio", "file"})
_RESPONSES_MEDIA = frozenset({"input_image", "input_file", "input_audio"})
_ANTHROPIC_MEDIA = frozenset({"image", "document"})
_ANTHROPIC_THOUGHTS = frozenset({"thinking", "redacted_thinking"})
# Block types only Anthropic traces have: how "auto" tells them from chat messages with content parts.
_ANTHROPIC_MARKERS = frozenset({"tool_use", "tool_result"}) | _ANTHROPIC_THOUGHTS | _ANTHROPIC_MEDIA


class TraceError(UsageError):
    """The trace is not in a format the firewall reads, or holds something it cannot judge."""

    def __init__(self, where: str, message: str):
        super().__init__(f"{where}: {message}" if where else message)


@dataclass(frozen=True, slots=True)
class TraceMessage:
    message: dict[str, Any]  # chat-completions shape: what Session.observe reads
    index: int  # the message or item of the file it comes from
    where: str  # that place in words, for reports


@dataclass(frozen=True, slots=True)
class Trace:
    format: str
    messages: list[TraceMessage]


def read_trace(data: Any, fmt: str = "auto") -> Trace:
    """The conversation in ``data`` (parsed JSON), in ``fmt`` or the format it is recognised as."""
    if fmt == "auto":
        fmt = detect_format(data)
    if fmt == "openai-chat":
        messages = list(_chat(_list(data, "messages")))
    elif fmt == "openai-responses":
        messages = list(_responses(data))
    elif fmt == "anthropic":
        messages = list(_anthropic(data))
    else:
        raise TraceError("", f"unknown trace format {fmt!r} (known: {', '.join(FORMATS)})")
    if not messages:
        raise TraceError("", "no messages: nothing to replay")
    return Trace(fmt, messages)


def detect_format(data: Any) -> str:
    if isinstance(data, dict) and ({"input", "output", "instructions"} & set(data)):
        return "openai-responses"
    if isinstance(data, dict) and "system" in data:
        return "anthropic"
    items = data.get("messages") if isinstance(data, dict) else data
    if not isinstance(items, list):
        return "openai-chat"  # the chat reader says what is wrong
    items = [item for item in items if isinstance(item, dict)]
    if any("type" in item for item in items):
        return "openai-responses"
    for item in items:
        content = item.get("content")
        if isinstance(content, list) and any(isinstance(b, dict) and b.get("type") in _ANTHROPIC_MARKERS
                                             for b in content):
            return "anthropic"
    return "openai-chat"


def _list(data: Any, key: str) -> list[Any]:
    items = data.get(key) if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise TraceError("", f"expected a list of messages or {{{json.dumps(key)}: [...]}}")
    return items


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise TraceError(where, f"expected an object, not {type(value).__name__}")
    return value


def _name(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value:
        raise TraceError(where, "tool call without a name")
    return value


def _arguments(value: Any, where: str) -> str:
    """Arguments as the JSON text chat-completions calls carry (the engine parses them, once per decision)."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return json.dumps(value)
    raise TraceError(where, "tool call arguments must be a JSON string or an object")


def _call(call_id: Any, name: str, arguments: str) -> dict[str, Any]:
    return {"id": str(call_id or ""), "type": "function", "function": {"name": name, "arguments": arguments}}


def _show(value: Any) -> str:
    """A value from the trace, safe for a terminal and short enough for one line."""
    shown = safe_name(value if isinstance(value, str) else json.dumps(value))
    return shown if len(shown) <= 60 else shown[:57] + "..."


def _role(value: Any, known: frozenset[str], where: str) -> str:
    if value not in known:
        raise TraceError(where, f"unknown role '{_show(value)}' (known: {', '.join(sorted(known))})")
    return str(value)


def _unknown(kind: str, value: Any, where: str) -> TraceError:
    return TraceError(where, f"unknown {kind} '{_show(value)}': it could carry a tool call the firewall would "
                      "not judge")


def _text(content: Any, where: str, text_types: dict[str, str], media: frozenset[str]) -> str:
    """The text of trusted or assistant content: a string, or parts of known types (media count as none)."""
    if content is None or isinstance(content, str):
        return content or ""
    if not isinstance(content, list):
        raise TraceError(where, "content must be a string or a list of parts")
    texts = []
    for number, part in enumerate(content):
        at = f"{where}, part {number}"
        kind = _object(part, at).get("type")
        if kind in text_types:
            texts.append(str(part.get(text_types[kind], "")))
        elif kind not in media:
            raise _unknown("content part type", kind, at)
    return "\n".join(texts)


def _tool_output(content: Any, text_types: frozenset[str]) -> str:
    """A tool's output, all of it: untrusted whatever its parts are, so parts of other types are kept as JSON
    (a value hidden in one of them must still count as coming from untrusted content)."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "\n".join(str(p.get("text", "")) if isinstance(p, dict) and p.get("type") in text_types
                         else json.dumps(p) for p in content)
    return "" if content is None else json.dumps(content)


# -- OpenAI Chat Completions -------------------------------------------------------------------------------------

_CHAT_TEXT = {"text": "text", "refusal": "refusal"}


def _chat(items: list[Any]) -> Iterator[TraceMessage]:
    for index, item in enumerate(items):
        where = f"message {index}"
        message = _object(item, where)
        role = _role(message.get("role"), _CHAT_ROLES, where)
        if role in ("tool", "function"):
            name = message.get("name") if role == "function" else None
            if role == "function" and not isinstance(name, str):
                raise TraceError(where, "a function message needs the name of the function")
            output = _tool_output(message.get("content"), frozenset({"text"}))
            yield TraceMessage({"role": "tool", "name": name, "tool_call_id": str(message.get("tool_call_id") or ""),
                                "content": output}, index, where)
            continue
        text = _text(message.get("content"), where, _CHAT_TEXT, _CHAT_MEDIA)
        if role != "assistant":
            yield TraceMessage({"role": role, "content": text}, index, where)
            continue
        yield TraceMessage({"role": "assistant", "content": text, "tool_calls": _chat_calls(message, index, where)},
                           index, where)


def _chat_calls(message: dict[str, Any], index: int, where: str) -> list[dict[str, Any]]:
    calls = []
    raw = message.get("tool_calls")
    if raw is not None and not isinstance(raw, list):
        raise TraceError(where, "tool_calls must be a list")
    for number, call in enumerate(raw or []):
        at = f"{where}, tool call {number}"
        call = _object(call, at)
        if call.get("type", "function") != "function":
            raise _unknown("tool call type", call.get("type"), at)
        function = _object(call.get("function"), f"{at}, function")
        calls.append(_call(call.get("id"), _name(function.get("name"), at), _arguments(function.get("arguments"), at)))
    legacy = message.get("function_call")  # before tool_calls: one call, no id, answered by a "function" message
    if legacy is not None:
        at = f"{where}, function_call"
        legacy = _object(legacy, at)
        calls.append(_call(f"function_call@{index}", _name(legacy.get("name"), at),
                           _arguments(legacy.get("arguments"), at)))
    return calls


# -- OpenAI Responses --------------------------------------------------------------------------------------------

_RESPONSES_TEXT = {"input_text": "text", "output_text": "text", "text": "text", "refusal": "refusal"}


def _responses(data: Any) -> Iterator[TraceMessage]:
    """A list of input items, a request body ({"instructions", "input"}) or a response ({"output"})."""
    if isinstance(data, list):
        yield from _response_items(data, "item", 0)
        return
    if not isinstance(data, dict):
        raise TraceError("", "expected a list of Responses items or {\"input\": [...]}")
    offset = 0
    instructions = data.get("instructions")
    if instructions is not None:
        if not isinstance(instructions, str):
            raise TraceError("instructions", "must be a string")
        yield TraceMessage({"role": "developer", "content": instructions}, 0, "instructions")
    for key in ("input", "output"):
        items = data.get(key)
        if isinstance(items, str):
            items = [{"role": "user", "content": items}]
        if items is None:
            continue
        if not isinstance(items, list):
            raise TraceError(key, "must be a list of items")
        yield from _response_items(items, f"{key} item", offset)
        offset += len(items)


def _response_items(items: list[Any], label: str, offset: int) -> Iterator[TraceMessage]:
    pending: list[dict[str, Any]] = []  # consecutive function_call items: one turn, like parallel tool_calls
    first = 0
    for number, raw in enumerate(items):
        where = f"{label} {number}"
        item = _object(raw, where)
        kind = item.get("type", "message")
        if kind == "function_call":
            if not pending:
                first = number
            pending.append(_call(item.get("call_id"), _name(item.get("name"), where),
                                 _arguments(item.get("arguments"), where)))
            continue
        if pending:
            yield TraceMessage({"role": "assistant", "tool_calls": pending}, offset + first, f"{label} {first}")
            pending = []
        if kind == "function_call_output":
            output = _tool_output(item.get("output"), frozenset({"input_text", "output_text", "text"}))
            yield TraceMessage({"role": "tool", "tool_call_id": str(item.get("call_id") or ""), "content": output},
                               offset + number, where)
        elif kind == "message":
            role = _role(item.get("role"), _RESPONSES_ROLES, where)
            text = _text(item.get("content"), where, _RESPONSES_TEXT, _RESPONSES_MEDIA)
            yield TraceMessage({"role": role, "content": text}, offset + number, where)
        elif kind != "reasoning":  # the model's own reasoning: neither a call nor content it was given
            raise _unknown("item type", kind, where)
    if pending:
        yield TraceMessage({"role": "assistant", "tool_calls": pending}, offset + first, f"{label} {first}")


# -- Anthropic Messages ------------------------------------------------------------------------------------------


def _anthropic(data: Any) -> Iterator[TraceMessage]:
    """A list of messages, or a request body {"system", "messages"}."""
    if isinstance(data, dict) and data.get("system") is not None:
        system = _text(data["system"], "system", {"text": "text"}, frozenset())
        yield TraceMessage({"role": "system", "content": system}, 0, "system")
    for index, item in enumerate(_list(data, "messages")):
        where = f"message {index}"
        message = _object(item, where)
        role = _role(message.get("role"), frozenset({"user", "assistant"}), where)
        content = message.get("content")
        if isinstance(content, str):
            content = [{"type": "text", "text": content}]
        if not isinstance(content, list):
            raise TraceError(where, "content must be a string or a list of blocks")
        if role == "assistant":
            yield TraceMessage(_anthropic_turn(content, where), index, where)
        else:
            yield from _anthropic_user(content, index, where)


def _anthropic_turn(blocks: list[Any], where: str) -> dict[str, Any]:
    texts, calls = [], []
    for number, raw in enumerate(blocks):
        at = f"{where}, block {number}"
        block = _object(raw, at)
        kind = block.get("type")
        if kind == "tool_use":
            calls.append(_call(block.get("id"), _name(block.get("name"), at), _arguments(block.get("input", {}), at)))
        elif kind == "text":
            texts.append(str(block.get("text", "")))
        elif kind not in _ANTHROPIC_THOUGHTS:
            raise _unknown("block type", kind, at)
    return {"role": "assistant", "content": "\n".join(texts), "tool_calls": calls}


def _anthropic_user(blocks: list[Any], index: int, where: str) -> Iterator[TraceMessage]:
    """A user turn: tool results become tool messages (untrusted), the rest the user's own text (trusted)."""
    texts: list[str] = []
    for number, raw in enumerate(blocks):
        at = f"{where}, block {number}"
        block = _object(raw, at)
        kind = block.get("type")
        if kind == "tool_result":
            output = _tool_output(block.get("content"), frozenset({"text"}))
            yield TraceMessage({"role": "tool", "tool_call_id": str(block.get("tool_use_id") or ""),
                                "content": output}, index, at)
        elif kind == "text":
            texts.append(str(block.get("text", "")))
        elif kind not in _ANTHROPIC_MEDIA:
            raise _unknown("block type", kind, at)
    if texts:
        yield TraceMessage({"role": "user", "content": "\n".join(texts)}, index, where)
