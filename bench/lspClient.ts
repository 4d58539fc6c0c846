// A minimal LSP client over a child process's stdio: frames JSON-RPC messages, answers the
// server's requests with null, and lets the benchmark wait for notifications.
import { spawn, type ChildProcess } from 'node:child_process';
import { SERVER_EXEC_ARGV } from '../client/src/serverProcess';

type Message = {
  id?: number | string;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { message: string };
};
type Waiter = {
  method: string;
  accept: (message: Message) => boolean;
  resolve: (message: Message) => void;
  reject: (error: Error) => void;
};
type Pending = {
  method: string;
  settle: (message: Message) => void;
  reject: (error: Error) => void;
};

export class LspClient {
  private readonly child: ChildProcess;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private waiters: Waiter[] = [];
  private exited = false;
  /** Why the server is gone, once it is: every request and wait still open is rejected with it. */
  private exit: string | undefined;
  stderr = '';

  /** Starts the server with the Node flags the extension's client gives it. */
  constructor(serverPath: string) {
    this.child = spawn(process.execPath, [...SERVER_EXEC_ARGV, serverPath, '--stdio'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (chunk: Buffer) => this.receive(chunk));
    this.child.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.child.on('exit', (code, signal) => {
      this.exited = true;
      this.ended(signal === null ? `exited with code ${code}` : `was killed by ${signal}`);
    });
    this.child.on('error', (error) => this.ended(`could not be run: ${error.message}`));
    // Writes to a server that has gone fail with EPIPE; the exit says why.
    this.child.stdin?.on('error', () => undefined);
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error('the language server did not start');
    return this.child.pid;
  }

  request(method: string, params: unknown): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.exit !== undefined) {
        reject(this.gone(method));
        return;
      }
      this.pending.set(id, {
        method,
        settle: (message) =>
          message.error
            ? reject(new Error(`${method}: ${message.error.message}`))
            : resolve(message.result),
        reject,
      });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /**
   * Resolves with the first notification of `method` that `accept` takes; rejects on timeout or
   * when the server exits first.
   */
  waitFor(method: string, accept: (params: any) => boolean, timeoutMs: number): Promise<any> {
    return new Promise((resolve, reject) => {
      if (this.exit !== undefined) {
        reject(this.gone(method));
        return;
      }
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter !== entry);
        reject(new Error(`no ${method} within ${timeoutMs} ms${this.stderrTail()}`));
      }, timeoutMs);
      const entry: Waiter = {
        method,
        accept: (message) => message.method === method && accept(message.params),
        resolve: (message) => {
          clearTimeout(timer);
          resolve(message.params);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
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
    if (!this.exited) this.child.kill('SIGKILL');
  }

  /** Rejects every request and wait still open: nothing will answer them. */
  private ended(how: string): void {
    if (this.exit !== undefined) return;
    this.exit = how;
    // stderr may still hold the server's last words; they are read before anything is rejected.
    const stderr = this.child.stderr;
    const rejectAll = (): void => {
      for (const { method, reject } of this.pending.values()) reject(this.gone(method));
      this.pending.clear();
      for (const waiter of this.waiters.splice(0)) waiter.reject(this.gone(waiter.method));
    };
    if (stderr === null || stderr.readableEnded || stderr.destroyed) {
      rejectAll();
      return;
    }
    // A process the server started may hold stderr open after it is gone.
    const timer = setTimeout(rejectAll, 1000);
    stderr.once('close', () => {
      clearTimeout(timer);
      rejectAll();
    });
  }

  private gone(method: string): Error {
    const tail = this.stderrTail();
    return new Error(`the language server ${this.exit} before answering ${method}${tail}`);
  }

  private stderrTail(): string {
    const tail = this.stderr.trim().split('\n').slice(-5).join('\n');
    return tail === '' ? '' : `; server stderr:\n${tail}`;
  }

  private send(message: object): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.child.stdin?.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin?.write(body);
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const length = Number(/Content-Length: (\d+)/i.exec(header)?.[1]);
      if (!Number.isFinite(length)) throw new Error(`bad LSP header from the server: ${header}`);
      const end = headerEnd + 4 + length;
      if (this.buffer.length < end) return;
      const body = this.buffer.subarray(headerEnd + 4, end).toString('utf8');
      this.buffer = this.buffer.subarray(end);
      this.dispatch(JSON.parse(body) as Message);
    }
  }

  private dispatch(message: Message): void {
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
