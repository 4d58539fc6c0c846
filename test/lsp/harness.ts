// Drives the bundled language server over stdio the way an editor does, and keeps every byte
// it writes to stdout so tests can check that stdout carries nothing but protocol frames.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  ConfigurationRequest,
  createProtocolConnection,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type ConfigurationItem,
  type Diagnostic,
  type InitializeResult,
  type ProtocolConnection,
  type Registration,
} from 'vscode-languageserver-protocol/node';
import { SERVER_EXEC_ARGV, serverEnvironment } from '../../client/src/serverProcess';
import { productInfo } from '../../core/productInfo';

/** The repository root: compiled tests run from out/, which holds a copy of package.json too. */
export function repoRoot(): string {
  return productInfo().root;
}

export function fixture(name: string): string {
  return fs.readFileSync(path.join(repoRoot(), 'test', 'fixtures', 'lsp', name), 'utf8');
}

const WAIT_LIMIT_MS = 10_000;

export const CLIENT_CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
  },
  textDocument: {
    synchronization: { dynamicRegistration: false },
    publishDiagnostics: {
      relatedInformation: true,
      codeDescriptionSupport: true,
      dataSupport: true,
    },
    codeAction: {
      codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } },
      isPreferredSupport: true,
      dataSupport: true,
    },
    hover: { contentFormat: ['markdown', 'plaintext'] },
  },
  notebookDocument: { synchronization: { dynamicRegistration: false } },
};

type Waiter = {
  uri: string;
  accept: (diagnostics: Diagnostic[]) => boolean;
  resolve: (d: Diagnostic[]) => void;
};

export class ServerUnderTest {
  readonly connection: ProtocolConnection;
  readonly stdout: Buffer[] = [];
  readonly logs: string[] = [];
  readonly registrations: Registration[] = [];
  initializeResult: InitializeResult | undefined;
  /** Messages the server showed to the user. */
  readonly messages: string[] = [];
  /** What the test answers to workspace/configuration for section mlPractice.lint. */
  lintSettings: Record<string, unknown> = {};
  /** While set, answers to workspace/configuration wait for it. */
  private configurationHeld: Promise<void> | undefined;
  /** How many times diagnostics were published for each URI, and the version they were of. */
  readonly publications = new Map<string, number>();
  readonly publishedVersions = new Map<string, number | undefined>();
  private readonly latest = new Map<string, Diagnostic[]>();
  private waiters: Waiter[] = [];
  private exited: Promise<number | null>;

  private constructor(private readonly child: ChildProcess) {
    child.stdout!.on('data', (chunk: Buffer) => this.stdout.push(chunk));
    child.stderr!.on('data', (chunk: Buffer) => this.logs.push(`stderr: ${chunk.toString()}`));
    // 'close' comes once the process has exited and its output is all read, stderr included.
    this.exited = new Promise((resolve) => child.once('close', (code) => resolve(code)));

    this.connection = createProtocolConnection(
      new StreamMessageReader(child.stdout!),
      new StreamMessageWriter(child.stdin!),
    );
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.latest.set(params.uri, params.diagnostics);
      this.publishedVersions.set(params.uri, params.version);
      this.publications.set(params.uri, (this.publications.get(params.uri) ?? 0) + 1);
      this.settleWaiters();
    });
    this.connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.logs.push(params.message);
    });
    this.connection.onNotification('window/showMessage', (params: { message: string }) => {
      this.messages.push(params.message);
    });
    this.connection.onRequest(ConfigurationRequest.type, async (params) => {
      await this.configurationHeld;
      return params.items.map((item: ConfigurationItem) =>
        item.section === 'mlPractice.lint' ? this.lintSettings : null,
      );
    });
    this.connection.onRequest(RegistrationRequest.type, (params) => {
      this.registrations.push(...params.registrations);
      return null;
    });
    this.connection.onRequest('window/showMessageRequest', (params: { message: string }) => {
      this.messages.push(params.message);
      return null;
    });
    this.connection.listen();
  }

  /** Starts the server, with `nodeArgs` before its script, and sends nothing to it. */
  static launch(nodeArgs: string[] = []): ServerUnderTest {
    const serverPath = path.join(repoRoot(), 'dist', 'server.js');
    if (!fs.existsSync(serverPath)) throw new Error(`${serverPath} is missing; run npm run build`);

    const args = [...SERVER_EXEC_ARGV, ...nodeArgs, serverPath, '--stdio'];
    const child = spawn(process.execPath, args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...serverEnvironment() },
    });
    return new ServerUnderTest(child);
  }

  /** Starts the server and initializes it as an editor does. */
  static async start(): Promise<ServerUnderTest> {
    const server = ServerUnderTest.launch();
    server.initializeResult = await server.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: CLIENT_CAPABILITIES,
    });
    await server.connection.sendNotification('initialized', {});
    return server;
  }

  diagnosticsOf(uri: string): Diagnostic[] | undefined {
    return this.latest.get(uri);
  }

  /** Resolves with the first published diagnostics for `uri` that `accept` agrees with. */
  waitForDiagnostics(
    uri: string,
    accept: (diagnostics: Diagnostic[]) => boolean,
  ): Promise<Diagnostic[]> {
    const current = this.latest.get(uri);
    if (current !== undefined && accept(current)) return Promise.resolve(current);

    return new Promise((resolve, reject) => {
      // A guard against hanging until mocha's timeout, so the failure shows what did arrive.
      const guard = setTimeout(() => {
        this.waiters = this.waiters.filter(
          (waiter) => waiter.uri !== uri || waiter.accept !== accept,
        );
        const seen = JSON.stringify(this.latest.get(uri)?.map((d) => [d.code, d.message]));
        reject(new Error(`no matching diagnostics for ${uri}; last published: ${seen}`));
      }, WAIT_LIMIT_MS);
      this.waiters.push({
        uri,
        accept,
        resolve: (diagnostics) => {
          clearTimeout(guard);
          resolve(diagnostics);
        },
      });
    });
  }

  /** Holds back answers to workspace/configuration until the returned function is called. */
  holdConfiguration(): () => void {
    let release!: () => void;
    this.configurationHeld = new Promise((resolve) => (release = resolve));
    return () => {
      this.configurationHeld = undefined;
      release();
    };
  }

  /** Drops diagnostics seen so far so the next wait sees only newer ones. */
  forget(uri: string): void {
    this.latest.delete(uri);
  }

  /**
   * Sends a request exactly as given, bypassing the connection (which would wrap `null`
   * params in a list), and resolves with the server's response to it.
   */
  async sendRaw(request: { id: number; method: string; params?: unknown }): Promise<unknown> {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...request }));
    this.writeBytes(`Content-Length: ${body.length}\r\n\r\n`);
    this.writeBytes(body);
    return this.responseTo(request.id, `${request.method} (id ${request.id})`);
  }

  /** Writes bytes to the server's input as they are, framed or not. */
  writeBytes(bytes: string | Buffer): void {
    this.child.stdin!.write(bytes);
  }

  /** Resolves with the first message on stdout whose id is `id`. */
  async responseTo(id: number | null, what: string): Promise<unknown> {
    const deadline = Date.now() + WAIT_LIMIT_MS;
    while (Date.now() < deadline) {
      const frames = parseFrames(Buffer.concat(this.stdout), true) as { id?: unknown }[];
      const response = frames.find((frame) => frame.id === id);
      if (response !== undefined) return response;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`no response to ${what}`);
  }

  /** The server's exit code, once it has exited and its output is read. */
  exitCode(): Promise<number | null> {
    let guard: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      guard = setTimeout(() => reject(new Error('the server did not exit')), WAIT_LIMIT_MS);
    });
    return Promise.race([this.exited, late]).finally(() => clearTimeout(guard));
  }

  stderr(): string {
    return this.logs
      .filter((log) => log.startsWith('stderr: '))
      .map((log) => log.slice('stderr: '.length))
      .join('');
  }

  /** Stops reading the server's stdout, as an editor that is busy elsewhere does. */
  pauseReading(): void {
    this.child.stdout!.pause();
  }

  resumeReading(): void {
    this.child.stdout!.resume();
  }

  /** Closes the server's input, and goes on reading what it writes. */
  endInput(): void {
    this.child.stdin!.end();
  }

  /** Goes away without a shutdown, as an editor that crashed does: both pipes closed. */
  disconnect(): Promise<number | null> {
    this.child.stdin!.end();
    this.child.stdout!.destroy();
    return this.exited;
  }

  isAlive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  async shutdown(): Promise<number | null> {
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    return this.exited;
  }

  kill(): void {
    this.connection.dispose();
    if (this.isAlive()) this.child.kill();
  }

  private settleWaiters(): void {
    this.waiters = this.waiters.filter((waiter) => {
      const diagnostics = this.latest.get(waiter.uri);
      if (diagnostics === undefined || !waiter.accept(diagnostics)) return true;
      waiter.resolve(diagnostics);
      return false;
    });
  }
}

export const codes = (diagnostics: Diagnostic[]): string[] =>
  diagnostics.map((d) => String(d.code));

/**
 * Splits stdout into LSP frames (headers, blank line, a JSON body of Content-Length bytes) and
 * throws at the first byte that is not part of one. With `partial`, a frame still arriving at the
 * end is left for later instead.
 */
export function parseFrames(stdout: Buffer, partial = false): unknown[] {
  const messages: unknown[] = [];
  let offset = 0;
  while (offset < stdout.length) {
    const headerEnd = stdout.indexOf('\r\n\r\n', offset);
    if (headerEnd === -1 && partial) break;
    if (headerEnd === -1)
      throw new Error(`stray bytes at ${offset}: ${stdout.subarray(offset, offset + 80)}`);

    const headers = stdout.subarray(offset, headerEnd).toString('ascii').split('\r\n');
    const lengthHeader = headers.find((header) => /^Content-Length: \d+$/i.test(header));
    if (lengthHeader === undefined)
      throw new Error(`no Content-Length in headers at ${offset}: ${headers}`);
    if (!headers.every((header) => /^Content-(Length|Type): /i.test(header))) {
      throw new Error(`unexpected header at ${offset}: ${headers.join(' | ')}`);
    }

    const length = Number(lengthHeader.split(':')[1]);
    const bodyStart = headerEnd + 4;
    if (bodyStart + length > stdout.length && partial) break;
    if (bodyStart + length > stdout.length) throw new Error(`truncated frame at ${offset}`);
    const body = JSON.parse(stdout.subarray(bodyStart, bodyStart + length).toString('utf8'));
    if (body.jsonrpc !== '2.0') throw new Error(`frame at ${offset} is not JSON-RPC 2.0`);
    messages.push(body);
    offset = bodyStart + length;
  }
  return messages;
}
