"""The policy printed in docs/firewall.md is a policy the firewall loads and the linter finds nothing in."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from aiwarden.firewall.lint import lint_policy_file
from aiwarden.firewall.policy import parse_policy

DOC = Path(__file__).resolve().parents[2] / "docs" / "firewall.md"


def _documented_policy(tmp_path: Path) -> Path:
    match = re.search(r"```toml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert match is not None, "docs/firewall.md lost its policy example"
    path = tmp_path / "policy.toml"
    path.write_text(match.group(1), encoding="utf-8")
    return path


def test_the_documented_policy_loads_with_every_rule_kind(tmp_path: Path) -> None:
    data = tomllib.loads(_documented_policy(tmp_path).read_text(encoding="utf-8"))
    policy = parse_policy(data, "docs/firewall.md")
    kinds = {rule["when"] for rule in data["rules"]}
    assert {"tainted-argument", "ungrounded-argument", "untrusted-context", "injected-argument",
            "unrequested-action"} <= kinds
    assert len(policy.flows) == len(data["rules"]) and len(policy.limits) == len(policy.sequences) == 1
    assert set(policy.tools) >= {"send_money", "send_email", "run_shell", "read_file"}


def test_the_documented_policy_lints_clean(tmp_path: Path) -> None:
    assert lint_policy_file(_documented_policy(tmp_path)) == []
