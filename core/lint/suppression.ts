// Suppression directives: `# ml-practice: ignore[CODES]` on a finding's line,
// `# ml-practice: ignore-file[CODES]` anywhere, and notebook cell tags of the same form.
import type { Tree } from '@lezer/common';
import { parsePython } from './engine';
import { lineIndexAt, lineStartsOf } from './engine/source';
import { matchesCode } from './options';
import type { Finding, Fix, NotebookCell, TextEdit } from './types';

const MARKER = 'ml-practice';
const DIRECTIVE = /ml-practice:\s*(ignore-file|ignore)(?![\w-])(?:\[([^\]]*)\])?/g;

/** Codes a directive names; `all` for a bare `ignore` or `ignore-file`. */
export type CodeSet = string[] | 'all';

export interface Directive {
  scope: 'line' | 'file';
  codes: CodeSet;
}

export interface Suppressions {
  /** Line-scoped directives by 0-based line. */
  lines: Map<number, CodeSet[]>;
  file: CodeSet[];
}

/** Reads every directive in a comment's or a cell tag's text. */
export function parseDirectives(text: string): Directive[] {
  const directives: Directive[] = [];
  for (const match of text.matchAll(DIRECTIVE)) {
    const scope = match[1] === 'ignore-file' ? 'file' : 'line';
    directives.push({ scope, codes: parseCodes(match[2]) });
  }
  return directives;
}

function parseCodes(list: string | undefined): CodeSet {
  if (list === undefined) return 'all';
  const codes = list.split(',').map((code) => code.trim()).filter((code) => code !== '');
  return codes.length === 0 ? 'all' : codes;
}

function covers(codes: CodeSet, code: string): boolean {
  return codes === 'all' || matchesCode(code, codes);
}

interface CommentNode {
  from: number;
  to: number;
}

/** The Comment node covering `offset`, if the offset is inside a real comment. */
function commentAt(tree: Tree, offset: number): CommentNode | undefined {
  const node = tree.resolveInner(offset, 1);
  return node.name === 'Comment' ? { from: node.from, to: node.to } : undefined;
}

/** Collects the directives written in the comments of one Python source. */
export function collectSuppressions(text: string, tree?: Tree): Suppressions {
  const found: Suppressions = { lines: new Map(), file: [] };
  if (!text.includes(MARKER)) return found;

  const parsed = tree ?? parsePython(text);
  const starts = lineStartsOf(text);
  const seen = new Set<number>();
  for (let at = text.indexOf(MARKER); at !== -1; at = text.indexOf(MARKER, at + 1)) {
    const comment = commentAt(parsed, at);
    if (!comment || seen.has(comment.from)) continue;
    seen.add(comment.from);
    addDirectives(found, parseDirectives(text.slice(comment.from, comment.to)),
      lineIndexAt(starts, comment.from));
  }
  return found;
}

function addDirectives(into: Suppressions, directives: Directive[], line: number): void {
  for (const directive of directives) {
    if (directive.scope === 'file') {
      into.file.push(directive.codes);
    } else {
      const list = into.lines.get(line) ?? [];
      list.push(directive.codes);
      into.lines.set(line, list);
    }
  }
}

/** True when a directive on the finding's first or last line, or a file directive, covers it. */
export function isSuppressed(finding: Finding, suppressions: Suppressions): boolean {
  if (suppressions.file.some((codes) => covers(codes, finding.code))) return true;
  const lines = new Set([finding.span.start.line, finding.span.end.line]);
  for (const line of lines) {
    const here = suppressions.lines.get(line) ?? [];
    if (here.some((codes) => covers(codes, finding.code))) return true;
  }
  return false;
}

/** Drops the findings of a script that its own comments suppress (`tree`: its parse, if known). */
export function filterSuppressed(text: string, findings: Finding[], tree?: Tree): Finding[] {
  if (findings.length === 0 || !text.includes(MARKER)) return findings;
  const suppressions = collectSuppressions(text, tree);
  return findings.filter((finding) => !isSuppressed(finding, suppressions));
}

/**
 * Drops the findings of a notebook that comments in its code cells or its cell tags suppress.
 * A cell tag `ml-practice: ignore[...]` covers its own cell; `ignore-file` covers every cell.
 */
export function filterSuppressedInNotebook(cells: NotebookCell[], findings: Finding[]): Finding[] {
  if (findings.length === 0) return findings;

  const perCell = cells.map((cell) => cellSuppressions(cell));
  const file = perCell.flatMap((suppressions) => suppressions.file);
  return findings.filter((finding) => {
    const own = finding.cell === undefined ? undefined : perCell[finding.cell];
    return !isSuppressed(finding, { lines: own?.lines ?? new Map(), file });
  });
}

/** Directives of one cell. Tags scoped to a line apply to every line of the cell. */
function cellSuppressions(cell: NotebookCell): Suppressions {
  const fromComments = cell.kind === 'code'
    ? collectSuppressions(cell.source)
    : { lines: new Map<number, CodeSet[]>(), file: [] };

  const wholeCell: CodeSet[] = [];
  for (const tag of cell.tags ?? []) {
    for (const directive of parseDirectives(tag)) {
      if (directive.scope === 'file') fromComments.file.push(directive.codes);
      else wholeCell.push(directive.codes);
    }
  }

  if (wholeCell.length > 0) {
    const lineCount = lineStartsOf(cell.source).length;
    for (let line = 0; line < lineCount; line++) {
      fromComments.lines.set(line, [...(fromComments.lines.get(line) ?? []), ...wholeCell]);
    }
  }
  return fromComments;
}

/**
 * The "ignore on this line" quick fix for a finding: adds the code to the line's existing
 * `ml-practice: ignore[...]` comment, or appends a new one. `text` is the script, or the cell's
 * source for notebook findings. Undefined when no line of the finding can take a comment.
 * `tree` and `starts`, when given, must be a parse of exactly `text` and where its lines start
 * (`lineStartsOf`), for a caller that asks about many findings of one text.
 */
export function ignoreOnLineFix(
  text: string,
  finding: Finding,
  tree: Tree = parsePython(text),
  starts: readonly number[] = lineStartsOf(text),
): Fix | undefined {
  const candidates = [finding.span.start.line, finding.span.end.line];

  for (const line of candidates) {
    if (line < 0 || line >= starts.length) continue;
    const edit = editForLine(text, tree, starts, line, finding.code);
    if (edit) return { title: `Ignore ${finding.code} on this line`, edits: [edit] };
  }
  return undefined;
}

function lineEnd(text: string, starts: readonly number[], line: number): number {
  const next = line + 1 < starts.length ? starts[line + 1] - 1 : text.length;
  return next > starts[line] && text[next - 1] === '\r' ? next - 1 : next;
}

function editForLine(
  text: string,
  tree: Tree,
  starts: readonly number[],
  line: number,
  code: string,
): TextEdit | undefined {
  const start = starts[line];
  let end = lineEnd(text, starts, line);
  while (end > start && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  if (end === start) return undefined;

  const last = tree.resolveInner(end - 1, 1);
  const comment = last.name === 'Comment' ? { from: last.from, to: last.to } : undefined;
  if (comment) {
    const extended = extendDirective(text, comment);
    if (extended !== undefined) return position(starts, line, extended, extended, `, ${code}`);
  } else if (!endsInCode(text, tree, end)) {
    return undefined;
  }

  return position(starts, line, end, end, `  # ml-practice: ignore[${code}]`);
}

/** Offset just before the `]` of the comment's line directive, if it has a code list. */
function extendDirective(text: string, comment: CommentNode): number | undefined {
  const body = text.slice(comment.from, comment.to);
  for (const match of body.matchAll(DIRECTIVE)) {
    if (match[1] === 'ignore' && match[2] !== undefined && match[2].trim() !== '') {
      return comment.from + match.index + match[0].length - 1;
    }
  }
  return undefined;
}

/** False when the line ends inside a string or with a line continuation. */
function endsInCode(text: string, tree: Tree, end: number): boolean {
  if (text[end - 1] === '\\') return false;
  for (let node = tree.resolveInner(end - 1, 1); node.parent; node = node.parent) {
    if (/String/.test(node.name) && node.to > end) return false;
  }
  return true;
}

function position(
  starts: readonly number[],
  line: number,
  from: number,
  to: number,
  newText: string,
): TextEdit {
  return {
    span: {
      start: { line, column: from - starts[line] },
      end: { line, column: to - starts[line] },
    },
    newText,
  };
}
