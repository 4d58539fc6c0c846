// The benchmark's LSP client: a server that dies must end the measurement with an error that
// says so, not leave it waiting on a promise nothing will settle.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LspClient } from '../../bench/lspClient';

function script(source: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-lsp-client-'));
  const file = path.join(dir, 'server.js');
  fs.writeFileSync(file, source);
  return file;
}

describe('bench LSP client', () => {
  it('rejects a request the server exits without answering, with its code and stderr', async () => {
    const client = new LspClient(script('console.error("no config"); process.exit(3);'));

    await assert.rejects(
      client.request('initialize', {}),
      (error: Error) =>
        /initialize/.test(error.message) &&
        /exited with code 3/.test(error.message) &&
        /no config/.test(error.message),
    );
    await client.stop();
  });

  it('rejects a wait for a notification when the server exits, before the timeout', async () => {
    const client = new LspClient(script('setTimeout(() => process.exit(0), 200);'));
    const started = Date.now();

    await assert.rejects(
      client.waitFor('textDocument/publishDiagnostics', () => true, 60_000),
      /exited with code 0 before answering textDocument\/publishDiagnostics/,
    );
    assert.ok(Date.now() - started < 10_000);
    await client.stop();
  });

  it('rejects what is asked of a server that has already exited', async () => {
    const client = new LspClient(script('process.exit(5);'));
    await assert.rejects(client.request('initialize', {}), /exited with code 5/);

    await assert.rejects(
      client.request('shutdown', null),
      /exited with code 5 before answering shutdown/,
    );
    await client.stop();
  });
});
