// Reading .ipynb files into cells, and the errors broken notebooks give.
import * as assert from 'assert';
import { NotebookError, notebookSourceLines, parseNotebook } from '../../core/lint/notebook';

function notebook(cells: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells, ...extra }, null, 1);
}

function errorOf(text: string): NotebookError {
  try {
    parseNotebook(text, 'work/eda.ipynb');
  } catch (error) {
    if (error instanceof NotebookError) return error;
    throw error;
  }
  assert.fail('expected a NotebookError');
}

describe('notebook reader', () => {
  it('reads cells of every kind with sources as lists or strings, tags and counts', () => {
    const text = notebook([
      { cell_type: 'markdown', metadata: {}, source: ['# Title\n', 'text'] },
      {
        cell_type: 'code',
        metadata: { tags: ['ml-practice: ignore[ML007]'] },
        source: ['import numpy as np\n', 'x = np.random.rand(3)'],
        execution_count: 2,
        outputs: [],
      },
      {
        cell_type: 'code',
        metadata: {},
        source: '%time y = 1',
        execution_count: null,
        outputs: [],
      },
      { cell_type: 'raw', metadata: {}, source: 'raw' },
    ]);
    assert.deepStrictEqual(parseNotebook(`\uFEFF${text}`, 'a.ipynb'), [
      { kind: 'markdown', source: '# Title\ntext' },
      {
        kind: 'code',
        source: 'import numpy as np\nx = np.random.rand(3)',
        tags: ['ml-practice: ignore[ML007]'],
        executionCount: 2,
      },
      { kind: 'code', source: '%time y = 1', executionCount: null },
      { kind: 'raw', source: 'raw' },
    ]);
  });

  it('finds the file line of every source line, for lists and strings', () => {
    const text = notebook([
      { cell_type: 'markdown', source: ['# a\n', 'b'] },
      { cell_type: 'code', source: ['x = 1\n', '\n', 'z = 3\n'] },
      { cell_type: 'code', source: 'p = 1\nq = 2' },
      { cell_type: 'code', source: [] },
    ]);
    const lineOf = (literal: string): number =>
      text.split('\n').findIndex((line) => line.includes(literal)) + 1;
    assert.deepStrictEqual(notebookSourceLines(text), [
      [lineOf('"# a\\n"'), lineOf('"b"')],
      [lineOf('"x = 1\\n"'), lineOf('"\\n"'), lineOf('"z = 3\\n"'), lineOf('"z = 3\\n"')],
      [lineOf('"p = 1'), lineOf('"p = 1')],
      [],
    ]);
    assert.strictEqual(notebookSourceLines('{"cells": ['), undefined);
  });

  it('reports invalid JSON with the file and the place', () => {
    const error = errorOf('{\n  "cells": [\n    }\n');
    assert.strictEqual(error.file, 'work/eda.ipynb');
    assert.match(error.message, /^work\/eda\.ipynb: not valid JSON at line 3, column 5/);
  });

  it('gives an error, not a crash, for JSON nested too deeply to scan', () => {
    assert.match(errorOf('['.repeat(200000)).detail, /^not valid JSON/);
  });

  it('explains old notebook formats', () => {
    assert.match(
      errorOf(JSON.stringify({ nbformat: 3, worksheets: [] })).detail,
      /nbformat 3 is not supported; expected nbformat 4/,
    );
  });

  it('names the field that has the wrong shape', () => {
    assert.match(errorOf('[1, 2]').detail, /expected a JSON object with "cells", got a list/);
    assert.match(
      errorOf(JSON.stringify({ nbformat: 4, cells: {} })).detail,
      /"cells": expected a list of cells, got an object/,
    );
    assert.match(
      errorOf(notebook([{ cell_type: 'code', source: 42 }])).detail,
      /cells\[0\]\.source: expected a string or a list of strings, got number 42/,
    );
    assert.match(
      errorOf(notebook([{ cell_type: 'code', source: ['x = 1\n', 7] }])).detail,
      /cells\[0\]\.source\[1\]: expected a string \(a line of the cell\), got number 7/,
    );
    assert.match(
      errorOf(JSON.stringify({ cells: { a: 1 } })).detail,
      /"cells": expected a list of cells, got an object/,
    );
    assert.match(
      errorOf(notebook([{ cell_type: 'code', source: '' }, { cell_type: 'python' }])).detail,
      /cells\[1\]\.cell_type: expected one of code, markdown, raw, got the string "python"/,
    );
    assert.match(
      errorOf(notebook([{ cell_type: 'code', source: '', metadata: { tags: 'x' } }])).detail,
      /cells\[0\]\.metadata\.tags: expected a list of strings/,
    );
    assert.match(
      errorOf(notebook([{ cell_type: 'code', source: '', execution_count: '3' }])).detail,
      /cells\[0\]\.execution_count: expected a whole number or null/,
    );
    assert.match(
      errorOf(notebook([], { nbformat: '4' })).detail,
      /"nbformat": expected the number 4/,
    );
  });
});
