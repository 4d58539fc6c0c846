// The activation benchmark's stand-in for `vscode` must answer what the language client asks of
// it while the server starts, or a registration the server sends fails the measurement.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { repoRoot } from './lint-engine-helpers';

interface FakeVscode {
  vscode: {
    workspace: { createFileSystemWatcher(glob: string): Record<string, unknown> };
  };
  registrations: { name: string }[];
}

describe('bench activation stand-in', () => {
  it('gives file system watchers the events the language client subscribes to', () => {
    const standIn = path.join(repoRoot(), 'bench', 'activation', 'fake-vscode.cjs');
    const fake = require(standIn) as FakeVscode;
    const watcher = fake.vscode.workspace.createFileSystemWatcher('**/pyproject.toml');

    for (const event of ['onDidCreate', 'onDidChange', 'onDidDelete']) {
      assert.equal(typeof watcher[event], 'function', event);
      (watcher[event] as (listener: () => void) => unknown)(() => undefined);
    }
    assert.equal(typeof watcher.dispose, 'function');
  });
});
