// The benchmark's LSP client: a server that dies, stops writing or writes something that is not
// LSP must end the measurement with an error that says so, not leave it waiting on a promise
// nothing will settle, and must not be left running.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { measureEditLatency } from '../../bench/lsp';
import { LspClient } from '../../bench/lspClient';

let dir: string;

function script(source: string): string {
  const file = path.join(dir, `server-${fs.readdirSync(dir).length}.js`);
  fs.writeFileSync(file, source);
  return file;
}

/** A server that writes its pid to `pidFile`, then does `then`. */
function recordingPid(then: string): { server: string; pid: () => number } {
  const pidFile = path.join(dir, `pid-${fs.readdirSync(dir).length}`);
  const record = `require('fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid));`;
  const server = script(`${record}\n${then}`);
  return { server, pid: () => Number(fs.readFileSync(pidFile, 'utf8')) };
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Answers `initialize` with `answer`, then reads on. */
const ANSWER_INITIALIZE = (answer: string): string => `
let input = '';
process.stdin.on('data', (chunk) => {
  input += chunk;
  if (!input.includes('"initialize"')) return;
  input = '';
  const body = JSON.stringify({ jsonrpc: '2.0', id: 1, ...${answer} });
  process.stdout.write('Content-Length: ' + Buffer.byteLength(body) + '\\r\\n\\r\\n' + body);
});`;

describe('bench LSP client', () => {
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-lsp-client-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('rejects a request the server exits without answering, with its code and stderr', async () => {
    const client = new LspClient(script('console.error("no config"); process.exit(3);'));

    await assert.rejects(
      client.request('initialize', {}),
      /exited with code 3 before answering initialize; server stderr:\nno config$/,
    );
    await client.stop();
  });

  it('rejects a wait for a notification when the server exits, before the timeout', async () => {
    const client = new LspClient(script('setTimeout(() => process.exit(0), 200);'));
    const started = Date.now();

    await assert.rejects(
      client.waitFor('textDocument/publishDiagnostics', () => true, 60_000),
      /exited with code 0 before sending textDocument\/publishDiagnostics/,
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
    await assert.rejects(
      client.inspect('its memory was read', () => 0),
      /exited with code 5 before its memory was read/,
    );
    await client.stop();
  });

  it('reads an answer written after the server exited, while its output is open', async () => {
    // The answer comes from a process the server started, which holds its output.
    const late =
      "setTimeout(() => { const b = JSON.stringify({ jsonrpc: '2.0', id: 1, result: 7 }); " +
      "process.stdout.write('Content-Length: ' + b.length + '\\r\\n\\r\\n' + b); }, 200)";
    const client = new LspClient(
      script(`process.stdin.once('data', () => {
  require('child_process').spawn(process.execPath, ['-e', ${JSON.stringify(late)}], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  process.exit(0);
});`),
    );

    assert.equal(await client.request('initialize', {}), 7);
    await assert.rejects(client.request('shutdown', null), /exited with code 0/);
    await client.stop();
  });

  it('shows the error line of a crash, not the stack frames after it', async () => {
    const client = new LspClient(
      script('function start() { throw new Error("port taken"); }\nstart();'),
    );

    await assert.rejects(client.request('initialize', {}), (error: Error) => {
      assert.match(error.message, /exited with code 1 before answering initialize/);
      assert.match(error.message, /Error: port taken/);
      assert.doesNotMatch(error.message, /\n\s+at |Node\.js v/);
      return true;
    });
    await client.stop();
  });

  it("keeps an error's own line when the lines after it fill the tail", async () => {
    const fields = ['  errno: -13,', "  code: 'EACCES',", "  syscall: 'open',", '  path: "x"', '}'];
    const lines = ['Error: EACCES: permission denied, open x', ...fields];
    const client = new LspClient(
      script(`console.error(${JSON.stringify(lines.join('\n'))}); process.exit(1);`),
    );

    await assert.rejects(
      client.request('initialize', {}),
      (error: Error) =>
        error.message.endsWith(['Error: EACCES: permission denied, open x', ...fields].join('\n')),
    );
    await client.stop();
  });

  it('names an error answer that carries no message by what it holds', async () => {
    const client = new LspClient(script(ANSWER_INITIALIZE('{ error: { code: -32603 } }')));

    await assert.rejects(
      client.request('initialize', {}),
      /^Error: initialize: \{"code":-32603\}$/,
    );
    await client.stop();
  });

  it('fails and kills a server that writes something that is not LSP', async () => {
    const { server, pid } = recordingPid(
      "process.stdout.write('Content-Length: abc\\r\\n\\r\\n{}'); setInterval(() => {}, 1000);",
    );
    const client = new LspClient(server);

    await assert.rejects(
      client.request('initialize', {}),
      /wrote a header without Content-Length: "Content-Length: abc" before answering initialize/,
    );
    await client.stop();
    assert.equal(running(pid()), false);
  });

  it('fails and kills a server that closes its output but keeps running', async () => {
    const { server, pid } = recordingPid(
      "require('fs').closeSync(1); setInterval(() => {}, 1000);",
    );
    const client = new LspClient(server);

    await assert.rejects(
      client.request('initialize', {}),
      /closed its output before answering initialize/,
    );
    await client.stop();
    assert.equal(running(pid()), false);
  });

  it('gives up on a request the server never answers', async () => {
    const client = new LspClient(script("process.stdin.on('data', () => {});"));

    await assert.rejects(
      client.request('initialize', {}, 300),
      /no answer to initialize within 300 ms/,
    );
    await client.stop();
  });

  it('stops the server when it refuses to initialize, so that the benchmark can end', async () => {
    const { server, pid } = recordingPid(
      ANSWER_INITIALIZE("{ error: { code: -32603, message: 'not today' } }"),
    );

    await assert.rejects(measureEditLatency(server), /initialize: not today/);
    assert.equal(running(pid()), false);
  });
});
