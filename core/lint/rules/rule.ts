// The shape of a rule (its metadata plus a check over the program's facts) and the helpers
// rules share for building findings and edits.
import type { Finding, Fix, RelatedLocation, RuleMeta, TextEdit } from '../types';
import type { ProgramFacts } from '../engine/facts';
import { positionAt, spanOf, type Loc } from '../engine/source';

export interface Rule extends RuleMeta {
  check(facts: ProgramFacts): Finding[];
}

/** The sentence that ends a finding's message: where the lesson behind the rule is. */
export function lessonNote(rule: RuleMeta): string {
  return `See lesson \`${rule.lesson}\`.`;
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
 * The indentation of the statement's line when the statement starts it, or follows only a line
 * magic, so that whole lines can go next to it; else undefined (e.g. `if x: y = f()`).
 */
export function ownLineIndent(statement: Loc): string | undefined {
  const unit = statement.unit;
  const start = positionAt(unit, statement.from);
  const prefix = (unit.source ?? unit.text).slice(unit.lineStarts[start.line], statement.from);
  if (/^[ \t]*$/.test(prefix)) return prefix;
  const magic = /^([ \t]*)%/.exec(prefix);
  return unit.source !== undefined && magic ? magic[1] : undefined;
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
