// Which documents keep their last parse between analyses: the few analysed most recently, so
// that a document being edited re-parses only its change while merely open ones hold nothing.
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Parsers, scriptTarget } from '../../server/src/targets';
import { fixture } from './harness';

describe('parsers kept between analyses', function () {
  it('gives a document analysed again the parser that holds its last parse', function () {
    const parsers = new Parsers(2);
    const first = parsers.forScript('file:///a.py');
    parsers.forScript('file:///b.py');

    assert.equal(parsers.forScript('file:///a.py'), first);
  });

  it('lets go of the least recently analysed document beyond its capacity', function () {
    const parsers = new Parsers(2);
    const first = parsers.forScript('file:///a.py');
    parsers.forScript('file:///b.py');
    parsers.forScript('file:///c.py');

    assert.deepEqual(parsers.retained(), ['file:///b.py', 'file:///c.py']);
    assert.notEqual(parsers.forScript('file:///a.py'), first);
  });

  it('counts each analysis as use, so the document being edited stays', function () {
    const parsers = new Parsers(2);
    const edited = parsers.forScript('file:///edited.py');
    for (const name of ['one', 'two', 'three']) {
      parsers.forScript(`file:///${name}.py`);
      parsers.forScript('file:///edited.py');
    }

    assert.equal(parsers.forScript('file:///edited.py'), edited);
    assert.deepEqual(parsers.retained(), ['file:///three.py', 'file:///edited.py']);
  });

  it('lets go of a closed document at once', function () {
    const parsers = new Parsers(2);
    parsers.forScript('file:///a.py');
    parsers.forCells('file:///n.ipynb', ['cell-1', 'cell-2']);

    parsers.close('file:///a.py');
    parsers.close('file:///n.ipynb');

    assert.deepEqual(parsers.retained(), []);
  });

  it('keeps a notebook as one document, letting go of the parsers of removed cells', function () {
    const parsers = new Parsers(2);
    const before = parsers.forCells('file:///n.ipynb', ['cell-1', 'cell-2']);
    const after = parsers.forCells('file:///n.ipynb', ['cell-2', 'cell-3']);

    assert.deepEqual([...after.keys()], ['cell-2', 'cell-3']);
    assert.equal(after.get('cell-2'), before.get('cell-2'));
    assert.deepEqual(parsers.retained(), ['file:///n.ipynb']);
  });

  it('keeps parses for only as many linted scripts as its capacity', function () {
    const parsers = new Parsers(2);
    const text = fixture('unseeded_split.py');
    const uris = ['file:///one.py', 'file:///two.py', 'file:///three.py'];
    for (const uri of uris) {
      const diagnostics = scriptTarget(TextDocument.create(uri, 'python', 1, text), parsers)
        .analyse({})
        .get(uri);
      assert.ok(diagnostics !== undefined && diagnostics.length > 0, `${uri} was linted`);
    }

    assert.deepEqual(parsers.retained(), uris.slice(1));
  });
});
