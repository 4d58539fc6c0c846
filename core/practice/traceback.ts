// Reads a Python traceback from stderr: the frames, the final exception line, and the deepest
// frame that lies in a given file.
import { resolve } from 'node:path';

export interface TracebackFrame {
  file: string;
  /** 1-based. */
  line: number;
  /** The function, when the frame names one. */
  name?: string;
}

export interface ParsedTraceback {
  frames: TracebackFrame[];
  /** The exception line, e.g. "ZeroDivisionError: division by zero". */
  summary: string;
  /** The exception's class name, e.g. "ZeroDivisionError". */
  exception: string;
  /** The column of a syntax error's caret, 1-based, when shown. */
  column?: number;
}

const FRAME = /^\s*File "(.+)", line (\d+)(?:, in (.+))?\s*$/;
const EXCEPTION = /^([A-Za-z_][\w.]*)(?::\s?(.*))?$/;
/** Python's error for a source file in no encoding it was told of, which shows no frame. */
const ENCODING = /^SyntaxError: Non-UTF-8 code starting with .* in file (.+) on line (\d+), but/;

/** Parses the last traceback in stderr, or returns undefined when there is none. */
export function parseTraceback(stderr: string): ParsedTraceback | undefined {
  const lines = stderr.replace(/\r\n?/g, '\n').split('\n');
  const start = lastTracebackStart(lines);
  if (start === -1) return undecodedSource(lines);

  const frames: TracebackFrame[] = [];
  let summary = '';
  let exception = '';
  let column: number | undefined;
  let caretBase: number | undefined;

  for (let i = start; i < lines.length; i++) {
    const line = lines[i];
    const frame = FRAME.exec(line);
    if (frame) {
      frames.push({ file: frame[1], line: Number(frame[2]), name: frame[3] });
      caretBase = undefined;
      continue;
    }
    if (/^\s+\^+\s*$/.test(line) && caretBase !== undefined) {
      column = line.indexOf('^') - caretBase + 1;
      continue;
    }
    if (/^\s/.test(line)) {
      if (caretBase === undefined) caretBase = line.length - line.trimStart().length;
      continue;
    }
    const match = EXCEPTION.exec(line.trim());
    if (match && line.trim() !== '' && !line.startsWith('Traceback')) {
      summary = line.trim();
      exception = match[1];
    }
  }

  if (!summary) return undefined;
  const syntax = /^(SyntaxError|IndentationError|TabError)$/.test(exception);
  return { frames, summary, exception, column: syntax ? column : undefined };
}

/** The error of a source file Python could not decode, as the traceback it has no room for. */
function undecodedSource(lines: string[]): ParsedTraceback | undefined {
  for (let i = lines.length - 1; i >= 0; i--) {
    const match = ENCODING.exec(lines[i]);
    if (match) {
      const frames = [{ file: match[1], line: Number(match[2]) }];
      return { frames, summary: lines[i].trim(), exception: 'SyntaxError' };
    }
  }
  return undefined;
}

/** Where the last traceback begins: a "Traceback" header, or a bare syntax-error frame. */
function lastTracebackStart(lines: string[]): number {
  for (let i = lines.length - 1; i >= 0; i--) {
    if (lines[i].startsWith('Traceback (most recent call last):')) return i;
  }
  for (let i = 0; i < lines.length; i++) {
    if (FRAME.test(lines[i])) return i;
  }
  return -1;
}

/** The deepest frame inside `file`, comparing resolved paths. */
export function deepestFrameIn(traceback: ParsedTraceback, file: string): TracebackFrame | undefined {
  const target = normalizePath(file);
  for (let i = traceback.frames.length - 1; i >= 0; i--) {
    if (normalizePath(traceback.frames[i].file) === target) return traceback.frames[i];
  }
  return undefined;
}

function normalizePath(file: string): string {
  const resolved = resolve(file);
  return process.platform === 'win32' ? resolved.toLowerCase() : resolved;
}

/** The module named by "No module named 'x.y'", or undefined. */
export function missingModule(summary: string): string | undefined {
  const match = /^ModuleNotFoundError: No module named '([^']+)'/.exec(summary);
  return match?.[1];
}

// Import names whose distribution on PyPI is called something else.
const DISTRIBUTIONS: Record<string, string> = {
  sklearn: 'scikit-learn',
  cv2: 'opencv-python',
  PIL: 'pillow',
  yaml: 'pyyaml',
  skimage: 'scikit-image',
  bs4: 'beautifulsoup4',
};

/** The pip package that provides an imported module, best guess. */
export function distributionFor(moduleName: string): string {
  const top = moduleName.split('.')[0];
  return DISTRIBUTIONS[top] ?? top;
}
