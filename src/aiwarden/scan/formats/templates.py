"""Static analysis of Jinja chat templates (GGUF metadata, tokenizer_config.json). Never rendered.

llama-cpp-python rendered GGUF chat templates with an unsandboxed jinja2 Environment (CVE-2024-34359):
a template that walks Python object internals runs code. Ordinary chat templates only loop over
messages, test roles and concatenate strings, so reaching dunder attributes or the well-known
SSTI gadgets is a reliable signal.
"""

from __future__ import annotations

import re
from typing import BinaryIO

from aiwarden.scan.context import ScanContext

# Reaching Python internals from a template: attribute or subscript access to dunders and gadgets.
_SSTI = re.compile(
    r"""(?x)
    __(?:class|mro|subclasses|globals|builtins|init|import|base|bases|dict|getattribute|code|func|self|reduce
        |reduce_ex|loader|spec|module|closure|call|getitem)__
    | \b(?:cycler|joiner|lipsum|url_for|get_flashed_messages|config|request|self)\s*\.\s*(?:__|_\w|init|globals)
    | \[\s*['"][^'"\]]*__   # subscript with a dunder-bearing string: obj['__cla' + 'ss__']
    | ['"]__\w*['"]\s*[+~] | [+~]\s*['"]\w*__['"]   # dunders assembled by concatenation
    | \|\s*attr\s*\(
    | \bos\s*\.\s*(?:popen|system|exec\w*|spawn\w*)\b
    | \b(?:popen|subprocess|eval|exec|import_module|__import__)\s*\(
    | \\x5f\\x5f | \\u005f\\u005f
    """
)
# Constructs ordinary chat templates do not need, but that are not exploits by themselves.
_UNUSUAL = re.compile(r"\{%-?\s*(?:import|from|include|extends|macro\s+\w+\s*\(\s*\)\s*-?%\}\s*\{%-?\s*call)\b")


def handle(f: BinaryIO, size: int, ctx: ScanContext) -> None:
    check_template(f.read(size).decode("utf-8", "replace"), ctx, "chat template file")


def check_template(template: str, ctx: ScanContext, where: str) -> None:
    if len(template) > 1_000_000:
        ctx.add("template.suspicious", f"{where}: chat template of {len(template)} characters", evidence=where)
        template = template[:1_000_000]
    match = _SSTI.search(template)
    if match:
        ctx.add("template.injection", f"{where} reaches Python internals ({match.group(0).strip()!r}); "
                "a template renderer without a sandbox runs code", evidence=_context(template, match.start()))
        return
    from aiwarden.scan.formats.jinja_ast import jinja_violation

    violation = jinja_violation(template)
    if violation:
        ctx.add("template.injection", f"{where} {violation}; a template renderer without a sandbox runs code",
                evidence=violation)
        return
    match = _UNUSUAL.search(template)
    if match:
        ctx.add("template.suspicious", f"{where} uses {match.group(0).strip()!r}",
                evidence=_context(template, match.start()))


def _context(text: str, index: int) -> str:
    start = max(0, index - 40)
    return text[start : index + 120].replace("\n", " ")

