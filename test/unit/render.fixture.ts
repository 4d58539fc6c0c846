// A lesson built in code for the panel tests, with text in every section and a few hostile bits.
import * as path from 'path';
import type { Lesson } from '../../core/lessons/types';

export const PACK_DIR = path.resolve('/packs/demo');
export const LESSON_DIR = path.join(PACK_DIR, 'validated-predict');

const example = [
  "payload = {'features': [1.0, 2.0]}",
  "accepted = len(payload['features']) == 2",
  "print('Demo:', 'accepted' if accepted else 'rejected')",
  '',
].join('\n');

export function demoLesson(overrides: Partial<Lesson> = {}): Lesson {
  return {
    id: 'validated-predict',
    title: 'Validated <Predict>',
    packId: 'demo',
    tags: ['contracts', 'serving'],
    dir: LESSON_DIR,
    file: path.join(LESSON_DIR, 'lesson.md'),
    summary: 'SUMMARY-TEXT: check **inputs** before `predict`.',
    syntax: 'SYNTAX-TEXT `prediction = service.predict(validated_payload)`',
    realWorldUses: 'REALWORLD-TEXT fraud scoring',
    commonMistakes: 'MISTAKES-TEXT skipping the baseline',
    bestPractices: 'PRACTICES-TEXT version the data',
    howItWorks: 'HOWITWORKS-TEXT the check runs first',
    dataAndModelDecisions: 'DECISIONS-TEXT pick a metric',
    verificationPlan: 'VERIFY-TEXT missing and shifted inputs',
    practiceTask: 'TASK-TEXT make it print accepted',
    quickSummary: 'QUICK-TEXT validate, then predict',
    example: { path: path.join(LESSON_DIR, 'example.py'), code: example },
    starter: { path: path.join(LESSON_DIR, 'starter.py'), code: 'payload = {}\n' },
    solution: { path: path.join(LESSON_DIR, 'solution.py'), code: example },
    expectedOutput: 'Demo: accepted\n',
    comparison: { mode: 'normalized' },
    requires: [],
    lineByLine: [
      { line: 1, text: 'LINE1-NOTE builds the payload' },
      { line: 2, text: 'LINE2-NOTE checks the contract' },
    ],
    interviewQuestions: [{ question: 'INTERVIEW-Q why validate?', answer: 'INTERVIEW-A garbage in' }],
    quiz: [
      {
        id: 'q1',
        question: 'QUIZ-Q1 which is best?',
        options: [
          { text: 'Validate first', correct: true, why: 'WHY-RIGHT it fails fast' },
          { text: 'Predict first', correct: false, why: 'WHY-WRONG bad data gets in' },
        ],
      },
      {
        id: 'q2',
        question: 'QUIZ-Q2 and then?',
        options: [{ text: 'Log it', correct: true, why: 'WHY-LOG' }],
      },
    ],
    hints: ['HINT-ONE count the features', 'HINT-TWO print the word'],
    practiceFile: 'practice/validated_predict.py',
    expectFindings: [],
    ...overrides,
  };
}
