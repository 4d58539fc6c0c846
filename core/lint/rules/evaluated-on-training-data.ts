// ML006: every metric computed for a model uses predictions on the data it was fitted on.
import { ancestry, nearestRoles, type Estimator, type EvaluationFact } from '../engine/facts';
import { describeLine, excerpt } from '../engine/source';
import { isSupervisedModel, modelLabel } from './models';
import { finding, lessonNote, related, type Rule } from './rule';

export const evaluatedOnTrainingData: Rule = {
  code: 'ML006',
  slug: 'evaluated-on-training-data',
  defaultSeverity: 'warning',
  summary: 'Every metric computed for a model uses predictions on the data it was fitted on.',
  explanation: [
    'A model scored on its own training data is graded on questions it has seen: the score',
    'measures memorisation, and an overfitted model looks best. Keep a held-out part the model',
    'never sees while fitting and compute the metric there (or use cross-validation).',
    'Training scores are fine as an extra diagnostic, next to a held-out score. Models that learn',
    'without labels (clusterers, mixtures, outlier detectors) are usually judged on the data they',
    'were fitted on, and this rule leaves them alone.',
  ].join('\n'),
  bad: [
    'from sklearn.datasets import load_diabetes',
    'from sklearn.dummy import DummyRegressor',
    'from sklearn.linear_model import Ridge',
    'from sklearn.metrics import mean_absolute_error',
    '',
    'X, y = load_diabetes(return_X_y=True)',
    'baseline = DummyRegressor().fit(X, y)',
    'model = Ridge().fit(X, y)',
    'print(mean_absolute_error(y, baseline.predict(X)))',
    'print(mean_absolute_error(y, model.predict(X)))',
    '',
  ].join('\n'),
  good: [
    'from sklearn.datasets import load_diabetes',
    'from sklearn.dummy import DummyRegressor',
    'from sklearn.linear_model import Ridge',
    'from sklearn.metrics import mean_absolute_error',
    'from sklearn.model_selection import train_test_split',
    '',
    'X, y = load_diabetes(return_X_y=True)',
    'X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)',
    'baseline = DummyRegressor().fit(X_train, y_train)',
    'model = Ridge().fit(X_train, y_train)',
    'print(mean_absolute_error(y_test, baseline.predict(X_test)))',
    'print(mean_absolute_error(y_test, model.predict(X_test)))',
    '',
  ].join('\n'),
  lesson: 'baselines-and-metrics',
  check(facts) {
    return facts.estimators
      .filter(
        (estimator) =>
          isSupervisedModel(estimator) &&
          estimator.fits.length > 0 &&
          estimator.evaluations.length > 0,
      )
      .filter((estimator) =>
        estimator.evaluations.every((evaluation) => onTrainingData(estimator, evaluation)),
      )
      .map((estimator) => {
        const evaluation = estimator.evaluations[0];
        const fit = estimator.fits[0];
        const data = excerpt(evaluation.prediction?.argsText.split(',')[0] ?? 'the training data');
        const message =
          `Every metric for ${modelLabel(estimator)} uses predictions on \`${data}\`, the data it ` +
          `was fitted on (${describeLine(fit.loc, evaluation.loc)}), so it measures memorisation, ` +
          'not performance on new data. Score predictions on a held-out test part. ' +
          lessonNote(this);
        return finding(this, evaluation.loc, message, [
          related(fit.loc, 'the model is fitted here'),
        ]);
      });
  },
};

function onTrainingData(estimator: Estimator, evaluation: EvaluationFact): boolean {
  const prediction = evaluation.prediction;
  if (!prediction || prediction.crossValidated || prediction.data.length === 0) return false;
  if (nearestRoles(prediction.data).has('test')) return false;
  const lineage = ancestry(prediction.data);
  return estimator.fits.some((fit) => fit.data.some((data) => lineage.has(data)));
}
