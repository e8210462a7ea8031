"""Walking, links, exclusion, parallel scans, and metadata-only cost on multi-GB files (sparse files)."""

import json
import os
import struct
import zlib
from pathlib import Path

from aiwarden.core.findings import Severity
from aiwarden.scan.engine import ScanOptions, scan_paths
from tests.helpers import MARK, REDUCE, STOP, TUPLE, call, glob, proto, uni

GiB = 1 << 30


def test_links_are_reported_and_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside.pkl"
    outside.write_bytes(call("os", "system", "id"))
    model = tmp_path / "model"
    model.mkdir()
    (model / "weights.pkl").symlink_to(outside)
    (model / "sub").symlink_to(tmp_path)
    report = scan_paths([str(model)])
    links = [f for f in report.findings if f.rule_id == "fs.link"]
    assert {Path(f.location.path).name for f in links} == {"weights.pkl", "sub"}
    assert not [f for f in report.findings if f.rule_id.startswith("pickle.")]


def test_exclude_patterns_and_parallel_jobs_agree(tmp_path: Path) -> None:
    for i in range(6):
        (tmp_path / f"m{i}.pkl").write_bytes(call("os", "system", f"id {i}"))
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "objects.pkl").write_bytes(call("os", "system", "x"))
    serial = scan_paths([str(tmp_path)], ScanOptions(exclude=(".git",)))
    parallel = scan_paths([str(tmp_path)], ScanOptions(exclude=(".git",), jobs=3))
    assert len(serial.scanned) == 6
    assert [f.to_dict() for f in serial.sorted_findings()] == [f.to_dict() for f in parallel.sorted_findings()]


def _rchar() -> int:
    for line in Path("/proc/self/io").read_text().splitlines():
        if line.startswith("rchar:"):
            return int(line.split()[1])
    raise AssertionError("no rchar")


def test_three_gb_safetensors_is_decided_from_its_header(tmp_path: Path) -> None:
    names = [f"layer{i}.weight" for i in range(12)]
    n = 8192 * 8192
    header = {name: {"dtype": "F32", "shape": [8192, 8192], "data_offsets": [i * 4 * n, (i + 1) * 4 * n]}
              for i, name in enumerate(names)}
    raw = json.dumps(header).encode()
    path = tmp_path / "big.safetensors"
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(raw)) + raw)
        f.truncate(8 + len(raw) + 12 * 4 * n)  # sparse: no disk used
    assert path.stat().st_size > 3 * GiB
    before = _rchar()
    report = scan_paths([str(path)])
    assert _rchar() - before < 1 << 20
    assert report.scanned and not report.findings


def _local(name: bytes, size: int, crc: int) -> bytes:
    return struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 0, 0, 0x21, crc, size, size, len(name), 0) + name


def _central(name: bytes, size: int, crc: int, offset: int) -> bytes:
    return struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, 0, 0, 0x21, crc, size, size, len(name),
                       0, 0, 0, 0, 0, offset) + name


def _torch_state_dict_pickle(numel: int, count: int) -> bytes:
    """data.pkl as torch.save writes it: {name: _rebuild_tensor_v2(storage pid, 0, size, stride, ...)}."""
    out = proto(2) + b"}" + MARK
    for key in range(count):
        pid = (MARK + uni("storage") + glob("torch", "FloatStorage") + uni(str(key)) + uni("cpu")
               + b"J" + struct.pack("<i", numel) + TUPLE + b"Q")
        size = MARK + b"J" + struct.pack("<i", 8192) + b"J" + struct.pack("<i", numel // 8192) + TUPLE
        stride = MARK + b"J" + struct.pack("<i", numel // 8192) + b"K\x01" + TUPLE
        args = MARK + pid + b"K\x00" + size + stride + b"\x89" + glob("collections", "OrderedDict") + b")R" + TUPLE
        out += uni(f"layer{key}.weight") + glob("torch._utils", "_rebuild_tensor_v2") + args + REDUCE
    return out + b"u" + STOP


def test_three_gb_torch_checkpoint_reads_only_its_pickle(tmp_path: Path) -> None:
    numel = 8192 * 8192
    pickle_bytes = _torch_state_dict_pickle(numel, 12)
    members = [(b"archive/data.pkl", pickle_bytes, len(pickle_bytes))]
    members += [(f"archive/data/{k}".encode(), b"", numel * 4) for k in range(12)]
    path = tmp_path / "big.pt"
    directory = b""
    with open(path, "wb") as f:
        for name, data, size in members:
            offset = f.tell()
            crc = zlib.crc32(data) if data else 0
            f.write(_local(name, size, crc))
            if data:
                f.write(data)
            else:
                f.seek(size, os.SEEK_CUR)  # sparse tensor bytes
            directory += _central(name, size, crc, offset)
        start = f.tell()
        f.write(directory)
        f.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(members), len(members), len(directory), start, 0))
    assert path.stat().st_size > 3 * GiB
    before = _rchar()
    report = scan_paths([str(path)])
    assert _rchar() - before < 1 << 20
    assert report.scanned
    assert not [f for f in report.findings if f.severity >= Severity.MEDIUM], [f.message for f in report.findings]


def test_model_folder_is_one_unit(tmp_path: Path) -> None:
    model = tmp_path / "org-model"
    model.mkdir()
    (model / "config.json").write_text(json.dumps({"architectures": ["X"], "model_type": "x"}))
    (model / "tokenizer_config.json").write_text(json.dumps({"chat_template": "{{ ''.__class__ }}"}))
    (model / "pytorch_model.bin").write_bytes(call("os", "system", "id"))
    other = tmp_path / "loose.pkl"
    other.write_bytes(b"\x80\x02}q\x00.")
    report = scan_paths([str(tmp_path)])
    [unit] = report.units
    assert unit.path == str(model) and unit.kind == "huggingface-model"
    assert len(unit.files) == 3 and unit.max_severity is Severity.CRITICAL
    assert report.to_dict()["units"][0]["max_severity"] == "critical"
