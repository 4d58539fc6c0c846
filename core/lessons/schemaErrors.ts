// Turns zod issues into sentences a maintainer can act on: which field, what was expected.
import type * as z from 'zod';

export interface FieldError {
  path: PropertyKey[];
  message: string;
}

/** Flattens zod issues into field errors; `knownFields` feeds spelling suggestions. */
export function fieldErrors(error: z.ZodError, knownFields: readonly string[]): FieldError[] {
  return error.issues.flatMap((issue) => describe(issue as Issue, [], knownFields));
}

/** A dotted field path such as "quiz.0.options". */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

type Issue = z.core.$ZodIssue & { input?: unknown };

function describe(
  issue: Issue,
  prefix: PropertyKey[],
  knownFields: readonly string[],
): FieldError[] {
  const path = [...prefix, ...issue.path];
  switch (issue.code) {
    case 'invalid_type':
      return [{ path, message: invalidType(issue.expected, issue.input) }];
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        path: [...path, key],
        message: unknownField(key, knownFields),
      }));
    case 'too_small': {
      const message = tooSmall(issue.origin, Number(issue.minimum), issue.inclusive);
      const got = typeof issue.input === 'number' ? `, got ${show(issue.input)}` : '';
      return [{ path, message: `${message}${got}` }];
    }
    case 'too_big':
      return [
        {
          path,
          message: `expected at most ${String(issue.maximum)}${issue.origin === 'array' ? ' items' : ''}`,
        },
      ];
    case 'invalid_value':
      return [
        {
          path,
          message: `expected one of ${issue.values.map(show).join(', ')}, got ${show(issue.input)}`,
        },
      ];
    case 'invalid_format':
      return [{ path, message: `${issue.message}, got ${show(issue.input)}` }];
    case 'invalid_union':
      return unionErrors(issue, path, knownFields);
    default:
      return [{ path, message: issue.message }];
  }
}

function invalidType(expected: string, input: unknown): string {
  const wanted = expected === 'int' ? 'a whole number' : article(expected);
  if (input === undefined) return `is missing: expected ${wanted}`;
  return `expected ${wanted}, got ${kind(input)}`;
}

function tooSmall(origin: string, minimum: number, inclusive: boolean | undefined): string {
  if (origin === 'array') return `expected at least ${minimum} item${minimum === 1 ? '' : 's'}`;
  if (origin === 'string')
    return minimum <= 1 ? 'expected a non-empty string' : `expected at least ${minimum} characters`;
  return `expected a number ${inclusive ? '>=' : '>'} ${minimum}`;
}

/** A union fails in every branch; report the branch the input was evidently aiming at. */
function unionErrors(
  issue: z.core.$ZodIssueInvalidUnion,
  path: PropertyKey[],
  knownFields: readonly string[],
): FieldError[] {
  const branches = issue.errors.filter(
    (branch) => !branch.some((inner) => inner.code === 'invalid_type' && inner.path.length === 0),
  );
  // A branch whose every issue is inside the input took its shape (a mapping with a bad
  // field): the input meant that branch, not one that refused it whole.
  const inside = branches.find((branch) => branch.every((inner) => inner.path.length > 0));
  const meant = inside ?? branches[0];
  if (meant !== undefined) {
    return meant.flatMap((inner) => describe(inner as Issue, path, knownFields));
  }
  const expected = issue.errors.flatMap((branch) =>
    branch.flatMap((inner) => (inner.code === 'invalid_type' ? [article(inner.expected)] : [])),
  );
  return [{ path, message: `expected ${expected.join(' or ') || 'a different value'}` }];
}

function unknownField(key: string, knownFields: readonly string[]): string {
  const close = knownFields.find(
    (field) => editDistance(field.toLowerCase(), key.toLowerCase()) <= 2,
  );
  return close ? `unknown field '${key}': did you mean '${close}'?` : `unknown field '${key}'`;
}

function article(type: string): string {
  if (type === 'array') return 'a list';
  if (type === 'object') return 'a mapping of fields';
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function kind(value: unknown): string {
  if (value === null) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${article(typeof value)} (${show(value)})`;
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}
