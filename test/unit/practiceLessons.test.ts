// Matching practice files to lessons and turning a lesson into a check request.
import * as assert from 'node:assert/strict';
import type { Lesson } from '../../core/lessons/types';
import {
  checkPractice,
  DEFAULT_TIMEOUT_MS,
  lessonsForPracticeFile,
  normalizeRelativePath,
  practiceFilePath,
  requestForLesson,
} from '../../core/practice';
import { fixture } from './practiceFixtures';

function lesson(overrides: Partial<Lesson>): Lesson {
  const code = { path: '/nowhere/example.py', code: '' };
  return {
    id: 'a-lesson',
    title: 'A Lesson',
    packId: 'pack',
    tags: [],
    dir: '/nowhere',
    file: '/nowhere/lesson.md',
    summary: '',
    syntax: '',
    realWorldUses: '',
    commonMistakes: '',
    bestPractices: '',
    howItWorks: '',
    dataAndModelDecisions: '',
    verificationPlan: '',
    practiceTask: '',
    quickSummary: '',
    example: code,
    starter: code,
    solution: code,
    expectedOutput: 'hello Ada\n',
    comparison: { mode: 'normalized' },
    requires: [],
    lineByLine: [],
    interviewQuestions: [],
    quiz: [],
    hints: [],
    practiceFile: 'practice/a_lesson.py',
    expectFindings: [],
    ...overrides,
  };
}

describe('practice files and lessons', () => {
  const lessons = [
    lesson({ id: 'one', practiceFile: 'practice/one.py' }),
    lesson({ id: 'two', practiceFile: './practice/two.py' }),
  ];

  it('matches a lesson by its practice path in any spelling', () => {
    assert.deepEqual(lessonsForPracticeFile(lessons, 'practice/one.py').map((l) => l.id), ['one']);
    assert.deepEqual(lessonsForPracticeFile(lessons, 'practice\\two.py').map((l) => l.id), ['two']);
    assert.deepEqual(lessonsForPracticeFile(lessons, 'practice/../practice/two.py').map((l) => l.id), ['two']);
  });

  it('matches nothing for other files', () => {
    assert.deepEqual(lessonsForPracticeFile(lessons, 'one.py'), []);
    assert.deepEqual(lessonsForPracticeFile(lessons, 'practice/three.py'), []);
  });

  it('normalises relative paths', () => {
    assert.equal(normalizeRelativePath('./a//b/'), 'a/b');
  });

  it('resolves a practice file inside a workspace folder', () => {
    assert.equal(practiceFilePath(lessons[0], '/work/space'), '/work/space/practice/one.py');
  });
});

describe('requestForLesson', () => {
  it('carries the expected output, mode, tolerance, timeout and input', () => {
    const l = lesson({
      comparison: { mode: 'numeric', absoluteTolerance: 0.01 },
      timeoutSeconds: 3,
      stdin: 'Ada\n',
    });
    const request = requestForLesson(l, '/tmp/x.py', { python: '/usr/bin/python3' });
    assert.deepEqual(request, {
      file: '/tmp/x.py',
      expected: 'hello Ada\n',
      mode: 'numeric',
      tolerance: { absolute: 0.01, relative: undefined },
      timeoutMs: 3000,
      stdin: 'Ada\n',
      python: '/usr/bin/python3',
    });
  });

  it('restores the final newline a lesson file left out', () => {
    assert.equal(requestForLesson(lesson({ expectedOutput: 'a\nb' }), '/tmp/x.py').expected, 'a\nb\n');
    assert.equal(requestForLesson(lesson({ expectedOutput: 'a\n' }), '/tmp/x.py').expected, 'a\n');
    assert.equal(requestForLesson(lesson({ expectedOutput: '' }), '/tmp/x.py').expected, '');
  });

  it('lets the exact mode pass a print() of a lesson written without a final newline', async () => {
    const l = lesson({ expectedOutput: 'Scalability in ML Systems: accepted', comparison: { mode: 'exact' } });
    const result = await checkPractice(requestForLesson(l, fixture('accepted.py')));
    assert.equal(result.verdict, 'pass');
    assert.equal(result.normalizationChangedVerdict, false);
  });

  it('defaults the timeout and leaves stdin closed', () => {
    const request = requestForLesson(lesson({}), '/tmp/x.py');
    assert.equal(request.timeoutMs, DEFAULT_TIMEOUT_MS);
    assert.equal(request.stdin, undefined);
    assert.equal(request.tolerance, undefined);
  });

  it('runs a lesson with declared input end to end', async () => {
    const l = lesson({ stdin: 'Ada\n' });
    const result = await checkPractice(requestForLesson(l, fixture('reads_input.py')));
    assert.equal(result.verdict, 'pass');
  });
});
