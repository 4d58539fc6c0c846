// ML005: fit, fit_transform or fit_resample is called on the test or validation part of a split.
import { heldOutPart, nearestRoles, type FitFact } from '../engine/facts';
import { describeLine, excerpt, textOf } from '../engine/source';
import type { Finding, Fix, RelatedLocation } from '../types';
import { finding, lessonNote, related, replace, type Rule } from './rule';

export const fitOnHeldOut: Rule = {
  code: 'ML005',
  slug: 'fit-on-held-out',
  defaultSeverity: 'error',
  summary: '`fit`, `fit_transform` or `fit_resample` is called on the held-out part of a split.',
  explanation: [
    'The test or validation part of a split stands in for data the model has never seen. Fitting',
    'anything on it — the model, a scaler, an encoder, a sampler — lets it shape the model, and',
    'the score no longer estimates performance on new data.',
    '',
    'Fit on the training part, then only `transform` or `predict` the held-out part.',
  ].join('\n'),
  bad: [
    'from sklearn.datasets import load_wine',
    'from sklearn.model_selection import train_test_split',
    'from sklearn.preprocessing import StandardScaler',
    '',
    'X, y = load_wine(return_X_y=True)',
    'X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)',
    'scaler = StandardScaler()',
    'X_train_scaled = scaler.fit_transform(X_train)',
    'X_test_scaled = scaler.fit_transform(X_test)',
    '',
  ].join('\n'),
  good: [
    'from sklearn.datasets import load_wine',
    'from sklearn.model_selection import train_test_split',
    'from sklearn.preprocessing import StandardScaler',
    '',
    'X, y = load_wine(return_X_y=True)',
    'X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)',
    'scaler = StandardScaler()',
    'X_train_scaled = scaler.fit_transform(X_train)',
    'X_test_scaled = scaler.transform(X_test)',
    '',
  ].join('\n'),
  lesson: 'leakage-and-split-strategy',
  check(facts) {
    const findings: Finding[] = [];
    for (const estimator of facts.estimators) {
      for (const fit of estimator.fits) {
        const heldOut = heldOutPart(fit.data);
        if (!heldOut) continue;
        const trainingFit = estimator.fits.find(
          (other) => other.seq < fit.seq && isTrainingOnly(other),
        );
        const where = heldOut.split
          ? ` of the split on ${describeLine(heldOut.split.loc, fit.loc)}`
          : '';
        const message =
          `\`${excerpt(textOf(fit.loc), 50)}\` fits on \`${excerpt(fit.argsText.split(',')[0])}\`, ` +
          `the held-out part${where}. Fit on the training part and only \`transform\` or ` +
          `\`predict\` the held-out part. ${lessonNote(this)}`;
        const locations: RelatedLocation[] = [];
        if (heldOut.split)
          locations.push(related(heldOut.split.loc, 'the held-out part comes from this split'));
        if (trainingFit)
          locations.push(related(trainingFit.loc, 'already fitted on the training part here'));
        findings.push(finding(this, fit.loc, message, locations, transformFix(fit, trainingFit)));
      }
    }
    return findings;
  },
};

function isTrainingOnly(fit: FitFact): boolean {
  const roles = nearestRoles(fit.data);
  return roles.has('train') && !roles.has('test');
}

function transformFix(fit: FitFact, trainingFit: FitFact | undefined): Fix[] {
  if (fit.method !== 'fit_transform' || !trainingFit) return [];
  return [
    {
      title: 'Use `transform` (the step is already fitted on training data)',
      edits: [replace(fit.methodLoc, 'transform')],
    },
  ];
}
