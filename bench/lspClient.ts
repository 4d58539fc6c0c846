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
type Waiter = { accept: (message: Message) => boolean; resolve: (message: Message) => void };

export class LspClient {
  private readonly child: ChildProcess;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, (message: Message) => void>();
  private waiters: Waiter[] = [];
  private exited = false;
  stderr = '';

  /** Starts the server with the Node flags the extension's client gives it. */
  constructor(serverPath: string) {
    this.child = spawn(process.execPath, [...SERVER_EXEC_ARGV, serverPath, '--stdio'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (chunk: Buffer) => this.receive(chunk));
    this.child.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.child.on('exit', () => (this.exited = true));
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error('the language server did not start');
    return this.child.pid;
  }

  request(method: string, params: unknown): Promise<unknown> {
    const id = this.nextId++;
    this.send({ jsonrpc: '2.0', id, method, params });
    return new Promise((resolve, reject) => {
      this.pending.set(id, (message) =>
        message.error
          ? reject(new Error(`${method}: ${message.error.message}`))
          : resolve(message.result),
      );
    });
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** Resolves with the first notification of `method` that `accept` takes, or rejects on timeout. */
  waitFor(method: string, accept: (params: any) => boolean, timeoutMs: number): Promise<any> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter !== entry);
        reject(new Error(`no ${method} within ${timeoutMs} ms${this.stderrTail()}`));
      }, timeoutMs);
      const entry: Waiter = {
        accept: (message) => message.method === method && accept(message.params),
        resolve: (message) => {
          clearTimeout(timer);
          resolve(message.params);
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
      this.pending.get(message.id)?.(message);
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
