// A small JSON scanner for places the runtime's parser does not give: where invalid JSON goes
// wrong, and where each string value sits in the text.

export type JsonPath = readonly (string | number)[];

/** Called with the path and the text offset of every string value (not object keys). */
export type StringVisitor = (path: JsonPath, offset: number) => void;

/** Thrown with `at` to stop the scan. */
class Stop {
  constructor(readonly at: number) {}
}

/**
 * Scans `text` as JSON, reporting string values to `visit`. Returns the offset of the first
 * character at which the text stops being valid JSON, `text.length` when it is all valid, or
 * undefined when it nests too deeply to scan.
 */
export function scanJson(text: string, visit?: StringVisitor): number | undefined {
  let at = 0;
  const path: (string | number)[] = [];
  const fail = (): never => {
    throw new Stop(at);
  };
  const space = (): void => {
    while (at < text.length && ' \t\r\n'.includes(text[at])) at++;
  };
  const literal = (word: string): void => {
    if (text.startsWith(word, at)) at += word.length;
    else fail();
  };
  const string = (): string => {
    const start = at++;
    while (at < text.length && text[at] !== '"') {
      if (text.charCodeAt(at) < 0x20) fail();
      at += text[at] === '\\' ? 2 : 1;
    }
    if (at >= text.length) fail();
    at++;
    return text.slice(start, at);
  };
  const number = (): void => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(at, at + 400));
    if (!match) fail();
    at += match![0].length;
  };
  const list = (close: string, item: (index: number) => void): void => {
    at++;
    space();
    if (text[at] === close) {
      at++;
      return;
    }
    for (let index = 0; ; index++) {
      item(index);
      space();
      if (text[at] === close) break;
      if (text[at] !== ',') fail();
      at++;
      space();
    }
    at++;
  };
  const member = (): void => {
    if (text[at] !== '"') fail();
    const key = decode(string()) ?? fail();
    space();
    if (text[at] !== ':') fail();
    at++;
    path.push(key);
    value();
    path.pop();
  };
  const element = (index: number): void => {
    path.push(index);
    value();
    path.pop();
  };
  const value = (): void => {
    space();
    const char = text[at];
    if (char === '{') list('}', member);
    else if (char === '[') list(']', element);
    else if (char === '"') {
      visit?.(path, at);
      string();
    } else if (char === 't') literal('true');
    else if (char === 'f') literal('false');
    else if (char === 'n') literal('null');
    else number();
  };

  try {
    value();
    space();
    if (at < text.length) fail();
  } catch (stop) {
    if (stop instanceof Stop) return Math.min(stop.at, text.length);
    if (stop instanceof RangeError) return undefined;
    throw stop;
  }
  return text.length;
}

function decode(literal: string): string | undefined {
  try {
    return JSON.parse(literal) as string;
  } catch {
    return undefined;
  }
}

/** The offset where `text` stops being valid JSON (see scanJson). */
export function jsonErrorOffset(text: string): number | undefined {
  return scanJson(text);
}
