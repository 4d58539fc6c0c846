// Every rule, its metadata for docs, hovers and SARIF, and the runner that applies them all.
import type { ProgramFacts } from '../engine/facts';
import type { Finding, RuleMeta } from '../types';
import { evaluatedOnTrainingData } from './evaluated-on-training-data';
import { fitOnHeldOut } from './fit-on-held-out';
import { missingBaseline } from './missing-baseline';
import { missingMetric } from './missing-metric';
import { outOfOrderExecution } from './out-of-order-execution';
import { preprocessingBeforeSplit } from './preprocessing-before-split';
import type { Rule } from './rule';
import { syntaxError } from './syntax-error';
import { unseededRandomness } from './unseeded-randomness';
import { unvalidatedPredict } from './unvalidated-predict';

export const RULE_CHECKS: Rule[] = [
  syntaxError,
  unvalidatedPredict,
  missingBaseline,
  missingMetric,
  preprocessingBeforeSplit,
  fitOnHeldOut,
  evaluatedOnTrainingData,
  unseededRandomness,
  outOfOrderExecution,
];

export const RULES: RuleMeta[] = RULE_CHECKS.map((rule) => ({
  code: rule.code,
  slug: rule.slug,
  defaultSeverity: rule.defaultSeverity,
  summary: rule.summary,
  explanation: rule.explanation,
  bad: rule.bad,
  good: rule.good,
  lesson: rule.lesson,
}));

/** Runs every rule; one finding per rule and place, ordered by cell, line and column. */
export function runRules(facts: ProgramFacts): Finding[] {
  // One finding per rule and place (a loop's body is analysed once per item): the first, or
  // the first that offers a fix.
  const byPlace = new Map<string, number>();
  const findings: Finding[] = [];
  for (const rule of RULE_CHECKS) {
    for (const found of rule.check(facts)) {
      const key = `${found.code}:${found.cell ?? -1}:${found.span.start.line}:${found.span.start.column}`;
      const kept = byPlace.get(key);
      if (kept === undefined) {
        byPlace.set(key, findings.length);
        findings.push(found);
      } else if (findings[kept].fixes.length === 0 && found.fixes.length > 0) {
        findings[kept] = found;
      }
    }
  }
  return findings.sort(
    (a, b) =>
      (a.cell ?? -1) - (b.cell ?? -1) ||
      a.span.start.line - b.span.start.line ||
      a.span.start.column - b.span.start.column ||
      a.code.localeCompare(b.code),
  );
}
