// Masks IPython-only syntax in notebook cells (magics, shell escapes, help) so the cell parses
// as Python. Masking keeps every line's length, so columns and lines stay where they were.

/**
 * Line magics whose argument is a Python statement that still runs (and assigns), each with
 * the letters of its options that take a value (`%prun -s cumulative f()`, `%timeit -n10 f()`).
 */
const STATEMENT_LINE_MAGICS = new Map([
  ['time', ''],
  ['timeit', 'nrp'],
  ['prun', 'DlsT'],
  ['debug', 'b'],
  ['memit', 'rti'],
  ['mprun', 'fT'],
]);

/** Long options that take a value, as `%debug --breakpoint file.py:10 f()`. */
const LONG_OPTIONS_WITH_VALUES = new Set(['--breakpoint']);

/** The start of a statement that cannot follow another on its line. */
const COMPOUND_STATEMENT = /^(async\s|if|for|while|with|try|def|class)\b/;

/** Cell magics whose body is still Python. Any other cell magic hides the whole cell. */
const PYTHON_CELL_MAGICS = new Set(['time', 'timeit', 'capture', 'prun', 'debug', 'memit']);

/** Names IPython runs as commands without a `%` (automagic) when followed by arguments. */
const AUTOMAGIC_NAMES = [
  'pip', 'conda', 'cd', 'ls', 'pwd', 'mkdir', 'cat', 'env', 'who', 'whos', 'reset',
  'load_ext', 'matplotlib', 'pylab', 'history', 'autoreload',
];
const AUTOMAGIC = new RegExp(`^(\\s*)(${AUTOMAGIC_NAMES.join('|')})\\s+[^\\s=([,:)+*/<>!&|^%@]`);

function blank(text: string): string {
  return text.replace(/[^\n]/g, ' ');
}

/** Replaces a whole line by `0` (a harmless expression statement) at the same indentation. */
function neutralLine(line: string): string {
  const indent = /^\s*/.exec(line)?.[0] ?? '';
  if (indent.length === line.length) return line;
  return indent + '0' + ' '.repeat(line.length - indent.length - 1);
}

/**
 * How much of a line (without its indentation) a statement magic and its options take, when
 * a statement follows them.
 */
function statementMagicLength(trimmed: string): number | undefined {
  const name = /^%(\w+)/.exec(trimmed);
  const valued = name ? STATEMENT_LINE_MAGICS.get(name[1]) : undefined;
  if (valued === undefined) return undefined;
  // A word runs to a space outside quotes: `-T 'my file.txt'` is one option and its value.
  const words = /(?:[^\s'"]+|'[^']*'|"[^"]*")+/g;
  words.lastIndex = name![0].length;
  let end = words.lastIndex;
  let valueNext = false;
  for (let word = words.exec(trimmed); word; word = words.exec(trimmed)) {
    const text = word[0];
    if (!valueNext && !text.startsWith('-')) return word.index > end ? word.index : undefined;
    end = word.index + text.length;
    if (valueNext) {
      valueNext = false;
    } else if (text.startsWith('--')) {
      valueNext = LONG_OPTIONS_WITH_VALUES.has(text);
    } else {
      // Letters after `-` are flags until one takes a value: the rest, or the next word.
      const letter = [...text.slice(1)].findIndex((char) => valued.includes(char));
      valueNext = letter !== -1 && letter === text.length - 2;
    }
  }
  return undefined;
}

function maskLine(line: string): string {
  const trimmed = line.trimStart();
  const indent = line.length - trimmed.length;
  const magicLength = statementMagicLength(trimmed);
  if (magicLength !== undefined) {
    const statement = trimmed.slice(magicLength);
    // `0;` keeps a simple statement at the magic's indentation, where the magic runs it.
    const lead = COMPOUND_STATEMENT.test(statement) ? '' : '0;';
    return (
      line.slice(0, indent) + lead + blank(trimmed.slice(lead.length, magicLength)) + statement
    );
  }
  if (/^[%!?]/.test(trimmed) || AUTOMAGIC.test(line)) return neutralLine(line);
  if (/^[\w.]+\s*\?\??\s*$/.test(trimmed)) return neutralLine(line);

  const assignedShell = /^([\w, ]+=\s*)([!%].*)$/.exec(trimmed);
  if (assignedShell) {
    const value = assignedShell[2];
    return line.slice(0, indent) + assignedShell[1] + '_' + ' '.repeat(value.length - 1);
  }
  return line;
}

const BACKSLASH = 92;
const HASH = 35;
const QUOTE = 34;
const APOSTROPHE = 39;
const OPENING = [40, 91, 123];
const CLOSING = [41, 93, 125];

/**
 * Where the physical lines of a cell stand in Python's logical lines. IPython reads a magic,
 * a shell escape or a help request only where a logical line starts: a `%` that continues an
 * expression inside brackets, after a backslash or inside a string is Python.
 */
class LogicalLines {
  private depth = 0;
  private quote = 0;
  private triple = false;
  private continued = false;

  get atStart(): boolean {
    return this.depth === 0 && this.quote === 0 && !this.continued;
  }

  /** The line just passed over ends with a backslash, so the next one continues it. */
  markContinued(): void {
    this.continued = true;
  }

  scan(line: string): void {
    this.continued = false;
    let stringGoesOn = false;
    for (let at = 0; at < line.length; at++) {
      const code = line.charCodeAt(at);
      if (this.quote !== 0) {
        stringGoesOn = false;
        if (code === BACKSLASH) {
          at++;
          stringGoesOn = at >= line.length;
        } else if (code === this.quote && (!this.triple || this.closesTriple(line, at))) {
          if (this.triple) at += 2;
          this.quote = 0;
        }
        continue;
      }
      if (code === HASH) break;
      if (code === QUOTE || code === APOSTROPHE) {
        this.quote = code;
        this.triple = this.closesTriple(line, at);
        if (this.triple) at += 2;
      } else if (code === BACKSLASH && at === line.length - 1) {
        this.continued = true;
      } else if (OPENING.includes(code)) {
        this.depth++;
      } else if (CLOSING.includes(code) && this.depth > 0) {
        this.depth--;
      }
    }
    // A one-line string ends with its line unless a backslash carries it on.
    if (this.quote !== 0 && !this.triple && !stringGoesOn) this.quote = 0;
  }

  private closesTriple(line: string, at: number): boolean {
    const code = line.charCodeAt(at);
    return line.charCodeAt(at + 1) === code && line.charCodeAt(at + 2) === code;
  }
}

/**
 * The cell's text with IPython syntax masked; Python lines are returned unchanged. A masked
 * line is IPython's to the end: a backslash there carries it on over the next lines, which are
 * blanked with it.
 */
export function maskIPython(source: string): string {
  const lines = source.split('\n');
  const cellMagic = /^%%(\w+)/.exec(lines[0] ?? '');
  let first = 0;
  if (cellMagic) {
    if (!PYTHON_CELL_MAGICS.has(cellMagic[1])) return blank(source);
    lines[0] = neutralLine(lines[0]);
    first = 1;
  }

  const masked = lines.map((line, index) => (index < first ? line : maskLine(line)));
  let last = masked.length - 1;
  while (last >= first && masked[last] === lines[last]) last--;
  if (last < first) return cellMagic ? masked.join('\n') : source;

  const logical = new LogicalLines();
  let ipythonGoesOn = false;
  for (let index = first; index < lines.length; index++) {
    if (index > last && !ipythonGoesOn) break;
    const line = lines[index];
    if (ipythonGoesOn) {
      masked[index] = blank(line);
      ipythonGoesOn = line.endsWith('\\');
    } else if (masked[index] !== line && logical.atStart) {
      // A statement magic keeps its Python, backslash included; other masks drop the line.
      if (masked[index].endsWith('\\')) logical.markContinued();
      else ipythonGoesOn = line.endsWith('\\');
    } else {
      masked[index] = line;
      logical.scan(line);
    }
  }
  return masked.join('\n');
}
