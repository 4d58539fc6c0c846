// Lessons as a learner meets them: the Open Lesson panel and the Lessons view.
import * as assert from 'assert';
import * as vscode from 'vscode';
import {
  click,
  closeAllEditors,
  extensionApi,
  screenshot,
  visibleText,
  waitFor,
  workspaceFile,
} from './helpers';

const LESSON_ID = 'scalability-in-ml-systems';
const LESSON_TITLE = 'Scalability in ML Systems';

function webviewTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputWebview);
}

describe('Lessons', () => {
  after(closeAllEditors);

  it('Open Lesson shows the panel of the chosen lesson', async () => {
    await extensionApi();
    await closeAllEditors();

    await vscode.commands.executeCommand('mlPractice.openLesson', LESSON_ID);

    const tab = await waitFor('the lesson panel tab', () =>
      webviewTabs().find((candidate) => candidate.label.includes(LESSON_TITLE)),
    );
    assert.ok(tab.isActive, 'the lesson panel is not the active tab');

    if ((await visibleText('h1', true)) !== undefined) {
      await waitFor('the lesson rendered in the panel', async () => {
        const headings = (await visibleText('h1, h2', true)) ?? [];
        const rendered = headings.some((text) => text.includes(LESSON_TITLE));
        return rendered && headings.length > 3 ? true : undefined;
      });
    }
    await screenshot('lesson-panel');
  });

  it('the Lessons view lists the bundled packs and their lessons', async () => {
    const { lessons } = await extensionApi();
    const packs = await waitFor('loaded packs', () => {
      const loaded = lessons.packs();
      return loaded.length > 0 ? loaded : undefined;
    });
    assert.ok(packs.some((pack) => pack.id === 'ml-systems'), 'the ml-systems pack is not loaded');

    await vscode.commands.executeCommand('mlPractice.lessons.focus');

    const rows = await visibleText('#workbench\\.parts\\.sidebar .monaco-list-row');
    if (rows === undefined) {
      return;
    }
    const shown = await waitFor('the ML Systems pack in the Lessons view', async () => {
      const text = (await visibleText('#workbench\\.parts\\.sidebar .monaco-list-row')) ?? [];
      return text.some((row) => row.includes('ML Systems')) ? text : undefined;
    });
    assert.ok(shown.length > 0);
    await screenshot('lessons-view');
  });

  it('Start practice creates the practice file from the starter and opens it', async function () {
    const { lessons } = await extensionApi();
    const lesson = await waitFor('the latency lesson', () =>
      lessons.find('latency-budgets-and-timeouts'),
    );
    const practice = workspaceFile(...lesson.practiceFile.split('/'));
    await vscode.workspace.fs.delete(practice).then(undefined, () => undefined);

    // Only this lesson's panel may be on the page, so the click lands in it.
    await closeAllEditors();
    await vscode.commands.executeCommand('mlPractice.openLesson', lesson.id);
    await waitFor('the panel script', async () =>
      ((await visibleText('body[data-ready="true"] #start-practice', true)) ?? []).length > 0
        ? true
        : undefined,
    );
    if (!(await click('#start-practice'))) this.skip();

    const created = await waitFor('the practice file', async () => {
      const bytes = await vscode.workspace.fs.readFile(practice).then(undefined, () => undefined);
      return bytes === undefined ? undefined : Buffer.from(bytes).toString('utf8');
    });
    assert.strictEqual(created, lesson.starter.code);
    await waitFor('the practice file open in an editor', () =>
      vscode.window.visibleTextEditors.find(
        (editor) => editor.document.uri.fsPath === practice.fsPath,
      ),
    );
  });

  it('answering the quiz records the answer in the panel and in progress', async function () {
    const { lessons } = await extensionApi();
    const lesson = await waitFor('the first lesson', () => lessons.find(LESSON_ID));
    const question = lesson.quiz[0];
    const correct = question.options.findIndex((option) => option.correct);

    await closeAllEditors();
    await vscode.commands.executeCommand('mlPractice.openLesson', LESSON_ID);
    await waitFor('the quiz in the panel', async () =>
      ((await visibleText('body[data-ready="true"] .quiz-option', true)) ?? []).length > 0
        ? true
        : undefined,
    );
    const option = `.quiz-option[data-question-id="${question.id}"][data-option="${correct}"]`;
    if (!(await click(option))) this.skip();

    const state = await waitFor('the answer in the panel state', async () => {
      const panel = await vscode.commands.executeCommand<{
        lessonId?: string;
        quizAnswers: Record<string, unknown>;
      }>('mlPractice.debug.panelState');
      return panel?.lessonId === LESSON_ID && question.id in panel.quizAnswers ? panel : undefined;
    });
    assert.ok(state);
    const result = await waitFor('the right-or-wrong result', async () => {
      const texts = await visibleText(`.quiz-result[data-question-id="${question.id}"]`, true);
      return texts?.find((text) => text.trim().length > 0);
    });
    assert.strictEqual(result.trim(), 'Right.');
    assert.strictEqual(state.quizAnswers[question.id], correct);
  });
});
