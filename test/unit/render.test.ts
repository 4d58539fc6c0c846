// The lesson panel's HTML: every section in reading order, escaping, CSP and image rules.
import * as assert from 'assert';
import * as path from 'path';
import { SECTION_KEYS } from '../../core/lessons/types';
import {
  PanelAssets,
  renderLessonHtml,
  resolvePackImage,
  SECTION_ORDER,
} from '../../client/src/lessons/render';
import { demoLesson, LESSON_DIR, PACK_DIR } from './render.fixture';

const NONCE = 'bm9uY2Utb2YtdGhlLXRlc3Q';

function assets(): PanelAssets {
  return {
    nonce: NONCE,
    cspSource: 'https://webview.example',
    styleUri: 'https://webview.example/media/panel.css',
    scriptUri: 'https://webview.example/dist/panel.js',
    resourceUri: (file) => `https://webview.example/file${file}`,
    packDir: PACK_DIR,
  };
}

function cspOf(html: string): string {
  const match = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html);
  assert.ok(match, 'the page declares a Content-Security-Policy');
  return match[1].replace(/&#39;/g, "'");
}

describe('lesson panel HTML', () => {
  it('has a section for every lesson section key, in reading order', () => {
    const html = renderLessonHtml(demoLesson(), assets());
    const found = [...html.matchAll(/<section id="section-(\w+)"/g)].map((m) => m[1]);

    assert.deepStrictEqual([...found].sort(), [...SECTION_KEYS].sort());
    assert.deepStrictEqual(found, SECTION_ORDER.map(([key]) => key));
  });

  it('shows the text of every section', () => {
    const html = renderLessonHtml(demoLesson(), assets());
    const markers = [
      'SUMMARY-TEXT', 'SYNTAX-TEXT', 'REALWORLD-TEXT', 'MISTAKES-TEXT', 'PRACTICES-TEXT',
      'HOWITWORKS-TEXT', 'DECISIONS-TEXT', 'VERIFY-TEXT', 'TASK-TEXT', 'QUICK-TEXT',
      'LINE1-NOTE', 'LINE2-NOTE', 'INTERVIEW-Q', 'INTERVIEW-A', 'QUIZ-Q1', 'QUIZ-Q2',
      'WHY-RIGHT', 'WHY-WRONG', 'HINT-ONE', 'HINT-TWO', 'Demo: accepted',
    ];
    for (const marker of markers) assert.ok(html.includes(marker), `${marker} is on the page`);
  });

  it('renders a <script> in lesson text as text', () => {
    const hostile = '<script>alert(1)</script> and <img src=x onerror=alert(2)>';
    const lesson = demoLesson({
      summary: hostile,
      title: '<script>alert(3)</script>',
      expectedOutput: '<script>alert(4)</script>',
      lineByLine: [{ line: 1, text: hostile }],
      quiz: [{ id: 'q"1', question: hostile, options: [{ text: hostile, correct: true, why: hostile }] }],
    });
    const html = renderLessonHtml(lesson, assets());

    assert.strictEqual((html.match(/<script/g) ?? []).length, 1, 'only the panel script tag');
    assert.ok(!html.includes('<img src=x'));
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(html.includes('&lt;script&gt;alert(3)&lt;/script&gt;'));
    assert.ok(html.includes('data-question-id="q&quot;1"'));
  });

  it('escapes HTML inside the example code', () => {
    const code = "print('<b>bold</b>')\n";
    const html = renderLessonHtml(demoLesson({ example: { path: 'x.py', code } }), assets());

    assert.ok(html.includes('&lt;b&gt;bold&lt;/b&gt;'));
    assert.ok(!html.includes('<b>bold</b>'));
  });

  it('declares a CSP with a nonce and no remote or inline sources', () => {
    const html = renderLessonHtml(demoLesson(), assets());
    const csp = cspOf(html);

    assert.ok(csp.includes("default-src 'none'"));
    assert.ok(csp.includes(`script-src 'nonce-${NONCE}'`));
    assert.ok(!/unsafe-inline|unsafe-eval|\*|http:|data:/.test(csp), csp);
    for (const source of csp.matchAll(/https:\/\/[^\s;]+/g)) {
      assert.strictEqual(source[0], 'https://webview.example', 'only the webview resource origin');
    }
    assert.ok(html.includes(`<script nonce="${NONCE}" src=`));
  });

  it('highlights the example with Python token classes, one element per line', () => {
    const html = renderLessonHtml(demoLesson(), assets());
    const example = /<pre id="example-code"[\s\S]*?<\/pre>/.exec(html)?.[0] ?? '';

    assert.strictEqual((example.match(/class="code-line"/g) ?? []).length, 3);
    assert.ok(example.includes('<span class="tok-string">&#39;features&#39;</span>'), example);
    assert.ok(/<span class="tok-keyword">if<\/span>/.test(example), example);
    assert.ok(example.includes('data-line="2"'));
  });

  it('offers line notes, quiz options and interview answers with stable hooks', () => {
    const html = renderLessonHtml(demoLesson(), assets());

    assert.ok(html.includes('class="line-note" data-line="2"'));
    assert.ok(/data-question-id="q1" data-option="0" data-correct="true"/.test(html));
    assert.ok(/<details class="interview" data-index="0">\s*<summary>/.test(html));
    for (const id of ['start-practice', 'check-practice', 'copy-example', 'show-hint',
      'reveal-solution', 'verdict', 'diff', 'solution']) {
      assert.ok(html.includes(`id="${id}"`), `#${id} is on the page`);
    }
    assert.ok(/id="verdict" role="status" aria-live="polite"/.test(html));
  });

  it('routes links through the extension and keeps images inside the pack', () => {
    const summary = [
      '[docs](https://example.org/docs) [local](../other/lesson.md)',
      '![chart](images/chart.png) ![remote](https://example.org/x.png)',
      '![escape](../../secret.png) [bad](javascript:alert(1))',
    ].join('\n\n');
    const html = renderLessonHtml(demoLesson({ summary }), assets());

    assert.ok(html.includes('data-link="https://example.org/docs"'));
    assert.ok(html.includes('data-link="../other/lesson.md"'));
    assert.ok(html.includes(`src="https://webview.example/file${path.join(LESSON_DIR, 'images/chart.png')}"`));
    assert.ok(!html.includes('src="https://example.org'));
    assert.ok(!html.includes('secret.png"'));
    assert.ok(!html.includes('href="javascript:'));
  });
});

describe('resolvePackImage', () => {
  const toUri = (file: string) => `uri:${file}`;

  it('accepts a relative path inside the pack', () => {
    assert.strictEqual(
      resolvePackImage('img/a.png', LESSON_DIR, PACK_DIR, toUri),
      `uri:${path.join(LESSON_DIR, 'img/a.png')}`,
    );
    assert.strictEqual(
      resolvePackImage('../shared/b.png', LESSON_DIR, PACK_DIR, toUri),
      `uri:${path.join(PACK_DIR, 'shared/b.png')}`,
    );
  });

  it('refuses remote, data, absolute and escaping paths', () => {
    for (const src of ['https://x/a.png', 'data:image/png;base64,AA', '//x/a.png',
      '../../a.png', '/etc/passwd', 'file:///etc/passwd', '%2e%2e/%2e%2e/a.png']) {
      assert.strictEqual(resolvePackImage(src, LESSON_DIR, PACK_DIR, toUri), undefined, src);
    }
  });
});
