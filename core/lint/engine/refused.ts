// Code the grammar accepts but Python refuses to compile: argument lists (see callArguments.ts),
// strings that their line ends before they are closed, Python 2's `print` statement, integers
// with leading zeros, a parameter without a default after one with a default, a `try` without
// handlers (each found once per reused segment), and statements misplaced in their blocks
// (see blocks.ts).
import { argumentListProblem, type Problem } from './callArguments';
import type { SyntaxErrorFact } from './facts';
import { blockProblem } from './blocks';
import { isEscaped, type Unit } from './source';
import { NameSet, type FlatTree, type NodeId, type Spliced } from './syntax';

const ARG_LIST = NameSet.of('ArgList');
const STRINGS = NameSet.of('String', 'FormatString');
const NUMBER = NameSet.of('Number');
const PARAM_LIST = NameSet.of('ParamList');
const TRY = NameSet.of('TryStatement');
const CHECKED = NameSet.of(
  'ArgList',
  'String',
  'FormatString',
  'PrintStatement',
  'Number',
  'ParamList',
  'TryStatement',
);

/** Everything in the unit that Python would refuse, each at its offending part. */
export function refusedCode(unit: Unit, tree: FlatTree): SyntaxErrorFact[] {
  const errors: SyntaxErrorFact[] = [];
  const report = (found: Found[], offset: number): void => {
    for (const { from, to, message, causesRest } of found) {
      errors.push({ loc: { unit, from: from + offset, to: to + offset }, message, causesRest });
    }
  };

  let next = 1;
  for (const segment of tree.spliced) {
    report(scan(unit.text, 0, tree, next, segment.first - 1), 0);
    report(foundInCopy(unit.text, segment), segment.start);
    next = segment.last + 1;
  }
  report(scan(unit.text, 0, tree, next, tree.count), 0);

  const misplaced = blockProblem(unit.text, tree, unit.cell === undefined);
  if (misplaced !== undefined) {
    const { from, to, message, hidesFrom } = misplaced;
    errors.push({ loc: { unit, from, to }, message, hidesFrom });
  }
  return errors;
}

/** Refused code in a flat tree, with positions in that tree's own text. */
interface Found {
  from: number;
  to: number;
  message: string;
  causesRest?: boolean;
}

const NOTHING_FOUND: Found[] = [];

function foundAt(tree: FlatTree, node: NodeId, message: string): Found {
  return { from: tree.from(node), to: tree.to(node), message };
}

const LEADING_ZEROS =
  'Python cannot parse this: a decimal integer cannot start with 0; write `0o` before the ' +
  'digits of an octal number, or leave out the leading zeros.';

const DEFAULT_BEFORE_PLAIN =
  'Python cannot compile this: a parameter without a default follows one with a default; ' +
  'give it a default too, or move it before them.';

const NO_HANDLER =
  'Python cannot parse this: a `try` block needs an `except` or a `finally` clause after it.';

/** `print "x"`: the grammar knows Python 2's statement, which Python 3 refuses. */
const LEGACY_PRINT =
  'Python cannot parse this: `print` is a function in Python 3; put what it prints in ' +
  'parentheses, `print(...)`.';

/** What was found in each segment's flat copy, worked out the first time it is spliced in. */
const foundInCopies = new WeakMap<FlatTree, Found[]>();

function foundInCopy(text: string, segment: Spliced): Found[] {
  let found = foundInCopies.get(segment.copy);
  if (found === undefined) {
    found = scan(text, segment.start, segment.copy, 2, segment.copy.count);
    foundInCopies.set(segment.copy, found);
  }
  return found;
}

/** The refused code among nodes `first` to `last`; `offset` is where `tree` starts in `text`. */
function scan(text: string, offset: number, tree: FlatTree, first: NodeId, last: NodeId): Found[] {
  let found: Found[] | undefined;
  let unfinishedTry: Found | undefined;
  let sawError = false;
  for (let node = first; node <= last; node++) {
    if (tree.isError(node)) sawError = true;
    if (!tree.is(node, CHECKED)) continue;
    let problem: Found | undefined;
    if (tree.is(node, ARG_LIST)) {
      const call = argumentListProblem(text, offset, tree, node);
      if (call !== undefined) problem = callFound(tree, call);
    } else if (tree.is(node, STRINGS)) {
      if (isUnclosed(text, offset, tree, node)) problem = unclosedFound(text, offset, tree, node);
    } else if (tree.is(node, NUMBER)) {
      if (hasLeadingZeros(text, offset + tree.from(node), offset + tree.to(node))) {
        problem = foundAt(tree, node, LEADING_ZEROS);
      }
    } else if (tree.is(node, PARAM_LIST)) {
      problem = parameterProblem(tree, node);
    } else if (tree.is(node, TRY)) {
      if (unfinishedTry === undefined && !hasHandler(tree, node)) unfinishedTry = foundAt(tree, tree.firstChild(node), NO_HANDLER);
    } else if (isLegacyPrint(text, offset + tree.from(node))) {
      problem = { ...foundAt(tree, node, LEGACY_PRINT), causesRest: true };
    }
    if (problem !== undefined) (found ??= []).push(problem);
  }
  // With a parse error about, the grammar's recovery may have split a `try` from its handlers.
  if (unfinishedTry !== undefined && !sawError) (found ??= []).push(unfinishedTry);
  return found ?? NOTHING_FOUND;
}

const ZERO = 48;

/** `0777`: a decimal integer of more than one digit that starts with 0 and is not all zeros. */
function hasLeadingZeros(text: string, from: number, to: number): boolean {
  if (to - from < 2 || text.charCodeAt(from) !== ZERO) return false;
  const literal = text.slice(from, to);
  return /^0[0-9_]*$/.test(literal) && /[1-9]/.test(literal);
}

/**
 * A parameter without a default after one with a default, before any `*`: `def f(a=1, b)`.
 * Each parameter is the run of a list's children between commas.
 */
function parameterProblem(tree: FlatTree, list: NodeId): Found | undefined {
  let defaulted = false;
  let keywordOnly = false;
  let name: NodeId = 0;
  let starred = false;
  let hasDefault = false;
  const endOfParameter = (): Found | undefined => {
    if (starred) keywordOnly = true;
    else if (name !== 0 && hasDefault) defaulted = true;
    else if (name !== 0 && defaulted && !keywordOnly) return foundAt(tree, name, DEFAULT_BEFORE_PLAIN);
    name = 0;
    starred = false;
    hasDefault = false;
    return undefined;
  };
  for (let child = tree.firstChild(list); child; child = tree.nextSibling(child)) {
    const kind = tree.name(child);
    if (kind === ',' || kind === ')') {
      const problem = endOfParameter();
      if (problem !== undefined) return problem;
    } else if (kind === '*' || kind === '**') {
      starred = true;
    } else if (kind === 'AssignOp') {
      hasDefault = true;
    } else if (kind === 'VariableName' && name === 0 && !hasDefault) {
      name = child;
    }
  }
  // A lambda's parameters end at its `:`, without a bracket.
  return tree.name(tree.lastChild(list)) === ')' ? undefined : endOfParameter();
}

/** Whether a `try` statement has an `except` or a `finally` clause. */
function hasHandler(tree: FlatTree, node: NodeId): boolean {
  for (let child = tree.firstChild(node); child; child = tree.nextSibling(child)) {
    const kind = tree.name(child);
    if (kind === 'except' || kind === 'finally') return true;
  }
  return false;
}

function callFound(tree: FlatTree, problem: Problem): Found {
  return {
    from: tree.from(problem.from),
    to: tree.to(problem.to),
    message: `Python cannot compile this call: ${problem.what}.`,
  };
}

const DOUBLE_QUOTE = 34;
const SINGLE_QUOTE = 39;

/**
 * Whether a one-line string (not triple-quoted) stops at the end of its line without its
 * closing quote; the grammar ends the string there without an error.
 */
function isUnclosed(text: string, offset: number, tree: FlatTree, node: NodeId): boolean {
  const to = offset + tree.to(node);
  const open = openingQuote(text, offset + tree.from(node), to);
  const quote = text.charCodeAt(open);
  if (open >= to || isTripleQuoted(text, open, to, quote)) return false;
  const closed = to - open >= 2 && text.charCodeAt(to - 1) === quote;
  return !closed || isEscaped(text, to - 1, open + 1);
}

/** Where a string's quotes start, after its prefix (`f`, `rb`); `to` when it has none. */
function openingQuote(text: string, from: number, to: number): number {
  let open = from;
  while (open < to && !isQuote(text.charCodeAt(open))) open++;
  return open;
}

function isQuote(code: number): boolean {
  return code === DOUBLE_QUOTE || code === SINGLE_QUOTE;
}

function isTripleQuoted(text: string, open: number, to: number, quote: number): boolean {
  if (to - open < 3) return false;
  return text.charCodeAt(open + 1) === quote && text.charCodeAt(open + 2) === quote;
}

function unclosedFound(text: string, offset: number, tree: FlatTree, node: NodeId): Found {
  const from = tree.from(node);
  const open = openingQuote(text, offset + from, offset + tree.to(node));
  return {
    from,
    to: tree.to(node),
    message:
      `Python cannot parse this: the string is not closed before its line ends; end it with ` +
      `\`${text[open]}\`, or use triple quotes for text over several lines.`,
    causesRest: true,
  };
}

/**
 * Whether a statement the grammar reads as Python 2's `print x` is one in Python 3 too, which
 * refuses it. `print -1`, `print >> f` or `print if a else b` are expressions there: what
 * follows `print` is an operator.
 */
function isLegacyPrint(text: string, from: number): boolean {
  const operand = PRINT_OPERAND.exec(text.slice(from, from + 80));
  if (operand === null) return false;
  const [, word, next] = operand;
  if (word === undefined) return true;
  if (word === 'not') return next !== 'in';
  return !OPERATOR_WORDS.has(word);
}

/** What follows `print`: a character no operator starts with, or a word and the one after. */
const PRINT_OPERAND = /^print[ \t]*(?:[0-9"'{~]|([\p{L}_][\p{L}\p{N}_]*)(?:[ \t]+(\w+))?)/u;

/** Words that continue an expression after a name, as in `print if a else b`. */
const OPERATOR_WORDS = new Set(['if', 'else', 'and', 'or', 'in', 'is', 'for']);

