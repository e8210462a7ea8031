"""Build a CycloneDX 1.6 ML-BOM for a model directory with cyclonedx-python-lib, adding the modelCard and
dataset `data` fields the library does not model yet. Offline: local files and the local environment only."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiwarden import __version__
from aiwarden.aibom.modelcard import CONFIG_FIELDS, ModelFacts, read_facts
from aiwarden.core.display import safe_name
from aiwarden.core.errors import UsageError
from aiwarden.sign.bundle import Resource, root_digest
from aiwarden.sign.errors import VerificationError
from aiwarden.sign.hashing import hash_files
from aiwarden.sign.location import DEFAULT_SIGNATURE
from aiwarden.sign.manifest import Ignores, ManifestFile, enumerate_files

PREFIX = "aiwarden"


@dataclass(slots=True)
class AibomResult:
    document: dict[str, Any]
    completeness: float
    missing: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # malformed README front matter, config.json, ...

    def to_json(self) -> str:
        return json.dumps(self.document, indent=2, ensure_ascii=False) + "\n"


def _prop(name: str, value: object) -> Any:
    from cyclonedx.model import Property

    return Property(name=f"{PREFIX}:{name}", value=str(value))


def _files(model_dir: Path) -> list[ManifestFile]:
    try:
        return enumerate_files(model_dir, Ignores().with_files([DEFAULT_SIGNATURE]))
    except VerificationError as exc:  # a symlink or special file: the BOM would not describe what loads
        raise UsageError(f"{model_dir}: {exc.reason}") from None


def build_aibom(model_dir: str | Path, *, include_env: bool = False, scan: bool = True) -> AibomResult:
    from cyclonedx.model import HashAlgorithm, HashType
    from cyclonedx.model.bom import Bom
    from cyclonedx.model.component import Component, ComponentType, Pedigree
    from cyclonedx.output.json import JsonV1Dot6

    root = Path(model_dir)
    if not os.path.isdir(root):  # unlike Path.is_dir, False (not OSError) for a name too long to look up
        raise UsageError(f"{safe_name(str(root))}: not a directory")
    files = _files(root)
    if not files:  # a BOM of nothing describes no model: almost surely the wrong directory
        raise UsageError(f"{safe_name(str(root))}: no files to describe (empty model directory)")
    digests = hash_files([(f.path, f.size) for f in files])
    resources = [Resource(f.name, "sha256", d) for f, d in zip(files, digests, strict=True)]
    facts = read_facts(root)
    formats, vulnerabilities = _scan(root, files) if scan else ({}, [])

    sha = HashAlgorithm.SHA_256
    model_ref = "model"
    licenses = [_license_factory().make_from_string(v) for v in facts.listed("license")]
    ancestors = [Component(name=base, type=ComponentType.MACHINE_LEARNING_MODEL, bom_ref=f"base-model:{base}")
                 for base in facts.listed("base_model")]
    model_properties = [_prop("oms:root-digest", f"sha256:{root_digest(resources)}"),
                        _prop("model:files", len(files)), _prop("model:bytes", sum(f.size for f in files))]
    model_properties += [_prop("model:language", lang) for lang in facts.listed("language")]
    model_properties += [_prop("model:library", lib) for lib in facts.listed("library_name")]
    model = Component(
        name=root.resolve().name,
        type=ComponentType.MACHINE_LEARNING_MODEL,
        bom_ref=model_ref,
        hashes=[HashType(alg=sha, content=root_digest(resources))],
        licenses=licenses,
        pedigree=Pedigree(ancestors=ancestors) if ancestors else None,
        properties=model_properties,
    )
    bom = Bom()
    bom.metadata.component = model
    bom.metadata.properties.add(_prop("generator", f"aiwarden {__version__}"))
    file_refs = []
    for resource, entry in zip(resources, files, strict=True):
        ref = f"file:{resource.name}"
        file_refs.append(ref)
        properties = [_prop("file:format", fmt) for fmt in formats.get(entry.path, [])]
        bom.components.add(Component(name=resource.name, type=ComponentType.FILE, bom_ref=ref,
                                     hashes=[HashType(alg=sha, content=resource.digest)], properties=properties))
    for name, template in sorted(facts.chat_templates.items()):
        digest = hashlib.sha256(template.encode("utf-8")).hexdigest()
        bom.components.add(Component(
            name=f"chat_template:{name}", type=ComponentType.FILE, bom_ref=f"chat-template:{name}",
            hashes=[HashType(alg=sha, content=digest)],
            properties=[_prop("chat-template:source", facts.template_source),
                        _prop("chat-template:characters", len(template))]))
    datasets = facts.listed("datasets")
    for dataset in datasets:
        bom.components.add(Component(name=dataset, type=ComponentType.DATA, bom_ref=f"dataset:{dataset}"))
    if include_env:
        for component in _environment():
            bom.components.add(component)
    for vulnerability in vulnerabilities:
        bom.vulnerabilities.add(vulnerability)
    bom.register_dependency(model, [c for c in bom.components if c.type is not ComponentType.LIBRARY])

    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # dependency-graph completeness notes about library components
        document: dict[str, Any] = json.loads(JsonV1Dot6(bom).output_as_string())
    _add_model_card(document, facts, datasets)
    score, missing = completeness(facts, bool(facts.chat_templates) or (root / "tokenizer_config.json").exists())
    document["metadata"].setdefault("properties", []).append(
        {"name": f"{PREFIX}:aibom:completeness", "value": f"{score:.2f}"})
    return AibomResult(document, score, missing, list(facts.problems))


def _license_factory() -> Any:
    """SPDX ids become ids, expressions stay expressions, anything else becomes a license name."""
    try:
        from cyclonedx.contrib.license.factories import LicenseFactory
    except ImportError:  # cyclonedx-python-lib < 11.5
        from cyclonedx.factory.license import LicenseFactory
    return LicenseFactory()


def _add_model_card(document: dict[str, Any], facts: ModelFacts, datasets: list[str]) -> None:
    """modelCard and dataset `data` entries: CycloneDX 1.6 fields cyclonedx-python-lib cannot emit yet."""
    parameters: dict[str, Any] = {}
    task = facts.front_matter.get("pipeline_tag")
    if isinstance(task, str):
        parameters["task"] = task
    model_type = facts.config.get("model_type")
    if isinstance(model_type, str):
        parameters["architectureFamily"] = model_type
    architectures = facts.config.get("architectures")
    if isinstance(architectures, list) and architectures and isinstance(architectures[0], str):
        parameters["modelArchitecture"] = architectures[0]
    if datasets:
        parameters["datasets"] = [{"ref": f"dataset:{d}"} for d in datasets]
    card: dict[str, Any] = {}
    if parameters:
        card["modelParameters"] = parameters
    properties = [{"name": f"{PREFIX}:config:{k}", "value": str(facts.config[k])}
                  for k in CONFIG_FIELDS if isinstance(facts.config.get(k), str | int | float)]
    if properties:
        card["properties"] = properties
    if card:
        document["metadata"]["component"]["modelCard"] = card
    for component in document.get("components", []):
        if component.get("type") == "data" and component.get("bom-ref", "").startswith("dataset:"):
            component["data"] = [{"type": "dataset", "name": component["name"]}]


def completeness(facts: ModelFacts, has_tokenizer: bool) -> tuple[float, list[str]]:
    """Share of the fields a reviewer expects in an ML-BOM that the directory actually documents."""
    checks = {
        "license": bool(facts.listed("license")),
        "task (pipeline_tag)": isinstance(facts.front_matter.get("pipeline_tag"), str),
        "architecture": bool(facts.config.get("architectures") or facts.config.get("model_type")),
        "datasets": bool(facts.listed("datasets")),
        "base_model": bool(facts.listed("base_model")),
        "language": bool(facts.listed("language")),
        "library_name": bool(facts.listed("library_name")),
        "model parameters (config.json)": any(k in facts.config for k in CONFIG_FIELDS),
    }
    if has_tokenizer:
        checks["chat template"] = bool(facts.chat_templates)
    missing = [name for name, present in checks.items() if not present]
    return (len(checks) - len(missing)) / len(checks), missing


def _scan(root: Path, files: list[ManifestFile]) -> tuple[dict[str, list[str]], list[Any]]:
    """Formats per file and scanner findings as CycloneDX vulnerabilities affecting those files."""
    from cyclonedx.model.vulnerability import (
        BomTarget,
        Vulnerability,
        VulnerabilityRating,
        VulnerabilitySeverity,
        VulnerabilitySource,
    )

    from aiwarden.scan.engine import ScanOptions, scan_file

    formats: dict[str, list[str]] = {}
    vulnerabilities = []
    by_path = {f.path: f.name for f in files}
    for path, name in by_path.items():
        result = scan_file(path, ScanOptions())
        formats[path] = list(result.formats)
        for index, finding in enumerate(result.findings):
            cwes = [int(t[4:]) for t in finding.tags if t.startswith("CWE-") and t[4:].isdigit()]
            where = f" ({finding.location.member})" if finding.location.member else ""
            vulnerabilities.append(Vulnerability(
                bom_ref=f"finding:{name}:{index}",
                id=finding.rule_id,
                source=VulnerabilitySource(name="aiwarden"),
                ratings=[VulnerabilityRating(severity=VulnerabilitySeverity(str(finding.severity)))],
                cwes=cwes,
                description=f"{finding.title}: {finding.message}{where}",
                affects=[BomTarget(ref=f"file:{name}")],
                properties=[_prop("tag", t) for t in finding.tags if not t.startswith("CWE-")],
            ))
    return formats, vulnerabilities


def _environment() -> list[Any]:
    """Installed Python distributions, with package URLs."""
    from importlib import metadata

    from cyclonedx.model.component import Component, ComponentType
    from packageurl import PackageURL

    seen: dict[str, Any] = {}
    for dist in metadata.distributions():
        name = dist.metadata["Name"]
        if not name or name.lower() in seen:
            continue
        version = dist.version
        seen[name.lower()] = Component(name=name, version=version, type=ComponentType.LIBRARY,
                                       bom_ref=f"pypi:{name.lower()}@{version}",
                                       purl=PackageURL(type="pypi", name=name.lower(), version=version))
    return [seen[k] for k in sorted(seen)]
