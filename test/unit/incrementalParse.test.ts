// Re-parsing after an edit must give what a fresh parse gives: every fixture script and notebook
// is edited at seeded random places, and after each edit the findings (and the tree) of the
// incremental parse are compared with those of a fresh one.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { IncrementalParser, lintNotebook, lintSource } from '../../core/lint';
import { parsePython } from '../../core/lint/engine';
import type { NotebookCell } from '../../core/lint/types';
import { createRng, generateScript } from '../../bench/corpus';
import { cellsFromIpynb, repoRoot, structuralEdit } from './lint-engine-helpers';

const SCRIPT_EDITS = 60;
const NOTEBOOK_EDITS = 40;
const TYPED = [' ', 'x', 'x', 'x', '(', ')', ':', '\n', '\n    ', '#', '"', "'", ',', '=', '['];

/** Typing, deleting or pasting a piece of the text elsewhere, at a random place. */
function randomEdit(text: string, random: () => number): string {
  const at = Math.floor(random() * (text.length + 1));
  const kind = random();
  if (kind < 0.5) {
    const typed = TYPED[Math.floor(random() * TYPED.length)];
    return text.slice(0, at) + typed + text.slice(at);
  }
  if (kind < 0.8) return text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 6));
  const from = Math.floor(random() * text.length);
  const pasted = text.slice(from, from + Math.floor(random() * 40));
  return text.slice(0, at) + pasted + text.slice(at);
}

function filesUnder(dir: string, extension: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(extension))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

const fixtures = path.join(repoRoot(), 'test', 'fixtures');

/**
 * Every fixture script that parses without error, in one document: lezer reuses only subtrees
 * of a sizeable tree, and the parser keeps only error-free trees to reuse.
 */
function joinedScripts(): string {
  const texts = filesUnder(fixtures, '.py').map((file) => fs.readFileSync(file, 'utf8'));
  return texts.filter((text) => !/⚠/.test(parsePython(text).toString())).join('\n');
}

describe('incremental re-parsing', function () {
  this.timeout(120_000);

  it("gives a fresh parse's findings and tree after each of many edits to a script", function () {
    const random = createRng(1);
    const parser = new IncrementalParser();
    let text = joinedScripts();
    lintSource(text, {}, parser);

    for (let edit = 1; edit <= SCRIPT_EDITS; edit++) {
      text = randomEdit(text, random);
      const context = `after edit ${edit}`;
      assert.deepEqual(lintSource(text, {}, parser), lintSource(text), context);
      assert.equal(parser.parse(text).toString(), parsePython(text).toString(), context);
    }
  });

  it("gives a fresh parse's findings after each of many edits to a notebook's cells", function () {
    const random = createRng(2);
    let cells: NotebookCell[] = filesUnder(fixtures, '.ipynb').flatMap((file) =>
      cellsFromIpynb(fs.readFileSync(file, 'utf8')),
    );
    cells.push({ kind: 'code', source: joinedScripts(), executionCount: null });
    const code = cells.flatMap((cell, index) => (cell.kind === 'code' ? [index] : []));
    const parsers = cells.map(() => new IncrementalParser());
    lintNotebook(cells, {}, (index) => parsers[index]);

    for (let edit = 1; edit <= NOTEBOOK_EDITS; edit++) {
      const big = random() < 0.5;
      const target = big ? cells.length - 1 : code[Math.floor(random() * code.length)];
      cells = cells.map((cell, at) =>
        at === target ? { ...cell, source: randomEdit(cell.source, random) } : cell,
      );
      const incremental = lintNotebook(cells, {}, (index) => parsers[index]);
      assert.deepEqual(incremental, lintNotebook(cells), `after edit ${edit}`);
    }
  });

  it("gives a fresh parse's tree after edits opening brackets and strings", function () {
    const random = createRng(3);
    const corners =
      'def gen():\n    x = yield\n    with (open(a) as f, open(b) as g):\n        pass\n' +
      '    y = (yield\n         x)\n    z = [(yield  # sent\n    ), 2]\n';
    let text = generateScript(4, 600).replace(/\n\n/g, `\n${corners}\n`);
    const parser = new IncrementalParser();
    parser.parse(text);

    for (let edit = 1; edit <= 80; edit++) {
      text = structuralEdit(text, random);
      const context = `after edit ${edit}`;
      assert.equal(parser.parse(text).toString(), parsePython(text).toString(), context);
    }
  });

  it("gives a fresh parse's findings after edits typing tabs and characters beyond ASCII", function () {
    const random = createRng(5);
    const pasted = ['\t', '  \t', '×', 'é', '\u201c', '\u00a0', '\u200b', '# é\n', '"é"'];
    let text = generateScript(6, 400);
    const parser = new IncrementalParser();
    lintSource(text, {}, parser);
    const seen = { tabs: 0, characters: 0 };

    for (let edit = 1; edit <= 120; edit++) {
      const at = Math.floor(random() * (text.length + 1));
      const lineStart = text.lastIndexOf('\n', at - 1) + 1;
      const kind = random();
      if (kind < 0.3 && text.startsWith('    ', lineStart)) {
        text = `${text.slice(0, lineStart)}\t${text.slice(lineStart + 4)}`;
      } else if (kind < 0.7) {
        const piece = pasted[Math.floor(random() * pasted.length)];
        const place = random() < 0.5 ? lineStart : at;
        text = text.slice(0, place) + piece + text.slice(place);
      } else {
        text = text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 4));
      }
      const incremental = lintSource(text, {}, parser);
      assert.deepEqual(incremental, lintSource(text), `after edit ${edit}`);
      const messages = incremental.map((finding) => finding.message).join('\n');
      if (messages.includes('TabError')) seen.tabs++;
      if (messages.includes('cannot stand outside a string')) seen.characters++;
    }
    assert.ok(seen.tabs > 0 && seen.characters > 0, `edits found ${JSON.stringify(seen)}`);
  });

  it('judges `from __future__` imports by the whole text after every edit', function () {
    const body = generateScript(4, 2000);
    const parser = new IncrementalParser();
    const late = (text: string) => {
      const found = lintSource(text, {}, parser);
      assert.deepEqual(found, lintSource(text));
      return found.filter((finding) => /must come first/.test(finding.message)).length;
    };
    const future = 'from __future__ import annotations\n';
    assert.equal(late(`"""Doc."""\n${future}${body}`), 0);
    assert.equal(late(`"""Doc."""\nimport os\n${future}${body}`), 1);
    assert.equal(late(`"""Doc."""\n${future}${body}`), 0);
    assert.equal(late(`"""Doc."""\n${future}${body}\n${future}`), 1);
    assert.equal(late(`"""Doc."""\n${future}${body}\n${future}`.replace('"""Doc."""', 'x = 1')), 2);
  });

  it('keeps finding a misplaced statement in a segment that later edits leave alone', function () {
    const lines = generateScript(9, 2000).split('\n');
    const topLevel = lines.findIndex((line, index) => index > 1500 && /^[a-z]/.test(line));
    lines.splice(topLevel, 0, 'return');
    const parser = new IncrementalParser();
    const misplaced = (text: string) =>
      lintSource(text, {}, parser).filter((finding) => /outside a function/.test(finding.message));

    for (let edit = 0; edit < 6; edit++) {
      lines[5] = edit % 2 === 0 ? `${lines[5]} ` : lines[5].slice(0, -1);
      const text = lines.join('\n');
      const found = misplaced(text);
      assert.deepEqual(lintSource(text, {}, parser), lintSource(text), `after edit ${edit}`);
      assert.equal(found.length, 1, `after edit ${edit}`);
      assert.equal(found[0].span.start.line, topLevel, `after edit ${edit}`);
    }
  });

  it('judges a try without handlers by every parse error in the text, reused or not', function () {
    const filler = Array.from({ length: 60 }, (_, i) => `value_${i} = compute(${i}, "padding")\n`);
    const before = `x = 1 +\n${filler.join('')}y = 2\n`;
    const after = `${before}try:\n    pass\n`;
    const parser = new IncrementalParser();
    lintSource(before, {}, parser);

    const incremental = lintSource(after, {}, parser);
    assert.deepEqual(incremental, lintSource(after));
    assert.deepEqual(
      incremental.map((finding) => finding.span.start.line),
      [0],
      'only the broken line: the grammar may have split the try from its handlers',
    );
  });

  it('reuses the previous tree for unchanged text', function () {
    const parser = new IncrementalParser();
    const text = 'import numpy as np\nx = np.zeros(3)\n';
    assert.equal(parser.parse(text), parser.parse(text));
  });
});
