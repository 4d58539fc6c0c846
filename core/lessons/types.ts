// The lesson model as the rest of the product sees it, once a pack has been read and checked.
import type * as z from 'zod';
import type {
  comparisonObjectSchema,
  interviewQuestionSchema,
  lineNoteSchema,
  quizOptionSchema,
  quizQuestionSchema,
} from './schema';

export const SECTION_KEYS = [
  'summary',
  'syntax',
  'example',
  'expectedOutput',
  'lineByLine',
  'realWorldUses',
  'commonMistakes',
  'bestPractices',
  'howItWorks',
  'dataAndModelDecisions',
  'verificationPlan',
  'practiceTask',
  'quickSummary',
  'interviewQuestions',
  'quiz',
] as const;

export type SectionKey = (typeof SECTION_KEYS)[number];

export interface CodeFile {
  /** Absolute path. */
  path: string;
  code: string;
}

// The shapes a maintainer writes come from the zod schema, so the checks and the types agree.
/** 1-based `line` of the example and what it does. */
export type LineNote = z.output<typeof lineNoteSchema>;
export type InterviewQuestion = z.output<typeof interviewQuestionSchema>;
/** `correct` marks the one right option; `why` is shown after choosing. */
export type QuizOption = z.output<typeof quizOptionSchema>;
export type QuizQuestion = z.output<typeof quizQuestionSchema>;
export type Comparison = z.output<typeof comparisonObjectSchema>;

export interface Lesson {
  id: string;
  title: string;
  packId: string;
  tags: string[];
  /** Absolute path of the lesson's folder. */
  dir: string;
  /** Absolute path of the lesson's Markdown file. */
  file: string;
  /** Markdown prose sections. */
  summary: string;
  syntax: string;
  realWorldUses: string;
  commonMistakes: string;
  bestPractices: string;
  howItWorks: string;
  dataAndModelDecisions: string;
  verificationPlan: string;
  practiceTask: string;
  quickSummary: string;
  example: CodeFile;
  starter: CodeFile;
  solution: CodeFile;
  expectedOutput: string;
  comparison: Comparison;
  timeoutSeconds?: number;
  /** Text given to the program on stdin. */
  stdin?: string;
  /** Python modules the example needs beyond the standard library. */
  requires: string[];
  lineByLine: LineNote[];
  interviewQuestions: InterviewQuestion[];
  quiz: QuizQuestion[];
  hints: string[];
  /** Workspace-relative path where Start Practice creates the learner's file. */
  practiceFile: string;
  /** Lint codes the example is meant to show; empty when it must lint clean. */
  expectFindings: string[];
}

export interface Pack {
  id: string;
  title: string;
  description: string;
  formatVersion: number;
  /** The older format version the pack was written in and migrated from on load. */
  migratedFrom?: number;
  /** Absolute path of the pack's folder. */
  dir: string;
  lessons: Lesson[];
}

export interface LessonProblem {
  /** Absolute path of the file at fault. */
  file: string;
  /** 1-based, when known. */
  line?: number;
  column?: number;
  /** Id of the lesson at fault, when the problem belongs to one. */
  lesson?: string;
  /** Dotted path of the field at fault, e.g. "quiz.0.options". */
  field?: string;
  message: string;
}
