// The stdout check of the wire tests must reject anything that is not an LSP frame.
import * as assert from 'node:assert/strict';
import { parseFrames } from './harness';

const frame = (body: string) => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

describe('LSP frame check on stdout', function () {
  it('accepts consecutive frames, counting bytes not characters', function () {
    const first = JSON.stringify({
      jsonrpc: '2.0',
      method: 'window/logMessage',
      params: { message: 'héllo' },
    });
    const second = JSON.stringify({ jsonrpc: '2.0', id: 1, result: null });
    assert.equal(parseFrames(Buffer.from(frame(first) + frame(second))).length, 2);
  });

  it('rejects a stray line printed between frames', function () {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, result: null });
    assert.throws(() => parseFrames(Buffer.from(frame(body) + 'debug: linted\n')), /stray bytes/);
  });

  it('rejects a body that is not JSON-RPC', function () {
    assert.throws(() => parseFrames(Buffer.from(frame('{"hello": 1}'))), /not JSON-RPC 2\.0/);
  });

  it('rejects a frame cut short', function () {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, result: null });
    assert.throws(() => parseFrames(Buffer.from(frame(body).slice(0, -3))), /truncated frame/);
  });
});
