"""TorchScript code members (code/__torch__/*.py): host access or non-standard operator libraries."""

from __future__ import annotations

import re

from aiwarden.core.findings import Severity
from aiwarden.scan.context import ScanContext

# TorchScript cannot call Python, but these names in compiled code mean someone tried, or that the
# archive loads native libraries.
_HOST_ACCESS = re.compile(
    r"\b(?:os\.(?:system|popen|exec\w*|spawn\w*)|subprocess\.|__import__|eval\(|exec\(|"
    r"torch\.ops\.load_library|ctypes\.)"
)
_OPS = re.compile(r"\bops\.(\w+)\.")
_STANDARD_OPS = frozenset({"aten", "prim", "quantized", "_quantized", "profiler", "_caffe2", "image", "torchvision",
                           "prepacked", "quantized_decomposed", "_c10d_functional", "c10d", "cuda"})


def check_code(raw: bytes, ctx: ScanContext) -> None:
    text = raw.decode("utf-8", "replace")
    match = _HOST_ACCESS.search(text)
    if match:
        ctx.add("torch.torchscript-code", f"TorchScript code calls {match.group(0)!r}",
                evidence=text[max(0, match.start() - 40) : match.end() + 80])
    custom = sorted({m.group(1) for m in _OPS.finditer(text)} - _STANDARD_OPS)
    if custom:
        ctx.add("torch.torchscript-code", f"TorchScript code uses operator libraries {', '.join(custom)} "
                "(native code the runtime must provide)", evidence=", ".join(custom), severity=Severity.LOW)
