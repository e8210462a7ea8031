"""The scanner's rule catalogue: stable ids, titles, default severities and framework tags (data only)."""

from __future__ import annotations

from dataclasses import dataclass

from aiwarden.core.findings import Severity


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    title: str
    severity: Severity
    tags: tuple[str, ...]
    help: str


_SUPPLY = ("LLM03:2025", "AML.T0010.003", "AML.T0011.000")
_CODE = (*_SUPPLY, "AML.T0018.002", "CWE-502")
_C, _H, _M, _L, _I = Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO

RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        Rule("pickle.dangerous-call", "Dangerous callable invoked at load", _C, _CODE,
             "The pickle calls a function that can run code, spawn processes or touch files when it is loaded."),
        Rule("pickle.dangerous-import", "Dangerous callable imported", _H, _CODE,
             "The pickle imports a function that can run code or touch files; loading it is unsafe."),
        Rule("pickle.unresolved-global", "Global resolved from computed operands", _C, _CODE,
             "STACK_GLOBAL operands are not literal strings (memo tricks, computed names): a classic evasion."),
        Rule("pickle.call-on-result", "Calls the result of another call", _C, _CODE,
             "The pickle calls an object it obtained at load time (a resolver or a built function)."),
        Rule("pickle.function-builder", "Builds a function from serialized code", _H, _CODE,
             "dill/cloudpickle/marshal globals rebuild Python functions from bytecode; the code runs when called."),
        Rule("pickle.state-on-global", "Sets state on a class, function or module", _C, _CODE,
             "BUILD on a global object overwrites attributes of a module or class at load time."),
        Rule("pickle.unknown-global", "Import outside the safe set", _M, (*_SUPPLY, "CWE-502"),
             "The pickle imports a global that is not on the allowlist for its format. Review it, or extend "
             "the allowlist in aiwarden.toml."),
        Rule("pickle.unknown-call", "Callable outside the safe set invoked at load", _H, _CODE,
             "The pickle calls or constructs a global that is not on the allowlist for its format when it is "
             "loaded: its code runs with arguments chosen by the file. Allowlist the exact name in aiwarden.toml "
             "only after reviewing it."),
        Rule("pickle.attribute-walk", "Dotted name walks attributes of a module or class", _H, _CODE,
             "A dotted global name (protocol 4) is resolved by getattr through each component, so it reaches "
             "whatever a module imported; only exact table entries are safe."),
        Rule("pickle.suspicious-argument", "Call with code-like arguments", _H, _CODE,
             "A non-allowlisted callable is invoked with arguments that look like shell commands or code."),
        Rule("pickle.nested", "Nested pickle", _M, _CODE,
             "The pickle contains another pickle that is unpickled at load time; it was scanned too."),
        Rule("pickle.malformed", "Malformed pickle stream", _M, (*_SUPPLY, "CWE-20"),
             "The opcode stream is invalid; loaders may still execute everything before the break. High when the "
             "analysis stopped before the end of the data: what follows was not read."),
        Rule("pickle.structure-abuse", "Inconsistent object structure", _M, (*_SUPPLY, "CWE-20"),
             "SETITEM(S) on a non-dict or similar abuse of the unpickler's memory model (weights_only crashes)."),
        Rule("pickle.module-object", "Whole Python object pickled", _L, _SUPPLY,
             "Whole modules or classes are pickled instead of a state dict; loading them imports their code."),
        Rule("torch.storage-mismatch", "Tensor storage inconsistent with its data", _M, (*_SUPPLY, "CWE-20"),
             "A tensor storage or view does not match the size of its data record."),
        Rule("torch.torchscript-code", "TorchScript code with unsafe calls", _H, _CODE,
             "TorchScript source in the archive references host APIs or non-standard operator libraries."),
        Rule("numpy.object-array", "NumPy object array (pickle inside)", _L, _SUPPLY,
             "Object arrays need allow_pickle=True to load; their content was scanned as a pickle."),
        Rule("archive.path-traversal", "Archive member escapes the extraction directory", _H,
             (*_SUPPLY, "CWE-22"), "A member name contains '..' components or resolves outside the archive root."),
        Rule("archive.absolute-path", "Archive member with an absolute path", _H, (*_SUPPLY, "CWE-22"),
             "A member name is absolute or has a drive letter; extraction writes outside the target directory. "
             "Medium in zip archives, whose common extractors (zipfile, shutil, unzip) drop the root."),
        Rule("archive.link", "Archive member is a link", _H, (*_SUPPLY, "CWE-59"),
             "A symlink or hard link member can redirect later writes or reads outside the archive."),
        Rule("archive.bomb", "Decompression bomb", _H, ("LLM10:2025", *_SUPPLY, "CWE-409"),
             "Entry count, inflated size or compression ratio exceed the limits."),
        Rule("archive.too-deep", "Archive nesting too deep", _H, (*_SUPPLY, "CWE-400"),
             "Archives nested beyond the depth limit were not opened."),
        Rule("archive.anomaly", "Archive anomaly", _M, (*_SUPPLY, "CWE-20"),
             "CRC mismatch, encryption flag or inconsistent headers: ignored by PyTorch, but a common evasion."),
        Rule("archive.corrupt-entry", "Archive content not fully read", _H, (*_SUPPLY, "CWE-20"),
             "An entry, a stream or the archive itself could not be read to its end (a corrupt or truncated "
             "member, a tar archive that stops part-way, a directory listing fewer entries than it declares): "
             "what was not read is unverified, so it fails the default gate. Other members were still scanned. "
             "Harmless irregularities in content that was read are archive.anomaly (medium)."),
        Rule("archive.unscanned", "Archive content could not be inspected", _H, _SUPPLY,
             "An archive or compressed stream could not be opened, so its content is unverified."),
        Rule("keras.lambda", "Keras Lambda layer", _H, _CODE,
             "Lambda layers carry Python bytecode or function references that run when the model loads."),
        Rule("keras.unsafe-module", "Keras config references code outside Keras", _H, _CODE,
             "A layer or object in the config names a module or function outside the keras namespace."),
        Rule("keras.dangerous-function", "Keras config calls a dangerous Keras function", _H, _CODE,
             "Allowed Keras functions that download files or switch off safe mode (CVE-2025-8747, CVE-2025-9906)."),
        Rule("hdf5.external-storage", "HDF5 dataset stored in host files", _H, (*_SUPPLY, "CWE-22"),
             "A dataset's data lives in external raw files (External Data Files message): reading it reads those "
             "host files, relative names against the working directory, so a model can pull any local file "
             "into its weights."),
        Rule("hdf5.external-link", "HDF5 link into another file", _H, (*_SUPPLY, "CWE-59"),
             "An external link opens an object in another HDF5 file when traversed. High when the path is "
             "absolute, climbs out of the folder or is a URL; medium for a file beside this one."),
        Rule("hdf5.virtual-dataset", "HDF5 virtual dataset reading other files", _H, (*_SUPPLY, "CWE-22"),
             "A virtual dataset maps its data from datasets in other files. High when a source path is absolute, "
             "climbs out of the folder or was not decoded; medium for files beside this one, low for itself."),
        Rule("hdf5.soft-link", "HDF5 soft link", _L, _SUPPLY,
             "A soft link names another path inside the same file; it cannot leave the file."),
        Rule("template.injection", "Chat template with template-injection patterns", _C,
             (*_CODE[:4], "CWE-1336"),
             "The Jinja chat template reaches Python internals (SSTI, CVE-2024-34359); it was analysed, "
             "never rendered."),
        Rule("gguf.malformed", "Malformed GGUF metadata", _M, (*_SUPPLY, "CWE-20"),
             "GGUF header or metadata is inconsistent or exceeds bounds."),
        Rule("template.suspicious", "Chat template with unusual constructs", _M, (*_SUPPLY, "CWE-1336"),
             "The chat template uses constructs ordinary templates do not need."),
        Rule("onnx.external-path", "ONNX external data outside the model directory", _H,
             (*_SUPPLY, "CWE-22"), "external_data locations that are absolute or climb out of the model directory "
             "(CVE-2022-25882, CVE-2024-27318)."),
        Rule("onnx.custom-domain", "ONNX custom operator domain", _L, _SUPPLY,
             "Custom operator domains need native code registered by the runtime."),
        Rule("onnx.malformed", "Malformed ONNX protobuf", _M, (*_SUPPLY, "CWE-20"),
             "The ONNX protobuf could not be parsed consistently."),
        Rule("safetensors.header", "Invalid safetensors header", _M, (*_SUPPLY, "CWE-20"),
             "Header length, JSON, dtype, shape or offsets are invalid or inconsistent with the file size."),
        Rule("json.duplicate-key", "JSON object with duplicate keys", _M, (*_SUPPLY, "CWE-20"),
             "A key appears twice in one object: Python's json and serde_json keep the last value, other parsers "
             "the first, so two loaders can see different documents. Both readings were checked."),
        Rule("skops.untrusted-type", "skops file needs untrusted types", _H, _CODE,
             "The skops schema references functions or types outside skops' default trusted set."),
        Rule("skops.audit-bypass", "skops file builds what skops' audit does not list", _C, _CODE,
             "A schema node makes the loader import, build or call something that skops' own audit "
             "(get_untrusted_types, load(trusted=...)) does not report in some skops release: the user's review "
             "cannot catch it, so it is code execution at load (CVE-2025-54412, CVE-2025-54413)."),
        Rule("skops.malformed", "Malformed skops file", _M, (*_SUPPLY, "CWE-20"),
             "The skops schema.json is missing or invalid."),
        Rule("tensorflow.dangerous-op", "TensorFlow graph op with file or Python access", _H, _CODE,
             "The SavedModel graph uses ops such as ReadFile/WriteFile or PyFunc that act on the host at run time."),
        Rule("hf.remote-code", "Model needs remote code", _M, _CODE,
             "config.json auto_map points at Python files that trust_remote_code=True would import and run."),
        Rule("fs.link", "Symbolic link not followed", _H, (*_SUPPLY, "CWE-59"),
             "A symbolic link inside the scanned folder points outside it (or nowhere); its target was not "
             "scanned, and a loader would read it. Scan the target, or pass --follow-symlinks."),
        Rule("scan.limit", "Scan limit reached", _H, (*_SUPPLY, "CWE-400"),
             "A size, depth, count or time bound stopped the analysis; the rest is unverified, so it fails the "
             "default gate. Raise the bound under [scan.limits], or suppress the finding explicitly."),
    )
}


def rule(rule_id: str) -> Rule:
    return RULES[rule_id]
