// Output comparison: each mode, each normalisation, and the diff a learner reads.
import * as assert from 'node:assert/strict';
import { compareOutput, InvalidPatternError, normalizeOutput, numberMatches } from '../../core/practice';
import { diffLines, makeVisible, unifiedDiff } from '../../core/practice/diff';

describe('compareOutput: normalized', () => {
  it('accepts CRLF and lone CR line endings', () => {
    const r = compareOutput('a\nb\n', 'a\r\nb\r\n', 'normalized');
    assert.equal(r.passed, true);
    assert.equal(r.normalizationChangedVerdict, true);
    assert.equal(compareOutput('a\nb\n', 'a\rb\r').passed, true);
  });

  it('ignores trailing whitespace on each line and trailing blank lines', () => {
    assert.equal(compareOutput('a\nb\n', 'a   \nb\t\n\n\n').passed, true);
    assert.equal(compareOutput('a\nb', 'a\nb\n').passed, true);
  });

  it('keeps leading whitespace and inner blank lines significant', () => {
    assert.equal(compareOutput('a\nb\n', '  a\nb\n').passed, false);
    assert.equal(compareOutput('a\nb\n', 'a\n\nb\n').passed, false);
  });

  it('strips ANSI colour codes', () => {
    assert.equal(compareOutput('ready\n', '\u001b[32mready\u001b[0m\n').passed, true);
    assert.equal(normalizeOutput('\u001b[1;31mx\u001b[m'), 'x\n');
  });

  it('does not flag a change of verdict when the bytes already match', () => {
    const r = compareOutput('a\n', 'a\n');
    assert.deepEqual(r, { passed: true, diff: '', normalizationChangedVerdict: false });
  });

  it('fails a different line with a diff naming both sides', () => {
    const r = compareOutput('Scalability: accepted\n', 'Scalability: rejected\n');
    assert.equal(r.passed, false);
    assert.match(r.diff, /^--- expected\n\+\+\+ actual\n@@ -1 \+1 @@\n-Scalability: accepted\n\+Scalability: rejected\n$/);
  });
});

describe('compareOutput: exact', () => {
  it('passes identical text only', () => {
    assert.equal(compareOutput('a\n', 'a\n', 'exact').passed, true);
    assert.equal(compareOutput('a\n', 'a \n', 'exact').passed, false);
    assert.equal(compareOutput('a\n', 'a\r\n', 'exact').passed, false);
  });

  it('shows trailing blanks and carriage returns in the diff', () => {
    const spaces = compareOutput('a\n', 'a  \n', 'exact');
    assert.match(spaces.diff, /^\+a··$/m);
    const cr = compareOutput('a\n', 'a\r\n', 'exact');
    assert.match(cr.diff, /^\+a␍$/m);
  });

  it('reports a missing final newline', () => {
    const r = compareOutput('a\n', 'a', 'exact');
    assert.equal(r.passed, false);
    assert.match(r.diff, /No newline at end of file/);
  });
});

describe('compareOutput: contains', () => {
  it('passes when the expected text appears anywhere in the output', () => {
    assert.equal(compareOutput('accepted', 'loading\nresult: accepted\ndone\n', 'contains').passed, true);
    assert.equal(compareOutput('accepted\n', 'rejected\n', 'contains').passed, false);
  });

  it('matches across CRLF line endings', () => {
    const r = compareOutput('one\ntwo\n', 'zero\r\none\r\ntwo\r\n', 'contains');
    assert.equal(r.passed, true);
    assert.equal(r.normalizationChangedVerdict, true);
  });
});

describe('compareOutput: regex', () => {
  it('matches the whole output, across lines', () => {
    assert.equal(compareOutput('loss: \\d+\\.\\d+\nepochs: \\d+', 'loss: 0.25\nepochs: 3\n', 'regex').passed, true);
  });

  it('does not accept a match of only part of the output', () => {
    assert.equal(compareOutput('loss: \\d+', 'loss: 3\nextra\n', 'regex').passed, false);
    assert.equal(compareOutput('\\d', 'x1\n', 'regex').passed, false);
  });

  it('lets ^ and $ anchor lines', () => {
    assert.equal(compareOutput('^a$\n^b$', 'a\nb\n', 'regex').passed, true);
  });

  it('rejects an invalid pattern with a typed error', () => {
    assert.throws(() => compareOutput('(unclosed', 'x', 'regex'), InvalidPatternError);
    // Not valid alone, though valid once put in a group: still refused, with the reason.
    for (const [pattern, reason] of [
      ['hello)|(x', /Unmatched '\)'/],
      ['hel[lo', /Unterminated character class/],
      ['\\', /\\ at end of pattern/],
    ] as const) {
      assert.throws(() => compareOutput(pattern, 'hello world', 'regex'), (error: Error) =>
        error instanceof InvalidPatternError && reason.test(error.message));
    }
  });
});

describe('compareOutput: numeric', () => {
  it('compares numbers to the precision written in the expected text', () => {
    assert.equal(compareOutput('accuracy: 0.833\n', 'accuracy: 0.8333333333333334\n', 'numeric').passed, true);
    assert.equal(compareOutput('accuracy: 0.833\n', 'accuracy: 0.84\n', 'numeric').passed, false);
    assert.equal(compareOutput('accuracy: 0.833\n', 'accuracy: 0.8336\n', 'numeric').passed, false);
  });

  it('requires the words between numbers to match', () => {
    assert.equal(compareOutput('accuracy: 0.833\n', 'precision: 0.833\n', 'numeric').passed, false);
    assert.equal(compareOutput('a 1 b 2\n', 'a 1 b\n', 'numeric').passed, false);
  });

  it('treats integers as exact unless a tolerance is given', () => {
    assert.equal(numberMatches('3', '3.0'), true);
    assert.equal(numberMatches('3', '3.2'), false);
    assert.equal(numberMatches('3', '3.2', { absolute: 0.5 }), true);
  });

  it('applies absolute and relative tolerances', () => {
    assert.equal(compareOutput('0.80\n', '0.83\n', 'numeric', { absolute: 0.05 }).passed, true);
    assert.equal(compareOutput('0.80\n', '0.83\n', 'numeric', { absolute: 0.01 }).passed, false);
    assert.equal(compareOutput('1000\n', '1009\n', 'numeric', { relative: 0.01 }).passed, true);
    assert.equal(compareOutput('1000\n', '1011\n', 'numeric', { relative: 0.01 }).passed, false);
  });

  it('reads precision from scientific notation', () => {
    assert.equal(numberMatches('1.5e-3', '0.00151'), true);
    assert.equal(numberMatches('1.5e-3', '0.0016'), false);
  });

  it('normalises line endings like the normalized mode', () => {
    assert.equal(compareOutput('x = 0.5\n', 'x = 0.5000001\r\n', 'numeric').passed, true);
  });
});

describe('unified diff', () => {
  it('finds a minimal line script', () => {
    const edits = diffLines(['a', 'b', 'c', 'd'], ['a', 'x', 'c', 'd', 'e']);
    assert.deepEqual(
      edits.map((e) => `${e.kind[0]}${e.text}`),
      ['sa', 'rb', 'ax', 'sc', 'sd', 'ae'],
    );
  });

  it('keeps three lines of context and separate hunks for distant changes', () => {
    const a = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`);
    const b = [...a];
    b[1] = 'changed 2';
    b[17] = 'changed 18';
    const diff = unifiedDiff(`${a.join('\n')}\n`, `${b.join('\n')}\n`);
    assert.equal((diff.match(/^@@/gm) ?? []).length, 2);
    assert.match(diff, /^@@ -1,5 \+1,5 @@$/m);
    assert.match(diff, /^@@ -15,6 \+15,6 @@$/m);
  });

  it('handles empty sides', () => {
    assert.match(unifiedDiff('', 'a\n'), /^@@ -0,0 \+1 @@\n\+a\n$/m);
    assert.match(unifiedDiff('a\n', ''), /^@@ -1 \+0,0 @@\n-a\n$/m);
  });

  it('falls back to a block replace on very different large inputs', () => {
    const a = Array.from({ length: 20_000 }, (_, i) => `a${i}`).join('\n');
    const b = Array.from({ length: 20_000 }, (_, i) => `b${i}`).join('\n');
    const diff = unifiedDiff(a, b);
    assert.equal((diff.match(/^-/gm) ?? []).length - 1, 20_000);
    assert.equal((diff.match(/^\+/gm) ?? []).length - 1, 20_000);
  });

  it('makes invisible characters visible', () => {
    assert.equal(makeVisible('a \t'), 'a·→');
    assert.equal(makeVisible('a\r'), 'a␍');
    assert.equal(makeVisible('a\u00a0b'), 'a⍽b');
  });
});
