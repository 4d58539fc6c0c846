// Renders a verdict as the text shown in terminals: the CLI's text format and the editor's
// task terminal.
import type { CheckResult } from './types';

const MARKS: Record<CheckResult['verdict'], string> = {
  pass: 'PASS',
  fail: 'FAIL',
  error: 'ERROR',
  timeout: 'TIMEOUT',
};

export interface FormatOptions {
  /** Include the program's stderr for errors (a terminal that did not stream it). */
  includeStderr?: boolean;
  /**
   * Show at most this many lines of the diff, then how many were left out and `whereAll`, the
   * place to read all of it.
   */
  diffLines?: { most: number; whereAll: string };
}

/** How much of a diff a terminal is shown; a longer one is more than a reader can use. */
export const DIFF_LINES_SHOWN = 200;

/** The editor's way to see a whole diff, for a terminal shown only the start of one. */
export const EDITOR_DIFF_LINES = {
  most: DIFF_LINES_SHOWN,
  whereAll: '"ML Practice: Show Practice Diff" shows all of it',
};

export function formatVerdict(result: CheckResult, options: FormatOptions = {}): string {
  const lines: string[] = [`${MARKS[result.verdict]}: ${result.message}`];

  if (result.verdict === 'error') {
    if (options.includeStderr && result.stderr.trim() !== '') {
      lines.push('', result.stderr.replace(/\s+$/, ''));
    }
    if (result.errorLocation) {
      const { file, line, column } = result.errorLocation;
      lines.push(`  at ${file}:${line}${column ? `:${column}` : ''}`);
    }
  }

  if (result.diff) lines.push('', shortened(result.diff.replace(/\n$/, ''), options.diffLines));

  const version = result.pythonVersion ? `Python ${result.pythonVersion} ` : '';
  lines.push('', `${version}${result.python} · ${formatSeconds(result.durationMs)}`);
  return `${lines.join('\n')}\n`;
}

function shortened(diff: string, limit: FormatOptions['diffLines']): string {
  if (limit === undefined) return diff;
  const lines = diff.split('\n');
  if (lines.length <= limit.most) return diff;
  const left = lines.length - limit.most;
  return [
    ...lines.slice(0, limit.most),
    `... ${left} more line${left === 1 ? '' : 's'} of the diff (${limit.whereAll})`,
  ].join('\n');
}

function formatSeconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${+(ms / 1000).toFixed(2)} s`;
}
