// How statements sit in their blocks, where Python refuses what the grammar lets through: a
// statement indented deeper than its block (`unexpected indent`) or dedented to a column no
// enclosing block starts at, which the grammar reads as a statement of the module or as the end
// of the block with an error at the end of the line above; and `return` outside a function or
// `break` and `continue` outside a loop.
import { stringsBlanked } from './brackets';
import { scanLine } from './segments';
import { backOverSpace } from './source';
import { NameSet, someLineMatches, type FlatTree, type NodeId, type Spliced } from './syntax';

export interface BlockProblem {
  /** The statement's first token. */
  from: number;
  to: number;
  message: string;
  /**
   * Where a parse error the grammar reported for the same fault may start: at the end of the
   * line above, where it ended the block.
   */
  hidesFrom?: number;
  /**
   * A jump out of place, which Python finds only when compiling a text it could parse: any
   * fault in the indentation comes first.
   */
  compileTime?: boolean;
}

const SPACE = 32;
const TAB = 9;
const LINE_FEED = 10;
const FORM_FEED = 12;
const CARRIAGE_RETURN = 13;
const HASH = 35;
const BACKSLASH = 92;

/** Python's tab stops, for comparing indentation widths. */
const TAB_SIZE = 8;

const SKIPPED = NameSet.of(':', 'Comment');
const BLOCK_OWNERS = NameSet.of('FunctionDefinition', 'ClassDefinition');
const DECORATED = NameSet.of('DecoratedStatement');
/** What encloses a block: a function's body, a loop's body. */
const IN_FUNCTION = 1;
const IN_LOOP = 2;

const RETURN = NameSet.of('ReturnStatement');
const LOOP_JUMPS = NameSet.of('BreakStatement', 'ContinueStatement');
const GROUP = NameSet.of('StatementGroup');
const LOOPS = NameSet.of('ForStatement', 'WhileStatement');
const FUNCTION = NameSet.of('FunctionDefinition');
const CLASS = NameSet.of('ClassDefinition');

/** Statements that hold blocks. */
const COMPOUND = NameSet.of(
  'IfStatement',
  'ForStatement',
  'WhileStatement',
  'WithStatement',
  'TryStatement',
  'FunctionDefinition',
  'ClassDefinition',
  'DecoratedStatement',
  'MatchStatement',
  'MatchClause',
);
/** Blocks of statements; a `match` statement's block holds its `case` clauses. */
const BLOCKS = NameSet.of('Body', 'MatchBody');
const DECORATED_PARTS = NameSet.of('Decorator', 'FunctionDefinition', 'ClassDefinition');

/**
 * The first statement of the tree, in document order, whose place in its block Python refuses;
 * the first `return`, `break` or `continue` out of place when the indentation has no fault.
 * Statements from the tree's first parse error on are not judged, since the grammar's recovery
 * decides their place, except one right after that error where the grammar ended a block
 * because of it. Indentation is judged only when `judgeIndentation` (not in notebook cells,
 * whose magics and leading indentation IPython rewrites) and no line is indented with a form
 * feed, which resets the count of its columns.
 */
export function blockProblem(
  text: string,
  tree: FlatTree,
  judgeIndentation: boolean,
): BlockProblem | undefined {
  const firstError = firstErrorNode(tree);
  const limit = firstError === 0 ? Infinity : tree.from(firstError);
  const judged = judgeIndentation && !someLineMatches(text, tree, FORM_FEED_INDENTING, formFeeds);
  const walker = new Walker(text, tree, limit, judged);
  return walker.block(tree.root, 0, [], 0) ?? walker.jump;
}

/**
 * A form feed in the indentation of a line with code; one before a comment counts for nothing.
 * Python starts counting the indentation again after it, the grammar does not, so the tree may
 * not nest such a line where Python does.
 */
export const FORM_FEED_INDENTING = /^[ \t]*\f[ \t\f]*[^ \t\f#\r\n]/m;
const formFeeds = new WeakMap<FlatTree, boolean>();
/** What a walk found in a reused segment, relative to its start. */
interface InSegment {
  problem: BlockProblem | undefined;
  jump: BlockProblem | undefined;
}
/** What was found in each reused segment, by the judging. */
const problemsInSegments = {
  judged: new WeakMap<FlatTree, InSegment>(),
  jumpsOnly: new WeakMap<FlatTree, InSegment>(),
};

const INCONSISTENT_TABS =
  'Python cannot parse this: the indentation mixes tabs and spaces in a way that makes its ' +
  'width depend on the tab size (TabError); indent with spaces only.';

/**
 * The first line whose indentation Python refuses as inconsistent use of tabs and spaces, as
 * its tokenizer judges it: each logical line's indentation is measured with tabs to the next
 * multiple of 8 and with tabs as one column, and the two must agree on whether the line is
 * deeper than, level with or dedented to each open indentation. `tree` is the flat parse of
 * `text`; a text with no tab in any indentation is passed over.
 */
export function inconsistentTabs(text: string, tree: FlatTree): BlockProblem | undefined {
  if (!someLineMatches(text, tree, INDENTING_TAB, segmentsWithTabs)) return undefined;
  const widths = [0];
  const tabsAsOne = [0];
  const length = text.length;
  let position = 0;
  let depth = 0;
  while (position < length) {
    if (depth === 0) {
      let width = 0;
      let alternative = 0;
      let at = position;
      for (; at < length; at++) {
        const code = text.charCodeAt(at);
        if (code === SPACE) {
          width++;
          alternative++;
        } else if (code === TAB) {
          width = (Math.floor(width / TAB_SIZE) + 1) * TAB_SIZE;
          alternative++;
        } else if (code === FORM_FEED) {
          width = alternative = 0;
        } else {
          break;
        }
      }
      const code = text.charCodeAt(at);
      const blank = at >= length || code === HASH || code === LINE_FEED || code === CARRIAGE_RETURN;
      if (!blank) {
        let top = widths.length - 1;
        let consistent: boolean;
        if (width > widths[top]) {
          consistent = alternative > tabsAsOne[top];
          widths.push(width);
          tabsAsOne.push(alternative);
        } else {
          while (top > 0 && width < widths[top]) {
            widths.pop();
            tabsAsOne.pop();
            top--;
          }
          // A dedent to no open level is an IndentationError, which the block walk reports.
          if (width !== widths[top]) return undefined;
          consistent = alternative === tabsAsOne[top];
        }
        if (!consistent) return { from: at, to: at + 1, message: INCONSISTENT_TABS };
      }
    }
    const scanned = scanLine(text, position, depth);
    depth = scanned.depth;
    position = scanned.next;
  }
  return undefined;
}

/** A tab in some line's indentation: without one, the two measures always agree. */
const INDENTING_TAB = /^[ \f]*\t/m;
const segmentsWithTabs = new WeakMap<FlatTree, boolean>();

/** A line that starts a compound statement or clause. */
const HEADER = new RegExp(
  '^[ \\t]*(?:async[ \\t]+)?' +
    '(?:if|elif|else|while|for|def|class|with|try|except|finally|match|case)\\b',
);

/**
 * `match` or `case` as a name, assigned or read, as in `match = re.match(p, s)`; a `match` line
 * that calls or indexes `match` (`match (x)`) Python reads as an expression too.
 */
const SOFT_KEYWORD_AS_NAME =
  /^[ \t]*(?:match[ \t]*[([]|(?:match|case)[ \t]*(?:[-+*/%&|^@<>]?=(?!=)|[.,)\]}]|$))/;

/**
 * Whether the line that ends at `end` starts a compound statement and holds no `:` (outside its
 * strings and comment): a header that lacks its colon, not one-line statements like `if x: y`.
 */
function isHeaderWithoutColon(text: string, end: number): boolean {
  const start = text.lastIndexOf('\n', end - 1) + 1;
  const code = stringsBlanked(text.slice(start, end)).replace(/#.*$/, '').trimEnd();
  return HEADER.test(code) && !code.includes(':') && !SOFT_KEYWORD_AS_NAME.test(code);
}

function firstErrorNode(tree: FlatTree): NodeId {
  if (!tree.hasErrors) return 0;
  for (let node = 1; node <= tree.count; node++) if (tree.isError(node)) return node;
  return 0;
}

class Walker {
  /** The first jump out of place met, reported only if the indentation has no fault. */
  jump: BlockProblem | undefined;

  constructor(
    private readonly text: string,
    private readonly tree: FlatTree,
    /** Where the first parse error is. */
    private readonly limit: number,
    private readonly judgeIndentation: boolean,
  ) {}

  /**
   * The statements of a block at `level` (undefined: the first statement's), inside blocks at
   * the levels `outer`, in a function or a loop as `enclosing` says.
   */
  block(
    block: NodeId,
    level: number | undefined,
    outer: number[],
    enclosing: number,
  ): BlockProblem | undefined {
    const tree = this.tree;
    const spliced = block === tree.root ? tree.spliced : [];
    let next = 0;
    let previous: NodeId = 0;
    for (let node = tree.firstChild(block); node; node = tree.nextSibling(node)) {
      while (next < spliced.length && spliced[next].first < node) next++;
      const segment = spliced[next];
      // The module's statements are at column 0, and a segment starts at a column-0 line:
      // without a parse error in it, nothing outside it bears on its statements.
      if (segment?.first === node && !segment.copy.hasErrors) {
        if (tree.from(node) >= this.limit) return undefined;
        const { problem, jump } = this.inSegment(segment);
        if (problem !== undefined) return shifted(problem, segment.start);
        if (jump !== undefined) this.jump ??= shifted(jump, segment.start);
        node = segment.copy.lastChild(segment.copy.root) + segment.shift;
        const last = this.statementAfter(node, (n) => tree.prevSibling(n));
        if (last >= segment.first) previous = last;
        continue;
      }
      if (tree.is(node, SKIPPED)) continue;
      const from = tree.from(node);
      if (tree.isError(node)) return this.afterError(node, previous, level, outer);
      if (from >= this.limit) return undefined;
      const width = this.lineIndentation(from);
      if (width !== undefined) {
        if (level === undefined) level = width;
        else if (width !== level) {
          const open = previous ? this.openLevels(previous, [...outer, level]) : [...outer, level];
          const problem = this.problem(node, width, open);
          if (problem !== undefined) return problem;
        }
      }
      this.jump ??= this.misplaced(node, enclosing);
      if (tree.is(node, COMPOUND)) {
        const inner = this.inside(node, [...outer, level ?? 0], enclosing);
        if (inner !== undefined) return inner;
      }
      previous = node;
    }
    return undefined;
  }

  /** What a reused segment holds, found once for its flat copy. */
  private inSegment(segment: Spliced): InSegment {
    const known = this.judgeIndentation ? problemsInSegments.judged : problemsInSegments.jumpsOnly;
    let found = known.get(segment.copy);
    if (found === undefined) {
      const { copy, start } = segment;
      const text = this.text.slice(start, start + copy.to(copy.root));
      const walker = new Walker(text, copy, Infinity, this.judgeIndentation);
      found = { problem: walker.block(copy.root, 0, [], 0), jump: walker.jump };
      known.set(copy, found);
    }
    return found;
  }

  /**
   * A statement right after the grammar's error at the end of the line above, deeper than the
   * block: the grammar ended the block there because of the indentation.
   */
  private afterError(
    error: NodeId,
    previous: NodeId,
    level: number | undefined,
    outer: number[],
  ): BlockProblem | undefined {
    const tree = this.tree;
    // Nodes are numbered in document order: the one after an empty error node is what follows.
    const next = error + 1;
    if (tree.to(error) > tree.from(error) || next > tree.count || level === undefined) {
      return undefined;
    }
    const errorFrom = tree.from(error);
    // A header without its `:`: the deeper line is the block it was to open, and Python
    // reports the missing `:` first.
    if (isHeaderWithoutColon(this.text, backOverSpace(this.text, errorFrom))) return undefined;
    // Inside brackets, Python reads on: the next line is no statement of its own.
    if (this.bracketOpenAfter(previous ? tree.from(previous) : errorFrom, errorFrom)) {
      return undefined;
    }
    const from = tree.from(next);
    const width = this.lineIndentation(from);
    if (width === undefined || width <= level) return undefined;
    if (!onlyBlankLinesBetween(this.text, errorFrom, from)) return undefined;
    const open = previous ? this.openLevels(previous, [...outer, level]) : [...outer, level];
    const problem = this.problem(next, width, open);
    if (problem === undefined) return undefined;
    return { ...problem, hidesFrom: backOverSpace(this.text, errorFrom) };
  }

  /** Whether a bracket opened from `start`'s line on is still open at the end of `at`'s line. */
  private bracketOpenAfter(start: number, at: number): boolean {
    const text = this.text;
    let position = text.lastIndexOf('\n', start - 1) + 1;
    let depth = 0;
    while (position <= at && position < text.length) {
      const scanned = scanLine(text, position, depth);
      depth = scanned.depth;
      position = scanned.next;
    }
    return depth > 0;
  }

  /** `return`, `break` or `continue` where nothing encloses it that it could leave. */
  private misplaced(node: NodeId, enclosing: number): BlockProblem | undefined {
    const tree = this.tree;
    if (tree.is(node, GROUP)) {
      for (let part = tree.firstChild(node); part; part = tree.nextSibling(part)) {
        const problem = this.misplaced(part, enclosing);
        if (problem !== undefined) return problem;
      }
      return undefined;
    }
    const outside = tree.is(node, RETURN)
      ? (enclosing & IN_FUNCTION) === 0 && 'a function'
      : tree.is(node, LOOP_JUMPS) && (enclosing & IN_LOOP) === 0 && 'a loop';
    if (!outside) return undefined;
    const keyword = tree.firstChild(node);
    return {
      from: tree.from(keyword),
      to: tree.to(keyword),
      message: `Python cannot compile this: \`${tree.name(keyword)}\` outside ${outside}.`,
      compileTime: true,
    };
  }

  /**
   * The blocks inside a compound statement, each at its first statement's level: a function's
   * body is in a function and in no loop, a class's in neither, a loop's (not its `else`) in a
   * loop.
   */
  private inside(node: NodeId, outer: number[], enclosing: number): BlockProblem | undefined {
    const tree = this.tree;
    let inner = enclosing;
    if (tree.is(node, FUNCTION)) inner = IN_FUNCTION;
    else if (tree.is(node, CLASS)) inner = 0;
    else if (tree.is(node, LOOPS)) inner = enclosing | IN_LOOP;
    for (let child = tree.firstChild(node); child; child = tree.nextSibling(child)) {
      if (tree.name(child) === 'else') inner = enclosing;
      if (tree.is(child, BLOCKS)) {
        const problem = this.block(child, undefined, outer, inner);
        if (problem !== undefined) return problem;
      }
    }
    return tree.is(node, DECORATED) ? this.decorated(node, outer, enclosing) : undefined;
  }

  /** Each decorator and the definition they decorate start at the statement's column. */
  private decorated(
    statement: NodeId,
    outer: number[],
    enclosing: number,
  ): BlockProblem | undefined {
    const tree = this.tree;
    const level = outer[outer.length - 1];
    for (let part = tree.firstChild(statement); part; part = tree.nextSibling(part)) {
      if (!tree.is(part, DECORATED_PARTS)) continue;
      const from = tree.from(part);
      if (from >= this.limit) return undefined;
      const width = this.lineIndentation(from);
      if (width !== undefined && width !== level) return this.problem(part, width, outer);
      if (tree.is(part, BLOCK_OWNERS)) return this.inside(part, outer, enclosing);
    }
    return undefined;
  }

  /** The levels of the blocks still open at the end of `node`, which starts at the last of `open`. */
  private openLevels(node: NodeId, open: number[]): number[] {
    const tree = this.tree;
    const owner = tree.is(node, DECORATED) ? tree.lastChild(node) : node;
    const block = tree.lastChild(owner);
    if (!block || !tree.is(block, BLOCKS)) return open;
    const first = this.statementAfter(tree.firstChild(block), (n) => tree.nextSibling(n));
    const last = this.statementAfter(tree.lastChild(block), (n) => tree.prevSibling(n));
    if (!first || !last) return open;
    const width = this.lineIndentation(tree.from(first));
    if (width === undefined) return open;
    return this.openLevels(last, [...open, width]);
  }

  /** `node` or the first node `step` leads to from it that is a statement of a block. */
  private statementAfter(node: NodeId, step: (node: NodeId) => NodeId): NodeId {
    const tree = this.tree;
    while (node && (tree.is(node, SKIPPED) || tree.isError(node))) node = step(node);
    return node;
  }

  /** The problem with a statement at `width` where blocks at the levels `open` are open. */
  private problem(node: NodeId, width: number, open: number[]): BlockProblem | undefined {
    if (open.includes(width)) return undefined;
    const from = this.tree.from(node);
    const deeper = width > open[open.length - 1];
    return {
      from,
      to: this.tokenEnd(from),
      message: deeper
        ? 'Python cannot parse this: unexpected indent; the line is indented deeper than ' +
          'the block it is in, and no block starts on the line above.'
        : 'Python cannot parse this: the line is dedented to a column no enclosing block ' +
          'starts at; indent it as the block it belongs to.',
    };
  }

  /**
   * The indentation width of the line `from` is on, when only spaces and tabs come before
   * `from` there and the line does not continue the one above; undefined otherwise. (Texts
   * with form feeds, which reset the count, are not judged.)
   */
  private lineIndentation(from: number): number | undefined {
    if (!this.judgeIndentation) return undefined;
    const text = this.text;
    let start = from;
    while (start > 0 && text.charCodeAt(start - 1) !== LINE_FEED) start--;
    let width = 0;
    for (let at = start; at < from; at++) {
      const code = text.charCodeAt(at);
      if (code === SPACE) width++;
      else if (code === TAB) width = (Math.floor(width / TAB_SIZE) + 1) * TAB_SIZE;
      else return undefined;
    }
    if (this.continues(start)) return undefined;
    return width;
  }

  /**
   * Whether the line starting at `start` continues the one above, which ends in a backslash
   * (one in a comment, which does not continue it, is taken to be any after a `#`).
   */
  private continues(start: number): boolean {
    const text = this.text;
    const end = start - 2;
    if (end < 0 || text.charCodeAt(end) !== BACKSLASH) return false;
    const lineStart = text.lastIndexOf('\n', end) + 1;
    return !text.slice(lineStart, end).includes('#');
  }

  private tokenEnd(from: number): number {
    const match = /^[\p{L}\p{N}_]+|^\S/u.exec(this.text.slice(from, from + 80));
    return from + (match === null ? 1 : match[0].length);
  }
}


function shifted(problem: BlockProblem, by: number): BlockProblem {
  return { ...problem, from: problem.from + by, to: problem.to + by };
}

/** Whether only whitespace and comment lines lie between the two offsets. */
function onlyBlankLinesBetween(text: string, from: number, to: number): boolean {
  return /^(?:[ \t]*(?:#[^\n]*)?\n)*[ \t]*$/.test(text.slice(from, to));
}
