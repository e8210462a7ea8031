"""Non-pickle formats, built byte by byte: safetensors, GGUF, ONNX wire format, Keras configs, NumPy."""

import json
import struct
from pathlib import Path

import pytest

from aiwarden.core.findings import Severity
from aiwarden.scan.formats.safetensors import check_header
from tests.helpers import by_rule, call, rules, scan_bytes_file


def _safetensors(header: dict, data: bytes) -> bytes:
    raw = json.dumps(header).encode()
    return struct.pack("<Q", len(raw)) + raw + data


def test_safetensors_valid_is_clean(tmp_path: Path) -> None:
    header = {"w": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]}, "__metadata__": {"format": "pt"}}
    report = scan_bytes_file(tmp_path, _safetensors(header, b"\0" * 16))
    assert report.scanned and not report.findings


def test_safetensors_header_past_end_and_bad_offsets(tmp_path: Path) -> None:
    report = scan_bytes_file(tmp_path, struct.pack("<Q", 10**9) + b"{}", "a.safetensors")
    assert by_rule(report, "safetensors.header")
    problems = check_header({"a": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]},
                             "b": {"dtype": "F32", "shape": [4], "data_offsets": [8, 24]},
                             "c": {"dtype": "X9", "shape": [1], "data_offsets": [0, 1]}}, 20)
    text = " ".join(problems)
    assert "overlaps" in text and "beyond" in text and "unknown dtype" in text


def _gguf_string(text: str) -> bytes:
    data = text.encode()
    return struct.pack("<Q", len(data)) + data


def _gguf(kv: dict[str, str]) -> bytes:
    body = b"".join(_gguf_string(k) + struct.pack("<I", 8) + _gguf_string(v) for k, v in kv.items())
    return b"GGUF" + struct.pack("<IQQ", 3, 0, len(kv)) + body


CHATML = ("{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + "
          "'<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}")


def test_gguf_benign_template_clean_and_ssti_critical(tmp_path: Path) -> None:
    clean = scan_bytes_file(tmp_path, _gguf({"general.name": "x", "tokenizer.chat_template": CHATML}), "a.gguf")
    assert clean.scanned and not clean.findings
    ssti = "{{ ''.__class__.__mro__[1].__subclasses__() }}"
    bad = scan_bytes_file(tmp_path, _gguf({"tokenizer.chat_template": ssti}), "b.gguf")
    assert "template.injection" in rules(bad, Severity.CRITICAL)


def test_gguf_truncated_is_malformed(tmp_path: Path) -> None:
    data = _gguf({"tokenizer.chat_template": CHATML})[:-20]
    report = scan_bytes_file(tmp_path, data)
    assert by_rule(report, "gguf.malformed")


def _pb_key(number: int, wire: int) -> bytes:
    return bytes([number << 3 | wire])


def _pb_len(number: int, payload: bytes) -> bytes:
    assert len(payload) < 128
    return _pb_key(number, 2) + bytes([len(payload)]) + payload


def _onnx_with_location(location: str) -> bytes:
    entry = _pb_len(1, b"location") + _pb_len(2, location.encode())
    tensor = _pb_len(8, b"w") + _pb_len(13, entry) + _pb_key(14, 0) + b"\x01"
    graph = _pb_len(5, tensor) + _pb_len(2, b"g")
    return _pb_key(1, 0) + b"\x08" + _pb_len(7, graph) + _pb_len(8, _pb_len(1, b"") + _pb_key(2, 0) + b"\x11")


@pytest.mark.parametrize(("location", "flagged"), [("weights.bin", False), ("../../etc/passwd", True),
                                                   ("/etc/shadow", True), ("sub/dir/w.bin", False)])
def test_onnx_external_data_locations(tmp_path: Path, location: str, flagged: bool) -> None:
    report = scan_bytes_file(tmp_path, _onnx_with_location(location), "model.onnx")
    assert report.scanned
    assert bool(by_rule(report, "onnx.external-path")) is flagged


KERAS_DENSE = {"class_name": "Sequential", "config": {"layers": [
    {"module": "keras.layers", "class_name": "Dense", "config": {"units": 2, "activation": {
        "module": "keras.activations", "class_name": "function", "config": "relu", "registered_name": "relu"}}}]}}


def _keras_zip(config: dict) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("config.json", json.dumps(config))
        z.writestr("metadata.json", json.dumps({"keras_version": "3.15.1"}))
    return buffer.getvalue()


def test_keras_configs(tmp_path: Path) -> None:
    assert not scan_bytes_file(tmp_path, _keras_zip(KERAS_DENSE), "a.keras").findings
    lam = {"class_name": "Sequential", "config": {"layers": [{"module": "keras.layers", "class_name": "Lambda",
           "config": {"function": {"class_name": "__lambda__", "config": {"code": "4wEAAAAA"}}}}]}}
    assert "keras.lambda" in rules(scan_bytes_file(tmp_path, _keras_zip(lam), "b.keras"), Severity.HIGH)
    osmod = {"class_name": "Sequential", "config": {"layers": [{"module": "os", "class_name": "function",
             "config": "system", "registered_name": "system"}]}}
    assert "keras.unsafe-module" in rules(scan_bytes_file(tmp_path, _keras_zip(osmod), "c.keras"), Severity.HIGH)
    getfile = {"class_name": "Sequential", "config": {"layers": [{"module": "keras.utils", "class_name": "function",
               "config": "get_file", "registered_name": "get_file"}]}}
    found = rules(scan_bytes_file(tmp_path, _keras_zip(getfile), "d.keras"), Severity.HIGH)
    assert "keras.dangerous-function" in found


def test_hf_config_and_tokenizer_config(tmp_path: Path) -> None:
    tok = {"chat_template": CHATML, "bos_token": "<s>"}
    assert not scan_bytes_file(tmp_path, json.dumps(tok).encode(), "tokenizer_config.json").findings
    evil = {"chat_template": "{{ cycler.__init__.__globals__.os.popen('id').read() }}"}
    assert "template.injection" in rules(scan_bytes_file(tmp_path, json.dumps(evil).encode(), "t2.json"))
    remote = {"architectures": ["X"], "auto_map": {"AutoModel": "modeling_x.XModel"}}
    assert by_rule(scan_bytes_file(tmp_path, json.dumps(remote).encode(), "config.json"), "hf.remote-code")


def _npy(descr: str, shape: tuple[int, ...], data: bytes) -> bytes:
    header = repr({"descr": descr, "fortran_order": False, "shape": shape}).encode()
    header += b" " * (63 - (10 + len(header)) % 64) + b"\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header + data


def test_numpy_object_array_payload(tmp_path: Path) -> None:
    assert not scan_bytes_file(tmp_path, _npy("<f4", (2,), b"\0" * 8), "a.npy").findings
    report = scan_bytes_file(tmp_path, _npy("|O", (1,), call("os", "system", "id")), "b.npy")
    assert "pickle.dangerous-call" in rules(report, Severity.CRITICAL)
    assert by_rule(report, "numpy.object-array")
    bad = scan_bytes_file(tmp_path, b"\x93NUMPY\x01\x00\x10\x00{'descr': __import__('os')}", "c.npy")
    assert by_rule(bad, "pickle.malformed")


@pytest.mark.parametrize("template", [
    "{{ ''['__cla' + 'ss__'] }}",
    "{{ ()|attr('\\x5f\\x5fclass\\x5f\\x5f') }}",
    "{% for c in [].__class__.__base__.__subclasses__() %}{% endfor %}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
])
def test_obfuscated_template_injection(tmp_path: Path, template: str) -> None:
    report = scan_bytes_file(tmp_path, json.dumps({"chat_template": template}).encode(), "tokenizer_config.json")
    assert "template.injection" in rules(report, Severity.CRITICAL)


def test_onnx_with_reordered_fields_is_still_recognised(tmp_path: Path) -> None:
    entry = _pb_len(1, b"location") + _pb_len(2, b"../../x")
    graph = _pb_len(5, _pb_len(13, entry))
    opset = _pb_len(8, _pb_len(1, b"") + _pb_key(2, 0) + b"\x11")
    data = _pb_len(2, b"producer") + _pb_len(7, graph) + opset + _pb_key(1, 0) + b"\x08"
    report = scan_bytes_file(tmp_path, data, "model.onnx")
    assert by_rule(report, "onnx.external-path")


def test_keras_builtins_eval_is_flagged(tmp_path: Path) -> None:
    config = {"class_name": "Sequential", "config": {"layers": [{"module": "builtins", "class_name": "function",
              "config": "eval", "registered_name": "eval"}]}}
    assert "keras.unsafe-module" in rules(scan_bytes_file(tmp_path, _keras_zip(config), "e.keras"), Severity.HIGH)


def test_sharded_index_weight_map_traversal(tmp_path: Path) -> None:
    fine = {"metadata": {"total_size": 8}, "weight_map": {"w": "model-00001-of-00002.safetensors"}}
    assert not scan_bytes_file(tmp_path, json.dumps(fine).encode(), "a.index.json").findings
    evil = {"metadata": {}, "weight_map": {"w": "../../../home/user/.ssh/id_rsa"}}
    report = scan_bytes_file(tmp_path, json.dumps(evil).encode(), "b.index.json")
    assert "archive.path-traversal" in rules(report, Severity.HIGH)


def test_keras_registered_function_under_builtins_is_medium(tmp_path: Path) -> None:
    config = {"class_name": "Sequential", "config": {"layers": [{"module": "builtins", "class_name": "function",
              "config": "mylab>scaled_mse", "registered_name": "mylab>scaled_mse"}]}}
    report = scan_bytes_file(tmp_path, _keras_zip(config), "r.keras")
    assert report.findings and max(f.severity for f in report.findings) is Severity.MEDIUM


def test_chat_template_file_starting_with_a_brace(tmp_path: Path) -> None:
    ssti = b"{%- set x = cycler.__init__.__globals__ -%}{{ x }}"
    assert "template.injection" in rules(scan_bytes_file(tmp_path, ssti, "chat_template.jinja"), Severity.CRITICAL)


def _savedmodel(op: str) -> bytes:
    node = _pb_len(1, b"read") + _pb_len(2, op.encode())
    graph = _pb_len(1, node)
    meta_info = _pb_len(1, _pb_len(4, b"tensorflow 2.21"))
    meta_graph = meta_info + _pb_len(2, graph)
    return _pb_key(1, 0) + b"\x01" + _pb_len(2, meta_graph)


def test_tensorflow_savedmodel_file_ops(tmp_path: Path) -> None:
    evil = scan_bytes_file(tmp_path, _savedmodel("WriteFile"), "saved_model.pb")
    assert "tensorflow.dangerous-op" in rules(evil, Severity.HIGH)
    fine = scan_bytes_file(tmp_path, _savedmodel("MatMul"), "saved_model2.pb")
    assert fine.scanned and not fine.findings
