// The lesson panel's HTML, built from a Lesson without the editor so tests can read it: every
// section in reading order, a strict Content-Security-Policy, and stable ids for the panel script.
import * as path from 'path';
import type { Lesson, SectionKey } from '../../../core/lessons/types';
import { highlightPythonLines } from './highlight';
import { escapeHtml } from './html';
import { MarkdownContext, renderMarkdown, renderMarkdownInline } from './markdown';

export interface PanelAssets {
  /** Fresh per render, from crypto.randomBytes. */
  nonce: string;
  /** The webview's `cspSource`: the origin of the extension's local resources. */
  cspSource: string;
  styleUri: string;
  scriptUri: string;
  /** Maps an absolute file path inside the pack folder to a URL the webview may load. */
  resourceUri(absolutePath: string): string;
  /** Absolute path of the lesson's pack folder; images outside it are not shown. */
  packDir: string;
}

/** Section keys in the order a learner reads them, with their headings. */
export const SECTION_ORDER: ReadonlyArray<readonly [SectionKey, string]> = [
  ['summary', 'Summary'],
  ['syntax', 'Syntax'],
  ['example', 'Example'],
  ['expectedOutput', 'Expected output'],
  ['lineByLine', 'Line by line'],
  ['howItWorks', 'How it works'],
  ['realWorldUses', 'Real-world uses'],
  ['dataAndModelDecisions', 'Data and model decisions'],
  ['commonMistakes', 'Common mistakes'],
  ['bestPractices', 'Best practices'],
  ['verificationPlan', 'Verification plan'],
  ['practiceTask', 'Practice task'],
  ['quickSummary', 'Quick summary'],
  ['interviewQuestions', 'Interview questions'],
  ['quiz', 'Quiz'],
];

type Prose = 'summary' | 'syntax' | 'realWorldUses' | 'commonMistakes' | 'bestPractices'
  | 'howItWorks' | 'dataAndModelDecisions' | 'verificationPlan' | 'quickSummary';

export function renderLessonHtml(lesson: Lesson, assets: PanelAssets): string {
  const markdown: MarkdownContext = {
    resolveImage: (src) => resolvePackImage(src, lesson.dir, assets.packDir, assets.resourceUri),
  };
  const sections = SECTION_ORDER.map(([key, title]) =>
    section(key, title, sectionBody(lesson, key, markdown)),
  ).join('\n');

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(assets))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" nonce="${assets.nonce}" href="${escapeHtml(assets.styleUri)}">
<title>${escapeHtml(lesson.title)}</title>
</head>
<body data-lesson-id="${escapeHtml(lesson.id)}" data-pack-id="${escapeHtml(lesson.packId)}">
<a class="skip-link" href="#section-practiceTask">Skip to the practice task</a>
<main id="lesson" aria-labelledby="lesson-title">
<header>
<h1 id="lesson-title">${escapeHtml(lesson.title)}</h1>
${tagList(lesson.tags)}
${tableOfContents()}
</header>
${sections}
</main>
<div id="notice" role="status" aria-live="polite"></div>
<script nonce="${assets.nonce}" src="${escapeHtml(assets.scriptUri)}"></script>
</body>
</html>
`;
}

export function contentSecurityPolicy(assets: Pick<PanelAssets, 'nonce' | 'cspSource'>): string {
  return [
    "default-src 'none'",
    `img-src ${assets.cspSource}`,
    `style-src ${assets.cspSource} 'nonce-${assets.nonce}'`,
    `font-src ${assets.cspSource}`,
    `script-src 'nonce-${assets.nonce}'`,
  ].join('; ');
}

/**
 * Resolves a relative reference from the lesson folder and keeps it only when it names a path
 * inside the pack folder: no schemes (remote or data URLs), no escaping with `..`.
 */
export function resolveInsidePack(ref: string, lessonDir: string, packDir: string): string | undefined {
  if (ref === '' || /^[a-z][a-z0-9+.-]*:/i.test(ref) || ref.startsWith('//')) return undefined;

  let decoded: string;
  try {
    decoded = decodeURIComponent(ref.split(/[?#]/)[0]);
  } catch {
    return undefined;
  }
  const resolved = path.resolve(lessonDir, decoded);
  const relative = path.relative(path.resolve(packDir), resolved);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return resolved;
}

export function resolvePackImage(
  src: string,
  lessonDir: string,
  packDir: string,
  toUri: (absolutePath: string) => string,
): string | undefined {
  const resolved = resolveInsidePack(src, lessonDir, packDir);
  return resolved === undefined ? undefined : toUri(resolved);
}

function section(key: SectionKey, title: string, body: string): string {
  return `<section id="section-${key}" data-section="${key}" aria-labelledby="heading-${key}">
<h2 id="heading-${key}">${escapeHtml(title)}</h2>
${body}
</section>`;
}

function sectionBody(lesson: Lesson, key: SectionKey, markdown: MarkdownContext): string {
  switch (key) {
    case 'example':
      return exampleSection(lesson);
    case 'expectedOutput':
      return `<pre id="expected-output" class="output">${escapeHtml(lesson.expectedOutput)}</pre>`;
    case 'lineByLine':
      return lineByLineSection(lesson, markdown);
    case 'practiceTask':
      return practiceSection(lesson, markdown);
    case 'interviewQuestions':
      return interviewSection(lesson, markdown);
    case 'quiz':
      return quizSection(lesson, markdown);
    default:
      return `<div class="prose">${renderMarkdown(lesson[key as Prose], markdown)}</div>`;
  }
}

function codeBlock(id: string, code: string, label: string): string {
  const lines = highlightPythonLines(code)
    .map((html, index) => `<span class="code-line" data-line="${index + 1}">${html}</span>`)
    .join('\n');
  return `<pre id="${id}" class="code" tabindex="0" aria-label="${escapeHtml(label)}">` +
    `<code class="language-python">${lines}</code></pre>`;
}

function exampleSection(lesson: Lesson): string {
  const requires = lesson.requires.length > 0
    ? `<p class="requires">Needs: ${lesson.requires.map((m) => `<code>${escapeHtml(m)}</code>`).join(', ')}</p>`
    : '<p class="requires">Runs with the Python standard library.</p>';
  return `${requires}
${codeBlock('example-code', lesson.example.code, 'Example code')}
<div class="actions">
<button type="button" id="copy-example">Copy example</button>
</div>`;
}

function lineByLineSection(lesson: Lesson, markdown: MarkdownContext): string {
  const exampleLines = lesson.example.code.split('\n');
  const items = lesson.lineByLine.map((note) => {
    const codeText = exampleLines[note.line - 1] ?? '';
    return `<li class="line-note-item">
<button type="button" class="line-note" data-line="${note.line}" aria-pressed="false">` +
      `Line ${note.line}: <code>${escapeHtml(codeText.trim())}</code></button>
<div class="line-note-text">${renderMarkdownInline(note.text, markdown)}</div>
</li>`;
  });
  return `<p class="hint-text">Select a line to highlight it in the example and in your ` +
    `practice file.</p>\n<ol id="line-notes">\n${items.join('\n')}\n</ol>`;
}

function practiceSection(lesson: Lesson, markdown: MarkdownContext): string {
  const hints = lesson.hints
    .map((hint, index) => `<li class="hint" data-hint="${index}" hidden>${renderMarkdownInline(hint, markdown)}</li>`)
    .join('\n');
  return `<div class="prose">${renderMarkdown(lesson.practiceTask, markdown)}</div>
<p>Your file: <code id="practice-file">${escapeHtml(lesson.practiceFile)}</code></p>
<div class="actions">
<button type="button" id="start-practice">Start practice</button>
<button type="button" id="check-practice">Check</button>
</div>
<div id="verdict" role="status" aria-live="polite" data-verdict=""></div>
<pre id="diff" class="output" hidden aria-label="Difference between expected and actual output"></pre>
<div id="help" hidden>
<ol id="hints" aria-label="Hints">
${hints}
</ol>
<div class="actions">
<button type="button" id="show-hint" data-hint-count="${lesson.hints.length}">Show a hint</button>
<button type="button" id="reveal-solution">Reveal solution</button>
</div>
</div>
<div id="solution" hidden>
<h3 id="solution-heading">Solution</h3>
${codeBlock('solution-code', lesson.solution.code, 'Solution code')}
</div>`;
}

function interviewSection(lesson: Lesson, markdown: MarkdownContext): string {
  return lesson.interviewQuestions
    .map((item, index) => `<details class="interview" data-index="${index}">
<summary>${renderMarkdownInline(item.question, markdown)}</summary>
<div class="prose">${renderMarkdown(item.answer, markdown)}</div>
</details>`)
    .join('\n');
}

function quizSection(lesson: Lesson, markdown: MarkdownContext): string {
  return lesson.quiz.map((question, number) => {
    const qid = escapeHtml(question.id);
    const options = question.options.map((option, index) => `<li>
<button type="button" class="quiz-option" data-question-id="${qid}" data-option="${index}" ` +
      `data-correct="${option.correct}" aria-pressed="false">${renderMarkdownInline(option.text, markdown)}</button>
<p class="quiz-why" data-option="${index}" hidden>${renderMarkdownInline(option.why, markdown)}</p>
</li>`).join('\n');
    return `<fieldset class="quiz-question" data-question-id="${qid}">
<legend><h3 class="quiz-heading">Question ${number + 1}</h3>` +
      `${renderMarkdownInline(question.question, markdown)}</legend>
<ol class="quiz-options">
${options}
</ol>
<p class="quiz-result" role="status" aria-live="polite" data-question-id="${qid}"></p>
</fieldset>`;
  }).join('\n');
}

function tagList(tags: string[]): string {
  if (tags.length === 0) return '';
  const items = tags.map((tag) => `<li class="tag">${escapeHtml(tag)}</li>`).join('');
  return `<ul class="tags" aria-label="Tags">${items}</ul>`;
}

function tableOfContents(): string {
  const links = SECTION_ORDER.map(([key, title]) =>
    `<li><a href="#section-${key}">${escapeHtml(title)}</a></li>`).join('');
  return `<nav aria-label="Sections"><ol class="toc">${links}</ol></nav>`;
}
