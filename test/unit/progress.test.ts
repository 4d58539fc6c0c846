// The progress store: per pack and lesson id, reset, migration from the flat format, export/import.
import * as assert from 'assert';
import {
  KeyValueStore,
  lessonState,
  migrateProgress,
  PROGRESS_FORMAT_VERSION,
  PROGRESS_KEY,
  ProgressFormatError,
  ProgressStore,
} from '../../client/src/lessons/progress';
import { demoLesson } from './render.fixture';

const NOW = new Date('2026-01-02T03:04:05.000Z');

class MemoryStore implements KeyValueStore {
  readonly values = new Map<string, unknown>();

  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }

  update(key: string, value: unknown): Promise<void> {
    this.values.set(key, JSON.parse(JSON.stringify(value)));
    return Promise.resolve();
  }
}

function newStore(memory = new MemoryStore()) {
  let changes = 0;
  const store = new ProgressStore(memory, () => (changes += 1), () => NOW);
  return { store, memory, changes: () => changes };
}

describe('progress store', () => {
  it('records opening, quiz answers and a pass, keyed by pack and lesson id', async () => {
    const { store, memory, changes } = newStore();
    await store.markOpened('demo', 'validated-predict');
    await store.recordQuizAnswer('demo', 'validated-predict', 'q1', 0);
    await store.markPassed('demo', 'validated-predict');

    assert.deepStrictEqual(store.lesson('demo', 'validated-predict'), {
      openedAt: NOW.toISOString(),
      quiz: { q1: 0 },
      practicePassedAt: NOW.toISOString(),
    });
    assert.strictEqual(store.lesson('other', 'validated-predict'), undefined);
    assert.strictEqual(changes(), 3);

    const reopened = new ProgressStore(memory);
    assert.deepStrictEqual(reopened.lesson('demo', 'validated-predict')?.quiz, { q1: 0 });
    assert.strictEqual(memory.get<{ formatVersion: number }>(PROGRESS_KEY)?.formatVersion, 1);
  });

  it('derives the lesson state from the furthest step', async () => {
    const { store } = newStore();
    const lesson = demoLesson();
    const state = () => lessonState(store.lesson('demo', lesson.id), lesson);

    assert.strictEqual(state(), 'new');
    await store.markOpened('demo', lesson.id);
    assert.strictEqual(state(), 'opened');
    await store.recordQuizAnswer('demo', lesson.id, 'q1', 1);
    assert.strictEqual(state(), 'opened', 'one of two questions answered');
    await store.recordQuizAnswer('demo', lesson.id, 'q2', 0);
    assert.strictEqual(state(), 'quizAnswered');
    await store.markPassed('demo', lesson.id);
    assert.strictEqual(state(), 'passed');
  });

  it('resets one lesson, one pack, or everything', async () => {
    const { store } = newStore();
    await store.markOpened('a', 'one');
    await store.markOpened('a', 'two');
    await store.markOpened('b', 'one');

    await store.resetLesson('a', 'one');
    assert.strictEqual(store.lesson('a', 'one'), undefined);
    assert.ok(store.lesson('a', 'two'));

    await store.resetPack('a');
    assert.strictEqual(store.lesson('a', 'two'), undefined);
    assert.ok(store.lesson('b', 'one'));

    await store.resetAll();
    assert.deepStrictEqual(store.snapshot(), { formatVersion: PROGRESS_FORMAT_VERSION, packs: {} });
  });

  it('migrates the flat "packId/lessonId" format', () => {
    const memory = new MemoryStore();
    memory.values.set(PROGRESS_KEY, {
      'ml-systems/scalability-in-ml-systems': { opened: true, quiz: { 'best-practice': 2 } },
      'ml-systems/latency-budgets': { passed: true },
    });
    const { store } = newStore(memory);

    assert.deepStrictEqual(store.lesson('ml-systems', 'scalability-in-ml-systems'), {
      openedAt: NOW.toISOString(),
      quiz: { 'best-practice': 2 },
    });
    assert.deepStrictEqual(store.lesson('ml-systems', 'latency-budgets'), {
      openedAt: NOW.toISOString(),
      practicePassedAt: NOW.toISOString(),
      quiz: {},
    });
  });

  it('refuses a flat entry whose key has no pack', () => {
    assert.throws(
      () => migrateProgress({ 'lonely-lesson': { opened: true } }, NOW),
      (error: Error) => error instanceof ProgressFormatError && error.message.includes('lonely-lesson'),
    );
  });

  it('exports and imports progress as JSON, round trip', async () => {
    const { store: source } = newStore();
    await source.markOpened('demo', 'one');
    await source.recordQuizAnswer('demo', 'one', 'q1', 1);
    await source.markPassed('other', 'two');
    const exported = source.exportJson();

    const { store: target } = newStore();
    await target.markOpened('kept', 'three');
    const count = await target.importJson(exported, 'progress.json');

    assert.strictEqual(count, 2);
    assert.deepStrictEqual(target.lesson('demo', 'one'), source.lesson('demo', 'one'));
    assert.deepStrictEqual(target.lesson('other', 'two'), source.lesson('other', 'two'));
    assert.ok(target.lesson('kept', 'three'), 'import merges with what was there');
    assert.strictEqual(JSON.parse(exported).exportedAt, NOW.toISOString());
  });

  it('rejects a bad import with the file name and the field at fault', async () => {
    const { store } = newStore();
    await store.markOpened('demo', 'one');
    const cases: Array<[string, RegExp]> = [
      ['{not json', /^bad\.json: not JSON/],
      ['[1, 2]', /^bad\.json: expected a JSON object/],
      ['{"formatVersion": 7, "packs": {}}', /^bad\.json: formatVersion:/],
      ['{"formatVersion": 1, "packs": {"demo": {"one": {"quiz": {"q1": "b"}}}}}',
        /^bad\.json: packs\.demo\.one\.quiz\.q1:/],
    ];
    for (const [text, expected] of cases) {
      await assert.rejects(store.importJson(text, 'bad.json'), (error: Error) => {
        assert.ok(error instanceof ProgressFormatError);
        assert.match(error.message, expected);
        return true;
      });
    }
    assert.deepStrictEqual(Object.keys(store.snapshot().packs), ['demo'], 'nothing was changed');
  });
});
