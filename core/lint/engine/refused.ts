// Code the grammar accepts but Python refuses to compile: argument lists (see callArguments.ts),
// strings that their line ends before they are closed, what the grammar keeps of Python 2
// (`print x`, `a <> b`, `except E, e:`, `raise E, v`), numbers with leading zeros or misplaced
// underscores, parameters out of order, `try` statements without handlers or with both kinds,
// an `elif` without its condition (each found once per reused segment), targets that cannot be
// assigned to or deleted (see targets.ts), code out of place for its scope (see scopes.ts),
// `from __future__` imports out of place or of unknown features (see future.ts), and statements
// misplaced in their blocks (see blocks.ts).
import { argumentListProblem, type Problem } from './callArguments';
import { codeAfter } from './brackets';
import { SCOPE_NODES, ScopeWalk } from './scopes';
import { declarationProblems } from './declarations';
import type { SyntaxErrorFact } from './facts';
import { blockProblem, inconsistentTabs } from './blocks';
import { invalidCharacter, type InvalidCharacter } from './characters';
import {
  defersAnnotations,
  futureProblems,
  isFutureImport,
  type FutureImport,
} from './future';
import { backOverSpace, isEscaped, positionAt, type Unit } from './source';
import { BACKSLASH, DOUBLE_QUOTE, SINGLE_QUOTE } from './segments';
import { NameSet, type FlatTree, type NodeId, type Spliced } from './syntax';
import { containsError, MANY_STARRED_TARGETS, targetProblem, type TargetProblem } from './targets';

/** The kinds of node each check looks at. */
const CHECKS = {
  argList: ['ArgList'],
  strings: ['String', 'FormatString'],
  number: ['Number'],
  paramList: ['ParamList'],
  try: ['TryStatement'],
  comprehensions: [
    'ArrayComprehensionExpression',
    'SetComprehensionExpression',
    'ComprehensionExpression',
    'DictionaryComprehensionExpression',
  ],
  starredPlaces: ['AssignStatement', 'ForStatement'],
  /** Where a starred expression with nothing beside it is the whole value. */
  starredValues: [
    'ReturnStatement',
    'YieldStatement',
    'ExpressionStatement',
    'ParenthesizedExpression',
  ],
  member: ['MemberExpression'],
  named: ['NamedExpression'],
  print: ['PrintStatement'],
  compare: ['CompareOp'],
  if: ['IfStatement'],
  raise: ['RaiseStatement'],
  import: ['ImportStatement'],
  /** Statements with targets that are neither starred places nor comprehensions. */
  targets: ['UpdateStatement', 'WithStatement', 'DeleteStatement'],
};
const ARG_LIST = NameSet.of(...CHECKS.argList);
const STRINGS = NameSet.of(...CHECKS.strings);
const NUMBER = NameSet.of(...CHECKS.number);
const PARAM_LIST = NameSet.of(...CHECKS.paramList);
const TRY = NameSet.of(...CHECKS.try);
const COMPREHENSIONS = NameSet.of(...CHECKS.comprehensions);
const STARRED_PLACES = NameSet.of(...CHECKS.starredPlaces);
const STARRED_VALUES = NameSet.of(...CHECKS.starredValues);
const MEMBER = NameSet.of(...CHECKS.member);
const NAMED = NameSet.of(...CHECKS.named);
const VARIABLE = NameSet.of('VariableName');
const TARGETS = NameSet.of(...CHECKS.targets);
const COMPARE = NameSet.of(...CHECKS.compare);
const IF = NameSet.of(...CHECKS.if);
const RAISE = NameSet.of(...CHECKS.raise);
const IMPORT = NameSet.of(...CHECKS.import);
const CHECKED = NameSet.of(...Object.values(CHECKS).flat());

/** Everything in the unit that Python would refuse, each at its offending part. */
export function refusedCode(unit: Unit, tree: FlatTree): SyntaxErrorFact[] {
  const errors: SyntaxErrorFact[] = [];
  const fact = ({ from, to, message, causesRest }: Found, offset: number): SyntaxErrorFact => ({
    loc: { unit, from: from + offset, to: to + offset },
    message,
    causesRest,
  });
  let unfinishedTry: SyntaxErrorFact | undefined;
  const compileTime: SyntaxErrorFact[] = [];
  const futures: FutureImport[] = [];
  let moduleGlobal = false;
  const report = (scanned: Scanned, offset: number): void => {
    moduleGlobal ||= scanned.moduleGlobal;
    for (const found of scanned.found) errors.push(fact(found, offset));
    for (const found of scanned.compileTime) compileTime.push(fact(found, offset));
    for (const { from, to } of scanned.futures) {
      futures.push({ from: from + offset, to: to + offset });
    }
    if (unfinishedTry === undefined && scanned.unfinishedTry !== undefined) {
      unfinishedTry = fact(scanned.unfinishedTry, offset);
    }
  };

  const isScript = unit.cell === undefined;
  const deferred = defersAnnotations(unit.text, tree, !isScript);
  let next = 1;
  for (const segment of tree.spliced) {
    report(scan(unit.text, 0, tree, next, segment.first - 1, isScript, deferred), 0);
    report(scannedCopy(unit.text, segment, isScript, deferred), segment.start);
    next = segment.last + 1;
  }
  report(scan(unit.text, 0, tree, next, tree.count, isScript, deferred), 0);
  // With a parse error anywhere, the grammar's recovery may have split a `try` from its handlers,
  // or a function from its body; and Python compiles only what it could parse. What its compiler
  // refuses comes last, so that a misplaced block at the same place is reported there instead.
  const compiled: SyntaxErrorFact[] = [];
  if (!tree.hasErrors) {
    if (unfinishedTry !== undefined) errors.push(unfinishedTry);
    // IPython hands what a line of its syntax holds to a magic, which compiles it when it runs.
    let lines: ((offset: number) => boolean) | undefined;
    const ipython = isScript
      ? undefined
      : (offset: number): boolean => (lines ??= ipythonLines(unit))(offset);
    for (const error of compileTime) if (!ipython?.(error.loc.from)) compiled.push(error);
    if (futures.length > 0) {
      for (const problem of futureProblems(unit.text, tree, futures, ipython)) {
        compiled.push(fact(problem, 0));
      }
    }
    if (moduleGlobal) {
      const reading = { annotationsDeferred: deferred, ipython };
      const root = tree.root;
      for (const problem of declarationProblems(unit.text, 0, tree, root, root, reading)) {
        compiled.push(fact(problem, 0));
      }
    }
  }

  let misplaced = blockProblem(unit.text, tree, isScript);
  // Python's tokenizer stops at the first of the two; a jump out of place is found after both.
  const tabs = isScript ? inconsistentTabs(unit.text, tree) : undefined;
  if (
    tabs !== undefined &&
    (misplaced === undefined || misplaced.compileTime || tabs.from <= misplaced.from)
  ) {
    misplaced = tabs;
  }
  const block: SyntaxErrorFact | undefined = misplaced && {
    loc: { unit, from: misplaced.from, to: misplaced.to },
    message: misplaced.message,
    hidesFrom: misplaced.hidesFrom,
  };
  const invalid = invalidCharacter(unit.text, tree, isScript);
  if (invalid !== undefined) {
    return withInvalidCharacter(unit, invalid, [...errors, ...compiled], block);
  }
  return block ? [...errors, block, ...compiled] : [...errors, ...compiled];
}

/** For a notebook cell, whether an offset is on a line of IPython's syntax (masked). */
function ipythonLines(unit: Unit): (offset: number) => boolean {
  const source = unit.source;
  if (source === undefined) return () => false;
  const masked = unit.text.split('\n');
  const original = source.split('\n');
  return (offset) => {
    const { line } = positionAt(unit, offset);
    return masked[line] !== original[line];
  };
}

/**
 * The errors with a character Python cannot read among them. The grammar takes most such
 * characters for part of a name, or stumbles on their line (or at the end of the code above,
 * for one in the indentation). Python reads a line's indentation first, and stops at the
 * character: what else was found on its line follows from it, but for a fault in the
 * indentation before it.
 */
function withInvalidCharacter(
  unit: Unit,
  { from, to, message }: InvalidCharacter,
  errors: SyntaxErrorFact[],
  block: SyntaxErrorFact | undefined,
): SyntaxErrorFact[] {
  const lineStart = unit.text.lastIndexOf('\n', from - 1) + 1;
  let lineEnd = unit.text.indexOf('\n', from);
  if (lineEnd === -1) lineEnd = unit.text.length;
  const hidesFrom = backOverSpace(unit.text, lineStart);
  const character = { loc: { unit, from, to }, message, causesRest: true, hidesFrom };
  const onItsLine = (error: SyntaxErrorFact) =>
    error.loc.from >= lineStart && error.loc.from <= lineEnd;
  const others = errors.filter((error) => !onItsLine(error));
  if (block === undefined) return [character, ...others];
  return onItsLine(block) ? [block, character, ...others] : [character, ...others, block];
}

/** Refused code in a flat tree, with positions in that tree's own text. */
interface Found {
  from: number;
  to: number;
  message: string;
  causesRest?: boolean;
}

/** What a scan found: the refused code, and the first `try` without handlers apart. */
interface Scanned {
  found: Found[];
  unfinishedTry: Found | undefined;
  /** What Python's compiler refuses where it stands (see scopes.ts). */
  compileTime: Found[];
  /** Every `from __future__` import, whose place in the module Python checks. */
  futures: FutureImport[];
  /** Whether a `global` statement stands at module level, where the whole module is its scope. */
  moduleGlobal: boolean;
}

const NOTHING_SCANNED: Scanned = {
  found: [],
  unfinishedTry: undefined,
  compileTime: [],
  futures: [],
  moduleGlobal: false,
};

function foundAt(tree: FlatTree, node: NodeId, message: string): Found {
  return { from: tree.from(node), to: tree.to(node), message };
}

const LEADING_ZEROS =
  'Python cannot parse this: a decimal integer cannot start with 0; write `0o` before the ' +
  'digits of an octal number, or leave out the leading zeros.';

const DIAMOND =
  'Python cannot parse this: `<>` is Python 2\'s not-equal operator; write `!=`.';

const ELIF_WITHOUT_CONDITION =
  'Python cannot parse this: `elif` needs a condition before its `:`; write ' +
  '`elif condition:`, or `else:` for every other case.';

const EXCEPT_COMMA =
  'Python cannot parse this: several exception types go in parentheses, `except (A, B):`; ' +
  'to name the exception caught, write `except A as error:`.';

const MIXED_HANDLERS =
  'Python cannot parse this: a `try` cannot have both `except` and `except*` clauses; ' +
  'use one kind for all of them.';

const NO_GROUP_TYPE =
  'Python cannot parse this: `except*` needs the exception types it handles, as in ' +
  '`except* ValueError:`.';

const RAISE_WITH_COMMA =
  'Python cannot parse this: Python 3 raises an exception object, `raise E("message")`, ' +
  'not `raise E, "message"`; chain a cause with `raise E(...) from cause`.';

const ANNOTATED_CHAIN =
  'Python cannot parse this: an annotated assignment has one target; annotate the name on ' +
  'its own line, or assign the others apart.';

const IMPORT_TRAILING_COMMA =
  'Python cannot parse this: a trailing comma after imported names needs them in ' +
  'parentheses, `from module import (a, b,)`; or leave out the comma.';

function UNDERSCORE(kind: string): string {
  return (
    `Python cannot parse this: invalid ${kind} literal; an underscore in a number must stand ` +
    'between two digits, as in `1_000`.'
  );
}

const BARE_STAR =
  'Python cannot parse this: a bare `*` must be followed by at least one named parameter, ' +
  'which can then only be passed by keyword; name one, or leave out the `*`.';

function PARAMETER_ORDER(rule: string): string {
  return `Python cannot parse these parameters: ${rule}.`;
}

function DUPLICATE_PARAMETER(name: string): string {
  return `Python cannot compile this: the parameter \`${name}\` is named twice; rename one.`;
}

const DEFAULT_BEFORE_PLAIN =
  'Python cannot compile this: a parameter without a default follows one with a default; ' +
  'give it a default too, or move it before them.';

const NO_HANDLER =
  'Python cannot parse this: a `try` block needs an `except` or a `finally` clause after it.';

const UNPACKED_ITEM =
  'Python cannot compile this: iterable unpacking cannot be used in a comprehension; add a ' +
  'second `for` to go through each part, as in `[x for part in parts for x in part]`.';

const UNPACKED_ENTRY =
  'Python cannot compile this: dict unpacking cannot be used in a dict comprehension; merge ' +
  'the dicts with `{k: v for d in dicts for k, v in d.items()}` or `|`.';

const LONE_STARRED_TARGET =
  'Python cannot compile this: a starred assignment target must be in a list or tuple; ' +
  'add a comma, `*rest, = ...`, or name the other parts.';

const LONE_STARRED_VALUE =
  'Python cannot compile this: a starred expression cannot stand alone here; add a comma ' +
  'to make a tuple, `*items,`, or leave out the `*`.';

const BYTES_BEYOND_ASCII =
  'Python cannot parse this: a bytes literal holds ASCII characters only; write others as ' +
  'escapes (`b"caf\\xc3\\xa9"`), or encode a string (`"café".encode()`).';

const WALRUS_TARGET =
  'Python cannot parse this: `:=` assigns to a plain name only, not to an attribute, an ' +
  'item or a name in brackets; assign with `=` in a statement of its own.';

const NAME_AFTER_POINT =
  'Python cannot parse this: a number ends at its point, so a name cannot follow it there ' +
  '(`1.real`); put the number in brackets, `(1).real`.';

/** `print "x"`: the grammar knows Python 2's statement, which Python 3 refuses. */
const LEGACY_PRINT =
  'Python cannot parse this: `print` is a function in Python 3; put what it prints in ' +
  'parentheses, `print(...)`.';

/**
 * What was found in each segment's flat copy, worked out the first time it is spliced in: apart
 * for scripts and notebook cells, which may await at their top level.
 */
const scannedCopies = {
  script: new WeakMap<FlatTree, Scanned>(),
  cell: new WeakMap<FlatTree, Scanned>(),
  scriptDeferring: new WeakMap<FlatTree, Scanned>(),
  cellDeferring: new WeakMap<FlatTree, Scanned>(),
};

function scannedCopy(
  text: string,
  segment: Spliced,
  isScript: boolean,
  annotationsDeferred: boolean,
): Scanned {
  const known = annotationsDeferred
    ? isScript
      ? scannedCopies.scriptDeferring
      : scannedCopies.cellDeferring
    : isScript
      ? scannedCopies.script
      : scannedCopies.cell;
  let scanned = known.get(segment.copy);
  if (scanned === undefined) {
    const { copy } = segment;
    scanned = scan(text, segment.start, copy, 2, copy.count, isScript, annotationsDeferred);
    known.set(copy, scanned);
  }
  return scanned;
}

/** The refused code among nodes `first` to `last`; `offset` is where `tree` starts in `text`. */
function scan(
  text: string,
  offset: number,
  tree: FlatTree,
  first: NodeId,
  last: NodeId,
  isScript: boolean,
  annotationsDeferred: boolean,
): Scanned {
  let found: Found[] | undefined;
  let unfinishedTry: Found | undefined;
  let compileTime: Found[] | undefined;
  let futures: FutureImport[] | undefined;
  // An IPython cell may await at its top level.
  const scopes = new ScopeWalk(text, offset, tree, !isScript, { annotationsDeferred });
  const misplaced = (problem: Found): void => {
    (compileTime ??= []).push(problem);
  };
  for (let node = first; node <= last; node++) {
    if (tree.is(node, SCOPE_NODES)) scopes.visit(node, misplaced);
    if (!tree.is(node, CHECKED)) continue;
    let problem: Found | undefined;
    if (tree.is(node, ARG_LIST)) {
      const call = argumentListProblem(text, offset, tree, node);
      if (call !== undefined) problem = callFound(tree, call);
    } else if (tree.is(node, STRINGS)) {
      if (isUnclosed(text, offset, tree, node)) problem = unclosedFound(text, offset, tree, node);
      else if (isBytesBeyondAscii(text, offset, tree, node)) {
        problem = foundAt(tree, node, BYTES_BEYOND_ASCII);
      } else {
        problem = singleBrace(text, offset, tree, node) ?? badEscape(text, offset, tree, node);
      }
    } else if (tree.is(node, NUMBER)) {
      const from = offset + tree.from(node);
      const to = offset + tree.to(node);
      if (hasLeadingZeros(text, from, to)) problem = foundAt(tree, node, LEADING_ZEROS);
      else problem = underscoreFound(text, offset, from, to);
    } else if (tree.is(node, PARAM_LIST)) {
      problem = parameterProblem(text, offset, tree, node);
    } else if (tree.is(node, COMPREHENSIONS)) {
      // One the grammar read around an error may be no comprehension at all.
      const misread = tree.hasErrors && containsError(tree, node);
      problem = misread ? undefined : unpackedItem(tree, node);
      problem ??= targetFound(text, offset, tree, node);
    } else if (tree.is(node, STARRED_PLACES)) {
      problem = loneStarred(tree, node) ?? annotatedChain(tree, node);
      problem ??= targetFound(text, offset, tree, node);
    } else if (tree.is(node, TARGETS)) {
      problem = targetFound(text, offset, tree, node);
    } else if (tree.is(node, STARRED_VALUES)) {
      problem = starredValue(tree, node);
    } else if (tree.is(node, NAMED)) {
      const target = tree.firstChild(node);
      if (target !== 0 && !tree.is(target, VARIABLE) && !containsError(tree, node)) {
        problem = foundAt(tree, target, WALRUS_TARGET);
      }
    } else if (tree.is(node, MEMBER)) {
      if (isNameAfterPoint(text, offset, tree, node)) {
        problem = foundAt(tree, node, NAME_AFTER_POINT);
      }
    } else if (tree.is(node, TRY)) {
      if (unfinishedTry === undefined && !hasHandler(tree, node)) {
        unfinishedTry = foundAt(tree, tree.firstChild(node), NO_HANDLER);
      }
      problem = handlerProblem(tree, node);
    } else if (tree.is(node, COMPARE)) {
      if (isDiamond(text, offset, tree, node)) problem = foundAt(tree, node, DIAMOND);
    } else if (tree.is(node, IF)) {
      problem = elifWithoutCondition(tree, node);
    } else if (tree.is(node, RAISE)) {
      const comma = tree.child(node, ',');
      if (comma !== 0) problem = foundAt(tree, comma, RAISE_WITH_COMMA);
    } else if (tree.is(node, IMPORT)) {
      const last = tree.lastChild(node);
      if (tree.name(last) === ',') problem = foundAt(tree, last, IMPORT_TRAILING_COMMA);
      if (isFutureImport(text, offset, tree, node)) {
        (futures ??= []).push({ from: tree.from(node), to: tree.to(node) });
      }
    } else if (isLegacyPrint(text, offset + tree.from(node))) {
      problem = { ...foundAt(tree, node, LEGACY_PRINT), causesRest: true };
    }
    if (problem !== undefined) (found ??= []).push(problem);
  }
  if (
    found === undefined &&
    unfinishedTry === undefined &&
    compileTime === undefined &&
    futures === undefined &&
    !scopes.moduleGlobal
  ) {
    return NOTHING_SCANNED;
  }
  return {
    found: found ?? [],
    unfinishedTry,
    compileTime: compileTime ?? [],
    futures: futures ?? [],
    moduleGlobal: scopes.moduleGlobal,
  };
}

function targetFound(
  text: string,
  offset: number,
  tree: FlatTree,
  node: NodeId,
): Found | undefined {
  const problem: TargetProblem | undefined = targetProblem(text, offset, tree, node);
  return problem && foundAt(tree, problem.node, problem.message);
}

const ZERO = 48;
const SLASH = 47;
const POINT = 46;

/** `0777`: a decimal integer of more than one digit that starts with 0 and is not all zeros. */
function hasLeadingZeros(text: string, from: number, to: number): boolean {
  if (to - from < 2 || text.charCodeAt(from) !== ZERO) return false;
  // `01.` is a float, which may start with zeros; the grammar's number ends before its point.
  if (text.charCodeAt(to) === POINT) return false;
  const literal = text.slice(from, to);
  return /^0[0-9_]*$/.test(literal) && /[1-9]/.test(literal);
}

/** A parameter: the run of a list's children between commas. */
interface Parameter {
  /** Where it starts and ends: its first child (the name, `*` or `**`), or the `/`. */
  from: number;
  to: number;
  kind: '' | '*' | '**' | '/';
  name: NodeId;
  hasDefault: boolean;
}

/**
 * The first parameter of a `def` or `lambda` list out of Python's order: one without a default
 * after one with a default (before any `*`), a second `*` or `/`, a `/` first or after `*`, a
 * bare `*` with no named parameter after it, anything after `**`, a default for `*` or `**`,
 * or a name given twice.
 */
function parameterProblem(
  text: string,
  offset: number,
  tree: FlatTree,
  list: NodeId,
): Found | undefined {
  const parameters = parametersOf(text, offset, tree, list);
  let defaulted = false;
  let star: Parameter | undefined;
  let slash = false;
  let named = 0;
  for (let index = 0; index < parameters.length; index++) {
    const parameter = parameters[index];
    const { kind, name, hasDefault } = parameter;
    const problem = (message: string, at = parameter): Found => ({
      from: at.from,
      to: at.to,
      message,
    });
    if (parameters[index - 1]?.kind === '**') {
      return problem(PARAMETER_ORDER('no parameter can follow the `**` one'));
    }
    if (kind === '/') {
      if (slash) return problem(PARAMETER_ORDER('`/` may appear only once'));
      if (star !== undefined) return problem(PARAMETER_ORDER('`/` must come before `*`'));
      if (index === 0) {
        return problem(PARAMETER_ORDER('at least one parameter must come before `/`'));
      }
      slash = true;
    } else if (kind === '*') {
      if (star !== undefined) return problem(PARAMETER_ORDER('`*` may appear only once'));
      if (hasDefault) return problem(PARAMETER_ORDER('a `*` parameter cannot have a default'));
      star = parameter;
    } else if (kind === '**') {
      if (star?.name === 0 && named === 0) return problem(BARE_STAR, star);
      if (hasDefault) return problem(PARAMETER_ORDER('a `**` parameter cannot have a default'));
    } else if (star !== undefined) {
      named++;
    } else if (hasDefault) {
      defaulted = true;
    } else if (defaulted && name !== 0) {
      return foundAt(tree, name, DEFAULT_BEFORE_PLAIN);
    }
  }
  if (star?.name === 0 && named === 0) return { from: star.from, to: star.to, message: BARE_STAR };
  return duplicateParameter(text, offset, tree, parameters);
}

/**
 * A parameter named twice, which Python's compiler finds once the list parses, reading the
 * positional parameters first, then the keyword-only ones, then the `*` and `**` ones.
 */
function duplicateParameter(
  text: string,
  offset: number,
  tree: FlatTree,
  parameters: Parameter[],
): Found | undefined {
  const starAt = parameters.findIndex((parameter) => parameter.kind === '*');
  const rank = (parameter: Parameter, index: number): number => {
    if (parameter.kind === '*') return 2;
    if (parameter.kind === '**') return 3;
    return starAt !== -1 && index > starAt ? 1 : 0;
  };
  const ordered = parameters
    .map((parameter, index) => ({ parameter, rank: rank(parameter, index), index }))
    .filter(({ parameter }) => parameter.name !== 0)
    .sort((a, b) => a.rank - b.rank || a.index - b.index);
  const names = new Set<string>();
  for (const { parameter } of ordered) {
    const { name } = parameter;
    const spelled = text.slice(offset + tree.from(name), offset + tree.to(name));
    if (names.has(spelled)) return foundAt(tree, name, DUPLICATE_PARAMETER(spelled));
    names.add(spelled);
  }
  return undefined;
}

/**
 * The parameters of a list, in order. The grammar keeps no node for a `/`: it is the run
 * between two separators, or before the end of a lambda's list, that holds no node but a `/`.
 */
function parametersOf(text: string, offset: number, tree: FlatTree, list: NodeId): Parameter[] {
  const parameters: Parameter[] = [];
  let current: Parameter | undefined;
  let runFrom = tree.from(list);
  const slashUpTo = (to: number): void => {
    const at = codeAfter(text, offset + runFrom);
    if (at >= offset + to || text.charCodeAt(at) !== SLASH) return;
    const from = at - offset;
    parameters.push({ from, to: from + 1, kind: '/', name: 0, hasDefault: false });
  };
  for (let child = tree.firstChild(list); child; child = tree.nextSibling(child)) {
    const kind = tree.name(child);
    if (kind === 'Comment') continue;
    if (kind === ',' || kind === ')' || kind === '(') {
      if (current === undefined && kind !== '(') slashUpTo(tree.from(child));
      current = undefined;
      runFrom = tree.to(child);
      continue;
    }
    if (current === undefined) {
      const mark = kind === '*' || kind === '**' ? kind : '';
      const { from, to } = { from: tree.from(child), to: tree.to(child) };
      current = { from, to, kind: mark, name: 0, hasDefault: false };
      parameters.push(current);
    }
    if (kind === 'AssignOp') current.hasDefault = true;
    else if (kind === 'VariableName' && current.name === 0 && !current.hasDefault) {
      current.name = child;
    }
  }
  if (current === undefined && tree.name(tree.lastChild(list)) !== ')') slashUpTo(tree.to(list));
  return parameters;
}

/** `b"café"`: a bytes literal with a character beyond ASCII in it. */
function isBytesBeyondAscii(text: string, offset: number, tree: FlatTree, node: NodeId): boolean {
  const from = offset + tree.from(node);
  const to = offset + tree.to(node);
  const open = openingQuote(text, from, to);
  if (open === from || !/[bB]/.test(text.slice(from, open))) return false;
  for (let at = open; at < to; at++) if (text.charCodeAt(at) > 0x7f) return true;
  return false;
}

/**
 * `f"a}b"`: a `}` alone in the text of an f-string, outside its replacement fields, where
 * Python takes only `}}`.
 */
function singleBrace(
  text: string,
  offset: number,
  tree: FlatTree,
  node: NodeId,
): Found | undefined {
  if (tree.name(node) !== 'FormatString') return undefined;
  const from = offset + tree.from(node);
  const open = openingQuote(text, from, offset + tree.to(node));
  const quote = text.charCodeAt(open);
  const quotes = isTripleQuoted(text, open, offset + tree.to(node), quote) ? 3 : 1;
  let at = open + quotes;
  const end = offset + tree.to(node) - quotes;
  let field = tree.firstChild(node);
  // Fields the grammar does not read (after a backslash: `rf"\{x}"`, `f"\{x}"`) are counted.
  let unread = 0;
  while (at < end) {
    if (field && offset + tree.from(field) <= at) {
      // A field is passed over whole; an escape is text, and `\{` opens a field it hides, while
      // `\}` is a `}` like any other.
      const escape = tree.name(field) !== 'FormatReplacement';
      const written = escape ? text.slice(offset + tree.from(field), offset + tree.to(field)) : '';
      if (written === '\\{') unread++;
      else if (written === '\\}' && unread > 0) unread--;
      else if (written === '\\}') {
        const brace = tree.to(field) - 1;
        return { from: brace, to: brace + 1, message: SINGLE_CLOSING_BRACE };
      }
      at = offset + tree.to(field);
      field = tree.nextSibling(field);
      continue;
    }
    const code = text.charCodeAt(at);
    if (code === OPENING_BRACE || code === CLOSING_BRACE) {
      if (unread === 0 && text.charCodeAt(at + 1) === code) {
        at += 2;
        continue;
      }
      if (code === OPENING_BRACE) unread++;
      else if (unread > 0) unread--;
      else return { from: at - offset, to: at + 1 - offset, message: SINGLE_CLOSING_BRACE };
    }
    at++;
  }
  return undefined;
}

const OPENING_BRACE = 123;
const CLOSING_BRACE = 125;

const SINGLE_CLOSING_BRACE =
  'Python cannot parse this: an f-string cannot hold a `}` alone outside a replacement field; ' +
  'write `}}` for a brace, or add the `{` it closes.';

/**
 * `"C:\Users"`: an escape Python cannot decode, in a string that is not raw: `\x` without two
 * hex digits, `\u` without four, `\U` without eight (or past U+10FFFF), `\N` without a name in
 * braces; in bytes, where the others are plain text, `\x` alone.
 */
function badEscape(
  text: string,
  offset: number,
  tree: FlatTree,
  node: NodeId,
): Found | undefined {
  const from = offset + tree.from(node);
  const to = offset + tree.to(node);
  const open = openingQuote(text, from, to);
  const prefix = text.slice(from, open).toLowerCase();
  if (open >= to || prefix.includes('r')) return undefined;
  const quotes = isTripleQuoted(text, open, to, text.charCodeAt(open)) ? 3 : 1;
  const bytes = prefix.includes('b');
  return escapeProblemIn(text, offset, tree, node, open + quotes, to - quotes, bytes);
}

/**
 * The first escape Python cannot decode in the text of `parent` from `start` to `end`. A
 * replacement field of an f-string is passed over, but for its format spec, which is text too.
 */
function escapeProblemIn(
  text: string,
  offset: number,
  tree: FlatTree,
  parent: NodeId,
  start: number,
  end: number,
  bytes: boolean,
): Found | undefined {
  let field = tree.firstChild(parent);
  for (let at = start; at < end; at++) {
    while (field && offset + tree.to(field) <= at) field = tree.nextSibling(field);
    if (field && tree.name(field) === 'FormatReplacement' && offset + tree.from(field) <= at) {
      const spec = tree.child(field, 'FormatSpec');
      if (spec !== 0) {
        const [specFrom, specTo] = [offset + tree.from(spec) + 1, offset + tree.to(spec)];
        const found = escapeProblemIn(text, offset, tree, spec, specFrom, specTo, bytes);
        if (found !== undefined) return found;
      }
      at = offset + tree.to(field) - 1;
      continue;
    }
    if (text.charCodeAt(at) !== BACKSLASH) continue;
    const length = undecodable(text, at + 1, bytes);
    if (length > 0) {
      const escape = text.slice(at, at + 2);
      return { from: at - offset, to: at + length - offset, message: escapeMessage(escape) };
    }
    at++;
  }
  return undefined;
}

/**
 * How long the escape whose letter is at `at` is, when Python cannot decode it (the backslash,
 * the letter and what follows that belongs to it); 0 when it can, or when it is no escape.
 */
function undecodable(text: string, at: number, bytes: boolean): number {
  const letter = text[at];
  const digits = letter === 'x' ? 2 : bytes ? 0 : letter === 'u' ? 4 : letter === 'U' ? 8 : 0;
  if (digits > 0) {
    const hex = /^[0-9a-fA-F]*/.exec(text.slice(at + 1, at + 1 + digits))?.[0] ?? '';
    if (hex.length < digits) return 2 + hex.length;
    return letter === 'U' && parseInt(hex, 16) > 0x10ffff ? 2 + digits : 0;
  }
  if (letter !== 'N' || bytes) return 0;
  const name = /^\{[^}\n]+\}/.exec(text.slice(at + 1, at + 200));
  return name ? 0 : 2;
}

const DIGITS: Record<string, string> = { '\\x': 'two', '\\u': 'four', '\\U': 'eight' };

function escapeMessage(escape: string): string {
  const what =
    escape === '\\N'
      ? '`\\N` starts the name of a character in braces (`\\N{EM DASH}`)'
      : `\`${escape}\` starts an escape of ${DIGITS[escape]} hex digits`;
  return (
    `Python cannot parse this: ${what}; write \`\\\\\` for a backslash, or make the string ` +
    'raw (`r"C:\\data"`), as for a Windows path.'
  );
}

/** `[*a for a in x]`, `{**d for d in x}`: the item of a comprehension is unpacked. */
function unpackedItem(tree: FlatTree, node: NodeId): Found | undefined {
  const star = tree.nextSibling(tree.firstChild(node));
  const kind = tree.name(star);
  if (kind !== '*' && kind !== '**') return undefined;
  const item = tree.nextSibling(star);
  const found = { from: tree.from(star), to: tree.to(item || star) };
  return { ...found, message: kind === '*' ? UNPACKED_ITEM : UNPACKED_ENTRY };
}

/**
 * `*a = x`, `for *a in x:` and `x = *a`: a starred name with no comma beside it, as a whole
 * target (between `=` signs, or between `for` and `in`) or as the whole value.
 */
function loneStarred(tree: FlatTree, node: NodeId): Found | undefined {
  const isFor = tree.name(node) === 'ForStatement';
  let part = isFor ? tree.nextSibling(tree.firstChild(node)) : tree.firstChild(node);
  while (part) {
    let end = part;
    let count = 0;
    let stars = 0;
    while (end && !isPartEnd(tree.name(end))) {
      count++;
      if (tree.name(end) === '*') stars++;
      end = tree.nextSibling(end);
    }
    const isValue = !isFor && end === 0;
    if (count === 2 && tree.name(part) === '*') {
      const last = tree.nextSibling(part);
      const message = isValue ? LONE_STARRED_VALUE : LONE_STARRED_TARGET;
      return { from: tree.from(part), to: tree.to(last), message };
    }
    if (!isValue && (stars > 1 || (count === 1 && starsIn(tree, part) > 1))) {
      const last = end ? tree.prevSibling(end) : part;
      return { from: tree.from(part), to: tree.to(last), message: MANY_STARRED_TARGETS };
    }
    if (end && tree.name(end) === 'TypeDef') end = tree.nextSibling(end);
    if (isFor || !end || tree.name(end) !== 'AssignOp') return undefined;
    part = tree.nextSibling(end);
  }
  return undefined;
}

/** The `*` items of a bracketed target list, `[*a, *b]` or `(*a, *b)`. */
function starsIn(tree: FlatTree, target: NodeId): number {
  const kind = tree.name(target);
  if (kind !== 'ArrayExpression' && kind !== 'TupleExpression') return 0;
  let stars = 0;
  for (let child = tree.firstChild(target); child; child = tree.nextSibling(child)) {
    if (tree.name(child) === '*') stars++;
  }
  return stars;
}

/** `return *a`, `yield *a`, `*f()` and `(*a)`: a starred expression that is all of a value. */
function starredValue(tree: FlatTree, node: NodeId): Found | undefined {
  let star = tree.firstChild(node);
  if (tree.name(node) !== 'ExpressionStatement') star = tree.nextSibling(star);
  if (tree.name(star) !== '*') return undefined;
  const value = tree.nextSibling(star);
  const after = value ? tree.nextSibling(value) : 0;
  if (!value || (after && tree.name(after) !== ')')) return undefined;
  return { from: tree.from(star), to: tree.to(value), message: LONE_STARRED_VALUE };
}

function isPartEnd(kind: string): boolean {
  return kind === 'AssignOp' || kind === 'in' || kind === ':' || kind === 'TypeDef';
}

/** `1.real`: an integer, its point and a name, with nothing between them. */
function isNameAfterPoint(text: string, offset: number, tree: FlatTree, node: NodeId): boolean {
  const number = tree.firstChild(node);
  if (tree.name(number) !== 'Number') return false;
  const point = tree.nextSibling(number);
  const name = tree.nextSibling(point);
  if (tree.name(point) !== '.' || tree.to(number) !== tree.from(point)) return false;
  if (tree.name(name) !== 'PropertyName' || tree.to(point) !== tree.from(name)) return false;
  return /^\d[\d_]*$/.test(text.slice(offset + tree.from(number), offset + tree.to(number)));
}

/**
 * `except E, e:` (Python 2's way to name the exception), `except*:` with no type, or `except`
 * and `except*` clauses on the same `try`.
 */
function handlerProblem(tree: FlatTree, node: NodeId): Found | undefined {
  let starred: boolean | undefined;
  for (let child = tree.firstChild(node); child; child = tree.nextSibling(child)) {
    if (tree.name(child) !== 'except') continue;
    const next = tree.nextSibling(child);
    const star = tree.name(next) === '*';
    if (starred !== undefined && star !== starred) return foundAt(tree, child, MIXED_HANDLERS);
    starred = star;
    const type = star ? tree.nextSibling(next) : next;
    if (star && tree.name(type) === 'Body') {
      return foundAt(tree, tree.firstChild(type), NO_GROUP_TYPE);
    }
    const comma = tree.nextSibling(type);
    if (tree.name(comma) === ',') {
      return { from: tree.from(type), to: tree.to(tree.nextSibling(comma)), message: EXCEPT_COMMA };
    }
  }
  return undefined;
}

/** `a <> b`: the grammar knows Python 2's not-equal, which Python 3 refuses. */
function isDiamond(text: string, offset: number, tree: FlatTree, node: NodeId): boolean {
  const from = offset + tree.from(node);
  return offset + tree.to(node) - from === 2 && text.startsWith('<>', from);
}

/** `elif:`: the grammar lets an `elif` go without its condition. */
function elifWithoutCondition(tree: FlatTree, node: NodeId): Found | undefined {
  for (let child = tree.firstChild(node); child; child = tree.nextSibling(child)) {
    if (tree.name(child) !== 'elif') continue;
    const next = tree.nextSibling(child);
    if (tree.name(next) === 'Body') {
      return foundAt(tree, tree.firstChild(next), ELIF_WITHOUT_CONDITION);
    }
  }
  return undefined;
}

/** `a: int = b = 1`: an annotated assignment has one target and one `=`. */
function annotatedChain(tree: FlatTree, node: NodeId): Found | undefined {
  if (tree.child(node, 'TypeDef') === 0) return undefined;
  const signs = tree.children(node, 'AssignOp');
  return signs.length > 1 ? foundAt(tree, signs[1], ANNOTATED_CHAIN) : undefined;
}

/**
 * `1__0`, `1_`, `1_.5`: in the number at [from, to) of `text`, the first underscore that is not
 * between two digits (or right after a base prefix, as in `0x_ff`), and its message.
 */
function misplacedUnderscore(
  text: string,
  from: number,
  to: number,
): { at: number; message: string } | undefined {
  // Looked for within the number only: a search of the text past it would make a text of many
  // numbers and few underscores cost the square of its length.
  let at = underscoreIn(text, from, to);
  if (at === -1) return undefined;
  const hexadecimal = /^0[xX]/.test(text.slice(from, from + 2));
  while (at !== -1) {
    const before = text.charCodeAt(at - 1);
    // The character after it even past the node: a float written `1.e5` is parsed as `1e5 `.
    const after = text.charCodeAt(at + 1);
    const afterPrefix = at - from === 2 && text.charCodeAt(from) === ZERO;
    if (!(isDigit(after, hexadecimal) && (isDigit(before, hexadecimal) || afterPrefix))) {
      const kind = BASES[text.charAt(from + 1).toLowerCase()] ?? 'decimal';
      return { at, message: UNDERSCORE(kind) };
    }
    at = underscoreIn(text, at + 1, to);
  }
  return undefined;
}

const UNDERSCORE_CODE = 95;

/** The first `_` in [from, to) of `text`, or -1. */
function underscoreIn(text: string, from: number, to: number): number {
  for (let at = from; at < to; at++) if (text.charCodeAt(at) === UNDERSCORE_CODE) return at;
  return -1;
}

/** `misplacedUnderscore` of the number at [from, to) of `text`, placed in a tree at `offset`. */
function underscoreFound(
  text: string,
  offset: number,
  from: number,
  to: number,
): Found | undefined {
  const underscore = misplacedUnderscore(text, from, to);
  if (underscore === undefined) return undefined;
  const at = underscore.at - offset;
  return { from: at, to: at + 1, message: underscore.message };
}

const BASES: Record<string, string> = { x: 'hexadecimal', o: 'octal', b: 'binary' };

/** A digit, with the letters of hexadecimal digits when `hexadecimal`. */
function isDigit(code: number, hexadecimal: boolean): boolean {
  if (code >= 48 && code <= 57) return true;
  return hexadecimal && ((code >= 97 && code <= 102) || (code >= 65 && code <= 70));
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
    message: unclosedStringMessage(text[open]),
    causesRest: true,
  };
}

/** What is said of a one-line string its line ends before, opened with `quote`. */
export function unclosedStringMessage(quote: string): string {
  return (
    'Python cannot parse this: the string is not closed before its line ends; end it with ' +
    `\`${quote}\`, or use triple quotes for text over several lines.`
  );
}

/** What is said of a triple-quoted string the text ends before, opened with `quotes`. */
export function unclosedTripleQuotedMessage(quotes: string): string {
  return (
    'Python cannot parse this: the triple-quoted string is never closed; end it with ' +
    `\`${quotes}\`.`
  );
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

