"""Add legacy benign files to the benign corpus: old joblib array records and Python 2 NumPy pickles.

Run it after ``scripts/corpus_benign.py`` (which replaces ``benign/``), with the interpreter of a throwaway
environment holding joblib 0.9.4 (the last release writing ``NDArrayWrapper`` records; it still runs on
Python 3.11)::

    python3 -m venv /tmp/oldjoblib && /tmp/oldjoblib/bin/pip install 'joblib==0.9.4' 'numpy<1.27'
    /tmp/oldjoblib/bin/python scripts/corpus_legacy.py --out tests/corpus

Files that need Python 2 (its NumPy object arrays, joblib's ``ZNDArrayWrapper`` records, which no release that
installs on Python 3.11 writes) are written byte by byte from the opcodes those versions emit: ``cPickle``
protocol 2, memo slots from 1, Python 2 ``str`` as SHORT_BINSTRING. Nothing here is ever unpickled.
"""

from __future__ import annotations

import argparse
import json
import shutil
import struct
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _q(i: int) -> bytes:
    return b"q" + bytes([i])


def _s(text: str) -> bytes:
    data = text.encode("latin-1")
    return b"U" + bytes([len(data)]) + data


def _py2_object_array() -> bytes:
    """numpy 1.16 on Python 2.7: pickle.dumps(np.array(['hello', 2, 3.14], dtype=object), 2)."""
    dtype = (b"cnumpy\ndtype\n" + _q(8) + _s("O8") + _q(9) + b"K\x00K\x01\x87" + _q(10) + b"R" + _q(11)
             + b"(K\x03" + _s("|") + _q(12) + b"NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK?t" + _q(13) + b"b")
    items = b"]" + _q(14) + b"(" + _s("hello") + _q(15) + b"K\x02G" + struct.pack(">d", 3.14) + b"e"
    return (b"\x80\x02cnumpy.core.multiarray\n_reconstruct\n" + _q(1) + b"cnumpy\nndarray\n" + _q(2)
            + b"K\x00\x85" + _q(3) + _s("b") + _q(4) + b"\x87" + _q(5) + b"R" + _q(6)
            + b"(K\x01K\x03\x85" + _q(7) + dtype + b"\x89" + items + b"t" + _q(16) + b"b.")


def _npy(header: str, body: bytes) -> bytes:
    """NPY 1.0 as numpy 1.16 wrote it: header padded with spaces to a multiple of 64 bytes, then '\\n'."""
    raw = header.encode("latin-1")
    pad = 64 - (10 + len(raw) + 1) % 64
    raw += b" " * (pad % 64) + b"\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(raw)) + raw + body


def _py2_zndarray_wrapper() -> bytes:
    """joblib 0.8 on Python 2.7, joblib.dump({'w': array}, 'model.pkl', compress=3): a ZNDArrayWrapper
    record naming model.pkl_01.npy.z beside it, with the array's init_args and state minus its data."""
    dtype = (b"cnumpy\ndtype\n" + _q(9) + _s("f8") + _q(10) + b"K\x00K\x01\x87" + _q(11) + b"R" + _q(12)
             + b"(K\x03" + _s("<") + _q(13) + b"NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK\x00t" + _q(14) + b"b")
    record = (b"cjoblib.numpy_pickle\nZNDArrayWrapper\n" + _q(3) + b")\x81" + _q(4) + b"}" + _q(5)
              + b"(" + _s("filename") + _q(6) + _s("model.pkl_01.npy.z") + _q(7)
              + _s("init_args") + b"cnumpy\nndarray\n" + _q(8) + b"K\x00\x85" + _s("b") + b"\x87"
              + _s("state") + b"(K\x01K\x02K\x03\x86" + dtype + b"\x89t" + _q(15) + b"ub")
    return b"\x80\x02}" + _q(1) + _s("w") + _q(2) + record + b"s."


def _joblib_dump(folder: Path, protocol: int | None) -> None:
    import joblib
    import numpy as np

    folder.mkdir()
    obj = {"weights": np.arange(6, dtype="float64").reshape(2, 3), "labels": np.array(["spam", "ham"]), "n": 3}
    kwargs: dict[str, Any] = {} if protocol is None else {"protocol": protocol}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        joblib.dump(obj, str(folder / "model.pkl"), **kwargs)


def _cases() -> list[tuple[str, str, str, Callable[[Path], None]]]:
    import joblib
    import numpy

    made = f"joblib {joblib.__version__}, numpy {numpy.__version__}, python {sys.version.split()[0]}"
    return [
        ("b75-joblib-0.9-ndarraywrapper", "joblib-legacy", f"{made} joblib.dump",
         lambda p: _joblib_dump(p, None)),
        ("b76-joblib-0.9-ndarraywrapper-p2", "joblib-legacy", f"{made} joblib.dump(protocol=2)",
         lambda p: _joblib_dump(p, 2)),
        ("b77-joblib-0.8-zndarraywrapper-py2.pkl", "joblib-legacy",
         "hand-written: joblib 0.8 on Python 2.7 (cPickle protocol 2)",
         lambda p: p.write_bytes(_py2_zndarray_wrapper())),
        ("b78-numpy-py2-object-array.pkl", "pickle", "hand-written: numpy 1.16 on Python 2.7 (cPickle protocol 2)",
         lambda p: p.write_bytes(_py2_object_array())),
        ("b79-numpy-py2-object-array.npy", "numpy", "hand-written: numpy 1.16 on Python 2.7 numpy.save",
         lambda p: p.write_bytes(_npy("{'descr': '|O', 'fortran_order': False, 'shape': (3,), }",
                                      _py2_object_array()))),
    ]


NOTES = {
    "b75": "legacy joblib: main pickle with NDArrayWrapper records (NEWOBJ + BUILD {filename, subclass, "
           "allow_mmap}) and the arrays in model.pkl_NN.npy beside it",
    "b76": "the same, pickled with protocol 2 as Python 2 era files are",
    "b77": "ZNDArrayWrapper record: filename of a zlib file beside it, init_args (ndarray, (0,), 'b') and the "
           "array state without its data; the .z file itself is not part of the case",
    "b78": "Python 2 object array: _reconstruct(ndarray, (0,), 'b') + dtype('O8', 0, 1) + BUILD with a list",
    "b79": "the same array saved by numpy.save: NPY 1.0 header '|O' and the protocol 2 pickle",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="corpus folder (holds benign/ and the manifest)")
    args = parser.parse_args(argv)
    benign, manifest_path = args.out / "benign", args.out / "manifest-benign.json"
    manifest = json.loads(manifest_path.read_text())
    names = [c[0] for c in _cases()]
    manifest["files"] = [e for e in manifest["files"] if not any(e["path"].startswith(f"benign/{n}") for n in names)]
    for name, fmt, made_by, build in _cases():
        target = benign / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
        build(target)
        files = sorted(p for p in target.rglob("*") if p.is_file()) if target.is_dir() else [target]
        for path in files:
            manifest["files"].append({"path": path.relative_to(args.out).as_posix(), "format": fmt,
                                      "made_by": made_by, "note": NOTES[name[:3]]})
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
