"""Config discovery through the real CLI: the nearest aiwarden.toml (or pyproject.toml with [tool.aiwarden])
from the working directory up to the repository root wins, --config overrides it, `config show` and
`scan -v` say which file was used, and a file that is not UTF-8 is a one-line error (exit 2)."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.helpers import call

AIWARDEN = [sys.executable, "-m", "aiwarden"]


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*AIWARDEN, *args], capture_output=True, text=True, timeout=120, cwd=cwd)


def _shown(cwd: Path, *extra: str) -> dict[str, object]:
    result = _run("config", "show", "--format", "json", *extra, cwd=cwd)
    assert result.returncode == 0, result.stderr
    shown: dict[str, object] = json.loads(result.stdout)
    return shown


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """outer/aiwarden.toml (outside the repository), outer/repo/.git, outer/repo/a/b (the working directory)."""
    (tmp_path / "aiwarden.toml").write_text('[scan]\nfail_on = "low"\n')
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "a" / "b").mkdir(parents=True)
    return root


def test_nearest_config_up_to_the_repository_root_wins(repo: Path) -> None:
    work = repo / "a" / "b"
    assert _shown(work)["source"] is None  # the file above the repository root is not used
    (repo / "aiwarden.toml").write_text('[scan]\nfail_on = "critical"\n')
    shown = _shown(work)
    assert shown["source"] == str(repo / "aiwarden.toml")
    assert shown["settings"]["scan"]["fail_on"] == "critical"  # type: ignore[index]
    (repo / "a" / "pyproject.toml").write_text("[project]\nname = 'x'\n")  # no [tool.aiwarden]: skipped
    assert _shown(work)["source"] == str(repo / "aiwarden.toml")
    (repo / "a" / "pyproject.toml").write_text('[tool.aiwarden.scan]\nfail_on = "medium"\n')
    assert _shown(work)["source"] == str(repo / "a" / "pyproject.toml")
    (repo / "a" / "aiwarden.toml").write_text('[scan]\nfail_on = "info"\n')  # beats pyproject.toml beside it
    shown = _shown(work)
    assert shown["source"] == str(repo / "a" / "aiwarden.toml")
    assert shown["settings"]["scan"]["fail_on"] == "info"  # type: ignore[index]


def test_a_git_file_marks_the_root_too(repo: Path) -> None:
    (repo / ".git").rmdir()
    (repo / ".git").write_text("gitdir: /elsewhere\n")  # a worktree or submodule checkout
    assert _shown(repo / "a" / "b")["source"] is None


def test_without_a_repository_the_search_goes_to_the_filesystem_root(repo: Path) -> None:
    (repo / ".git").rmdir()
    assert _shown(repo / "a" / "b")["source"] == str(repo.parent / "aiwarden.toml")


def test_explicit_config_overrides_discovery(repo: Path) -> None:
    (repo / "aiwarden.toml").write_text('[scan]\nfail_on = "critical"\n')
    other = repo / "other.toml"
    other.write_text("[scan]\njobs = 3\n")
    shown = _shown(repo / "a", "--config", str(other))
    assert shown["source"] == str(other)
    assert shown["settings"]["scan"]["jobs"] == 3  # type: ignore[index]
    assert shown["settings"]["scan"]["fail_on"] == "high"  # type: ignore[index]


def test_scan_uses_the_discovered_config_and_says_so_with_verbose(repo: Path) -> None:
    model = repo / "a" / "b" / "evil.pkl"
    model.write_bytes(call("os", "system", "echo hi"))
    (repo / "aiwarden.toml").write_text('[[scan.suppress]]\nrule = "pickle.dangerous-call"\npath = "*"\n'
                                        'reason = "test"\n')
    result = _run("scan", "evil.pkl", "-v", cwd=model.parent)
    assert result.returncode == 0, result.stdout + result.stderr  # suppressed by the file two levels up
    assert f"aiwarden: config: {repo / 'aiwarden.toml'}" in result.stderr
    (repo / "aiwarden.toml").write_text("[scan]\nbogus = 1\n")
    broken = _run("scan", "evil.pkl", cwd=model.parent)
    assert broken.returncode == 2 and "unknown key 'scan.bogus'" in broken.stderr


def test_a_wildcard_suppression_is_refused(repo: Path) -> None:
    model = repo / "evil.pkl"
    model.write_bytes(call("os", "system", "echo hi"))
    (repo / "aiwarden.toml").write_text('[[scan.suppress]]\nrule = "*"\npath = "*"\nreason = "test"\n')
    result = _run("scan", "evil.pkl", cwd=repo)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "rule '*' would hide every finding" in result.stderr


def test_a_discovered_config_that_lowers_the_gate_is_named(repo: Path) -> None:
    model = repo / "evil.pkl"
    model.write_bytes(call("os", "system", "echo hi"))
    (repo / "aiwarden.toml").write_text('[scan]\nfail_on = "critical"\n')
    result = _run("scan", "evil.pkl", cwd=repo)
    assert result.returncode == 1  # the payload is critical: still fails
    assert "which sets scan.fail_on" in result.stderr


def test_show_prints_toml_that_reads_back_to_the_same_settings(repo: Path) -> None:
    (repo / "aiwarden.toml").write_text(
        '[scan]\nexclude = ["*.md", "quote\\"d \\u007f"]\n[scan.limits]\nmax_depth = 3\n'
        '[[scan.suppress]]\nrule = "pickle.unknown-global"\npath = "m/*.pkl"\nreason = "vetted"\n'
        '[guard]\nallowed_hosts = ["example.com"]\n')
    result = _run("config", "show", cwd=repo)
    assert result.returncode == 0
    assert result.stdout.startswith(f"# config: {repo / 'aiwarden.toml'}\n")
    settings = tomllib.loads(result.stdout)
    assert settings == _shown(repo)["settings"]
    assert settings["scan"]["limits"]["max_depth"] == 3
    assert settings["scan"]["limits"]["seconds_per_file"] == 120  # defaults are shown too
    assert settings["scan"]["exclude"] == ["*.md", 'quote"d \x7f']
    assert settings["guard"]["model"] is True


@pytest.mark.parametrize("command", [["config", "show"], ["scan", "."], ["guard", "hello"]])
def test_config_that_is_not_utf8_is_a_one_line_error(repo: Path, command: list[str]) -> None:
    (repo / "aiwarden.toml").write_bytes(b'[scan]\nfail_on = "\xff\xfe"\n')
    result = _run(*command, cwd=repo)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0
    assert "not valid UTF-8" in result.stderr


def test_invalid_config_is_exit_2_for_config_show(repo: Path) -> None:
    (repo / "pyproject.toml").write_text("[tool]\naiwarden = 1\n")
    result = _run("config", "show", "--config", str(repo / "pyproject.toml"), cwd=repo)
    assert result.returncode == 2 and "must be a table" in result.stderr
    (repo / "pyproject.toml").write_text("tool = 1\n")  # not a table: no [tool.aiwarden], nothing to load
    assert _run("config", "show", cwd=repo).returncode == 0
