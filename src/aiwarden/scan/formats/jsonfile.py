"""JSON documents in model folders: chat templates, Keras configs, Hugging Face auto_map (remote code)."""

from __future__ import annotations

from typing import Any, BinaryIO

from aiwarden.scan.context import ScanContext
from aiwarden.scan.formats import jsontext
from aiwarden.scan.formats.keras import check_keras_config
from aiwarden.scan.formats.members import escapes_directory
from aiwarden.scan.formats.templates import check_template


def handle(f: BinaryIO, size: int, ctx: ScanContext) -> None:
    if size > ctx.limits.max_header_bytes:
        if jsontext.starts_like_object(f.read(64)):  # a JSON document we would check, too big to read
            ctx.add("scan.limit", f"JSON document larger than {ctx.limits.max_header_bytes} bytes; not checked")
        return
    templates: list[Any] = []
    try:
        readings = jsontext.parse(f.read(size), on_object=lambda pairs: _collect_templates(pairs, templates))
    except (ValueError, RecursionError, UnicodeDecodeError):
        return  # not JSON after all; nothing executable to check
    if not isinstance(readings.last, dict):
        return
    ctx.note_format("json")
    named = sum(len(t) if isinstance(t, (list, dict)) else 1 for t in templates)
    if named > _MAX_TEMPLATES:
        ctx.add("scan.limit", f"{named} chat templates; only the first {_MAX_TEMPLATES} were checked, the rest are "
                "unverified")
    for template in templates[:_MAX_TEMPLATES]:  # every value, duplicates and nested processor configs included
        check_chat_template_value(template, ctx)
    check_document(readings.last, ctx, templates_checked=True)
    if readings.duplicates:
        keys = ", ".join(sorted(set(readings.duplicates))[:10])
        ctx.add("json.duplicate-key", f"keys given more than once ({keys}); Python keeps the last value, other "
                "parsers the first: both readings were checked", evidence=keys)
        if isinstance(readings.first, dict):
            check_document(readings.first, ctx, templates_checked=True)


_MAX_TEMPLATES = 10_000  # each is checked within the time budget too
_MAX_SHARDS = 10_000


def _collect_templates(pairs: list[tuple[str, Any]], sink: list[Any]) -> None:
    """A dict keeps the last of duplicate keys; a scanner must judge every value a loader might see."""
    sink.extend(value for key, value in pairs if key == "chat_template")
    templates = [value for key, value in pairs if key == "template"]
    if len(templates) > 1:  # {"name": ..., "template": payload, "template": benign}
        sink.extend(templates[:-1])


def check_chat_template_value(template: Any, ctx: ScanContext) -> None:
    """`chat_template` is one template or a list of {"name", "template"} (transformers keeps every name)."""
    if isinstance(template, str):
        check_template(template, ctx, "chat_template")
    elif isinstance(template, dict):  # {name: template}: transformers keeps a mapping as it is
        for name, item in template.items():
            if isinstance(item, str):
                check_template(item, ctx, f"chat_template {name!r}")
    elif isinstance(template, list):
        for item in template[:_MAX_TEMPLATES]:
            if ctx.out_of_time():
                ctx.add("scan.limit", "time budget exhausted while checking named chat templates")
                return
            if isinstance(item, dict) and isinstance(item.get("template"), str):
                check_template(item["template"], ctx, f"chat_template {item.get('name')!r}")
            elif isinstance(item, str):
                check_template(item, ctx, "chat_template list entry")


def check_document(document: dict[str, Any], ctx: ScanContext, *, templates_checked: bool = False) -> None:
    if not templates_checked:
        check_chat_template_value(document.get("chat_template"), ctx)
    if "class_name" in document and "config" in document:
        ctx.note_format("keras-config")
        check_keras_config(document, ctx)
    weight_map = document.get("weight_map")
    if isinstance(weight_map, dict):
        _check_weight_map(weight_map, ctx)
    auto_map = document.get("auto_map")
    if isinstance(auto_map, dict) and auto_map:
        refs = sorted({str(v) for v in auto_map.values() if isinstance(v, str)})[:5]
        ctx.add("hf.remote-code", f"auto_map loads custom code ({', '.join(refs)}) when trust_remote_code=True",
                evidence=", ".join(refs))


def _check_weight_map(weight_map: dict[str, Any], ctx: ScanContext) -> None:
    """Sharded checkpoints (*.index.json): loaders join each shard name with the model folder."""
    shards = sorted({v for v in weight_map.values() if isinstance(v, str)})
    if len(shards) > _MAX_SHARDS:
        ctx.add("scan.limit", f"weight_map names {len(shards)} shards; only {_MAX_SHARDS} were checked")
    for shard in shards[:_MAX_SHARDS]:
        problem = escapes_directory(shard)
        if problem:
            ctx.add("archive.path-traversal", f"weight_map shard {shard!r} {problem}", evidence=shard)
            return
