// The shape of a rule (its metadata plus a check over the program's facts) and the helpers
// rules share for building findings and edits.
import type { Finding, Fix, RelatedLocation, RuleMeta, TextEdit } from '../types';
import type { ProgramFacts } from '../engine/facts';
import { positionAt, spanOf, type Loc } from '../engine/source';

export interface Rule extends RuleMeta {
  check(facts: ProgramFacts): Finding[];
}

export function lessonNote(rule: RuleMeta): string {
  return `see lesson \`${rule.lesson}\``;
}

export function related(loc: Loc, message: string): RelatedLocation {
  const location: RelatedLocation = { message, span: spanOf(loc) };
  if (loc.unit.cell !== undefined) location.cell = loc.unit.cell;
  return location;
}

export function finding(
  rule: RuleMeta,
  loc: Loc,
  message: string,
  relatedLocations: RelatedLocation[] = [],
  fixes: Fix[] = [],
): Finding {
  const result: Finding = {
    code: rule.code,
    slug: rule.slug,
    severity: rule.defaultSeverity,
    message,
    span: spanOf(loc),
    related: relatedLocations,
    fixes,
  };
  if (loc.unit.cell !== undefined) result.cell = loc.unit.cell;
  return result;
}

export function replace(loc: Loc, newText: string): TextEdit {
  return { span: spanOf(loc), newText };
}

/**
 * The indentation of the statement when it starts its line (so code can be inserted next to
 * it), else undefined (e.g. `if x: y = f()` on one line).
 */
export function ownLineIndent(statement: Loc): string | undefined {
  const start = positionAt(statement.unit, statement.from);
  const lineStart = statement.unit.lineStarts[start.line];
  const prefix = statement.unit.text.slice(lineStart, statement.from);
  return /^[ \t]*$/.test(prefix) ? prefix : undefined;
}

/** An edit that inserts whole lines after the statement (handles a missing final newline). */
export function insertLinesAfter(statement: Loc, lines: string[]): TextEdit {
  const end = positionAt(statement.unit, statement.to);
  const unit = statement.unit;
  const nextLine = end.line + 1;
  if (nextLine < unit.lineStarts.length) {
    const position = { line: nextLine, column: 0 };
    return {
      span: { start: position, end: position },
      newText: lines.map((l) => `${l}\n`).join(''),
    };
  }
  const lastLineEnd = { line: end.line, column: unit.text.length - unit.lineStarts[end.line] };
  return {
    span: { start: lastLineEnd, end: lastLineEnd },
    newText: lines.map((l) => `\n${l}`).join(''),
  };
}

/** Inserts whole lines before the statement's line. */
export function insertLinesBefore(statement: Loc, lines: string[]): TextEdit {
  const line = positionAt(statement.unit, statement.from).line;
  const position = { line, column: 0 };
  return { span: { start: position, end: position }, newText: lines.map((l) => `${l}\n`).join('') };
}
