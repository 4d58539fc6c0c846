// A minimal LSP client over a child process's stdio: frames JSON-RPC messages, answers the
// server's requests with null, and lets the benchmark wait for notifications. A server that
// exits, stops writing or writes something that is not LSP fails everything still waiting on
// it, with the reason and the end of its stderr.
import { spawn, type ChildProcess } from 'node:child_process';
import { SERVER_EXEC_ARGV, serverEnvironment } from '../client/src/serverProcess';

type Message = {
  id?: number | string;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { message?: string };
};

/** Something waiting on the server: `fail` ends it with the server's failure. */
type Waiting = { fail: (why: (waitingFor: string) => Error) => void };
type Waiter = Waiting & {
  accept: (message: Message) => boolean;
  resolve: (message: Message) => void;
};
type Pending = Waiting & { settle: (message: Message) => void };

const REQUEST_TIMEOUT_MS = 60_000;
/** How long the client waits for the server's output to close once it is gone. */
const DRAIN_MS = 1000;
/** How much of the server's stderr is kept, from its end. */
const STDERR_KEPT = 64 * 1024;
const STDERR_SHOWN_LINES = 5;
const STDERR_SHOWN_CHARS = 2000;

export class LspClient {
  private readonly child: ChildProcess;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private waiters: Waiter[] = [];
  private exited = false;
  /** Why the server is gone, once it is. */
  private failure: string | undefined;
  /** Set once the server's output has closed (or stopped mattering) after its failure. */
  private failed: ((waitingFor: string) => Error) | undefined;
  /** The server wrote something that is not LSP: nothing after it is read. */
  private garbled = false;
  /** What waits for the failure's error until the server's output has been read. */
  private readonly afterFailure: Array<(why: (waitingFor: string) => Error) => void> = [];
  private stderr = '';

  /** Starts the server with the Node flags and environment the extension's client gives it. */
  constructor(serverPath: string) {
    this.child = spawn(process.execPath, [...SERVER_EXEC_ARGV, serverPath, '--stdio'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...serverEnvironment() },
    });
    this.child.stdout?.on('data', (chunk: Buffer) => this.receive(chunk));
    this.child.stdout?.on('end', () => this.outputEnded());
    this.child.stderr?.setEncoding('utf8');
    this.child.stderr?.on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-STDERR_KEPT);
    });
    this.child.on('exit', (code, signal) => {
      this.exited = true;
      this.fail(signal === null ? `exited with code ${code}` : `was killed by ${signal}`);
    });
    this.child.on('error', (error) => {
      if (this.child.pid === undefined) this.exited = true;
      this.fail(`could not be run: ${error.message}`);
    });
    // Writes to a server that has gone fail with EPIPE; its exit says why.
    this.child.stdin?.on('error', () => undefined);
  }

  /** Reads something about the running server's process, or fails with why it is gone. */
  async inspect<T>(what: string, read: (pid: number) => T): Promise<T> {
    const pid = this.child.pid;
    if (pid !== undefined && this.failure === undefined) {
      try {
        return read(pid);
      } catch (error) {
        // The process may have ended a moment ago; its exit gives the better reason.
        await new Promise((resolve) => setTimeout(resolve, 100));
        if (this.failure === undefined) throw error;
      }
    }
    throw await this.failureFor(what);
  }

  request(method: string, params: unknown, timeoutMs = REQUEST_TIMEOUT_MS): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.refuse(`answering ${method}`, reject)) return;
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`no answer to ${method} within ${timeoutMs} ms${this.stderrTail()}`));
      }, timeoutMs);
      this.pending.set(id, {
        settle: (message) => {
          clearTimeout(timer);
          const { error } = message;
          if (error) reject(new Error(`${method}: ${error.message ?? JSON.stringify(error)}`));
          else resolve(message.result);
        },
        fail: (why) => {
          clearTimeout(timer);
          reject(why(`answering ${method}`));
        },
      });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /**
   * Resolves with the first notification of `method` that `accept` takes; rejects on timeout or
   * when the server is gone first.
   */
  waitFor(method: string, accept: (params: any) => boolean, timeoutMs: number): Promise<any> {
    return new Promise((resolve, reject) => {
      if (this.refuse(`sending ${method}`, reject)) return;
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter !== entry);
        if (this.failure !== undefined) {
          void this.failureFor(`sending ${method}`).then(reject);
          return;
        }
        reject(new Error(`no ${method} within ${timeoutMs} ms${this.stderrTail()}`));
      }, timeoutMs);
      const entry: Waiter = {
        accept: (message) => message.method === method && accept(message.params),
        resolve: (message) => {
          clearTimeout(timer);
          resolve(message.params);
        },
        fail: (why) => {
          clearTimeout(timer);
          reject(why(`sending ${method}`));
        },
      };
      this.waiters.push(entry);
    });
  }

  /** Shuts the server down politely, then makes sure the process is gone. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    try {
      await Promise.race([this.request('shutdown', null), delay(2000)]);
      this.notify('exit', null);
    } catch {
      // The process is killed below either way.
    }
    await Promise.race([exited, delay(2000)]);
    if (this.exited) return;
    this.child.kill('SIGKILL');
    await Promise.race([exited, delay(1000)]);
  }

  /** Rejects at once what is asked of a server already gone; false when it is not. */
  private refuse(waitingFor: string, reject: (error: Error) => void): boolean {
    if (this.failure === undefined) return false;
    void this.failureFor(waitingFor).then(reject);
    return true;
  }

  /** The error for what waits on a failed server, once its output has been read to the end. */
  private failureFor(waitingFor: string): Promise<Error> {
    return new Promise((resolve) => {
      if (this.failed !== undefined) resolve(this.failed(waitingFor));
      else this.afterFailure.push((why) => resolve(why(waitingFor)));
    });
  }

  /**
   * Records why the server is gone and, once what it wrote has been read (its last answers
   * and its last words on stderr), fails everything still waiting. The first reason stays.
   */
  private fail(how: string): void {
    if (this.failure !== undefined) return;
    this.failure = how;
    const streams = [this.child.stdout, this.child.stderr].filter(
      (stream) => stream !== null && !stream.destroyed && !stream.readableEnded,
    );
    let open = streams.length;
    const failAll = (): void => {
      if (this.failed !== undefined) return;
      clearTimeout(timer);
      // A process the server started may still hold its pipes; they no longer matter.
      for (const stream of streams) stream?.destroy();
      const tail = this.stderrTail();
      this.failed = (waitingFor) =>
        new Error(`the language server ${how} before ${waitingFor}${tail}`);
      const why = this.failed;
      for (const pending of this.pending.values()) pending.fail(why);
      this.pending.clear();
      for (const waiter of this.waiters.splice(0)) waiter.fail(why);
      for (const waiting of this.afterFailure.splice(0)) waiting(why);
    };
    const timer = setTimeout(failAll, DRAIN_MS);
    for (const stream of streams) {
      stream?.once('close', () => {
        if (--open === 0) failAll();
      });
    }
    if (open === 0) failAll();
  }

  /** The server closed its output: unless it is exiting, it can answer nothing more. */
  private outputEnded(): void {
    setTimeout(() => {
      if (this.exited || this.failure !== undefined) return;
      this.fail('closed its output');
      this.child.kill('SIGKILL');
    }, DRAIN_MS / 2);
  }

  /** The end of the server's stderr, without stack frames, which hide the error's own line. */
  private stderrTail(): string {
    const lines = this.stderr
      .split('\n')
      .map((line) => line.trimEnd())
      .filter((line) => line !== '' && !/^\s+at /.test(line) && !/^Node\.js v\d/.test(line));
    const shown = lines.slice(-STDERR_SHOWN_LINES);
    // Node prints an error's fields after its own line; that line says what went wrong.
    const errorLine = [...lines].reverse().find((line) => /^(\w*Error|Uncaught)\b/.test(line));
    if (errorLine !== undefined && !shown.includes(errorLine)) shown.unshift(errorLine);
    const tail = shown.join('\n').slice(-STDERR_SHOWN_CHARS);
    return tail === '' ? '' : `; server stderr:\n${tail}`;
  }

  private send(message: object): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.child.stdin?.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin?.write(body);
  }

  private receive(chunk: Buffer): void {
    if (this.garbled) return;
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const length = Number(/^Content-Length: *(\d+) *$/im.exec(header)?.[1]);
      if (!Number.isFinite(length)) {
        const shown = JSON.stringify(header.slice(0, 200));
        this.badMessage(`a header without Content-Length: ${shown}`);
        return;
      }
      const end = headerEnd + 4 + length;
      if (this.buffer.length < end) return;
      const body = this.buffer.subarray(headerEnd + 4, end).toString('utf8');
      this.buffer = this.buffer.subarray(end);
      let message: Message;
      try {
        message = JSON.parse(body) as Message;
      } catch (error) {
        this.badMessage(`a body that is not JSON (${(error as Error).message})`);
        return;
      }
      this.dispatch(message);
    }
  }

  /** The server wrote something that is not LSP: nothing it writes after can be trusted. */
  private badMessage(what: string): void {
    this.garbled = true;
    this.fail(`wrote ${what}`);
    this.child.kill('SIGKILL');
  }

  private dispatch(message: Message): void {
    if (message === null || typeof message !== 'object') {
      this.badMessage(`a message that is not a JSON object: ${JSON.stringify(message)}`);
      return;
    }
    if (message.method !== undefined && message.id !== undefined) {
      this.send({ jsonrpc: '2.0', id: message.id, result: null });
      return;
    }
    if (message.method === undefined && typeof message.id === 'number') {
      this.pending.get(message.id)?.settle(message);
      this.pending.delete(message.id);
      return;
    }
    const index = this.waiters.findIndex((waiter) => waiter.accept(message));
    if (index >= 0) this.waiters.splice(index, 1)[0].resolve(message);
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
