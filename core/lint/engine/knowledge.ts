// What the engine knows about Python ML libraries: which qualified names read outside data,
// validate it, split, score, preprocess, and which estimators depend on `random_state`.

export type TaintKind = 'request' | 'json' | 'stdin' | 'input' | 'argv' | 'file' | 'parameter';

/** Calls whose result is data from outside the program. */
export const SOURCE_CALLS = new Map<string, TaintKind>([
  ['json.loads', 'json'],
  ['json.load', 'json'],
  ['input', 'input'],
  ['sys.stdin.read', 'stdin'],
  ['sys.stdin.readline', 'stdin'],
  ['sys.stdin.readlines', 'stdin'],
  ['flask.request.get_json', 'request'],
  ['flask.request.get_data', 'request'],
  ['open', 'file'],
  ['pandas.read_csv', 'file'],
  ['pandas.read_json', 'file'],
  ['pandas.read_parquet', 'file'],
  ['pandas.read_excel', 'file'],
  ['pandas.read_table', 'file'],
  ['numpy.load', 'file'],
  ['numpy.loadtxt', 'file'],
  ['numpy.genfromtxt', 'file'],
]);

/** Attributes whose value is data from outside the program. */
export const SOURCE_ATTRIBUTES = new Map<string, TaintKind>([
  ['sys.stdin', 'stdin'],
  ['sys.argv', 'argv'],
  ['flask.request.json', 'request'],
  ['flask.request.form', 'request'],
  ['flask.request.args', 'request'],
  ['flask.request.data', 'request'],
  ['flask.request.values', 'request'],
  ['flask.request.files', 'request'],
]);

export const INFERENCE_METHODS = new Set([
  'predict',
  'predict_proba',
  'predict_log_proba',
  'decision_function',
]);

/** Validation by name: the result of `validate_x(...)`, `check_x(...)`, `parse_x(...)`. */
export const VALIDATOR_NAME = /^_*(validate|check|parse)/i;

/** Schema libraries' base classes: instances built from a payload are validated data. */
export const SCHEMA_BASES = new Set([
  'pydantic.BaseModel',
  'pydantic.RootModel',
  'pydantic.dataclasses.dataclass',
  'marshmallow.Schema',
  'pandera.DataFrameModel',
  'pandera.SchemaModel',
  'pandera.pandas.DataFrameModel',
]);

/** Schema objects whose `validate`/`load` returns validated data. */
export const SCHEMA_FACTORIES = new Set([
  'pandera.DataFrameSchema',
  'pandera.pandas.DataFrameSchema',
  'jsonschema.Draft7Validator',
  'jsonschema.Draft202012Validator',
]);

/** Decorator attribute names that make a function a web route handler. */
export const ROUTE_DECORATORS = new Set([
  'route',
  'get',
  'post',
  'put',
  'patch',
  'delete',
  'api_route',
  'websocket',
]);

/** Function names that are serverless entry points when they take `(event, context)`. */
export const HANDLER_NAMES = new Set(['handler', 'lambda_handler', 'main_handler']);

export const SPLIT_FUNCTIONS = new Set(['sklearn.model_selection.train_test_split']);

export const CV_FUNCTIONS = new Set(
  [
    'cross_val_score',
    'cross_validate',
    'cross_val_predict',
    'learning_curve',
    'validation_curve',
    'permutation_test_score',
  ].map((name) => `sklearn.model_selection.${name}`),
);

export const SEARCH_CLASSES = new Set([
  'GridSearchCV',
  'RandomizedSearchCV',
  'HalvingGridSearchCV',
  'HalvingRandomSearchCV',
]);

export const CV_SPLITTERS = new Set([
  'KFold',
  'StratifiedKFold',
  'GroupKFold',
  'RepeatedKFold',
  'RepeatedStratifiedKFold',
  'ShuffleSplit',
  'StratifiedShuffleSplit',
  'GroupShuffleSplit',
  'TimeSeriesSplit',
  'LeaveOneOut',
  'StratifiedGroupKFold',
]);

/** sklearn.metrics names that are not metrics. */
export const NOT_METRICS = new Set([
  'make_scorer',
  'get_scorer',
  'get_scorer_names',
  'check_scoring',
  'ConfusionMatrixDisplay',
  'RocCurveDisplay',
  'PrecisionRecallDisplay',
  'DetCurveDisplay',
  'PredictionErrorDisplay',
  'pairwise_distances',
]);

/**
 * Estimators fitted to statistics of the features they see (scalers, imputers, encoders, ...).
 * Label encoders are left out: fitted on the target, they only learn the set of classes.
 */
export const DATA_DEPENDENT_TRANSFORMERS = new Set([
  'StandardScaler',
  'MinMaxScaler',
  'MaxAbsScaler',
  'RobustScaler',
  'QuantileTransformer',
  'PowerTransformer',
  'KBinsDiscretizer',
  'SimpleImputer',
  'KNNImputer',
  'IterativeImputer',
  'OneHotEncoder',
  'OrdinalEncoder',
  'TargetEncoder',
  'SelectKBest',
  'SelectPercentile',
  'SelectFromModel',
  'VarianceThreshold',
  'RFE',
  'RFECV',
  'SequentialFeatureSelector',
  'PCA',
  'IncrementalPCA',
  'KernelPCA',
  'TruncatedSVD',
  'NMF',
  'FastICA',
  'FactorAnalysis',
  'LatentDirichletAllocation',
  'CountVectorizer',
  'TfidfVectorizer',
  'TfidfTransformer',
  'ColumnTransformer',
  'SMOTE',
  'ADASYN',
  'BorderlineSMOTE',
  'RandomOverSampler',
  'RandomUnderSampler',
]);

/** Column statistics that make a pandas fill or normalisation data-dependent. */
export const STATISTIC_METHODS = new Set([
  'mean',
  'median',
  'mode',
  'std',
  'var',
  'min',
  'max',
  'quantile',
]);

/** Estimators and helpers whose result depends on `random_state`. */
export const RANDOM_STATE_CLASSES = new Set([
  'RandomForestClassifier',
  'RandomForestRegressor',
  'ExtraTreesClassifier',
  'ExtraTreesRegressor',
  'GradientBoostingClassifier',
  'GradientBoostingRegressor',
  'HistGradientBoostingClassifier',
  'HistGradientBoostingRegressor',
  'DecisionTreeClassifier',
  'DecisionTreeRegressor',
  'BaggingClassifier',
  'BaggingRegressor',
  'AdaBoostClassifier',
  'AdaBoostRegressor',
  'IsolationForest',
  'SGDClassifier',
  'SGDRegressor',
  'MLPClassifier',
  'MLPRegressor',
  'KMeans',
  'MiniBatchKMeans',
  'TSNE',
  'RandomizedSearchCV',
  'XGBClassifier',
  'XGBRegressor',
  'LGBMClassifier',
  'LGBMRegressor',
  'SMOTE',
  'RandomOverSampler',
  'RandomUnderSampler',
]);

/** Splitters that always shuffle, and those that shuffle only with `shuffle=True`. */
export const ALWAYS_SHUFFLING_SPLITTERS = new Set([
  'ShuffleSplit',
  'StratifiedShuffleSplit',
  'GroupShuffleSplit',
]);
export const OPTIONALLY_SHUFFLING_SPLITTERS = new Set(['KFold', 'StratifiedKFold']);

/** numpy.random names that are not draws from the global generator. */
export const NUMPY_RANDOM_NON_DRAWS = new Set([
  'seed',
  'default_rng',
  'RandomState',
  'Generator',
  'SeedSequence',
  'PCG64',
  'PCG64DXSM',
  'MT19937',
  'Philox',
  'SFC64',
  'BitGenerator',
  'get_state',
  'set_state',
]);

/** Libraries whose capitalised names are estimator classes. */
export const ML_LIBRARIES = ['sklearn', 'xgboost', 'lightgbm', 'catboost', 'imblearn'];

/**
 * Estimators that learn without labels: clusterers, mixtures, outlier and novelty detectors,
 * density estimators and neighbour searches. A dummy predictor is no baseline for them, and
 * scoring them on the data they were fitted on is how they are usually judged.
 */
const UNSUPERVISED = new Set([
  'AffinityPropagation',
  'AgglomerativeClustering',
  'BayesianGaussianMixture',
  'BernoulliRBM',
  'Birch',
  'DBSCAN',
  'EllipticEnvelope',
  'EmpiricalCovariance',
  'GaussianMixture',
  'GraphicalLasso',
  'GraphicalLassoCV',
  'HDBSCAN',
  'IsolationForest',
  'KernelDensity',
  'LedoitWolf',
  'LocalOutlierFactor',
  'MeanShift',
  'MinCovDet',
  'NearestNeighbors',
  'OAS',
  'OPTICS',
  'OneClassSVM',
  'SGDOneClassSVM',
  'ShrunkCovariance',
]);
const UNSUPERVISED_NAMES = /(KMeans|Clustering|Biclustering|Coclustering|Mixture)$/;

/** Whether the estimator class learns without labels (see UNSUPERVISED). */
export function isUnsupervised(className: string): boolean {
  return UNSUPERVISED.has(className) || UNSUPERVISED_NAMES.test(className);
}

/**
 * Metrics that judge a clustering, with labels (`adjusted_rand_score`) or without them
 * (`silhouette_score`): a model scored only with these is a clusterer, whatever its class.
 */
export const CLUSTERING_METRICS = new Set([
  'adjusted_mutual_info_score',
  'adjusted_rand_score',
  'calinski_harabasz_score',
  'completeness_score',
  'davies_bouldin_score',
  'fowlkes_mallows_score',
  'homogeneity_completeness_v_measure',
  'homogeneity_score',
  'mutual_info_score',
  'normalized_mutual_info_score',
  'rand_score',
  'silhouette_samples',
  'silhouette_score',
  'v_measure_score',
]);

/** Learning-to-rank models (`LGBMRanker`, `XGBRanker`): scored by ranking, not by class. */
export function isRanker(className: string): boolean {
  return /Ranker$/.test(className);
}

const REGRESSION_METRICS = /r2|squared|absolute|error|explained_variance|deviance|pinball|d2_/;

/** Classifiers whose names also match REGRESSORS, such as `LogisticRegression`. */
const CLASSIFIERS = /Classifier|LogisticRegression|SVC$|NB$|NearestCentroid|DiscriminantAnalysis/;
const REGRESSORS = new RegExp(
  'Regressor|Regression|SVR$|Ridge|Lasso|ElasticNet|Lars|OrthogonalMatchingPursuit|PLSCanonical' +
    '|^CCA$',
);

/**
 * Whether an estimator predicts numbers rather than classes: by its class name, else by the
 * metric it is scored with.
 */
export function isRegressor(className: string, metricName?: string): boolean {
  if (CLASSIFIERS.test(className)) return false;
  if (REGRESSORS.test(className)) return true;
  return metricName !== undefined && REGRESSION_METRICS.test(metricName);
}

export function firstSegment(qname: string): string {
  const dot = qname.indexOf('.');
  return dot === -1 ? qname : qname.slice(0, dot);
}

export function lastSegment(qname: string): string {
  const dot = qname.lastIndexOf('.');
  return dot === -1 ? qname : qname.slice(dot + 1);
}

/** Python's built-in functions, types and constants. */
const PYTHON_BUILTINS = new Set([
  'abs', 'aiter', 'all', 'anext', 'any', 'ascii', 'bin', 'bool', 'breakpoint', 'bytearray',
  'bytes', 'callable', 'chr', 'classmethod', 'compile', 'complex', 'delattr', 'dict', 'dir',
  'divmod', 'enumerate', 'eval', 'exec', 'filter', 'float', 'format', 'frozenset', 'getattr',
  'globals', 'hasattr', 'hash', 'help', 'hex', 'id', 'int', 'isinstance', 'issubclass',
  'iter', 'len', 'list', 'locals', 'map', 'max', 'memoryview', 'min', 'next', 'object', 'oct',
  'ord', 'pow', 'print', 'property', 'range', 'repr', 'reversed', 'round', 'set', 'setattr',
  'slice', 'sorted', 'staticmethod', 'str', 'sum', 'super', 'tuple', 'type', 'vars', 'zip',
  'NotImplemented', 'Ellipsis', '__name__', '__file__',
]);
const BUILTIN_EXCEPTION = /^[A-Z]\w*(?:Error|Exception|Warning)$|^(?:StopIteration|KeyboardInterrupt|SystemExit|GeneratorExit)$/;

/**
 * A name Python gives every module (`len`, `float`, `ValueError`). Unless the program binds
 * it, reading it gives none of the program's data.
 */
export function isBuiltinName(name: string): boolean {
  return PYTHON_BUILTINS.has(name) || BUILTIN_EXCEPTION.test(name);
}

/** Functions that shuffle or resample, unless told not to. */
export const RANDOM_FUNCTIONS = new Set([
  'sklearn.model_selection.train_test_split',
  'sklearn.utils.shuffle',
  'sklearn.utils.resample',
]);

/** Verdicts of `mayConcernRandomness`, by qualified name, for at most `MAX_NAMES` names. */
const byName = new Map<string, boolean>();
export const MAX_NAMES = 10_000;
export const DUMMY_ESTIMATOR = /^Dummy(Classifier|Regressor)$/;

/**
 * Whether a call to a qualified name can make results depend on randomness, by the name alone:
 * NumPy's random functions, the functions and splitters that shuffle, the estimators that take
 * `random_state`. Only such calls are recorded for the rules. The answer is kept by name: a
 * script calls few names many times, and the next version of it calls the same ones.
 */
export function mayConcernRandomness(qname: string): boolean {
  let may = byName.get(qname);
  if (may === undefined) {
    const name = lastSegment(qname);
    may =
      qname.startsWith('numpy.random.') ||
      RANDOM_FUNCTIONS.has(qname) ||
      ALWAYS_SHUFFLING_SPLITTERS.has(name) ||
      OPTIONALLY_SHUFFLING_SPLITTERS.has(name) ||
      DUMMY_ESTIMATOR.test(name) ||
      (firstSegment(qname) !== 'numpy' && RANDOM_STATE_CLASSES.has(name));
    // Names typed half-way in an editor are new names too: the map starts over when full.
    if (byName.size >= MAX_NAMES) byName.clear();
    byName.set(qname, may);
  }
  return may;
}

/** How many qualified names the verdict of `mayConcernRandomness` is kept for. */
export function namesKept(): number {
  return byName.size;
}
