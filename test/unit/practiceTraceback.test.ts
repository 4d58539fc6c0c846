// Reading Python tracebacks: frames, the exception line, syntax-error columns.
import * as assert from 'node:assert/strict';
import { deepestFrameIn, parseTraceback } from '../../core/practice';
import { distributionFor, missingModule } from '../../core/practice/traceback';

const RUNTIME = `Traceback (most recent call last):
  File "/w/main.py", line 6, in <module>
    print(ratio(1, 0))
          ^^^^^^^^^^^
  File "/w/main.py", line 3, in ratio
    return helper(a) / b
  File "/usr/lib/python3.11/fractions.py", line 10, in helper
    raise ValueError("bad")
ValueError: bad
`;

const SYNTAX = `  File "/w/main.py", line 2
    print("missing bracket"
         ^
SyntaxError: '(' was never closed
`;

const CHAINED = `Traceback (most recent call last):
  File "/w/a.py", line 1, in <module>
KeyError: 'x'

During handling of the above exception, another exception occurred:

Traceback (most recent call last):
  File "/w/a.py", line 4, in <module>
RuntimeError: wrapped
`;

describe('parseTraceback', () => {
  it('reads frames and the exception line', () => {
    const t = parseTraceback(RUNTIME)!;
    assert.equal(t.summary, 'ValueError: bad');
    assert.equal(t.exception, 'ValueError');
    assert.deepEqual(t.frames.map((f) => f.line), [6, 3, 10]);
    assert.equal(t.column, undefined);
  });

  it('finds the deepest frame in the learner file, not in the library', () => {
    const t = parseTraceback(RUNTIME)!;
    assert.deepEqual(deepestFrameIn(t, '/w/main.py'), { file: '/w/main.py', line: 3, name: 'ratio' });
  });

  it('reads a syntax error and its caret column', () => {
    const t = parseTraceback(SYNTAX)!;
    assert.equal(t.exception, 'SyntaxError');
    assert.deepEqual(t.frames, [{ file: '/w/main.py', line: 2, name: undefined }]);
    assert.equal(t.column, 6);
  });

  it('reads the last of chained tracebacks', () => {
    const t = parseTraceback(CHAINED)!;
    assert.equal(t.summary, 'RuntimeError: wrapped');
    assert.equal(t.frames[0].line, 4);
  });

  it('handles CRLF and finds nothing in plain stderr', () => {
    assert.equal(parseTraceback(RUNTIME.replace(/\n/g, '\r\n'))?.summary, 'ValueError: bad');
    assert.equal(parseTraceback('warning: something\n'), undefined);
    assert.equal(parseTraceback(''), undefined);
  });
});

describe('missing modules', () => {
  it('names the module and its pip distribution', () => {
    assert.equal(missingModule("ModuleNotFoundError: No module named 'sklearn.linear_model'"), 'sklearn.linear_model');
    assert.equal(distributionFor('sklearn.linear_model'), 'scikit-learn');
    assert.equal(distributionFor('numpy'), 'numpy');
    assert.equal(missingModule('ValueError: x'), undefined);
  });
});
