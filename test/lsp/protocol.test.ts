// The base protocol as the server reads it: frames cut from a byte stream, input it cannot read,
// and the order of initialize, shutdown and exit. In process, then over a real server's stdio.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import type { Message } from 'vscode-languageserver-protocol/node';
import {
  FramedMessageReader,
  FrameParser,
  FramingError,
  INVALID_REQUEST,
  MAX_HEADER_BYTES,
  PARSE_ERROR,
} from '../../server/src/frames';
import {
  Lifecycle,
  Refusal,
  REFUSED_METHOD,
  SERVER_NOT_INITIALIZED,
} from '../../server/src/lifecycle';
import { parseFrames, ServerUnderTest } from './harness';

function framed(body: string, header = `Content-Length: ${Buffer.byteLength(body)}`): Buffer {
  return Buffer.from(`${header}\r\n\r\n${body}`);
}

const hover = (id: number): string =>
  JSON.stringify({
    jsonrpc: '2.0',
    id,
    method: 'textDocument/hover',
    params: { textDocument: { uri: 'file:///a.py' }, position: { line: 0, character: 0 } },
  });

/** Every message a parser gives for `input` pushed in pieces of `size` bytes. */
function bodiesIn(input: Buffer, size: number): { offset: number; body: string }[] {
  const parser = new FrameParser();
  const frames = [];
  for (let at = 0; at < input.length; at += size) {
    frames.push(...parser.push(input.subarray(at, at + size)));
  }
  assert.equal(parser.error, undefined);
  return frames.map((frame) => ({ offset: frame.offset, body: frame.body.toString('utf8') }));
}

function framingErrorOf(input: Buffer): FramingError {
  const parser = new FrameParser();
  parser.push(input);
  assert.ok(parser.error instanceof FramingError, 'the framing should break');
  return parser.error;
}

describe('frames read from a byte stream', function () {
  const first = '{"text":"naïve – ✓"}';
  const second = '{"id":2}';
  const input = Buffer.concat([
    framed(first),
    framed(second, `content-length: 8\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8`),
    framed(''),
  ]);

  it('cuts the same bodies however the bytes are split, counting bytes, not characters', function () {
    const whole = bodiesIn(input, input.length);
    assert.deepEqual(whole, [
      { offset: 0, body: first },
      { offset: framed(first).length, body: second },
      { offset: input.length - framed('').length, body: '' },
    ]);
    for (const size of [1, 2, 3, 5, 7, 16]) {
      assert.deepEqual(bodiesIn(input, size), whole, `in pieces of ${size}`);
    }
  });

  const latin1 = 'Content-Length: 2\r\nContent-Type: text/plain; charset=latin1';
  const endless = `Content-Length: 2\r\nX: ${'y'.repeat(MAX_HEADER_BYTES)}`;
  const broken: [string, Buffer, RegExp][] = [
    ['a length that is not a number', framed('{}', 'Content-Length: abc'), /as "abc"/],
    ['no length', framed('{}', 'Content-Type: application/json'), /has no Content-Length/],
    ['lines ended by a bare line feed', Buffer.from('Content-Length: 2\n\n{}'), /bare line feed/],
    ['a line that is not a header', framed('{}', 'Content-Length: 2\r\nhello'), /"hello"/],
    ['a charset other than UTF-8', framed('{}', latin1), /"latin1"/],
    ['no blank line', Buffer.from(endless), /runs past/],
    ['a header too long, blank line and all', framed('{}', endless), /runs past 8192 bytes/],
    ['a length no message may have', framed('{}', 'Content-Length: 999999999999999'), /at most/],
    ['two lengths', framed('{}', 'Content-Length: 2\r\ncontent-length: 5'), /as 2 and as 5/],
    ['a bare carriage return', Buffer.from('Content-Length: 2\r\r\n\r\n{}'), /carriage return/],
  ];
  for (const [what, bad, found] of broken) {
    it(`says where the framing broke and what it expected, for ${what}`, function () {
      const error = framingErrorOf(Buffer.concat([framed(second), bad]));
      assert.equal(error.offset, framed(second).length);
      assert.match(error.message, found);
      const start = `the message header at byte ${framed(second).length} of the input `;
      assert.ok(error.message.startsWith(start), error.message);
      assert.match(error.message, /; expected \S/);
    });
  }

  it('takes a header as it takes it whole, however its bytes are split', function () {
    const long = framed('{}', `Content-Length: 2\r\nX: ${'y'.repeat(MAX_HEADER_BYTES / 2)}`);
    assert.deepEqual(bodiesIn(long, 1000), bodiesIn(long, long.length));
    const tooLong = framed('{}', `Content-Length: 2\r\nX: ${'y'.repeat(MAX_HEADER_BYTES)}`);
    for (const size of [tooLong.length, 4096, 100]) {
      const parser = new FrameParser();
      for (let at = 0; at < tooLong.length; at += size) parser.push(tooLong.subarray(at, at + size));
      assert.match(parser.error?.message ?? '', /runs past/, `in pieces of ${size}`);
    }
  });

  it('takes repeated equal lengths and a quoted UTF-8 charset', function () {
    const header = "Content-Length: 2\r\nContent-Length: 2\r\nContent-Type: a/b; charset='UTF-8'";
    assert.deepEqual(bodiesIn(framed('{}', header), 64), [{ offset: 0, body: '{}' }]);
  });

  it('counts the bytes read of a message that has not arrived whole', function () {
    const parser = new FrameParser();
    assert.equal(parser.unread, 0);
    parser.push(Buffer.from('Content-Len'));
    assert.equal(parser.unread, 11);
    parser.push(Buffer.from('gth: 4\r\n\r\n{}'));
    assert.equal(parser.unread, 'Content-Length: 4\r\n\r\n{}'.length);
    parser.push(Buffer.from('  '));
    assert.equal(parser.unread, 0);
  });

  it('gives the messages before a break, and nothing after it', function () {
    const parser = new FrameParser();
    const frames = parser.push(Buffer.concat([framed(second), framed('{}', 'Content-Length: x')]));
    assert.deepEqual(frames.map((frame) => frame.body.toString()), [second]);
    assert.ok(parser.error);
    assert.deepEqual(parser.push(framed(second)), []);
  });
});

describe('framed message reader', function () {
  it('answers a body that is not a JSON-RPC object and reads on', function () {
    const input = new PassThrough();
    const refused: { code: number; message: string }[] = [];
    const messages: Message[] = [];
    const reader = new FramedMessageReader(input, {
      refuse: (error) => refused.push(error),
      broken: (error) => assert.fail(error.message),
      ended: () => assert.fail('the input did not end'),
    });
    reader.listen((message) => messages.push(message));
    const bodies = [
      framed('hello'),
      framed('[1]'),
      framed('7'),
      Buffer.concat([Buffer.from('Content-Length: 3\r\n\r\n"'), Buffer.from([0xff]), Buffer.from('"')]),
      framed('{}'),
      framed('{"jsonrpc":"2.0","method":1}'),
      framed('{"jsonrpc":"2.0","id":{},"method":"x"}'),
      framed('{"jsonrpc":"2.0","id":null,"method":"x"}'),
      framed(hover(3)),
    ];
    input.write(Buffer.concat(bodies));

    assert.deepEqual(
      refused.map((error) => error.code),
      [PARSE_ERROR, INVALID_REQUEST, INVALID_REQUEST, PARSE_ERROR, ...Array(4).fill(INVALID_REQUEST)],
    );
    assert.match(refused[0].message, /message at byte 0 of the input is not JSON/);
    assert.match(refused[1].message, /is an array; expected a JSON-RPC message, an object/);
    assert.match(refused[2].message, /is number;/);
    assert.match(refused[3].message, /is not UTF-8/);
    assert.match(refused[4].message, /neither a request, a notification nor a response/);
    assert.match(refused[5].message, /a method that is not a string/);
    assert.match(refused[6].message, /an id that is object; expected a number or a string/);
    assert.match(refused[7].message, /a method and a null id/);
    assert.deepEqual(messages.map((message) => (message as { id?: number }).id), [3]);
  });

  it('stops reading once the framing breaks, and says so once', function () {
    const input = new PassThrough();
    const breaks: FramingError[] = [];
    const messages: Message[] = [];
    const reader = new FramedMessageReader(input, {
      refuse: (error) => assert.fail(error.message),
      broken: (error) => breaks.push(error),
      ended: () => assert.fail('the input did not end'),
    });
    reader.listen((message) => messages.push(message));
    input.write(Buffer.concat([framed(hover(1)), framed('{}', 'Content-Length: -1')]));
    input.write(framed(hover(2)));

    assert.deepEqual(messages.map((message) => (message as { id?: number }).id), [1]);
    assert.equal(breaks.length, 1);
    assert.match(breaks[0].message, /Content-Length as "-1"/);
  });

  it('says once when the input ends, with what it read of a message not whole', async function () {
    const input = new PassThrough();
    const ends: number[] = [];
    const messages: Message[] = [];
    const reader = new FramedMessageReader(input, {
      refuse: (error) => assert.fail(error.message),
      broken: (error) => assert.fail(error.message),
      ended: (unread) => ends.push(unread),
    });
    reader.listen((message) => messages.push(message));
    const ended = new Promise((resolve) => input.once('end', resolve));
    input.end(Buffer.concat([framed(hover(1)), Buffer.from('Content-Le')]));
    await ended;
    input.destroy();
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(ends, [10]);
    assert.equal(messages.length, 1);
  });
});

describe('message order', function () {
  const request = (id: number, method: string, params?: unknown): Message =>
    ({ jsonrpc: '2.0', id, method, params }) as Message;
  const initialize = (id: number): Message =>
    request(id, 'initialize', { processId: null, capabilities: {} });
  const notification = (method: string): Message => ({ jsonrpc: '2.0', method }) as Message;
  const refusalOf = (admitted: Message | undefined): Refusal => {
    const { method, params } = admitted as unknown as { method: string; params: unknown };
    assert.equal(method, REFUSED_METHOD);
    assert.ok(params instanceof Refusal);
    return params;
  };

  it('refuses requests before initialize and drops notifications, exit apart', function () {
    const lifecycle = new Lifecycle();
    const early = refusalOf(lifecycle.admit(request(1, 'textDocument/hover')));
    assert.equal(early.code, SERVER_NOT_INITIALIZED);
    assert.match(early.message, /textDocument\/hover came before initialize/);
    assert.equal(lifecycle.admit(notification('textDocument/didOpen')), undefined);
    const exit = notification('exit');
    assert.equal(lifecycle.admit(exit), exit);
  });

  it('serves everything between initialize and shutdown, and refuses a second initialize', function () {
    const lifecycle = new Lifecycle();
    const messages = [
      initialize(1),
      notification('initialized'),
      request(2, 'textDocument/hover'),
      { jsonrpc: '2.0', id: 9, result: null } as Message,
    ];
    for (const message of messages) assert.equal(lifecycle.admit(message), message);
    const again = refusalOf(lifecycle.admit(initialize(3)));
    assert.equal(again.code, INVALID_REQUEST);
  });

  it('refuses an initialize it cannot serve with InvalidParams, and takes the next one', function () {
    const lifecycle = new Lifecycle();
    const bad: [unknown, RegExp][] = [
      [null, /needs its params, an object/],
      [{ processId: null }, /needs `capabilities`, an object/],
      [{ capabilities: {}, processId: 'me' }, /`processId` to be a number or null/],
    ];
    for (const [params, message] of bad) {
      const refusal = refusalOf(lifecycle.admit(request(1, 'initialize', params)));
      assert.equal(refusal.code, -32602);
      assert.match(refusal.message, message);
    }
    const early = refusalOf(lifecycle.admit(request(2, 'textDocument/hover')));
    assert.equal(early.code, SERVER_NOT_INITIALIZED);
    const good = initialize(3);
    assert.equal(lifecycle.admit(good), good);
  });

  it('refuses requests after shutdown and drops notifications, exit apart', function () {
    const lifecycle = new Lifecycle();
    lifecycle.admit(initialize(1));
    const shutdown = request(2, 'shutdown');
    assert.equal(lifecycle.admit(shutdown), shutdown);
    const late = refusalOf(lifecycle.admit(request(3, 'textDocument/hover')));
    assert.equal(late.code, INVALID_REQUEST);
    assert.match(late.message, /came after shutdown/);
    assert.equal(lifecycle.admit(notification('textDocument/didChange')), undefined);
    const exit = notification('exit');
    assert.equal(lifecycle.admit(exit), exit);
  });
});

describe('language server reading input it cannot serve', function () {
  this.timeout(20000);

  it('answers a request before initialize with ServerNotInitialized, then initializes', async function () {
    const server = ServerUnderTest.launch();
    try {
      const early = (await server.sendRaw({
        id: 7,
        method: 'textDocument/hover',
        params: { textDocument: { uri: 'file:///a.py' }, position: { line: 0, character: 0 } },
      })) as { error?: { code: number } };
      assert.equal(early.error?.code, SERVER_NOT_INITIALIZED);
      const answer = (await server.sendRaw({
        id: 8,
        method: 'initialize',
        params: { processId: null, rootUri: null, capabilities: {} },
      })) as { result?: { capabilities?: object } };
      assert.ok(answer.result?.capabilities);
    } finally {
      server.kill();
    }
  });

  it('answers a body that is not JSON with a parse error, and keeps serving', async function () {
    const server = await ServerUnderTest.start();
    try {
      server.writeBytes(framed('{"jsonrpc": "2.0", "id": 5,'));
      const parseError = (await server.responseTo(null, 'the broken body')) as {
        error: { code: number; message: string };
      };
      assert.equal(parseError.error.code, PARSE_ERROR);
      assert.match(parseError.error.message, /at byte \d+ of the input is not JSON/);
      const hovered = (await server.sendRaw({
        id: 6,
        method: 'textDocument/hover',
        params: { textDocument: { uri: 'file:///a.py' }, position: { line: 0, character: 0 } },
      })) as { result?: unknown };
      assert.ok('result' in hovered);
      assert.match(server.stderr(), /is not JSON/);
    } finally {
      server.kill();
    }
  });

  it('exits with the place and what it expected when a header is malformed', async function () {
    const server = await ServerUnderTest.start();
    try {
      server.writeBytes(framed('{}', 'Content-Length: abc'));
      assert.equal(await server.exitCode(), 1);
      const stderr = server.stderr();
      assert.match(stderr, /header at byte \d+ of the input gives Content-Length as "abc"/);
      assert.match(stderr, /; expected the length of the body in bytes, a whole number\./);
      assert.match(stderr, /Nothing after it can be read; exiting\./);
    } finally {
      server.kill();
    }
  });

  it('refuses requests after shutdown, and exits with 0 on exit', async function () {
    const server = await ServerUnderTest.start();
    try {
      const shutdown = (await server.sendRaw({ id: 20, method: 'shutdown' })) as object;
      assert.ok('result' in shutdown);
      const late = (await server.sendRaw({
        id: 21,
        method: 'textDocument/hover',
        params: { textDocument: { uri: 'file:///a.py' }, position: { line: 0, character: 0 } },
      })) as { error?: { code: number; message: string } };
      assert.equal(late.error?.code, INVALID_REQUEST);
      assert.match(late.error?.message ?? '', /came after shutdown/);
      server.writeBytes(framed('{"jsonrpc":"2.0","method":"exit"}'));
      assert.equal(await server.exitCode(), 0);
    } finally {
      server.kill();
    }
  });

  const message = (body: object): Buffer => framed(JSON.stringify({ jsonrpc: '2.0', ...body }));
  const initializeFrame = message({
    id: 1,
    method: 'initialize',
    params: { processId: null, rootUri: null, capabilities: {} },
  });

  it('answers what it read before its input closed, then exits as the session asked', async function () {
    const server = ServerUnderTest.launch();
    try {
      server.writeBytes(
        Buffer.concat([
          initializeFrame,
          message({ method: 'initialized', params: {} }),
          framed(hover(2)),
          message({ id: 3, method: 'shutdown' }),
          message({ method: 'exit' }),
        ]),
      );
      server.endInput();
      assert.equal(await server.exitCode(), 0);
      const answered = parseFrames(Buffer.concat(server.stdout)).map((m) => (m as { id?: number }).id);
      assert.deepEqual(answered.filter((id) => id !== undefined), [1, 2, 3]);
    } finally {
      server.kill();
    }
  });

  it('answers requests waiting on an analysis, and sends it whole, before it exits', async function () {
    const server = ServerUnderTest.launch();
    const uri = 'file:///tmp/ml-practice-closing.py';
    const text = 'from sklearn.model_selection import train_test_split\n' +
      'a, b = train_test_split(x)\n'.repeat(3000);
    const place = { textDocument: { uri }, position: { line: 1, character: 0 } };
    try {
      server.writeBytes(
        Buffer.concat([
          initializeFrame,
          message({ method: 'initialized', params: {} }),
          message({
            method: 'textDocument/didOpen',
            params: { textDocument: { uri, languageId: 'python', version: 1, text } },
          }),
          message({
            id: 2,
            method: 'textDocument/codeAction',
            params: { ...place, range: { start: place.position, end: place.position } },
          }),
          message({ id: 3, method: 'textDocument/hover', params: place }),
        ]),
      );
      server.endInput();
      assert.equal(await server.exitCode(), 1);
      type Sent = { id?: number; method?: string; params?: { diagnostics?: unknown[] } };
      const sent = parseFrames(Buffer.concat(server.stdout)) as Sent[];
      assert.deepEqual(sent.filter((m) => m.id !== undefined).map((m) => m.id), [1, 2, 3]);
      const published = sent.find((m) => m.method === 'textDocument/publishDiagnostics');
      assert.equal(published?.params?.diagnostics?.length, 3000);
    } finally {
      server.kill();
    }
  });

  it('leaves out a document opened with params it cannot keep, saying why', async function () {
    const server = await ServerUnderTest.start();
    try {
      const uri = 'file:///tmp/ml-practice-odd-text.py';
      server.writeBytes(
        message({
          method: 'textDocument/didOpen',
          params: { textDocument: { uri, languageId: 'python', version: 1, text: 5 } },
        }),
      );
      const warned = (): boolean => server.logs.some((log) => log.includes('is left out'));
      for (let tries = 0; tries < 400 && !warned(); tries++) {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      const warning = server.logs.find((log) => log.includes('is left out'));
      assert.equal(warning, 'textDocument/didOpen is left out: `textDocument.text` is not a string.');
      const hovered = (await server.sendRaw({
        id: 50,
        method: 'textDocument/hover',
        params: { textDocument: { uri }, position: { line: 0, character: 0 } },
      })) as { result?: unknown };
      assert.equal(hovered.result, null);
      assert.ok(!server.logs.some((log) => /TypeError|Unexpected/.test(log)), server.logs.join('\n'));
    } finally {
      server.kill();
    }
  });

  it('says so when its input closes partway through a message', async function () {
    const server = ServerUnderTest.launch();
    try {
      const partial = 'Content-Length: 99\r\n\r\n{';
      server.writeBytes(Buffer.concat([initializeFrame, Buffer.from(partial)]));
      server.endInput();
      assert.equal(await server.exitCode(), 1);
      const said = `the input ended ${partial.length} bytes into a message, which is not read.`;
      assert.ok(server.stderr().includes(said), server.stderr());
      assert.ok(parseFrames(Buffer.concat(server.stdout)).some((m) => (m as { id?: number }).id === 1));
    } finally {
      server.kill();
    }
  });

  it('answers what it read before a header it cannot read, then exits', async function () {
    const server = ServerUnderTest.launch();
    try {
      const broken = framed('{}', 'Content-Length: x');
      server.writeBytes(Buffer.concat([initializeFrame, framed('hello'), broken]));
      assert.equal(await server.exitCode(), 1);
      type Answer = { id?: number; error?: { code: number } };
      const frames = parseFrames(Buffer.concat(server.stdout)) as Answer[];
      assert.ok(frames.some((frame) => frame.id === 1), 'initialize was not answered');
      assert.ok(frames.some((frame) => frame.id === null && frame.error?.code === PARSE_ERROR));
    } finally {
      server.kill();
    }
  });

  it('sends what code writes to the console to stderr, keeping stdout for the protocol', async function () {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-practice-console-'));
    const chatty = path.join(folder, 'chatty.js');
    const logs = "console.log('chatty log'); console.dir({ chatty: 1 });";
    fs.writeFileSync(chatty, `setTimeout(() => { ${logs} }, 50);\n`);
    const server = ServerUnderTest.launch(['--require', chatty]);
    try {
      await server.sendRaw({
        id: 1,
        method: 'initialize',
        params: { processId: null, rootUri: null, capabilities: {} },
      });
      for (let tries = 0; tries < 200 && !server.stderr().includes('chatty: 1'); tries++) {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      assert.match(server.stderr(), /chatty log\n\{ chatty: 1 \}/);
      assert.ok(parseFrames(Buffer.concat(server.stdout)).length > 0);
    } finally {
      server.kill();
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
