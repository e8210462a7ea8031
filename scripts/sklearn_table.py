"""Generate the scikit-learn class table (src/aiwarden/scan/pkl/sklearn_names.py) from real releases.

Nothing is installed, imported or executed: each release's wheel is downloaded with
``pip download --no-deps`` and read as a zip. A pickle names a class by the module that defines it, so:

- every non-test ``.py`` module is parsed with ``ast`` and its module-level ``class`` statements are listed
  under that module's dotted name;
- compiled Cython modules (``.so``) are searched for the type names Cython stores in them
  (``tp_name`` "sklearn.tree._tree.Tree") and the reconstructors Cython generates for cdef classes
  (``__pyx_unpickle_<Class>``), both only where they belong to the module that the file itself is;
- ``.pxd``/``.pyx`` declarations (``cdef class Name``) of the same module count too.

Packages whose classes may touch files or re-enter a loader (vendored code, dataset fetchers, test helpers)
are left out; the scanner's dangerous tables are checked before the safe set anyway.

Usage: python scripts/sklearn_table.py [--cache DIR] [--versions 1.5.2 1.6.1 ...]
"""

from __future__ import annotations

import argparse
import ast
import re
import subprocess
import sys
import zipfile
from pathlib import Path

# The last patch of every minor release from 0.22 on: classes move between modules only in minor releases.
RELEASES = ("0.22.2.post1", "0.23.2", "0.24.2", "1.0.2", "1.1.3", "1.2.2", "1.3.2", "1.4.2", "1.5.2", "1.6.1",
            "1.7.2", "1.8.0", "1.9.1")
# Newest interpreter first: old releases have wheels for older Pythons only. The wheels are only read.
PYTHONS = ("3.11", "3.9", "3.8")
PLATFORMS = ("manylinux_2_28_x86_64", "manylinux_2_17_x86_64", "manylinux2014_x86_64", "manylinux2010_x86_64",
             "manylinux1_x86_64")

OUTPUT = Path(__file__).resolve().parents[1] / "src" / "aiwarden" / "scan" / "pkl" / "sklearn_names.py"

# Module prefixes left out: vendored third-party code, dataset downloaders and file readers, test and build
# helpers. Their classes are judged by the decision model like any other name.
EXCLUDED_PREFIXES = ("sklearn.externals", "sklearn.datasets", "sklearn.utils._testing", "sklearn.utils.testing",
                     "sklearn.utils.estimator_checks", "sklearn._build_utils", "sklearn.__check_build",
                     "sklearn.utils._show_versions", "sklearn.conftest", "sklearn.experimental",
                     "sklearn.utils._mocking", "sklearn._min_dependencies", "sklearn.callback")
# joblib's Memory creates its cache folder and Parallel/parallel_backend set process-wide backends when built.
EXCLUDED_NAMES = frozenset({"sklearn.utils.Memory", "sklearn.utils.Parallel", "sklearn.utils.parallel.Parallel",
                            "sklearn.utils.parallel_backend", "sklearn.utils.fixes.parallel_backend"})

_TP_NAME = re.compile(rb"sklearn(?:\.[A-Za-z_][A-Za-z0-9_]*)+")
# As a C string of its own (NUL-terminated), not inside a mangled C++ symbol; the C helper ending in
# "__set_state" is not a Python name.
_PYX_UNPICKLE = re.compile(rb"(?<![\w])__pyx_unpickle_([A-Za-z_][A-Za-z0-9_]*?)(?<!__set_state)\x00")
_CDEF_CLASS = re.compile(r"^\s*cdef\s+(?:public\s+|api\s+)*class\s+([A-Za-z_]\w*)", re.MULTILINE)


def download(version: str, cache: Path) -> Path:
    """The release's wheel in cache (downloaded once)."""
    found = sorted(cache.glob(f"scikit_learn-{version}-*.whl"))
    if found:
        return found[0]
    platforms = [arg for p in PLATFORMS for arg in ("--platform", p)]
    for python in PYTHONS:
        command = [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary=:all:",
                   "--python-version", python, *platforms, "-d", str(cache), f"scikit-learn=={version}"]
        if subprocess.run(command, check=False, capture_output=True).returncode == 0:
            found = sorted(cache.glob(f"scikit_learn-{version}-*.whl"))
            if found:
                return found[0]
    raise SystemExit(f"no wheel of scikit-learn {version} could be downloaded")


def module_name(path: str) -> str | None:
    """Dotted module name of a wheel member (sklearn/tree/_classes.py -> sklearn.tree._classes)."""
    if not path.startswith("sklearn/"):
        return None
    stem = path.split("/")
    last = stem[-1].split(".", 1)[0]
    parts = [*stem[:-1], last] if last != "__init__" else stem[:-1]
    if any(p in ("tests", "test") for p in parts) or last.startswith(("test_", "conftest")):
        return None
    name = ".".join(parts)
    if not all(p.isidentifier() for p in parts) or name.startswith(EXCLUDED_PREFIXES):
        return None
    return name


def python_classes(source: bytes) -> list[str]:
    """Module-level class statements, including those under a module-level if/try (version switches)."""
    tree = ast.parse(source)
    names: list[str] = []
    pending: list[ast.stmt] = list(tree.body)
    while pending:
        node = pending.pop(0)
        if isinstance(node, ast.ClassDef):
            names.append(node.name)
        elif isinstance(node, ast.If | ast.Try):
            pending.extend(node.body + node.orelse + getattr(node, "finalbody", []))
            for handler in getattr(node, "handlers", []):
                pending.extend(handler.body)
    return names


def compiled_names(module: str, binary: bytes) -> list[str]:
    """Cython types and cdef-class reconstructors of exactly this module, from the strings in its .so."""
    names = []
    for match in _TP_NAME.finditer(binary):
        dotted = match.group().decode()
        owner, _, name = dotted.rpartition(".")
        if owner == module and name[:1].isupper():
            names.append(name)
    # Cython 3.1 stores the type name relative to the package ("_loss.CyHalfSquaredError").
    short = re.compile(rb"(?<![\w.])" + re.escape(module.rsplit(".", 1)[-1].encode()) + rb"\.([A-Z]\w*)(?![\w.])")
    names += [m.group(1).decode() for m in short.finditer(binary)]
    names += [f"__pyx_unpickle_{m.group(1).decode()}" for m in _PYX_UNPICKLE.finditer(binary)]
    return names


def wheel_names(wheel: Path) -> set[str]:
    names: set[str] = set()
    with zipfile.ZipFile(wheel) as archive:
        for member in archive.namelist():
            module = module_name(member)
            if module is None:
                continue
            if member.endswith(".py"):
                try:
                    found = python_classes(archive.read(member))
                except SyntaxError:  # a release's source for an older Python than the one running this
                    continue
            elif member.endswith(".so"):
                found = compiled_names(module, archive.read(member))
            elif member.endswith((".pxd", ".pyx")):
                found = _CDEF_CLASS.findall(archive.read(member).decode("utf-8", "replace"))
            else:
                continue
            names.update(n for n in (f"{module}.{name}" for name in found) if n not in EXCLUDED_NAMES)
    return names


def render(per_release: dict[str, set[str]]) -> str:
    everything = sorted(set().union(*per_release.values()))
    releases = ",\n    ".join(f'"{r}"' for r in per_release)
    lines = [
        '"""scikit-learn classes by their defining module, generated by scripts/sklearn_table.py from the wheels of',
        "the releases below (read, never installed or run). Do not edit by hand.",
        '"""',
        "",
        f"RELEASES = (\n    {releases},\n)",
        "",
        "NAMES = frozenset(",
        '    """',
    ]
    line = "   "
    for name in everything:
        if len(line) + len(name) + 1 > 116:
            lines.append(line)
            line = "   "
        line += f" {name}"
    lines += [line, '    """.split()', ")", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cache", type=Path, default=Path(".cache/sklearn-wheels"))
    parser.add_argument("--versions", nargs="+", default=list(RELEASES))
    parser.add_argument("--out", type=Path, default=OUTPUT)
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    per_release: dict[str, set[str]] = {}
    for version in args.versions:
        wheel = download(version, args.cache)
        per_release[version] = wheel_names(wheel)
        print(f"{version}: {wheel.name}: {len(per_release[version])} names", file=sys.stderr)
    args.out.write_text(render(per_release))
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
