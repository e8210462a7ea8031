"""The README's one exit-code table covers every registered command, with a meaning for 0, 2, 130 and 141
(and for 1 where the command gates), and nothing else in the README repeats per-command tables."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from aiwarden.cli.main import build_parser

README = Path(__file__).resolve().parents[2] / "README.md"
HEADER = ["Command", "0", "1", "2", "130", "141"]


def leaf_commands(parser: argparse.ArgumentParser, prefix: str = "") -> list[str]:
    """Every runnable command path, e.g. "scan", "firewall check", from the real parser."""
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                path = f"{prefix} {name}".strip()
                found += leaf_commands(sub, path) or [path]
    return found


def exit_code_table() -> dict[str, dict[str, str]]:
    text = README.read_text(encoding="utf-8")
    section = text.split("### Exit codes", 1)[1]
    rows = [line for line in section.split("\n") if line.startswith("|")]
    table = [[cell.strip() for cell in row.strip("|").split("|")] for row in rows]
    assert table[0] == HEADER
    assert all(set(cell) <= set("-") for cell in table[1])
    commands = {}
    for cells in table[2:]:
        assert len(cells) == len(HEADER), cells
        name = re.fullmatch(r"`([a-z -]+)`", cells[0])
        assert name, cells[0]
        commands[name.group(1)] = dict(zip(HEADER[1:], cells[1:], strict=True))
    return commands


def test_every_registered_command_is_in_the_exit_code_table() -> None:
    registered = leaf_commands(build_parser())
    table = exit_code_table()
    assert "firewall lint" in registered and "config show" in registered
    assert sorted(table) == sorted(registered)
    for command, meanings in table.items():
        for code in ("0", "2", "130", "141"):
            assert meanings[code] not in ("", "-"), (command, code)


def test_only_one_exit_code_table() -> None:
    text = README.read_text(encoding="utf-8")
    assert text.count("| Command | 0 | 1 | 2 | 130 | 141 |") == 1
    assert not re.search(r"^\| `?[a-z ]*`? ?exit code", text, re.MULTILINE | re.IGNORECASE)
