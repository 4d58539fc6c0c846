// The flat copy of a syntax tree the analysis walks must hold exactly the nodes a lezer cursor
// visits, in the same order, with the same names, spans, parents and siblings.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { IterMode, type Tree } from '@lezer/common';
import { createRng, generateScript } from '../../bench/corpus';
import { IncrementalParser, parsePython } from '../../core/lint/engine';
import { FlatTree, someLineMatches, type NodeId } from '../../core/lint/engine/syntax';
import { repoRoot, structuralEdit } from './lint-engine-helpers';

interface Visited {
  name: string;
  from: number;
  to: number;
  /** Index (in visiting order) of the parent, -1 for the top node. */
  parent: number;
}

function cursorWalk(tree: Tree): Visited[] {
  const visited: Visited[] = [];
  const parents: number[] = [];
  const cursor = tree.cursor();
  for (;;) {
    visited.push({
      name: cursor.name,
      from: cursor.from,
      to: cursor.to,
      parent: parents.length > 0 ? parents[parents.length - 1] : -1,
    });
    if (cursor.firstChild()) {
      parents.push(visited.length - 1);
      continue;
    }
    while (!cursor.nextSibling()) {
      if (!cursor.parent()) return visited;
      parents.pop();
    }
  }
}

/** Walks by first child and next sibling, checking the other links on the way. */
function flatWalk(flat: FlatTree): Visited[] {
  const visited: Visited[] = [];
  const visit = (node: NodeId, parent: number): void => {
    assert.equal(node, visited.length + 1, 'nodes are numbered in document order');
    assert.ok(node <= flat.count, 'no link leads past the last node');
    visited.push({ name: flat.name(node), from: flat.from(node), to: flat.to(node), parent });
    const index = visited.length - 1;
    let previous = 0;
    for (let child = flat.firstChild(node); child; child = flat.nextSibling(child)) {
      assert.equal(flat.prevSibling(child), previous);
      visit(child, index);
      previous = child;
    }
    assert.equal(flat.lastChild(node), previous);
  };
  visit(flat.root, -1);
  assert.equal(visited.length, flat.count);
  return visited;
}

function fixtureScripts(): string[] {
  const dir = path.join(repoRoot(), 'test', 'fixtures', 'lint');
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.py'))
    .map((entry) => fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8'));
}

describe('flat syntax trees', () => {
  it('hold the nodes of every fixture script as a cursor visits them', () => {
    const scripts = fixtureScripts();
    assert.ok(scripts.length > 50);
    for (const text of scripts) {
      const tree = parsePython(text);
      const flat = new FlatTree(tree);
      assert.deepEqual(flatWalk(flat), cursorWalk(tree));
      assert.equal(flat.hasErrors, cursorWalk(tree).some((node) => node.name === '⚠'));
    }
  });

  it('hold error nodes of cut-off text, reporting them as errors', () => {
    const text = generateScript(3, 300);
    let errors = 0;
    for (let cut = 0; cut < text.length; cut += 491) {
      const tree = parsePython(text.slice(0, cut) + text.slice(cut + 13));
      const flat = new FlatTree(tree);
      assert.deepEqual(flatWalk(flat), cursorWalk(tree));
      let inTree = 0;
      for (let node = 1; node <= flat.count; node++) if (flat.isError(node)) inTree++;
      assert.equal(flat.hasErrors, inTree > 0);
      errors += inTree;
    }
    assert.ok(errors > 0);
  });

  it('look through the anonymous nodes lezer balances long files with', () => {
    const tree = parsePython(generateScript(5, 3000));
    let anonymous = 0;
    tree.iterate({
      enter: (node) => void (node.type.isAnonymous && anonymous++),
      mode: IterMode.IncludeAnonymous,
    });
    assert.ok(anonymous > 0);
    assert.deepEqual(flatWalk(new FlatTree(tree)), cursorWalk(tree));
  });

  it('are the same when the segments an edit left alone are copied from earlier copies', () => {
    const parser = new IncrementalParser();
    const random = createRng(41);
    let text = generateScript(7, 2500);
    let spliced = 0;
    for (let edit = 0; edit < 60; edit++) {
      text = structuralEdit(text, random);
      const tree = parser.parse(text);
      // Twice: the first copy of a segment tree is made node by node, later ones from its copy.
      for (let copy = 0; copy < 2; copy++) {
        const flat = new FlatTree(tree);
        assert.deepEqual(flatWalk(flat), cursorWalk(tree), `edit ${edit}, copy ${copy}`);
        assert.equal(flat.hasErrors, cursorWalk(tree).some((node) => node.name === '⚠'));
      }
      if (tree.children.length > 1) spliced++;
    }
    assert.ok(spliced > 30, 'most versions are cut into segments');
  });

  it("are the same when built on the previous version's flat tree", () => {
    const parser = new IncrementalParser();
    const random = createRng(43);
    let text = generateScript(9, 2500);
    let previous = new FlatTree(parser.parse(text));
    let reused = 0;
    for (let edit = 0; edit < 80; edit++) {
      // Every fourth edit breaks a line near the end, so that some versions hold parse errors
      // in the segments later versions keep.
      text =
        edit % 4 === 3
          ? `${text.slice(0, -200)}(${text.slice(-200)}`
          : structuralEdit(text, random);
      const tree = parser.parse(text);
      new FlatTree(tree); // the segments' copies, made the second time they are met
      const flat = new FlatTree(tree, previous);
      const walked = cursorWalk(tree);
      assert.deepEqual(flatWalk(flat), walked, `edit ${edit}`);
      assert.equal(flat.hasErrors, walked.some((node) => node.name === '⚠'), `edit ${edit}`);
      if (flat.spliced.length > 0 && flat.spliced[0] === previous.spliced[0]) reused++;
      previous = flat;
    }
    assert.ok(reused > 40, `only ${reused} versions kept segments of the one before`);

    const small = parsePython('x = 1\n');
    assert.deepEqual(flatWalk(new FlatTree(small, previous)), cursorWalk(small));
  });

  it("are the same when built in the memory of a retired tree, which is left empty", () => {
    const parser = new IncrementalParser();
    const random = createRng(47);
    // The first retired tree is a larger text's, so its memory holds other nodes throughout.
    let retired = new FlatTree(parsePython(generateScript(12, 3000)));
    let text = generateScript(11, 2000);
    let previous = new FlatTree(parser.parse(text));
    let handedOver = 0;
    for (let edit = 0; edit < 30; edit++) {
      text = structuralEdit(text, random);
      const tree = parser.parse(text);
      const bytes = retired.bytes;
      const flat = new FlatTree(tree, previous, retired);
      const walked = cursorWalk(tree);
      assert.deepEqual(flatWalk(flat), walked, `edit ${edit}`);
      assert.equal(flat.hasErrors, walked.some((node) => node.name === '⚠'), `edit ${edit}`);
      if (retired.bytes === 0) {
        handedOver++;
        assert.equal(flat.bytes, bytes);
        assert.equal(retired.count, 0);
        assert.equal(retired.firstChild(retired.root), undefined, 'it has no nodes left');
      } else {
        const fits = flat.bytes <= retired.bytes && retired.bytes <= 1.7 * flat.bytes;
        assert.ok(!fits, 'only a tree too small, or far too large, keeps its memory');
      }
      retired = previous;
      previous = flat;
    }
    assert.ok(handedOver > 20, `only ${handedOver} trees took over a retired tree's memory`);

    // A tree whose document shrank lets the memory of a much larger one go.
    const large = new FlatTree(parsePython(generateScript(13, 2000)));
    const largeBytes = large.bytes;
    const small = parsePython('x = 1\n');
    const flat = new FlatTree(small, previous, large);
    assert.equal(large.bytes, largeBytes);
    assert.ok(flat.bytes < largeBytes / 100);
    assert.deepEqual(flatWalk(flat), cursorWalk(small));
  });

  it('built on the previous version, end where the kept segments end, and keep their errors', () => {
    const parser = new IncrementalParser();
    // A parse error in the first segment, which the edits below leave alone.
    const text = `x = (1 +\n${generateScript(10, 1500)}`;
    const flatOf = (version: string, previous?: FlatTree): FlatTree => {
      const tree = parser.parse(version);
      new FlatTree(tree);
      const flat = new FlatTree(tree, previous);
      const walked = cursorWalk(tree);
      assert.deepEqual(flatWalk(flat), walked);
      assert.equal(flat.hasErrors, walked.some((node) => node.name === '⚠'));
      return flat;
    };
    const whole = flatOf(text);
    assert.ok(whole.hasErrors && whole.spliced.length > 3, 'an error, and segments to keep');
    // Without its last segment, the text is the segments kept and nothing after them.
    const cut = flatOf(text.slice(0, whole.spliced[whole.spliced.length - 1].start), whole);
    assert.equal(cut.spliced[0], whole.spliced[0], 'the first segments were kept');
    assert.equal(cut.nextSibling(cut.lastChild(cut.root)), 0);
    assert.ok(cut.hasErrors);
  });

  it('are searched for a pattern reading each spliced segment once, and the rest each time', () => {
    /** A pattern that counts the characters it is asked to read. */
    class Counted extends RegExp {
      read = 0;
      override test(text: string): boolean {
        this.read += text.length;
        return super.test(text);
      }
    }
    const parser = new IncrementalParser();
    const lines = generateScript(8, 2000).split('\n');
    const textOf = () => lines.join('\n');
    const flatAfterEdit = (line: number, typed: string) => {
      lines[line] = typed + lines[line];
      return new FlatTree(parser.parse(textOf()));
    };
    flatAfterEdit(10, ' ');
    flatAfterEdit(10, '');
    // An indenting tab where the next edits leave the text alone, far from where they type.
    const tabbed = lines.findIndex((line, index) => index > 1000 && line.startsWith('    '));
    lines[tabbed] = `\t${lines[tabbed].slice(4)}`;
    new FlatTree(parser.parse(textOf()));
    const flat = flatAfterEdit(20, 'x');
    assert.ok(flat.spliced.length > 5, 'the edits left segments to splice');

    const known = new WeakMap<FlatTree, boolean>();
    const tab = new Counted('^[ ]*\t', 'm');
    assert.equal(someLineMatches(textOf(), flat, tab, known), true);
    const readFirst = tab.read;
    tab.read = 0;
    assert.equal(someLineMatches(textOf(), flat, tab, known), true);
    assert.ok(tab.read < readFirst / 10, `read ${tab.read} of ${textOf().length} characters again`);

    // Each pattern keeps its answers apart.
    const times = new WeakMap<FlatTree, boolean>();
    assert.equal(someLineMatches(textOf(), flat, new Counted('\u00d7'), times), false);
    lines[20] = `\u00d7${lines[20]}`;
    const typed = new FlatTree(parser.parse(textOf()));
    assert.equal(someLineMatches(textOf(), typed, new Counted('\u00d7'), times), true);
  });

  it('answer for node 0, which stands for no node', () => {
    const flat = new FlatTree(parsePython('x = 1\n'));
    assert.equal(flat.name(0), '');
    assert.equal(flat.isError(0), false);
    assert.equal(flat.child(flat.root, 'IfStatement'), 0);
    assert.equal(flat.name(flat.child(flat.root, 'AssignStatement')), 'AssignStatement');
  });
});
