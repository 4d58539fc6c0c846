// ML004: a data-dependent step is fitted on data that is split or cross-validated afterwards,
// so statistics of the held-out rows leak into training.
import { ancestry, type DataNode, type SplitFact } from '../engine/facts';
import { describeLine, excerpt, positionAt, textOf, type Loc } from '../engine/source';
import type { Finding } from '../types';
import { finding, lessonNote, related, type Rule } from './rule';

const ADVICE: Record<SplitFact['kind'], string> = {
  split: 'Split first and fit the step on the training part only, or put it in a `Pipeline`',
  'cross-validation':
    'Put the step in a `Pipeline` with the model and cross-validate the pipeline, so each ' +
    'fold fits it on its own training rows',
};

interface Candidate {
  seq: number;
  loc: Loc;
  /** What the step does, e.g. "fits StandardScaler on `X`" (built only for a finding). */
  description: () => string;
  data: DataNode[];
}

export const preprocessingBeforeSplit: Rule = {
  code: 'ML004',
  slug: 'preprocessing-before-split',
  defaultSeverity: 'warning',
  summary:
    'A data-dependent preprocessing step is fitted before the data is split or cross-validated.',
  explanation: [
    'Scalers, imputers, encoders, feature selection, decompositions, text vectorisers, samplers',
    'and pandas fills or normalisations with a column statistic all learn from the data they see.',
    'Fitted before the split, they learn from the test rows too, and the score is optimistic.',
    '',
    'Split first and fit the step on the training part only, or put it in a `Pipeline` so that',
    'cross-validation refits it inside every fold.',
  ].join('\n'),
  bad: [
    'from sklearn.datasets import load_wine',
    'from sklearn.model_selection import train_test_split',
    'from sklearn.preprocessing import StandardScaler',
    '',
    'X, y = load_wine(return_X_y=True)',
    'X_scaled = StandardScaler().fit_transform(X)',
    'X_train, X_test, y_train, y_test = train_test_split(X_scaled, y, random_state=0)',
    '',
  ].join('\n'),
  good: [
    'from sklearn.datasets import load_wine',
    'from sklearn.model_selection import train_test_split',
    'from sklearn.preprocessing import StandardScaler',
    '',
    'X, y = load_wine(return_X_y=True)',
    'X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)',
    'scaler = StandardScaler().fit(X_train)',
    'X_train_scaled = scaler.transform(X_train)',
    'X_test_scaled = scaler.transform(X_test)',
    '',
  ].join('\n'),
  lesson: 'leakage-and-split-strategy',
  check(facts) {
    const candidates: Candidate[] = [];
    for (const estimator of facts.estimators) {
      for (const fit of estimator.fits) {
        if (estimator.kind !== 'transformer' && fit.method !== 'fit_resample') continue;
        candidates.push({
          seq: fit.seq,
          loc: fit.loc,
          description: () =>
            `fits ${estimator.className} on \`${excerpt(fit.argsText.split(',')[0])}\``,
          data: fit.data,
        });
      }
    }
    for (const step of facts.preprocessing) {
      const description = (): string => step.what;
      candidates.push({ seq: step.seq, loc: step.loc, description, data: step.data });
    }
    const findings: Finding[] = [];
    const reportedLines = new Set<string>();
    const firstLaterSplit = laterSplits(candidates, facts.splits);
    for (const candidate of candidates) {
      const split = firstLaterSplit.get(candidate);
      if (!split) continue;
      const start = positionAt(candidate.loc.unit, candidate.loc.from);
      const line = `${candidate.loc.unit.cell ?? -1}:${start.line}`;
      if (reportedLines.has(line)) continue;
      reportedLines.add(line);
      const how = split.kind === 'split' ? 'split into train and test' : 'cross-validated';
      const message =
        `\`${excerpt(textOf(candidate.loc))}\` ${candidate.description()} before that data is ` +
        `${how} on ${describeLine(split.loc, candidate.loc)}, so statistics of the held-out rows ` +
        `leak into training. ${ADVICE[split.kind]}. ${lessonNote(this)}`;
      const location = related(split.loc, `the data is ${how} here`);
      findings.push(finding(this, candidate.loc, message, [location]));
    }
    return findings;
  },
};

/** For each candidate, the first split after it whose data descends from what it fitted. */
function laterSplits(candidates: Candidate[], splits: SplitFact[]): Map<Candidate, SplitFact> {
  const byData = new Map<DataNode, Candidate[]>();
  for (const candidate of candidates) {
    for (const data of candidate.data) {
      const list = byData.get(data) ?? [];
      list.push(candidate);
      byData.set(data, list);
    }
  }
  const result = new Map<Candidate, SplitFact>();
  if (byData.size === 0) return result;
  for (const split of splits) {
    for (const data of ancestry(split.inputs)) {
      for (const candidate of byData.get(data) ?? []) {
        if (candidate.seq < split.seq && !result.has(candidate)) result.set(candidate, split);
      }
    }
  }
  return result;
}
