// Notebook changes vetted before the notebook library applies them.
import * as assert from 'node:assert/strict';
import type { DidChangeNotebookDocumentParams } from 'vscode-languageserver-protocol/node';
import { vetNotebookChange } from '../../server/src/notebookChanges';

const NOTEBOOK = 'file:///n.ipynb';
const cell = (index: number): string => `vscode-notebook-cell:/n.ipynb#${index}`;
const CELLS = [cell(0), cell(1), cell(2)];

function change(cells: unknown): DidChangeNotebookDocumentParams {
  return {
    notebookDocument: { uri: NOTEBOOK, version: 2 },
    change: { cells },
  } as DidChangeNotebookDocumentParams;
}

const edit = (uri: string) => ({ document: { uri, version: 2 }, changes: [{ text: 'x = 1\n' }] });

describe('notebook changes vetted before they are applied', function () {
  it('passes a change it can apply as it is, and one to a notebook that is not open', function () {
    const whole = change({ data: [{ kind: 2, document: cell(1) }], textContent: [edit(cell(2))] });
    assert.deepEqual(vetNotebookChange(whole, CELLS), { params: whole, warnings: [] });
    const elsewhere = change({ data: {} });
    assert.deepEqual(vetNotebookChange(elsewhere, undefined), { params: elsewhere, warnings: [] });
  });

  const shapes: [string, unknown, RegExp][] = [
    ['data that is not a list', { data: {} }, /`change.cells.data` is not a list of cells/],
    ['a cell without a document', { data: [null] }, /`change.cells.data` is not a list/],
    [
      'a list of cells with a hole',
      { structure: { array: { start: 2, deleteCount: 1, cells: [null] } } },
      /`change.cells.structure.array.cells` is not a list of cells/,
    ],
    [
      'a splice without its place',
      { structure: { array: { deleteCount: 1 } } },
      /`start` and `deleteCount` .* are not both whole numbers, zero or more/,
    ],
    [
      'cells opened without their text',
      { structure: { array: { start: 0, deleteCount: 0 }, didOpen: [{ uri: cell(5) }] } },
      /`change.cells.structure.didOpen` is not a list of text documents/,
    ],
    ['text changes without changes', { textContent: [{ document: { uri: cell(1) } }] }, /textContent/],
  ];
  for (const [what, cells, message] of shapes) {
    it(`leaves out the whole of a change with ${what}, saying why`, function () {
      const vetted = vetNotebookChange(change(cells), CELLS);
      assert.equal(vetted.params, undefined);
      assert.equal(vetted.warnings.length, 1);
      const start = `notebookDocument/didChange for ${NOTEBOOK} is not applied: `;
      assert.ok(vetted.warnings[0].startsWith(start), vetted.warnings[0]);
      assert.match(vetted.warnings[0], message);
    });
  }

  it('leaves out the parts for cells the notebook will not have, naming each', function () {
    const params = change({
      structure: { array: { start: 2, deleteCount: 1 }, didClose: [{ uri: cell(2) }] },
      data: [{ kind: 2, document: cell(2) }, { kind: 2, document: cell(0) }],
      textContent: [edit(cell(9)), edit(cell(1))],
    });
    const vetted = vetNotebookChange(params, CELLS);
    const cells = vetted.params?.change.cells;
    assert.deepEqual(cells?.data?.map((each) => each.document), [cell(0)]);
    assert.deepEqual(cells?.textContent?.map((each) => each.document.uri), [cell(1)]);
    assert.deepEqual(cells?.structure, params.change.cells?.structure);
    assert.equal(vetted.warnings.length, 2);
    assert.match(vetted.warnings[0], /brings new data for the cell ".*#2", which the notebook/);
    assert.match(vetted.warnings[0], /does not have after the change; that part is left out\.$/);
    assert.match(vetted.warnings[1], /changes the text of the cell ".*#9"/);
  });

  it('sends no list of data when none is left, or none was given', function () {
    for (const data of [[], [{ kind: 2, document: cell(7) }]]) {
      const vetted = vetNotebookChange(change({ data, textContent: [edit(cell(0))] }), CELLS);
      assert.equal(vetted.params?.change.cells?.data, undefined);
      assert.equal(vetted.params?.change.cells?.textContent?.length, 1);
    }
  });
});
