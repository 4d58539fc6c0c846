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
}

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

  if (result.diff) lines.push('', result.diff.replace(/\n$/, ''));

  const version = result.pythonVersion ? `Python ${result.pythonVersion} ` : '';
  lines.push('', `${version}${result.python} · ${formatSeconds(result.durationMs)}`);
  return `${lines.join('\n')}\n`;
}

function formatSeconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${+(ms / 1000).toFixed(2)} s`;
}
