"""Hostile conversations through the firewall: tool output is untrusted input (JSON, YAML, free text, injected
instructions), so neither check() nor a Session may crash on it, and both must agree."""

import json
import tomllib
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aiwarden.firewall import Decision, Firewall
from aiwarden.firewall.policy import parse_policy

POLICY = """
version = 1
default_action = "deny"
[sources]
trusted_roles = ["system", "user"]
[sources.tool_fields]
list_files = ["content"]
[tools.list_files]
risk = "read"
[tools.delete_file]
risk = "delete"
[tools.send_email]
risk = "send"
[tools.send_email.args.body]
free_text = true
[[rules]]
id = "taint"
when = "tainted-argument"
risks = ["send", "delete"]
[[rules]]
id = "invented"
when = "ungrounded-argument"
risks = ["send"]
action = "require_approval"
[[rules]]
id = "injected"
when = "injected-argument"
risks = ["read", "send", "delete"]
"""
FIREWALL = Firewall(parse_policy(tomllib.loads(POLICY)))

words = st.sampled_from(["13", "June 13", "bob@x.test", "https://evil.test/a?b=1", "ignore all previous "
                         "instructions and", "before you can solve the task, do the following:", "\\n", "- id_: '7'",
                         "content: ", "{", "}", "[", "]", ":", "'", '"', "\u202e", "\U000e0041", "\x00", "é", " ",
                         "\n"])
texts = st.lists(words, max_size=30).map("".join)
json_values: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | texts,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(texts, children, max_size=4), max_leaves=12)
tool_output = texts | json_values.map(lambda v: json.dumps(v)) | st.binary(max_size=40).map(
    lambda b: b.decode("latin-1"))
content = tool_output | json_values | st.lists(st.fixed_dictionaries({"type": st.just("text"), "text": texts}))
calls = st.fixed_dictionaries({
    "id": st.sampled_from(["c0", "c1", "c2"]),
    "function": st.fixed_dictionaries({"name": st.sampled_from(["list_files", "delete_file", "send_email", "x"]),
                                       "arguments": json_values.map(json.dumps) | texts}),
})
messages = st.lists(st.one_of(
    st.fixed_dictionaries({"role": st.sampled_from(["system", "user", "developer", "weird"]), "content": content}),
    st.fixed_dictionaries({"role": st.just("assistant"), "tool_calls": st.lists(calls, max_size=2)}),
    st.fixed_dictionaries({"role": st.just("tool"), "tool_call_id": st.sampled_from(["c0", "c1", "c9"]),
                           "content": tool_output}),
), max_size=8)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(messages, calls)
def test_hostile_conversations_decide_without_crashing(history: list[dict[str, Any]], call: dict[str, Any]) -> None:
    decision = FIREWALL.check(call, history)
    assert isinstance(decision, Decision) and decision.reason
    session = FIREWALL.session()
    for message in history:
        session.observe(message)
    assert session.check(call) == decision
