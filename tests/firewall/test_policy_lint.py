"""`aiwarden firewall lint POLICY` through the real CLI, on the example policies and on copies of them with
one mistake each: exit 0 clean, 1 problems (each with a location), 2 unreadable or invalid."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

AIWARDEN = [sys.executable, "-m", "aiwarden"]
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
BANKING = EXAMPLES / "policies" / "agentdojo-banking.toml"


def _lint(path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*AIWARDEN, "firewall", "lint", str(path), *extra], capture_output=True, text=True,
                          timeout=120)


def _problems(path: Path) -> list[dict[str, object]]:
    result = _lint(path, "--format", "json")
    assert result.returncode == 1, result.stdout + result.stderr
    problems: list[dict[str, object]] = json.loads(result.stdout)["problems"]
    return problems


def _banking_with(tmp_path: Path, edit: tuple[str, str] | None = None, append: str = "") -> Path:
    text = BANKING.read_text()
    if edit:
        assert edit[0] in text
        text = text.replace(edit[0], edit[1], 1)
    path = tmp_path / "policy.toml"
    path.write_text(text + append)
    return path


POLICIES = [*sorted((EXAMPLES / "policies").glob("*.toml")), EXAMPLES / "traces" / "policy.toml"]


@pytest.mark.parametrize("policy", POLICIES, ids=lambda p: p.name)
def test_example_policies_are_clean(policy: Path) -> None:
    result = _lint(policy)
    assert (result.returncode, result.stdout) == (0, ""), result.stdout + result.stderr
    assert json.loads(_lint(policy, "--format", "json").stdout)["problems"] == []


def test_every_unknown_key_is_listed_with_its_line(tmp_path: Path) -> None:
    path = _banking_with(tmp_path, ("[tools.send_money.args.amount]\nrequired = true\nmin = 0",
                                    "[tools.send_money.args.amount]\nrequired = true\nminimum = 0"),
                         '\n[[rules]]\nid = "x"\nwhen = "tainted-argument"\nrisks = ["pay"]\naction = "deny"\n'
                         'note = "typo"\n')
    problems = _problems(path)
    unknown = [p for p in problems if p["kind"] == "unknown-key"]
    assert [p["where"] for p in unknown] == ["tools.send_money.args.amount.minimum", "rules[3].note"]
    lines = path.read_text().split("\n")
    assert lines[int(str(unknown[0]["line"])) - 1] == "minimum = 0"
    assert lines[int(str(unknown[1]["line"])) - 1] == 'note = "typo"'
    text = _lint(path)
    assert text.returncode == 1
    assert f"{path}:{unknown[0]['line']}: unknown-key: tools.send_money.args.amount.minimum:" in text.stdout


@pytest.mark.parametrize("append, kind, where, words", [
    ('\n[[rules]]\nid = "no-deletes"\nwhen = "tainted-argument"\nrisks = ["delete"]\naction = "deny"\n',
     "never-matches", "rules[3]", "applies to no declared tool"),
    ('\n[tools.delete_file]\nrisk = "delete"\n', "unconstrained-tool", "tools.delete_file", "any arguments pass"),
    ('\n[[rules]]\nid = "ask-first"\nwhen = "tainted-argument"\nrisks = ["pay"]\naction = "require_approval"\n',
     "unreachable-approval", "rules[3]", "deny always wins"),
    ('\n[[sequences]]\nid = "x"\nafter = ["read_file"]\nthen = ["wipe"]\naction = "require_approval"\n'
     '[tools.wipe]\nrisk = "delete"\naction = "deny"\n', "unreachable-approval", "sequences[0]", "never asked"),
    ('\n[tools.pay_fixed]\nrisk = "pay"\nstrict_args = true\n[tools.pay_fixed.args.amount]\nmin = 10\nmax = 5\n',
     "never-matches", "tools.pay_fixed.args.amount", "no value can pass"),
    ('\n[tools.pay_eur]\nrisk = "pay"\nstrict_args = true\n[tools.pay_eur.args.currency]\nallow = ["eur"]\n'
     'pattern = "[A-Z]{3}"\n', "never-matches", "tools.pay_eur.args.currency.allow", "every call is denied"),
    ('\n[[rules]]\nid = "asked"\nwhen = "unrequested-action"\ntools = ["update_password"]\naction = "deny"\n',
     "never-matches", "rules[3]", "only applies to tools with no intent"),
])
def test_mistakes_that_still_load_are_reported(tmp_path: Path, append: str, kind: str, where: str,
                                               words: str) -> None:
    problems = _problems(_banking_with(tmp_path, append=append))
    assert any(p["kind"] == kind and p["where"] == where and words in str(p["message"]) and p["line"]
               for p in problems), problems


def test_sources_that_contradict_or_name_unknown_tools(tmp_path: Path) -> None:
    path = _banking_with(tmp_path, ('trusted_tools = ["get_iban", "get_balance", "get_user_info"]',
                                    'trusted_tools = ["get_iban", "get_balance", "get_user_info", "get_ibann"]'),
                         )
    text = path.read_text().replace('get_scheduled_transactions = ["subject"]',
                                    'get_scheduled_transactions = ["subject"]\nget_iban = ["iban"]')
    path.write_text(text)
    kinds = {(p["kind"], p["where"]) for p in _problems(path)}
    assert ("unknown-source", "sources.trusted_tools") in kinds
    assert ("contradiction", "sources.tool_fields.get_iban") in kinds


def test_yaml_policy_with_line_numbers(tmp_path: Path) -> None:
    document = tomllib.loads(BANKING.read_text())
    document["tools"]["read_file"]["risky"] = True
    path = tmp_path / "policy.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    problems = _problems(path)
    assert [p["where"] for p in problems] == ["tools.read_file.risky"]
    assert path.read_text().split("\n")[int(str(problems[0]["line"])) - 1].strip() == "risky: true"


@pytest.mark.parametrize("content, words", [
    (b"\xff\xfe not text", "not valid UTF-8"),
    (b"version = [", "invalid TOML"),
    (b'[tools.x.args.y]\npattern = "("\n', "invalid regular expression"),
    (b'[[rules]]\nid = "r"\nwhen = "tainted-argument"\ntools = ["nope"]\n', "unknown tool"),
])
def test_unreadable_or_invalid_policy_is_exit_2(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "policy.toml"
    path.write_bytes(content)
    result = _lint(path)
    assert result.returncode == 2 and words in result.stderr and "Traceback" not in result.stderr
    assert _lint(tmp_path / "missing.toml").returncode == 2
