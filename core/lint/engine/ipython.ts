// Masks IPython-only syntax in notebook cells (magics, shell escapes, help) so the cell parses
// as Python. Masking keeps every line's length, so columns and lines stay where they were.

/** Line magics whose argument is a Python statement that still runs (and assigns). */
const STATEMENT_LINE_MAGICS = new Set(['time', 'timeit', 'prun', 'debug', 'memit', 'mprun']);

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

function maskLine(line: string): string {
  const trimmed = line.trimStart();
  const indent = line.length - trimmed.length;
  const statementMagic = /^%(\w+)((?:\s+-[a-zA-Z]+(?:\s*\d+)?)*)\s+(?=\S)/.exec(trimmed);
  if (statementMagic && STATEMENT_LINE_MAGICS.has(statementMagic[1])) {
    return (
      line.slice(0, indent) + blank(statementMagic[0]) + trimmed.slice(statementMagic[0].length)
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

/** The cell's text with IPython syntax masked; Python lines are returned unchanged. */
export function maskIPython(source: string): string {
  const lines = source.split('\n');
  const cellMagic = /^%%(\w+)/.exec(lines[0] ?? '');
  if (cellMagic) {
    if (!PYTHON_CELL_MAGICS.has(cellMagic[1])) return blank(source);
    lines[0] = neutralLine(lines[0]);
    return [lines[0], ...lines.slice(1).map(maskLine)].join('\n');
  }
  return lines.map(maskLine).join('\n');
}
