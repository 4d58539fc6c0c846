// `from __future__ import ...`, which Python's compiler takes only at the start of a module
// (after its docstring, comments and blank lines, and other such imports), and only for the
// features it knows.
import { identifier } from './source';
import { NameSet, unbracketed, type FlatTree, type NodeId } from './syntax';

/** A `from __future__ import` statement, at positions of the text. */
export interface FutureImport {
  from: number;
  to: number;
}

/** What is wrong with one of them, at positions of the text. */
export interface FutureProblem extends FutureImport {
  message: string;
}

/** Every feature Python 3 accepts, the old ones that are always on included. */
const FEATURES = new Set([
  'nested_scopes',
  'generators',
  'division',
  'absolute_import',
  'with_statement',
  'print_function',
  'unicode_literals',
  'barry_as_FLUFL',
  'generator_stop',
  'annotations',
]);

const LATE =
  'Python cannot compile this: `from __future__` imports must come first in the file, after ' +
  'nothing but the docstring and comments; move this one to the top.';

const BRACES =
  'Python cannot compile this: `from __future__ import braces` is a joke of Python\'s (it ' +
  'answers "not a chance"); blocks are marked by indentation.';

const STAR =
  'Python cannot compile this: `from __future__ import *` is not allowed; import each ' +
  'feature by name.';

function unknownFeature(name: string): string {
  return (
    `Python cannot compile this: \`${name}\` is not a feature of \`__future__\`; check the ` +
    'spelling (for example `annotations`).'
  );
}

const IMPORT = NameSet.of('ImportStatement');
const EXPRESSION_STATEMENT = NameSet.of('ExpressionStatement');
const STRING = NameSet.of('String');
const CONTINUED_STRING = NameSet.of('ContinuedString');
const STATEMENT_GROUP = NameSet.of('StatementGroup');
const COMMENT = NameSet.of('Comment');

/**
 * Whether an import statement is `from __future__ import ...`; the module may be written with
 * leading dots, which Python does not tell apart. `offset` is where `tree` starts in `text`.
 */
export function isFutureImport(
  text: string,
  offset: number,
  tree: FlatTree,
  node: NodeId,
): boolean {
  let child = tree.firstChild(node);
  if (tree.name(child) !== 'from') return false;
  child = tree.nextSibling(child);
  while (child !== 0 && (tree.name(child) === '.' || tree.name(child) === '...')) {
    child = tree.nextSibling(child);
  }
  if (child === 0 || tree.name(child) !== 'VariableName') return false;
  const from = offset + tree.from(child);
  const to = offset + tree.to(child);
  const named =
    (to - from === '__future__'.length && text.startsWith('__future__', from)) ||
    (to - from < 64 && identifier(text.slice(from, to)) === '__future__');
  return named && tree.name(tree.nextSibling(child)) === 'import';
}

/**
 * What Python refuses among a module's `from __future__` imports (`imports`, every one of them
 * in document order, nested ones included), given the module's flat tree `tree` of `text`:
 * those after the statements a module may start with are too late, and of those in time, the
 * first feature Python does not know. `ipython`, for a notebook cell, tells the lines that are
 * IPython's syntax: IPython compiles what they hold apart, so they are passed over. It also
 * compiles each of a cell's top-level statements on its own, so any of them may be a
 * `from __future__` import; only nested ones are too late.
 */
export function futureProblems(
  text: string,
  tree: FlatTree,
  imports: FutureImport[],
  ipython?: (offset: number) => boolean,
): FutureProblem[] {
  if (imports.length === 0) return [];
  const { inTime, end } =
    ipython === undefined ? startingImports(text, tree) : topLevelImports(text, tree);
  const problems: FutureProblem[] = [];
  for (const place of imports) {
    if (ipython?.(place.from)) continue;
    const node = place.from < end ? inTime.get(place.from) : undefined;
    const message = node === undefined ? LATE : featureProblem(text, tree, node);
    if (message !== undefined) problems.push({ ...place, message });
  }
  return problems;
}

/**
 * The statements a module may start with: its docstring, then `from __future__` imports, which
 * are returned by where they start; and where they end. A future import that starts there or
 * later is too late.
 */
function startingImports(
  text: string,
  tree: FlatTree,
): { inTime: Map<number, NodeId>; end: number } {
  const inTime = new Map<number, NodeId>();
  let first = true;
  for (const statement of moduleStatements(tree)) {
    const isFirst = first;
    first = false;
    if (isFirst && isDocstring(text, tree, statement)) continue;
    if (!tree.is(statement, IMPORT) || !isFutureImport(text, 0, tree, statement)) {
      return { inTime, end: tree.from(statement) };
    }
    inTime.set(tree.from(statement), statement);
  }
  return { inTime, end: text.length + 1 };
}

/** Every top-level `from __future__` import, by where it starts, as a notebook cell has them. */
function topLevelImports(
  text: string,
  tree: FlatTree,
): { inTime: Map<number, NodeId>; end: number } {
  const inTime = new Map<number, NodeId>();
  for (const statement of moduleStatements(tree)) {
    if (tree.is(statement, IMPORT) && isFutureImport(text, 0, tree, statement)) {
      inTime.set(tree.from(statement), statement);
    }
  }
  return { inTime, end: text.length + 1 };
}

/** The module's statements in order, those joined by `;` one by one, comments left out. */
function* moduleStatements(tree: FlatTree): Generator<NodeId> {
  for (let node = tree.firstChild(tree.root); node !== 0; node = tree.nextSibling(node)) {
    if (tree.is(node, COMMENT)) continue;
    if (!tree.is(node, STATEMENT_GROUP)) {
      yield node;
      continue;
    }
    for (let part = tree.firstChild(node); part !== 0; part = tree.nextSibling(part)) {
      if (!tree.is(part, COMMENT) && tree.name(part) !== ';') yield part;
    }
  }
}

/** A statement that is a string alone, not bytes nor an f-string: the module's docstring. */
function isDocstring(text: string, tree: FlatTree, statement: NodeId): boolean {
  if (!tree.is(statement, EXPRESSION_STATEMENT)) return false;
  const value = unbracketed(tree, onlyChild(tree, statement));
  if (value === 0) return false;
  if (tree.is(value, STRING)) return !isBytes(text, tree.from(value));
  if (!tree.is(value, CONTINUED_STRING)) return false;
  for (let part = tree.firstChild(value); part !== 0; part = tree.nextSibling(part)) {
    if (tree.is(part, COMMENT)) continue;
    if (!tree.is(part, STRING) || isBytes(text, tree.from(part))) return false;
  }
  return true;
}

/** A node's one child but comments and the tokens `skipped`, or 0 when it has another. */
function onlyChild(tree: FlatTree, node: NodeId): NodeId {
  let only: NodeId = 0;
  for (let child = tree.firstChild(node); child !== 0; child = tree.nextSibling(child)) {
    if (tree.is(child, COMMENT)) continue;
    if (only !== 0) return 0;
    only = child;
  }
  return only;
}

/** Whether the string literal starting at `from` has a bytes prefix. */
function isBytes(text: string, from: number): boolean {
  for (let at = from; at < text.length; at++) {
    const char = text[at];
    if (char === '"' || char === "'") return false;
    if (char === 'b' || char === 'B') return true;
  }
  return false;
}

/** The first feature of a `from __future__` import that Python refuses, as a message. */
function featureProblem(text: string, tree: FlatTree, node: NodeId): string | undefined {
  for (const name of featuresOf(text, tree, node)) {
    if (name === '*') return STAR;
    if (name === 'braces') return BRACES;
    if (!FEATURES.has(name)) return unknownFeature(name);
  }
  return undefined;
}

/** The features a `from __future__` import names (`*` among them), not their aliases. */
function* featuresOf(text: string, tree: FlatTree, node: NodeId): Generator<string> {
  let child = tree.child(node, 'import');
  for (child = tree.nextSibling(child); child !== 0; child = tree.nextSibling(child)) {
    const kind = tree.name(child);
    if (kind === '*') yield '*';
    else if (kind === 'as') child = tree.nextSibling(child);
    else if (kind === 'VariableName') yield identifier(text.slice(tree.from(child), tree.to(child)));
  }
}

/**
 * Whether the module imports `annotations` from `__future__` in time (a notebook cell, `cell`, at
 * any of its top-level statements), so that Python reads its annotations in a scope of their
 * own rather than in the scope they stand in.
 */
export function defersAnnotations(text: string, tree: FlatTree, cell: boolean): boolean {
  const { inTime } = cell ? topLevelImports(text, tree) : startingImports(text, tree);
  for (const node of inTime.values()) {
    for (const name of featuresOf(text, tree, node)) if (name === 'annotations') return true;
  }
  return false;
}
