// Lessons as a learner meets them: the Open Lesson panel and the Lessons view.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { closeAllEditors, extensionApi, screenshot, visibleText, waitFor } from './helpers';

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
});
