// ML003: a model is fitted and used to predict, and no metric is computed anywhere.
import type { Estimator } from '../engine/facts';
import { isRanker, isRegressor } from '../engine/knowledge';
import { describeLine } from '../engine/source';
import { isSupervisedModel, modelClass, modelLabel } from './models';
import { finding, lessonNote, type Rule } from './rule';

export const missingMetric: Rule = {
  code: 'ML003',
  slug: 'missing-metric',
  defaultSeverity: 'warning',
  summary: 'A model is fitted and used to predict, but no metric is computed anywhere.',
  explanation: [
    'Predictions without a metric tell you nothing about whether the model works. Compute an',
    'explicit metric that matches the problem (accuracy, F1, ROC AUC, mean absolute error, ...)',
    'on data the model was not fitted on, and compare it with a baseline. Models that learn',
    'without labels (clusterers, mixtures, outlier detectors) are not judged by this rule.',
  ].join('\n'),
  bad: [
    'from sklearn.datasets import load_iris',
    'from sklearn.linear_model import LogisticRegression',
    'from sklearn.model_selection import train_test_split',
    '',
    'X, y = load_iris(return_X_y=True)',
    'X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)',
    'model = LogisticRegression().fit(X_train, y_train)',
    'print(model.predict(X_test))',
    '',
  ].join('\n'),
  good: [
    'from sklearn.datasets import load_iris',
    'from sklearn.dummy import DummyClassifier',
    'from sklearn.linear_model import LogisticRegression',
    'from sklearn.metrics import accuracy_score',
    'from sklearn.model_selection import train_test_split',
    '',
    'X, y = load_iris(return_X_y=True)',
    'X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)',
    'baseline = DummyClassifier().fit(X_train, y_train)',
    'model = LogisticRegression().fit(X_train, y_train)',
    'print(accuracy_score(y_test, baseline.predict(X_test)))',
    'print(accuracy_score(y_test, model.predict(X_test)))',
    '',
  ].join('\n'),
  lesson: 'baselines-and-metrics',
  check(facts) {
    if (facts.metricComputed) return [];
    return facts.estimators
      .filter(
        (estimator) =>
          isSupervisedModel(estimator) &&
          estimator.fits.length > 0 &&
          estimator.predictions.length > 0,
      )
      .map((estimator) => {
        const prediction = estimator.predictions[0];
        const fit = estimator.fits[0];
        const message =
          `${modelLabel(estimator)} is fitted on ${describeLine(fit.loc, prediction.loc)} and used ` +
          'to predict here, but no metric is computed anywhere. Score its predictions on held-out ' +
          `data (e.g. \`${exampleMetric(estimator)}\`). ${lessonNote(this)}`;
        return finding(this, prediction.loc, message);
      });
  },
};

/** A metric call that suits what the model predicts: classes, numbers or a ranking. */
function exampleMetric(estimator: Estimator): string {
  const className = modelClass(estimator);
  if (isRanker(className)) return 'ndcg_score([y_test], [predictions])';
  const metric = isRegressor(className) ? 'mean_absolute_error' : 'accuracy_score';
  return `${metric}(y_test, predictions)`;
}
