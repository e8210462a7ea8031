"""Commands that used to succeed silently on the wrong input: approvals on a database that does not exist,
aibom on malformed model-card files or an empty directory."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "aiwarden", *args], capture_output=True, text=True, timeout=120,
                          cwd=cwd)


def test_approvals_never_create_a_database(tmp_path: Path) -> None:
    for args in (["list"], ["list", "--format", "json"], ["approve", "abc"], ["deny", "abc"]):
        result = _run("approvals", *args, cwd=tmp_path)  # the default ./aiwarden-approvals.db is not there
        assert result.returncode == 2 and result.stdout == ""
        assert result.stderr.count("\n") == 1 and "aiwarden-approvals.db: no approvals database there" in result.stderr
        elsewhere = _run("approvals", "--db", str(tmp_path / "typo.db"), *args)
        assert elsewhere.returncode == 2 and "typo.db: no approvals database there" in elsewhere.stderr
    assert list(tmp_path.iterdir()) == []


def test_approvals_refuse_someone_elses_database(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE notes (text TEXT)").connection.close()
    result = _run("approvals", "--db", str(other), "list")
    assert result.returncode == 2 and "not an approvals database" in result.stderr
    tables = sqlite3.connect(other).execute("SELECT name FROM sqlite_master").fetchall()
    assert tables == [("notes",)]
    (tmp_path / "text.db").write_text("hello")
    garbage = _run("approvals", "--db", str(tmp_path / "text.db"), "list")
    assert garbage.returncode == 2 and "cannot open the approvals database" in garbage.stderr


def test_an_existing_empty_database_lists_nothing(tmp_path: Path) -> None:
    from aiwarden.firewall.approvals import ApprovalStore

    ApprovalStore(tmp_path / "a.db").close()  # created where it is meant to be: by the gate's store
    result = _run("approvals", "--db", str(tmp_path / "a.db"), "list")
    assert result.returncode == 0 and result.stdout == "no pending approvals\n"
    assert json.loads(_run("approvals", "--db", str(tmp_path / "a.db"), "list", "--format", "json").stdout) == []


def test_aibom_warns_about_malformed_model_card_files(tmp_path: Path) -> None:
    model = tmp_path / "model"
    model.mkdir()
    (model / "README.md").write_text("---\nlicense: [mit\n---\n# A model\n")
    (model / "config.json").write_text("[1, 2]")
    (model / "tokenizer_config.json").write_text('{"chat_template": ')
    result = _run("aibom", str(model), "--no-scan")
    assert result.returncode == 0
    warnings = [line for line in result.stderr.splitlines() if line.startswith("aiwarden: warning: ")]
    assert warnings == ["aiwarden: warning: README.md: front matter is not valid YAML (line 2)",
                        "aiwarden: warning: config.json: not a JSON object",
                        "aiwarden: warning: tokenizer_config.json: not valid JSON"]
    assert json.loads(result.stdout)["bomFormat"] == "CycloneDX"


def test_aibom_is_quiet_about_a_card_without_front_matter(tmp_path: Path) -> None:
    model = tmp_path / "model"
    model.mkdir()
    (model / "README.md").write_text("# A model\n\nNo front matter here.\n")
    (model / "config.json").write_text('{"model_type": "bert"}')
    result = _run("aibom", str(model), "--no-scan")
    assert result.returncode == 0 and "warning" not in result.stderr
    (model / "README.md").write_text("---\nlicense: mit\n# no closing line\n")
    unclosed = _run("aibom", str(model), "--no-scan")
    assert "README.md: front matter has no closing '---' line" in unclosed.stderr


def test_aibom_of_an_empty_directory_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = _run("aibom", str(tmp_path / "empty"), "-o", str(tmp_path / "bom.json"))
    assert result.returncode == 2 and result.stdout == "" and not (tmp_path / "bom.json").exists()
    assert result.stderr.count("\n") == 1 and "no files to describe (empty model directory)" in result.stderr
