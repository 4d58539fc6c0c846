// The extension loads in a real editor and offers its commands.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateExtension } from './helpers';

describe('ML Practice in the editor', () => {
  it('activates and registers its commands', async () => {
    const extension = await activateExtension();
    assert.strictEqual(extension.isActive, true);

    const commands = await vscode.commands.getCommands(true);
    for (const command of ['mlPractice.openLesson', 'mlPractice.checkPractice']) {
      assert.ok(commands.includes(command), `command ${command} is not registered`);
    }
  });
});
