// Practice checks run with a real Python, started from the command, a task and the Testing view.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { closeAllEditors, extensionApi, nextCheckOf, screenshot, waitFor, workspaceFile } from './helpers';

const LESSON_ID = 'scalability-in-ml-systems';

function passing(): vscode.Uri {
  return workspaceFile('practice', 'scalability_in_ml_systems.py');
}

function failing(): vscode.Uri {
  return workspaceFile('practice', 'rejected_attempt.py');
}

async function configuredTask(label: string): Promise<vscode.Task> {
  const tasks = await vscode.tasks.fetchTasks({ type: 'ml-practice' });
  const task = tasks.find((candidate) => candidate.name === label);
  assert.ok(task, `no ml-practice task "${label}" among: ${tasks.map((t) => t.name).join(', ')}`);
  return task;
}

describe('Practice checks', () => {
  before(async () => {
    const { lessons } = await extensionApi();
    await waitFor(`lesson ${LESSON_ID} to load`, () => lessons.find(LESSON_ID));
  });
  after(async () => {
    await vscode.commands.executeCommand('notifications.clearAll');
    await closeAllEditors();
  });

  it('Check Practice passes a practice file that prints the expected output', async () => {
    const event = await nextCheckOf(passing(), () =>
      vscode.commands.executeCommand('mlPractice.checkPractice', LESSON_ID, passing()),
    );

    assert.strictEqual(event.result.verdict, 'pass', event.result.message);
    assert.strictEqual(event.result.actual.trim(), 'Scalability in ML Systems: accepted');
  });

  it('Check Practice fails a wrong practice file and its diff shows what differs', async () => {
    const event = await nextCheckOf(failing(), () => {
      void vscode.commands.executeCommand('mlPractice.checkPractice', LESSON_ID, failing());
    });

    assert.strictEqual(event.result.verdict, 'fail', event.result.message);
    assert.match(event.result.diff, /rejected/);

    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('mlPractice.showDiff', LESSON_ID);
    const tab = await waitFor('the diff editor', () =>
      vscode.window.tabGroups.activeTabGroup.tabs.find(
        (candidate) => candidate.isActive && candidate.input instanceof vscode.TabInputTextDiff,
      ),
    );
    const input = tab.input as vscode.TabInputTextDiff;
    const actual = await vscode.workspace.openTextDocument(input.modified);
    assert.match(actual.getText(), /Scalability in ML Systems: rejected/);
    await screenshot('failed-check-diff');
  });

  it('the ml-practice task passes the right practice file', async () => {
    const task = await configuredTask('check passing practice');

    const event = await nextCheckOf(passing(), () => vscode.tasks.executeTask(task));

    assert.strictEqual(event.result.verdict, 'pass', event.result.message);
  });

  it('the ml-practice task fails the wrong practice file', async () => {
    const task = await configuredTask('check failing practice');

    const event = await nextCheckOf(failing(), () => vscode.tasks.executeTask(task));

    assert.strictEqual(event.result.verdict, 'fail', event.result.message);
    assert.match(event.result.actual, /rejected/);
  });

  it("the Testing view runs a lesson's check", async () => {
    await vscode.commands.executeCommand('workbench.view.testing.focus');

    const event = await nextCheckOf(passing(), () =>
      vscode.commands.executeCommand('testing.runAll'),
    );

    assert.strictEqual(event.lesson.id, LESSON_ID);
    assert.strictEqual(event.result.verdict, 'pass', event.result.message);
    await screenshot('testing-view');
  });
});
