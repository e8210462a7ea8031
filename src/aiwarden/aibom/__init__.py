"""AI bill of materials: a CycloneDX 1.6 ML-BOM of a model directory, built offline from local files."""

from aiwarden.aibom.builder import AibomResult, build_aibom

__all__ = ["AibomResult", "build_aibom"]
