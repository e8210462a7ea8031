"""The CLI as users run it: real processes, exit codes, one-line errors, atomic output, light imports."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from aiwarden.cli.main import main
from tests.helpers import call

CANARY_PAYLOAD = call("os", "system", "touch /nonexistent/aiwarden-canary")


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "aiwarden", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=120)


@pytest.fixture
def models(tmp_path: Path) -> Path:
    (tmp_path / "evil.bin").write_bytes(CANARY_PAYLOAD)
    (tmp_path / "fine.pkl").write_bytes(b"\x80\x02}q\x00X\x01\x00\x00\x00aK\x01s.")
    return tmp_path


def test_exit_codes(models: Path, tmp_path: Path) -> None:
    assert _run("scan", str(models / "fine.pkl")).returncode == 0
    assert _run("scan", str(models)).returncode == 1
    assert _run("scan", str(models / "evil.bin"), "--fail-on", "critical").returncode == 1
    missing = _run("scan", str(tmp_path / "missing.pt"))
    assert missing.returncode == 2
    assert "Traceback" not in missing.stderr and "missing.pt" in missing.stderr


def test_usage_error_is_one_line(models: Path) -> None:
    result = _run("scan", str(models), "--fail-on", "severe")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "invalid choice" in result.stderr


def test_nothing_scanned_exits_2(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    result = _run("scan", str(tmp_path))
    assert result.returncode == 2
    assert "nothing was scanned" in result.stderr
    assert _run("scan", "--allow-empty", str(tmp_path)).returncode == 0


def test_json_output_file_is_written_atomically(models: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "report.json"
    out.parent.mkdir()
    result = _run("scan", str(models), "--format", "json", "--output", str(out))
    assert result.returncode == 1 and result.stdout == ""
    data = json.loads(out.read_text())
    assert data["tool"]["name"] == "aiwarden"
    paths = {f["location"]["path"] for f in data["findings"]}
    assert paths == {str(models / "evil.bin")}
    assert [p.name for p in out.parent.iterdir()] == ["report.json"]  # no temp files left behind


def test_unwritable_output_is_a_clean_error(models: Path) -> None:
    result = _run("scan", str(models), "--output", "/nonexistent-dir/r.json")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "cannot write output" in result.stderr


def test_bad_config_is_a_clean_error(models: Path, tmp_path: Path) -> None:
    config = tmp_path / "aiwarden.toml"
    config.write_text("[scan]\nfail_onn = 'high'\n")
    result = _run("scan", str(models), "--config", str(config))
    assert result.returncode == 2
    assert "unknown key 'scan.fail_onn'" in result.stderr and "Traceback" not in result.stderr


def test_config_suppression_and_allowlist(tmp_path: Path) -> None:
    (tmp_path / "custom.pkl").write_bytes(call("mylab.layers", "Block", "x"))
    (tmp_path / "evil.bin").write_bytes(CANARY_PAYLOAD)
    config = tmp_path / "aiwarden.toml"
    config.write_text(
        "[scan]\nfail_on = 'medium'\nallow_globals = ['mylab.layers.Block']\n"
        "[[scan.suppress]]\nrule = 'pickle.dangerous-call'\npath = '*evil.bin'\nreason = 'known test fixture'\n"
    )
    result = _run("scan", str(tmp_path), "--format", "json", cwd=tmp_path)
    data = json.loads(result.stdout)
    assert data["findings"] == []
    assert data["suppressed"][0]["reason"] == "known test fixture"
    assert result.returncode == 0


def test_pyproject_tool_section(tmp_path: Path) -> None:
    (tmp_path / "custom.pkl").write_bytes(call("mylab.layers", "Block", "x"))
    (tmp_path / "pyproject.toml").write_text("[tool.aiwarden.scan]\nfail_on = 'medium'\n")
    assert _run("scan", "custom.pkl", cwd=tmp_path).returncode == 1


def test_help_and_in_process_main(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    assert "scan" in capsys.readouterr().out
    assert main([]) == 2


def test_cli_start_up_imports_nothing_heavy() -> None:
    code = (
        "import sys, aiwarden.cli.main as m; m.build_parser();"
        "import aiwarden.cli.scan_cmd;"
        "heavy = {'numpy','torch','onnx','h5py','httpx','pydantic','py7zr','rich','jsonschema','tensorflow',"
        "'onnxruntime','tokenizers'};"
        "print(sorted(heavy & {n.split('.')[0] for n in sys.modules}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_scan_path_is_reported_as_walked(models: Path) -> None:
    rel = os.path.relpath(models / "evil.bin")
    data = json.loads(_run("scan", rel, "--format", "json").stdout)
    assert data["findings"][0]["location"]["path"] == rel


def test_demo_runs_and_catches_every_unsafe_file() -> None:
    result = _run("demo")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "7/7 unsafe files flagged" in result.stdout
    assert "0 safe file(s) flagged" in result.stdout


def test_text_report_lists_findings_skips_and_summary(models: Path) -> None:
    (models / "notes.txt").write_text("plain text")
    out = _run("scan", str(models)).stdout
    assert "CRITICAL  pickle.dangerous-call" in out
    assert "skipped" in out and "notes.txt" in out
    assert "2 file(s) scanned" in out
