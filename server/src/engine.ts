// The lint engine as the language server sees it: the one file naming what it takes from core/lint.
export {
  ignoreOnLineFix,
  IncrementalParser,
  lintNotebook,
  lintSource,
  mergeOptions,
} from '../../core/lint';
export { parsePython } from '../../core/lint/engine';
export { lineStartsOf } from '../../core/lint/engine/source';
export type { Tree } from '@lezer/common';
export { ConfigError, ConfigResolver, isExcluded } from '../../core/lint/config';
export { tooLargeToLint } from '../../core/lint/limits';
export { RULES } from '../../core/lint/rules';
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
