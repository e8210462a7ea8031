"""`aiwarden firewall check` reads OpenAI Chat (tool_calls and legacy function_call), OpenAI Responses and
Anthropic Messages traces with the same provenance semantics, and refuses anything it cannot read (exit 2)
instead of reporting "0 tool call(s)" with exit 0."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from aiwarden.firewall import Firewall
from aiwarden.firewall.traces import TraceError, read_trace

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "traces"
POLICY = EXAMPLES / "policy.toml"
TRACES = {"openai-chat.json": "openai-chat", "openai-chat-function-call.json": "openai-chat",
          "openai-responses.json": "openai-responses", "anthropic.json": "anthropic"}
IBAN = "GB29NWBK60161331926819"


def _check(trace: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "aiwarden", "firewall", "check", "--policy", str(POLICY),
                           str(trace), *args], capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("name", sorted(TRACES))
def test_a_denied_call_is_denied_in_every_format(name: str) -> None:
    result = _check(EXAMPLES / name, "--format", "json")
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert report["format"] == TRACES[name]
    decisions = [(d["tool"], d["action"], d["rule_id"]) for d in report["decisions"]]
    assert decisions == [("read_inbox", "allow", "allow"), ("send_money", "deny", "untrusted-value-to-sink")]
    assert "comes from untrusted content (tool read_inbox" in report["decisions"][1]["reason"]


def _decisions(data: Any) -> list[str]:
    firewall = Firewall.from_file(POLICY)
    session = firewall.session()
    actions = []
    for item in read_trace(data).messages:
        actions += [str(session.check(call).action) for call in item.message.get("tool_calls") or []]
        session.observe(item.message, item.index)
    return actions


def _trusted_iban(name: str, data: Any) -> Any:
    """The same trace where the user, not the e-mail, gives the account number."""
    data = copy.deepcopy(data)
    ask = f"Pay the rent to {IBAN}, 1200 EUR."
    if name == "openai-responses.json":
        data["input"][0]["content"][0]["text"] = ask
    elif name == "anthropic.json":
        data["messages"][2]["content"].append({"type": "text", "text": ask})  # beside the tool result
    else:
        messages = data["messages"] if isinstance(data, dict) else data
        messages[1]["content"] = ask
    return data


@pytest.mark.parametrize("name", sorted(TRACES))
def test_tool_results_are_untrusted_and_user_text_trusted_in_every_format(name: str) -> None:
    data = json.loads((EXAMPLES / name).read_text())
    assert _decisions(data) == ["allow", "deny"]
    assert _decisions(_trusted_iban(name, data)) == ["allow", "allow"]


def test_parallel_responses_calls_are_one_turn() -> None:
    call = {"type": "function_call", "call_id": "a", "name": "read_inbox", "arguments": "{}"}
    trace = read_trace([{"role": "user", "content": "hi"}, call, call | {"call_id": "b"}])
    assert [len(m.message.get("tool_calls") or []) for m in trace.messages] == [0, 2]


UNREADABLE = {
    "unknown role": ([{"role": "user", "content": "hi"}, {"role": "robot", "content": "x"}],
                     "message 1: unknown role 'robot'"),
    "chat custom tool call": ([{"role": "assistant", "tool_calls": [
        {"id": "c", "type": "custom", "custom": {"name": "send_money", "input": "x"}}]}],
        "message 0, tool call 0: unknown tool call type 'custom'"),
    "chat unknown content part": ([{"role": "user", "content": [{"type": "audio_blob", "id": "x"}]}],
                                  "message 0, part 0: unknown content part type 'audio_blob'"),
    "responses hosted tool": ({"input": [{"type": "web_search_call", "id": "ws"}]},
                              "input item 0: unknown item type 'web_search_call'"),
    "anthropic server tool": ({"system": "s", "messages": [{"role": "assistant", "content": [
        {"type": "server_tool_use", "id": "s", "name": "web_search", "input": {}}]}]},
        "message 0, block 0: unknown block type 'server_tool_use'"),
    "anthropic system role": ({"system": "s", "messages": [{"role": "system", "content": "x"}]},
                              "message 0: unknown role 'system'"),
    "nameless call": ([{"role": "assistant", "tool_calls": [{"id": "c", "function": {"arguments": "{}"}}]}],
                      "tool call without a name"),
    "empty list": ([], "no messages"),
    "empty messages": ({"messages": []}, "no messages"),
    "not a list": ({"conversation": []}, "expected a list of messages"),
    "escape in role": ([{"role": "\x1b[2Jtool"}], "unknown role '\\x1b[2Jtool'"),
}


@pytest.mark.parametrize("case", sorted(UNREADABLE))
def test_what_the_firewall_cannot_read_is_an_error(case: str, tmp_path: Path) -> None:
    data, message = UNREADABLE[case]
    with pytest.raises(TraceError) as caught:
        read_trace(data)
    assert message in str(caught.value)
    (tmp_path / "trace.json").write_text(json.dumps(data))
    result = _check(tmp_path / "trace.json")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and message in result.stderr and "Traceback" not in result.stderr
    assert str(tmp_path / "trace.json") in result.stderr


def test_an_explicit_format_is_read_strictly() -> None:
    result = _check(EXAMPLES / "anthropic.json", "--trace-format", "openai-chat")
    assert result.returncode == 2 and result.stdout == ""
    assert "message 1, part 1: unknown content part type 'tool_use'" in result.stderr
