// Applies LintOptions to findings (select, ignore, per-rule severity) and merges option sets
// from the editor, pyproject.toml and the command line.
import type { Finding, LintOptions, Severity } from './types';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint'];

/** True when `code` equals one of the patterns or starts with one of them (a prefix). */
export function matchesCode(code: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => pattern !== '' && code.startsWith(pattern));
}

/** The severity override for `code`: an exact key first, else the longest matching prefix. */
export function severityOverride(
  code: string,
  overrides: LintOptions['severity'],
): Severity | 'off' | undefined {
  if (!overrides) return undefined;
  if (Object.prototype.hasOwnProperty.call(overrides, code)) return overrides[code];

  let best: string | undefined;
  for (const key of Object.keys(overrides)) {
    if (key !== '' && code.startsWith(key) && (best === undefined || key.length > best.length)) {
      best = key;
    }
  }
  return best === undefined ? undefined : overrides[best];
}

/** True when the options leave the rule `code` running. */
export function isRuleEnabled(code: string, options: LintOptions): boolean {
  if (options.select && options.select.length > 0 && !matchesCode(code, options.select)) {
    return false;
  }
  if (options.ignore && matchesCode(code, options.ignore)) return false;
  return severityOverride(code, options.severity) !== 'off';
}

/** Drops the findings of disabled rules and applies severity overrides to the rest. */
export function applyOptions(findings: readonly Finding[], options: LintOptions): Finding[] {
  const kept: Finding[] = [];
  for (const finding of findings) {
    if (!isRuleEnabled(finding.code, options)) continue;
    const severity = severityOverride(finding.code, options.severity);
    kept.push(severity && severity !== 'off' ? { ...finding, severity } : finding);
  }
  return kept;
}

/**
 * Layers option sets: each later set wins for the fields it sets (select and ignore as a
 * whole, severity per rule), earlier sets fill the rest.
 */
export function mergeOptions(...layers: (LintOptions | undefined)[]): LintOptions {
  const merged: LintOptions = {};
  for (const layer of layers) {
    if (!layer) continue;
    if (layer.select !== undefined) merged.select = [...layer.select];
    if (layer.ignore !== undefined) merged.ignore = [...layer.ignore];
    if (layer.severity !== undefined) merged.severity = { ...merged.severity, ...layer.severity };
  }
  return merged;
}
