// Parses YAML while keeping where each value came from, so a problem can name its line.
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';

export interface SourcePosition {
  /** 1-based line in the whole file, not just the YAML part. */
  line: number;
  column: number;
}

export interface YamlProblem extends SourcePosition {
  message: string;
}

export interface ParsedYaml {
  data: unknown;
  problems: YamlProblem[];
  /** Where the value at `path` is written, or its nearest written ancestor when it is missing. */
  locate(path: readonly PropertyKey[]): SourcePosition;
}

/** `firstLine` is the 1-based line of the file on which the YAML text starts. */
export function parseYaml(text: string, firstLine = 1): ParsedYaml {
  const lineCounter = new LineCounter();
  let doc: ReturnType<typeof parseDocument>;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  } catch (error) {
    // Nesting deep enough to exhaust the stack fails inside the library.
    return unreadable(error, firstLine);
  }
  const position = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line: line + firstLine - 1, column: col };
  };

  const problems = [...doc.errors, ...doc.warnings].map((error) => ({
    ...position(error.pos[0]),
    message: error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''),
  }));

  const locate = (path: readonly PropertyKey[]): SourcePosition => {
    let node: unknown = doc.contents;
    let offset = doc.contents?.range?.[0] ?? 0;
    for (const segment of path) {
      const next = child(node, segment);
      if (!next) break;
      node = next.value;
      offset = next.offset;
    }
    return position(offset);
  };

  if (problems.length) return { data: undefined, problems, locate };
  try {
    return { data: doc.toJS(), problems, locate };
  } catch (error) {
    // Aliases that expand past the library's limit (a "billion laughs" file), or nesting too
    // deep to convert, fail only here.
    return unreadable(error, firstLine);
  }
}

/** YAML the library could not work through at all: one problem at its first line. */
function unreadable(error: unknown, firstLine: number): ParsedYaml {
  const message = error instanceof RangeError ? 'nested too deeply to read' : describe(error);
  const start = { line: firstLine, column: 1 };
  return { data: undefined, problems: [{ ...start, message }], locate: () => start };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** One step down a YAML tree: the child node and the offset that best names it. */
function child(
  node: unknown,
  segment: PropertyKey,
): { value: unknown; offset: number } | undefined {
  if (isMap(node)) {
    const pair = node.items.find(
      (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment),
    );
    if (!pair) return undefined;
    const key = pair.key as Node;
    return { value: pair.value, offset: key.range?.[0] ?? 0 };
  }
  if (isSeq(node) && typeof segment === 'number') {
    const item = node.items[segment] as Node | undefined;
    if (!item?.range) return undefined;
    return { value: item, offset: item.range[0] };
  }
  return undefined;
}
