// Shared questions rules ask about estimators: is it a model, a baseline, and how to name it.
import type { Estimator } from '../engine/facts';
import { CLUSTERING_METRICS, isUnsupervised } from '../engine/knowledge';

function isModel(estimator: Estimator): boolean {
  return estimator.kind !== 'transformer' && estimator.kind !== 'splitter';
}

/** The class that does the predicting: a pipeline's or a search's model, else its own. */
export function modelClass(estimator: Estimator): string {
  return estimator.wrapped ?? estimator.className;
}

/**
 * A model that learns from labels, which a baseline and held-out labels can judge; not a
 * clusterer, an outlier detector or another model that learns without them.
 */
export function isSupervisedModel(estimator: Estimator): boolean {
  if (!isModel(estimator) || isUnsupervised(modelClass(estimator))) return false;
  const { evaluations } = estimator;
  return !(
    evaluations.length > 0 &&
    evaluations.every((evaluation) => CLUSTERING_METRICS.has(evaluation.metricName))
  );
}

export function isBaseline(estimator: Estimator): boolean {
  if (/^Dummy|Baseline/.test(estimator.className)) return true;
  return estimator.names.some((name) => /baseline/i.test(name));
}

/** "`model` (RandomForestClassifier)" or "the RandomForestClassifier". */
export function modelLabel(estimator: Estimator): string {
  const name = estimator.names[0];
  if (estimator.className === 'estimator') return name ? `\`${name}\`` : 'the model';
  return name ? `\`${name}\` (${estimator.className})` : `the ${estimator.className}`;
}
