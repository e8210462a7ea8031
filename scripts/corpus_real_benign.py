"""Build the real-library benign corpus: model files written by real library releases, old and new.

For each environment below it makes a throwaway interpreter environment under ``--venvs`` (a venv for Python 3, a
``pip install --target`` folder for Python 2.7), installs the pinned releases from PyPI, and runs
``scripts/real_benign_writers.py`` inside it: every library saves small real objects with its own normal save API
(pickle, joblib.dump with each compressor, np.save/savez, torch.save both formats, keras save, gensim/statsmodels
save, skops.io.dump, save_model of the boosters ...) and the data files packages ship for their own tests are
copied. Interpreters come from pyenv (``/root/.pyenv/versions/X.Y*``) or ``pythonX.Y`` on PATH; an environment
whose interpreter is missing is skipped and reported. Nothing written is ever loaded.

    python scripts/corpus_real_benign.py build --out /tmp/aiwarden-real-benign/corpus      # all environments
    python scripts/corpus_real_benign.py build --out DIR --only py27 py311                 # some of them
    python scripts/corpus_real_benign.py commit --out DIR --dest tests/corpus/real-benign   # the committed subset

``build`` writes ``DIR/manifest.json`` (every file, with the release that wrote it, its source and licence);
``commit`` copies a representative subset (every environment, library version and format; under
``COMMIT_BUDGET_BYTES``) into the repository with its own ``manifest.json``. The whole corpus is measured by
``benchmarks/compare_benign.py``.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
WRITERS = HERE / "real_benign_writers.py"
TORCH_WHEEL = "/opt/wheels/torch-2.13.0+cpu-cp311-cp311-manylinux_2_28_x86_64.whl"
COMMIT_BUDGET_BYTES = 24 * 1024 * 1024
COMMIT_MAX_FILE_BYTES = 1024 * 1024
COMMIT_PER_GROUP = 12
COMMIT_TEST_DATA_PER_GROUP = 40


@dataclass(frozen=True)
class Sweep:
    """Reinstall a few releases in the same environment and run some writers again (pure-Python libraries)."""

    requirements: tuple[str, ...]
    writers: tuple[str, ...]


@dataclass(frozen=True)
class Environment:
    name: str
    python: str
    requirements: tuple[str, ...]
    sweeps: tuple[Sweep, ...] = ()
    variables: dict[str, str] = field(default_factory=dict)


ENVIRONMENTS = (
    Environment("py27", "2.7", ("numpy==1.16.6", "scipy==1.2.3", "scikit-learn==0.20.4", "joblib==0.13.2",
                                "pandas==0.24.2")),
    Environment("py36", "3.6", ("numpy==1.16.6", "scipy==1.3.3", "scikit-learn==0.21.3", "joblib==0.11",
                                "pandas==0.23.4")),
    Environment("py37", "3.7", ("numpy==1.19.5", "scipy==1.5.4", "scikit-learn==0.22.2.post1", "joblib==0.14.1",
                                "pandas==1.0.5", "statsmodels==0.11.1", "xgboost==1.0.2", "lightgbm==2.3.1",
                                "gensim==3.8.3", "h5py==2.10.0", "lz4")),
    Environment("py38", "3.8", ("numpy==1.20.3", "scipy==1.6.3", "scikit-learn==0.24.2", "joblib==1.0.1",
                                "pandas==1.2.5", "statsmodels==0.12.2", "xgboost==1.5.2", "lightgbm==3.3.5",
                                "gensim==4.1.2", "h5py==3.1.0", "onnx==1.10.2", "protobuf==3.20.3", "lz4")),
    Environment("py39", "3.9", ("numpy==1.21.6", "scipy==1.7.3", "scikit-learn==1.0.2", "joblib==1.1.1",
                                "pandas==1.3.5", "statsmodels==0.13.5", "h5py==3.6.0", "lz4")),
    Environment("py310", "3.10", ("numpy==1.26.4", "scipy==1.11.4", "scikit-learn==1.3.2", "joblib==1.2.0",
                                  "pandas==2.0.3", "statsmodels==0.14.1", "xgboost==1.7.6", "lightgbm==3.3.5",
                                  "skops==0.8.0", "onnx==1.14.1", "safetensors==0.3.3", "h5py==3.9.0", "lz4")),
    Environment("py311old", "3.11", ("numpy==1.23.5", "scipy==1.9.3", "scikit-learn==1.1.3", "joblib==1.3.2",
                                     "pandas==1.5.3", "statsmodels==0.13.5", "lz4"),
                sweeps=(Sweep(("joblib==1.4.2",), ("write_joblib",)),)),
    Environment("py311", "3.11", ("numpy", "scipy", "scikit-learn", "joblib", "pandas", "statsmodels", "xgboost",
                                  "lightgbm", "skops", "onnx", "safetensors", "h5py", "gensim", "dill",
                                  "cloudpickle", "lz4", TORCH_WHEEL, "transformers", "tokenizers", "accelerate",
                                  "keras", "spacy", "catboost"),
                variables={"KERAS_BACKEND": "torch"}),
    Environment("tfkeras", "3.11", ("tensorflow", "tf-keras", "h5py"),
                variables={"KERAS_WRITER": "tf_keras", "TF_CPP_MIN_LOG_LEVEL": "3"}),
)


def find_python(version: str) -> str | None:
    for candidate in sorted(glob.glob(f"/root/.pyenv/versions/{version}.*/bin/python")):
        return candidate
    return shutil.which(f"python{version}")


def run(argv: Sequence[str], env: dict[str, str] | None = None) -> None:
    print("+", " ".join(argv), file=sys.stderr)
    subprocess.run(list(argv), check=True, env=env)


class Interpreter:
    """An environment's interpreter: a venv for Python 3, a --target folder on PYTHONPATH for Python 2.7."""

    def __init__(self, spec: Environment, root: Path, base: str) -> None:
        self.spec, self.root, self.base = spec, root, base
        self.legacy = spec.python.startswith("2.")

    @property
    def python(self) -> str:
        return self.base if self.legacy else str(self.root / "bin" / "python")

    def environ(self) -> dict[str, str]:
        env = dict(os.environ, **self.spec.variables)
        env.pop("PYTHONPATH", None)
        if self.legacy:
            env["PYTHONPATH"] = str(self.root / "site")
        return env

    def install(self, requirements: Sequence[str]) -> None:
        if self.legacy:
            run([self.base, "-m", "pip", "install", "-q", "--upgrade", "--target", str(self.root / "site"),
                 *requirements])
        else:
            run([self.python, "-m", "pip", "install", "-q", *requirements])

    def ensure(self) -> None:
        marker = self.root / ".installed"
        wanted = " ".join(self.spec.requirements)
        if marker.is_file() and marker.read_text().strip() == wanted:
            return
        if not self.legacy and not Path(self.python).exists():
            run([self.base, "-m", "venv", str(self.root)])
        self.install(self.spec.requirements)
        marker.write_text(wanted + "\n")

    def write(self, out: Path, writers: Sequence[str] = ()) -> None:
        argv = [self.python, "-B", str(WRITERS), "--out", str(out), "--env", self.spec.name]
        if writers:
            argv += ["--only", *writers]
        run(argv, env=self.environ())


@dataclass(frozen=True)
class SdistData:
    """Data files that a release's source distribution ships for its tests (its wheels leave them out)."""

    name: str
    version: str
    patterns: tuple[str, ...]
    licence: str


SDIST_DATA = (
    SdistData("pandas", "1.5.3", ("pandas/tests/io/data/legacy_pickle/*/*", "pandas/tests/io/data/pickle/*"),
              "BSD-3-Clause"),
)


def download_sdist(name: str, version: str, folder: Path) -> Path:
    """The release's sdist from PyPI through pip's own session, checked against the index's sha256."""
    import hashlib

    from pip._internal.network.session import PipSession

    target = folder / f"{name}-{version}.tar.gz"
    if target.is_file():
        return target
    session = PipSession()
    index = session.get(f"https://pypi.org/simple/{name}/", headers={"Accept": "application/vnd.pypi.simple.v1+json"})
    index.raise_for_status()
    listed = next(f for f in index.json()["files"] if f["filename"] == target.name)
    body = session.get(listed["url"]).content
    if hashlib.sha256(body).hexdigest() != listed["hashes"]["sha256"]:
        raise ValueError(f"{target.name}: sha256 differs from the index")
    folder.mkdir(parents=True, exist_ok=True)
    target.write_bytes(body)
    return target


def harvest_sdists(out: Path, cache: Path) -> None:
    import fnmatch
    import tarfile

    folder = out / "sdist"
    shutil.rmtree(folder, ignore_errors=True)
    records: list[str] = []
    for data in SDIST_DATA:
        archive = download_sdist(data.name, data.version, cache)
        prefix = f"{data.name}-{data.version}/{data.name}/"
        with tarfile.open(archive) as tar:
            for member in tar.getmembers():
                inner = member.name.removeprefix(prefix)
                if not member.isfile() or not any(fnmatch.fnmatch(data.name + "/" + inner, p) for p in data.patterns):
                    continue
                rel = f"testdata-{data.name}-{data.version}/{inner}"
                target = folder / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                source = tar.extractfile(member)
                assert source is not None
                target.write_bytes(source.read())
                records.append(json.dumps({
                    "path": rel, "env": "sdist", "python": "n/a", "made_by": f"{data.name}=={data.version} sdist",
                    "api": f"copied from {archive.name}:{member.name}", "format": target.suffix.lstrip(".") or "data",
                    "source": "package test data", "licence": data.licence,
                }, sort_keys=True))
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "manifest.jsonl").write_text("".join(r + "\n" for r in records), encoding="utf-8")


def build(args: argparse.Namespace) -> int:
    missing: list[str] = []
    if not args.only or "sdist" in args.only:
        harvest_sdists(args.out, args.venvs.parent / "sdists")
    for spec in ENVIRONMENTS:
        if args.only and spec.name not in args.only:
            continue
        base = find_python(spec.python)
        if base is None:
            missing.append(f"{spec.name} (no python{spec.python})")
            continue
        interpreter = Interpreter(spec, args.venvs / spec.name, base)
        out = args.out / spec.name
        try:
            interpreter.ensure()
            shutil.rmtree(out, ignore_errors=True)
            interpreter.write(out)
            for sweep in spec.sweeps:
                interpreter.install(sweep.requirements)
                interpreter.write(out, sweep.writers)
            if spec.sweeps:  # back to the pinned releases, so the marker stays true
                interpreter.install(spec.requirements)
        except subprocess.CalledProcessError as exc:
            missing.append(f"{spec.name} ({exc})")
    merge(args.out)
    for line in missing:
        print("environment not built:", line, file=sys.stderr)
    return 0


def merge(out: Path) -> None:
    """One manifest.json over every environment's manifest.jsonl, paths relative to ``out``.

    Package test data repeats across releases (the same SciPy .mat files ship for years): a file whose bytes are
    already listed is left out and deleted, so each distinct file counts once in a false-alarm rate."""
    import hashlib

    files: list[dict[str, str]] = []
    seen: set[str] = set()
    for jsonl in sorted(out.glob("*/manifest.jsonl")):
        env = jsonl.parent.name
        for line in jsonl.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            record["path"] = f"{env}/{record['path']}"
            path = out / record["path"]
            if not path.is_file():
                continue
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            if digest in seen and record["source"] == "package test data":
                path.unlink()
                continue
            seen.add(digest)
            record["sha256"] = digest
            files.append(record)
    files.sort(key=lambda r: r["path"])
    (out / "manifest.json").write_text(json.dumps({"files": files}, indent=1) + "\n", encoding="utf-8")
    print(f"{len(files)} files in {out / 'manifest.json'}", file=sys.stderr)


def group_of(record: dict[str, str]) -> str:
    """Environment plus library folder (``py37/sklearn-0.22.2.post1``): every group is represented."""
    return "/".join(record["path"].split("/")[:2])


def must_stay_together(record: dict[str, str]) -> bool:
    """Files that only mean something next to their siblings (model folders, external data, sidecars)."""
    return record["format"].startswith(("hf-", "spacy-dir", "onnx-external", "joblib-sidecar", "tf-savedmodel"))


def choose(files: Sequence[dict[str, str]], out: Path) -> list[dict[str, str]]:
    """A representative subset: per group every format, then more files round-robin, within the byte budget."""
    groups: dict[str, list[dict[str, str]]] = defaultdict(list)
    for record in files:
        if (out / record["path"]).stat().st_size <= COMMIT_MAX_FILE_BYTES:
            groups[group_of(record)].append(record)
    chosen: list[dict[str, str]] = []
    budget = COMMIT_BUDGET_BYTES

    def take(record: dict[str, str]) -> bool:
        nonlocal budget
        size = (out / record["path"]).stat().st_size
        if size > budget:
            return False
        budget -= size
        chosen.append(record)
        return True

    rest: list[list[dict[str, str]]] = []
    for _, records in sorted(groups.items()):
        seen: set[str] = set()
        left: list[dict[str, str]] = []
        for record in records:
            key = record["format"] if not must_stay_together(record) else record["path"]
            if (key not in seen and len(seen) < COMMIT_PER_GROUP) or must_stay_together(record):
                seen.add(key)
                take(record)
            else:
                left.append(record)
        rest.append(left)
    for left in rest:  # generated files all fit; package test data is capped per release
        capped = left[:COMMIT_TEST_DATA_PER_GROUP] if left and left[0]["source"] != "generated" else left
        for record in capped:
            take(record)
    return sorted(chosen, key=lambda r: r["path"])


def commit(args: argparse.Namespace) -> int:
    files = json.loads((args.out / "manifest.json").read_text(encoding="utf-8"))["files"]
    chosen = choose(files, args.out)
    shutil.rmtree(args.dest, ignore_errors=True)
    for record in chosen:
        target = args.dest / record["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(args.out / record["path"], target)
    manifest = {"note": "made by scripts/corpus_real_benign.py commit; a subset of the full corpus", "files": chosen}
    (args.dest / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    total = sum((args.dest / r["path"]).stat().st_size for r in chosen)
    print(f"committed {len(chosen)} of {len(files)} files, {total / 1e6:.1f} MB", file=sys.stderr)
    return 0


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="make the environments and write the full corpus")
    b.add_argument("--out", type=Path, required=True)
    b.add_argument("--venvs", type=Path, default=Path("/tmp/aiwarden-real-benign/venvs"))
    b.add_argument("--only", nargs="*", help="environment names ('sdist': the source distributions' test data)")
    c = sub.add_parser("commit", help="copy a representative subset into the repository")
    c.add_argument("--out", type=Path, required=True, help="the folder build wrote")
    c.add_argument("--dest", type=Path, default=HERE.parent / "tests" / "corpus" / "real-benign")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    args.out = args.out.absolute()
    return build(args) if args.command == "build" else commit(args)


if __name__ == "__main__":
    sys.exit(main())
