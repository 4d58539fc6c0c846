// What gets linted as one unit: a Python text document, or a notebook whose code cells are
// analysed together in cell order. Each unit yields diagnostics keyed by document URI.
import type { NotebookDocuments } from 'vscode-languageserver/node';
import {
  DiagnosticSeverity,
  NotebookCellKind,
  type Diagnostic,
  type NotebookDocument,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  IncrementalParser,
  lintNotebook,
  lintSource,
  tooLargeToLint,
  type LintCell,
  type LintOptions,
} from './engine';
import { DiagnosticBuilder } from './diagnostics';

export interface LintTarget {
  /** The text document's or the notebook's URI. */
  uri: string;
  /**
   * Changes whenever any text the analysis reads changes, and when the document is closed and
   * opened again (which may start over at the same version number with other text).
   */
  versionKey: string;
  /** Every document URI the target publishes on, so stale diagnostics can be cleared. */
  documentUris: string[];
  /** The version of each of those documents, where it has one, in the same order. */
  documentVersions: (number | undefined)[];
  analyse(options: LintOptions): Map<string, Diagnostic[]>;
}

/**
 * How many documents keep their last parse for the next analysis to reuse. The documents being
 * edited are the last analysed, so they stay; documents that are merely open let theirs go.
 */
export const RETAINED_PARSES = 4;

/** A script's parser, or the parsers of a notebook's cells by cell URI. */
type Retained = IncrementalParser | Map<string, IncrementalParser>;

/**
 * The previous parse of the most recently analysed scripts and notebooks (one parser per
 * notebook cell), so that re-analysing a document being edited re-parses only what changed.
 */
export class Parsers {
  /** In order of last analysis, the oldest first. */
  private readonly recent = new Map<string, Retained>();

  constructor(private readonly capacity = RETAINED_PARSES) {}

  forScript(uri: string): IncrementalParser {
    const kept = this.recent.get(uri);
    const parser = kept instanceof IncrementalParser ? kept : new IncrementalParser();
    this.keep(uri, parser);
    return parser;
  }

  /** The parsers of a notebook's current cells; those of removed cells are let go. */
  forCells(notebookUri: string, cellUris: string[]): Map<string, IncrementalParser> {
    const kept = this.recent.get(notebookUri);
    const previous = kept instanceof Map ? kept : new Map<string, IncrementalParser>();
    const current = new Map(
      cellUris.map((uri) => [uri, previous.get(uri) ?? new IncrementalParser()]),
    );
    this.keep(notebookUri, current);
    return current;
  }

  close(uri: string): void {
    this.recent.delete(uri);
  }

  /** The documents whose parses are kept, the least recently analysed first. */
  retained(): string[] {
    return [...this.recent.keys()];
  }

  private keep(uri: string, entry: Retained): void {
    this.recent.delete(uri);
    this.recent.set(uri, entry);
    for (const oldest of this.recent.keys()) {
      if (this.recent.size <= this.capacity) break;
      this.recent.delete(oldest);
    }
  }
}

export function scriptTarget(document: TextDocument, parsers?: Parsers): LintTarget {
  return {
    uri: document.uri,
    versionKey: textKey(document, document.version),
    documentUris: [document.uri],
    documentVersions: [integerOrNone(document.version)],
    analyse(options) {
      const text = document.getText();
      const tooLarge = tooLargeToLint(Buffer.byteLength(text));
      if (tooLarge) return new Map([[document.uri, [notAnalysed(tooLarge)]]]);

      const parser = parsers?.forScript(document.uri);
      const findings = lintSource(text, options, parser);
      const builder = new DiagnosticBuilder(() => document.uri);
      const diagnostics = findings.map((finding) => builder.build(finding));
      return new Map([[document.uri, diagnostics]]);
    },
  };
}

/** A version as the protocol can carry it back (an integer), or none for what a client sent. */
function integerOrNone(version: unknown): number | undefined {
  if (typeof version !== 'number' || !Number.isInteger(version)) return undefined;
  return -(2 ** 31) <= version && version < 2 ** 31 ? version : undefined;
}

/**
 * A number for each opening of a document: the server keeps one object per open document,
 * updated in place by edits and made anew when the document is opened again.
 */
function openingOf(document: object): number {
  let opening = openings.get(document);
  if (opening === undefined) {
    opening = ++lastOpening;
    openings.set(document, opening);
  }
  return opening;
}

const openings = new WeakMap<object, number>();
let lastOpening = 0;

/**
 * Counts a change to an open document or notebook. The count is part of the key of the text
 * analysed, since a client may send new text under a version number it has sent before.
 */
export function noteChange(document: object): void {
  changes.set(document, changesOf(document) + 1);
}

function changesOf(document: object): number {
  return changes.get(document) ?? 0;
}

const changes = new WeakMap<object, number>();

/** What tells one text of a document from another: its opening, its changes, its version. */
function textKey(document: object, version: unknown): string {
  return `${openingOf(document)}:${changesOf(document)}:${version}`;
}

export function notebookTarget(
  notebook: NotebookDocument,
  notebooks: NotebookDocuments<TextDocument>,
  parsers?: Parsers,
): LintTarget {
  const documents = notebook.cells.map((cell) => notebooks.getCellTextDocument(cell));
  const versions = documents.map((document) => document?.version ?? '-');

  return {
    uri: notebook.uri,
    versionKey: `${textKey(notebook, notebook.version)}:${versions.join(',')}`,
    documentUris: notebook.cells.map((cell) => cell.document),
    documentVersions: documents.map((document) => integerOrNone(document?.version)),
    analyse(options) {
      const cells = notebook.cells.map((cell, index) => toLintCell(cell, documents[index]));
      const cellUris = notebook.cells.map((cell) => cell.document);
      const bytes = cells.reduce((sum, cell) => sum + Buffer.byteLength(cell.source), 0);
      const tooLarge = tooLargeToLint(bytes);
      if (tooLarge && cellUris.length > 0) {
        return new Map([
          ...cellUris.map((uri) => [uri, [] as Diagnostic[]] as const),
          [cellUris[0], [notAnalysed(tooLarge)]],
        ]);
      }

      const cellParsers = parsers?.forCells(notebook.uri, cellUris);
      const findings = lintNotebook(cells, options, (index) => cellParsers?.get(cellUris[index]));
      const uriOfCell = (index: number | undefined) =>
        index === undefined ? undefined : notebook.cells[index]?.document;

      const builder = new DiagnosticBuilder(uriOfCell);
      const byUri = new Map<string, Diagnostic[]>(
        notebook.cells.map((cell) => [cell.document, [] as Diagnostic[]]),
      );
      for (const finding of findings) {
        const uri = uriOfCell(finding.cell);
        if (uri === undefined) continue;
        byUri.get(uri)?.push(builder.build(finding));
      }
      return byUri;
    },
  };
}

/** One note at the top of a document that is too large to lint, in place of its findings. */
function notAnalysed(reason: string): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    source: 'ml-practice',
    message: reason,
  };
}

function toLintCell(
  cell: NotebookDocument['cells'][number],
  document: TextDocument | undefined,
): LintCell {
  const source = document?.getText() ?? '';
  if (cell.kind === NotebookCellKind.Markup) return { kind: 'markdown', source };

  return {
    kind: document === undefined || document.languageId === 'python' ? 'code' : 'raw',
    source,
    executionCount: cell.executionSummary?.executionOrder ?? null,
    tags: cellTags(cell.metadata),
  };
}

/**
 * Jupyter keeps tags in the cell's own metadata; editors nest that object under `custom` or
 * `metadata` depending on their version, so each place is tried.
 */
function cellTags(metadata: unknown): string[] | undefined {
  const candidates = [
    metadata,
    pick(metadata, 'metadata'),
    pick(pick(metadata, 'custom'), 'metadata'),
  ];
  for (const candidate of candidates) {
    const tags = pick(candidate, 'tags');
    if (Array.isArray(tags)) return tags.filter((tag): tag is string => typeof tag === 'string');
  }
  return undefined;
}

function pick(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)[key]
    : undefined;
}
