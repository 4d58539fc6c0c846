// Masks IPython-only syntax in notebook cells (magics, shell escapes, help) so the cell parses
// as Python. Masking keeps every line's length, so columns and lines stay where they were.
import { scanLine } from './segments';

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

  // Lines are read a logical line at a time, as IPython reads them: brackets, strings and
  // backslashes carry a line on, and a `%` on the lines it carries on to is Python.
  let position = lines.slice(0, first).reduce((sum, line) => sum + line.length + 1, 0);
  let depth = 0;
  let index = first;
  const keepUpTo = (next: number): void => {
    for (; position < next && index < lines.length; index++) {
      position += lines[index].length + 1;
      masked[index] = lines[index];
    }
  };
  while (index <= last) {
    const line = lines[index];
    if (masked[index] === line || depth > 0) {
      const scanned = scanLine(source, position, depth);
      depth = scanned.depth;
      keepUpTo(scanned.next);
    } else if (masked[index].endsWith('\\')) {
      // A statement magic keeps its Python, which a backslash carries on.
      const [magicLine, magic] = [index, masked[index]];
      const scanned = scanLine(source, position, 0);
      keepUpTo(scanned.next);
      masked[magicLine] = magic;
      depth = scanned.depth;
    } else {
      // Any other masked line is IPython's to its end, and to the lines a backslash adds.
      position += line.length + 1;
      index++;
      for (let above = line; above.endsWith('\\') && index < lines.length; index++) {
        above = lines[index];
        masked[index] = blank(above);
        position += above.length + 1;
      }
    }
  }
  return masked.join('\n');
}
