// Notebook changes vetted before the notebook library applies them: it applies a change part by
// part and stops at the first it cannot, leaving the notebook half changed. A change of the wrong
// shape is left out whole; parts that name cells the notebook will not have are left out alone.
import type { DidChangeNotebookDocumentParams } from 'vscode-languageserver/node';
import { hasUri, isCell, isObject, textDocumentProblem, type Fields } from './paramShapes';

export interface VettedChange {
  /** The change to apply, or undefined when none of it can be. */
  params: DidChangeNotebookDocumentParams | undefined;
  /** What was left out, and why, one sentence each. */
  warnings: string[];
}

const isCount = (value: unknown): boolean => Number.isInteger(value) && (value as number) >= 0;
const listOf = (value: unknown, each: (item: unknown) => boolean): boolean =>
  Array.isArray(value) && value.every(each);
const isTextDocument = (value: unknown): boolean => textDocumentProblem(value, '') === undefined;
const isTextChange = (value: unknown): boolean =>
  isObject(value) && hasUri(value.document) && Array.isArray(value.changes);

/** What makes a change's shape one the library cannot apply whole, or undefined. */
function shapeProblem(change: unknown): string | undefined {
  if (!isObject(change)) return '`change` is not an object';
  const cells = change.cells;
  if (cells === undefined) return undefined;
  if (!isObject(cells)) return '`change.cells` is not an object';
  const { structure, data, textContent } = cells;
  if (structure !== undefined) {
    const array = isObject(structure) ? structure.array : undefined;
    if (!isObject(array)) return '`change.cells.structure.array` is not an object';
    if (!isCount(array.start) || !isCount(array.deleteCount)) {
      return '`start` and `deleteCount` of `change.cells.structure.array` are not both whole ' +
        'numbers, zero or more';
    }
    if (array.cells !== undefined && !listOf(array.cells, isCell)) {
      return '`change.cells.structure.array.cells` is not a list of cells, each with a `document`';
    }
    const { didOpen, didClose } = structure as Fields;
    if (didOpen !== undefined && !listOf(didOpen, isTextDocument)) {
      return '`change.cells.structure.didOpen` is not a list of text documents';
    }
    if (didClose !== undefined && !listOf(didClose, hasUri)) {
      return '`change.cells.structure.didClose` is not a list of document identifiers';
    }
  }
  if (data !== undefined && !listOf(data, isCell)) {
    return '`change.cells.data` is not a list of cells, each with a `document`';
  }
  if (textContent !== undefined && !listOf(textContent, isTextChange)) {
    return '`change.cells.textContent` is not a list of text changes to documents';
  }
  return undefined;
}

/**
 * `params` as the library can apply it to a notebook whose cells' documents are `cellsNow`
 * (undefined when the notebook is not open, which the library passes over itself).
 */
export function vetNotebookChange(
  params: DidChangeNotebookDocumentParams,
  cellsNow: string[] | undefined,
): VettedChange {
  if (cellsNow === undefined) return { params, warnings: [] };
  const uri = params.notebookDocument.uri;
  const problem = shapeProblem(params.change);
  if (problem !== undefined) {
    return {
      params: undefined,
      warnings: [`notebookDocument/didChange for ${uri} is not applied: ${problem}.`],
    };
  }
  const cells = params.change.cells;
  if (cells === undefined || (cells.data === undefined && cells.textContent === undefined)) {
    return { params, warnings: [] };
  }

  // The cells as the change's new list of cells leaves them, which is where its parts go.
  const after = cellsNow.slice();
  const array = cells.structure?.array;
  if (array !== undefined) {
    after.splice(array.start, array.deleteCount, ...(array.cells ?? []).map((c) => c.document));
  }
  const known = new Set(after);
  const warnings: string[] = [];
  const leftOut = (what: string, cell: string): void => {
    warnings.push(
      `notebookDocument/didChange for ${uri} ${what} ${JSON.stringify(cell)}, which the ` +
        'notebook does not have after the change; that part is left out.',
    );
  };
  const data = cells.data?.filter((cell) => {
    if (!known.has(cell.document)) leftOut('brings new data for the cell', cell.document);
    return known.has(cell.document);
  });
  const textContent = cells.textContent?.filter((change) => {
    const cell = change.document.uri;
    if (!known.has(cell)) leftOut('changes the text of the cell', cell);
    return known.has(cell);
  });
  if (warnings.length === 0 && data?.length !== 0) return { params, warnings };
  // The library looks past the last cell for data it cannot find, so no data goes as no list.
  const kept = {
    ...cells,
    data: data?.length === 0 ? undefined : data,
    textContent: textContent?.length === 0 ? undefined : textContent,
  };
  return { params: { ...params, change: { ...params.change, cells: kept } }, warnings };
}
