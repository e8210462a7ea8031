"""The model-file scanner: ``scan_paths(paths, options) -> Report``. Nothing here loads what it scans."""

from aiwarden.scan.context import Limits
from aiwarden.scan.engine import ScanOptions, Suppression, scan_file, scan_paths

__all__ = ["Limits", "ScanOptions", "Suppression", "scan_file", "scan_paths"]
