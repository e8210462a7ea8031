"""Static analysis of Jinja chat templates (GGUF metadata, tokenizer_config.json, chat_template.jinja).
Never rendered.

llama-cpp-python before 0.2.72 rendered GGUF chat templates with an unsandboxed jinja2 Environment
(CVE-2024-34359): a template that walks Python object internals runs code. Ordinary chat templates only loop over
messages, test roles and concatenate strings, so reaching dunder attributes or the well-known SSTI gadgets is a
reliable signal. Only the template's code is examined (literal text is what the prompt says, not what runs).
"""

from __future__ import annotations

import re
from typing import BinaryIO

from aiwarden.scan.context import ScanContext

MAX_TEMPLATE = 1_000_000

# Reaching Python internals from a template: attribute or subscript access to dunders and gadgets.
_SSTI = re.compile(
    r"""(?x)
    __(?:class|mro|subclasses|globals|builtins|init|import|base|bases|dict|getattribute|code|func|self|reduce
        |reduce_ex|loader|spec|module|closure|call|getitem)__
    | \b(?:cycler|joiner|lipsum|url_for|get_flashed_messages|config|request|self)\s*\.\s*(?:__|_\w|init|globals)
    | \[\s*['"][^'"\]]*__   # subscript with a dunder-bearing string: obj['__cla' + 'ss__']
    | ['"]__\w*['"]\s*[+~] | [+~]\s*['"]\w*__['"]   # dunders assembled by concatenation
    | \bos\s*\.\s*(?:popen|system|exec\w*|spawn\w*)\b
    | \b(?:popen|subprocess|eval|exec|import_module|__import__)\s*\(
    | \\x5f\\x5f | \\u005f\\u005f | \\137\\137
    """
)
# Constructs ordinary chat templates do not need, but that are not exploits by themselves.
_UNUSUAL = re.compile(r"\{%-?\s*(?:import|from|include|extends|macro\s+\w+\s*\(\s*\)\s*-?%\}\s*\{%-?\s*call)\b")


def handle(f: BinaryIO, size: int, ctx: ScanContext) -> None:
    data = f.read(size)
    check_template(data.decode("utf-8-sig", "replace"), ctx, "chat template file")


def check_template(template: str, ctx: ScanContext, where: str) -> None:
    from aiwarden.scan.formats.jinja_ast import analyse, code_text

    if len(template) > MAX_TEMPLATE:
        ctx.add("scan.limit", f"{where}: chat template of {len(template)} characters; only the first "
                f"{MAX_TEMPLATE} were analysed", evidence=where)
        template = template[:MAX_TEMPLATE]
    code = code_text(template)
    match = _SSTI.search(template if code is None else code)
    if match:
        ctx.add("template.injection", f"{where} reaches Python internals ({match.group(0).strip()!r}); "
                "a template renderer without a sandbox runs code", evidence=_context(template, match.group(0)))
        return
    analysis = analyse(template)
    if analysis.injection:
        ctx.add("template.injection", f"{where} {analysis.injection[0]}; a template renderer without a sandbox "
                "runs code", evidence="; ".join(analysis.injection)[:300])
        return
    if analysis.limit:
        ctx.add("scan.limit", f"{where}: template analysis stopped ({analysis.limit}); the rest is unverified",
                evidence=where)
    if not analysis.parsed:
        ctx.add("template.suspicious", f"{where} does not parse as a Jinja template, so it was only searched "
                "for known payload text", evidence=where)
    for message in analysis.suspicious[:1]:
        ctx.add("template.suspicious", f"{where} {message}", evidence="; ".join(analysis.suspicious)[:300])
    match = _UNUSUAL.search(template)
    if match:
        ctx.add("template.suspicious", f"{where} uses {match.group(0).strip()!r}",
                evidence=_context(template, match.group(0)))


def _context(text: str, found: str) -> str:
    index = max(0, text.find(found))
    start = max(0, index - 40)
    return text[start : index + 120].replace("\n", " ")
