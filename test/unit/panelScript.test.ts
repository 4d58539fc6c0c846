// The lesson panel's script in a real browser (Chromium): the page from renderLessonHtml under
// its CSP, with only the editor's acquireVsCodeApi replaced by a recorder.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Browser, chromium, Page } from 'playwright-core';
import type { Lesson } from '../../core/lessons/types';
import { renderLessonHtml } from '../../client/src/lessons/render';
import { demoLesson, PACK_DIR } from './render.fixture';
import { productInfo } from '../../core/productInfo';

const ORIGIN = 'https://webview.test';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The repository root; out/ holds a copy of package.json, so look for .mocharc.json too. */
function repoRoot(): string {
  return productInfo().root;
}

const ROOT = repoRoot();

interface Recorded {
  posted: Array<Record<string, unknown>>;
  state: Record<string, unknown> | undefined;
  warnings: string[];
}

async function openPanel(page: Page, lesson: Lesson, savedState?: object): Promise<void> {
  await page.addInitScript((saved) => {
    const w = globalThis as unknown as { __rec: Recorded; acquireVsCodeApi: () => unknown };
    w.__rec = { posted: [], state: saved as Recorded['state'], warnings: [] };
    w.acquireVsCodeApi = () => ({
      postMessage: (message: Record<string, unknown>) => w.__rec.posted.push(message),
      getState: () => w.__rec.state,
      setState: (state: Record<string, unknown>) => (w.__rec.state = state),
    });
    const warn = console.warn.bind(console);
    console.warn = (...args: unknown[]) => {
      w.__rec.warnings.push(args.join(' '));
      warn(...args);
    };
  }, savedState);

  await page.route(`${ORIGIN}/**`, (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/panel.html') return route.fulfill({ body: '', contentType: 'text/html' });
    const file = path.join(ROOT, url.pathname);
    const type = file.endsWith('.css') ? 'text/css' : 'text/javascript';
    return route.fulfill({ body: fs.readFileSync(file), contentType: type });
  });

  const html = renderLessonHtml(lesson, {
    nonce: 'dGVzdC1ub25jZS12YWx1ZQ',
    cspSource: ORIGIN,
    styleUri: `${ORIGIN}/media/panel.css`,
    scriptUri: `${ORIGIN}/dist/panel.js`,
    resourceUri: (file) => `${ORIGIN}${file}`,
    packDir: PACK_DIR,
  });
  await page.goto(`${ORIGIN}/panel.html`);
  await page.setContent(html);
  await page.waitForSelector('body[data-ready="true"]');
}

function recorded(page: Page): Promise<Recorded> {
  return page.evaluate(() => (globalThis as unknown as { __rec: Recorded }).__rec);
}

function send(page: Page, message: unknown): Promise<void> {
  return page.evaluate((m) => {
    (globalThis as unknown as { postMessage(m: unknown, o: string): void }).postMessage(m, '*');
  }, message);
}

describe('lesson panel script in a browser', function () {
  let browser: Browser;
  let page: Page;

  before(async function () {
    if (!fs.existsSync(path.join(ROOT, 'dist/panel.js'))) throw new Error('run npm run build first');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });

  after(async () => {
    await browser?.close();
  });

  beforeEach(async () => {
    page = await browser.newPage();
  });

  afterEach(async () => {
    await page.close();
  });

  it('says it is ready and answers a quiz question with the why', async () => {
    await openPanel(page, demoLesson());
    await page.click('.quiz-option[data-question-id="q1"][data-option="1"]');

    const result = page.locator('.quiz-result[data-question-id="q1"]');
    assert.match((await result.textContent()) ?? '', /Not quite/);
    assert.ok(await page.isVisible('text=WHY-WRONG'));
    assert.ok(!(await page.isVisible('text=WHY-RIGHT')));

    await page.focus('.quiz-option[data-question-id="q1"][data-option="0"]');
    await page.keyboard.press('Enter');
    assert.strictEqual(await result.textContent(), 'Right.');

    const rec = await recorded(page);
    assert.deepStrictEqual(rec.posted, [
      { type: 'ready' },
      { type: 'quizAnswer', questionId: 'q1', choice: 1 },
      { type: 'quizAnswer', questionId: 'q1', choice: 0 },
    ]);
    assert.deepStrictEqual((rec.state as { quizAnswers: object }).quizAnswers, { q1: 0 });
  });

  it('highlights the selected line of the example and asks the editor to follow', async () => {
    await openPanel(page, demoLesson());
    await page.click('.line-note[data-line="2"]');

    const selected = await page.$$eval('#example-code .code-line.selected', (els) =>
      els.map((el) => el.getAttribute('data-line')));
    assert.deepStrictEqual(selected, ['2']);
    assert.strictEqual(await page.getAttribute('.line-note[data-line="2"]', 'aria-pressed'), 'true');
    assert.deepStrictEqual((await recorded(page)).posted.at(-1), { type: 'selectLine', line: 2 });
  });

  it('shows a failed verdict with its diff, then hints one at a time, then the solution', async () => {
    await openPanel(page, demoLesson());
    assert.ok(!(await page.isVisible('#help')));
    await send(page, { type: 'verdict', verdict: 'fail', message: 'Output differs.', diff: '-a\n+b', actual: 'b' });

    assert.match((await page.textContent('#verdict')) ?? '', /Not passed: Output differs/);
    assert.strictEqual(await page.textContent('#diff'), '-a\n+b');
    assert.ok(!(await page.isVisible('text=HINT-ONE')));
    assert.ok(!(await page.isVisible('#reveal-solution')));

    await page.click('#show-hint');
    assert.ok(await page.isVisible('text=HINT-ONE'));
    assert.ok(!(await page.isVisible('text=HINT-TWO')));
    await page.click('#show-hint');
    assert.ok(await page.isVisible('text=HINT-TWO'));
    assert.ok(!(await page.isVisible('#show-hint')));

    await page.click('#reveal-solution');
    assert.ok(await page.isVisible('#solution-code'));
    assert.deepStrictEqual((await recorded(page)).posted.at(-1), { type: 'revealSolution' });

    const saved = (await recorded(page)).state;
    await page.close();
    page = await browser.newPage();
    await openPanel(page, demoLesson(), saved);
    assert.match((await page.textContent('#verdict')) ?? '', /Not passed: Output differs/);
    assert.ok(await page.isVisible('#solution-code'), 'the panel comes back as it was left');
  });

  it('drops a malformed message from the extension', async () => {
    await openPanel(page, demoLesson());
    await send(page, { type: 'verdict', verdict: 'fail' });
    await send(page, { type: 'html', html: '<b>x</b>' });

    assert.strictEqual(await page.textContent('#verdict'), '');
    assert.strictEqual((await recorded(page)).warnings.length, 2);
  });

  it('restores quiz answers, hints and the selected line from saved state', async () => {
    const saved = {
      lessonId: 'validated-predict',
      packId: 'demo',
      scrollY: 0,
      quizAnswers: { q2: 0 },
      selectedLine: 1,
      hintsShown: 1,
      solutionShown: false,
      helpShown: true,
    };
    await openPanel(page, demoLesson(), saved);

    assert.strictEqual(await page.textContent('.quiz-result[data-question-id="q2"]'), 'Right.');
    assert.ok(await page.isVisible('text=HINT-ONE'));
    assert.ok(!(await page.isVisible('text=HINT-TWO')));
    assert.strictEqual(await page.getAttribute('#example-code .code-line[data-line="1"]', 'class'), 'code-line selected');

    await send(page, { type: 'restore', quizAnswers: { q1: 1 } });
    assert.match((await page.textContent('.quiz-result[data-question-id="q1"]')) ?? '', /Not quite/);
    assert.strictEqual(await page.textContent('.quiz-result[data-question-id="q2"]'), '',
      'answers the extension no longer has are cleared');
  });

  it('hands links to the extension and runs no script from lesson text', async () => {
    const summary = '[docs](https://example.org/docs)\n\n<script>window.pwned = 1</script>' +
      '\n\n<img src=x onerror="window.pwned = 2">';
    await openPanel(page, demoLesson({ summary }));
    await page.click('a[data-link="https://example.org/docs"]');

    assert.deepStrictEqual((await recorded(page)).posted.at(-1), { type: 'openLink', href: 'https://example.org/docs' });
    assert.strictEqual(page.url(), `${ORIGIN}/panel.html`);
    assert.strictEqual(await page.evaluate(() => (globalThis as unknown as { pwned?: number }).pwned), undefined);
  });

  it('posts the button actions', async () => {
    await openPanel(page, demoLesson());
    for (const id of ['start-practice', 'copy-example', 'check-practice']) await page.click(`#${id}`);

    const types = (await recorded(page)).posted.map((m) => m.type);
    assert.deepStrictEqual(types, ['ready', 'startPractice', 'copyExample', 'check']);
  });
});
