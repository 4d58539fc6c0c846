// Parsing with @lezer/python and turning its error nodes into readable syntax-error facts.
import { parser } from '@lezer/python';
import { TreeFragment, type SyntaxNode, type Tree } from '@lezer/common';
import type { SyntaxErrorFact } from './facts';
import { fillGrammarGaps } from './grammarGaps';
import { excerpt, lineStartsOf, positionAt, type Unit } from './source';

export function parsePython(text: string): Tree {
  return parser.parse(fillGrammarGaps(text));
}

/** `tree`, when given, must be a parse of exactly `text`. */
export function unitOf(text: string, cell?: number, tree?: Tree): Unit {
  return { text, tree: tree ?? parsePython(text), cell, lineStarts: lineStartsOf(text) };
}

/**
 * Parses successive versions of one text (a file open in an editor), reusing the parts of the
 * previous tree outside the changed region, and always giving the tree a fresh parse gives.
 * The region is found by comparing the texts, so edit reports need not be complete or in order.
 */
export class IncrementalParser {
  private last: { text: string; tree: Tree } | undefined;

  parse(source: string): Tree {
    const text = fillGrammarGaps(source);
    const last = this.last;
    let tree: Tree;
    if (last === undefined) tree = parser.parse(text);
    else if (last.text === text) tree = last.tree;
    else tree = reparse(last.text, last.tree, text);
    // Only an error-free tree is worth its memory: any re-parse with an error is redone afresh.
    this.last = hasError(tree) ? undefined : { text, tree };
    return tree;
  }
}

/**
 * Lezer's error recovery can take another path when it reuses nodes next to a syntax error
 * (an unclosed bracket changes how the lines after it tokenize), so a re-parsed tree with an
 * error in it is thrown away for a fresh parse: findings must not depend on the edit history.
 */
function reparse(before: string, tree: Tree, after: string): Tree {
  const reparsed = parser.parse(after, reusableFragments(before, tree, after));
  return hasError(reparsed) ? parser.parse(after) : reparsed;
}

function hasError(tree: Tree): boolean {
  let found = false;
  tree.iterate({
    enter: (node) => {
      if (found) return false;
      if (node.type.isError) found = true;
      return undefined;
    },
  });
  return found;
}

function reusableFragments(before: string, tree: Tree, after: string): readonly TreeFragment[] {
  const shorter = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < shorter && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (
    suffix < shorter - prefix &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  ) {
    suffix++;
  }
  const change = {
    fromA: prefix,
    toA: before.length - suffix,
    fromB: prefix,
    toB: after.length - suffix,
  };
  return TreeFragment.applyChanges(TreeFragment.addTree(tree), [change]);
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
