// The extension loads in a real editor and hands out its API.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateExtension } from './helpers';

describe('ML Practice in the editor', () => {
  it('activates, registers Check Practice and returns its API', async () => {
    const extension = await activateExtension();
    assert.strictEqual(extension.isActive, true);
    assert.ok(extension.exports.practice, 'activation returned no practice API');

    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('mlPractice.checkPractice'), 'Check Practice is not registered');
  });
});
