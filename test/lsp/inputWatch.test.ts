// How the server tells an edit that waited behind its work from one sent afterwards: in process
// with an event emitter for the input, and in a real process reading a pipe.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import {
  InputWatch,
  OUTPUT_CHECK_TURNS,
  transportOf,
  type Output,
} from '../../server/src/inputWatch';

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('input watch', function () {
  // The test's own callbacks wait for the next turn too; in process, other work is what a test
  // says it is.
  const quietLoop = { otherWorkPending: () => false };

  it('counts a turn that reads no input', async function () {
    const input = new EventEmitter();
    const watch = new InputWatch([[input, 'data']], quietLoop);
    const before = watch.waits();
    await turn();
    assert.equal(watch.waits(), before + 1);
  });

  it('looks again while input keeps coming in', async function () {
    const input = new EventEmitter();
    const watch = new InputWatch([[input, 'data']], quietLoop);
    const before = watch.waits();
    for (let i = 0; i < 3; i++) {
      input.emit('data', 'message');
      await turn();
      assert.equal(watch.waits(), before);
    }
    await turn();
    assert.equal(watch.waits(), before + 1);
  });

  /** A stream whose writes go out only when the test says so; it counts reads of its length. */
  class HeldOutput implements Output {
    lengthReads = 0;
    private readonly held: (() => void)[] = [];
    private readonly stream = new Writable({
      highWaterMark: 8,
      write: (_chunk, _encoding, done) => this.held.push(done),
    });

    get writableLength(): number {
      this.lengthReads++;
      return this.stream.writableLength;
    }

    get writableNeedDrain(): boolean {
      return this.stream.writableNeedDrain;
    }

    once(event: 'drain', listener: () => void): unknown {
      return this.stream.once(event, listener);
    }

    write(text: string): void {
      this.stream.write(text);
    }

    release(): void {
      for (const done of this.held.splice(0)) done();
    }
  }

  it('waits for its own output to go out, then counts the turn it is done', async function () {
    const input = new EventEmitter();
    const output = new HeldOutput();
    // Messages read and not yet handled do not hold it back once its output is done.
    let unhandled = true;
    const watch = new InputWatch([[input, 'data']], {
      output,
      otherWorkPending: () => unhandled,
    });
    output.write('more than the stream buffers');
    const before = watch.waits();
    await turn();
    await turn();
    assert.equal(watch.waits(), before);

    output.release();
    // What is read in that turn was sent before the output had arrived, or answers it.
    input.emit('data', 'message');
    await turn();
    assert.equal(watch.waits(), before + 1);
    unhandled = false;
    await turn();
  });

  it('stops checking every turn on output that does not go out', async function () {
    const output = new HeldOutput();
    const watch = new InputWatch([[new EventEmitter(), 'data']], { ...quietLoop, output });
    output.write('more than the stream buffers');
    const before = watch.waits();
    for (let i = 0; i < OUTPUT_CHECK_TURNS + 10; i++) await turn();
    const reads = output.lengthReads;
    for (let i = 0; i < 50; i++) await turn();
    assert.equal(output.lengthReads, reads);

    output.release();
    await turn();
    assert.equal(watch.waits(), before + 1);
  });

  it('waits for a little output to go out too', async function () {
    const output = new HeldOutput();
    const watch = new InputWatch([[new EventEmitter(), 'data']], { ...quietLoop, output });
    output.write('tiny');
    const before = watch.waits();
    for (let i = 0; i < OUTPUT_CHECK_TURNS + 10; i++) await turn();
    assert.equal(watch.waits(), before);

    output.release();
    while (watch.waits() === before) await new Promise((resolve) => setTimeout(resolve, 5));
  });

  it('looks again while messages it read wait to be handled', async function () {
    const input = new EventEmitter();
    let unhandled = 2;
    const watch = new InputWatch([[input, 'data']], { otherWorkPending: () => unhandled > 0 });
    const before = watch.waits();
    while (unhandled > 0) {
      await turn();
      assert.equal(watch.waits(), before);
      unhandled--;
    }
    await turn();
    assert.equal(watch.waits(), before + 1);
  });

  it('counts idle time where it cannot see the input', function () {
    let idle = 0;
    const watch = new InputWatch([], { idleMs: () => idle });
    const before = watch.waits();
    assert.equal(watch.waits(), before);
    idle += 3;
    assert.equal(watch.waits(), before + 1);
  });

  it('watches the transport the server was started with', function () {
    const ipc = transportOf(['node', 'server.js', '--node-ipc']);
    assert.deepEqual(
      ipc.inputs.map(([emitter, event]) => [emitter === process, event]),
      [[true, 'message']],
    );
    assert.deepEqual(transportOf(['node', 'server.js', '--socket=4000']).inputs, []);
  });

  describe('in a process reading a pipe', function () {
    this.timeout(20_000);
    let dir: string;

    // Works until a flag file exists, then sends `bytes` of output; an `edit` then says whether
    // the watch has counted a wait since. Messages are handled a turn after they are read, as
    // the language server's connection does.
    const child = `
      const fs = require('node:fs');
      const { InputWatch, transportOf } = require(${JSON.stringify(
        path.resolve(__dirname, '../../server/src/inputWatch.js'),
      )});
      const transport = transportOf(process.argv);
      const watch = new InputWatch(transport.inputs, { output: transport.output });
      let mark = 0;
      let buffered = '';
      process.stdin.on('data', (chunk) => {
        buffered += chunk;
        setImmediate(handle);
      });
      function handle() {
        for (let end = buffered.indexOf('\\n'); end >= 0; end = buffered.indexOf('\\n')) {
          const line = buffered.slice(0, end);
          buffered = buffered.slice(end + 1);
          const [command, flag, bytes] = line.split(' ');
          if (command === 'work') {
            process.stdout.write('busy\\n');
            while (!fs.existsSync(flag));
            mark = watch.waits();
            process.stdout.write('x'.repeat(Number(bytes)) + '\\ndone\\n', () => {
              // Busy again once the output is out (collecting garbage, say), while the answer
              // to that output comes in.
              setImmediate(() => {
                const until = Date.now() + 50;
                while (Date.now() < until);
              });
            });
          } else if (command === 'edit') {
            process.stdout.write(watch.waits() > mark ? 'after\\n' : 'queued\\n');
            process.exit(0);
          }
        }
      }
    `;

    beforeEach(function () {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-practice-input-'));
    });

    afterEach(function () {
      fs.rmSync(dir, { recursive: true, force: true });
    });

    /**
     * Starts the child's work; `whenBusy` runs while it works, `whenDone` once its output has
     * arrived. Resolves with what the child said of the edit.
     */
    function session(
      bytes: number,
      whenBusy: (send: (line: string) => Promise<void>, flag: string) => Promise<void>,
      editWhenDone: boolean,
    ): Promise<string> {
      const flag = path.join(dir, 'flag');
      const process_ = spawn(process.execPath, ['-e', child, '--', '--stdio'], {
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      const send = (line: string): Promise<void> =>
        new Promise((resolve, reject) =>
          process_.stdin.write(`${line}\n`, (error) => (error ? reject(error) : resolve())),
        );
      return new Promise((resolve, reject) => {
        let output = '';
        let busy = false;
        let done = false;
        process_.on('error', reject);
        process_.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (!busy && output.includes('busy\n')) {
            busy = true;
            whenBusy(send, flag).catch(reject);
          }
          if (!done && output.includes('done\n')) {
            done = true;
            if (editWhenDone) send('edit').catch(reject);
          }
          const verdict = /\n(after|queued)\n$/.exec(output);
          if (verdict) resolve(verdict[1]);
        });
        process_.on('exit', (code) => {
          if (!/\n(after|queued)\n$/.test(output)) reject(new Error(`child exited with ${code}`));
        });
        void send(`work ${flag} ${bytes}`);
      });
    }

    it('takes an edit that came in while the server worked for a queued one', async function () {
      const verdict = await session(
        1_000,
        async (send, flag) => {
          await send('edit');
          fs.writeFileSync(flag, '');
        },
        false,
      );
      assert.equal(verdict, 'queued');
    });

    it('takes an edit sent once the output arrived for a new one, though the server was busy', async function () {
      const verdict = await session(
        1_000_000,
        async (_send, flag) => fs.writeFileSync(flag, ''),
        true,
      );
      assert.equal(verdict, 'after');
    });
  });
});
