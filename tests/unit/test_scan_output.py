"""Where the report goes, through the real CLI: -o FILE writes it atomically and says so on stderr, -o - is
stdout; and the API takes one str or PathLike as one path, never as a sequence of characters."""

import json
import subprocess
import sys
from pathlib import Path

from tests.helpers import call

PAYLOAD = call("os", "system", "id")
BENIGN = b"\x80\x02}q\x00X\x01\x00\x00\x00aK\x01s."


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "aiwarden", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=120)


def _models(tmp_path: Path) -> Path:
    models = tmp_path / "models"
    models.mkdir()
    (models / "evil.pkl").write_bytes(PAYLOAD)
    (models / "fine.pkl").write_bytes(BENIGN)
    (models / "notes.txt").write_text("hello")
    return models


def test_output_file_gets_a_summary_line_on_stderr(tmp_path: Path) -> None:
    _models(tmp_path)
    (tmp_path / "report.sarif").write_text("old report")
    result = _run("scan", "models", "--format", "sarif", "-o", "report.sarif", cwd=tmp_path)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith("aiwarden: 2 file(s) scanned, 1 finding(s) (1 critical), 1 skipped, 0 error(s)")
    assert result.stderr.rstrip().endswith("; sarif report written to report.sarif")
    assert len(result.stderr.splitlines()) == 1
    assert json.loads((tmp_path / "report.sarif").read_text())["version"] == "2.1.0"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["models", "report.sarif"]  # no temp file left
    clean = _run("scan", "models/fine.pkl", "-o", "report.txt", cwd=tmp_path)
    assert clean.returncode == 0
    assert "1 file(s) scanned, 0 finding(s)" in clean.stderr and "text report written to report.txt" in clean.stderr


def test_output_dash_is_stdout(tmp_path: Path) -> None:
    _models(tmp_path)
    result = _run("scan", "models", "--format", "json", "-o", "-", cwd=tmp_path)
    assert result.returncode == 1 and result.stderr == ""
    assert json.loads(result.stdout)["summary"]["files_scanned"] == 2
    assert not (tmp_path / "-").exists()


def test_api_takes_one_path_as_a_str_or_pathlike(tmp_path: Path) -> None:
    models = _models(tmp_path)
    code = (
        "import pathlib, sys\n"
        "from aiwarden.scan import scan_paths\n"
        "for arg in ('models', 'models/', pathlib.Path('models'), b'models', ['models'], (pathlib.Path('models'),)):\n"
        "    report = scan_paths(arg)\n"
        "    assert report.targets in (['models'], ['models/']), report.targets\n"
        "    assert sorted(report.scanned) == [str(pathlib.Path('models', n)) for n in ('evil.pkl', 'fine.pkl')], "
        "report.scanned\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert result.returncode == 0 and result.stdout == "ok\n", result.stderr
    assert models.exists()
