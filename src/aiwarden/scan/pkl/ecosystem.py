"""Globals seen in benign files saved by the real libraries users load every day (pandas, omegaconf,
transformers Trainer, accelerate, scipy, numpy, sklearn). Exact names only: constructing these
classes or calling these reconstructors runs no code chosen by the pickle.

Anything not listed here or in policy.py is judged by the decision model (docs/scanner-decision-model.md):
called at load it is high, a class of a root below is medium, and a project can allowlist exact names.
"""

from __future__ import annotations

# scikit-learn classes by their defining module, generated from every minor release since 0.22 (wheels read,
# never run) by scripts/sklearn_table.py: estimators, helpers, Cython trees, KD/ball trees and loss objects.
from aiwarden.scan.pkl.reviewed import REVIEWED_UNDER_DENY
from aiwarden.scan.pkl.scipy_stats import SCIPY_STATS_SAFE
from aiwarden.scan.pkl.sklearn_names import NAMES as SKLEARN_NAMES
from aiwarden.scan.pkl.timezones import TIMEZONE_SAFE

_PANDAS = """
pandas.DataFrame pandas.Series pandas.Index pandas.RangeIndex pandas.MultiIndex pandas.DatetimeIndex
pandas.TimedeltaIndex pandas.PeriodIndex pandas.CategoricalIndex pandas.IntervalIndex pandas.Categorical
pandas.NA pandas.NaT pandas.Timestamp pandas.Timedelta pandas.Period pandas.Interval
pandas.StringDtype pandas.CategoricalDtype pandas.DatetimeTZDtype pandas.PeriodDtype pandas.IntervalDtype
pandas.SparseDtype pandas.Int8Dtype pandas.Int16Dtype pandas.Int32Dtype pandas.Int64Dtype pandas.UInt8Dtype
pandas.UInt16Dtype pandas.UInt32Dtype pandas.UInt64Dtype pandas.Float32Dtype pandas.Float64Dtype
pandas.BooleanDtype pandas.ArrowDtype
pandas.arrays.BooleanArray pandas.arrays.DatetimeArray pandas.arrays.IntegerArray pandas.arrays.FloatingArray
pandas.arrays.IntervalArray pandas.arrays.PeriodArray pandas.arrays.SparseArray pandas.arrays.StringArray
pandas.arrays.TimedeltaArray pandas.arrays.NumpyExtensionArray pandas.arrays.ArrowStringArray
pandas.core.indexes.base._new_Index pandas.core.indexes.datetimes._new_DatetimeIndex
pandas.core.indexes.period._new_PeriodIndex pandas.core.indexes.multi.MultiIndex
pandas.core.internals.managers.BlockManager pandas.core.internals.managers.SingleBlockManager
pandas.core.internals.blocks.new_block pandas.core.frame.DataFrame pandas.core.series.Series
pandas._libs.internals._unpickle_block pandas._libs.arrays.__pyx_unpickle_NDArrayBacked
pandas._libs.interval.__pyx_unpickle_IntervalMixin pandas._libs.sparse.IntIndex pandas._libs.sparse.BlockIndex
pandas._libs.tslibs.timestamps._unpickle_timestamp pandas._libs.tslibs.timedeltas._timedelta_unpickle
pandas._libs.tslibs.nattype.__nat_unpickle pandas._libs.missing.NAType
pandas.core.dtypes.dtypes.PeriodDtype pandas.core.dtypes.dtypes.CategoricalDtype
pandas.core.dtypes.dtypes.DatetimeTZDtype pandas.core.dtypes.dtypes.IntervalDtype
pandas._libs.tslibs.period.__pyx_unpickle_PeriodMixin
pandas._libs.tslibs.offsets.Day pandas._libs.tslibs.offsets.Hour pandas._libs.tslibs.offsets.Minute
pandas._libs.tslibs.offsets.Second pandas._libs.tslibs.offsets.BusinessDay pandas._libs.tslibs.offsets.MonthEnd
pandas._libs.tslibs.offsets.MonthBegin pandas._libs.tslibs.offsets.Week pandas._libs.tslibs.offsets.YearEnd
"""

_TRAINING = """
omegaconf.base.ContainerMetadata omegaconf.base.Metadata omegaconf.dictconfig.DictConfig
omegaconf.listconfig.ListConfig omegaconf.nodes.AnyNode omegaconf.nodes.StringNode omegaconf.nodes.IntegerNode
omegaconf.nodes.FloatNode omegaconf.nodes.BooleanNode typing.Any
transformers.training_args.TrainingArguments transformers.training_args.OptimizerNames
transformers.trainer_utils.IntervalStrategy transformers.trainer_utils.SaveStrategy
transformers.trainer_utils.HubStrategy transformers.trainer_utils.SchedulerType
transformers.trainer_utils.EvaluationStrategy transformers.trainer_pt_utils.AcceleratorConfig
transformers.debug_utils.DebugOption transformers.training_args.ParallelMode
transformers.generation.configuration_utils.GenerationConfig
accelerate.state.PartialState accelerate.utils.dataclasses.DistributedType
"""

_SCIENTIFIC = """
numpy.ma.MaskedArray numpy.ma.core.MaskedArray numpy.ma.core._mareconstruct
scipy.interpolate._interpolate.interp1d scipy.spatial._ckdtree.cKDTree scipy.spatial.transform._rotation.Rotation
scipy.stats._kde.gaussian_kde
scipy.spatial.ckdtree.cKDTree scipy.spatial.ckdtree.new_object
scipy.interpolate._interpolate.interp1d._call_linear_np scipy.interpolate._interpolate.interp1d._call_linear
scipy.interpolate._interpolate.interp1d._call_nearest scipy.interpolate._interpolate.interp1d._call_previousnext
scipy.interpolate._interpolate.interp1d._call_spline scipy.interpolate._interpolate.interp1d._call_nan_spline
array._array_reconstructor array.array collections.ChainMap collections.UserDict collections.UserList
collections.UserString UserDict.IterableUserDict UserDict.UserDict ipaddress.IPv4Address ipaddress.IPv6Address
ipaddress.IPv4Network ipaddress.IPv6Network types.SimpleNamespace zoneinfo.ZoneInfo zoneinfo.ZoneInfo._unpickle
datetime.tzinfo re.Pattern.search re.Pattern.match re.Pattern.fullmatch re.Pattern.sub re.Pattern.subn
re.Pattern.findall re.Pattern.finditer re.Pattern.split
"""

_TORCH_EXTRA = """
torch._dynamo.decorators._DimRange torch.nested._internal.nested_tensor.NestedTensor
torch.nested._internal.nested_tensor._rebuild_njt torch.nn.utils.rnn.PackedSequence
torch.distributed.checkpoint.metadata.Metadata torch.distributed.checkpoint.metadata.MetadataIndex
torch.distributed.checkpoint.metadata.TensorStorageMetadata torch.distributed.checkpoint.metadata.BytesStorageMetadata
torch.distributed.checkpoint.metadata.ChunkStorageMetadata torch.distributed.checkpoint.metadata.TensorProperties
torch.distributed.checkpoint.metadata.StorageMeta
"""

# Named tuples returned by torch operators (torch.return_types.max(...)): plain structseq records.
_TORCH_RETURN_TYPES = [
    f"torch.return_types.{n}"
    for n in """
    aminmax cummax cummin frexp geqrf histogram histogramdd kthvalue lu_unpack max median min mode nanmedian qr
    slogdet sort svd topk triangular_solve linalg_cholesky_ex linalg_eig linalg_eigh linalg_inv_ex
    linalg_ldl_factor linalg_ldl_factor_ex linalg_lstsq linalg_lu linalg_lu_factor linalg_lu_factor_ex linalg_qr
    linalg_slogdet linalg_solve_ex linalg_svd
    """.split()
]

# statsmodels GLM families, their link and variance functions (0.11 to 0.14): plain classes whose
# constructors store numbers (CDFLink a SciPy distribution, judged on its own).
_STATSMODELS_GLM = [f"statsmodels.genmod.families.{module}.{name}" for module, names in (
    ("links", "Link Logit logit Power inverse_power InversePower sqrt Sqrt inverse_squared InverseSquared "
              "Identity identity Log log LogC CDFLink probit Probit cauchy Cauchy CLogLog cloglog LogLog loglog "
              "NegativeBinomial nbinom"),
    ("varfuncs", "VarianceFunction Power Binomial NegativeBinomial mu mu_squared mu_cubed binary constant nbinom"),
    ("family", "Family Binomial Gamma Gaussian InverseGaussian NegativeBinomial Poisson Tweedie"),
) for name in names.split()]

# Reconstructors that spaCy and statsmodels write into their own pickles; their arguments are data.
_NLP_AND_STATS = """
spacy.vectors.unpickle_vectors spacy.morphology.unpickle_morphology spacy.vocab.unpickle_vocab
spacy.pipeline.pipe.__pyx_unpickle_Pipe spacy.pipeline.trainable_pipe.__pyx_unpickle_TrainablePipe
spacy.strings.StringStore spacy.tokenizer.Tokenizer
""".split() + [
    f"statsmodels.tsa.statespace._{module}.{prefix}{kind}"
    for module, kind in (("representation", "Statespace"), ("initialization", "Initialization"),
                         ("kalman_filter", "KalmanFilter"), ("kalman_smoother", "KalmanSmoother"),
                         ("simulation_smoother", "SimulationSmoother"))
    for prefix in "sdcz"
]

ECOSYSTEM_SAFE = frozenset(
    (_PANDAS + _TRAINING + _SCIENTIFIC + _TORCH_EXTRA).split() + _TORCH_RETURN_TYPES + _NLP_AND_STATS
    + _STATSMODELS_GLM
) | SKLEARN_NAMES | TIMEZONE_SAFE | REVIEWED_UNDER_DENY | SCIPY_STATS_SAFE

# Top-level packages of the ML ecosystems whose classes (CapWords names, reached without an attribute walk)
# are medium when constructed and not yet in a table: ordinary model objects, not code chosen by the pickle.
# Their loaders, downloaders and file readers are in policy.DANGEROUS_GLOBALS, which is checked first.
ECOSYSTEM_ROOTS = frozenset(
    """
    sklearn scipy numpy pandas statsmodels gensim spacy thinc confection xgboost lightgbm catboost torch
    torchvision torchaudio transformers tokenizers keras lightning pytorch_lightning omegaconf accelerate
    """.split()
)
