// The benchmark corpus is deterministic and realistic enough to exercise the rules.
import * as assert from 'node:assert/strict';
import {
  cellLines,
  createRng,
  generateCorpus,
  generateNotebook,
  generateScript,
  lineCount,
} from '../../bench/corpus';
import { LONG_STATEMENTS, notebookParseText } from '../../bench/lint';
import { lintSource } from '../../core/lint';
import { errorLines } from './lint-engine-helpers';

describe('bench corpus', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const first = createRng(7);
    const again = createRng(7);
    const other = createRng(8);
    const a = Array.from({ length: 20 }, () => first());
    const b = Array.from({ length: 20 }, () => again());
    const c = Array.from({ length: 20 }, () => other());
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
    assert.ok(a.every((value) => value >= 0 && value < 1));
  });

  it('does not read Math.random', () => {
    const random = Math.random;
    Math.random = () => {
      throw new Error('Math.random was called');
    };
    try {
      generateCorpus(3, 2000);
    } finally {
      Math.random = random;
    }
  });

  it('generates the same corpus twice from one seed, and another from another seed', () => {
    assert.deepEqual(generateCorpus(11, 4000), generateCorpus(11, 4000));
    assert.notEqual(generateCorpus(11, 4000).script, generateCorpus(12, 4000).script);
  });

  it('reaches the requested size without overshooting it by more than one section', () => {
    for (const size of [1000, 4000, 16000]) {
      const corpus = generateCorpus(5, size);
      assert.ok(corpus.lines >= size, `${corpus.lines} lines for ${size}`);
      assert.ok(corpus.lines < size + 120, `${corpus.lines} lines for ${size}`);
      assert.equal(corpus.lines, lineCount(corpus.script) + cellLines(corpus.notebook));
    }
  });

  it('writes the ML idioms the rules look for: aliases, pipelines, splits, metrics, handlers', () => {
    const script = generateScript(1, 3000);
    for (const idiom of [
      'train_test_split as tts',
      'make_pipeline(',
      'test_size=0.2',
      '.predict(',
      'DummyClassifier(',
      'json.loads(event["body"])',
      'cross_val_score(',
      'np.random.',
    ]) {
      assert.ok(script.includes(idiom), `no "${idiom}" in the generated script`);
    }
  });

  it('puts magics, shell escapes and markdown in notebooks, and parses once they are blanked', () => {
    const cells = generateNotebook(2, 2000);
    const sources = cells.map((cell) => cell.source);
    assert.ok(cells.some((cell) => cell.kind === 'markdown'));
    assert.ok(sources.some((source) => source.startsWith('%%time\n')));
    assert.ok(sources.some((source) => /^!/m.test(source)));
    assert.ok(!/^[ \t]*[%!]/m.test(notebookParseText(cells)));
  });

  it('writes long statements that python3 compiles and the linter reads without an error', () => {
    const texts = Object.values(LONG_STATEMENTS).map((statement) => statement(300));
    assert.deepEqual(errorLines(texts), texts.map(() => null));
    for (const text of texts) {
      assert.deepEqual(lintSource(text).filter((finding) => finding.code === 'ML000'), []);
    }
    const predictions = lintSource(LONG_STATEMENTS.predictions(300));
    assert.equal(predictions.filter((finding) => finding.code === 'ML001').length, 300);
  });
});
