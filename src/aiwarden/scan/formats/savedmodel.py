"""TensorFlow SavedModel protobufs (saved_model.pb, keras_metadata.pb): graph ops that read or write files or
call back into Python, and embedded Keras configs (Lambda layers). Found lexically in the wire format: a
NodeDef's op is field 2, so an op name appears as 0x12, its length, then the name."""

from __future__ import annotations

from typing import BinaryIO

from aiwarden.scan.context import ScanContext
from aiwarden.scan.formats.hdf5 import check_embedded_keras_configs
from aiwarden.scan.source import read_at

# Ops that touch the file system or run Python at graph execution (modelscan flags ReadFile/WriteFile too).
DANGEROUS_OPS = ("ReadFile", "WriteFile", "MatchingFiles", "PyFunc", "PyFuncStateless", "EagerPyFunc",
                 "DebugIdentityV2", "ImmutableConst")
MAX_READ = 256 * 1024 * 1024


def handle(f: BinaryIO, size: int, ctx: ScanContext) -> None:
    data = read_at(f, 0, min(size, MAX_READ))
    for op in DANGEROUS_OPS:
        needle = b"\x12" + bytes([len(op)]) + op.encode()
        offset = data.find(needle)
        if offset >= 0:
            what = "calls back into Python" if "Py" in op else "reads or writes files"
            ctx.add("tensorflow.dangerous-op", f"graph uses op {op}, which {what} when the model runs",
                    offset=offset, evidence=op)
    if size > MAX_READ:
        ctx.add("scan.limit", f"SavedModel larger than {MAX_READ} bytes; ops after that were not checked")
    check_embedded_keras_configs(f, size, ctx, "keras-savedmodel")
