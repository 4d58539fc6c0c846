// Parsing Python into @lezer/python's tree, segment by segment, and turning its error nodes
// into readable syntax-error facts.
import { parser } from '@lezer/python';
import { IterMode, NodeType, Tree, type SyntaxNode } from '@lezer/common';
import type { SyntaxErrorFact } from './facts';
import { tryFastParse, type Declined } from './fastParse';
import { changeBetween, wholeLines } from './changes';
import { AnalysisCache } from './components';
import { fillLineEndYields, fillLineGaps, refillLineGaps } from './grammarGaps';
import { unclosedStringMessage, unclosedTripleQuotedMessage } from './refused';
import {
  BracketReader,
  closeOf,
  codeAfter,
  missingComma,
  pairBrackets,
  stringsBlanked,
  type MissingComma,
  type Pairing,
} from './brackets';
import {
  SEGMENT_LIMITS,
  segmentsAfterEdit,
  segmentsOf,
  type Segment,
  type SegmentLimits,
} from './segments';
import {
  backOverSpace,
  excerpt,
  lineStartsOf,
  positionAt,
  withLineFeeds,
  type Unit,
} from './source';

/**
 * `limits` decide where segments are cut; the tree is the same wherever they are cut. Line
 * breaks are read as `\n` alone (see `withLineFeeds`), at the same offsets.
 */
export function parsePython(text: string, limits: SegmentLimits = SEGMENT_LIMITS): Tree {
  return parseInSegments(withLineFeeds(text), limits).tree;
}

/** `tree`, when given, must be a parse of exactly `text`. */
export function unitOf(text: string, cell?: number, tree?: Tree): Unit {
  return { text, tree: tree ?? parsePython(text), cell, lineStarts: lineStartsOf(text) };
}

interface ParsedSegment extends Segment {
  tree: Tree;
  /** The tree as a child of the joined module tree, kept to be joined again after edits. */
  child: Tree;
}

interface Parsed {
  /** The text as given. */
  source: string;
  /** The text parsed: the source with grammar gaps filled. */
  text: string;
  /** Whether `text` may differ from `source`: once it has, comparing them would cost a scan. */
  filled: boolean;
  segments: ParsedSegment[];
  tree: Tree;
}

/**
 * Fills the grammar gaps of `source` and parses each top-level segment on its own (where the
 * gaps that depend on brackets open are filled; no bracket is open where a segment starts).
 */
function parseInSegments(source: string, limits = SEGMENT_LIMITS): Parsed {
  const text = fillLineGaps(source);
  const segments = segmentsOf(text, limits).map((segment) => parsedSegment(text, segment));
  return { source, text, filled: text !== source, segments, tree: joined(segments, text.length) };
}

function parsedSegment(text: string, { from, to }: Segment): ParsedSegment {
  const { tree, clean } = parseSegment(fillLineEndYields(text.slice(from, to)));
  const child = new Tree(NodeType.none, tree.children, tree.positions, tree.length);
  // The fast parser's trees hold no error node: the first walk for errors passes them over.
  if (clean) segmentHasErrors.set(child, false);
  return { from, to, tree, child };
}

/**
 * The hand-written parser gives lezer's tree for valid code several times faster; lezer parses
 * what it declines (syntax errors, with lezer's error recovery, and the rare construct it does
 * not model). It is declined a statement at a time: one error leaves the segment's other
 * statements to the fast path, which reads valid code that lezer reads with errors (some
 * `match` statements, `with` brackets over several lines), and parses them faster too.
 */
function parseSegment(text: string): { tree: Tree; clean: boolean } {
  const fast = tryFastParse(text);
  if (fast instanceof Tree) return { tree: fast, clean: true };
  const statements = segmentsOf(text, EVERY_STATEMENT);
  if (statements.length === 1) return { tree: slowParse(text, fast), clean: false };
  const children: Tree['children'][number][] = [];
  const positions: number[] = [];
  for (const { from, to } of statements) {
    const part = text.slice(from, to);
    const partFast = tryFastParse(part);
    const tree = partFast instanceof Tree ? partFast : slowParse(part, partFast);
    tree.children.forEach((child, index) => {
      children.push(child);
      positions.push(from + tree.positions[index]);
    });
  }
  return { tree: new Tree(parser.topNode, children, positions, text.length), clean: false };
}

/**
 * Lezer's parse of a statement the fast parser declined. One nested deeper than Python parses
 * (on which lezer could spend gigabytes) becomes one error node to its end, from its first
 * bracket too deep, or from its first code when nested too deeply otherwise.
 */
function slowParse(text: string, declined: Declined): Tree {
  if (declined === 'unsupported') return parser.parse(text);
  if (declined.indent !== undefined) {
    const error = new Tree(TOO_DEEP_INDENT, [], [], text.length - declined.indent);
    return new Tree(parser.topNode, [error], [declined.indent], text.length);
  }
  const from = declined.bracket ?? LEADING_BLANKS_AND_COMMENTS.exec(text)![0].length;
  const error = new Tree(TOO_DEEP, [], [], text.length - from);
  return new Tree(parser.topNode, [error], [from], text.length);
}

const LEADING_BLANKS_AND_COMMENTS = /^(?:[ \t]*(?:#[^\n]*)?\n)*[ \t]*/;

/** The error node of a statement nested too deeply to parse. */
const TOO_DEEP = NodeType.define({ id: 0, name: '⚠', error: true });
/** The same, from a line indented more levels than Python's tokenizer takes. */
const TOO_DEEP_INDENT = NodeType.define({ id: 0, name: '⚠', error: true });

function isTooDeep(type: NodeType): boolean {
  return type === TOO_DEEP || type === TOO_DEEP_INDENT;
}

/** Cuts at every boundary between top-level statements. */
const EVERY_STATEMENT: SegmentLimits = {
  minChars: 0,
  cutOneIn: 1,
  maxChars: 0,
  maxStatements: 1,
};

/** The segments' trees as one module tree; each segment sits in a node navigation skips. */
function joined(segments: ParsedSegment[], length: number): Tree {
  if (segments.length === 1) return segments[0].tree;
  return new Tree(
    parser.topNode,
    segments.map((segment) => segment.child),
    segments.map((segment) => segment.from),
    length,
  );
}

/**
 * Parses successive versions of one text (a file open in an editor), re-parsing only the
 * segments an edit touched and always giving the tree a fresh parse gives: a segment's tree
 * depends on nothing but its own text. The changed region is found by comparing the texts, so
 * edit reports need not be complete or in order; outside it, the work done is a few native
 * string comparisons and copies and a step per segment.
 */
export class IncrementalParser {
  private last: Parsed | undefined;
  /** The analysis of the last version, in groups of statements, for `analyzeSource`. */
  readonly analyses = new AnalysisCache();

  parse(source: string): Tree {
    source = withLineFeeds(source);
    const last = this.last;
    if (last !== undefined && last.source === source) return last.tree;
    this.last = last === undefined ? parseInSegments(source) : reparsed(last, source);
    return this.last.tree;
  }
}

/** `parseInSegments(source)`, from the parse of an earlier version of it. */
function reparsed(last: Parsed, source: string): Parsed {
  const lines = wholeLines(source, changeBetween(last.source, source));
  const window = source.slice(lines.from, lines.to);
  const filledWindow = fillLineGaps(window);
  const filled = last.filled || filledWindow !== window;
  const text = filled ? refillLineGaps(last.text, filledWindow, lines) : source;
  const { kept, middle, moved } = segmentsAfterEdit(last.segments, text, lines);

  // Only middle segments before the change can be old ones: past it, the first new segment
  // that starts where an old one moved to is the first of the moved ones.
  const fresh = middle.map((segment, index) => {
    const old = last.segments[kept + index];
    const unchanged = segment.to <= lines.from && old?.from === segment.from;
    return unchanged && old.to === segment.to ? old : parsedSegment(text, segment);
  });
  const shifted = last.segments.slice(moved).map(({ from, to, tree, child }) => ({
    from: from + lines.shift,
    to: to + lines.shift,
    tree,
    child,
  }));
  const segments = [...last.segments.slice(0, kept), ...fresh, ...shifted];
  return { source, text, filled, segments, tree: joined(segments, text.length) };
}

const CLOSERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/**
 * One fact per line with a parse error, at the first error on that line. A bracket never closed
 * is reported where it opens, as Python does, unless that line has an error of its own: the
 * bracket an error lies in, or, for the first error, the innermost bracket still open at the
 * end of the text when it opened on an earlier line (where Python reports it, however the
 * parse went on).
 */
export function syntaxErrors(unit: Unit): SyntaxErrorFact[] {
  const errors: SyntaxErrorFact[] = [];
  let lastLine = -1;
  let first = true;
  const reportedLines = new Set<number>();
  const reportedOpeners = new Set<number>();
  const reportOpener = (from: number, opener: number, message: string): void => {
    const openerLine = lineOf(unit, opener);
    if (reportedLines.has(openerLine)) return;
    reportedLines.add(openerLine);
    errors.push({ loc: { unit, from: opener, to: opener + 1 }, message, foundAt: from });
  };
  let pairing: Pairing | undefined;
  const paired = (): Pairing => (pairing ??= pairBrackets(unit.text));
  let skipUntil = -1;
  let reader: BracketReader | undefined;
  forEachErrorNode(unit.tree, (node) => {
    // After two expressions in a row, the parse of the rest of their brackets follows from it.
    if (node.from < skipUntil) return;
    // A clause indented like the block before it: the grammar ends the block early, and then
    // finds the clause's own block not indented.
    const clause = node.to === node.from ? misplacedClause(unit.text, node.from) : undefined;
    if (clause !== undefined) {
      skipUntil = clause.hides;
      const clauseLine = lineOf(unit, clause.from);
      lastLine = clauseLine;
      first = false;
      if (reportedLines.has(clauseLine)) return;
      reportedLines.add(clauseLine);
      const loc = { unit, from: clause.from, to: clause.to };
      return void errors.push({ loc, message: clause.message });
    }
    // An empty error at the start of a line belongs to the end of the code before it.
    const block = missingBlock(unit, node);
    const from =
      block !== undefined
        ? block.at
        : node.to > node.from
          ? node.from
          : backOverSpace(unit.text, node.from);
    const line = lineOf(unit, from);
    if (line === lastLine) return;
    lastLine = line;
    const firstError = first;
    first = false;
    // A closing bracket that closes nothing, or not the bracket open, is where Python stops.
    const stray = paired().stray;
    if (stray && !reportedLines.has(lineOf(unit, stray.at)) && reaches(unit, node, stray.at)) {
      reportedLines.add(lineOf(unit, stray.at));
      if (stray.opener !== undefined) reportedOpeners.add(stray.opener);
      const loc = { unit, from: stray.at, to: stray.at + 1 };
      return void errors.push({ loc, message: strayMessage(unit, stray), foundAt: from });
    }
    const opener = unclosedBracket(node, paired().open);
    if (opener && reportedOpeners.has(opener.from)) return;
    if (opener) reportedOpeners.add(opener.from);
    // A string the text never closes holds the rest, brackets too.
    const string = unclosedTripleQuoted(unit, node);
    if (string) {
      const stringLine = lineOf(unit, string.from);
      if (reportedLines.has(stringLine)) return;
      reportedLines.add(stringLine);
      const loc = { unit, from: string.from, to: string.to };
      return void errors.push({ loc, message: string.message, foundAt: from });
    }
    if (opener && neverClosed(unit, node, opener)) {
      return reportOpener(from, opener.from, describeError(unit, node, opener, block));
    }
    // Python judges by the token its parse failed at, where lezer puts even an empty error.
    const open = firstError && !isTooDeep(node.type) ? paired().open : undefined;
    const innermost = open?.[open.length - 1];
    if (
      innermost !== undefined &&
      innermost < from &&
      lineOf(unit, innermost) < lineOf(unit, node.from)
    ) {
      reportedOpeners.add(innermost);
      return reportOpener(from, innermost, neverClosedMessage(unit, innermost));
    }
    const statement = statementStart(node);
    if (reader?.statement !== statement || reader.position > node.from) {
      reader = new BracketReader(unit.text, statement);
    }
    const comma = isTooDeep(node.type) ? undefined : missingComma(reader, node.from);
    if (comma) {
      const commaLine = lineOf(unit, comma.from);
      skipUntil = comma.close;
      if (reportedLines.has(commaLine)) return;
      reportedLines.add(commaLine);
      const loc = { unit, from: comma.from, to: comma.to };
      const message = commaMessage(unit, comma);
      return void errors.push({ loc, message, foundAt: from, covers: comma.close });
    }
    const message = describeError(unit, node, opener, block);
    reportedLines.add(line);
    const to = node.to > node.from ? node.to : Math.min(from + 1, lineEnd(unit, from));
    errors.push({ loc: { unit, from, to }, message });
  });
  return stopped(unit, errors, paired(), reportedLines);
}

/** The clauses that continue a compound statement, and the statements they belong to. */
const CLAUSE_OWNERS: Record<string, string> = {
  else: '`if`, `for`, `while` or `try`',
  elif: '`if`',
  except: '`try`',
  finally: '`try`',
};

const CLAUSE = /^(else|elif|except|finally)(?![\w\u0080-\uffff])/;

/**
 * `else`, `elif`, `except` or `finally` starting its line at or after an empty error at `at`,
 * after code on an earlier line that does not end a header (that would be a block missing):
 * indented, outside brackets, a clause indented like the statements of the block it should
 * close; inside brackets closed later, a keyword out of place there. Python reports either at
 * the keyword. The grammar's errors up to `hides` follow from it: on the line after the
 * clause, where it finds the clause's block not indented, or up to the brackets' end.
 */
function misplacedClause(
  text: string,
  at: number,
): { from: number; to: number; message: string; hides: number } | undefined {
  const from = codeAfter(text, at);
  const keyword = CLAUSE.exec(text.slice(from, from + 8));
  if (keyword === null) return undefined;
  const lineStart = text.lastIndexOf('\n', from - 1) + 1;
  if (!/^[ \t]*$/.test(text.slice(lineStart, from))) return undefined;
  const before = backOverSpace(text, at);
  if (before === 0 || before >= lineStart || text[before - 1] === ':') return undefined;
  // Inside brackets the line goes on: a bracket never closed is what is wrong, and in one
  // closed later the clause's keyword is out of place where it stands, however indented.
  const depths: number[] = [];
  const { open } = pairBrackets(text, [at], depths);
  const word = keyword[1];
  const end = text.indexOf('\n', from);
  const next = end === -1 ? text.length : text.indexOf('\n', codeAfter(text, end));
  const place = { from, to: from + word.length, hides: next === -1 ? text.length : next + 1 };
  if (depths[0] > 0) {
    if (open === undefined || open.some((opener) => opener < at)) return undefined;
    const hides = closeOf(text, from, depths[0]) + 1;
    return { ...place, hides, message: inBracketsMessage(word) };
  }
  if (lineStart === from) return undefined;
  return {
    ...place,
    message:
      `Python cannot parse this: \`${word}\` is indented like the statements of the block ` +
      `above it; line it up with the ${CLAUSE_OWNERS[word]} it belongs to.`,
  };
}

function inBracketsMessage(keyword: string): string {
  return (
    `Python cannot parse this: \`${keyword}\` cannot stand inside brackets; close the brackets ` +
    'opened above it first.'
  );
}

/**
 * `errors` with what stopped Python's tokenizer, wherever the parse's errors are: a bracket
 * that closes nothing or the wrong one (the errors inside the brackets it fails to close
 * follow from it), or a string its line or the text ends before (a triple-quoted one holds
 * every error after it).
 */
function stopped(
  unit: Unit,
  errors: SyntaxErrorFact[],
  pairing: Pairing,
  reportedLines: Set<number>,
): SyntaxErrorFact[] {
  const { stray, unterminated } = pairing;
  if (stray) {
    const opener = stray.opener ?? stray.at;
    const kept = errors.filter(({ loc }) => loc.from <= opener || loc.from >= stray.at);
    if (!kept.some(({ loc }) => loc.from === stray.at)) {
      const loc = { unit, from: stray.at, to: stray.at + 1 };
      kept.push({ loc, message: strayMessage(unit, stray) });
    }
    return kept;
  }
  if (unterminated === undefined) return errors;
  const quote = unit.text[unterminated];
  const triple = unit.text.startsWith(quote.repeat(3), unterminated);
  const start = unit.text.lastIndexOf('\n', unterminated - 1) + 1;
  const before = unit.text.slice(Math.max(start, unterminated - 2), unterminated);
  const at = unterminated - (/[A-Za-z]*$/.exec(before)?.[0].length ?? 0);
  const kept = triple ? errors.filter(({ loc }) => loc.from < start) : errors;
  if (kept.some(({ loc }) => loc.from === at) || (!triple && reportedLines.has(lineOf(unit, at)))) {
    return kept;
  }
  const message = triple
    ? unclosedTripleQuotedMessage(quote.repeat(3))
    : unclosedStringMessage(quote);
  kept.push({ loc: { unit, from: at, to: unterminated + (triple ? 3 : 1) }, message });
  return kept;
}

/**
 * Whether the error `node` is that `opener` is never closed: the error is on a later line, or
 * holds no text (the code ran out before the bracket was closed).
 */
function neverClosed(unit: Unit, node: SyntaxNode, opener: SyntaxNode): boolean {
  if (isTooDeep(node.type)) return false;
  if (lineOf(unit, opener.from) < lineOf(unit, node.from)) return true;
  return unit.text.slice(node.from, node.to).trim().length === 0;
}

/** Whether a segment's tree holds an error node; segment trees outlive edits elsewhere. */
const segmentHasErrors = new WeakMap<Tree, boolean>();

/**
 * The error nodes of `tree` in document order. A segment (an anonymous node under the module)
 * whose tree is known to hold none is passed over, so that after an edit only the segments
 * parsed again are walked.
 */
function forEachErrorNode(tree: Tree, visit: (node: SyntaxNode) => void): void {
  const cursor = tree.cursor(IterMode.IncludeAnonymous);
  let depth = 0;
  for (;;) {
    // lezer's recovery from a very long broken statement can leave nodes of no known type.
    const type = cursor.type as NodeType | undefined;
    const skip =
      type === undefined || (depth === 1 && type.isAnonymous && !hasErrors(cursor.tree));
    if (!skip && type.isError) visit(cursor.node);
    if (!skip && cursor.firstChild()) {
      depth++;
      continue;
    }
    while (!cursor.nextSibling()) {
      if (!cursor.parent()) return;
      depth--;
    }
  }
}

function hasErrors(segment: Tree | null): boolean {
  if (segment === null) return true;
  let known = segmentHasErrors.get(segment);
  if (known === undefined) {
    known = false;
    segment.iterate({ enter: (node) => !(known ||= node.type.isError) });
    segmentHasErrors.set(segment, known);
  }
  return known;
}

function lineOf(unit: Unit, offset: number): number {
  return positionAt(unit, offset).line;
}


function lineEnd(unit: Unit, offset: number): number {
  const end = unit.text.indexOf('\n', offset);
  return end === -1 ? unit.text.length : end;
}

function describeError(
  unit: Unit,
  node: SyntaxNode,
  opener: SyntaxNode | undefined,
  block: ReturnType<typeof missingBlock>,
): string {
  const prefix = 'Python cannot parse this';
  if (node.type === TOO_DEEP_INDENT) {
    return (
      `${prefix}: this line is indented more than 99 levels deep, more than Python reads; ` +
      'move the inner blocks into functions.'
    );
  }
  if (node.type === TOO_DEEP) {
    return (
      `${prefix}: the statement is nested too deeply (brackets more than 200 deep, or ` +
      'thousands of operators in a row); split it into smaller expressions.'
    );
  }
  const text = unit.text.slice(node.from, node.to);
  if (opener && neverClosed(unit, node, opener)) return neverClosedMessage(unit, opener.from);
  if (block) {
    const { keyword, line } = block;
    return `${prefix}: the block after the \`${keyword}\` on line ${line} must be indented.`;
  }
  const at = node.to > node.from ? node.from : backOverSpace(unit.text, node.from);
  const header = headerOf(unit, at);
  if (header?.elseIf) return `${prefix}: Python writes \`else if\` as \`elif\`.`;
  if (header?.condition && text.trim() === '=') {
    return (
      `${prefix}: \`=\` assigns a value; to compare, write \`==\` (or \`:=\` to assign inside ` +
      'the condition).'
    );
  }
  if (text.trim().length > 0) {
    return (
      `${prefix}: unexpected \`${excerpt(text, 30)}\`. Check the line for a typo, a missing ` +
      'operator or comma, or an extra bracket.'
    );
  }
  const parent = node.parent;
  if (parent?.name === 'BinaryExpression' || parent?.name === 'UnaryExpression') {
    return `${prefix}: an operator is missing its right-hand side; expected an expression.`;
  }
  if (header && !header.colon && header.atEnd) {
    return `${prefix}: the \`${header.keyword}\` line must end with \`:\`.`;
  }
  const spread = header === undefined ? spreadHeader(unit, node, at) : undefined;
  if (spread) return `${prefix}: the header of the \`${spread}\` must end with \`:\`.`;
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

/** Keywords that start a statement with a block, which its header line ends with `:`. */
const COMPOUND =
  /^[ \t]*(?:async[ \t]+)?(if|elif|else|while|for|def|class|with|try|except|finally|match|case)\b/;

/** The end of code that cannot end an expression: an operator, a comma, or a keyword. */
const UNFINISHED = new RegExp(
  '(?:[-+*/%@&|^~<>=!,.([{]|\\b(?:in|and|or|not|is|if|else|as|for|while|with|def|class|elif|' +
    'lambda|async|await|from|import|return|yield|except|case|match))$',
);

/**
 * The header line of a compound statement an error lies on: its keyword, whether its code ends
 * with `:`, whether the error is at the end of that code, whether it is a condition (`if`,
 * `elif`, `while`), and whether it is `else if`.
 */
function headerOf(
  unit: Unit,
  at: number,
):
  | { keyword: string; colon: boolean; atEnd: boolean; condition: boolean; elseIf: boolean }
  | undefined {
  const text = unit.text;
  const start = text.lastIndexOf('\n', at - 1) + 1;
  const end = lineEnd(unit, at);
  const line = text.slice(start, end);
  const keyword = COMPOUND.exec(line)?.[1];
  if (keyword === undefined) return undefined;
  const code = line.replace(/#.*$/, '').trimEnd();
  return {
    keyword,
    colon: hasColon(code),
    // A header that ends in an operator or a keyword (`for x in`) misses more than its `:`.
    atEnd: at >= start + code.length && (code.trim() === keyword || !UNFINISHED.test(code)),
    condition: keyword === 'if' || keyword === 'elif' || keyword === 'while',
    elseIf: /^[ \t]*else[ \t]+if\b/.test(line),
  };
}

/** Statements with a header and a block. */
const HEADED = new Set([
  'IfStatement',
  'WhileStatement',
  'ForStatement',
  'FunctionDefinition',
  'ClassDefinition',
  'WithStatement',
  'MatchStatement',
  'MatchClause',
]);

/**
 * The keyword of a header spread over lines (its brackets hold line breaks) that an error at
 * `at`, at the end of a line, finds without its `:`; undefined otherwise.
 */
function spreadHeader(unit: Unit, node: SyntaxNode, at: number): string | undefined {
  let statement: SyntaxNode | null = node.parent;
  while (statement && !HEADED.has(statement.name)) statement = statement.parent;
  if (!statement || lineOf(unit, statement.from) === lineOf(unit, at)) return undefined;
  if (unit.text.slice(at, lineEnd(unit, at)).replace(/#.*$/, '').trim() !== '') return undefined;
  const header = unit.text.slice(statement.from, at);
  const keyword = COMPOUND.exec(header)?.[1];
  if (keyword === undefined || hasColon(header.replace(/#[^\n]*/g, ''))) return undefined;
  return UNFINISHED.test(header.trimEnd()) ? undefined : keyword;
}

/**
 * Whether a header line's code holds its `:`, outside brackets and strings: at its end, or
 * before a statement on the same line (`if x: y`).
 */
function hasColon(code: string): boolean {
  const bare = stringsBlanked(code);
  let depth = 0;
  for (let index = 0; index < bare.length; index++) {
    const character = bare[index];
    if (character === '(' || character === '[' || character === '{') depth++;
    else if (character === ')' || character === ']' || character === '}') depth--;
    else if (character === ':' && depth <= 0 && bare[index + 1] !== '=') return true;
  }
  return false;
}

/**
 * For an error where a block should start (the line after a header ending with `:` is not
 * indented, or there is none), where Python reports it, the header's keyword and its line.
 */
function missingBlock(
  unit: Unit,
  node: SyntaxNode,
): { at: number; keyword: string; line: number } | undefined {
  if (node.to > node.from || node.parent?.name !== 'Body') return undefined;
  // A block starts with its header's `:`; comments and blank lines may follow it, but no
  // statement may come between.
  const colon = node.parent.from;
  let before = node.prevSibling;
  while (before?.name === 'Comment') before = before.prevSibling;
  if (unit.text[colon] !== ':' || before?.name !== ':') return undefined;
  const headerEnd = colon + 1;
  const header = headerOf(unit, headerEnd);
  if (!header?.colon || !header.atEnd) return undefined;
  const line = lineOf(unit, headerEnd) + 1;
  // With nothing after the header, Python reports the end of the header, or of the comments
  // after it.
  const next = codeAfter(unit.text, node.from);
  const end = Math.max(headerEnd, backOverSpace(unit.text, node.from));
  const at = next < unit.text.length ? next : end;
  return { at, keyword: header.keyword, line };
}

/**
 * The opening of the triple-quoted string an error node ends, when the text ends before the
 * string does: Python reports it where it opens.
 */
function unclosedTripleQuoted(
  unit: Unit,
  node: SyntaxNode,
): { from: number; to: number; message: string } | undefined {
  const string = node.parent;
  if (!string || (string.name !== 'String' && string.name !== 'FormatString')) return undefined;
  const opening = /^[A-Za-z]{0,2}('{3}|"{3})/.exec(unit.text.slice(string.from, string.from + 5));
  if (!opening) return undefined;
  const quotes = opening[1];
  const closed =
    string.to - string.from >= opening[0].length + 3 &&
    unit.text.slice(string.to - 3, string.to) === quotes;
  if (closed) return undefined;
  const to = string.from + opening[0].length;
  return { from: string.from, to, message: unclosedTripleQuotedMessage(quotes) };
}

/**
 * Where the top-level statement an error node is in starts: the statement before it, when the
 * error stands between statements.
 */
function statementStart(node: SyntaxNode): number {
  let top = node;
  while (top.parent && top.parent.name !== 'Script' && !top.parent.type.isAnonymous) {
    top = top.parent;
  }
  return top.type.isError ? (top.prevSibling?.from ?? top.from) : top.from;
}

/** Whether an error node holds `at`, or is empty and only blanks and comments lie between. */
function reaches(unit: Unit, node: SyntaxNode, at: number): boolean {
  if (node.from <= at && at < node.to) return true;
  return node.from <= at && codeAfter(unit.text, node.from) === at;
}

function strayMessage(unit: Unit, stray: NonNullable<Pairing['stray']>): string {
  const bracket = unit.text[stray.at];
  const prefix = 'Python cannot parse this';
  if (stray.opener === undefined) {
    const opening = OPENERS[bracket];
    return `${prefix}: \`${bracket}\` closes no open bracket; remove it, or add \`${opening}\`.`;
  }
  const opener = unit.text[stray.opener];
  const line = lineOf(unit, stray.opener) + 1;
  return (
    `${prefix}: \`${bracket}\` does not match the \`${opener}\` opened on line ${line}; ` +
    `expected \`${CLOSERS[opener]}\`.`
  );
}

const OPENERS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

function commaMessage(unit: Unit, comma: MissingComma): string {
  const first = unit.text.slice(comma.from, comma.firstEnd);
  const second = unit.text.slice(comma.second, comma.to);
  return (
    `Python cannot parse this: two expressions in a row, \`${excerpt(first, 30)}\` and ` +
    `\`${excerpt(second, 30)}\`; perhaps a comma is missing between them.`
  );
}

function neverClosedMessage(unit: Unit, opener: number): string {
  const bracket = unit.text[opener];
  const line = lineOf(unit, opener) + 1;
  const closer = CLOSERS[bracket] ?? ')';
  return (
    `Python cannot parse this: \`${bracket}\` opened on line ${line} is never closed; ` +
    `expected \`${closer}\`.`
  );
}

/**
 * The opening bracket of the construct an error node sits in, if the tree gives it no closer
 * and the text does not close it either: `openAtEnd` are the brackets the text leaves open
 * (see pairBrackets), undefined when the tokenizer stops before the end (then no bracket is
 * taken as never closed: what stopped it is the error).
 */
function unclosedBracket(
  node: SyntaxNode,
  openAtEnd: number[] | undefined,
): SyntaxNode | undefined {
  for (let parent = node.parent; parent; parent = parent.parent) {
    const first = parent.firstChild;
    if (first && CLOSERS[first.name]) {
      const last = parent.lastChild;
      if (last && last.name === CLOSERS[first.name]) return undefined;
      return openAtEnd?.includes(first.from) ? first : undefined;
    }
    if (/Statement|Body|Script/.test(parent.name)) return undefined;
  }
  return undefined;
}
