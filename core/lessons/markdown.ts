// Splits a lesson.md into its YAML front matter and its `## ` prose sections.

/** The prose sections of a lesson, keyed as in the lesson model. */
export const PROSE_SECTIONS = [
  { key: 'summary', title: 'Summary' },
  { key: 'syntax', title: 'Syntax' },
  { key: 'realWorldUses', title: 'Real-world uses' },
  { key: 'commonMistakes', title: 'Common mistakes' },
  { key: 'bestPractices', title: 'Best practices' },
  { key: 'howItWorks', title: 'How it works' },
  { key: 'dataAndModelDecisions', title: 'Data and model decisions' },
  { key: 'verificationPlan', title: 'Verification plan' },
  { key: 'practiceTask', title: 'Practice task' },
  { key: 'quickSummary', title: 'Quick summary' },
] as const;

export type ProseKey = (typeof PROSE_SECTIONS)[number]['key'];

export interface TextProblem {
  line: number;
  field?: string;
  message: string;
}

export interface FrontMatterSplit {
  yaml: string;
  /** 1-based line of the file where the YAML starts. */
  yamlLine: number;
  body: string;
  /** 1-based line of the file where the body starts. */
  bodyLine: number;
}

/** Finds the front matter between a first line `---` and the next line `---`. */
export function splitFrontMatter(source: string): FrontMatterSplit | TextProblem {
  const lines = source.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trim() !== '---') {
    return {
      line: 1,
      message:
        'expected the file to start with YAML front matter: a line ---, the fields, a line ---',
    };
  }

  const end = lines.findIndex((line, index) => index > 0 && line.trim() === '---');
  if (end === -1) {
    return {
      line: 1,
      message: 'front matter is not closed: expected a second line --- after the fields',
    };
  }

  return {
    yaml: lines.slice(1, end).join('\n'),
    yamlLine: 2,
    body: lines.slice(end + 1).join('\n'),
    bodyLine: end + 2,
  };
}

export interface ParsedSections {
  sections: Partial<Record<ProseKey, string>>;
  problems: TextProblem[];
}

/** Reads the `## ` sections of the body; every one of PROSE_SECTIONS must be present, once. */
export function parseSections(body: string, bodyLine: number): ParsedSections {
  const problems: TextProblem[] = [];
  const sections: Partial<Record<ProseKey, string>> = {};
  const headingLines = new Map<ProseKey, number>();
  let current: { key: ProseKey | undefined; lines: string[] } | undefined;
  let fence: string | undefined;

  const finish = () => {
    if (current?.key) sections[current.key] = current.lines.join('\n').trim();
  };

  body.split('\n').forEach((line, index) => {
    const lineNo = bodyLine + index;
    const fenceMark = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fenceMark && (!fence || fenceMark.startsWith(fence))) {
      fence = fence ? undefined : fenceMark;
    }

    const heading = fence || fenceMark ? undefined : /^##\s+(.+?)\s*#*\s*$/.exec(line)?.[1];
    if (heading === undefined) {
      if (current) current.lines.push(line);
      else if (line.trim() && !/^#\s/.test(line)) {
        problems.push({
          line: lineNo,
          message: 'text before the first ## section is not shown; move it into a section',
        });
      }
      return;
    }

    finish();
    const known = PROSE_SECTIONS.find(
      (section) => section.title.toLowerCase() === heading.toLowerCase(),
    );
    const first = known !== undefined && !headingLines.has(known.key);
    if (!known) {
      problems.push({
        line: lineNo,
        message: `unknown section '${heading}': expected one of ${titles()}`,
      });
    } else if (headingLines.has(known.key)) {
      problems.push({
        line: lineNo,
        field: known.key,
        message: `section '${known.title}' appears twice (first on line ${headingLines.get(known.key)})`,
      });
    } else {
      headingLines.set(known.key, lineNo);
    }
    current = { key: first ? known.key : undefined, lines: [] };
  });
  finish();

  for (const { key, title } of PROSE_SECTIONS) {
    if (!headingLines.has(key)) {
      problems.push({ line: bodyLine, field: key, message: `missing section '## ${title}'` });
    } else if (!sections[key]) {
      problems.push({
        line: headingLines.get(key)!,
        field: key,
        message: `section '## ${title}' is empty`,
      });
    }
  }

  return { sections, problems };
}

function titles(): string {
  return PROSE_SECTIONS.map((section) => section.title).join(', ');
}
