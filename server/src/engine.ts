// The lint engine as the language server sees it: the one file naming what it takes from core/lint.
import type { Finding, Fix, LintOptions, RuleMeta } from '../../core/lint/types';

export { lintSource, lintNotebook } from '../../core/lint';
export type {
  Finding,
  Fix,
  LintOptions,
  NotebookCell as LintCell,
  RuleMeta,
  Severity,
  Span,
  TextEdit as LintEdit,
} from '../../core/lint/types';

export const RULES: RuleMeta[] = [];

export function ignoreOnLine(finding: Finding, _text: string): Fix {
  return { title: `Ignore ${finding.code} on this line`, edits: [] };
}

export function projectOptions(_filePath: string): { path: string; options: LintOptions } | undefined {
  return undefined;
}
