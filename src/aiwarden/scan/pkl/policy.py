"""Which pickle globals are safe, dangerous, or function builders. Data first, tiny lookups after.

The decision model (docs/scanner-decision-model.md): only exact names of the format's table are safe, never a
prefix. The dangerous table decides severity: importing one is high, calling one at load is critical. Any other
callable invoked at load is high; only classes of known ML ecosystems are medium. Names are matched component
by component, so ``torch._utils`` + ``os.system`` (a dotted qualname, resolved by getattr at load) is recognised
as ``os.system``, and a dotted walk that ends anywhere outside the table is at least high.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import Enum

from aiwarden.scan.pkl.ecosystem import ECOSYSTEM_ROOTS, ECOSYSTEM_SAFE

# Modules where every attribute is dangerous to import from a pickle (prefix match on components).
DANGEROUS_MODULES = frozenset(
    """
    os posix nt subprocess _posixsubprocess pty sys socket _socket shutil runpy
    importlib imp zipimport pkgutil marshal types code codeop ctypes _ctypes cffi pickle _pickle cPickle
    pickletools shelve dbm multiprocessing concurrent asyncio _asyncio threading _thread
    signal timeit cProfile profile pstats pdb bdb pydoc trace doctest _osx_support _aix_support _pyrepl
    ensurepip pip venv webbrowser tempfile glob fileinput zipfile tarfile sqlite3 _sqlite3 urllib urllib2
    urllib3 http httplib requests aiohttp httpx smtplib ftplib telnetlib poplib imaplib nntplib xmlrpc
    socketserver ssl select selectors mmap fcntl resource platform commands popen2 distutils setuptools
    site sysconfig inspect gc atexit sched cgi cgitb winreg _winapi msvcrt _io io codecs logging
    IPython jinja2 mako numexpr mlflow joblib dill cloudpickle builtins __builtin__ __builtins__ operator
    _operator functools pathlib uuid thread _dummy_thread dummy_thread xml linecache tokenize mimetypes netrc
    mailbox mailcap filecmp wave aifc sunau zipapp compileall py_compile readline antigravity wsgiref
    huggingface_hub boto3 botocore s3fs fsspec paramiko fabric invoke sh plumbum pexpect docker git
    pkg_resources importlib_metadata yaml ruamel jsonpickle hydra zmq grpc smart_open gcsfs
    idlelib lib2to3 _interpreters _xxsubinterpreters interpreters _interpqueues _interpchannels _xxinterpchannels
    _imp _frozen_importlib _frozen_importlib_external _bootsubprocess _sitebuiltins _pyio _distutils_hack pipes
    _functools _signal faulthandler _lsprof _multiprocessing _posixshmem _dbm _gdbm _sre weakref _weakref
    tkinter _tkinter turtle turtledemo curses _curses rlcompleter unittest test _testcapi _testinternalcapi
    _testbuffer _testmultiphase _testsinglephase _testimportmultiple _ctypes_test modulefinder pyclbr tabnanny
    imghdr sndhdr gettext dataclasses annotationlib termios tty syslog patsy srsly websocket websockets ansible
    """.split()
)

# Specific attributes of otherwise-innocent packages that run code, load pickles or touch files.
DANGEROUS_GLOBALS = frozenset(
    """
    numpy.testing numpy.f2py numpy.distutils numpy.ctypeslib numpy.load numpy.loads numpy.fromfile
    numpy.tofile numpy.save numpy.savez numpy.savetxt numpy.loadtxt numpy.genfromtxt numpy.memmap
    numpy.lib.npyio numpy.lib.format numpy.lib.utils numpy.core._ufunc_config
    torch.load torch.save torch.hub torch.jit torch._dynamo torch._inductor torch.utils.collect_env
    torch.utils.cpp_extension torch.utils.data.datapipes torch.serialization torch.package torch.ops
    torch._C._jit torch.distributed.rpc torch.distributed.run torch.distributed.launch
    torch.distributed.elastic torch.multiprocessing torch.storage._load_from_file torch.from_file
    torch.classes torch.compile torch.fx torch.export torch.library torch._ops
    pandas.read_pickle pandas.read_csv pandas.read_json pandas.read_sql pandas.eval pandas.io
    pandas.core.computation tensorflow.io tensorflow.compat keras.utils.get_file keras.config
    scipy.io scipy.weave transformers.dynamic_module_utils numpy.lib._npyio_impl numpy.lib._utils_impl
    numpy.lib._datasource numpy.DataSource numpy.savez_compressed numpy.fromregex numpy.core.records.fromfile
    numpy._core.records.fromfile numpy.rec.fromfile numpy.core._internal numpy._core._internal numpy.ma.mrecords
    torch.utils.benchmark torch.testing torch.utils.bottleneck torch._export torch.compiler torch.cuda.memory
    torch.utils.tensorboard typing.get_type_hints typing._eval_type gzip.open gzip.GzipFile bz2.open bz2.BZ2File
    lzma.open lzma.LZMAFile tensorflow.py_function tensorflow.numpy_function tensorflow.keras.utils.get_file
    keras.saving keras.models.load_model pytorch_lightning.utilities.cloud_io lightning.fabric.utilities.cloud_io
    torch.utils._config_module torch.utils.model_zoo torch._weights_only_unpickler torch._C.import_ir_module
    torch._C.import_ir_module_from_buffer torch._C._load_for_lite_interpreter torch._library torch.profiler
    torch._C._load_for_lite_interpreter_from_buffer torch.autograd.profiler torch.onnx torchvision.datasets
    torchvision.io numpy._pytesttester scipy._lib._testutils scipy.LowLevelCallable scipy._lib._ccallback
    scipy.datasets pandas.HDFStore pandas.ExcelWriter pandas.ExcelFile pandas.to_pickle pandas.read_table
    pandas.read_fwf pandas.read_excel pandas.read_html pandas.read_xml pandas.read_parquet pandas.read_feather
    pandas.read_orc pandas.read_stata pandas.read_sas pandas.read_spss pandas.read_hdf pandas.read_clipboard
    pandas.read_sql_query pandas.read_sql_table pandas.read_gbq sklearn.datasets sklearn.utils._testing
    sklearn.externals.joblib statsmodels.iolib statsmodels.api.load statsmodels.api.load_pickle statsmodels.formula
    gensim.downloader gensim.utils.unpickle gensim.utils.pickle gensim.utils.open gensim.utils.smart_open
    gensim.corpora gensim.test spacy.load spacy.cli spacy.util.import_file spacy.util.run_command
    spacy.util.load_model spacy.util.load_model_from_path spacy.util.load_model_from_package
    spacy.util.load_model_from_init_py transformers.pipeline transformers.pipelines tensorflow.saved_model
    tensorflow.keras.models.load_model sentence_transformers.SentenceTransformer sentence_transformers.CrossEncoder
    sympy.sympify sympy.core.sympify sympy.parsing sympy.S sympy.core.singleton.S sympy.lambdify
    sympy.utilities.lambdify sympy.utilities.autowrap sympy.printing.preview
    """.split()
)

# The last component of a dotted walk (a method reached through a class or module) that reads, writes, loads
# or runs something: the walk is then critical when called, not just high.
DANGEROUS_ATTRIBUTES = frozenset(
    """
    system popen spawn fork exec eval run call check_call check_output from_file from_pretrained load loads
    load_model load_from_checkpoint read_pickle open write_text write_bytes read_text read_bytes touch mkdir unlink
    rmdir rmtree remove rename replace symlink_to hardlink_to chmod from_disk to_disk from_config import_module
    save save_pretrained dump tofile to_pickle to_csv to_json to_parquet to_hdf to_excel to_sql
    """.split()
)

# Callables that only look up other objects by name: safe only with constant arguments we understand.
RESOLVERS = frozenset(
    {
        "numpy.core._ufunc_reconstruct",
        "numpy._core._ufunc_reconstruct",
        "numpy.core.multiarray._ufunc_reconstruct",
        "torch._utils._import_dotted_name",
        "torch.serialization._import_dotted_name",
    }
)

# Globals that rebuild Python functions from serialized bytecode (code runs when the function is called).
FUNCTION_BUILDERS = frozenset(
    """
    dill._dill._create_function dill._dill._create_code dill._dill._create_cell dill._dill._create_lock
    dill._dill._create_type dill._dill._create_namedtuple dill._dill._get_attr dill._dill._import_module
    dill._dill._setattr dill._dill._create_filehandle dill._dill._create_ftype dill._dill._eval_repr
    dill._dill._load_type dill._dill._create_rlock dill._dill._create_array
    cloudpickle.cloudpickle._make_function cloudpickle.cloudpickle._builtin_type
    cloudpickle.cloudpickle._make_skeleton_class cloudpickle.cloudpickle._make_cell
    cloudpickle.cloudpickle._make_empty_cell cloudpickle.cloudpickle.subimport
    cloudpickle.cloudpickle._function_setstate cloudpickle.cloudpickle._class_setstate
    cloudpickle.cloudpickle_fast._function_setstate cloudpickle.cloudpickle_fast._class_setstate
    cloudpickle.cloudpickle._make_code cloudpickle.cloudpickle._create_parametrized_type_hint
    types.FunctionType types.CodeType types.LambdaType types.MethodType marshal.loads
    """.split()
)

# Globals whose call loads another pickle from bytes: their bytes arguments are scanned too.
NESTED_LOADERS = frozenset(
    {
        "pickle.loads",
        "_pickle.loads",
        "cPickle.loads",
        "dill.loads",
        "dill._dill.loads",
        "cloudpickle.loads",
        "torch.storage._load_from_bytes",
        "numpy.loads",
        "joblib.numpy_pickle.read_array",
    }
)

_BUILTIN_SAFE = (
    "set frozenset list dict tuple bytearray bytes complex float int str bool slice range object "
    "NoneType Ellipsis NotImplemented hash len abs round divmod pow chr ord bin oct hex repr ascii id "
    "isinstance issubclass callable all any sum min max"
).split() + [  # exception classes: constructing one runs no code of the pickle's choosing
    name for name, value in vars(builtins).items() if isinstance(value, type) and issubclass(value, BaseException)
]

BASE_SAFE = frozenset(
    [f"builtins.{n}" for n in _BUILTIN_SAFE]
    + [f"__builtin__.{n}" for n in _BUILTIN_SAFE]
    + """
    copyreg._reconstructor copy_reg._reconstructor copyreg.__newobj__ copyreg.__newobj_ex__
    _codecs.encode codecs.encode collections.OrderedDict collections.defaultdict collections.deque
    collections.Counter datetime.datetime datetime.date datetime.time datetime.timedelta datetime.timezone
    decimal.Decimal fractions.Fraction uuid.UUID argparse.Namespace
    pathlib.Path pathlib.PosixPath pathlib.WindowsPath pathlib.PurePath pathlib.PurePosixPath
    pathlib.PureWindowsPath _io.BytesIO io.BytesIO enum.Enum re._compile
    joblib.numpy_pickle.NumpyArrayWrapper sklearn.externals.joblib.numpy_pickle.NumpyArrayWrapper
    """.split()
)

# Legacy joblib (< 0.10) array records: safe only in the exact shape joblib wrote them (see legacy.py); any
# other use falls back to the joblib entry of the dangerous table.
JOBLIB_LEGACY_WRAPPERS = frozenset(
    f"{module}.{name}"
    for module in ("joblib.numpy_pickle", "joblib.numpy_pickle_compat", "sklearn.externals.joblib.numpy_pickle")
    for name in ("NDArrayWrapper", "ZNDArrayWrapper")
)

NUMPY_SAFE = frozenset(
    """
    numpy.ndarray numpy.dtype numpy.core.multiarray._reconstruct numpy._core.multiarray._reconstruct
    numpy.core.multiarray.scalar numpy._core.multiarray.scalar numpy.core.numeric._frombuffer
    numpy._core.numeric._frombuffer numpy.ma.core._mareconstruct numpy.ma.core.MaskedArray numpy.matrix
    numpy.matrixlib.defmatrix.matrix numpy.core._internal._reconstruct
    numpy.random._pickle.__randomstate_ctor numpy.random._pickle.__bit_generator_ctor
    numpy.random._pickle.__generator_ctor numpy.random._pickle._unpickle_randomstate
    numpy.random.mtrand.RandomState numpy.random._generator.Generator numpy.random._mt19937.MT19937
    numpy.random._pcg64.PCG64 numpy.random._pcg64.PCG64DXSM numpy.random._philox.Philox
    numpy.random._sfc64.SFC64 numpy.random.bit_generator.SeedSequence
    numpy.core.multiarray._unpickle numpy.dtypes.StringDType numpy.random.bit_generator.__pyx_unpickle_SeedSequence
    """.split()
    + [
        f"numpy.{n}"
        for n in (
            "bool_ bool int8 int16 int32 int64 uint8 uint16 uint32 uint64 intc uintc intp uintp longlong "
            "ulonglong float16 float32 float64 longdouble half single double complex64 complex128 "
            "clongdouble str_ bytes_ void datetime64 timedelta64 object_ float_ int_ uint"
        ).split()
    ]
)

TORCH_SAFE = frozenset(
    """
    torch._utils._rebuild_tensor torch._utils._rebuild_tensor_v2 torch._utils._rebuild_tensor_v3
    torch._utils._rebuild_parameter torch._utils._rebuild_parameter_with_state
    torch._utils._rebuild_sparse_tensor torch._utils._rebuild_sparse_csr_tensor
    torch._utils._rebuild_nested_tensor torch._utils._rebuild_device_tensor_from_numpy
    torch._utils._rebuild_device_tensor_from_cpu_tensor
    torch._utils._rebuild_meta_tensor_no_storage torch._utils._rebuild_wrapper_subclass
    torch._utils._rebuild_qtensor torch._utils._rebuild_xla_tensor torch._utils._rebuild_mtia_tensor
    torch._tensor._rebuild_from_type torch._tensor._rebuild_from_type_v2 torch.Tensor torch.Size
    torch.device torch.dtype torch.layout torch.memory_format torch.finfo torch.iinfo
    torch.nn.parameter.Parameter torch.nn.parameter.UninitializedParameter torch.nn.parameter.Buffer
    torch.storage.UntypedStorage torch.storage.TypedStorage torch.storage._load_from_bytes
    torch.serialization._get_layout torch.Generator torch._C.Generator
    torch.sparse_coo torch.sparse_csr torch.strided torch.contiguous_format torch.channels_last
    torch.channels_last_3d torch.preserve_format torch.per_tensor_affine torch.per_channel_affine
    collections.OrderedDict
    """.split()
    + [
        f"torch.{n}Storage"
        for n in (
            "Float Double Half BFloat16 Long Int Short Char Byte Bool ComplexFloat ComplexDouble QInt8 QUInt8 "
            "QInt32 QUInt4x2 QUInt2x4 Untyped Typed"
        ).split()
    ]
    + [
        f"torch.{n}"
        for n in (
            "float32 float float64 double float16 half bfloat16 complex32 complex64 complex128 cfloat cdouble "
            "uint8 uint16 uint32 uint64 int8 int16 short int32 int int64 long bool quint8 qint8 qint32 quint4x2 "
            "float8_e4m3fn float8_e5m2 float8_e4m3fnuz float8_e5m2fnuz float8_e8m0fnu float4_e2m1fn_x2 bits8"
        ).split()
    ]
)

SCIPY_SAFE = frozenset(
    f"scipy.sparse.{module}.{kind}_{container}"
    for kind in ("csr", "csc", "coo", "bsr", "dia", "dok", "lil")
    for module in (f"_{kind}", kind)
    for container in ("matrix", "array")
)

# Classes of these packages, unpickled whole, are module objects (low): torch.load of a full nn.Module.
MODULE_OBJECT_MODULES = ("torch.nn.modules", "torch.optim")


class Verdict(Enum):
    SAFE = "safe"
    MODULE_OBJECT = "module-object"
    ECOSYSTEM_CLASS = "ecosystem-class"
    UNKNOWN = "unknown"
    WALK = "attribute-walk"
    RESOLVER = "resolver"
    BUILDER = "function-builder"
    DANGEROUS = "dangerous"
    INTERNALS = "internals"


def _py3_name(module: str, name: str) -> tuple[str, str]:
    """What the unpickler's fix_imports turns a Python 2 name into (protocols 0-2)."""
    import _compat_pickle

    if (module, name) in _compat_pickle.NAME_MAPPING:
        mapped: tuple[str, str] = _compat_pickle.NAME_MAPPING[(module, name)]
        return mapped
    return _compat_pickle.IMPORT_MAPPING.get(module, module), name


@dataclass(frozen=True, slots=True)
class Classification:
    verdict: Verdict
    # The dotted name that matched (e.g. "os.system" for module "torch", name "os.system").
    matched: str


def candidate_names(module: str, name: str) -> Iterator[str]:
    """Every way the loader could resolve module + dotted name: ``a.b`` + ``c.d`` -> a.b.c.d split points."""
    parts = [p for p in module.split(".") if p] + [p for p in name.split(".") if p]
    for start in range(len(parts)):
        yield ".".join(parts[start:])


def _matches(qualname: str, table: Iterable[str]) -> str | None:
    """Component-wise prefix match, used for the dangerous tables only (a deny entry covers what is under it)."""
    parts = qualname.split(".")
    for i in range(1, len(parts) + 1):
        prefix = ".".join(parts[:i])
        if prefix in table:
            return prefix
    return None


def _is_dunder(part: str) -> bool:
    return len(part) > 4 and part.startswith("__") and part.endswith("__")


# Module names the Python 2 unpickler knew; any other dunder component reaches interpreter internals.
_DUNDER_MODULES = frozenset({"__builtin__", "__main__"})


def is_class_name(name: str) -> bool:
    """CapWords after leading underscores: how the ecosystems below name classes (functions are lowercase)."""
    stripped = name.lstrip("_")
    return stripped[:1].isupper() and "." not in name


class Policy:
    """Classifies (module, name) pairs for one format's safe set plus the user's allowlist (exact names)."""

    def __init__(self, safe: frozenset[str], extra_safe: Iterable[str] = (), namespaces: tuple[str, ...] = ()):
        self.safe = safe | ECOSYSTEM_SAFE | frozenset(extra_safe)
        # Loader-resolved namespaces (TorchScript's compiled classes): no Python attribute walk happens there.
        self.namespaces = namespaces

    def _in_namespace(self, module: str, name: str) -> bool:
        prefix = next((n for n in self.namespaces if f"{module}.".startswith(n)), None)
        if prefix is None or "." in name:
            return False
        rest = f"{module}.{name}"[len(prefix):].split(".")
        return not any(_is_dunder(p) or not p for p in rest)

    def classify(self, module: str, name: str) -> Classification:
        """Classify the name the unpickler really imports: Python 2 names are mapped to Python 3 ones
        (fix_imports, protocols 0-2); under protocols 3+ an unmapped Python 2 module fails to import."""
        mapped = _py3_name(module, name)
        if mapped != (module, name):
            return self._classify(*mapped)
        return self._classify(module, name)

    def _classify(self, module: str, name: str) -> Classification:
        full = f"{module}.{name}"
        if full in self.safe:
            return Classification(Verdict.SAFE, full)
        module_parts, name_parts = module.split("."), name.split(".")
        if self._in_namespace(module, name):
            return Classification(Verdict.SAFE, full)
        if any(_is_dunder(p) for p in name_parts) or any(
                _is_dunder(p) and p not in _DUNDER_MODULES for p in module_parts):
            return Classification(Verdict.INTERNALS, full)
        if full in RESOLVERS:
            return Classification(Verdict.RESOLVER, full)
        if full in FUNCTION_BUILDERS:
            return Classification(Verdict.BUILDER, full)
        walk = len(name_parts) > 1
        # The module as written, then every dotted suffix the loader may reach through getattr.
        for start, candidate in enumerate(candidate_names(module, name)):
            if start > 0 and not walk:
                break
            hit = _matches(candidate, FUNCTION_BUILDERS)
            if hit:
                return Classification(Verdict.BUILDER, hit)
            hit = _matches(candidate, DANGEROUS_GLOBALS) or _dangerous_module(candidate)
            if hit:
                return Classification(Verdict.DANGEROUS, hit)
        if walk:
            # getattr from the imported module through each component: whatever the module imported is
            # reachable, so a walk that is not an exact table entry is never safe.
            if name_parts[-1] in DANGEROUS_ATTRIBUTES:
                return Classification(Verdict.DANGEROUS, full)
            return Classification(Verdict.WALK, full)
        if is_class_name(name):
            if module in _MODULE_OBJECT_EXACT or module.startswith(_MODULE_OBJECT_PACKAGES):
                return Classification(Verdict.MODULE_OBJECT, full)
            if module_parts[0] in ECOSYSTEM_ROOTS:
                return Classification(Verdict.ECOSYSTEM_CLASS, full)
        return Classification(Verdict.UNKNOWN, full)


_MODULE_OBJECT_EXACT = frozenset(MODULE_OBJECT_MODULES)
_MODULE_OBJECT_PACKAGES = tuple(f"{m}." for m in MODULE_OBJECT_MODULES)


_SAFE_IN_DANGEROUS_MODULES = BASE_SAFE


def _dangerous_module(qualname: str) -> str | None:
    if qualname in _SAFE_IN_DANGEROUS_MODULES:
        return None
    top = qualname.split(".", 1)[0]
    return top if top in DANGEROUS_MODULES else None


TORCHSCRIPT_SAFE = frozenset(
    f"torch.jit._pickle.{n}"
    for n in ("build_intlist build_tensorlist build_doublelist build_boollist build_complexlist "
              "build_tensor_from_id restore_type_tag").split()
)

FORMAT_SAFE: dict[str, frozenset[str]] = {
    "pickle": BASE_SAFE | NUMPY_SAFE | TORCH_SAFE | SCIPY_SAFE,
    "torch": BASE_SAFE | NUMPY_SAFE | TORCH_SAFE,
    "joblib": BASE_SAFE | NUMPY_SAFE | TORCH_SAFE | SCIPY_SAFE,
    "numpy": BASE_SAFE | NUMPY_SAFE,
    "torchscript": BASE_SAFE | TORCH_SAFE | TORCHSCRIPT_SAFE,
}

# TorchScript archives are unpickled by the C++ loader, which resolves ``__torch__.*`` against the classes
# compiled from the archive's code/ (checked separately) and ``torch.classes.*`` against registered C++ classes;
# it has no Python import or attribute walk. Its own helpers are exact names.
FORMAT_NAMESPACES: dict[str, tuple[str, ...]] = {
    "torchscript": ("__torch__.", "torch.classes."),
}



def unsafe_to_allow(qualname: str) -> str | None:
    """Why ``qualname`` may not go in ``allow_globals``: the dangerous entry it reaches, or None if it may."""
    module, _, name = qualname.rpartition(".")
    if not module or not name:
        return None
    found = Policy(frozenset()).classify(module, name)
    if found.verdict in (Verdict.DANGEROUS, Verdict.BUILDER, Verdict.RESOLVER, Verdict.INTERNALS):
        return found.matched
    return None
