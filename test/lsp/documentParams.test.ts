// The params of notifications that open and change documents, checked before the libraries
// keep them.
import * as assert from 'node:assert/strict';
import { documentParamsProblem } from '../../server/src/documentParams';

const uri = 'file:///a.py';
const document = { uri, languageId: 'python', version: 1, text: 'x = 1\n' };
const at = { line: 0, character: 0 };

describe('params of notifications that open and change documents', function () {
  it('finds nothing wrong with sound params, nor with methods it does not check', function () {
    const sound: [string, unknown][] = [
      ['textDocument/didOpen', { textDocument: document }],
      ['textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: 'y' }] }],
      [
        'textDocument/didChange',
        { textDocument: { uri, version: 3 }, contentChanges: [{ range: { start: at, end: at }, text: '' }] },
      ],
      [
        'notebookDocument/didOpen',
        {
          notebookDocument: { uri: 'file:///n.ipynb', cells: [{ kind: 2, document: uri }] },
          cellTextDocuments: [document],
        },
      ],
      ['textDocument/hover', null],
    ];
    for (const [method, params] of sound) {
      assert.equal(documentParamsProblem(method, params), undefined, `${method}: ${JSON.stringify(params)}`);
    }
  });

  const broken: [string, unknown, RegExp][] = [
    ['textDocument/didOpen', { textDocument: { ...document, text: 5 } }, /`textDocument.text` is not a string/],
    ['textDocument/didOpen', null, /its params are not an object/],
    ['textDocument/didChange', { textDocument: { uri }, contentChanges: {} }, /`contentChanges` is not a list/],
    [
      'textDocument/didChange',
      { textDocument: { uri }, contentChanges: [{ text: 'a' }, { text: 1 }] },
      /`contentChanges\[1\].text` is not a string/,
    ],
    [
      'textDocument/didChange',
      { textDocument: { uri }, contentChanges: [{ range: { start: at }, text: 'a' }] },
      /`contentChanges\[0\].range` is not a range/,
    ],
    [
      'notebookDocument/didOpen',
      { notebookDocument: { uri: 'file:///n.ipynb', cells: 'x' }, cellTextDocuments: [] },
      /`notebookDocument.cells` is not a list of cells/,
    ],
    [
      'notebookDocument/didOpen',
      { notebookDocument: { uri: 'file:///n.ipynb', cells: [] }, cellTextDocuments: [{ uri }] },
      /`cellTextDocuments\[0\].languageId` is not a string/,
    ],
  ];
  for (const [method, params, message] of broken) {
    it(`says what is wrong with ${method} params: ${message.source}`, function () {
      assert.match(documentParamsProblem(method, params) ?? '', message);
    });
  }
});
