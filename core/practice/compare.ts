// Compares a program's output with a lesson's expected output under one of the comparison modes,
// and says whether normalisation changed the verdict.
import { unifiedDiff } from './diff';
import type { ComparisonMode, NumericTolerance } from './types';

export const COMPARISON_MODES: readonly ComparisonMode[] = [
  'normalized',
  'exact',
  'contains',
  'regex',
  'numeric',
];

export interface Comparison {
  passed: boolean;
  /** Unified diff of the compared texts; empty on pass. */
  diff: string;
  /** True when a byte-for-byte comparison would have given the other verdict. */
  normalizationChangedVerdict: boolean;
}

/** The expected text of a `regex` comparison is not a valid regular expression. */
export class InvalidPatternError extends Error {
  constructor(pattern: string, reason: string) {
    super(`the expected output is not a valid regular expression (${reason}): ${pattern}`);
    this.name = 'InvalidPatternError';
  }
}

// CSI sequences (colours, cursor moves) and OSC sequences (titles, links).
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;

/** CRLF and CR become LF, colour codes go, trailing blanks per line and trailing lines go. */
export function normalizeOutput(text: string): string {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .replace(ANSI, '')
    .split('\n')
    .map((line) => line.replace(/[ \t\f\v]+$/, ''));
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

export function compareOutput(
  expected: string,
  actual: string,
  mode: ComparisonMode = 'normalized',
  tolerance?: NumericTolerance,
): Comparison {
  switch (mode) {
    case 'exact':
      return exact(expected, actual);
    case 'normalized':
      return normalized(expected, actual);
    case 'contains':
      return contains(expected, actual);
    case 'regex':
      return regex(expected, actual);
    case 'numeric':
      return numeric(expected, actual, tolerance ?? {});
  }
}

function exact(expected: string, actual: string): Comparison {
  const passed = expected === actual;
  return { passed, diff: passed ? '' : unifiedDiff(expected, actual), normalizationChangedVerdict: false };
}

function normalized(expected: string, actual: string): Comparison {
  const e = normalizeOutput(expected);
  const a = normalizeOutput(actual);
  return verdict(e === a, expected === actual, e, a);
}

function contains(expected: string, actual: string): Comparison {
  const needle = normalizeOutput(expected).replace(/\n$/, '');
  const hay = normalizeOutput(actual);
  const raw = actual.includes(expected);
  return verdict(hay.includes(needle), raw, normalizeOutput(expected), hay);
}

function regex(pattern: string, actual: string): Comparison {
  const source = normalizeOutput(pattern).replace(/\n$/, '');
  const text = normalizeOutput(actual).replace(/\n$/, '');
  const passed = fullMatch(source, text);
  const raw = fullMatch(pattern, actual);
  return verdict(passed, raw, `${source}\n`, normalizeOutput(actual));
}

/**
 * The pattern must match the whole output: sticky from the start and followed by the end of
 * input, with `^`/`$` matching at every line and `.` staying within a line.
 */
export function fullMatch(pattern: string, text: string): boolean {
  let re: RegExp;
  try {
    // Checked alone first: a pattern that is not valid on its own could close the group it is
    // put in (`a)|(b`) and match less than the whole output.
    new RegExp(pattern, 'm');
    re = new RegExp(`(?:${pattern})(?![\\s\\S])`, 'my');
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // V8 names the expression it was given, which wraps the pattern; the reason comes last.
    const reason = message.replace(/^Invalid regular expression: .*: /s, '');
    throw new InvalidPatternError(pattern, reason);
  }
  re.lastIndex = 0;
  return re.test(text);
}

function verdict(
  passed: boolean,
  rawPassed: boolean,
  shownExpected: string,
  shownActual: string,
): Comparison {
  return {
    passed,
    diff: passed ? '' : unifiedDiff(shownExpected, shownActual),
    normalizationChangedVerdict: passed !== rawPassed,
  };
}

const NUMBER = /[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?/g;

interface Tokens {
  text: string[];
  numbers: string[];
}

/** Splits text into the words between numbers and the numbers themselves. */
function tokenize(text: string): Tokens {
  const numbers: string[] = [];
  const rest = text.replace(NUMBER, (match) => {
    numbers.push(match);
    return '\u0000';
  });
  return { text: rest.split('\u0000'), numbers };
}

function numeric(expected: string, actual: string, tolerance: NumericTolerance): Comparison {
  const e = normalizeOutput(expected);
  const a = normalizeOutput(actual);
  const te = tokenize(e);
  const ta = tokenize(a);

  const passed =
    te.numbers.length === ta.numbers.length &&
    te.text.every((part, i) => part === ta.text[i]) &&
    te.numbers.every((n, i) => numberMatches(n, ta.numbers[i], tolerance));
  return verdict(passed, expected === actual, e, a);
}

/**
 * An expected number written with d decimals accepts any actual value that rounds to it at d
 * decimals; an integer must be equal. Tolerances widen the acceptance when given.
 */
export function numberMatches(expected: string, actual: string, tolerance: NumericTolerance = {}): boolean {
  const e = Number(expected);
  const a = Number(actual);
  if (!Number.isFinite(e) || !Number.isFinite(a)) return expected === actual;

  const diff = Math.abs(a - e);
  const slack = 1e-12 * Math.max(1, Math.abs(e));
  if (diff <= halfUnit(expected) + slack) return true;
  if (tolerance.absolute !== undefined && diff <= tolerance.absolute + slack) return true;
  if (tolerance.relative !== undefined && diff <= tolerance.relative * Math.abs(e) + slack) return true;
  return false;
}

/** Half a unit in the last place written: `0.833` gives 0.0005, `1.5e-3` gives 0.00005. */
function halfUnit(written: string): number {
  const match = /^[-+]?(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?$/.exec(written);
  if (!match) return 0;
  const decimals = match[2]?.length ?? 0;
  const exponent = match[3] ? Number(match[3]) : 0;
  const hasPoint = written.includes('.');
  if (!hasPoint && !match[3]) return 0;
  return 0.5 * 10 ** (exponent - decimals);
}
