// How each argument of a call is passed, and what Python refuses to compile in an argument
// list the grammar accepts: a positional argument after a keyword one, a repeated keyword,
// `*` after `**`, and a generator expression without parentheses next to other arguments or
// as a keyword's value.
import { NameSet, type FlatTree, type NodeId } from './syntax';

/** How an argument of a call is passed. */
export enum Passed {
  /** Not an argument: punctuation, a comment, `=`, or the name of a keyword argument. */
  Not,
  Positional,
  Keyword,
  /** `*args` or `**kwargs`. */
  Starred,
}

const REFUSAL_MARKS = NameSet.of('AssignOp', '**', 'for');
/** Children of an argument list that are not arguments themselves. */
const NOT_ARGUMENTS = NameSet.of('(', ')', '[', ']', '{', '}', ',', '*', '**', ':', 'Comment');
const STARS = NameSet.of('*', '**');

/**
 * How `child`, a child of an argument list, is passed. The grammar gives `f(a=1)` and
 * `f(a := 1)` the same shape; only the operator's length tells the keyword from the
 * assignment expression, which is a positional argument. Comments may sit between the parts.
 */
export function passed(tree: FlatTree, child: NodeId): Passed {
  if (tree.is(child, NOT_ARGUMENTS) || tree.name(child) === 'AssignOp') return Passed.Not;
  if (tree.name(child) === 'VariableName' && tree.name(following(tree, child)) === 'AssignOp') {
    return Passed.Not;
  }
  const previous = preceding(tree, child);
  if (tree.name(previous) === 'AssignOp') {
    return isWalrus(tree, previous) ? Passed.Positional : Passed.Keyword;
  }
  return tree.is(previous, STARS) ? Passed.Starred : Passed.Positional;
}

/** The name node of a keyword argument, given the node of its value; 0 when there is none. */
export function keywordName(tree: FlatTree, value: NodeId): NodeId {
  return preceding(tree, preceding(tree, value));
}

/** The sibling before `node`, passing over comments. */
function preceding(tree: FlatTree, node: NodeId): NodeId {
  let sibling = tree.prevSibling(node);
  while (sibling && tree.name(sibling) === 'Comment') sibling = tree.prevSibling(sibling);
  return sibling;
}

/** The sibling after `node`, passing over comments. */
function following(tree: FlatTree, node: NodeId): NodeId {
  let sibling = tree.nextSibling(node);
  while (sibling && tree.name(sibling) === 'Comment') sibling = tree.nextSibling(sibling);
  return sibling;
}

/** Whether an argument is the value of `name := value`, which the grammar puts in the list. */
export function isWalrusValue(tree: FlatTree, value: NodeId): boolean {
  const previous = preceding(tree, value);
  return tree.name(previous) === 'AssignOp' && isWalrus(tree, previous);
}

function isWalrus(tree: FlatTree, assignOp: NodeId): boolean {
  return tree.to(assignOp) - tree.from(assignOp) === 2;
}

/**
 * What Python would refuse in an argument list, from the start of one node to the end of
 * another; undefined when it compiles, or when a parse error in it is reported instead.
 * `offset` is where `tree` starts in `text`.
 */
export function argumentListProblem(
  text: string,
  offset: number,
  tree: FlatTree,
  argList: NodeId,
): Problem | undefined {
  if (!mayBeRefused(tree, argList)) return undefined;
  const problem = tree.child(argList, 'for')
    ? generatorProblem(tree, argList)
    : argumentProblem(text, offset, tree, argList);
  return problem === undefined || holdsError(tree, argList) ? undefined : problem;
}

/**
 * Whether a list has a keyword argument, `**` unpacking or a generator: a list of positional
 * and `*` arguments alone is always accepted. A list with a parse error in it is reported as
 * that error alone.
 */
function mayBeRefused(tree: FlatTree, argList: NodeId): boolean {
  let marked = false;
  for (let child = tree.firstChild(argList); child; child = tree.nextSibling(child)) {
    if (tree.isError(child)) return false;
    if (tree.is(child, REFUSAL_MARKS)) marked = true;
  }
  return marked && tree.name(tree.lastChild(argList)) === ')';
}

/** What is wrong with an argument list, from the start of one node to the end of another. */
export interface Problem {
  from: NodeId;
  to: NodeId;
  what: string;
}

function problem(from: NodeId, what: string, to: NodeId = from): Problem {
  return { from, to, what };
}

/** The names of the keyword arguments met so far in one list; reused, as most lists are short. */
const keywordNames: NodeId[] = [];

function argumentProblem(
  text: string,
  offset: number,
  tree: FlatTree,
  argList: NodeId,
): Problem | undefined {
  let unpacking = false;
  keywordNames.length = 0;
  manyKeywords = undefined;
  for (let child = tree.firstChild(argList); child; child = tree.nextSibling(child)) {
    const how = passed(tree, child);
    if (how === Passed.Positional) {
      if (unpacking) return problem(child, 'a positional argument follows `**` unpacking');
      if (keywordNames.length > 0) {
        return problem(child, 'a positional argument follows a keyword argument');
      }
    } else if (how === Passed.Keyword) {
      const name = keywordName(tree, child);
      if (repeated(text, offset, tree, name)) {
        const shown = text.slice(offset + tree.from(name), offset + tree.to(name));
        return problem(name, `the keyword argument \`${shown}\` is repeated`, child);
      }
    } else if (how === Passed.Starred) {
      const star = preceding(tree, child);
      if (tree.name(star) === '**') unpacking = true;
      else if (unpacking) return problem(star, '`*` unpacking follows `**` unpacking', child);
    }
  }
  return undefined;
}

/** The keyword names of a list past the first few, by text, so that a long list stays linear. */
let manyKeywords: Set<string> | undefined;
const FEW_KEYWORDS = 16;

/** Whether a keyword of that name came before in the list; notes it for the ones after. */
function repeated(text: string, offset: number, tree: FlatTree, name: NodeId): boolean {
  if (keywordNames.length < FEW_KEYWORDS) {
    if (keywordNames.some((other) => sameText(text, offset, tree, other, name))) return true;
    keywordNames.push(name);
    return false;
  }
  const nameText = (node: NodeId) => text.slice(offset + tree.from(node), offset + tree.to(node));
  manyKeywords ??= new Set(keywordNames.map(nameText));
  const shown = nameText(name);
  if (manyKeywords.has(shown)) return true;
  manyKeywords.add(shown);
  return false;
}

function sameText(text: string, offset: number, tree: FlatTree, a: NodeId, b: NodeId): boolean {
  const length = tree.to(a) - tree.from(a);
  if (tree.to(b) - tree.from(b) !== length) return false;
  const fromA = offset + tree.from(a);
  const fromB = offset + tree.from(b);
  for (let at = 0; at < length; at++) {
    if (text.charCodeAt(fromA + at) !== text.charCodeAt(fromB + at)) return false;
  }
  return true;
}

/** Whether a parse error is anywhere below `node`: such a list is reported as that error. */
function holdsError(tree: FlatTree, node: NodeId): boolean {
  let last = node;
  while (tree.lastChild(last)) last = tree.lastChild(last);
  for (let inner = node + 1; inner <= last; inner++) if (tree.isError(inner)) return true;
  return false;
}

/**
 * `f(x for x in y)` is a call with a generator expression, whose parts the grammar puts right
 * in the argument list. A comma there is allowed only between the targets of a `for`; one
 * before the first `for`, or after an `in` or `if`, separates another argument. A keyword's `=`
 * before the first `for` makes the generator a keyword's value (`f(k=x for x in y)`).
 */
function generatorProblem(tree: FlatTree, argList: NodeId): Problem | undefined {
  let first = 0;
  let last = 0;
  let separator = 0;
  let keyword = 0;
  let inClauses = false;
  let inTargets = false;
  for (let child = tree.firstChild(argList); child; child = tree.nextSibling(child)) {
    const name = tree.name(child);
    if (name === '(' || name === ')' || name === 'Comment') continue;
    if (name === 'AssignOp' && !inClauses && !isWalrus(tree, child)) {
      keyword ||= preceding(tree, child);
    } else if (name === 'for') {
      inClauses = true;
      inTargets = true;
    } else if (name === 'in' || name === 'if') {
      inTargets = false;
    } else if (name === ',' && !inTargets) {
      separator ||= child;
      if (inClauses) break;
      first = 0;
      continue;
    }
    first ||= child;
    last = child;
  }
  if (separator && first) {
    return problem(first, 'a generator expression among other arguments needs parentheses', last);
  }
  if (keyword) {
    return problem(keyword, 'a generator expression as a keyword argument needs parentheses', last);
  }
  return undefined;
}
