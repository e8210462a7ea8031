"""Property test of the whole command line: on hostile arguments, files and file names, every command exits
with a code its row of the README's exit-code table documents, never with an uncaught exception or a
traceback. Arguments come from each command's real options (read from the argparse parser), so a new
option is fuzzed as soon as it exists. The budget is fixed (examples and a deadline per example)."""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from aiwarden.cli.main import build_parser, main
from tests.unit.test_exit_code_table import exit_code_table, leaf_commands

BUDGET = settings(max_examples=150, deadline=timedelta(seconds=20), derandomize=True,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# Names a user's files may have: a newline (forges output lines), bytes that are not UTF-8 (arrive as lone
# surrogates), a leading dash (looks like an option), spaces and non-ASCII.
NAMES = ["plain.toml", "line\nbreak.json", os.fsdecode(b"bad\xff.pkl"), "-dash.jsonl", "sp ace.yaml", "café.pem",
         "dir"]
CONTENTS = [
    b"", b"\xff\xfe\x00bad utf-8 \xc3\x28", b"A" * 200_000 + b"\n", b"\x80\x04N.", b"cos\nsystem\n(S'id'\ntR.",
    b"{", b"[]", b"null", b'{"tools": [{"name": 1}, {}]}', b'[{"role": "tool", "content": 5}]',
    b'{"messages": [{"role": "assistant", "tool_calls": [{"id": 1, "function": {"name": "x", "arguments": "{"}}]}]}',
    b'{"id": 1, "text": 5}\n{"text": "\\ud800"}\n', b"[scan]\njobs = 0\n", b"[scan.limits]\nmax_depth = -1\n",
    b"[tool]\naiwarden = 1\n", b'version = 1\n[tools.x]\nrisk = "pay"\n[tools.x.args.a]\npattern = "("\n',
    b'version = 1\n[[rules]]\nid = "r"\nwhen = "tainted-argument"\ntools = ["nope"]\n',
    b"-----BEGIN EC PRIVATE KEY-----\nxx",
    b'{"prev": "", "hash": 1}\n', b"PK\x03\x04" + b"\0" * 40, b"\x1f\x8b\x08\x00" + b"\0" * 20,
]
WORDS = ["", "-", "--", "-x", "--bogus", "x\ny", "\x1b[31m", "nonexistent", os.fsdecode(b"\xff"), "0", "-1",
         "99999999999999999999", "nan", "inf", "email:", "cn:", ":", "é" * 3, "a" * 500]


@dataclass(frozen=True)
class Command:
    path: list[str]
    positionals: list[argparse.Action]
    options: list[argparse.Action]


def _commands() -> list[Command]:
    parser = build_parser()
    found = []
    for path in leaf_commands(parser):
        sub: argparse.ArgumentParser = parser
        for part in path.split():
            action = next(a for a in sub._actions if isinstance(a, argparse._SubParsersAction))
            sub = action.choices[part]
        actions = [a for a in sub._actions if not isinstance(a, argparse._HelpAction)]
        found.append(Command(path.split(), [a for a in actions if not a.option_strings],
                             [a for a in actions if a.option_strings]))
    return found


COMMANDS = _commands()
ALLOWED = {command: {int(code) for code, meaning in row.items() if meaning not in ("", "-")} | {2}
           for command, row in exit_code_table().items()}


def _likely(draw: Any) -> bool:
    """True four times in five; hypothesis shrinks towards it (0 is its simplest integer)."""
    return bool(draw(st.integers(0, 4)) < 4)


def _value(draw: Any, action: argparse.Action, files: list[str]) -> list[str]:
    if action.choices and _likely(draw):
        return [draw(st.sampled_from(sorted(map(str, action.choices))))]
    count = draw(st.integers(1, 2)) if action.nargs in ("+", "*") else 1
    pool = st.one_of(st.sampled_from(files), st.sampled_from(WORDS),
                     st.text(st.characters(blacklist_characters="/.\x00", blacklist_categories=("Cs",)), max_size=6))
    return [draw(st.sampled_from(files)) if _likely(draw) else draw(pool) for _ in range(count)]


@st.composite
def invocations(draw: Any, files: list[str]) -> tuple[Command, list[str]]:
    command = draw(st.sampled_from(COMMANDS))
    argv = list(command.path)
    for action in command.positionals:
        if action.nargs != "?" or draw(st.booleans()):
            argv += _value(draw, action, files)
    chosen = [a for a in command.options if a.required]
    chosen += [a for a in draw(st.lists(st.sampled_from(command.options), max_size=4, unique_by=id)) if not a.required]
    if any(a.dest == "quiet" for a in chosen):  # -q with -v is one usage error; test it less than 1 time in 3
        chosen = [a for a in chosen if a.dest != "verbose"]
    for action in chosen:
        flag = draw(st.sampled_from(action.option_strings))
        takes_value = action.nargs != 0
        argv += [flag, *_value(draw, action, files)] if takes_value else [flag]
    if draw(st.integers(0, 9)) == 9:
        argv.insert(draw(st.integers(0, len(argv))), draw(st.sampled_from(WORDS)))  # a stray word anywhere
    return command, argv


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    for index, name in enumerate(NAMES):
        if name == "dir":
            (root / name).mkdir()
            (root / name / "model.pkl").write_bytes(CONTENTS[4])
            continue
        with open(os.path.join(os.fsencode(root), os.fsencode(name)), "wb") as handle:
            handle.write(CONTENTS[(index * 7) % len(CONTENTS)])
    for index, content in enumerate(CONTENTS):  # every content under a plain name too
        (root / f"c{index:02d}").write_bytes(content)
    _valid_inputs(root)
    return root


def _valid_inputs(root: Path) -> None:
    """Well-formed inputs beside the hostile ones, so that fuzzed options reach past the first check."""
    import shutil

    from aiwarden.audit import AuditLog
    from aiwarden.firewall import Firewall
    from aiwarden.firewall.approvals import ApprovalStore

    traces = Path(__file__).resolve().parents[2] / "examples" / "traces"
    shutil.copy(traces / "policy.toml", root / "policy.toml")
    shutil.copy(traces / "openai-chat.json", root / "trace.json")
    (root / "tools.json").write_text('{"tools": [{"name": "weather", "description": "<IMPORTANT>x</IMPORTANT>"}]}')
    (root / "pins.json").write_text('{"weather": "00"}')
    AuditLog(root / "audit.jsonl").append("test", {"n": 1})
    firewall = Firewall.from_file(root / "policy.toml")
    store = ApprovalStore(root / "aiwarden-approvals.db")  # the default --db
    call = {"id": "c1", "function": {"name": "send_money", "arguments": "{}"}}
    store.request(firewall.check(call, [{"role": "user", "content": "hi"}]), call)
    store.close()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert main(["keygen", str(root / "signer.pem")]) == 0
        assert main(["sign", str(root / "dir"), "--key", str(root / "signer.pem")]) == 0


def _files(root: Path) -> list[str]:
    names = [os.fsdecode(entry) for entry in os.listdir(os.fsencode(root))]
    return sorted(names, key=lambda name: (name in NAMES, name))  # the plain ones first: shrinking prefers them


@dataclass
class _Stdin:
    buffer: io.BytesIO


def _run(argv: list[str], stdin: bytes) -> tuple[int, str]:
    # Like a real UTF-8 stdout (strict: a lone surrogate from a non-UTF-8 name cannot be written) and stderr
    # (which Python opens with backslashreplace).
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="backslashreplace")
    cwd = os.getcwd()  # `demo` changes directory
    saved_stdin = sys.stdin
    sys.stdin = _Stdin(io.BytesIO(stdin))  # type: ignore[assignment]
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(argv)
            except SystemExit as exc:  # argparse: usage errors, --help, --version
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    finally:
        sys.stdin = saved_stdin
        os.chdir(cwd)
    err.flush()
    return code, err.buffer.getvalue().decode("utf-8")  # type: ignore[attr-defined]


def test_no_command_crashes_on_hostile_arguments_and_files(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(workspace)
    monkeypatch.delenv("NO_COLOR", raising=False)
    files = _files(workspace)

    @BUDGET
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        command, argv = data.draw(invocations(files))
        stdin = data.draw(st.sampled_from(CONTENTS))
        note(f"argv={argv!r}")
        code, stderr = _run(argv, stdin)  # an uncaught exception fails the test here, with its argv
        name = " ".join(command.path)
        assert code in ALLOWED[name], (argv, code, stderr[-500:])
        assert "Traceback" not in stderr, (argv, stderr[-2000:])
        assert "internal error" not in stderr, (argv, stderr[-2000:])  # a bug, even though it fails closed

    check()


@pytest.mark.parametrize("name, argv", [
    ("scan", [b"scan", b"dir/bad\xff.pkl", b"--format", b"sarif"]),
    ("guard", [b"guard", b"\xff\xfe"]),
    ("firewall lint", [b"firewall", b"lint", b"line\nbreak.json", b"--format", b"json"]),
    ("config show", [b"config", b"show", b"--config", b"-dash.jsonl"]),
    ("verify", [b"verify", b"dir", b"--key", b"bad\xff.pkl", b"--format", b"json"]),
    ("audit verify", [b"audit", b"verify", b"plain.toml", b"--head", b"\xff"]),
    # Defects the property test found (each used to exit 1 with a traceback):
    ("audit verify", [b"audit", b"verify", b"bad\xff.pkl"]),  # a non-UTF-8 log name printed raw
    ("audit verify", [b"audit", b"verify", b"a" * 300]),  # a name too long to look up
    ("aibom", [b"aibom", b"a" * 300]),
    ("approvals list", [b"approvals", b"--db", b"a" * 300, b"list"]),
    ("sign", [b"sign", b"dir", b"--key-env", b""]),  # an empty variable name fell through to no key at all
])
def test_hostile_bytes_through_a_real_process(workspace: Path, name: str, argv: list[bytes]) -> None:
    """What in-process runs cannot show: argv that is not UTF-8 as the OS passes it, and real stdio."""
    (workspace / "dir" / os.fsdecode(b"bad\xff.pkl")).write_bytes(CONTENTS[4])
    result = subprocess.run([os.fsencode(sys.executable), b"-m", b"aiwarden", *argv], cwd=workspace,
                            capture_output=True, timeout=120)
    stderr = result.stderr.decode("utf-8", "replace")
    assert result.returncode in ALLOWED[name], (argv, result.returncode, stderr)
    assert result.stderr.strip().count(b"\n") == 0 or (result.returncode == 2 and b"usage:" in result.stderr)
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
