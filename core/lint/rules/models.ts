// Shared questions rules ask about estimators: is it a model, a baseline, and how to name it.
import type { Estimator } from '../engine/facts';

export function isModel(estimator: Estimator): boolean {
  return estimator.kind !== 'transformer' && estimator.kind !== 'splitter';
}

export function isBaseline(estimator: Estimator): boolean {
  if (/^Dummy|Baseline/.test(estimator.className)) return true;
  return [...estimator.names].some((name) => /baseline/i.test(name));
}

/** "`model` (RandomForestClassifier)" or "the RandomForestClassifier". */
export function modelLabel(estimator: Estimator): string {
  const name = [...estimator.names][0];
  if (estimator.className === 'estimator') return name ? `\`${name}\`` : 'the model';
  return name ? `\`${name}\` (${estimator.className})` : `the ${estimator.className}`;
}
