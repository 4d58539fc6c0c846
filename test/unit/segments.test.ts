// Parsing in top-level segments: cuts fall only between whole statements, a module parsed in
// segments has the tree one parse of it gives, a long flat module parses without spurious
// errors, and an edit re-parses only the segment it touched.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parser } from '@lezer/python';
import type { Tree } from '@lezer/common';
import { IncrementalParser, lintSource } from '../../core/lint';
import { parsePython } from '../../core/lint/engine';
import { fillGrammarGaps } from '../../core/lint/engine/grammarGaps';
import { changeBetween, wholeLines } from '../../core/lint/engine/changes';
import {
  SEGMENT_LIMITS,
  segmentsAfterEdit,
  segmentsOf,
  type Segment,
  type SegmentLimits,
} from '../../core/lint/engine/segments';
import { createRng, generateCorpus, generateScript } from '../../bench/corpus';
import { cellsFromIpynb, repoRoot, structuralEdit } from './lint-engine-helpers';

/** Cut at every statement boundary there is, to put every boundary to the test. */
const EVERYWHERE: SegmentLimits = { minChars: 0, cutOneIn: 1, maxChars: 0, maxStatements: 1 };

/** Small segments that the distance limits as much as the hash cut, to put both to the test. */
const SMALL: SegmentLimits = { minChars: 120, cutOneIn: 3, maxChars: 400, maxStatements: 6 };

/** The segments of `after`, re-segmented around its change from `before`, cut in `old`. */
function resegmented(
  before: string,
  old: Segment[],
  after: string,
  limits: SegmentLimits,
): { segments: Segment[]; scanned: number } {
  const change = wholeLines(after, changeBetween(before, after));
  const { kept, middle, moved } = segmentsAfterEdit(old, after, change, limits);
  const shifted = old.slice(moved).map(({ from, to }) => ({
    from: from + change.shift,
    to: to + change.shift,
  }));
  return { segments: [...old.slice(0, kept), ...middle, ...shifted], scanned: middle.length };
}

function pieces(text: string): string[] {
  return segmentsOf(text, EVERYWHERE).map(({ from, to }) => text.slice(from, to));
}

function errorCount(tree: Tree): number {
  let errors = 0;
  tree.iterate({ enter: (node) => void (node.type.isError && errors++) });
  return errors;
}

/** Every Python text of the repository's fixtures and lessons, notebooks as joined cells. */
function repositoryTexts(): Array<{ name: string; text: string }> {
  const root = repoRoot();
  const texts: Array<{ name: string; text: string }> = [];
  for (const dir of ['test/fixtures', 'lessons']) {
    const entries = fs.readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true });
    for (const entry of entries) {
      const file = path.join(entry.parentPath, entry.name);
      if (!entry.isFile()) continue;
      if (entry.name.endsWith('.py')) {
        texts.push({ name: file, text: fs.readFileSync(file, 'utf8') });
      } else if (entry.name.endsWith('.ipynb')) {
        let cells;
        try {
          cells = cellsFromIpynb(fs.readFileSync(file, 'utf8'));
        } catch {
          continue;
        }
        const code = cells.filter((cell) => cell.kind === 'code').map((cell) => cell.source);
        texts.push({ name: file, text: code.join('\n') });
      }
    }
  }
  return texts;
}

describe('parsing in segments', function () {
  this.timeout(60_000);

  it('cuts only at column-0 statements outside brackets, strings and continuations', function () {
    const text = [
      'x = (1,',
      '2)',
      's = """',
      'y = 1',
      '"""',
      'if x:',
      '    pass',
      'else:',
      '    pass',
      '@decorator',
      'def f():',
      '    return 1',
      '# a comment',
      '',
      't = 1 + \\',
      '2',
      "u = 'a\\' (b'",
      'try:',
      '    pass',
      'except ValueError:',
      '    pass',
      'finally:',
      '    pass',
      'z = [',
      ']',
      '',
    ].join('\n');

    assert.deepEqual(pieces(text), [
      'x = (1,\n2)\n',
      's = """\ny = 1\n"""\n',
      'if x:\n    pass\nelse:\n    pass\n',
      '@decorator\ndef f():\n    return 1\n# a comment\n\n',
      't = 1 + \\\n2\n',
      "u = 'a\\' (b'\n",
      'try:\n    pass\nexcept ValueError:\n    pass\nfinally:\n    pass\n',
      'z = [\n]\n',
    ]);
  });

  it('ends a bracket left open at a line that can only be a statement', function () {
    const text = 'x = f(1,\ny = 2\ndef g():\n    return [\nfrom a import b\nz = (\n    c)\n';

    assert.deepEqual(pieces(text), [
      'x = f(1,\ny = 2\n',
      'def g():\n    return [\n',
      'from a import b\n',
      'z = (\n    c)\n',
    ]);
    const errors = lintSource(text).filter((finding) => finding.code === 'ML000');
    const unclosed = errors.map((finding) =>
      /`(.)` opened on line (\d+) is never closed/.exec(finding.message)?.slice(1),
    );
    assert.deepEqual(unclosed, [['(', '1'], ['[', '4']]);
  });

  it('gives the tree one parse gives, for every valid fixture and lesson, cut anywhere', function () {
    // Where the code has a syntax error, error recovery staying inside one segment is the point.
    const valid = repositoryTexts().filter(({ text }) => {
      return errorCount(parser.parse(fillGrammarGaps(text))) === 0;
    });
    assert.ok(valid.length > 100, `only ${valid.length} texts found`);
    for (const { name, text } of valid) {
      const whole = parser.parse(fillGrammarGaps(text)).toString();
      assert.equal(parsePython(text, EVERYWHERE).toString(), whole, name);
    }
  });

  it('parses a long flat module without spurious errors', function () {
    const text = generateCorpus(2026, 8000).script;

    assert.ok(errorCount(parser.parse(text)) > 0, 'one parse of the whole module has errors');
    assert.equal(errorCount(parsePython(text)), 0);
    assert.deepEqual(
      lintSource(text).filter((finding) => finding.code === 'ML000'),
      [],
    );
  });

  it('re-parses only the segment an edit touched', function () {
    const block = (i: number): string =>
      `def step_${i}(frame):\n    total = frame.sum()\n    return total / ${i + 1}\n\n`;
    const text = Array.from({ length: 400 }, (_, i) => block(i)).join('');
    const edited = text.replace('return total / 200', 'return total / 2000');
    const incremental = new IncrementalParser();

    const before = incremental.parse(text);
    const after = incremental.parse(edited);

    const segmentTrees = (tree: Tree): unknown[] =>
      tree.children.map((child) => (child as Tree).children);
    const reused = segmentTrees(after).filter((children) =>
      segmentTrees(before).includes(children),
    );
    assert.ok(segmentTrees(after).length > 10, 'the module is cut into segments');
    assert.equal(reused.length, segmentTrees(after).length - 1);
    assert.equal(after.toString(), parsePython(edited).toString());
  });

  for (const [name, limits, seed] of [
    ['the default limits', SEGMENT_LIMITS, 21],
    ['small limits', SMALL, 22],
  ] as const) {
    it(`re-segments around an edit as segmenting the whole text does, with ${name}`, function () {
      const random = createRng(seed);
      let text = generateScript(seed, 1500);
      let segments = segmentsOf(text, limits);

      for (let edit = 1; edit <= 600; edit++) {
        const after = structuralEdit(text, random);
        const { segments: again } = resegmented(text, segments, after, limits);
        assert.deepEqual(again, segmentsOf(after, limits), `after edit ${edit}`);
        text = after;
        segments = again;
      }
    });
  }

  it('does not take up the old cuts again inside the change', function () {
    const before = 'x = 1\ny = 2\nz = 3\n';
    const after = "x = 1\nw = 0\n'''y\nz = 3\n";
    const old = segmentsOf(before, EVERYWHERE);

    const { segments } = resegmented(before, old, after, EVERYWHERE);

    assert.deepEqual(segments, segmentsOf(after, EVERYWHERE));
    assert.deepEqual(
      segments.map(({ from, to }) => after.slice(from, to)),
      ['x = 1\n', 'w = 0\n', "'''y\nz = 3\n"],
    );
  });

  it('scans only the segments around a small edit', function () {
    const random = createRng(23);
    const text = generateScript(5, 5000);
    const segments = segmentsOf(text);
    assert.ok(segments.length > 100, `only ${segments.length} segments`);

    for (let edit = 1; edit <= 50; edit++) {
      const at = Math.floor(random() * text.length);
      const after = text.slice(0, at) + 'x' + text.slice(at);
      const { scanned } = resegmented(text, segments, after, SEGMENT_LIMITS);
      assert.ok(scanned <= 3, `edit ${edit} at ${at} scanned ${scanned} segments`);
    }
  });
});
