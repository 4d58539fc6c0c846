// Parsing Python into @lezer/python's tree, segment by segment, and turning its error nodes
// into readable syntax-error facts.
import { parser } from '@lezer/python';
import { NodeType, Tree, type SyntaxNode } from '@lezer/common';
import type { SyntaxErrorFact } from './facts';
import { fastParse } from './fastParse';
import { fillGrammarGaps } from './grammarGaps';
import { SEGMENT_LIMITS, segmentsOf, type Segment, type SegmentLimits } from './segments';
import { excerpt, lineStartsOf, positionAt, type Unit } from './source';

/** `limits` decide where segments are cut; the tree is the same wherever they are cut. */
export function parsePython(text: string, limits: SegmentLimits = SEGMENT_LIMITS): Tree {
  return parseInSegments(fillGrammarGaps(text), undefined, limits).tree;
}

/** `tree`, when given, must be a parse of exactly `text`. */
export function unitOf(text: string, cell?: number, tree?: Tree): Unit {
  return { text, tree: tree ?? parsePython(text), cell, lineStarts: lineStartsOf(text) };
}

interface ParsedSegment extends Segment {
  tree: Tree;
}

interface Parsed {
  text: string;
  segments: ParsedSegment[];
  tree: Tree;
}

/**
 * Parses each top-level segment of `text` on its own (see segments.ts) and joins the results
 * under one module node. `reuse` gives the tree of a segment whose text is unchanged since an
 * earlier parse, if there is one.
 */
function parseInSegments(
  text: string,
  reuse: (segment: Segment) => Tree | undefined = () => undefined,
  limits = SEGMENT_LIMITS,
): Parsed {
  const segments = segmentsOf(text, limits).map((segment) => ({
    ...segment,
    tree: reuse(segment) ?? parseSegment(text.slice(segment.from, segment.to)),
  }));
  return { text, segments, tree: joined(segments, text.length) };
}

/**
 * The hand-written parser gives lezer's tree for valid code several times faster; lezer parses
 * what it declines (syntax errors, with lezer's error recovery, and the rare construct it does
 * not model).
 */
function parseSegment(text: string): Tree {
  return fastParse(text) ?? parser.parse(text);
}

/** The segments' trees as one module tree; each segment sits in a node navigation skips. */
function joined(segments: ParsedSegment[], length: number): Tree {
  if (segments.length === 1) return segments[0].tree;
  return new Tree(
    parser.topNode,
    segments.map(({ tree }) => new Tree(NodeType.none, tree.children, tree.positions, tree.length)),
    segments.map((segment) => segment.from),
    length,
  );
}

/**
 * Parses successive versions of one text (a file open in an editor), re-parsing only the
 * segments an edit touched and always giving the tree a fresh parse gives: a segment's tree
 * depends on nothing but its own text. The changed region is found by comparing the texts, so
 * edit reports need not be complete or in order.
 */
export class IncrementalParser {
  private last: Parsed | undefined;

  parse(source: string): Tree {
    const text = fillGrammarGaps(source);
    const last = this.last;
    if (last !== undefined && last.text === text) return last.tree;
    this.last = parseInSegments(text, last === undefined ? undefined : unchangedIn(last, text));
    return this.last.tree;
  }
}

/** Looks up, for a segment of `text`, the tree of the same text in the last parse. */
function unchangedIn(last: Parsed, text: string): (segment: Segment) => Tree | undefined {
  const before = last.text;
  const shorter = Math.min(before.length, text.length);
  let prefix = 0;
  while (prefix < shorter && before.charCodeAt(prefix) === text.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (
    suffix < shorter - prefix &&
    before.charCodeAt(before.length - 1 - suffix) === text.charCodeAt(text.length - 1 - suffix)
  ) {
    suffix++;
  }
  const shift = text.length - before.length;
  const changedTo = text.length - suffix;
  const byRange = new Map(last.segments.map((segment) => [rangeKey(segment), segment.tree]));

  return (segment) => {
    if (segment.to <= prefix) return byRange.get(rangeKey(segment));
    if (segment.from >= changedTo) {
      return byRange.get(rangeKey({ from: segment.from - shift, to: segment.to - shift }));
    }
    return undefined;
  };
}

function rangeKey(segment: Segment): string {
  return `${segment.from}:${segment.to}`;
}

const CLOSERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/** One fact per line with a parse error, at the first error on that line. */
export function syntaxErrors(unit: Unit): SyntaxErrorFact[] {
  const errors: SyntaxErrorFact[] = [];
  let lastLine = -1;
  const reportedOpeners = new Set<number>();
  const cursor = unit.tree.cursor();
  do {
    if (!cursor.type.isError) continue;
    const node = cursor.node;
    const from = node.to > node.from ? node.from : backOverSpace(unit.text, node.from);
    const line = lineOf(unit, from);
    if (line === lastLine) continue;
    lastLine = line;
    const opener = unclosedBracket(node);
    if (opener && reportedOpeners.has(opener.from)) continue;
    if (opener) reportedOpeners.add(opener.from);
    const to = node.to > node.from ? node.to : Math.min(from + 1, lineEnd(unit, from));
    errors.push({ loc: { unit, from, to }, message: describeError(unit, node) });
  } while (cursor.next());
  return errors;
}

function lineOf(unit: Unit, offset: number): number {
  return positionAt(unit, offset).line;
}

/** An empty error at the start of a line belongs to the end of the code before it. */
function backOverSpace(text: string, offset: number): number {
  let position = offset;
  while (position > 0 && /\s/.test(text[position - 1])) position--;
  return position;
}

function lineEnd(unit: Unit, offset: number): number {
  const end = unit.text.indexOf('\n', offset);
  return end === -1 ? unit.text.length : end;
}

function describeError(unit: Unit, node: SyntaxNode): string {
  const prefix = 'Python cannot parse this';
  const text = unit.text.slice(node.from, node.to);
  const opener = unclosedBracket(node);
  if (opener && lineOf(unit, opener.from) < lineOf(unit, node.from)) {
    const line = lineOf(unit, opener.from) + 1;
    const closer = CLOSERS[opener.name] ?? ')';
    return `${prefix}: \`${opener.name}\` opened on line ${line} is never closed; expected \`${closer}\`.`;
  }
  if (text.trim().length > 0) {
    return (
      `${prefix}: unexpected \`${excerpt(text, 30)}\`. Check the line for a typo, a missing ` +
      'operator or comma, or an extra bracket.'
    );
  }
  if (opener) {
    const line = lineOf(unit, opener.from) + 1;
    const closer = CLOSERS[opener.name] ?? ')';
    return `${prefix}: \`${opener.name}\` opened on line ${line} is never closed; expected \`${closer}\`.`;
  }
  const parent = node.parent;
  if (parent?.name === 'BinaryExpression' || parent?.name === 'UnaryExpression') {
    return `${prefix}: an operator is missing its right-hand side; expected an expression.`;
  }
  if (parent?.name === 'Body' || parent?.parent?.name === 'Body') {
    return `${prefix}: expected an indented block or a statement here.`;
  }
  const before = unit.text.slice(Math.max(0, node.from - 20), node.from).trimEnd();
  const last = before.slice(-1);
  if (last === ':' || last === ',' || last === '=' || last === '.') {
    return `${prefix}: the statement ends after \`${last}\`; expected more code here.`;
  }
  return `${prefix}: the statement is incomplete here; expected an expression, \`:\` or a closing bracket.`;
}

/** The opening bracket of the construct an empty error node sits in, if it has no closer. */
function unclosedBracket(node: SyntaxNode): SyntaxNode | undefined {
  for (let parent = node.parent; parent; parent = parent.parent) {
    const first = parent.firstChild;
    if (first && CLOSERS[first.name]) {
      const last = parent.lastChild;
      return last && last.name === CLOSERS[first.name] ? undefined : first;
    }
    if (/Statement|Body|Script/.test(parent.name)) return undefined;
  }
  return undefined;
}
