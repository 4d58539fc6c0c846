// Code the grammar accepts but Python refuses to compile: argument lists (see callArguments.ts),
// strings that their line ends before they are closed, Python 2's `print` statement (each
// found once per reused segment), and indentation (see indentation.ts).
import { argumentListProblem, type Problem } from './callArguments';
import type { SyntaxErrorFact } from './facts';
import { indentationProblem } from './indentation';
import { isEscaped, type Unit } from './source';
import { NameSet, type FlatTree, type NodeId, type Spliced } from './syntax';

const ARG_LIST = NameSet.of('ArgList');
const STRINGS = NameSet.of('String', 'FormatString');
const CHECKED = NameSet.of('ArgList', 'String', 'FormatString', 'PrintStatement');

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

  const cell = unit.cell !== undefined;
  const indentation = indentationProblem(unit.source ?? unit.text, tree, cell);
  if (indentation !== undefined) {
    const { from, to, message, hidesFrom } = indentation;
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
  for (let node = first; node <= last; node++) {
    if (!tree.is(node, CHECKED)) continue;
    if (tree.is(node, ARG_LIST)) {
      const problem = argumentListProblem(text, offset, tree, node);
      if (problem !== undefined) (found ??= []).push(callFound(tree, problem));
    } else if (tree.is(node, STRINGS)) {
      if (isUnclosed(text, offset, tree, node)) {
        (found ??= []).push(unclosedFound(text, offset, tree, node));
      }
    } else if (isLegacyPrint(text, offset + tree.from(node))) {
      (found ??= []).push(printFound(tree, node));
    }
  }
  return found ?? NOTHING_FOUND;
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

/** `print "x"`: the grammar knows Python 2's statement, which Python 3 refuses. */
function printFound(tree: FlatTree, node: NodeId): Found {
  return {
    from: tree.from(node),
    to: tree.to(node),
    message:
      'Python cannot parse this: `print` is a function in Python 3; put what it prints in ' +
      'parentheses, `print(...)`.',
    causesRest: true,
  };
}
