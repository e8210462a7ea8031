"""Globals seen in benign files saved by the real libraries users load every day (pandas, omegaconf,
transformers Trainer, accelerate, scipy, numpy, sklearn). Exact names only: constructing these
classes or calling these reconstructors runs no code chosen by the pickle.

Anything not listed here or in policy.py is judged by the decision model (docs/scanner-decision-model.md):
called at load it is high, a class of a root below is medium, and a project can allowlist exact names.
"""

from __future__ import annotations

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
scipy.stats._kde.gaussian_kde scipy.stats._distn_infrastructure.rv_continuous_frozen
scipy.stats._distn_infrastructure.rv_discrete_frozen
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

# scikit-learn >= 0.22 estimators by their defining module, and the Cython trees that pickle with arguments.
_SKLEARN = """
sklearn.tree._tree.Tree sklearn.neighbors._kd_tree.KDTree sklearn.neighbors._ball_tree.BallTree
sklearn.pipeline.Pipeline sklearn.pipeline.FeatureUnion sklearn.compose._column_transformer.ColumnTransformer
sklearn.compose._target.TransformedTargetRegressor sklearn.linear_model._logistic.LogisticRegression
sklearn.linear_model._base.LinearRegression sklearn.linear_model._ridge.Ridge
sklearn.linear_model._ridge.RidgeClassifier
sklearn.linear_model._coordinate_descent.Lasso sklearn.linear_model._coordinate_descent.ElasticNet
sklearn.linear_model._stochastic_gradient.SGDClassifier sklearn.linear_model._stochastic_gradient.SGDRegressor
sklearn.tree._classes.DecisionTreeClassifier sklearn.tree._classes.DecisionTreeRegressor
sklearn.tree._classes.ExtraTreeClassifier sklearn.tree._classes.ExtraTreeRegressor
sklearn.ensemble._forest.RandomForestClassifier sklearn.ensemble._forest.RandomForestRegressor
sklearn.ensemble._forest.ExtraTreesClassifier sklearn.ensemble._forest.ExtraTreesRegressor
sklearn.ensemble._gb.GradientBoostingClassifier sklearn.ensemble._gb.GradientBoostingRegressor
sklearn.svm._classes.SVC sklearn.svm._classes.SVR sklearn.svm._classes.LinearSVC sklearn.svm._classes.LinearSVR
sklearn.neighbors._classification.KNeighborsClassifier sklearn.neighbors._regression.KNeighborsRegressor
sklearn.naive_bayes.GaussianNB sklearn.naive_bayes.MultinomialNB sklearn.cluster._kmeans.KMeans
sklearn.decomposition._pca.PCA sklearn.decomposition._truncated_svd.TruncatedSVD
sklearn.preprocessing._data.StandardScaler sklearn.preprocessing._data.MinMaxScaler
sklearn.preprocessing._data.RobustScaler sklearn.preprocessing._data.MaxAbsScaler
sklearn.preprocessing._encoders.OneHotEncoder sklearn.preprocessing._encoders.OrdinalEncoder
sklearn.preprocessing._label.LabelEncoder sklearn.preprocessing._label.LabelBinarizer
sklearn.preprocessing._polynomial.PolynomialFeatures sklearn.impute._base.SimpleImputer
sklearn.feature_extraction.text.CountVectorizer sklearn.feature_extraction.text.TfidfVectorizer
sklearn.feature_extraction.text.TfidfTransformer sklearn.feature_selection._variance_threshold.VarianceThreshold
sklearn.neural_network._multilayer_perceptron.MLPClassifier sklearn.neural_network._multilayer_perceptron.MLPRegressor
sklearn.neural_network._stochastic_optimizers.AdamOptimizer sklearn.neural_network._stochastic_optimizers.SGDOptimizer
"""

ECOSYSTEM_SAFE = frozenset(
    (_PANDAS + _TRAINING + _SCIENTIFIC + _TORCH_EXTRA + _SKLEARN).split() + _TORCH_RETURN_TYPES + _NLP_AND_STATS
)

# Top-level packages of the ML ecosystems whose classes (CapWords names, reached without an attribute walk)
# are medium when constructed and not yet in a table: ordinary model objects, not code chosen by the pickle.
# Their loaders, downloaders and file readers are in policy.DANGEROUS_GLOBALS, which is checked first.
ECOSYSTEM_ROOTS = frozenset(
    """
    sklearn scipy numpy pandas statsmodels gensim spacy thinc confection xgboost lightgbm catboost torch
    torchvision torchaudio transformers tokenizers keras lightning pytorch_lightning omegaconf accelerate
    """.split()
)
