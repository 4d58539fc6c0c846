// The lesson pack format as zod schemas: one source for load-time checks, the JSON Schema the
// editor uses while a maintainer types, and the TypeScript types of the lesson model.
import * as z from 'zod';

/** The pack format this build reads natively; older versions are migrated on load. */
export const CURRENT_FORMAT_VERSION = 1;

/** Pack and lesson ids: also folder names, so short enough for every file system. */
export const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
export const MAX_ID_LENGTH = 64;

const idSchema = z
  .string()
  .regex(ID_PATTERN, { message: 'expected lowercase letters, digits and dashes, e.g. "my-lesson"' })
  .max(MAX_ID_LENGTH, { message: `expected at most ${MAX_ID_LENGTH} characters` })
  .describe('Lowercase letters, digits and dashes; also the name of the folder.');

const text = (description: string) => z.string().min(1).describe(description);

const relativeFile = (description: string) =>
  z
    .string()
    .min(1)
    .describe(`${description} Relative to the lesson folder; must stay inside the pack.`);

export const comparisonModeSchema = z
  .enum(['normalized', 'exact', 'contains', 'regex', 'numeric'])
  .describe(
    'normalized: line endings, colour codes, trailing spaces and trailing blank lines ignored; ' +
      'exact: byte for byte; contains: ' +
      'expected text appears in the output; regex: expected is a regular expression; numeric: ' +
      'numbers compared with a tolerance, the rest normalized.',
  );

export const comparisonObjectSchema = z.strictObject({
  mode: comparisonModeSchema,
  absoluteTolerance: z
    .number()
    .nonnegative()
    .optional()
    .describe('Numeric mode: allowed absolute difference.'),
  relativeTolerance: z
    .number()
    .nonnegative()
    .optional()
    .describe('Numeric mode: allowed relative difference.'),
});

export const comparisonSchema = z
  .union([comparisonModeSchema, comparisonObjectSchema])
  .describe('How the output is compared with expectedOutput; a mode name or {mode, tolerances}.');

export const lineNoteSchema = z.strictObject({
  line: z.number().int().positive().describe('1-based line of the example file.'),
  text: text('What that line does and why.'),
});

export const interviewQuestionSchema = z.strictObject({
  question: text('The question as an interviewer would ask it.'),
  answer: text('A good answer, in a few sentences.'),
});

export const quizOptionSchema = z.strictObject({
  text: text('The option shown to the learner.'),
  correct: z.boolean().describe('Exactly one option of a question is correct.'),
  why: text('Why this option is right or wrong; shown after the learner chooses.'),
});

export const quizQuestionSchema = z
  .strictObject({
    id: idSchema.describe('Identifies the question in saved progress; unique within the lesson.'),
    question: text('The question.'),
    options: z
      .array(quizOptionSchema)
      .min(2)
      .describe('At least two options, exactly one correct.'),
  })
  .superRefine((question, ctx) => {
    const correct = question.options.filter((option) => option.correct).length;
    if (correct !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['options'],
        message: `expected exactly one option with correct: true, found ${correct}`,
      });
    }
  });

/** The YAML front matter of a lesson.md, as a maintainer writes it. */
export const lessonFrontMatterSchema = z
  .strictObject({
    id: idSchema,
    title: text('The lesson title shown to learners.'),
    tags: z
      .array(z.string().min(1))
      .describe('Words the lesson search matches, e.g. [serving, latency].'),
    expectedOutput: z.string().optional().describe('What the example prints.'),
    expectedOutputFile: relativeFile(
      'A file holding what the example prints, instead of expectedOutput.',
    ).optional(),
    comparison: comparisonSchema.default('normalized'),
    timeout: z.number().positive().max(600).default(10).describe('Seconds a run may take.'),
    stdin: z.string().optional().describe('Text given to the program on standard input.'),
    requires: z
      .array(z.string().min(1))
      .default([])
      .describe('Python modules beyond the standard library.'),
    practiceFile: z
      .string()
      .min(1)
      .optional()
      .describe("Workspace-relative path of the learner's file; default practice/<id with _>.py."),
    expectFindings: z
      .array(z.string().min(1))
      .default([])
      .describe(
        'Lint codes the example is meant to show, e.g. [ML001]; empty when it must lint clean.',
      ),
    example: relativeFile('The example program.').default('example.py'),
    starter: relativeFile('The practice starter the learner begins from.').default('starter.py'),
    solution: relativeFile('A practice solution that passes.').default('solution.py'),
    lineByLine: z
      .array(lineNoteSchema)
      .min(1)
      .describe('Explanations tied to lines of the example.'),
    interviewQuestions: z.array(interviewQuestionSchema).min(1),
    quiz: z.array(quizQuestionSchema).min(1),
    hints: z.array(z.string().min(1)).describe('Offered one at a time after a failed check.'),
  })
  .superRefine((lesson, ctx) => {
    const given =
      Number(lesson.expectedOutput !== undefined) + Number(lesson.expectedOutputFile !== undefined);
    if (given !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['expectedOutput'],
        message:
          given === 0
            ? 'is missing: expected expectedOutput (a string) or expectedOutputFile (a file name)'
            : 'expected only one of expectedOutput and expectedOutputFile',
      });
    }

    const seen = new Set<string>();
    lesson.quiz.forEach((question, index) => {
      if (seen.has(question.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['quiz', index, 'id'],
          message: `duplicate quiz id '${question.id}'`,
        });
      }
      seen.add(question.id);
    });
  });

/** pack.yaml. */
export const packManifestSchema = z.strictObject({
  id: idSchema,
  title: text('The pack title shown in the lesson browser.'),
  description: text('One or two sentences on what the pack teaches.'),
  formatVersion: z
    .literal(CURRENT_FORMAT_VERSION)
    .describe('Version of the lesson pack format; older versions are migrated on load.'),
  lessons: z
    .array(idSchema)
    .min(1)
    .describe('Lesson folder names (which are the lesson ids), in the order learners take them.'),
  requires: z
    .array(z.string().min(1))
    .optional()
    .describe('Python modules every lesson of the pack needs.'),
});

export type LessonFrontMatter = z.output<typeof lessonFrontMatterSchema>;
export type PackManifest = z.output<typeof packManifestSchema>;
