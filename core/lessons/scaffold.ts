// Creates a new lesson pack with one complete lesson that validates as created, for a
// maintainer to rename and rewrite.
import * as fs from 'fs';
import * as path from 'path';
import { LESSON_FILE, PACK_FILE } from './load';
import { CURRENT_FORMAT_VERSION, ID_PATTERN, MAX_ID_LENGTH } from './schema';

/** The first lesson's id is the pack's with this after it. */
const LESSON_SUFFIX = '-hello';

export class ScaffoldError extends Error {}

/** Writes `<parent>/<id>/` and returns its path; refuses to touch an existing folder. */
export function scaffoldPack(id: string, parent: string): string {
  if (!ID_PATTERN.test(id)) {
    throw new ScaffoldError(
      `pack id '${id}' must be lowercase letters, digits and dashes, e.g. "my-pack"`,
    );
  }
  const longest = MAX_ID_LENGTH - LESSON_SUFFIX.length;
  if (id.length > longest) {
    throw new ScaffoldError(
      `pack id '${id.slice(0, 20)}…' is ${id.length} characters long; at most ${longest}, ` +
        `so that its first lesson's id, '<id>${LESSON_SUFFIX}', fits in ${MAX_ID_LENGTH}`,
    );
  }
  const packDir = path.resolve(parent, id);
  if (fs.existsSync(packDir)) {
    throw new ScaffoldError(`${packDir} already exists; choose another id or --dir`);
  }

  const lessonId = `${id}${LESSON_SUFFIX}`;
  const files: Record<string, string> = {
    [PACK_FILE]: packYaml(id, lessonId),
    [path.join(lessonId, LESSON_FILE)]: lessonMarkdown(id, lessonId),
    [path.join(lessonId, 'example.py')]: `print('hello from ${id}')\n`,
    [path.join(lessonId, 'starter.py')]:
      `# Practice: make this program print exactly: hello from ${id}\npack_id = '${id}'\nprint('hello')\n`,
    [path.join(lessonId, 'solution.py')]: `pack_id = '${id}'\nprint(f'hello from {pack_id}')\n`,
  };

  for (const [relative, text] of Object.entries(files)) {
    const file = path.join(packDir, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  return packDir;
}

function packYaml(id: string, lessonId: string): string {
  return `id: ${id}
title: ${titleCase(id)}
description: One or two sentences on what this pack teaches and who it is for.
formatVersion: ${CURRENT_FORMAT_VERSION}
lessons:
  - ${lessonId}
`;
}

function lessonMarkdown(id: string, lessonId: string): string {
  return `---
id: ${lessonId}
title: Hello from ${titleCase(id)}
tags: [getting-started]
expectedOutput: "hello from ${id}"
lineByLine:
  - line: 1
    text: Prints the greeting that expectedOutput says the example prints.
interviewQuestions:
  - question: What does this lesson check?
    answer: That its example prints exactly what the lesson promises.
quiz:
  - id: what-is-printed
    question: What does the example print?
    options:
      - text: "hello from ${id}"
        correct: true
        why: It is the string passed to print, and the expected output says so.
      - text: Nothing
        correct: false
        why: The example calls print once.
hints:
  - Compare what your program prints with the expected output, character by character.
---

# Hello from ${titleCase(id)}

## Summary

What the lesson teaches, in two or three sentences a learner reads first.

## Syntax

The one line of code the lesson is about:

\`\`\`python
print('hello from ${id}')
\`\`\`

## Real-world uses

- Where a practitioner meets this, in one line each.

## Common mistakes

- What people get wrong, and what it costs them.

## Best practices

- What to do instead, stated as habits.

## How it works

What happens underneath, in a paragraph.

## Data and model decisions

- The choices about data and models this topic forces, and how to make them.

## Verification plan

- How to check that it works: the inputs to try and the results to expect.

## Practice task

Change the starter so that it prints \`hello from ${id}\`.

## Quick summary

The lesson in one or two sentences.
`;
}

function titleCase(id: string): string {
  return id
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}
