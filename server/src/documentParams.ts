// The params of the notifications that open and change documents, checked before the document
// libraries take them: a text that is not a string or a change without its text would be kept,
// and fail every analysis of the document after it.
import { isCell, isObject, textDocumentProblem, type Fields } from './paramShapes';

const isPosition = (value: unknown): boolean =>
  isObject(value) && Number.isInteger(value.line) && Number.isInteger(value.character);
const isRange = (value: unknown): boolean =>
  isObject(value) && isPosition(value.start) && isPosition(value.end);

function didChangeProblem(params: Fields): string | undefined {
  const document = params.textDocument;
  if (!isObject(document) || typeof document.uri !== 'string') {
    return '`textDocument.uri` is not a string';
  }
  if (!Array.isArray(params.contentChanges)) return '`contentChanges` is not a list';
  for (const [index, change] of params.contentChanges.entries()) {
    const where = `contentChanges[${index}]`;
    if (!isObject(change) || typeof change.text !== 'string') {
      return `\`${where}.text\` is not a string`;
    }
    if (change.range !== undefined && !isRange(change.range)) {
      return `\`${where}.range\` is not a range of whole-number lines and characters`;
    }
  }
  return undefined;
}

function notebookOpenProblem(params: Fields): string | undefined {
  const notebook = params.notebookDocument;
  if (!isObject(notebook) || typeof notebook.uri !== 'string') {
    return '`notebookDocument.uri` is not a string';
  }
  const cells = notebook.cells;
  if (!Array.isArray(cells) || !cells.every(isCell)) {
    return '`notebookDocument.cells` is not a list of cells, each with a `document`';
  }
  if (!Array.isArray(params.cellTextDocuments)) return '`cellTextDocuments` is not a list';
  for (const [index, document] of params.cellTextDocuments.entries()) {
    const problem = textDocumentProblem(document, `cellTextDocuments[${index}]`);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/**
 * What is wrong with the params of a notification that opens or changes a document, for a
 * warning, or undefined when they are sound or the method is none of those.
 */
export function documentParamsProblem(method: string, params: unknown): string | undefined {
  const checks: Record<string, (params: Fields) => string | undefined> = {
    'textDocument/didOpen': (fields) => textDocumentProblem(fields.textDocument, 'textDocument'),
    'textDocument/didChange': didChangeProblem,
    'notebookDocument/didOpen': notebookOpenProblem,
  };
  const check = checks[method];
  if (check === undefined) return undefined;
  if (!isObject(params)) return 'its params are not an object';
  return check(params);
}
